// SPDX-License-Identifier: Apache-2.0
//===- AdaptiveStep.cpp - rkf45: Dormand-Prince 5(4) inside the global step -===//
//
// Each neuron integrates the global step dt in substeps of its own size:
//
//     y = x; tau = 0; h = _h.rkf45[i]
//     while tau < dt and n < max:
//       hs = min(h, dt - tau); 7 stages; y5 = 5th-order solution
//       err = RMS over equations of (hs sum e_i k_i) / (atol + rtol max(|y|, |y5|))
//       accept when err <= 1 (or hs has shrunk to dt * 1e-10): y = y5, tau += hs
//       h = hs * clip(0.9 err^(-1/5), 0.2, 5)
//     _h.rkf45[i] = h
//
// atol is rtol times one display unit of each state (1 mV for a voltage in
// mV). The last accepted step size carries over to the next global step, so
// a neuron at rest takes one substep and one in a spike takes many. The
// error norm is an RMS so that a NaN anywhere rejects the step rather than
// being skipped by a max.
#include "passes/Passes.h"
#include "passes/Steps.h"

#include <limits>
#include <map>

namespace bdl::passes {

using namespace ir;

namespace {

// Dormand & Prince (1980), the pair of MATLAB's ode45.
constexpr double kC[7] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
const std::vector<std::vector<double>> kA = {
    {},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
/// 5th-order weights minus the embedded 4th-order ones.
constexpr double kE[7] = {71.0 / 57600,  0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525,
                          -1.0 / 40};
/// Substeps per dt before the neuron fails: 10,000 (a step of dt / 10,000 and
/// less all through dt) means a stiff or singular equation, for which CVODE
/// stops after 500 steps (mxstep) by default.
constexpr int kMaxSubsteps = 10000;

} // namespace

std::vector<ExprRef> adaptiveStep(Module &m, Population &p, const std::vector<int> &eqs, Block &out) {
  Group &g = m.groups[p.group];
  double rtol = 1;
  for (int k : eqs) rtol = std::min(rtol, p.equations[k].rtol);
  Var hv;
  hv.name = "_h.rkf45";
  hv.role = Var::Role::Internal;
  hv.perEntity = true;
  hv.dims[2] = 1; // seconds
  hv.unit = "s";
  hv.defaultValue = m.experiment.dt;
  VarRef hVar{Space::Self, p.group, g.addVar(std::move(hv))};

  auto fresh = [&]() { return p.locals++; };
  auto set = [](Block &b, int id, ExprRef v) {
    b.push_back(Stmt::setLocal(id, std::move(v)));
    return local(id);
  };
  ExprRef dt = leaf(Op::Dt);
  std::size_t n = eqs.size();
  std::vector<int> y(n);
  std::vector<VarRef> states(n);
  for (std::size_t q = 0; q < n; ++q) {
    states[q] = {Space::Self, p.group, p.equations[eqs[q]].var};
    y[q] = fresh();
    set(out, y[q], varRef(states[q]));
  }
  int tau = fresh(), h = fresh(), count = fresh(), failed = fresh();
  set(out, tau, constant(0));
  // abs: a neuron that failed carries its step negated (below).
  set(out, h, call("abs", {varRef(hVar)}));
  set(out, failed, constant(0));
  set(out, count, constant(0));

  Block body;
  ExprRef hs = set(body, fresh(), call("min", {local(h), foldSub(dt, local(tau))}));
  ExprRef start = foldAdd(leaf(Op::Time), local(tau));
  std::vector<std::vector<ExprRef>> k(7, std::vector<ExprRef>(n));
  auto stage = [&](int s, const std::vector<ExprRef> &at) {
    std::map<VarRef, ExprRef> with;
    for (std::size_t q = 0; q < n; ++q) with[states[q]] = at[q];
    ExprRef time = foldAdd(start, foldMul(constant(kC[s]), hs));
    for (std::size_t q = 0; q < n; ++q)
      k[s][q] = set(body, fresh(), substitute(p.equations[eqs[q]].rhs, with, time));
  };
  std::vector<ExprRef> y0(n), y5(n);
  for (std::size_t q = 0; q < n; ++q) y0[q] = local(y[q]);
  stage(0, y0);
  for (int s = 1; s < 7; ++s) {
    std::vector<ExprRef> at(n);
    for (std::size_t q = 0; q < n; ++q) {
      ExprRef sum = constant(0);
      for (int r = 0; r < s; ++r)
        if (kA[s][r] != 0) sum = foldAdd(sum, foldMul(constant(kA[s][r]), k[r][q]));
      at[q] = set(body, fresh(), foldAdd(y0[q], foldMul(hs, sum)));
    }
    if (s == 6) y5 = at; // the last stage is taken at the 5th-order solution
    stage(s, at);
  }
  ExprRef sumSq = constant(0);
  for (std::size_t q = 0; q < n; ++q) {
    ExprRef e = constant(0);
    for (int s = 0; s < 7; ++s)
      if (kE[s] != 0) e = foldAdd(e, foldMul(constant(kE[s]), k[s][q]));
    double atol = rtol * g.vars[states[q].var].unitScale;
    ExprRef scale = foldAdd(constant(atol), foldMul(constant(rtol), call("max", {call("abs", {y0[q]}),
                                                                                 call("abs", {y5[q]})})));
    ExprRef r = foldDiv(foldMul(hs, e), scale);
    sumSq = foldAdd(sumSq, foldMul(r, r));
  }
  ExprRef err = set(body, fresh(), call("sqrt", {foldDiv(sumSq, constant(double(n)))}));
  // A step is taken only within the tolerance. One rejected at a step of
  // 1e-10 dt, or with a NaN error, fails the neuron (below); accepting it,
  // as before, moved on silently with whatever the step gave.
  ExprRef ok = set(body, fresh(), binary(Op::Le, err, constant(1)));
  set(body, failed, binary(Op::And, unary(Op::Not, ok),
                           unary(Op::Not, binary(Op::Gt, hs, foldMul(constant(1e-10), dt)))));
  set(body, failed, binary(Op::Or, local(failed), binary(Op::Ne, err, err)));
  for (std::size_t q = 0; q < n; ++q) set(body, y[q], select(ok, y5[q], y0[q]));
  set(body, tau, select(ok, foldAdd(local(tau), hs), local(tau)));
  ExprRef factor = call("clip", {foldMul(constant(0.9), call("pow", {err, constant(-0.2)})), constant(0.2),
                                 constant(5)});
  // A failed neuron keeps the step it failed at, for the message.
  set(body, h, select(local(failed), local(h), foldMul(hs, factor)));
  set(body, count, foldAdd(local(count), constant(1)));
  ExprRef unfinished = binary(Op::Lt, local(tau), foldMul(constant(1 - 1e-12), dt));
  ExprRef more = binary(Op::And, binary(Op::And, unfinished, unary(Op::Not, local(failed))),
                        binary(Op::Lt, local(count), constant(kMaxSubsteps)));
  out.push_back(Stmt::whileLoop(more, std::move(body)));
  // A neuron that failed, or used up its substeps before the end of dt,
  // becomes NaN, with its step size stored negated: the run stops at the
  // next check and names the neuron, the time and the step reached
  // (runtime/src/FiniteCheck.cpp), as CVODE's mxstep does.
  ExprRef bad = set(out, failed, binary(Op::Or, local(failed), unfinished));
  out.push_back(Stmt::assign(hVar, select(bad, unary(Op::Neg, call("abs", {local(h)})), local(h))));
  std::vector<ExprRef> values(n);
  for (std::size_t q = 0; q < n; ++q)
    values[q] = select(bad, constant(std::numeric_limits<double>::quiet_NaN()), local(y[q]));
  return values;
}

} // namespace bdl::passes
