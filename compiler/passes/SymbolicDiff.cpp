// SPDX-License-Identifier: Apache-2.0
//===- SymbolicDiff.cpp - derivatives of expression DAGs --------------------===//
//
// Milstein's scheme needs d g / d x of a noise coefficient g, e.g. for
// geometric noise g = sigma x it is sigma; later, Jacobians and training use
// the same rules. Results are folded as they are built, and shared
// subexpressions are differentiated once.
#include "passes/Passes.h"

#include <cmath>
#include <unordered_map>

namespace bdl::passes {

using namespace ir;

namespace {

struct Differentiator {
  const std::function<bool(const Expr &)> &isX;
  std::unordered_map<const Expr *, ExprRef> memo;
  bool failed = false;

  ExprRef d(const ExprRef &e) {
    if (auto it = memo.find(e.get()); it != memo.end()) return it->second;
    ExprRef r = rule(e);
    memo.emplace(e.get(), r);
    return r;
  }

  ExprRef rule(const ExprRef &e) {
    if (isX(*e)) return constant(1);
    if (!dependsOnAny(e, isX)) return constant(0);
    const auto &a = e->args;
    switch (e->op) {
    case Op::Neg: return foldNeg(d(a[0]));
    case Op::Add: return foldAdd(d(a[0]), d(a[1]));
    case Op::Sub: return foldSub(d(a[0]), d(a[1]));
    case Op::Mul: return foldAdd(foldMul(d(a[0]), a[1]), foldMul(a[0], d(a[1])));
    case Op::Div:
      // A denominator free of x (the common `(...) / tau`) needs no quotient rule.
      if (!dependsOnAny(a[1], isX)) return foldDiv(d(a[0]), a[1]);
      return foldDiv(foldSub(foldMul(d(a[0]), a[1]), foldMul(a[0], d(a[1]))), foldMul(a[1], a[1]));
    case Op::Pow: {
      double c;
      if (isConst(a[1], &c))
        return foldMul(foldMul(constant(c), binary(Op::Pow, a[0], constant(c - 1))), d(a[0]));
      // a^b = exp(b ln a): (b' ln a + b a' / a) a^b
      ExprRef inner = foldAdd(foldMul(d(a[1]), call("log", {a[0]})), foldDiv(foldMul(a[1], d(a[0])), a[0]));
      return foldMul(inner, e);
    }
    case Op::Select: return select(a[0], d(a[1]), d(a[2]));
    case Op::Call: return callRule(e);
    default: failed = true; return constant(0);
    }
  }

  ExprRef callRule(const ExprRef &e) {
    const std::string &f = e->callee;
    const auto &a = e->args;
    ExprRef x = a.empty() ? constant(0) : a[0];
    ExprRef dx = a.empty() ? constant(0) : d(x);
    auto chain = [&](ExprRef outer) { return foldMul(std::move(outer), dx); };
    if (f == "exp") return chain(e);
    if (f == "expm1") return chain(call("exp", {x}));
    if (f == "log") return foldDiv(dx, x);
    if (f == "log1p") return foldDiv(dx, foldAdd(constant(1), x));
    if (f == "log10") return foldDiv(dx, foldMul(x, constant(std::log(10.0))));
    if (f == "log2") return foldDiv(dx, foldMul(x, constant(std::log(2.0))));
    if (f == "sqrt") return foldDiv(dx, foldMul(constant(2), e));
    if (f == "sin") return chain(call("cos", {x}));
    if (f == "cos") return chain(foldNeg(call("sin", {x})));
    if (f == "tan") return foldDiv(dx, foldMul(call("cos", {x}), call("cos", {x})));
    if (f == "sinh") return chain(call("cosh", {x}));
    if (f == "cosh") return chain(call("sinh", {x}));
    if (f == "tanh") return chain(foldSub(constant(1), foldMul(e, e)));
    if (f == "atan") return foldDiv(dx, foldAdd(constant(1), foldMul(x, x)));
    if (f == "abs") return chain(call("sign", {x}));
    if (f == "exprel") {
      // d/dx (e^x - 1)/x = (x e^x - e^x + 1) / x^2, which tends to 1/2 at 0.
      ExprRef ex = call("exp", {x});
      ExprRef q = foldDiv(foldAdd(foldSub(foldMul(x, ex), ex), constant(1)), foldMul(x, x));
      return chain(select(binary(Op::Eq, x, constant(0)), constant(0.5), q));
    }
    if (f == "min" || f == "max") {
      ExprRef firstWins = binary(f == "min" ? Op::Le : Op::Ge, a[0], a[1]);
      return select(firstWins, d(a[0]), d(a[1]));
    }
    if (f == "floor" || f == "ceil" || f == "round" || f == "sign" || f == "heaviside") return constant(0);
    failed = true;
    return constant(0);
  }
};

} // namespace

std::optional<ExprRef> differentiate(const ExprRef &e, const std::function<bool(const Expr &)> &isX) {
  Differentiator df{isX, {}, false};
  ExprRef r = df.d(e);
  if (df.failed) return std::nullopt;
  return foldExpr(r);
}

std::optional<ExprRef> differentiate(const ExprRef &e, const VarRef &x) {
  return differentiate(e, [&](const Expr &n) { return n.op == Op::Var && n.var == x; });
}

} // namespace bdl::passes
