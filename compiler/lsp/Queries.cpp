// SPDX-License-Identifier: Apache-2.0
//===- Queries.cpp - hover, definition, completion and outline from the AST -===//
#include "lsp/Queries.h"

#include "parse/Parser.h"
#include "sema/Sema.h"
#include "support/Casting.h"
#include "units/Dimension.h"
#include "units/Unit.h"

#include <cctype>
#include <set>

namespace bdl::lsp {

namespace {

Position position(const support::SourceManager &sm, support::FileId f, std::uint32_t off) {
  support::LineCol lc = sm.lineCol(f, off);
  return {lc.line - 1, lc.col - 1};
}

} // namespace

Range range(const support::SourceManager &sm, support::SourceRange r) {
  return {position(sm, r.file, r.begin), position(sm, r.file, r.end)};
}

namespace {

Symbol symbol(const support::SourceManager &sm, const std::string &name, const std::string &detail, int kind,
              support::SourceRange whole, support::SourceRange sel) {
  Symbol s;
  s.name = name.empty() ? "?" : name;
  s.detail = detail;
  s.kind = kind;
  s.range = range(sm, whole);
  s.selection = range(sm, sel.valid() ? sel : whole);
  return s;
}

// LSP SymbolKind values.
enum : int {
  Namespace = 3,
  Class = 5,
  Field = 8,
  Function = 12,
  Variable = 13,
  Constant = 14,
  Object = 19,
  Event = 24
};

} // namespace

std::vector<Symbol> outline(const ast::File &f, const support::SourceManager &sm) {
  using namespace ast;
  using support::dynCast;
  std::vector<Symbol> out;
  for (const auto &m : f.models) {
    Symbol s = symbol(sm, m->name.name, spelling(m->kind), Class, m->range, m->name.range);
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
        s.children.push_back(
            symbol(sm, c->name.name, "channel " + c->model.name, Object, mem->range, c->name.range));
    }
    out.push_back(std::move(s));
  }
  for (const auto &n : f.networks) {
    Symbol s = symbol(sm, n->name.name, "network", Namespace, n->range, n->name.range);
    for (const auto &mem : n->members)
      if (auto *p = dynCast<PopulationDecl>(mem.get()))
        s.children.push_back(
            symbol(sm, p->name.name, "population of " + p->model.name, Object, mem->range, p->name.range));
    out.push_back(std::move(s));
  }
  for (const auto &e : f.experiments)
    out.push_back(
        symbol(sm, e->name.name, "experiment of " + e->network.name, Event, e->range, e->name.range));
  return out;
}

ast::Ident wordAt(std::string_view text, std::uint32_t off, support::FileId f) {
  auto isWord = [](unsigned char c) { return c == '_' || std::isalnum(c) || c >= 0x80; };
  std::uint32_t b = off, e = off;
  while (b > 0 && isWord(static_cast<unsigned char>(text[b - 1])))
    --b;
  while (e < text.size() && isWord(static_cast<unsigned char>(text[e])))
    ++e;
  return {std::string(text.substr(b, e - b)), {f, b, e}};
}

std::optional<Meaning> meaningOf(const Files &files, const support::SourceManager &sm, support::FileId id,
                                 const ast::Ident &w) {
  using namespace ast;
  using support::dynCast;
  auto unitText = [&](const std::unique_ptr<UnitNode> &u) -> std::string {
    if (!u) return "";
    std::string text(sm.text(u->range));
    std::string out = ": " + text;
    if (auto unit = units::parseUnitExpr(text)) out += " — " + units::describeDimension(unit->dim);
    return out;
  };
  auto members = [&](const ModelDecl &m) -> std::optional<Meaning> {
    for (const auto &mem : m.members) {
      const Ident *name = nullptr;
      std::string kind, unit;
      if (auto *p = dynCast<ParamMember>(mem.get()))
        name = &p->name, kind = "param", unit = unitText(p->unit);
      else if (auto *s = dynCast<StateMember>(mem.get()))
        name = &s->name, kind = "state", unit = unitText(s->unit);
      else if (auto *l = dynCast<LetMember>(mem.get()))
        name = &l->name, kind = "let", unit = unitText(l->unit);
      else if (auto *i = dynCast<InputMember>(mem.get()))
        name = &i->name, kind = "input", unit = unitText(i->unit);
      else if (auto *u = dynCast<UsesMember>(mem.get()))
        name = &u->name, kind = "uses", unit = unitText(u->unit);
      else if (auto *ch = dynCast<ChannelInstMember>(mem.get()))
        name = &ch->name, kind = "channel", unit = " = " + ch->model.name;
      if (name && name->name == w.name)
        return Meaning{"**" + kind + "** `" + w.name + "`" + unit + " (in " + spelling(m.kind) + " `" +
                           m.name.name + "`)",
                       name->range};
    }
    return std::nullopt;
  };
  const File &main = *files.at(id);
  for (const auto &m : main.models)
    if (m->range.begin <= w.range.begin && w.range.end <= m->range.end)
      if (auto found = members(*m)) return found;
  for (const auto &[fid, file] : files) {
    for (const auto &m : file->models)
      if (m->name.name == w.name)
        return Meaning{"**" + std::string(spelling(m->kind)) + "** `" + w.name + "` — " +
                           std::string(sm.path(fid)),
                       m->name.range};
    for (const auto &n : file->networks)
      if (n->name.name == w.name) return Meaning{"**network** `" + w.name + "`", n->name.range};
  }
  if (auto unit = units::lookupUnit(w.name))
    return Meaning{"**unit** `" + w.name + "` = " + units::formatQuantity(unit->scale, unit->dim) + " — " +
                       units::describeDimension(unit->dim),
                   {}};
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> completions(const Files &files, support::FileId id,
                                                             std::uint32_t off, const std::string &prefix) {
  using namespace ast;
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::string> seen;
  auto add = [&](const std::string &name, const std::string &detail) {
    if (name.rfind(prefix, 0) == 0 && seen.insert(name).second) out.push_back({name, detail});
  };
  if (auto it = files.find(id); it != files.end()) {
    for (const auto &m : it->second->models)
      if (m->range.begin <= off && off <= m->range.end)
        for (const auto &mem : m->members) {
          if (auto *p = support::dynCast<ParamMember>(mem.get()))
            add(p->name.name, "param");
          else if (auto *s = support::dynCast<StateMember>(mem.get()))
            add(s->name.name, "state");
          else if (auto *l = support::dynCast<LetMember>(mem.get()))
            add(l->name.name, "let");
          else if (auto *i = support::dynCast<InputMember>(mem.get()))
            add(i->name.name, "input");
          else if (auto *ch = support::dynCast<ChannelInstMember>(mem.get()))
            add(ch->name.name, "channel");
        }
  }
  for (const auto &[fid, file] : files) {
    for (const auto &m : file->models)
      add(m->name.name, spelling(m->kind));
    for (const auto &n : file->networks)
      add(n->name.name, "network");
  }
  for (const std::string &b : sema::builtinNames())
    add(b, "built-in");
  for (const char *b : {"t", "dt", "pi", "xi"})
    add(b, "built-in");
  for (const std::string &u : units::baseUnitNames())
    add(u, "unit");
  for (const char *p : {"m", "u", "n", "p", "k", "M"})
    for (const char *u : {"V", "s", "S", "A", "F", "ohm", "Hz", "M"})
      add(std::string(p) + u, "unit");
  for (const std::string &k : parse::keywords())
    add(k, "keyword");
  return out;
}

} // namespace bdl::lsp
