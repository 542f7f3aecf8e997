// SPDX-License-Identifier: Apache-2.0
// BDL parser. Labelled alternatives keep compiler/parse/ASTBuilder a plain
// walk; the parse tree never leaves compiler/parse.
parser grammar BDLParser;

options { tokenVocab = BDLLexer; }

file : (importDecl | topDecl | SEMI)* EOF;

importDecl : IMPORT modulePath (LPAREN IDENT (COMMA IDENT)* RPAREN)?;
modulePath : IDENT (DOT IDENT)* | STRING;

topDecl
  : kind=(NEURON | CHANNEL | SYNAPSE) IDENT LBRACE member* RBRACE   # modelDecl
  | kind=(NEURON | CHANNEL | SYNAPSE) IDENT ASSIGN IDENT args        # aliasDecl
  | NETWORK IDENT LBRACE netMember* RBRACE                          # networkDecl
  | EXPERIMENT IDENT OF IDENT LBRACE expStmt* RBRACE                # experimentDecl
  | TABLE IDENT ASSIGN expr                                         # tableDecl
  ;

// Members shared by neurons, channels and synapses; sema says which kind of
// model may hold which member.
member
  : PARAM IDENT (COLON unitExpr)? (ASSIGN expr)? flags?             # paramMember
  | STATE IDENT (COLON unitExpr)? (ASSIGN expr)? flags?             # stateMember
  | INPUT IDENT (COLON unitExpr)?                                   # inputMember
  | LET IDENT (COLON unitExpr)? ASSIGN expr                         # letMember
  | USES IDENT COLON unitExpr                                       # usesMember
  | (CAPUTO LPAREN expr RPAREN)? derivative ASSIGN expr (COLON unitExpr)? flags?  # odeMember
  | SPIKE WHEN expr block                                           # spikeMember
  | EVENT IDENT WHEN expr block                                     # eventMember
  | REFRACTORY expr                                                 # refractoryMember
  | METHOD IDENT args?                                              # methodMember
  | CHANNEL IDENT ASSIGN IDENT args?                                # channelMember
  | ON (which=PRE (DOT event=IDENT)? | which=POST) block              # onMember
  | CONTINUOUS block                                                # continuousMember
  | SEMI                                                            # emptyMember
  ;

// `dv/dt` or `d v/dt`; ASTBuilder checks the spelling.
derivative : IDENT IDENT? SLASH IDENT;

flags : LPAREN flag (COMMA flag)* RPAREN;
flag
  : UNLESS REFRACTORY                   # unlessRefractoryFlag
  | PER which=(NEURON | SYNAPSE)        # perFlag
  | SHARED                              # sharedFlag
  | METHOD IDENT args?                  # methodFlag
  ;

block : LBRACE stmt* RBRACE;
stmt
  : lvalue op=(ASSIGN | PLUS_EQ | MINUS_EQ | STAR_EQ | SLASH_EQ) expr   # assignStmt
  | IF expr block (ELSE (block | elseIf=stmt))?                          # ifStmt
  | SEMI                                                                 # emptyStmt
  ;
lvalue
  : scope=(PRE | POST) DOT IDENT        # scopedLvalue
  | IDENT (DOT IDENT)?                  # plainLvalue
  ;

netMember
  : PARAM IDENT (COLON unitExpr)? (ASSIGN expr)? flags?                     # netParam
  | IDENT ASSIGN IDENT LBRACKET expr RBRACKET args? initBlock? (AT call)?     # populationDecl
  | popRef ARROW popRef (COMMA popRef)* synapseSpec? projClause*             # projectionDecl
  | STIMULUS target op=(ASSIGN | PLUS_EQ) expr                               # netStimulus
  | SEMI                                                                     # emptyNetMember
  ;
popRef : IDENT;
synapseSpec
  : COLON IDENT args? initBlock?          # namedSynapse
  | LBRACE member* RBRACE                 # inlineSynapse
  ;
initBlock : LBRACE (IDENT ASSIGN expr SEMI?)* RBRACE;
projClause
  : CONNECT call (WHERE expr)?            # connectClause
  | DELAY expr                            # delayClause
  | STORAGE IDENT                         # storageClause
  ;
call : IDENT args?;
target : IDENT DOT IDENT;
// A population's parameter (`E.Ib`) or the network's (`we`).
paramTarget : IDENT (DOT IDENT)?;

expStmt
  : IDENT ASSIGN expr                                               # settingStmt
  | RECORD recordWhat recordOption*                                 # recordStmt
  | RUN expr                                                        # runStmt
  | SET paramTarget ASSIGN expr                                     # setStmt
  | STIMULUS target op=(ASSIGN | PLUS_EQ) expr                      # expStimulus
  | TRIALS expr                                                     # trialsStmt
  | SWEEP paramTarget IN expr (COMMA paramTarget IN expr)*          # sweepStmt
  | {_input->LT(1)->getText() == "train"}? IDENT LBRACE trainItem* RBRACE   # trainStmt
  | {_input->LT(1)->getText() == "readout"}? IDENT IDENT ASSIGN expr          # readoutStmt
  | SEMI                                                            # emptyExpStmt
  ;
