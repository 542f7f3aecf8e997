// SPDX-License-Identifier: Apache-2.0
//===- GpuPrinter.h - the C-like printer behind GpuSource.h (internal) -----===//
//
// Statements become C++ statements and every expression node one `const`
// temporary, printed once per node while no store intervenes (as the LLVM
// back end memoises values), so shared subexpressions of an HH update are
// computed once.
//
// Bit-for-bit agreement with the CPU build: the printed arithmetic performs
// the operations LLVM performs on the same kernel, in the same order. Two
// of LLVM's rewrites change values and are mirrored here: a division whose
// divisor does not change inside the kernel's loop becomes a product with
// the reciprocal (LLVM's `arcp` + LICM), and a division by a constant does
// so everywhere (InstCombine). GPU compilers must not contract a*b+c into
// an FMA (nvcc --fmad=false, hipcc -ffp-contract=off).
#pragma once

#include "codegen/gpu/GpuSource.h"

#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace bdl::codegen {

class GpuPrinter {
public:
  GpuPrinter(const ir::KernelModule &km, GpuDialect d, bool single) : km_(km), m_(km.model), d_(d), single_(single) {}

  std::optional<std::string> print(const std::string &descriptor, std::string &error);

private:
  // ---- kernels (GpuPrinter.cpp) ------------------------------------------
  void hostKernel(const ir::Kernel &k);
  void deviceKernel(const ir::Kernel &k);
  /// on_pre bodies whose only effect on `post` is adding to its variables
  /// (`post.g += w`) also get an event-driven version: a warp per arriving
  /// spike walks its row and adds atomically.
  bool eventDriven(const ir::Kernel &k) const;
  /// Whether the body writes shared or presynaptic storage, so its entities
  /// must run in order in one thread.
  bool serialOnDevice(const ir::Kernel &k) const;
  void eventKernel(const ir::Kernel &k, const std::string &name);
  /// The statements of one entity: `self`, `pre`, `post` are in scope.
  void entityBody(const ir::Block &body);
  void incomingLoop(const ir::Kernel &k, const char *arrival);
  void declarePointers(const ir::Kernel &k);
  void declareMutables(const ir::Kernel &k);

  // ---- statements and expressions (GpuExpr.cpp) -------------------------------
  void block(const ir::Block &b);
  void stmt(const ir::Stmt &s);
  /// The name of a temporary (or literal) holding `e` as a double.
  std::string num(const ir::ExprRef &e);
  /// The same as a truth value.
  std::string truth(const ir::ExprRef &e);
  std::string value(const ir::ExprRef &e, bool &isBool);
  std::string compute(const ir::Expr &e, bool &isBool);
  std::string math(const std::string &f, const std::vector<std::string> &a);
  std::string power(const ir::Expr &e);
  std::string random(const ir::Expr &e);
  std::string divide(const ir::Expr &e);
  std::pair<std::string, std::string> exprelParts(const std::string &x);
  /// Whether `e` has the same value on every iteration of the kernel's loop.
  bool invariant(const ir::ExprRef &e) const;
  std::string var(const ir::VarRef &r) const;
  /// The type of numbers: double on the host, bdl_real (float or double) in
  /// device code.
  std::string real() const;
  /// A literal of that type.
  std::string constant(double v) const;
  /// `post_1_6`: the array of variable 6 of group 1 as seen through `post`.
  static std::string pointerName(const ir::VarRef &r);
  std::string temp(const std::string &type, const std::string &init);
  void line(const std::string &s);
  void clearMemo() { memo_.clear(); }

  const ir::KernelModule &km_;
  const ir::Module &m_;
  GpuDialect d_;
  bool single_;
  std::ostringstream out_;
  int indent_ = 0;
  int temps_ = 0;
  std::string error_;
  std::vector<std::string> names_; ///< symbol of each kernel, unique
  /// Set while printing one kernel.
  const ir::Kernel *kernel_ = nullptr;
  bool host_ = false;   ///< the host version of a set-up kernel
  bool inLoop_ = false; ///< LLVM hoists out of the kernel's loop
  bool atomicPost_ = false; ///< increments of post variables are atomic adds
  std::vector<bool> mutable_;     ///< per local: a stack slot in LLVM
  std::set<std::pair<int, int>> writtenByKernel_; ///< (group, var) the body writes
  std::vector<bool> invariantLocal_;
  struct Memo {
    std::string name;
    bool isBool;
  };
  std::unordered_map<const ir::Expr *, Memo> memo_;
};

} // namespace bdl::codegen
