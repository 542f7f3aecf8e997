// SPDX-License-Identifier: Apache-2.0
#include "passes/Passes.h"

#include <gtest/gtest.h>

using namespace bdl::ir;
using namespace bdl::passes;

namespace {
const VarRef V{Space::Self, 0, 0}, G{Space::Self, 0, 1}, TAU{Space::Self, 0, 2};
double at(const ExprRef &e, double v, double g, double tau) {
  return *evaluateConstant(substitute(e, {{V, constant(v)}, {G, constant(g)}, {TAU, constant(tau)}}));
}
} // namespace

TEST(LinearityTest, ConductanceEquationIsLinearInV) {
  // (g * (0 - v) - (v + 0.06)) / tau = (-g - 1) / tau * v + (-0.06) / tau
  ExprRef rhs = div(sub(mul(varRef(G), sub(constant(0), varRef(V))), add(varRef(V), constant(0.06))), varRef(TAU));
  auto lf = linearIn(rhs, V);
  ASSERT_TRUE(lf);
  EXPECT_FALSE(dependsOn(lf->a, V));
  EXPECT_FALSE(dependsOn(lf->b, V));
  EXPECT_DOUBLE_EQ(at(lf->a, 0, 2, 0.01), -300);
  EXPECT_DOUBLE_EQ(at(lf->b, 0, 2, 0.01), -6);
  // a * v + b reproduces the expression anywhere.
  for (double v : {-0.07, 0.0, 0.03})
    EXPECT_NEAR(at(lf->a, v, 2, 0.01) * v + at(lf->b, v, 2, 0.01), at(rhs, v, 2, 0.01), 1e-12);
}

TEST(LinearityTest, NonlinearTermsAreRejected) {
  EXPECT_FALSE(linearIn(mul(varRef(V), varRef(V)), V));
  EXPECT_FALSE(linearIn(binary(Op::Pow, varRef(V), constant(2)), V));
  EXPECT_FALSE(linearIn(call("exp", {varRef(V)}), V));
  EXPECT_FALSE(linearIn(div(constant(1), varRef(V)), V));
  // Linear in g, with a coefficient that depends on v (conditionally linear).
  EXPECT_TRUE(linearIn(mul(call("exp", {varRef(V)}), varRef(G)), G));
}

TEST(LinearityTest, FoldingBuildersSimplify) {
  EXPECT_EQ(foldAdd(constant(0), varRef(V))->op, Op::Var);
  EXPECT_EQ(foldMul(constant(1), varRef(V))->op, Op::Var);
  double c = -1;
  EXPECT_TRUE(isConst(foldMul(constant(0), varRef(V)), &c));
  EXPECT_EQ(c, 0);
  EXPECT_EQ(foldMul(constant(-1), varRef(V))->op, Op::Neg);
  EXPECT_EQ(foldNeg(foldNeg(varRef(V)))->op, Op::Var);
  EXPECT_TRUE(isConst(foldExpr(add(mul(constant(2), constant(3)), call("exp", {constant(0)}))), &c));
  EXPECT_EQ(c, 7);
}
