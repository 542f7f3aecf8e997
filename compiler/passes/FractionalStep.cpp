// SPDX-License-Identifier: Apache-2.0
//===- FractionalStep.cpp - Grunwald-Letnikov and L1 steps for Caputo eqs --===//
//
// For D^a x = f(t, x) (Caputo, 0 < a <= 1) both schemes have the form
//
//     x_n = x_{n-1} + (c f - S_n) / den,   S_n = sum_{m>=1} w_m d_{n-m}
//
// over the increments d_k = x_k - x_{k-1} of the state (resets included, so
// a fractional integrate-and-fire neuron remembers its spikes):
//   gl: c = dt^a, w_m = sum_{j<=m} (-1)^j binom(a, j) (the Grunwald-Letnikov
//       weights of x - x_0, summed by parts), f at the old time and state,
//       den = 1: explicit, order 1.
//   l1: c = Gamma(2 - a) dt^a, w_m = (m+1)^(1-a) - m^(1-a), f at the new time,
//       and linearly implicit in x where that damps (den = max(1, 1 - c df/dx)):
//       order 2 - a on smooth solutions.
// A short-memory window keeps the last `window` increments: the Caputo
// derivative with its lower terminal moved to t - window. The runtime owns
// the increments and writes S_n into `_hist.<x>` before each update; the
// weights depend only on a, so they are computed there too.
#include "passes/Passes.h"
#include "passes/Steps.h"

#include <cmath>

namespace bdl::passes {

using namespace ir;

std::int64_t historyWindow(const Equation &eq, double dt) {
  return eq.memory > 0 ? std::max<std::int64_t>(1, std::llround(eq.memory / dt)) : 0;
}

ExprRef fractionalStep(Module &m, Population &p, const Equation &eq, Method method) {
  Group &g = m.groups[p.group];
  Var sum;
  sum.name = "_hist." + g.vars[eq.var].name;
  sum.role = Var::Role::Internal;
  sum.perEntity = true;
  sum.dims = g.vars[eq.var].dims;
  VarRef sumRef{Space::Self, p.group, g.addVar(std::move(sum))};

  FractionalHistory h;
  h.var = eq.var;
  h.sum = sumRef.var;
  h.l1 = method == Method::L1;
  h.order = eq.order;
  h.window = historyWindow(eq, m.experiment.dt);
  p.histories.push_back(h);

  VarRef x{Space::Self, p.group, eq.var};
  ExprRef state = varRef(x);
  ExprRef hAlpha = call("pow", {leaf(Op::Dt), constant(eq.order)});
  if (!h.l1) {
    ExprRef inc = foldSub(foldMul(hAlpha, eq.rhs), varRef(sumRef));
    return foldAdd(state, inc);
  }
  ExprRef c = foldMul(constant(std::tgamma(2 - eq.order)), hAlpha);
  ExprRef later = foldAdd(leaf(Op::Time), leaf(Op::Dt));
  ExprRef f = substitute(eq.rhs, {}, later);
  ExprRef inc = foldSub(foldMul(c, f), varRef(sumRef));
  if (auto dfdx = differentiate(eq.rhs, x)) {
    ExprRef j = substitute(*dfdx, {}, later);
    if (!(j->op == Op::Const && j->value == 0))
      inc = foldDiv(inc, call("max", {constant(1), foldSub(constant(1), foldMul(c, j))}));
  }
  return foldAdd(state, inc);
}

} // namespace bdl::passes
