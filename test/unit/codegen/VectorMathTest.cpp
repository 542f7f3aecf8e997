// SPDX-License-Identifier: Apache-2.0
//===- VectorMathTest.cpp - accuracy of the inline exp, double and float ---===//
//
// The inline exp (codegen/llvm/VectorMath.cpp) is compiled through LLVM's JIT
// as scalar functions and compared with libm at millions of points: the
// double one with glibc's exp / expm1, the float one (--precision single)
// with the double results rounded to float, in ulps of the result.
#include "codegen/llvm/VectorMath.h"

#include <gtest/gtest.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/TargetParser/Host.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace {

using bdl::codegen::emitInlineExp;

struct Compiled {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  float (*expf)(float), (*expm1f)(float);
  double (*exp)(double), (*expm1)(double);
  /// The table-driven AVX-512 form (TableExp.cpp), null without AVX-512.
  double (*texp)(double) = nullptr, (*texpm1)(double) = nullptr;
};

/// One function per precision and variant, with FMA contraction allowed as
/// in kernels, compiled for this CPU.
const Compiled &compiled() {
  static Compiled c = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    auto ctx = std::make_unique<llvm::LLVMContext>();
    auto mod = std::make_unique<llvm::Module>("exp_test", *ctx);
    llvm::IRBuilder<> b(*ctx);
    llvm::FastMathFlags fmf;
    fmf.setAllowContract(true);
    b.setFastMathFlags(fmf);
    auto define = [&](const char *name, llvm::Type *ty, bool minusOne) {
      auto *fn = llvm::Function::Create(llvm::FunctionType::get(ty, {ty}, false),
                                        llvm::Function::ExternalLinkage, name, *mod);
      b.SetInsertPoint(llvm::BasicBlock::Create(*ctx, "entry", fn));
      b.CreateRet(emitInlineExp(b, fn->getArg(0), minusOne));
    };
    define("exp_f32", b.getFloatTy(), false);
    define("expm1_f32", b.getFloatTy(), true);
    define("exp_f64", b.getDoubleTy(), false);
    define("expm1_f64", b.getDoubleTy(), true);
    llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
    bool avx512 = features.lookup("avx512f");
    if (avx512)
      for (bool m1 : {false, true})
        bdl::codegen::tableExpFunction(*mod, m1)->setLinkage(llvm::GlobalValue::ExternalLinkage);
    auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
    EXPECT_TRUE(bool(jtmb));
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*jtmb)).create();
    EXPECT_TRUE(bool(jit));
    mod->setDataLayout((*jit)->getDataLayout());
    llvm::cantFail((*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(mod), std::move(ctx))));
    Compiled out;
    auto addr = [&](const char *name) { return llvm::cantFail((*jit)->lookup(name)); };
    out.expf = addr("exp_f32").toPtr<float (*)(float)>();
    out.expm1f = addr("expm1_f32").toPtr<float (*)(float)>();
    out.exp = addr("exp_f64").toPtr<double (*)(double)>();
    out.expm1 = addr("expm1_f64").toPtr<double (*)(double)>();
    if (avx512) {
      out.texp = addr("bdl_exp_f64").toPtr<double (*)(double)>();
      out.texpm1 = addr("bdl_expm1_f64").toPtr<double (*)(double)>();
    }
    out.jit = std::move(*jit);
    return out;
  }();
  return c;
}

/// Floats on a monotonic integer line (bit patterns, negatives mirrored),
/// so that the difference of two is their distance in ulps.
std::int64_t line(float f) {
  std::int32_t i;
  std::memcpy(&i, &f, sizeof i);
  return i < 0 ? std::int64_t(INT32_MIN) - i : std::int64_t(i);
}

float fromLine(std::int64_t v) {
  std::int32_t i = static_cast<std::int32_t>(v < 0 ? std::int64_t(INT32_MIN) - v : v);
  float f;
  std::memcpy(&f, &i, sizeof f);
  return f;
}

std::int64_t ulps(float a, float b) {
  return std::llabs(line(a) - line(b));
}

std::int64_t ulps(double a, double b) {
  auto l = [](double f) {
    std::int64_t i;
    std::memcpy(&i, &f, sizeof i);
    return i < 0 ? INT64_MIN - i : i;
  };
  std::int64_t d = l(a) - l(b);
  return d < 0 ? -d : d;
}

/// Every `stride`-th float in [lo, hi] (dense near 0, as floats are).
template <class F> void forFloats(float lo, float hi, std::int64_t stride, F f) {
  for (std::int64_t v = line(lo); v <= line(hi); v += stride)
    f(fromLine(v));
}

TEST(VectorMath, FloatExpWithinOneUlpOfExpRoundedToFloat) {
  const Compiled &c = compiled();
  std::int64_t worst = 0, n = 0;
  float worstAt = 0;
  // [-87, 88.72]: every 97th float, about 21 million points.
  forFloats(-87.0f, 0x1.62e42ep6f, 97, [&](float x) {
    float want = static_cast<float>(std::exp(double(x)));
    std::int64_t d = ulps(c.expf(x), want);
    ++n;
    if (d > worst) {
      worst = d;
      worstAt = x;
    }
  });
  EXPECT_GT(n, 10000000);
  EXPECT_LE(worst, 1) << "at x = " << worstAt;
}

