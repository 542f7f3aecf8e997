// SPDX-License-Identifier: Apache-2.0
//===- EventDriven.cpp - event-driven: synaptic states advanced at events --===//
//
// A synapse's states change between spikes by their equations, e.g. STDP
// traces `dapre/dt = -apre / taupre`. Stepping every synapse every step
// would cost as much as the neurons times the in-degree, so, as Brian2's
// `(event-driven)`, each synapse is brought up to date only when an event
// reaches it: with a = d rhs / dx and b = rhs(x = 0) fixed for the run,
//   x(t) = x + (a x + b) (t - t_last) exprel(a (t - t_last))
// is exact. Then the `on pre` or `on post` body runs and t_last = t.
#include "passes/Passes.h"

namespace bdl::passes {

using namespace ir;

bool eventDriven(Module &m, diag::DiagnosticEngine &diags) {
  bool ok = true;
  for (Projection &pr : m.projections) {
    if (pr.equations.empty() || pr.clockDriven()) continue;
    Group &g = m.groups[pr.group];
    Var last;
    last.name = "_lastupdate";
    last.role = Var::Role::Internal;
    last.perEntity = true;
    last.unit = "s";
    last.dims[2] = 1;
    pr.lastUpdate = g.addVar(std::move(last));
    VarRef lastRef{Space::Self, pr.group, pr.lastUpdate};
    ExprRef elapsed = sub(leaf(Op::Time), varRef(lastRef));
    Block advance;
    std::vector<std::pair<VarRef, int>> results;
    for (Equation &eq : pr.equations) {
      VarRef x{Space::Self, pr.group, eq.var};
      auto lf = linearIn(eq.rhs, x);
      if (!lf || !isRunConstant(m, lf->a) || !isRunConstant(m, lf->b)) {
        diags.report(diag::DiagId::E0504, eq.range, {g.vars[eq.var].name})
            .help("write the coupling in the 'on pre'/'on post' blocks, or keep the state in the neuron");
        ok = false;
        continue;
      }
      eq.chosen = Method::Exact;
      eq.reason = "event-driven";
      ExprRef step = foldMul(foldMul(eq.rhs, elapsed), call("exprel", {foldMul(lf->a, elapsed)}));
      int id = pr.locals++;
      advance.push_back(Stmt::setLocal(id, foldAdd(varRef(x), step)));
      results.push_back({x, id});
    }
    for (auto &[x, id] : results) advance.push_back(Stmt::assign(x, local(id)));
    advance.push_back(Stmt::assign(lastRef, leaf(Op::Time)));
    for (Block *b : {&pr.onPre, &pr.onPost})
      if (!b->empty()) b->insert(b->begin(), advance.begin(), advance.end());
  }
  return ok;
}

} // namespace bdl::passes
