" SPDX-License-Identifier: Apache-2.0
" Vim filetype settings for BDL: comments and two-space indentation.
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal shiftwidth=2 softtabstop=2 expandtab
setlocal iskeyword=@,48-57,_,181,192-255

let b:undo_ftplugin = "setlocal commentstring< comments< shiftwidth< softtabstop< expandtab< iskeyword<"
