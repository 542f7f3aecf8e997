" SPDX-License-Identifier: Apache-2.0
" Vim indentation for BDL: one level (shiftwidth, 2 in ftplugin/bdl.vim) per open brace.
if exists("b:did_indent")
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetBdlIndent(v:lnum)
setlocal indentkeys=0{,0},!^F,o,O
setlocal nolisp nosmartindent autoindent

let b:undo_indent = "setlocal indentexpr< indentkeys< lisp< smartindent< autoindent<"

if exists("*GetBdlIndent")
  finish
endif

" The line without strings and comments, so that braces in them do not count.
function! s:Code(lnum) abort
  let line = getline(a:lnum)
  let line = substitute(line, '"\%([^"\\]\|\\.\)*"', '""', 'g')
  let line = substitute(line, '/\*.\{-}\*/', '', 'g')
  let line = substitute(line, '//.*$', '', '')
  return line
endfunction

function! s:InComment(lnum) abort
  for id in synstack(a:lnum, 1)
    if synIDattr(id, 'name') =~# 'Comment'
      return 1
    endif
  endfor
  return 0
endfunction

function! GetBdlIndent(lnum) abort
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  " Keep the indentation inside block comments.
  if s:InComment(a:lnum) && getline(a:lnum) !~# '^\s*/\*'
    return -1
  endif
  let code = s:Code(prev)
  let ind = indent(prev)
  " Braces opened on the previous line, less those it closed after its first
  " character (a leading `}` was already dedented on that line).
  let opens = len(substitute(code, '[^{]', '', 'g'))
  let closes = len(substitute(substitute(code, '^\s*}', '', ''), '[^}]', '', 'g'))
  let ind += shiftwidth() * (opens - closes)
  if getline(a:lnum) =~# '^\s*}'
    let ind -= shiftwidth()
  endif
  return ind < 0 ? 0 : ind
endfunction
