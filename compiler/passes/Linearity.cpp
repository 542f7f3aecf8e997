// SPDX-License-Identifier: Apache-2.0
//===- Linearity.cpp - is an expression linear in a variable? --------------===//
//
// Decides the integrator (linear systems with constant coefficients are
// integrated exactly, conditionally linear ones by exponential Euler):
//   (El - v + ge * (Ee - v)) / taum   is  (-1 - ge) / taum * v + (El + ge * Ee) / taum
#include "passes/Passes.h"

#include <set>

namespace bdl::passes {

using namespace ir;

std::vector<int> noiseSources(const ExprRef &e) {
  std::set<int> found;
  dependsOnAny(e, [&](const Expr &x) {
    if (x.op == Op::Noise) found.insert(x.local);
    return false;
  });
  return {found.begin(), found.end()};
}

std::optional<LinearForm> linearIn(const ExprRef &e, const VarRef &x) {
  if (!dependsOn(e, x)) return LinearForm{constant(0), e};
  switch (e->op) {
  case Op::Var: return LinearForm{constant(1), constant(0)}; // it is x
  case Op::Neg: {
    auto a = linearIn(e->args[0], x);
    if (!a) return std::nullopt;
    return LinearForm{foldNeg(a->a), foldNeg(a->b)};
  }
  case Op::Add:
  case Op::Sub: {
    auto l = linearIn(e->args[0], x), r = linearIn(e->args[1], x);
    if (!l || !r) return std::nullopt;
    if (e->op == Op::Add) return LinearForm{foldAdd(l->a, r->a), foldAdd(l->b, r->b)};
    return LinearForm{foldSub(l->a, r->a), foldSub(l->b, r->b)};
  }
  case Op::Mul: {
    const ExprRef &p = e->args[0], &q = e->args[1];
    if (!dependsOn(p, x)) {
      auto r = linearIn(q, x);
      if (!r) return std::nullopt;
      return LinearForm{foldMul(p, r->a), foldMul(p, r->b)};
    }
    if (!dependsOn(q, x)) {
      auto l = linearIn(p, x);
      if (!l) return std::nullopt;
      return LinearForm{foldMul(l->a, q), foldMul(l->b, q)};
    }
    return std::nullopt;
  }
  case Op::Div: {
    if (dependsOn(e->args[1], x)) return std::nullopt;
    auto l = linearIn(e->args[0], x);
    if (!l) return std::nullopt;
    return LinearForm{foldDiv(l->a, e->args[1]), foldDiv(l->b, e->args[1])};
  }
  default: return std::nullopt;
  }
}

} // namespace bdl::passes
