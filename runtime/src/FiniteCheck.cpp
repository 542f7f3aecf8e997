// SPDX-License-Identifier: Apache-2.0
//===- FiniteCheck.cpp - finding NaN and infinite states during a run -----===//
//
// Forward Euler on a stiff equation, an exp that overflows or a --set that
// divides by zero used to end with exit status 0 and arrays of NaN. The step
// loop now scans the state every few hundred steps (a pass over memory the
// update kernels stream through every step anyway, so well under 1% of a
// run) and every recorded sample as it is taken, and stops at the first
// non-finite value with its variable, neuron and time:
//     error: E.v became NaN at t = 12.3 ms (neuron 17); dt = 0.1 ms ...

#include "FiniteCheck.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace bdlrt {
namespace {

/// Blocks of 256 values are scanned without a branch (vectorised), and only
/// a block that holds a non-finite value is searched element by element.
template <class T> std::int64_t firstBad(const T *x, std::int64_t n) {
  constexpr std::int64_t kBlock = 256;
  const T max = std::numeric_limits<T>::max();
  for (std::int64_t b = 0; b < n; b += kBlock) {
    std::int64_t e = b + kBlock < n ? b + kBlock : n;
    bool bad = false;
    for (std::int64_t i = b; i < e; ++i) bad |= !(std::fabs(x[i]) <= max);
    if (!bad) continue;
    for (std::int64_t i = b; i < e; ++i)
      if (!(std::fabs(x[i]) <= max)) return i;
  }
  return -1;
}

std::string formatTime(double seconds) {
  char buf[48];
  double a = std::fabs(seconds);
  if (a < 1)
    std::snprintf(buf, sizeof buf, "%.6g ms", seconds * 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.6g s", seconds);
  return buf;
}

} // namespace

std::int64_t firstNonFinite(const double *values, std::int64_t n) { return firstBad(values, n); }

std::optional<NonFinite> findNonFinite(const Descriptor &d, const std::vector<StateArray> &vars, int group) {
  const GroupDesc &g = d.groups[group];
  for (std::size_t v = 0; v < g.vars.size() && v < vars.size(); ++v) {
    if (g.vars[v].role == VarRole::Param || vars[v].empty()) continue;
    const StateArray &a = vars[v];
    std::int64_t at = a.single() ? firstBad(static_cast<const float *>(a.data()), a.size())
                                 : firstBad(static_cast<const double *>(a.data()), a.size());
    if (at >= 0) return NonFinite{group, static_cast<int>(v), at, a[at]};
  }
  return std::nullopt;
}

std::string nonFiniteMessage(const Descriptor &d, const std::vector<std::vector<StateArray>> &state,
                             const NonFinite &f, double t, double finiteAt) {
  const GroupDesc &g = d.groups[f.group];
  const VarDesc &var = g.vars[f.var];
  double dt = d.experiment.dt;
  std::string what = std::isnan(f.value) ? "NaN" : f.value > 0 ? "+inf" : "-inf";
  std::string name = (f.group == d.network ? "" : g.name + ".") + var.name;
  std::string entity = g.kind == GroupKind::Synapse ? "synapse" : "neuron";
  std::string when = finiteAt >= t - dt * 1.5 ? "at t = " + formatTime(t)
                                             : "between t = " + formatTime(finiteAt) + " and " + formatTime(t);
  std::string msg = name + " became " + what + " " + when;
  if (var.perEntity) msg += " (" + entity + " " + std::to_string(f.index) + ")";

  // rkf45 marks a neuron whose step could not meet the tolerance with a
  // negative step size (passes/AdaptiveStep.cpp).
  for (std::size_t v = 0; v < g.vars.size(); ++v) {
    if (g.vars[v].name != "_h.rkf45" || v >= state[f.group].size()) continue;
    const StateArray &h = state[f.group][v];
    if (f.index < h.size() && h[f.index] < 0)
      return msg + ": rkf45 could not meet its tolerance; its step had shrunk to " + formatTime(-h[f.index]) +
             ". Loosen the tolerance (method rkf45(rtol = ...)) or check the equations for a singularity";
  }
  return msg + "; dt = " + formatTime(dt) +
         ": a smaller dt, or a more stable method (`bdlc emit --ir` shows each equation's), may help; "
         "--allow-nonfinite runs on regardless";
}

} // namespace bdlrt
