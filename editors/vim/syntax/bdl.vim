" SPDX-License-Identifier: Apache-2.0
" Vim syntax for BDL, the Brain Dynamics Language (grammar/BDLLexer.g4).
if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" Identifiers include the micro sign and Latin-1 letters (µS, MΩ, τ_m).
syn iskeyword @,48-57,_,181,192-255

" The keyword lists and the unit pattern are generated from grammar/BDLLexer.g4;
" edit that file and run tools/gen_editor_keywords.py, not the lines below.
" BEGIN GENERATED KEYWORDS (tools/gen_editor_keywords.py)
syn keyword bdlDeclaration import neuron channel synapse network experiment table of
syn keyword bdlMember param state input let uses spike event when refractory unless method per
syn keyword bdlMember shared caputo on pre post continuous
syn keyword bdlNetwork connect where delay storage at stimulus
syn keyword bdlExperiment record every with run set trials sweep in
syn keyword bdlExpression if then else and or not
syn keyword bdlBoolean true false
syn match bdlUnit contained "\<\%(\%(import\|neuron\|channel\|synapse\|network\|experiment\|table\|of\|param\|state\|input\|let\|uses\|spike\|event\|when\|refractory\|unless\|method\|per\|shared\|caputo\|on\|pre\|post\|continuous\|connect\|where\|delay\|storage\|at\|stimulus\|record\|every\|with\|run\|set\|trials\|sweep\|in\|if\|then\|else\|and\|or\|not\|true\|false\)\>\|d\s\+\k\)\@!\k\+"
" END GENERATED KEYWORDS

" Built-in functions, generated from compiler/sema/Builtins.cpp.
" BEGIN GENERATED BUILTINS (tools/gen_editor_keywords.py)
syn match bdlBuiltin "\<\%(exp\|log\|log10\|log2\|sin\|cos\|tan\|asin\|acos\|atan\|sinh\|cosh\|tanh\|expm1\|log1p\|exprel\|sqrt\|abs\|floor\|ceil\|round\|sign\|heaviside\|min\|max\|clip\|atan2\|sum\|mean\|uniform\|normal\|lognormal\|exponential\|npy\|step\|ramp\|sine\|time_array\|poisson\|probability\|fixed_indegree\|fixed_outdegree\|fixed_total\|from_npy\|line\|ring\|grid\|random\|gaussian\|flat\)\ze\s*("
syn keyword bdlBuiltin all_to_all one_to_one
" END GENERATED BUILTINS

syn keyword bdlBuiltinName pi

" Operators first, so that comments and derivatives (defined later) win.
syn match bdlOperator "->\|\*\*\|[-+*/<>=!]=\|[-+*/^<>=]"

" Numbers: 42, 0.6, 5., .5, 1e-3, 2.5E+3; the unit right after one is bdlUnit.
syn match bdlNumber "\<\d\+\%(\.\d*\)\=\%([eE][+-]\=\d\+\)\=" nextgroup=bdlUnit skipwhite
syn match bdlNumber "\%(\k\|\.\)\@<!\.\d\+\%([eE][+-]\=\d\+\)\=" nextgroup=bdlUnit skipwhite

" Derivatives: dv/dt and the spaced d v/dt.
syn match bdlDerivative "\<d\s*\k\+\s*/\s*dt\>"

syn match bdlEscape contained "\\."
syn region bdlString start=+"+ skip=+\\.+ end=+"+ oneline contains=bdlEscape

syn keyword bdlTodo contained TODO FIXME XXX NOTE
syn match bdlLineComment "//.*$" contains=bdlTodo,@Spell
syn region bdlBlockComment start="/\*" end="\*/" contains=bdlTodo,@Spell

hi def link bdlDeclaration  Structure
hi def link bdlMember       Keyword
hi def link bdlNetwork      Statement
hi def link bdlExperiment   Statement
hi def link bdlExpression   Conditional
hi def link bdlBoolean      Boolean
hi def link bdlBuiltin      Function
hi def link bdlBuiltinName  Constant
hi def link bdlOperator     Operator
hi def link bdlNumber       Number
hi def link bdlUnit         Type
hi def link bdlDerivative   Identifier
hi def link bdlString       String
hi def link bdlEscape       SpecialChar
hi def link bdlTodo         Todo
hi def link bdlLineComment  Comment
hi def link bdlBlockComment Comment

let b:current_syntax = "bdl"

let &cpo = s:cpo_save
unlet s:cpo_save