// exp(x) - 1 is e - 1 where k != 0, which loses up to 2 bits just above
// |x| = ln 2 / 2 (e near 1.41 or 0.71): 4 ulps there, in both precisions.
TEST(VectorMath, FloatExpm1WithinFourUlps) {
  const Compiled &c = compiled();
  std::int64_t worst = 0;
  float worstAt = 0;
  forFloats(-87.0f, 0x1.62e42ep6f, 97, [&](float x) {
    float want = static_cast<float>(std::expm1(double(x)));
    std::int64_t d = ulps(c.expm1f(x), want);
    if (d > worst) {
      worst = d;
      worstAt = x;
    }
  });
  EXPECT_LE(worst, 4) << "at x = " << worstAt;
}

TEST(VectorMath, FloatExpEdges) {
  const Compiled &c = compiled();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(c.expf(0.0f), 1.0f);
  EXPECT_EQ(c.expf(0x1.62e430p6f), inf); // just above ln(FLT_MAX)
  EXPECT_EQ(c.expf(100.0f), inf);
  EXPECT_EQ(c.expf(inf), inf);
  EXPECT_TRUE(std::isnan(c.expf(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isfinite(c.expf(0x1.62e42ep6f)));
  EXPECT_EQ(c.expf(-87.5f), 0.0f); // below the smallest normal: flushed
  EXPECT_EQ(c.expf(-1000.0f), 0.0f);
  EXPECT_EQ(c.expf(-inf), 0.0f);
  EXPECT_GE(c.expf(-87.0f), std::numeric_limits<float>::min());
  EXPECT_EQ(c.expm1f(0.0f), 0.0f);
  EXPECT_EQ(c.expm1f(1e-30f), 1e-30f); // no cancellation near 0
  EXPECT_EQ(c.expm1f(-100.0f), -1.0f);
}

/// The largest distance in ulps between f and glibc's g at n + 1 evenly spaced
/// points of [lo, hi] (offset by `shift`), and where it is.
struct Worst {
  std::int64_t ulps = 0;
  double at = 0;
};
Worst worstOver(double (*f)(double), double (*g)(double), double lo, double hi, int n, double shift = 0) {
  Worst w;
  for (int k = 0; k <= n; ++k) {
    double x = lo + (hi - lo) * k / n + shift;
    std::int64_t d = ulps(f(x), g(x));
    if (d > w.ulps) w = {d, x};
  }
  return w;
}

double glibcExp(double x) { return std::exp(x); }
double glibcExpm1(double x) { return std::expm1(x); }

TEST(VectorMath, DoubleExpWithinOneUlpOfGlibc) {
  const Compiled &c = compiled();
  // 4 million points evenly over [-708, 709.78], and 1 million in [-1, 1].
  Worst e = worstOver(c.exp, glibcExp, -708.0, 709.78, 4000000);
  Worst m1 = worstOver(c.expm1, glibcExpm1, -1.0, 1.0, 1000000, 1e-9);
  EXPECT_LE(e.ulps, 1) << "at x = " << e.at;
  EXPECT_LE(m1.ulps, 4) << "at x = " << m1.at;
  EXPECT_EQ(c.exp(710.0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(c.exp(-709.0), 0.0);
}

// The AVX-512 form, through its scalar entry (which runs the 8-lane body):
// within 1 ulp of glibc's exp down to its subnormal results, and exp(x) - 1
// within 2 ulp of expm1 (no cancellation near 0: 2^k hi - 1 is exact).
TEST(VectorMath, TableExpWithinOneUlpOfGlibc) {
  const Compiled &c = compiled();
  if (!c.texp) GTEST_SKIP() << "no AVX-512 on this CPU";
  Worst e = worstOver(c.texp, glibcExp, -745.0, 709.78, 4000000);
  Worst m1 = worstOver(c.texpm1, glibcExpm1, -745.0, 709.78, 4000000);
  Worst near0 = worstOver(c.texpm1, glibcExpm1, -1.0, 1.0, 2000000, 1e-9);
  EXPECT_LE(e.ulps, 1) << "at x = " << e.at;
  EXPECT_LE(m1.ulps, 2) << "at x = " << m1.at;
  EXPECT_LE(near0.ulps, 2) << "at x = " << near0.at;
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(c.texp(0.0), 1.0);
  EXPECT_EQ(c.texp(710.0), inf);
  EXPECT_EQ(c.texp(inf), inf);
  EXPECT_EQ(c.texp(-inf), 0.0);
  EXPECT_EQ(c.texp(-746.0), 0.0);
  EXPECT_GT(c.texp(-740.0), 0.0); // subnormal, kept
  EXPECT_TRUE(std::isnan(c.texp(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(c.texpm1(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_EQ(c.texpm1(0.0), 0.0);
  EXPECT_EQ(c.texpm1(1e-300), 1e-300);
  EXPECT_EQ(c.texpm1(-inf), -1.0);
  EXPECT_EQ(c.texpm1(inf), inf);
}

} // namespace
