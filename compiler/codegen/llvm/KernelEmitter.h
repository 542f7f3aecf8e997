// SPDX-License-Identifier: Apache-2.0
//===- KernelEmitter.h - kernel IR to LLVM IR (internal) -------------------===//
//
// One function per kernel, `void k(const bdlrt_kernel_args *)`.
// KernelEmitter.cpp emits the kernels, storage and statements;
// LoopEmitter.cpp the loops (masked vector tails, threshold scans, row
// prefetches); ExprEmitter.cpp the expressions (math, vector-friendly
// exprel, random draws).
#pragma once

#include "codegen/llvm/LLVMBackend.h"

#include <llvm/IR/IRBuilder.h>

#include <functional>
#include <unordered_map>

namespace bdl::codegen {

class KernelEmitter {
public:
  /// With `single`, state is stored as float and kernels compute in float;
  /// time, dt, counters and indices keep their types (see real_).
  /// With `maskedTails` (the target has masked vector loads and stores),
  /// vectorised loops end in a masked vector, not a scalar loop (loop()).
  KernelEmitter(const ir::KernelModule &km, llvm::Module &mod, bool fpContract = true, bool single = false,
                bool tableExp = false, bool maskedTails = true);

  llvm::Function *emit(const ir::Kernel &k);

private:
  llvm::Value *field(unsigned f, const char *name);
  llvm::Value *loadI32(llvm::Value *base, llvm::Value *idx);

  /// Calls `body(index)` for index in [lo, hi).
  void loop(llvm::Value *lo, llvm::Value *hi, const char *name, const std::function<void(llvm::Value *)> &body,
            std::int64_t step = 1);
  /// `body` over the incoming synapses of post neuron `j` (on_post, continuous).
  void incoming(llvm::Value *j, const ir::Block &body);
  void endsOf(llvm::Value *s, llvm::Value *preIdx, llvm::Value *col);
  /// A projection's row bounds as on_pre sees them: neuron i's synapses are
  /// ptr[i] .. end[i] - 1 (bdlrt.h).
  struct Rows {
    llvm::Value *ptr, *end;
  };
  static constexpr std::int64_t kRowsAhead = 8; ///< see prefetchRows()
  /// Prefetches for the first spikes of a call, before its loop.
  void warmFirstRows(llvm::Value *list, const Rows &rows, llvm::Value *col);
  /// Prefetches the connectivity rows of spikes a few places ahead of `n`.
  void prefetchRows(llvm::Value *list, const Rows &rows, llvm::Value *col, llvm::Value *n);
  void prefetchColumns(const Rows &rows, llvm::Value *col, llvm::Value *i);
  void prefetchBounds(const Rows &rows, llvm::Value *i);
  void prefetch(llvm::Value *addr);
  /// Threshold kernels of the form `if cond { ... }`, scanned in blocks;
  /// with `update`, after that update body in the same loop.
  void thresholdInBlocks(const ir::Stmt &guard, const ir::Block *update);

  // ---- storage -------------------------------------------------------------

  static std::uint64_t key(int group, int var) { return (std::uint64_t(group) << 32) | std::uint32_t(var); }


  void setupScopes(const ir::Kernel &k);

  void annotate(llvm::Instruction *inst, const ir::VarRef &r);

  llvm::Value *spaceArray(ir::Space s);

  /// Loads the base pointer of every variable before any loop.
  void preloadPointers(const ir::Block &body);

  /// Loads, once, the value of every shared variable the loop only reads.
  void preloadShared(const ir::Block &body);

  llvm::Value *entityIndex(ir::Space s);

  llvm::Value *address(const ir::VarRef &r);

  llvm::Value *load(const ir::VarRef &r);

  void store(const ir::VarRef &r, llvm::Value *v);

  // ---- statements ----------------------------------------------------------

  void block(const ir::Block &body);
  static const ir::Stmt *rowSum(const ir::Kernel &k);

  void stmt(const ir::Stmt &s);

  // ---- expressions -----------------------------------------------------------

  /// A truth value as 0 or 1 of the arithmetic type; numbers unchanged.
  llvm::Value *asReal(llvm::Value *v);
  /// A double (runtime results, time) in the arithmetic type.
  llvm::Value *fromDouble(llvm::Value *v);
  /// An arithmetic value as the double the runtime expects.
  llvm::Value *toDouble(llvm::Value *v);
  llvm::Value *asBool(llvm::Value *v);
  llvm::Value *intrinsic(llvm::Intrinsic::ID id, std::vector<llvm::Value *> args);
  llvm::Value *libm(const std::string &name, std::vector<llvm::Value *> args);

  llvm::Value *math(const std::string &f, std::vector<llvm::Value *> a);
  /// exprel(x), or over / exprel(x) with one division (ExprEmitter.cpp).
  llvm::Value *exprel(llvm::Value *x, llvm::Value *over);

  llvm::Value *pow(const ir::Expr &e);

  llvm::Value *randomDraw(const ir::Expr &e);

  llvm::Value *expr(const ir::ExprRef &e);

  llvm::Value *exprUncached(const ir::Expr &e);

  const ir::KernelModule &km_;
  const ir::Module &m_;
  llvm::Module &mod_;
  llvm::LLVMContext &ctx_;
  llvm::IRBuilder<> b_;
  llvm::Type *f64_, *i64_, *i32_;
  /// The type of state and arithmetic: double, or float with --precision
  /// single. Time, dt and what the runtime hands over (random draws, expm
  /// results, .npy arrays) are doubles, converted where they are read.
  llvm::Type *real_;
  bool single_ = false;
  /// Double exp through tableExpFunction (AVX-512) instead of inline code.
  bool tableExp_ = false;
  bool maskedTails_ = true;
  /// exp(x), or exp(x) - 1 with `minusOne`, of a real value.
  llvm::Value *exp(llvm::Value *x, bool minusOne);
  llvm::PointerType *ptr_;
  llvm::StructType *argsTy_;
  llvm::Function *fn_ = nullptr;
  llvm::Value *args_ = nullptr, *begin_ = nullptr, *end_ = nullptr, *step_ = nullptr, *time_ = nullptr,
              *dt_ = nullptr, *timeReal_ = nullptr, *dtReal_ = nullptr, *seed_ = nullptr, *spikes_ = nullptr, *nspikes_ = nullptr;
  /// The kernel's projection has dense storage (endsOf), and its row length.
  bool dense_ = false;
  /// A where kernel: random draws are keyed by (i, j).
  bool pairDraws_ = false;
  llvm::Value *stride_ = nullptr;
  llvm::Value *self_ = nullptr, *pre_ = nullptr, *post_ = nullptr;
  std::vector<llvm::Value *> spaceArrays_, locals_;
  /// Mutable locals (set twice or inside a loop) live in stack slots that
  /// mem2reg turns back into SSA values; null for the others.
  std::vector<llvm::AllocaInst *> slots_;
  void allocateSlots(const ir::Kernel &k);
  std::unordered_map<std::uint64_t, llvm::Value *> arrays_, shared_;
  std::unordered_map<std::uint64_t, llvm::MDNode *> scopes_, scopeList_, noalias_;
  std::unordered_map<const ir::Expr *, llvm::Value *> memo_;
  /// Inline exponentials and loops emitted so far: loop() interleaves the
  /// innermost loops whose body takes exponentials (see there).
  unsigned inlineExps_ = 0, loopsOpened_ = 0;
};

} // namespace bdl::codegen
