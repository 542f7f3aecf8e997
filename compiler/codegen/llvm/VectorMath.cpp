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
// Accuracy: within 1 ulp of glibc's exp over [-745, 709.8] (10 million
// points); overflow gives +inf, underflow 0 (through subnormals), NaN stays NaN.
// exp(x) - 1 comes from the same polynomial without its constant term, and
// exprel(x) = (exp(x) - 1) / x from that is within 3 ulp of glibc's
// expm1(x) / x everywhere (12 million points, 1e-30 <= |x| <= 709.7).
#include "codegen/llvm/KernelEmitter.h"

#include <llvm/IR/Intrinsics.h>

namespace bdl::codegen {

llvm::Value *KernelEmitter::inlineExp(llvm::Value *x, bool minusOne) {
  using llvm::ConstantFP;
  auto c = [&](double v) { return ConstantFP::get(f64_, v); };
  // Fused where the CPU has FMA, a product and a sum where it has not.
  auto fma = [&](llvm::Value *a, llvm::Value *b, llvm::Value *d) {
    return intrinsic(llvm::Intrinsic::fmuladd, {a, b, d});
  };
  // Clamp so that k stays within [-1076, 1025]; compares, so NaN passes through.
  x = b_.CreateSelect(b_.CreateFCmpOLT(x, c(-746.0)), c(-746.0), x);
  x = b_.CreateSelect(b_.CreateFCmpOGT(x, c(710.0)), c(710.0), x);
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
  // 2^k as two factors 2^k1 2^k2 (k1 = floor(k / 2)), each a normal number,
  // so that results near overflow and in the subnormal range come out right.
  // The bits of t are 0x4338000000000000 + k; with q = k + 2048 > 0, only
  // logical shifts are needed (AVX2 has no 64-bit arithmetic shift):
  // h = q >> 1 = k1 + 1024, so k1 + 1023 = h - 1 and k2 + 1023 = q - h - 1.
  llvm::Value *q = b_.CreateSub(b_.CreateBitCast(t, i64_), b_.getInt64(0x4338000000000000LL - 2048));
  llvm::Value *h = b_.CreateLShr(q, 1);
  auto pow2 = [&](llvm::Value *biased) { return b_.CreateBitCast(b_.CreateShl(biased, 52), f64_); };
  llvm::Value *s1 = pow2(b_.CreateSub(h, b_.getInt64(1)));
  llvm::Value *s2 = pow2(b_.CreateSub(b_.CreateSub(q, h), b_.getInt64(1)));
  llvm::Value *e = b_.CreateFMul(b_.CreateFMul(p, s1), s2);
  if (!minusOne) return e;
  // |x| > ln 2 / 2 where k != 0, so e - 1 cancels at most 2 bits there.
  return b_.CreateSelect(b_.CreateFCmpOEQ(k, c(0.0)), pm1, b_.CreateFSub(e, c(1.0)));
}

} // namespace bdl::codegen
