// SPDX-License-Identifier: Apache-2.0
//===- AnalyzeFastSlow.cpp - `bdlc analyze --fast-slow` ---------------------===//
//
// Rinzel's dissection of bursting: the slow state z is frozen into a
// parameter of the fast subsystem (System::make with `frozen`), whose fixed
// points are continued in z with their folds and Hopf points (and, with
// --orbits, the periodic orbits from those), and the full model's trajectory
// (classical RK4 at the experiment's dt, from its initial state, for the
// experiment's duration; analysis::trajectory on the model as lowered, before
// any pass) is reported beside them to be drawn over the
// diagram (bdl.dynamics.plot_fast_slow).
#include "driver/AnalyzeReport.h"

#include <cmath>
#include <cstdio>

namespace bdl::driver {

using analysis::Vec;
using nlohmann::json;

bool reportFastSlow(const ir::Module &m, analysis::System &full,
                    const std::vector<std::pair<ir::VarRef, double>> &sets, const analysis::Box &box,
                    const AnalyzeOptions &an, json &out, std::string &error) {
  auto eq = an.fastSlow.find('=');
  if (eq == std::string::npos) {
    error = "expected STATE=FROM:TO";
    return false;
  }
  const std::string name = an.fastSlow.substr(0, eq);
  auto fast = analysis::System::make(m, an.population, error, name);
  if (!fast) return false;
  for (const auto &[r, v] : sets) fast->setValue(r, v);
  auto z = fast->stateRef(name);
  const ir::Var &zv = m.groups[z->group].vars[z->var];
  auto range = parseRange(an.fastSlow.substr(eq + 1), zv, error);
  if (!range) return false;
  if (!fast->continueIn(*z, error)) return false;
  // The fast subsystem's box: the full one without the slow state.
  analysis::Box fb{Vec(fast->size()), Vec(fast->size())};
  std::size_t slow = 0;
  for (std::size_t k = 0, q = 0; k < full.size(); ++k) {
    if (full.var(full.states()[k]).name == name) {
      slow = k;
      continue;
    }
    fb.lo[q] = box.lo[k];
    fb.hi[q++] = box.hi[k];
  }
  fast->setValue(*z, range->first);
  auto starts = analysis::fixedPoints(*fast, fb);
  if (starts.empty()) {
    error = "the fast subsystem has no fixed point in the box at " + name + " = " + shown(range->first, zv);
    return false;
  }
  const analysis::FixedPoint *start = &starts[0];
  for (const auto &fp : starts)
    if (fp.stability.stable) start = &fp;
  const double lo = std::min(range->first, range->second), hi = std::max(range->first, range->second);
  auto br = analysis::continueBranch(*fast, *z, lo, hi, start->x, fb);
  if (!an.json)
    std::printf("fast subsystem of %s with %s as its parameter (%zu fixed point%s at %s):\n", an.population.c_str(),
                name.c_str(), starts.size(), starts.size() == 1 ? "" : "s", shown(range->first, zv).c_str());
  json fs = branchReport(*fast, zv, *range, br, !an.json);
  if (an.orbits) {
    analysis::OrbitOptions o;
    o.intervals = an.mesh;
    for (const std::string &v : an.orbitAt) {
      auto value = valueFor(v, zv, error);
      if (!value) return false;
      o.at.push_back(*value);
    }
    for (const std::string &v : an.orbitFrom) {
      auto value = valueFor(v, zv, error);
      if (!value) return false;
      o.from.push_back(*value);
    }
    fs["orbits"] = orbitsFrom(*fast, *z, zv, br, {lo, hi}, fb, o, !an.json);
  }
  // The full model's trajectory (RK4 of its equations at dt, at most 20000
  // samples and 2e6 steps).
  const double dt = m.experiment.dt;
  const auto steps = static_cast<long>(std::min(2e6, std::ceil(m.experiment.duration / dt)));
  auto run = analysis::trajectory(full, full.initial(), static_cast<double>(steps) * dt);
  json traj = {{"t", run.t}};
  double zmin = run.x.front()[slow], zmax = zmin;
  for (std::size_t q = 0; q < full.size(); ++q) {
    json col = json::array();
    for (const Vec &x : run.x) col.push_back(x[q]);
    traj[full.var(full.states()[q]).name] = col;
  }
  for (const Vec &x : run.x) {
    zmin = std::min(zmin, x[slow]);
    zmax = std::max(zmax, x[slow]);
  }
  fs["trajectory"] = traj;
  fs["slow_state"] = name;
  out["fast_slow"] = fs;
  if (!an.json)
    std::printf("trajectory of the full model: %ld steps of %g ms; %s from %s to %s\n", steps, dt * 1e3, name.c_str(),
                shown(zmin, zv).c_str(), shown(zmax, zv).c_str());
  return true;
}

} // namespace bdl::driver
