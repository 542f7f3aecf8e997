// SPDX-License-Identifier: Apache-2.0
//===- Server.h - a language server over JSON-RPC on stdio (`bdlc lsp`) ----===//
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace bdl::lsp {

/// A 0-based LSP position (character counts code points).
struct Position {
  unsigned line = 0;
  unsigned character = 0;
};

struct Range {
  Position start, end;
};

struct Diagnostic {
  Range range;
  int severity = 1; ///< 1 error, 2 warning
  std::string code;
  std::string message;
};

/// An outline entry: a declaration and its members.
struct Symbol {
  std::string name;
  std::string detail; ///< "neuron", "param", ...
  int kind = 5;       ///< LSP SymbolKind
  Range range;
  Range selection;
  std::vector<Symbol> children;
};

/// What the server learns from one version of a document.
struct Analysis {
  std::vector<Diagnostic> diagnostics;
  std::vector<Symbol> symbols;
  std::optional<std::string> formatted; ///< absent when the text has syntax errors
};

/// Checks `text` as the file at `path`. Supplied by the driver, which owns
/// the compilation pipeline.
using Analyzer = std::function<Analysis(const std::string &path, const std::string &text)>;

struct Location {
  std::string path;
  Range range;
};

/// Answers about the symbol at a position, or nothing there.
struct Queries {
  Analyzer analyze;
  /// Markdown describing the name at `pos` (kind, unit, dimension).
  std::function<std::optional<std::string>(const std::string &path, const std::string &text, Position pos)> hover;
  /// Names that may complete the word before `pos`: label and detail.
  std::function<std::vector<std::pair<std::string, std::string>>(const std::string &path, const std::string &text,
                                                                 Position pos)>
      complete;
  /// Where the name at `pos` is declared (possibly in an imported file).
  std::function<std::optional<Location>(const std::string &path, const std::string &text, Position pos)> definition;
};

/// Serves one client until `exit`. Supports initialize, shutdown, exit,
/// textDocument/didOpen, didChange (full sync), didClose,
/// publishDiagnostics, documentSymbol, formatting, hover and definition.
/// Returns the process exit code (0 after shutdown, 1 otherwise).
int serve(std::istream &in, std::ostream &out, const Queries &queries);

} // namespace bdl::lsp
