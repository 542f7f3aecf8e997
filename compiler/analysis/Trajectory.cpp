// SPDX-License-Identifier: Apache-2.0
//===- Trajectory.cpp - one neuron's trajectory through its compiled step ---===//
//
// The population's update block is what code generation turns into the
// executable's update kernel. When it is straight-line code (every method
// but the adaptive one), its locals and assignments are inlined into one
// expression per state (the next step's value), as the adjoint pass reads
// a kernel, and evaluated from a tape: the same arithmetic as the compiled
// step, so a trajectory equals `bdlc run`'s to rounding. Propagators the
// step reads (computed once at start) are inlined too, when they need no
// matrix exponential.
#include "analysis/Analysis.h"
#include "passes/Passes.h"

#include <cmath>

namespace bdl::analysis {

using namespace ir;


Trajectory trajectory(System &s, const Vec &x0, double duration, std::size_t samples) {
  Trajectory tr;
  const Module &m = s.module();
  const Population *pop = nullptr;
  for (const Population &p : m.populations)
    if (p.group == s.groupIndex()) pop = &p;
  const double dt = m.experiment.dt;
  const auto n = s.size();
  // The compiled step: propagators, then the update, as expressions of the
  // state before the step.
  std::map<VarRef, ExprRef> prepared, next;
  std::map<int, ExprRef> locals;
  const bool lowered = !pop->update.empty();
  bool straight = lowered && passes::inlineStraightLine(pop->prepare, prepared, locals);
  std::map<int, ExprRef> updateLocals;
  if (straight) {
    next = prepared;
    straight = passes::inlineStraightLine(pop->update, next, updateLocals);
  }
  // Two versions of the step: free, and refractory (`unless refractory`
  // equations hold their value), as the compiled step's select on
  // step >= _ref_until decides.
  std::vector<ExprRef> free, held;
  Tape step, stepHeld, reset, refractory;
  std::string error;
  if (straight) {
    for (int v : s.states()) {
      VarRef r{Space::Self, s.groupIndex(), v};
      auto it = next.find(r);
      ExprRef e = withoutNoise(it == next.end() ? varRef(r) : it->second, true);
      if (pop->refUntil >= 0) {
        VarRef ru{Space::Self, s.groupIndex(), pop->refUntil};
        free.push_back(substitute(e, {{ru, constant(0)}}));
        held.push_back(substitute(e, {{ru, constant(1)}}));
      } else {
        free.push_back(e);
        held.push_back(e);
      }
    }
    straight = s.bind(step, free, error) && s.bind(stepHeld, held, error);
  }
  // Refractory for round(refractory / dt) steps after a spike, as the
  // executable counts it.
  long refractorySteps = 0;
  if (pop->refractory && s.bind(refractory, {pop->refractory}, error)) {
    double ref = 0;
    s.evaluate(refractory, s.initial(), &ref);
    refractorySteps = std::lround(ref / dt);
  }
  // The spike condition and the reset, when straight-line.
  bool spikes = false;
  if (straight && pop->threshold) {
    std::map<VarRef, ExprRef> after;
    std::map<int, ExprRef> resetLocals;
    if (passes::inlineStraightLine(pop->reset, after, resetLocals)) {
      std::vector<ExprRef> r{withoutNoise(pop->threshold, true)};
      for (int v : s.states()) {
        VarRef ref{Space::Self, s.groupIndex(), v};
        auto it = after.find(ref);
        r.push_back(it == after.end() ? varRef(ref) : it->second);
      }
      spikes = s.bind(reset, r, error);
    }
  }
  std::string method;
  for (const Equation &eq : pop->equations)
    if (method.empty() || method == spelling(eq.chosen)) method = spelling(eq.chosen);
    else method = "mixed";
  tr.integrator = straight   ? "the model's update (" + method + ")"
                 : !lowered ? "RK4 of the equations"
                            : "RK4 of the equations (the model's " + method +
                                  " step branches, loops or needs a matrix exponential)";

  const auto steps = static_cast<long>(std::ceil(duration / dt - 1e-9));
  const long every = std::max<long>(1, steps / static_cast<long>(std::max<std::size_t>(samples, 1)));
  Vec x = x0, y(n), r(n + 1);
  long until = 0; // the step from which the neuron is free again
  for (long k = 0; k <= steps && x.allFinite(); ++k) {
    if (k % every == 0) {
      tr.t.push_back(k * dt);
      tr.x.push_back(x);
    }
    if (k == steps) break;
    if (straight) {
      s.evaluate(k >= until ? step : stepHeld, x, y.data());
      x = y;
      if (spikes && k >= until) {
        s.evaluate(reset, x, r.data());
        if (r[0] != 0) {
          tr.spikes.push_back(k * dt);
          x = r.tail(n);
          until = k + refractorySteps;
        }
      }
    } else {
      x = rk4(s, x, dt);
    }
  }
  return tr;
}

} // namespace bdl::analysis
