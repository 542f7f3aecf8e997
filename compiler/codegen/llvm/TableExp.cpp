// SPDX-License-Identifier: Apache-2.0
//===- TableExp.cpp - double exp from a 16-entry table, for AVX-512 --------===//
//
// Where the CPU has AVX-512, double `exp` and `exp(x) - 1` are calls of
// small functions that the loop vectoriser replaces by their 8-lane form
// (the `vector-function-abi-variant` mapping) and that are inlined once the
// optimisation pipeline is done (Optimizer.cpp). The 8-lane form
// reduces x by ln 2 / 16 instead of ln 2 / 2 and takes 2^(j/16) from a
// 16-entry table held in two registers (one vpermi2pd per half of the
// entry), so its polynomial is degree 6 (7 for exp(x) - 1) instead of 11;
// vscalefpd multiplies by 2^k, which also gives infinities, zeros and
// subnormals their IEEE values, so the range checks of the portable form
// become two clamps. COBAHH (ten exps per neuron): 0.481 -> 0.429 s.
//
// Every width (the scalar remainder loop too) goes through the same 8-lane
// body, so a neuron's result does not depend on where a thread's range or a
// vector ends: spikes stay identical for any thread count.
//
// Accuracy (test/unit/codegen/VectorMathTest.cpp): within 1 ulp of glibc's
// exp and 2 ulp of its expm1 over [-745, 709.78], subnormal results included.
#include "codegen/llvm/VectorMath.h"

#include <llvm/IR/IntrinsicsX86.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/Utils/ModuleUtils.h>

#include <cmath>
#include <string>

