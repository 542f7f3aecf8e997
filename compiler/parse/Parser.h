// SPDX-License-Identifier: Apache-2.0
//===- Parser.h - source text to AST; the only user of ANTLR ---------------===//
#pragma once

#include "ast/AST.h"
#include "diag/DiagnosticEngine.h"
#include "support/SourceManager.h"

#include <memory>

namespace bdl::parse {

/// The deepest bracket/operator nesting accepted; deeper input gets E0107
/// instead of exhausting the stack.
inline constexpr unsigned kMaxNesting = 256;

struct ParseResult {
  std::unique_ptr<ast::File> file; ///< never null; partial after errors
  bool hadSyntaxErrors = false;
};

/// Lexes and parses file `id`, reporting lexical and syntax errors (01xx).
/// Never throws and never crashes on any byte sequence. After syntax errors
/// the AST holds what could be recovered; sema should not run on it.
ParseResult parseFile(support::FileId id, const support::SourceManager &sm,
                      diag::DiagnosticEngine &diags);

} // namespace bdl::parse
