// SPDX-License-Identifier: Apache-2.0
//===- KernelSharing.cpp - the kernels whose generated code would be equal -===//
//
// Each kernel gets a key: a serialisation of everything code generation
// reads from it (KernelEmitter::emit), with group numbers replaced by the
// group's role in the kernel. Two kernels with equal keys would produce the
// same machine code, so one serves both.
#include "codegen/common/KernelSharing.h"

#include <cstring>
#include <map>
#include <string>

namespace bdl::codegen {

using namespace ir;

namespace {

class KeyWriter {
public:
  KeyWriter(const KernelModule &km, const Kernel &k) : km_(km), k_(k) {}

  std::string key() {
    const Module &m = km_.model;
    out_ += std::to_string(static_cast<int>(k_.kind)) + '|' + std::to_string(k_.event >= 0) + '|' +
            std::to_string(k_.pre >= 0) + '|' + std::to_string(k_.perPost) + '|' + std::to_string(k_.locals) + '|';
    for (const Projection &pr : m.projections)
      if (pr.group == k_.group) out_ += storageName(pr.storage);
    out_ += "|pro";
    block(k_.prologue);
    out_ += "|body";
    block(k_.body);
    // An update kernel also detects the spikes of its group (emit()).
    if (k_.kind == KernelKind::Update) {
      int th = km_.fusedThreshold(k_.group);
      out_ += "|fused";
      if (th >= 0) block(km_.kernels[th].body);
    }
    return out_;
  }

private:
  void ref(const VarRef &r) {
    char role = r.group == k_.group ? 'S' : r.group == k_.pre ? 'P' : r.group == k_.post ? 'Q'
                : r.group == km_.model.network ? 'N' : 'G';
    const Var &v = km_.model.groups[r.group].vars[r.var];
    out_ += '{' + std::to_string(static_cast<int>(r.space)) + role;
    if (role == 'G') out_ += std::to_string(r.group);
    out_ += ':' + std::to_string(r.var) + (v.perEntity ? "e" : "s") + v.name + '}';
  }

  void expr(const ExprRef &e) {
    if (!e) {
      out_ += "()";
      return;
    }
    std::uint64_t bits;
    std::memcpy(&bits, &e->value, sizeof bits);
    out_ += '(' + std::to_string(static_cast<int>(e->op)) + ',' + std::to_string(bits) + ',' + std::to_string(e->local) +
            ',' + std::to_string(static_cast<int>(e->index)) + ',' + e->callee + ',' + std::to_string(e->stream);
    if (e->op == Op::Var) ref(e->var);
    for (const ExprRef &a : e->args) expr(a);
    out_ += ')';
  }

  void block(const Block &b) {
    out_ += '[';
    for (const Stmt &s : b) {
      out_ += std::to_string(static_cast<int>(s.kind)) + ',' + std::to_string(s.local);
      if (s.kind == Stmt::Kind::Assign) ref(s.target);
      expr(s.value);
      block(s.thenBlock);
      block(s.elseBlock);
      for (const ExprRef &a : s.args) expr(a);
      for (const VarRef &t : s.targets) ref(t);
      out_ += ';';
    }
    out_ += ']';
  }

  const KernelModule &km_;
  const Kernel &k_;
  std::string out_;
};

} // namespace

std::vector<int> sharedKernels(const KernelModule &km) {
  std::map<std::string, int> first;
  std::vector<int> twin(km.kernels.size());
  for (std::size_t n = 0; n < km.kernels.size(); ++n)
    twin[n] = first.emplace(KeyWriter(km, km.kernels[n]).key(), static_cast<int>(n)).first->second;
  return twin;
}

} // namespace bdl::codegen
