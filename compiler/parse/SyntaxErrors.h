// SPDX-License-Identifier: Apache-2.0
//===- SyntaxErrors.h - lexical and syntax diagnostics (01xx) --------------===//
//
// Internal to compiler/parse.
#pragma once

#include "diag/DiagnosticEngine.h"

#include <antlr4-runtime.h>

#include <string>
#include <vector>

namespace bdl::parse {

/// Maps ANTLR's code-point indices to byte offsets of the source buffer.
class OffsetMap {
public:
  OffsetMap(support::FileId file, std::string_view utf8);
  support::SourceRange token(const antlr4::Token *t) const;
  support::SourceRange context(antlr4::ParserRuleContext *ctx) const;
  support::SourceRange bytes(std::uint32_t b, std::uint32_t e) const { return {file_, b, e}; }
  std::string_view text(support::SourceRange r) const { return text_.substr(r.begin, r.end - r.begin); }
  support::FileId file() const { return file_; }

private:
  std::uint32_t at(std::size_t cp) const;
  support::FileId file_;
  std::string_view text_;
  std::vector<std::uint32_t> cpToByte_;
};

/// The byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t findInvalidUtf8(std::string_view s);
void reportInvalidUtf8(diag::DiagnosticEngine &d, support::FileId file, std::string_view text,
                       std::size_t at);

/// Reports E0102/E0103/E0105 for error tokens on the hidden channel and
/// E0107 when nesting exceeds kMaxNesting. Returns false if parsing must not
/// go ahead (too deep).
bool checkTokens(const std::vector<antlr4::Token *> &tokens, const OffsetMap &map,
                 diag::DiagnosticEngine &d);

/// The single site of E0107, shared by the token scan and the AST builder.
void reportTooDeep(diag::DiagnosticEngine &d, support::SourceRange at, unsigned limit);

/// Thrown to abandon parsing once the error limit is reached.
struct ParseAbandoned {};

/// Turns ANTLR's syntax errors into E0101/E0109 with readable expectations,
/// at most one per source line.
class SyntaxErrorListener : public antlr4::BaseErrorListener {
public:
  SyntaxErrorListener(const OffsetMap &map, diag::DiagnosticEngine &d) : map_(map), diags_(d) {}
  void syntaxError(antlr4::Recognizer *recognizer, antlr4::Token *offending, size_t line,
                   size_t col, const std::string &msg, std::exception_ptr e) override;
  unsigned count() const { return count_; }

private:
  const OffsetMap &map_;
  diag::DiagnosticEngine &diags_;
  size_t lastLine_ = 0;
  unsigned count_ = 0;
};

} // namespace bdl::parse
