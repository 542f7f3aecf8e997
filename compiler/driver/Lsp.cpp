// SPDX-License-Identifier: Apache-2.0
//===- Lsp.cpp - `bdlc lsp`: the language server, on the check pipeline ----===//
#include "driver/Commands.h"
#include "fmt/Formatter.h"
#include "lsp/Queries.h"
#include "lsp/Server.h"

#include <iostream>

namespace bdl::driver {

using namespace lsp;

namespace {
/// One check of a document, positioned at the word under the cursor.
struct AtCursor {
  Compilation c;
  support::FileId id;
  std::uint32_t off;
  ast::Ident word;
  AtCursor(const Options &opts, const std::string &path, const std::string &text, Position pos) : c(opts) {
    id = c.sources().addBuffer(path, text);
    c.check(id, CheckDepth::Sema);
    off = c.sources().offsetOf(id, pos.line + 1, pos.character + 1);
    word = wordAt(c.sources().text(id), off, id);
  }
};
} // namespace

int runLsp(const Options &opts) {
  lsp::Analyzer analyze = [&opts](const std::string &path, const std::string &text) {
    lsp::Analysis a;
    Compilation c(opts);
    c.diags().setErrorLimit(0);
    support::FileId id = c.sources().addBuffer(path, text);
    // What `bdlc check` reports, but without reading whole `.npy` files on
    // every keystroke (their headers still give E0610 and E0611).
    c.check(id, CheckDepth::Lowering);
    for (const diag::Diagnostic &d : c.diags().sorted()) {
      if (!d.range.valid() || d.range.file != id) continue;
      a.diagnostics.push_back({range(c.sources(), d.range), d.severity == diag::Severity::Error ? 1 : 2,
                               std::string(diag::diagCode(d.id)), d.message});
    }
    bool syntaxErrors = false;
    const ast::File *f = c.parse(id, syntaxErrors);
    a.symbols = outline(*f, c.sources());
    if (!syntaxErrors) a.formatted = fmt::formatFile(*f, c.sources());
    return a;
  };
  // Each query checks the text afresh (tens of milliseconds for a model),
  // which keeps the server stateless beyond the open texts.
  auto meaning = [&opts](const std::string &path, const std::string &text, lsp::Position pos,
                         auto &&use) -> decltype(use(std::declval<Compilation &>(), Meaning{})) {
    AtCursor at(opts, path, text, pos);
    if (at.word.name.empty() || !at.c.files().count(at.id)) return std::nullopt;
    auto m = meaningOf(at.c.files(), at.c.sources(), at.id, at.word);
    if (!m) return std::nullopt;
    return use(at.c, *m);
  };
  lsp::Queries q;
  q.analyze = analyze;
  q.hover = [meaning](const std::string &path, const std::string &text, lsp::Position pos) {
    return meaning(path, text, pos,
                   [](Compilation &, const Meaning &m) -> std::optional<std::string> { return m.markdown; });
  };
  q.complete = [&opts](const std::string &path, const std::string &text, lsp::Position pos) {
    AtCursor at(opts, path, text, pos);
    // Only what is left of the cursor is the prefix to complete.
    std::string prefix = at.word.name.substr(0, at.off - at.word.range.begin);
    return completions(at.c.files(), at.id, at.off, prefix);
  };
  q.definition = [meaning](const std::string &path, const std::string &text, lsp::Position pos) {
    return meaning(path, text, pos, [](Compilation &c, const Meaning &m) -> std::optional<lsp::Location> {
      if (!m.declared.valid()) return std::nullopt;
      return lsp::Location{std::string(c.sources().path(m.declared.file)), range(c.sources(), m.declared)};
    });
  };
  return lsp::serve(std::cin, std::cout, q);
}

} // namespace bdl::driver
