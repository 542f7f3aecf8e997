// SPDX-License-Identifier: Apache-2.0
//===- ExprEmitter.cpp - expressions of the kernel IR to LLVM IR -----------===//
//
// Truth values are i1 and numbers doubles (floats with --precision single),
// converted where one meets the other. exp is inline code (VectorMath.cpp); other math functions become
// LLVM intrinsics where they exist (so the vectoriser can map them to
// libmvec) and libm calls otherwise; small integer powers become
// multiplications.
#include "codegen/common/RuntimeABI.h"
#include "codegen/llvm/KernelEmitter.h"
#include "codegen/llvm/VectorMath.h"

#include <llvm/IR/Intrinsics.h>

#include <cmath>

namespace bdl::codegen {

using namespace ir;

llvm::Value *KernelEmitter::asReal(llvm::Value *v) {
  return v->getType()->isIntegerTy(1) ? b_.CreateUIToFP(v, real_) : v;
}

llvm::Value *KernelEmitter::fromDouble(llvm::Value *v) { return single_ ? b_.CreateFPTrunc(v, real_) : v; }

llvm::Value *KernelEmitter::toDouble(llvm::Value *v) { return single_ ? b_.CreateFPExt(v, f64_) : v; }

llvm::Value *KernelEmitter::asBool(llvm::Value *v) {
  return v->getType()->isIntegerTy(1) ? v : b_.CreateFCmpUNE(v, llvm::ConstantFP::get(v->getType(), 0.0));
}

llvm::Value *KernelEmitter::intrinsic(llvm::Intrinsic::ID id, std::vector<llvm::Value *> args) {
  return b_.CreateIntrinsic(id, {real_}, args);
}

/// A libm function of the arithmetic type: `tanh`, or `tanhf` in single
/// precision (a float loop calls the float function, not a widened one).
llvm::Value *KernelEmitter::libm(const std::string &base, std::vector<llvm::Value *> args) {
  std::string name = single_ ? base + "f" : base;
  std::vector<llvm::Type *> tys(args.size(), real_);
  llvm::Function *f = mod_.getFunction(name);
  if (!f) {
    f = llvm::Function::Create(llvm::FunctionType::get(real_, tys, false), llvm::Function::ExternalLinkage, name, mod_);
    f->setDoesNotThrow();
    f->setMemoryEffects(llvm::MemoryEffects::none());
    f->addFnAttr(llvm::Attribute::WillReturn);
  }
  return b_.CreateCall(f, args);
}

llvm::Value *KernelEmitter::math(const std::string &f, std::vector<llvm::Value *> a) {
  using namespace llvm;
  if (f == "exp") return exp(a[0], false);
  if (f == "log") return intrinsic(Intrinsic::log, a);
  if (f == "log10") return intrinsic(Intrinsic::log10, a);
  if (f == "log2") return intrinsic(Intrinsic::log2, a);
  if (f == "sin") return intrinsic(Intrinsic::sin, a);
  if (f == "cos") return intrinsic(Intrinsic::cos, a);
  if (f == "sqrt") return intrinsic(Intrinsic::sqrt, a);
  if (f == "abs") return intrinsic(Intrinsic::fabs, a);
  if (f == "floor") return intrinsic(Intrinsic::floor, a);
  if (f == "ceil") return intrinsic(Intrinsic::ceil, a);
  if (f == "round") return intrinsic(Intrinsic::round, a);
  if (f == "min") return intrinsic(Intrinsic::minnum, a);
  if (f == "max") return intrinsic(Intrinsic::maxnum, a);
  if (f == "clip") return intrinsic(Intrinsic::minnum, {intrinsic(Intrinsic::maxnum, {a[0], a[1]}), a[2]});
  Value *zero = ConstantFP::get(real_, 0.0), *one = ConstantFP::get(real_, 1.0);
  if (f == "sign")
    return b_.CreateFSub(asReal(b_.CreateFCmpOGT(a[0], zero)), asReal(b_.CreateFCmpOLT(a[0], zero)));
  if (f == "heaviside")
    return b_.CreateSelect(b_.CreateFCmpOGT(a[0], zero), one,
                           b_.CreateSelect(b_.CreateFCmpOLT(a[0], zero), zero, ConstantFP::get(real_, 0.5)));
  if (f == "exprel") return exprel(a[0], nullptr);
  return libm(f, a); // tan, asin, acos, atan, sinh, cosh, tanh, expm1, log1p, atan2
}

/// exprel(x) = (exp(x) - 1) / x, 1 at 0; with `over`, over / exprel(x) =
/// over x / (exp(x) - 1), `over` at 0: one division, not two, in the HH rate
/// functions. exp(x) - 1 comes from inline code that does not cancel near 0
/// (VectorMath.cpp), so no separate branch for small x is needed. The zero
/// case selects the result, which AVX-512 folds into the division's mask; it
/// had selected numerator and denominator, one operation more per exprel.
///
///     let alpha_m: 1/ms = 0.32 / mV * 4 mV / exprel((13 mV - v + VT) / 4 mV) / ms
llvm::Value *KernelEmitter::exprel(llvm::Value *x, llvm::Value *over) {
  llvm::Value *zero = b_.CreateFCmpOEQ(x, llvm::ConstantFP::get(real_, 0.0));
  llvm::Value *em1 = exp(x, true);
  if (!over) return b_.CreateSelect(zero, llvm::ConstantFP::get(real_, 1.0), b_.CreateFDiv(em1, x));
  return b_.CreateSelect(zero, over, b_.CreateFDiv(b_.CreateFMul(over, x), em1));
}

llvm::Value *KernelEmitter::exp(llvm::Value *x, bool minusOne) {
  ++inlineExps_;
  if (!tableExp_) return emitInlineExp(b_, x, minusOne);
  llvm::Function *f = tableExpFunction(mod_, minusOne);
  llvm::CallInst *call = b_.CreateCall(f, {x});
  call->addFnAttr(f->getFnAttribute("vector-function-abi-variant"));
  return call;
}

llvm::Value *KernelEmitter::pow(const Expr &e) {
  llvm::Value *base = asReal(expr(e.args[0]));
  double c;
  if (isConst(e.args[1], &c)) {
    if (c == 0.5) return intrinsic(llvm::Intrinsic::sqrt, {base});
    if (c == std::round(c) && std::fabs(c) <= 16) {
      // Small integer powers as multiplications (m^3 h, n^4).
      int n = static_cast<int>(std::fabs(c));
      llvm::Value *r = llvm::ConstantFP::get(real_, 1.0), *x = base;
      bool first = true;
      for (; n; n >>= 1) {
        if (n & 1) {
          r = first ? x : b_.CreateFMul(r, x);
          first = false;
        }
        if (n > 1) x = b_.CreateFMul(x, x);
      }
      return c < 0 ? b_.CreateFDiv(llvm::ConstantFP::get(real_, 1.0), r) : r;
    }
  }
  return intrinsic(llvm::Intrinsic::pow, {base, asReal(expr(e.args[1]))});
}

/// The runtime draws in double (the same numbers for either precision); in
/// single precision a draw is rounded to float before it is scaled.
llvm::Value *KernelEmitter::randomDraw(const Expr &e) {
  if (e.callee == "poisson") {
    auto callee = mod_.getOrInsertFunction(abi::kPoisson, f64_, i64_, i64_, i64_, i64_, f64_);
    return fromDouble(
        b_.CreateCall(callee, {seed_, b_.getInt64(e.stream), self_, step_, toDouble(asReal(expr(e.args[0])))}));
  }
  bool normal = e.callee == "normal" || e.callee == "lognormal";
  auto callee = mod_.getOrInsertFunction(normal ? abi::kNormal : abi::kUniform, f64_, i64_, i64_, i64_, i64_);
  // In a where kernel a draw belongs to the pair (i, j), whatever the
  // candidate's place in the row or the thread that builds it.
  llvm::Value *entity = pairDraws_ ? pre_ : self_, *counter = pairDraws_ ? post_ : step_;
  llvm::Value *x = fromDouble(b_.CreateCall(callee, {seed_, b_.getInt64(e.stream), entity, counter}));
  auto arg = [&](std::size_t k) { return asReal(expr(e.args[k])); };
  if (e.callee == "uniform") {
    llvm::Value *lo = arg(0), *hi = arg(1);
    return b_.CreateFAdd(lo, b_.CreateFMul(b_.CreateFSub(hi, lo), x));
  }
  if (e.callee == "normal") return b_.CreateFAdd(arg(0), b_.CreateFMul(arg(1), x));
  if (e.callee == "lognormal") {
    // Mean and sd of the variable itself: sigma^2 = log(1 + sd^2/mean^2).
    llvm::Value *mean = arg(0), *sd = arg(1);
    llvm::Value *r = b_.CreateFDiv(sd, mean);
    llvm::Value *s2 = libm("log1p", {b_.CreateFMul(r, r)});
    llvm::Value *mu = b_.CreateFSub(intrinsic(llvm::Intrinsic::log, {mean}),
                                    b_.CreateFMul(s2, llvm::ConstantFP::get(real_, 0.5)));
    return intrinsic(llvm::Intrinsic::exp, {b_.CreateFAdd(mu, b_.CreateFMul(intrinsic(llvm::Intrinsic::sqrt, {s2}), x))});
  }
  // exponential(mean)
  return b_.CreateFNeg(b_.CreateFMul(arg(0), libm("log1p", {b_.CreateFNeg(x)})));
}

llvm::Value *KernelEmitter::expr(const ExprRef &e) {
  if (auto it = memo_.find(e.get()); it != memo_.end()) return it->second;
  llvm::Value *v = exprUncached(*e);
  memo_[e.get()] = v;
  return v;
}

llvm::Value *KernelEmitter::exprUncached(const Expr &e) {
  auto d = [&](std::size_t k) { return asReal(expr(e.args[k])); };
  auto bl = [&](std::size_t k) { return asBool(expr(e.args[k])); };
  switch (e.op) {
  case Op::Const: return llvm::ConstantFP::get(real_, e.value); // rounded to float in single precision
  case Op::Var: return load(e.var);
  case Op::Local:
    if (slots_.at(e.local)) return b_.CreateLoad(real_, slots_[e.local]);
    return locals_.at(e.local);
  case Op::Noise: return llvm::ConstantFP::get(real_, 0.0); // replaced by lower-integrators
  case Op::Time: return timeReal_;
  case Op::Dt: return dtReal_;
  case Op::Step: return b_.CreateSIToFP(step_, real_);
  case Op::Index: return b_.CreateSIToFP(entityIndex(e.index), real_);
  case Op::Neg: return b_.CreateFNeg(d(0));
  case Op::Not: return b_.CreateNot(bl(0));
  case Op::Add: return b_.CreateFAdd(d(0), d(1));
  case Op::Sub: return b_.CreateFSub(d(0), d(1));
  case Op::Mul: return b_.CreateFMul(d(0), d(1));
  case Op::Div: {
    // `x / taum` in a neuron loop: allowing the reciprocal lets LICM compute
    // 1 / taum once and multiply (a vector division costs ~10x a product).
    // The result may differ from the division in the last bit.
    if (e.args[1]->op == Op::Call && e.args[1]->callee == "exprel")
      return exprel(asReal(expr(e.args[1]->args[0])), d(0));
    auto *div = llvm::cast<llvm::Instruction>(b_.CreateFDiv(d(0), d(1)));
    div->setHasAllowReciprocal(true);
    return div;
  }
  case Op::Pow: return pow(e);
  case Op::Lt: return b_.CreateFCmpOLT(d(0), d(1));
  case Op::Le: return b_.CreateFCmpOLE(d(0), d(1));
  case Op::Gt: return b_.CreateFCmpOGT(d(0), d(1));
  case Op::Ge: return b_.CreateFCmpOGE(d(0), d(1));
  case Op::Eq: return b_.CreateFCmpOEQ(d(0), d(1));
  case Op::Ne: return b_.CreateFCmpUNE(d(0), d(1));
  case Op::And: return b_.CreateAnd(bl(0), bl(1));
  case Op::Or: return b_.CreateOr(bl(0), bl(1));
  case Op::Select: {
    llvm::Value *c = bl(0), *a = expr(e.args[1]), *b = expr(e.args[2]);
    if (a->getType() != b->getType()) {
      a = asReal(a);
      b = asReal(b);
    }
    return b_.CreateSelect(c, a, b);
  }
  case Op::Call: {
    std::vector<llvm::Value *> a;
    for (std::size_t k = 0; k < e.args.size(); ++k) a.push_back(d(k));
    return math(e.callee, a);
  }
  case Op::Random: return randomDraw(e);
  case Op::Array: {
    llvm::Value *table = field(abi::Arrays, "arrays");
    llvm::Value *base = b_.CreateLoad(ptr_, b_.CreateInBoundsGEP(ptr_, table, b_.getInt64(e.local)), "npy");
    llvm::Value *idx = b_.CreateFPToSI(asReal(expr(e.args[0])), i64_);
    return fromDouble(b_.CreateLoad(f64_, b_.CreateInBoundsGEP(f64_, base, idx)));
  }
  case Op::Search: {
    // Branch-free binary search, unrolled: log2(n) + 1 loads and selects and
    // no control flow, so a loop that uses it still vectorises (gathers).
    auto n = static_cast<std::int64_t>(e.value);
    llvm::Value *lo = b_.getInt64(0);
    if (n > 0) {
      llvm::Value *table = field(abi::Arrays, "arrays");
      llvm::Value *base = b_.CreateLoad(ptr_, b_.CreateInBoundsGEP(ptr_, table, b_.getInt64(e.local)), "times");
      llvm::Value *x = toDouble(asReal(expr(e.args[0])));
      std::int64_t step = 1;
      while (step <= n / 2) step *= 2;
      for (; step > 0; step /= 2) {
        llvm::Value *at = b_.CreateAdd(lo, b_.getInt64(step));
        llvm::Value *inside = b_.CreateICmpSLE(at, b_.getInt64(n));
        llvm::Value *idx = b_.CreateSub(b_.CreateSelect(inside, at, b_.getInt64(n)), b_.getInt64(1));
        llvm::Value *v = b_.CreateLoad(f64_, b_.CreateInBoundsGEP(f64_, base, idx));
        lo = b_.CreateSelect(b_.CreateAnd(inside, b_.CreateFCmpOLE(v, x)), at, lo);
      }
    }
    return fromDouble(b_.CreateSIToFP(lo, f64_));
  }
  }
  return llvm::ConstantFP::get(real_, 0.0);
}

} // namespace bdl::codegen
