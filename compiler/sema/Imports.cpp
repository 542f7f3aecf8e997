// SPDX-License-Identifier: Apache-2.0
//===- Imports.cpp - module search, loading, cycles and file scopes ---------===//
#include "sema/SemaContext.h"

#include <filesystem>

namespace bdl::sema {

namespace fs = std::filesystem;
using diag::DiagId;

namespace {

std::string canonicalPath(const fs::path &p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return (ec ? p : c).string();
}

/// `import std.channels.hh` is `std/channels/hh.bdl` searched in the
/// importing file's folder, then -I folders, the standard library and
/// BDL_PATH; `import "x/y.bdl"` is a path relative to the importing file.
std::optional<std::string> resolve(const SemaContext &cx, const FileScope &from,
                                   const ast::ImportDecl &imp, std::vector<std::string> &searched) {
  fs::path dir = fs::path(from.path).parent_path();
  std::error_code ec;
  if (imp.filePath) {
    fs::path p = fs::path(*imp.filePath).is_absolute() ? fs::path(*imp.filePath) : dir / *imp.filePath;
    searched.push_back(p.parent_path().string());
    if (fs::is_regular_file(p, ec)) return canonicalPath(p);
    return std::nullopt;
  }
  fs::path rel;
  for (const ast::Ident &part : imp.path) rel /= part.name;
  rel += ".bdl";
  std::vector<fs::path> roots{dir.empty() ? fs::path(".") : dir};
  for (const std::string &s : cx.opts.searchPaths) roots.emplace_back(s);
  for (const fs::path &root : roots) {
    searched.push_back(root.string());
    if (fs::is_regular_file(root / rel, ec)) return canonicalPath(root / rel);
  }
  return std::nullopt;
}

FileScope *findScope(SemaContext &cx, const ast::File &f) {
  for (auto &s : cx.files)
    if (s->file == &f) return s.get();
  return nullptr;
}

/// Makes `d` visible in `scope` under its name, reporting clashes.
void declare(SemaContext &cx, FileScope &scope, GlobalDecl *d, SourceRange at) {
  auto [it, inserted] = scope.visible.emplace(d->name, d);
  if (inserted || it->second == d) return;
  reportRedefinition(cx, d->name, at, it->second->range, "a " + it->second->what());
}

void declareOwn(SemaContext &cx, FileScope &scope) {
  const ast::File &f = *scope.file;
  auto add = [&](std::unique_ptr<GlobalDecl> g) {
    if (g->name.empty()) return; // recovered from a syntax error
    GlobalDecl *raw = g.get();
    cx.globals.push_back(std::move(g));
    scope.own.push_back(raw);
    declare(cx, scope, raw, raw->range);
  };
  for (const auto &m : f.models) {
    auto info = std::make_unique<ModelInfo>();
    info->decl = m.get();
    info->kind = m->kind;
    info->name = m->name.name;
    info->file = &scope;
    auto g = std::make_unique<GlobalDecl>();
    g->kind = GlobalDecl::Kind::Model;
    g->name = m->name.name;
    g->range = m->name.range;
    g->model = info.get();
    cx.models.push_back(std::move(info));
    add(std::move(g));
  }
  for (const auto &n : f.networks) {
    auto g = std::make_unique<GlobalDecl>();
    g->kind = GlobalDecl::Kind::Network;
    g->name = n->name.name;
    g->range = n->name.range;
    g->network = n.get();
    add(std::move(g));
  }
  for (const auto &e : f.experiments) {
    auto g = std::make_unique<GlobalDecl>();
    g->kind = GlobalDecl::Kind::Experiment;
    g->name = e->name.name;
    g->range = e->name.range;
    g->experiment = e.get();
    add(std::move(g));
  }
  for (const auto &t : f.tables) {
    auto g = std::make_unique<GlobalDecl>();
    g->kind = GlobalDecl::Kind::Table;
    g->name = t->name.name;
    g->range = t->name.range;
    g->table = t.get();
    add(std::move(g));
  }
}

} // namespace

FileScope *loadModule(SemaContext &cx, const ast::File &file, std::vector<std::string> &stack) {
  if (FileScope *done = findScope(cx, file)) return done;
  auto owned = std::make_unique<FileScope>();
  FileScope *scope = owned.get();
  scope->file = &file;
  scope->path = canonicalPath(std::string(cx.sm.path(file.id)));
  cx.files.push_back(std::move(owned));
  declareOwn(cx, *scope);
  stack.push_back(scope->path);

  for (const ast::ImportDecl &imp : file.imports) {
    std::vector<std::string> searched;
    std::optional<std::string> path = resolve(cx, *scope, imp, searched);
    if (!path) {
      auto b = cx.report(DiagId::E0206, imp.pathRange, {imp.dottedName()});
      std::string list;
      for (const std::string &s : searched) list += (list.empty() ? "" : ", ") + s;
      b.note({}, "searched in: " + list);
      continue;
    }
    auto cyc = std::find(stack.begin(), stack.end(), *path);
    if (cyc != stack.end()) {
      std::string chain;
      for (auto it = cyc; it != stack.end(); ++it)
        chain += fs::path(*it).filename().string() + " -> ";
      chain += fs::path(*path).filename().string();
      cx.report(DiagId::E0207, imp.pathRange, {chain});
      continue;
    }
    const ast::File *mod = cx.loader.load(*path);
    if (!mod) continue; // unreadable or syntax errors: already reported
    FileScope *modScope = loadModule(cx, *mod, stack);
    if (imp.names.empty()) {
      for (GlobalDecl *g : modScope->own) declare(cx, *scope, g, imp.range);
      continue;
    }
    for (const ast::Ident &n : imp.names) {
      auto it = std::find_if(modScope->own.begin(), modScope->own.end(),
                             [&](GlobalDecl *g) { return g->name == n.name; });
      if (it == modScope->own.end()) {
        std::vector<std::string> names;
        for (GlobalDecl *g : modScope->own) names.push_back(g->name);
        auto b = cx.report(DiagId::E0208, n.range, {imp.dottedName(), n.name});
        if (std::string s = closestName(n.name, names); !s.empty())
          b.help("did you mean '" + s + "'?").fixit(n.range, s);
        continue;
      }
      declare(cx, *scope, *it, n.range);
    }
  }
  stack.pop_back();
  return scope;
}

} // namespace bdl::sema