// What a `train { ... }` block holds (docs/training.md); `train` and
// `trainable` are words only here.
trainItem
  : {_input->LT(1)->getText() == "trainable"}? IDENT trainTarget (COMMA trainTarget)*   # trainableItem
  | INPUT IDENT (DOT IDENT)? ASSIGN expr                            # trainInputItem
  | IDENT ASSIGN expr                                               # trainSettingItem
  | SEMI                                                            # emptyTrainItem
  ;
// `In -> Hid.w` (a projection's synaptic parameter) or `Hid.tau`.
trainTarget : IDENT (ARROW IDENT)? DOT IDENT;
recordWhat
  : IDENT LPAREN selection (COMMA selection)* RPAREN                # recordFunc
  | recordVar (COMMA recordVar)* OF selection                       # recordVars
  ;
recordVar : IDENT (DOT IDENT)?;   // `v`, or a channel's variable `na.m`
// `from`, `to` and `smooth` are words only here (`ramp(from = ...)` keeps
// them as names). Options come in any order, each at most once (E0418).
recordOption
  : EVERY expr                                                      # everyOption
  | WITH recordVar (COMMA recordVar)*                               # withOption
  | {_input->LT(1)->getText() == "from"}? IDENT expr                # fromOption
  | {_input->LT(1)->getText() == "to"}? IDENT expr                  # toOption
  | {_input->LT(1)->getText() == "smooth"}? IDENT call              # smoothOption
  ;
// `E`, `E[0:10]`, `E[0:100:10]`, `E[0, 5, 17]`, `E[0:10, 20]`, `E -> I`,
// and a named event of a population, `E.burst` (`record events(E.burst)`).
selection : IDENT (DOT event=IDENT | ARROW IDENT)? (LBRACKET selectIndex (COMMA selectIndex)* RBRACKET)?;
selectIndex : expr (COLON expr (COLON expr)?)?;

// Precedence climbs from the bottom alternative to the top one: `-x^2` is
// `-(x^2)`, `a < b and c` is `(a < b) and c`.
expr
  : <assoc=right> expr op=(STAR_STAR | CARET) expr                  # powExpr
  | op=(MINUS | PLUS) expr                                          # unaryExpr
  | expr op=(STAR | SLASH) expr                                     # mulExpr
  | expr op=(PLUS | MINUS) expr                                     # addExpr
  | expr op=(LT | LE | GT | GE | EQ_EQ | NOT_EQ) expr               # cmpExpr
  | NOT expr                                                        # notExpr
  | expr AND expr                                                   # andExpr
  | expr OR expr                                                    # orExpr
  | IF expr THEN expr ELSE expr                                     # condExpr
  | primary                                                         # primaryExpr
  ;

// A unit never starts with a lone `d` followed by a name: that is the
// `d v/dt` spelling of a derivative on the next line (`... 0.8  d v/dt = ...`);
// nor is it `readout` or `train`, which start an experiment's statements
// (`seed = 1` then `readout z = ...`).
primary
  : NUMBER ({!(_input->LT(1)->getText() == "d" && _input->LA(2) == IDENT) && _input->LT(1)->getText() != "readout" && _input->LT(1)->getText() != "train"}? unitChain)?   # quantity
  | (TRUE | FALSE)                         # boolLit
  | STRING                                 # stringLit
  | IDENT args                             # callExpr
  | scope=(PRE | POST) DOT IDENT           # scopedRef
  | IDENT DOT IDENT                        # memberRef
  | IDENT                                  # nameRef
  | LPAREN expr RPAREN                     # parenExpr
  | LBRACKET (expr (COMMA expr)*)? RBRACKET # listExpr
  ;
args : LPAREN (arg (COMMA arg)*)? RPAREN;
arg : (IDENT ASSIGN)? expr
    | METHOD ASSIGN IDENT      // an alias's integration method: `AdEx(method = euler)`
    ;

// The unit of a literal: `0.6 nS`, `1 mS/cm^2`. Whether each name really is
// a unit (rather than a variable, as in `20 mV / taum`) is decided in sema.
unitChain : unitAtom ((STAR | SLASH) unitAtom)*;
unitAtom : IDENT (CARET unitExponent)?;
unitExponent : MINUS? NUMBER | LPAREN MINUS? NUMBER (SLASH NUMBER)? RPAREN;

// A declared unit: `mV`, `mS/cm^2`, `1/sqrt(Hz)`, `1`.
unitExpr : unitTerm ((STAR | SLASH) unitTerm)*;
unitTerm : unitPrimary (CARET unitExponent)?;
unitPrimary
  : IDENT LPAREN unitExpr RPAREN           # unitFunc
  | IDENT                                  # unitName
  | NUMBER                                 # unitOne
  | LPAREN unitExpr RPAREN                 # unitParen
  ;
