// SPDX-License-Identifier: Apache-2.0
//===- Kernel.cpp - what every back end asks of a kernel ------------------===//
#include "ir/kernel/Kernel.h"

#include <functional>

namespace bdl::ir {

void collectVarRefs(const Block &b, std::vector<VarRef> &out) {
  std::function<void(const ExprRef &)> visit = [&](const ExprRef &e) {
    if (!e) return;
    if (e->op == Op::Var) out.push_back(e->var);
    for (const ExprRef &a : e->args) visit(a);
  };
  for (const Stmt &s : b) {
    visit(s.value);
    for (const ExprRef &a : s.args) visit(a);
    if (s.kind == Stmt::Kind::Assign) out.push_back(s.target);
    for (const VarRef &t : s.targets) out.push_back(t);
    collectVarRefs(s.thenBlock, out);
    collectVarRefs(s.elseBlock, out);
  }
}

void collectWrites(const Block &b, std::vector<VarRef> &out) {
  for (const Stmt &s : b) {
    if (s.kind == Stmt::Kind::Assign) out.push_back(s.target);
    for (const VarRef &t : s.targets) out.push_back(t);
    collectWrites(s.thenBlock, out);
    collectWrites(s.elseBlock, out);
  }
}

bool readsWhatOthersWrite(const Module &m, const Kernel &k) {
  std::vector<VarRef> writes, refs;
  collectWrites(k.body, writes);
  collectVarRefs(k.body, refs);
  for (const VarRef &w : writes) {
    if (w.space != Space::Post || !m.groups[w.group].vars[w.var].perEntity) continue;
    for (const VarRef &r : refs)
      if (r.space == Space::Pre && r.group == w.group && r.var == w.var) return true;
  }
  return false;
}

bool writesSharedStorage(const Module &m, const Block &b, Space shared) {
  for (const Stmt &s : b) {
    if (s.kind == Stmt::Kind::Expm) return true;
    if (s.kind == Stmt::Kind::Assign &&
        (s.target.space == shared || s.target.space == Space::Net ||
         !m.groups[s.target.group].vars[s.target.var].perEntity))
      return true;
    if (writesSharedStorage(m, s.thenBlock, shared) || writesSharedStorage(m, s.elseBlock, shared)) return true;
  }
  return false;
}

namespace {

bool blockDraws(const Block &b) {
  auto random = [](const Expr &x) { return x.op == Op::Random; };
  for (const Stmt &s : b) {
    if (s.value && dependsOnAny(s.value, random)) return true;
    for (const ExprRef &a : s.args)
      if (a && dependsOnAny(a, random)) return true;
    if (blockDraws(s.thenBlock) || blockDraws(s.elseBlock)) return true;
  }
  return false;
}

} // namespace

bool drawsRandom(const Kernel &k) { return blockDraws(k.prologue) || blockDraws(k.body); }

bool readsPre(const Module &m, const Kernel &k) {
  std::vector<VarRef> refs;
  collectVarRefs(k.prologue, refs);
  collectVarRefs(k.body, refs);
  for (const VarRef &r : refs)
    if (r.space == Space::Pre && m.groups[r.group].vars[r.var].perEntity) return true;
  return false;
}

std::vector<bool> mutableLocals(const Kernel &k) {
  std::vector<int> sets(k.locals, 0);
  std::function<void(const Block &, bool)> scan = [&](const Block &b, bool inLoop) {
    for (const Stmt &s : b) {
      if (s.kind == Stmt::Kind::Local) sets.at(s.local) += inLoop ? 2 : 1;
      scan(s.thenBlock, inLoop || s.kind == Stmt::Kind::While);
      scan(s.elseBlock, inLoop);
    }
  };
  scan(k.prologue, false);
  scan(k.body, false);
  std::vector<bool> out(k.locals, false);
  for (int id = 0; id < k.locals; ++id) out[id] = sets[id] > 1;
  return out;
}

} // namespace bdl::ir
