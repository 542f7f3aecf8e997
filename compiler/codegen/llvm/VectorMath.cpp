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
// Accuracy (test/unit/codegen/VectorMathTest.cpp): double within 1 ulp of
// glibc's exp over [-708, 709.8]; float (--precision single) within 1 ulp of
// exp rounded to float over [-87, 88.7]. Overflow gives +inf, NaN stays NaN,
// and results below the smallest normal number are 0 (x < -708 in double,
// x < -87 in float). exp(x) - 1 comes from the same polynomial without its
// constant term: within 4 ulp of expm1 in either precision (the worst just
// above |x| = ln 2 / 2, where e - 1 loses 2 bits), and exprel(x) =
// (exp(x) - 1) / x from that is within 3 ulp of expm1(x) / x in double (12
// million points, 1e-30 <= |x| <= 709.7).
#include "codegen/llvm/VectorMath.h"

#include <llvm/IR/Intrinsics.h>

#include <limits>
#include <vector>

namespace bdl::codegen {

namespace {

/// The constants of one precision. ln 2 is split for Cody-Waite reduction
/// so that k * ln2Hi is exact even unfused: ln2Hi has few enough significant
/// bits for any k whose 2^k is finite (fdlibm's 32-bit split in double; 16
/// bits in float, where |k| <= 128 needs 8).
struct ExpConstants {
  unsigned mantissaBits; ///< 52 or 23
  double shift;          ///< 1.5 * 2^mantissaBits: adding it rounds to an integer
  double log2e, ln2Hi, ln2Lo;
  const double *q;  ///< exp(r) = 1 + r + r^2 (q[0] + q[1] r + ...) on |r| <= ln 2 / 2
  int nq;           ///< number of q coefficients
  double overflow;  ///< largest x with a finite exp(x)
  double underflow; ///< below this, exp(x) is not a normal number: 0
};

// Q interpolates (exp(r) - 1 - r) / r^2 at Chebyshev nodes of |r| <= ln 2 / 2
// (computed with 50 digits, mpmath), which is within a small factor of the
// minimax polynomial: fewer terms than Taylor's for the same error.
// Double: degree 11, relative error of p below 1.6e-17 with the coefficients
// rounded to double (Taylor needed degree 13 for 5e-18; degree 10 would be
// 1.2e-15, 5 ulp). Float: degree 6, 9.7e-9 with float coefficients, a sixth
// of float's 6e-8 half ulp (Taylor needed degree 7).
constexpr double kQDouble[] = {0x1.0000000000001p-1,  0x1.5555555555556p-3,  0x1.5555555553d68p-5,
                               0x1.11111111109b5p-7,  0x1.6c16c17889ef1p-10, 0x1.a01a01a7c2efep-13,
                               0x1.a019b9149a41cp-16, 0x1.71de0db2f6b19p-19, 0x1.28917c89a43a7p-22,
                               0x1.af389ecfc4b9cp-26};
constexpr double kQFloat[] = {0x1.0000000000000p-1, 0x1.5554de0000000p-3, 0x1.55551a0000000p-5,
                              0x1.120b620000000p-7, 0x1.6d10fc0000000p-10};
constexpr ExpConstants kDouble{52,    0x1.8p52, 0x1.71547652b82fep0, 0x1.62e42feep-1, 0x1.a39ef35793c76p-33,
                               kQDouble, 10,      709.782712893384,  -708.0};
constexpr ExpConstants kFloat{23, 0x1.8p23, 0x1.715476p0, 0x1.62e4p-1, 0x1.7f7d1cp-20, kQFloat, 5, 0x1.62e42ep6, -87.0};

} // namespace

llvm::Value *emitInlineExp(llvm::IRBuilder<> &b, llvm::Value *x, bool minusOne) {
  llvm::Type *ty = x->getType();
  bool single = ty->getScalarType()->isFloatTy();
  const ExpConstants &k0 = single ? kFloat : kDouble;
  llvm::Type *intTy = ty->getWithNewType(single ? b.getInt32Ty() : b.getInt64Ty());
  auto c = [&](double v) { return llvm::ConstantFP::get(ty, v); };
  // Fused where the CPU has FMA, a product and a sum where it has not.
  auto fma = [&](llvm::Value *a, llvm::Value *m, llvm::Value *d) {
    return b.CreateIntrinsic(llvm::Intrinsic::fmuladd, {ty}, {a, m, d});
  };
  // k = round(x / ln 2): adding 1.5 * 2^mantissaBits leaves k in the low
  // mantissa bits.
  llvm::Value *shift = c(k0.shift);
  llvm::Value *t = fma(x, c(k0.log2e), shift);
  llvm::Value *k = b.CreateFSub(t, shift);
  // r = x - k ln 2, with ln 2 in two parts; |r| <= 0.347.
  llvm::Value *r = fma(k, c(-k0.ln2Hi), x);
  r = fma(k, c(-k0.ln2Lo), r);
  // exp(r) = 1 + r + r^2 Q(r). Q is evaluated in Estrin's scheme (pairs
  // q_i + q_{i+1} r, combined with r^2, r^4, r^8) rather than Horner's: the
  // neuron loops that take many exponentials are bound by the latency of
  // these chains, and Estrin's is about 5 products deep instead of 11
  // (COBAHH: ten exps per neuron). Adding r and then 1 last keeps the
  // rounding of the large terms to one each. For exp(x) - 1 the 1 is left
  // out, so that p - 1 does not cancel when k = 0.
  std::vector<llvm::Value *> terms;
  for (int n = 0; n < k0.nq; ++n)
    terms.push_back(c(k0.q[n]));
  llvm::Value *r2 = b.CreateFMul(r, r);
  llvm::Value *power = r;
  while (terms.size() > 1) {
    std::vector<llvm::Value *> next;
    for (std::size_t i = 0; i < terms.size(); i += 2)
      next.push_back(i + 1 < terms.size() ? fma(terms[i + 1], power, terms[i]) : terms[i]);
    terms = std::move(next);
    if (terms.size() > 1) power = power == r ? r2 : b.CreateFMul(power, power);
  }
  llvm::Value *pm1 = fma(r2, terms[0], r);
  llvm::Value *p = b.CreateFAdd(pm1, c(1.0));
  // p 2^k by adding k to the exponent bits of p (p is within [0.7, 1.42]):
  // the low bits of t are k, so t << mantissaBits is k in the exponent field.
  // Exact wherever the result is a normal number; beyond the overflow bound
  // (or NaN) the result is x + inf, and below the underflow bound it is 0
  // (as with -ffast-math's FTZ; scaling by two factors, which kept
  // subnormals, cost two products per exp on the FMA pipes).
  llvm::Value *scaled =
      b.CreateAdd(b.CreateBitCast(p, intTy), b.CreateShl(b.CreateBitCast(t, intTy), k0.mantissaBits));
  llvm::Value *e = b.CreateBitCast(scaled, ty);
  llvm::Value *inf = c(std::numeric_limits<double>::infinity());
  e = b.CreateSelect(b.CreateFCmpUGT(x, c(k0.overflow)), b.CreateFAdd(x, inf), e);
  e = b.CreateSelect(b.CreateFCmpOLT(x, c(k0.underflow)), c(0.0), e);
  if (!minusOne) return e;
  // |x| > ln 2 / 2 where k != 0, so e - 1 cancels at most 2 bits there.
  return b.CreateSelect(b.CreateFCmpOEQ(k, c(0.0)), pm1, b.CreateFSub(e, c(1.0)));
}

} // namespace bdl::codegen
