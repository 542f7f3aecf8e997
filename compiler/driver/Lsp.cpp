// SPDX-License-Identifier: Apache-2.0
//===- Lsp.cpp - `bdlc lsp`: the language server, on the check pipeline ----===//
#include "driver/Commands.h"
#include "fmt/Formatter.h"
#include "lsp/Server.h"
#include "support/Casting.h"

#include <iostream>

namespace bdl::driver {

namespace {

lsp::Position position(const support::SourceManager &sm, support::FileId f, std::uint32_t off) {
  support::LineCol lc = sm.lineCol(f, off);
  return {lc.line - 1, lc.col - 1};
}

lsp::Range range(const support::SourceManager &sm, support::SourceRange r) {
  return {position(sm, r.file, r.begin), position(sm, r.file, r.end)};
}

lsp::Symbol symbol(const support::SourceManager &sm, const std::string &name, const std::string &detail, int kind,
                   support::SourceRange whole, support::SourceRange sel) {
  lsp::Symbol s;
  s.name = name.empty() ? "?" : name;
  s.detail = detail;
  s.kind = kind;
  s.range = range(sm, whole);
  s.selection = range(sm, sel.valid() ? sel : whole);
  return s;
}

// LSP SymbolKind values.
enum : int { Namespace = 3, Class = 5, Field = 8, Function = 12, Variable = 13, Constant = 14, Object = 19, Event = 24 };

std::vector<lsp::Symbol> outline(const ast::File &f, const support::SourceManager &sm) {
  using namespace ast;
  using support::dynCast;
  std::vector<lsp::Symbol> out;
  for (const auto &m : f.models) {
    lsp::Symbol s = symbol(sm, m->name.name, spelling(m->kind), Class, m->range, m->name.range);
    for (const auto &mem : m->members) {
      if (auto *p = dynCast<ParamMember>(mem.get()))
        s.children.push_back(symbol(sm, p->name.name, "param", Constant, mem->range, p->name.range));
      else if (auto *st = dynCast<StateMember>(mem.get()))
        s.children.push_back(symbol(sm, st->name.name, "state", Variable, mem->range, st->name.range));
      else if (auto *l = dynCast<LetMember>(mem.get()))
        s.children.push_back(symbol(sm, l->name.name, "let", Function, mem->range, l->name.range));
      else if (auto *in = dynCast<InputMember>(mem.get()))
        s.children.push_back(symbol(sm, in->name.name, "input", Field, mem->range, in->name.range));
      else if (auto *c = dynCast<ChannelInstMember>(mem.get()))
        s.children.push_back(symbol(sm, c->name.name, "channel " + c->model.name, Object, mem->range, c->name.range));
    }
    out.push_back(std::move(s));
  }
  for (const auto &n : f.networks) {
    lsp::Symbol s = symbol(sm, n->name.name, "network", Namespace, n->range, n->name.range);
    for (const auto &mem : n->members)
      if (auto *p = dynCast<PopulationDecl>(mem.get()))
        s.children.push_back(symbol(sm, p->name.name, "population of " + p->model.name, Object, mem->range, p->name.range));
    out.push_back(std::move(s));
  }
  for (const auto &e : f.experiments)
    out.push_back(symbol(sm, e->name.name, "experiment of " + e->network.name, Event, e->range, e->name.range));
  return out;
}

} // namespace

int runLsp(const Options &opts) {
  lsp::Analyzer analyze = [&opts](const std::string &path, const std::string &text) {
    lsp::Analysis a;
    Compilation c(opts);
    c.diags().setErrorLimit(0);
    support::FileId id = c.sources().addBuffer(path, text);
    c.check(id);
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
  return lsp::serve(std::cin, std::cout, analyze);
}

} // namespace bdl::driver
