// SPDX-License-Identifier: Apache-2.0
//===- Sema.cpp - the entry point of semantic analysis ----------------------===//
#include "sema/Sema.h"

#include "sema/SemaContext.h"

namespace bdl::sema {

const char *describe(SymKind k) {
  switch (k) {
  case SymKind::Param: return "a parameter";
  case SymKind::State: return "a state";
  case SymKind::Input: return "an input";
  case SymKind::Let: return "a definition";
  case SymKind::Uses: return "a host variable";
  case SymKind::Channel: return "a channel instance";
  }
  return "a name";
}

std::string GlobalDecl::what() const {
  switch (kind) {
  case Kind::Network: return "network";
  case Kind::Experiment: return "experiment";
  case Kind::Table: return "table";
  case Kind::Model: return ast::spelling(model->kind);
  }
  return "declaration";
}

Symbol *ModelInfo::find(const std::string &n) {
  auto it = symbols.find(n);
  return it == symbols.end() ? nullptr : &it->second;
}

diag::DiagBuilder SemaContext::report(diag::DiagId id, SourceRange r, std::vector<std::string> args) {
  std::uint64_t key = (std::uint64_t(r.file) << 40) ^ (std::uint64_t(r.begin) << 8) ^ r.end;
  if (!reported_.insert({static_cast<int>(id), key}).second) return dropped_;
  diag::DiagBuilder b = diags.report(id, r, std::move(args));
  if (contextNote) b.note(contextNote->range, contextNote->message);
  return b;
}

void reportRedefinition(SemaContext &cx, const std::string &name, SourceRange r, SourceRange previous,
                        const std::string &previousWhat) {
  auto b = cx.report(diag::DiagId::E0202, r, {name});
  if (previous.valid())
    b.note(previous, "'" + name + "' first declared here as " + previousWhat);
  else
    b.note({}, "'" + name + "' is " + previousWhat);
}

bool analyzeIn(SemaContext &cx, const ast::File &file) {
  diag::DiagnosticEngine &diags = cx.diags;
  unsigned before = diags.errorCount();
  std::vector<std::string> stack;
  loadModule(cx, file, stack);
  // Tables first: models call them.
  for (auto &g : cx.globals)
    if (g->kind == GlobalDecl::Kind::Table) checkTable(cx, *g);
  // Models first (networks refer to them), in declaration order per file.
  for (auto &m : cx.models) {
    if (diags.limitReached()) return false;
    checkModel(cx, *m);
  }
  for (auto &fs : cx.files) {
    for (auto &n : fs->file->networks) {
      if (diags.limitReached()) return false;
      checkNetwork(cx, *fs, *n);
    }
    for (auto &e : fs->file->experiments) {
      if (diags.limitReached()) return false;
      checkExperiment(cx, *fs, *e);
    }
  }
  return diags.errorCount() == before;
}

bool analyze(const ast::File &file, const support::SourceManager &sm, ModuleLoader &loader,
             const SemaOptions &options, diag::DiagnosticEngine &diags) {
  SemaContext cx(sm, loader, options, diags);
  return analyzeIn(cx, file);
}

} // namespace bdl::sema
