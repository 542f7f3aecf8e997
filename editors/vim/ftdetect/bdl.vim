" SPDX-License-Identifier: Apache-2.0
" Vim filetype detection for BDL, the Brain Dynamics Language.
autocmd BufRead,BufNewFile *.bdl setfiletype bdl
