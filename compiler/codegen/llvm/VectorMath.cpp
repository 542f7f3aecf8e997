// SPDX-License-Identifier: Apache-2.0
//===- VectorMath.cpp - exp as inline straight-line code -------------------===//
//
// `exp` is emitted as straight-line IR (range reduction, a polynomial, a
// scaling by 2^k through the exponent bits) rather than a call, so a neuron
// loop that takes ten exponentials per neuron (COBAHH's gates) vectorises to
// code with no calls in it: a profile of COBAHH had 43% of its run in
// libmvec's AVX2 exp (a quarter of that in one gather) and most of the update
// kernel in spilling every vector register around the calls.
//
//     let beta_n: 1/ms = 0.5 * exp((10 mV - v + VT) / 40 mV) / ms
//
// Accuracy: within 1 ulp of glibc's exp over [-708, 709.8] (10 million
// points); overflow gives +inf, NaN stays NaN, and results below 3.3e-308
// (x < -708) are 0.
// exp(x) - 1 comes from the same polynomial without its constant term, and
// exprel(x) = (exp(x) - 1) / x from that is within 3 ulp of glibc's
// expm1(x) / x everywhere (12 million points, 1e-30 <= |x| <= 709.7).
#include "codegen/llvm/KernelEmitter.h"

#include <llvm/IR/Intrinsics.h>

#include <limits>

namespace bdl::codegen {

llvm::Value *KernelEmitter::inlineExp(llvm::Value *x, bool minusOne) {
  using llvm::ConstantFP;
  auto c = [&](double v) { return ConstantFP::get(f64_, v); };
  // Fused where the CPU has FMA, a product and a sum where it has not.
  auto fma = [&](llvm::Value *a, llvm::Value *b, llvm::Value *d) {
    return intrinsic(llvm::Intrinsic::fmuladd, {a, b, d});
  };
  // k = round(x / ln 2): adding 1.5 * 2^52 leaves k in the low mantissa bits.
  llvm::Value *shift = c(0x1.8p52);
  llvm::Value *t = fma(x, c(0x1.71547652b82fep0), shift);
  llvm::Value *k = b_.CreateFSub(t, shift);
  // r = x - k ln 2, with ln 2 in two parts (Cody-Waite, fdlibm's split: the
  // high part has 32 significant bits, so k * hi is exact even unfused);
  // |r| <= 0.347.
  llvm::Value *r = fma(k, c(-0x1.62e42feep-1), x);
  r = fma(k, c(-0x1.a39ef35793c76p-33), r);
  // exp(r): Taylor to degree 13 (truncation below 5e-18), Horner with FMA;
  // for exp(x) - 1 the constant term is left out, so that p - 1 does not
  // cancel when k = 0.
  constexpr int kDegree = 13;
  double coef[kDegree + 1];
  coef[0] = 1.0;
  for (int n = 1; n <= kDegree; ++n) coef[n] = coef[n - 1] / n;
  llvm::Value *p = c(coef[kDegree]);
  for (int n = kDegree - 1; n >= (minusOne ? 1 : 0); --n) p = fma(p, r, c(coef[n]));
  llvm::Value *pm1 = nullptr;
  if (minusOne) {
    pm1 = b_.CreateFMul(p, r);
    p = b_.CreateFAdd(pm1, c(1.0));
  }
  // p 2^k by adding k to the exponent bits of p (p is within [0.7, 1.42]):
  // the bits of t are 0x4338000000000000 + k, so t << 52 is k << 52. Exact
  // wherever the result is a normal number; beyond ln(DBL_MAX) (or NaN) the
  // result is x + inf, and below -708 it is 0 (results under 3.3e-308 flush
  // to zero, as with -ffast-math's FTZ; scaling by two factors, which kept
  // subnormals, cost two products per exp on the FMA pipes).
  llvm::Value *scaled = b_.CreateAdd(b_.CreateBitCast(p, i64_), b_.CreateShl(b_.CreateBitCast(t, i64_), 52));
  llvm::Value *e = b_.CreateBitCast(scaled, f64_);
  llvm::Value *inf = c(std::numeric_limits<double>::infinity());
  e = b_.CreateSelect(b_.CreateFCmpUGT(x, c(709.782712893384)), b_.CreateFAdd(x, inf), e);
  e = b_.CreateSelect(b_.CreateFCmpOLT(x, c(-708.0)), c(0.0), e);
  if (!minusOne) return e;
  // |x| > ln 2 / 2 where k != 0, so e - 1 cancels at most 2 bits there.
  return b_.CreateSelect(b_.CreateFCmpOEQ(k, c(0.0)), pm1, b_.CreateFSub(e, c(1.0)));
}

} // namespace bdl::codegen
