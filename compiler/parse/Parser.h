// SPDX-License-Identifier: Apache-2.0
//===- Parser.h - source text to AST; the only user of ANTLR ---------------===//
#pragma once

#include "ast/AST.h"
#include "diag/DiagnosticEngine.h"
#include "support/SourceManager.h"

#include <memory>

namespace bdl::parse {

/// The deepest bracket and prefix-operator nesting accepted; deeper input
/// gets E0107 instead of exhausting the stack.
inline constexpr unsigned kMaxNesting = 256;
/// The deepest expression tree accepted. Flat chains such as a sum of many
/// currents (`a + b + ... + z`) nest one level per operator, so this bound is
/// far above kMaxNesting; both keep recursion well inside bdlc's stack.
inline constexpr unsigned kMaxExprDepth = 4096;

struct ParseResult {
  std::unique_ptr<ast::File> file; ///< never null; partial after errors
  bool hadSyntaxErrors = false;
};

/// The language's keywords, from the lexer grammar (for completion).
std::vector<std::string> keywords();

/// Lexes and parses file `id`, reporting lexical and syntax errors (01xx).
/// Never throws and never crashes on any byte sequence. After syntax errors
/// the AST holds what could be recovered; sema should not run on it.
ParseResult parseFile(support::FileId id, const support::SourceManager &sm,
                      diag::DiagnosticEngine &diags);

} // namespace bdl::parse
