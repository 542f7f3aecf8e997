// SPDX-License-Identifier: Apache-2.0
#include "ir/IRPrinter.h"
#include "ir/model/Expr.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace bdl::ir;

namespace {

Module oneGroup() {
  Module m;
  Group g;
  g.name = "P";
  for (const char *n : {"v", "ge", "tau"}) {
    Var v;
    v.name = n;
    g.addVar(v);
  }
  m.groups.push_back(g);
  return m;
}

const VarRef V{Space::Self, 0, 0}, GE{Space::Self, 0, 1}, TAU{Space::Self, 0, 2};

} // namespace

TEST(ExprTest, SubstituteReplacesVariablesAndSharesUntouchedSubtrees) {
  ExprRef shared = div(varRef(GE), varRef(TAU));
  ExprRef e = add(mul(varRef(V), shared), shared);
  ExprRef r = substitute(e, {{V, constant(2)}});
  ASSERT_EQ(r->op, Op::Add);
  EXPECT_EQ(r->args[1], shared);          // untouched: the same node
  EXPECT_EQ(r->args[0]->args[1], shared); // and shared where it was
  EXPECT_TRUE(isConst(r->args[0]->args[0]));
  EXPECT_FALSE(dependsOn(r, V));
  EXPECT_TRUE(dependsOn(r, GE));
}

TEST(ExprTest, SubstituteCanReplaceTime) {
  ExprRef e = mul(leaf(Op::Time), varRef(V));
  ExprRef later = add(leaf(Op::Time), leaf(Op::Dt));
  ExprRef r = substitute(e, {}, later);
  EXPECT_EQ(r->args[0], later);
}

TEST(ExprTest, StructuralEquality) {
  EXPECT_TRUE(equal(add(varRef(V), constant(1)), add(varRef(V), constant(1))));
  EXPECT_FALSE(equal(add(varRef(V), constant(1)), add(varRef(GE), constant(1))));
  EXPECT_FALSE(equal(add(varRef(V), constant(1)), sub(varRef(V), constant(1))));
  EXPECT_FALSE(equal(random("uniform", {}, 0), random("uniform", {}, 1)));
}

TEST(ExprTest, EvaluateConstant) {
  EXPECT_EQ(*evaluateConstant(div(constant(20), constant(1000))), 0.02);
  EXPECT_DOUBLE_EQ(*evaluateConstant(call("exprel", {constant(0)})), 1.0);
  EXPECT_DOUBLE_EQ(*evaluateConstant(call("exprel", {constant(1)})), std::exp(1.0) - 1);
  EXPECT_EQ(*evaluateConstant(select(binary(Op::Lt, constant(1), constant(2)), constant(3), constant(4))), 3);
  EXPECT_FALSE(evaluateConstant(add(varRef(V), constant(1))));
  EXPECT_FALSE(evaluateConstant(random("uniform", {constant(0), constant(1)}, 0)));
}

TEST(ExprTest, PrinterUsesPrecedenceAndNames) {
  Module m = oneGroup();
  ExprRef e = div(sub(constant(-0.06), varRef(V)), varRef(TAU));
  EXPECT_EQ(printExpr(m, e), "(-0.06 - v) / tau");
  EXPECT_EQ(printExpr(m, sub(varRef(V), sub(varRef(GE), constant(1)))), "v - (ge - 1)");
  EXPECT_EQ(printExpr(m, mul(constant(-1), varRef(V))), "(-1) * v");
  EXPECT_EQ(printExpr(m, binary(Op::Pow, varRef(V), constant(3))), "v^3");
  EXPECT_EQ(printExpr(m, varRef({Space::Post, 0, 1})), "post.ge");
}

TEST(ExprTest, NumbersRoundTrip) {
  EXPECT_EQ(formatNumber(0.1), "0.1");
  EXPECT_EQ(formatNumber(1e-4), "1e-04");
  EXPECT_EQ(formatNumber(0.018000000000000002), "0.018000000000000002");
}
