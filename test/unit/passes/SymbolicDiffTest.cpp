// SPDX-License-Identifier: Apache-2.0
#include "passes/Passes.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace bdl::ir;
using namespace bdl::passes;

namespace {
const VarRef X{Space::Self, 0, 0}, Y{Space::Self, 0, 1};

double at(const ExprRef &e, double x, double y) {
  return *evaluateConstant(substitute(e, {{X, constant(x)}, {Y, constant(y)}}));
}

/// Compares d e/dx with a central difference at a few points.
void expectDerivative(const ExprRef &e, std::initializer_list<double> xs) {
  auto d = differentiate(e, X);
  ASSERT_TRUE(d);
  for (double x : xs) {
    double h = 1e-6 * std::max(1.0, std::fabs(x));
    double numeric = (at(e, x + h, 0.7) - at(e, x - h, 0.7)) / (2 * h);
    EXPECT_NEAR(at(*d, x, 0.7), numeric, 1e-6 * std::max(1.0, std::fabs(numeric))) << "at x = " << x;
  }
}
} // namespace

TEST(SymbolicDiffTest, Polynomials) {
  auto d = differentiate(mul(constant(3), binary(Op::Pow, varRef(X), constant(2))), X);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(at(*d, 2, 0), 12);
  EXPECT_TRUE(isConst(*differentiate(varRef(Y), X)));
  expectDerivative(div(add(varRef(X), varRef(Y)), sub(varRef(X), constant(5))), {0.5, 2, -3});
}

TEST(SymbolicDiffTest, Functions) {
  for (const char *f : {"exp", "sin", "cos", "tanh", "sqrt", "log", "exprel", "log1p", "expm1", "atan"})
    expectDerivative(call(f, {mul(varRef(X), varRef(Y))}), {0.3, 1.2, 2.5});
  expectDerivative(binary(Op::Pow, varRef(Y), varRef(X)), {0.5, 1.5});
}

TEST(SymbolicDiffTest, ExprelDerivativeIsHalfAtZero) {
  auto d = differentiate(call("exprel", {varRef(X)}), X);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(at(*d, 0, 0), 0.5);
}

TEST(SymbolicDiffTest, NoiseCoefficient) {
  // g of  mu x + sigma x xi  with respect to xi is sigma x; dg/dx is sigma.
  ExprRef rhs = add(mul(varRef(Y), varRef(X)), mul(mul(constant(0.5), varRef(X)), noise(0)));
  auto g = differentiate(rhs, [](const Expr &e) { return e.op == Op::Noise && e.local == 0; });
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(at(*g, 4, 0), 2);
  auto dg = differentiate(*g, X);
  ASSERT_TRUE(dg);
  EXPECT_DOUBLE_EQ(at(*dg, 4, 0), 0.5);
}

TEST(SymbolicDiffTest, RandomDrawsHaveNoDerivative) {
  EXPECT_FALSE(differentiate(mul(varRef(X), random("normal", {varRef(X), constant(1)}, 0)), X));
}
