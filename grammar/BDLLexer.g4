// SPDX-License-Identifier: Apache-2.0
// BDL lexer: the single source of the language's tokens. Editor keyword lists
// are generated from this file. Comments go to a hidden channel so that the
// formatter can keep them.
lexer grammar BDLLexer;

channels { COMMENT }

// Declarations
IMPORT      : 'import';
NEURON      : 'neuron';
CHANNEL     : 'channel';
SYNAPSE     : 'synapse';
NETWORK     : 'network';
EXPERIMENT  : 'experiment';
TABLE       : 'table';
OF          : 'of';

// Model members
PARAM       : 'param';
STATE       : 'state';
INPUT       : 'input';
LET         : 'let';
USES        : 'uses';
SPIKE       : 'spike';
EVENT       : 'event';
WHEN        : 'when';
REFRACTORY  : 'refractory';
UNLESS      : 'unless';
METHOD      : 'method';
PER         : 'per';
SHARED      : 'shared';
CAPUTO      : 'caputo';
ON          : 'on';
PRE         : 'pre';
POST        : 'post';
CONTINUOUS  : 'continuous';

// Networks
CONNECT     : 'connect';
WHERE       : 'where';
DELAY       : 'delay';
STORAGE     : 'storage';
AT          : 'at';
STIMULUS    : 'stimulus';

// Experiments
RECORD      : 'record';
EVERY       : 'every';
WITH        : 'with';
RUN         : 'run';
SET         : 'set';
TRIALS      : 'trials';
SWEEP       : 'sweep';
IN          : 'in';

// Expressions and statements
IF          : 'if';
THEN        : 'then';
ELSE        : 'else';
AND         : 'and';
OR          : 'or';
NOT         : 'not';
TRUE        : 'true';
FALSE       : 'false';

ARROW       : '->';
PLUS_EQ     : '+=';
MINUS_EQ    : '-=';
STAR_EQ     : '*=';
SLASH_EQ    : '/=';
EQ_EQ       : '==';
NOT_EQ      : '!=';
LE          : '<=';
GE          : '>=';
LT          : '<';
GT          : '>';
ASSIGN      : '=';
STAR_STAR   : '**';
PLUS        : '+';
MINUS       : '-';
STAR        : '*';
SLASH       : '/';
CARET       : '^';
LPAREN      : '(';
RPAREN      : ')';
LBRACE      : '{';
RBRACE      : '}';
LBRACKET    : '[';
RBRACKET    : ']';
COMMA       : ',';
COLON       : ':';
SEMI        : ';';
DOT         : '.';

NUMBER
  : DIGIT+ ('.' DIGIT*)? EXPONENT?
  | '.' DIGIT+ EXPONENT?
  ;

// Letters include the micro sign, Greek (tau, mu) and the ohm sign, so that
// units such as `µS` and `MΩ` and names such as `τ` are single identifiers.
IDENT : ID_START ID_CONTINUE*;

STRING : '"' (~["\\\r\n] | '\\' .)* '"';
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' .)* -> channel(HIDDEN);

LINE_COMMENT  : '//' ~[\r\n]* -> channel(COMMENT);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(COMMENT);
// Lexical errors go to the hidden channel: the parser never sees them and
// compiler/parse reports each once, with its own code.
// Matches only when no `*/` follows: the longest-match rule would otherwise
// prefer it over a terminated comment.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF -> channel(HIDDEN);

WS : [ \t\r\n\f]+ -> skip;

ERROR_CHAR : . -> channel(HIDDEN);

fragment DIGIT : [0-9];
fragment EXPONENT : [eE] [+-]? DIGIT+;
fragment ID_START : [a-zA-Z_] | '\u00B5' | '\u00C0'..'\u00D6' | '\u00D8'..'\u00F6' | '\u00F8'..'\u024F'
                  | '\u0370'..'\u03FF' | '\u2126';
fragment ID_CONTINUE : ID_START | DIGIT;