namespace bdl::codegen {

namespace {

// 2^(j/16) = hi + lo, hi rounded to double and lo the rest (50 digits, mpmath).
constexpr double kHi[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
    0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
    0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0};
constexpr double kLo[16] = {
    0.0,                    0x1.8a62e4adc610bp-54,  -0x1.19041b9d78a76p-55, 0x1.9b07eb6c70573p-54,
    0x1.6f46ad23182e4p-55,  0x1.ada0911f09ebcp-55,  0x1.d4397afec42e2p-56,  0x1.6324c054647adp-54,
    -0x1.bdd3413b26456p-54, -0x1.41577ee04992fp-55, 0x1.6e9f156864b27p-54,  0x1.c7c46b071f2bep-56,
    0x1.7a1cd345dcc81p-54,  0x1.11065895048ddp-55,  0x1.2ed02d75b3707p-55,  -0x1.e9c23179c2893p-54};
// exp(r) = 1 + r + r^2 Q(r) on |r| <= ln 2 / 32: Q interpolates
// (exp(r) - 1 - r) / r^2 at Chebyshev nodes. For exp, degree 4 (relative
// error of 1 + r + r^2 Q below 2.9e-17 with these double coefficients); for
// exp(x) - 1, whose result near 0 is r + r^2 Q, the error of Q must be small
// against 1 / r rather than 1 / r^2: degree 5 (degree 4 left 10 ulp).
constexpr double kQ[5] = {0x1.0000000000000p-1, 0x1.55555554dd44dp-3, 0x1.55555555194d2p-5, 0x1.11120af701debp-7,
                          0x1.6c17bb51f236dp-10};
constexpr double kQm1[6] = {0x1.0000000000001p-1,  0x1.5555555555556p-3,  0x1.55555554e9468p-5,
                            0x1.11111110e10a8p-7,  0x1.6c17ed4cc4834p-10, 0x1.a01b0c2edab7cp-13};
constexpr unsigned kLanes = 8;
constexpr unsigned kWidths[] = {2, 4, 8, 16};

std::string name(bool minusOne, unsigned lanes = 0) {
  std::string n = minusOne ? "bdl_expm1_f64" : "bdl_exp_f64";
  return lanes ? n + "_v" + std::to_string(lanes) : n;
}

llvm::Value *table(llvm::IRBuilder<> &b, const double (&t)[16], unsigned from) {
  return llvm::ConstantDataVector::get(b.getContext(), llvm::ArrayRef<double>(t + from, kLanes));
}

/// The 8-lane body: `x` is <8 x double>.
llvm::Value *tableExp8(llvm::IRBuilder<> &b, llvm::Value *x, bool minusOne) {
  llvm::Type *ty = x->getType();
  auto c = [&](double v) { return llvm::ConstantFP::get(ty, v); };
  auto fma = [&](llvm::Value *a, llvm::Value *m, llvm::Value *d) {
    return b.CreateIntrinsic(llvm::Intrinsic::fma, {ty}, {a, m, d});
  };
  // |x| <= 1e4 keeps m below in the low bits of t, and exp(+-1e4) is already
  // inf or 0; NaN fails both comparisons and stays NaN.
  x = b.CreateSelect(b.CreateFCmpOGT(x, c(1e4)), c(1e4), x);
  double low = minusOne ? -100.0 : -1e4;
  x = b.CreateSelect(b.CreateFCmpOLT(x, c(low)), c(low), x);
  // m = round(x 16 / ln 2): adding 1.5 * 2^48 rounds x / ln 2 to a multiple
  // of 1/16, so kf = m / 16 (what vscalefpd wants: it takes 2^floor(kf)) and
  // t's low 4 mantissa bits are j = m mod 16. x = kf ln 2 + r, with
  // kf ln2Hi exact (18 + 32 bits).
  llvm::Value *shift = c(0x1.8p48);
  llvm::Value *t = fma(x, c(0x1.71547652b82fep0), shift);
  llvm::Value *kf = b.CreateFSub(t, shift);
  llvm::Value *r = fma(kf, c(-0x1.62e42feep-1), x);
  r = fma(kf, c(-0x1.a39ef35793c76p-33), r);
  // 2^(j/16) for j = m mod 16: vpermi2pd reads the low 4 bits of each index.
  llvm::Value *idx = b.CreateBitCast(t, llvm::FixedVectorType::get(b.getInt64Ty(), kLanes));
  auto lookup = [&](const double(&tab)[16]) {
    return b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_vpermi2var_pd_512, {},
                             {table(b, tab, 0), idx, table(b, tab, kLanes)});
  };
  llvm::Value *hi = lookup(kHi), *lo = lookup(kLo);
  // exp(r) - 1 = r + r^2 Q(r), Q in Estrin's scheme.
  llvm::Value *r2 = b.CreateFMul(r, r);
  const double *cq = minusOne ? kQm1 : kQ;
  llvm::Value *q01 = fma(c(cq[1]), r, c(cq[0])), *q23 = fma(c(cq[3]), r, c(cq[2]));
  llvm::Value *q45 = minusOne ? fma(c(cq[5]), r, c(cq[4])) : static_cast<llvm::Value *>(c(cq[4]));
  llvm::Value *q = fma(fma(q45, r2, q23), r2, q01);
  llvm::Value *pm1 = fma(r2, q, r);
  // 2^(j/16) exp(r) = hi + (hi pm1 + lo), times 2^k = 2^floor(kf).
  auto scale = [&](llvm::Value *v) {
    return b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_scalef_pd_512, {},
                             {v, kf, llvm::PoisonValue::get(ty), b.getInt8(0xff), b.getInt32(4)});
  };
  llvm::Value *tail = fma(hi, pm1, lo);
  if (!minusOne) return scale(b.CreateFAdd(hi, tail));
  // exp(x) - 1 = 2^k ((hi - 2^-k) + tail): hi - 2^-k is exact where the
  // result could cancel (k = 0 or -1, Sterbenz), so near 0 the error is that
  // of tail. (2^k hi - 1 would be too, but 2^k hi overflows before the
  // result does.) x >= -100 keeps 2^-k finite; exp(-100) - 1 is -1 in double.
  // With kf = k + j/16, floor(15/16 - kf) = -k: one subtraction (exact,
  // both are sixteenths) where floor and negation took two.
  llvm::Value *negK = b.CreateFSub(c(15.0 / 16.0), kf);
  llvm::Value *pow = b.CreateIntrinsic(llvm::Intrinsic::x86_avx512_mask_scalef_pd_512, {},
                                       {c(1.0), negK, llvm::PoisonValue::get(ty), b.getInt8(0xff), b.getInt32(4)});
  return scale(b.CreateFAdd(b.CreateFSub(hi, pow), tail));
}

llvm::Function *declare(llvm::Module &m, const std::string &n, llvm::Type *ty) {
  auto *f = llvm::Function::Create(llvm::FunctionType::get(ty, {ty}, false), llvm::Function::InternalLinkage, n, m);
  f->setDoesNotThrow();
  f->setMemoryEffects(llvm::MemoryEffects::none());
  f->addFnAttr(llvm::Attribute::WillReturn);
  f->addFnAttr(llvm::Attribute::Speculatable);
  // Kept whole until the vectoriser has seen the calls (inlineExpFunctions).
  f->addFnAttr(llvm::Attribute::NoInline);
  return f;
}

/// Lanes [from, from + n) of `v` (indices past its end repeat its lanes).
llvm::Value *lanes(llvm::IRBuilder<> &b, llvm::Value *v, unsigned from, unsigned n) {
  unsigned have = llvm::cast<llvm::FixedVectorType>(v->getType())->getNumElements();
  llvm::SmallVector<int, 16> mask;
  for (unsigned i = 0; i < n; ++i)
    mask.push_back(int((from + i) % have));
  return b.CreateShuffleVector(v, mask);
}

} // namespace

bool hasTableExp(const llvm::TargetMachine &tm) {
  return tm.getMCSubtargetInfo()->checkFeatures("+avx512f");
}

llvm::Function *tableExpFunction(llvm::Module &m, bool minusOne) {
  if (llvm::Function *f = m.getFunction(name(minusOne))) return f;
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *f64 = llvm::Type::getDoubleTy(ctx);
  llvm::IRBuilder<> b(ctx);
  auto vec = [&](unsigned n) { return llvm::FixedVectorType::get(f64, n); };
  llvm::Function *v8 = declare(m, name(minusOne, kLanes), vec(kLanes));
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", v8));
  b.CreateRet(tableExp8(b, v8->getArg(0), minusOne));
  std::string variants;
  llvm::SmallVector<llvm::GlobalValue *, 4> keep;
  for (unsigned w : kWidths) {
    llvm::Function *f = w == kLanes ? v8 : declare(m, name(minusOne, w), vec(w));
    if (w != kLanes) {
      b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", f));
      llvm::Value *out = nullptr;
      if (w < kLanes) {
        out = lanes(b, b.CreateCall(v8, {lanes(b, f->getArg(0), 0, kLanes)}), 0, w);
      } else { // two halves
        llvm::Value *lo = b.CreateCall(v8, {lanes(b, f->getArg(0), 0, kLanes)});
        llvm::Value *hi = b.CreateCall(v8, {lanes(b, f->getArg(0), kLanes, kLanes)});
        llvm::SmallVector<int, 16> all;
        for (unsigned i = 0; i < w; ++i)
          all.push_back(int(i));
        out = b.CreateShuffleVector(lo, hi, all);
      }
      b.CreateRet(out);
    }
    keep.push_back(f);
    variants += (variants.empty() ? "" : ",") + std::string("_ZGV_LLVM_N") + std::to_string(w) + "v_" +
                name(minusOne) + "(" + name(minusOne, w) + ")";
  }
  // The vector forms have no caller until the vectoriser makes one.
  llvm::appendToCompilerUsed(m, keep);
  llvm::Function *s = declare(m, name(minusOne), f64);
  s->addFnAttr("vector-function-abi-variant", variants);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", s));
  llvm::Value *splat = b.CreateVectorSplat(kLanes, s->getArg(0));
  b.CreateRet(b.CreateExtractElement(b.CreateCall(v8, {splat}), uint64_t(0)));
  return s;
}

void prepareExpFunctionsForInlining(llvm::Module &m) {
  llvm::removeFromUsedLists(m, [](llvm::Constant *c) { return c->getName().starts_with("bdl_exp"); });
  for (llvm::Function &f : m)
    if (f.getName().starts_with("bdl_exp")) {
      f.removeFnAttr(llvm::Attribute::NoInline);
      f.addFnAttr(llvm::Attribute::AlwaysInline);
    }
}

} // namespace bdl::codegen
