// SPDX-License-Identifier: Apache-2.0
//===- Analyze.cpp - `bdlc analyze`: fixed points and continuation ---------===//
//
//   bdlc analyze examples/fhn.bdl --population N --range v=-3:3 --range w=-3:3
//   bdlc analyze ... --continue I=0:2 --json
//
// The model is lowered as for `bdlc run` (the experiment's network, its
// parameters and overrides), then analysed as dx/dt = f(x; p) for one
// neuron of the population (compiler/analysis). Values in and out are in
// the variables' display units; --json writes everything in SI.
#include "analysis/Analysis.h"
#include "driver/AnalyzeReport.h"
#include "driver/Commands.h"
#include "passes/Passes.h"
#include "sema/Sema.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace bdl::driver {

using analysis::Vec;
using nlohmann::json;


int runAnalyze(const AnalyzeOptions &an, const Options &opts) {
  Compilation c(opts);
  support::FileId id = c.addFile(an.file);
  if (!id) {
    printDiagnostics(c.diags(), "auto");
    return ExitUsage;
  }
  auto m = c.lowerModule(id, an.experiment);
  printDiagnostics(c.diags(), "auto");
  if (!m) return ExitErrors;
  auto usage = [](const std::string &what) {
    std::fprintf(stderr, "error: %s\n", what.c_str());
    return ExitUsage;
  };
  if ((an.orbits || !an.orbitAt.empty()) && an.continuation.empty() && an.fastSlow.empty())
    return usage("--orbits needs --continue or --fast-slow");
  if (!an.fastSlow.empty() && (!an.continuation.empty() || an.slowPoints > 0))
    return usage("--fast-slow is an analysis of its own: without --continue or --slow-points");
  std::string error;
  auto sys = analysis::System::make(*m, an.population, error);
  if (!sys) return usage(error);
  analysis::System &s = *sys;

  std::vector<std::pair<ir::VarRef, double>> given;
  for (const std::string &a : an.sets) {
    auto eq = a.find('=');
    auto p = eq == std::string::npos ? std::nullopt : s.param(a.substr(0, eq));
    if (!p) return usage("--set " + a + ": expected PARAM=VALUE with a parameter of '" + an.population + "'");
    const ir::Var &v = m->groups[p->group].vars[p->var];
    auto value = valueFor(a.substr(eq + 1), v, error);
    if (!value) return usage("--set " + a + ": " + error);
    s.setValue(*p, *value);
    given.push_back({*p, *value});
  }
  analysis::Box box{Vec(s.size()), Vec(s.size())};
  Vec x0 = s.initial();
  for (std::size_t k = 0; k < s.size(); ++k) { // default: the initial value +- 5 of its unit or itself
    double half = 5 * std::max(std::fabs(x0[k]), s.var(s.states()[k]).unitScale);
    box.lo[k] = x0[k] - half;
    box.hi[k] = x0[k] + half;
  }
  for (const std::string &r : an.ranges) {
    auto eq = r.find('=');
    std::size_t k = 0;
    while (k < s.size() && (eq == std::string::npos || s.var(s.states()[k]).name != r.substr(0, eq))) ++k;
    if (k == s.size()) return usage("--range " + r + ": expected STATE=FROM:TO with a state of '" + an.population + "'");
    auto range = parseRange(r.substr(eq + 1), s.var(s.states()[k]), error);
    if (!range) return usage("--range " + r + ": " + error);
    box.lo[k] = std::min(range->first, range->second);
    box.hi[k] = std::max(range->first, range->second);
  }

  json out;
  out["population"] = an.population;
  json states = json::array();
  for (int v : s.states()) states.push_back({{"name", s.var(v).name}, {"unit", s.var(v).unit}});
  out["states"] = states;
  if (!an.fastSlow.empty()) {
    if (!reportFastSlow(*m, s, given, box, an, out, error)) return usage("--fast-slow " + an.fastSlow + ": " + error);
    if (an.json) std::cout << out.dump(1) << "\n";
    return ExitOk;
  }
  if (an.slowPoints > 0) {
    if (!reportSlowPoints(*m, s, box, an, out, error)) return usage("--slow-points: " + error);
    if (an.json) std::cout << out.dump(1) << "\n";
    return ExitOk;
  }
  auto fps = analysis::fixedPoints(s, box);
  json fpj = json::array();
  std::vector<std::optional<analysis::Cycle>> cycles(fps.size());
  for (std::size_t k = 0; k < fps.size(); ++k) {
    const auto &fp = fps[k];
    json j = {{"state", stateJson(s, fp.x)}, {"stability", stabilityJson(fp.stability)}};
    if (an.cycles && !fp.stability.stable && (cycles[k] = analysis::limitCycle(s, fp.x, fp.stability, box)))
      j["cycle"] = cycleJson(s, *cycles[k]);
    fpj.push_back(j);
  }
  out["fixed_points"] = fpj;
  if (!an.json) {
    std::printf("%s: %zu fixed point%s in", an.population.c_str(), fps.size(), fps.size() == 1 ? "" : "s");
    for (std::size_t k = 0; k < s.size(); ++k)
      std::printf("%s %s [%s, %s]", k ? "," : "", s.var(s.states()[k]).name.c_str(),
                  shown(box.lo[k], s.var(s.states()[k])).c_str(), shown(box.hi[k], s.var(s.states()[k])).c_str());
    std::printf("\n");
    for (const auto &fp : fps) {
      std::printf(" ");
      for (std::size_t k = 0; k < s.size(); ++k)
        std::printf(" %s = %s", s.var(s.states()[k]).name.c_str(), shown(fp.x[k], s.var(s.states()[k])).c_str());
      std::printf("  %s; eigenvalues", fp.stability.kind.c_str());
      for (auto l : fp.stability.eigenvalues) std::printf(" %.6g%+.6gi", l.real(), l.imag());
      std::printf(" /s\n");
      if (const auto &c = cycles[&fp - fps.data()]) {
        std::printf("    limit cycle around it: period %.8g ms;", c->period * 1e3);
        for (std::size_t k = 0; k < s.size(); ++k)
          std::printf(" %s %s..%s", s.var(s.states()[k]).name.c_str(), shown(c->min[k], s.var(s.states()[k])).c_str(),
                      shown(c->max[k], s.var(s.states()[k])).c_str());
        std::printf("\n");
      }
    }
  }

  if (!an.trajectories.empty()) {
    // Trajectories run the step the compiler lowers: the integrator passes
    // on a copy of the model (their diagnostics were reported by check).
    ir::Module stepped = *m;
    if (!passes::chooseIntegrator(stepped, c.diags())) {
      printDiagnostics(c.diags(), "auto");
      return ExitErrors;
    }
    passes::lowerIntegrators(stepped);
    auto run = analysis::System::make(stepped, an.population, error);
    if (!run) return usage(error);
    for (const auto &[r, v] : given) run->setValue(r, v);
    json list = json::array();
    if (!reportTrajectories(stepped, *run, an, list, error)) return usage(error);
    out["trajectories"] = list;
  }
  if (an.phasePlane > 0) {
    if (s.size() != 2) return usage("--phase-plane needs a model with two states; '" + an.population + "' has " +
                                    std::to_string(s.size()));
    // f on a grid: the Python module draws nullclines as its zero contours
    // and streamlines through it (bdl.dynamics).
    const int n = an.phasePlane;
    json xs = json::array(), ys = json::array(), f0 = json::array(), f1 = json::array();
    for (int k = 0; k < n; ++k) {
      xs.push_back(box.lo[0] + (box.hi[0] - box.lo[0]) * k / (n - 1));
      ys.push_back(box.lo[1] + (box.hi[1] - box.lo[1]) * k / (n - 1));
    }
    for (int r = 0; r < n; ++r) { // rows: the second state
      json row0 = json::array(), row1 = json::array();
      for (int c = 0; c < n; ++c) {
        Vec x(2);
        x << xs[c].get<double>(), ys[r].get<double>();
        Vec f = s.f(x);
        row0.push_back(f[0]);
        row1.push_back(f[1]);
      }
      f0.push_back(row0);
      f1.push_back(row1);
    }
    out["phase_plane"] = {{"x", xs}, {"y", ys}, {"f", {f0, f1}}};
    if (!an.json) std::printf("phase plane: the vector field on a %d x %d grid (with --json)\n", n, n);
  }

  if (!an.continuation.empty()) {
    auto eq = an.continuation.find('=');
    auto p = eq == std::string::npos ? std::nullopt : s.param(an.continuation.substr(0, eq));
    if (!p) return usage("--continue " + an.continuation + ": expected PARAM=FROM:TO with a parameter of '" +
                         an.population + "'");
    const ir::Var &pv = m->groups[p->group].vars[p->var];
    auto range = parseRange(an.continuation.substr(eq + 1), pv, error);
    if (!range) return usage("--continue " + an.continuation + ": " + error);
    if (!s.continueIn(*p, error)) return usage("--continue: " + error);
    // From the fixed point at the range's start (a stable one if any).
    s.setValue(*p, range->first);
    auto starts = analysis::fixedPoints(s, box);
    if (starts.empty()) return usage("--continue: no fixed point at " + pv.name + " = " + shown(range->first, pv));
    const analysis::FixedPoint *start = &starts[0];
    for (const auto &fp : starts)
      if (fp.stability.stable) start = &fp;
    auto br = analysis::continueBranch(s, *p, range->first, range->second, start->x, box);
    out["continuation"] = branchReport(s, pv, *range, br, !an.json);
    if (an.orbits) {
      analysis::OrbitOptions o;
      o.intervals = an.mesh;
      for (const std::string &v : an.orbitAt) {
        auto value = valueFor(v, pv, error);
        if (!value) return usage("--orbit-at " + v + ": " + error);
        o.at.push_back(*value);
      }
      for (const std::string &v : an.orbitFrom) {
        auto value = valueFor(v, pv, error);
        if (!value) return usage("--orbit-from " + v + ": " + error);
        o.from.push_back(*value);
      }
      out["continuation"]["orbits"] = orbitsFrom(s, *p, pv, br, *range, box, o, !an.json);
    } else if (!an.orbitAt.empty()) {
      return usage("--orbit-at needs --orbits");
    }
    if (an.cycles) {
      // Cycles along the unstable part of the branch: at most 12 points of it.
      std::vector<const analysis::BranchPoint *> unstable;
      for (const auto &bp : br.points)
        if (!bp.stability.stable) unstable.push_back(&bp);
      json cj = json::array();
      std::size_t every = std::max<std::size_t>(1, (unstable.size() + 11) / 12);
      for (std::size_t k = 0; k < unstable.size(); k += every) {
        s.setValue(*p, unstable[k]->p);
        if (auto c = analysis::limitCycle(s, unstable[k]->x, unstable[k]->stability, box)) {
          json j = cycleJson(s, *c);
          j["p"] = unstable[k]->p;
          cj.push_back(j);
          if (!an.json)
            std::printf("  cycle at %s = %s: period %.8g ms\n", pv.name.c_str(), shown(unstable[k]->p, pv).c_str(),
                        c->period * 1e3);
        }
      }
      s.setValue(*p, range->first);
      out["continuation"]["cycles"] = cj;
    }
    if (!an.second.empty()) {
      auto eq2 = an.second.find('=');
      auto p2 = eq2 == std::string::npos ? std::nullopt : s.param(an.second.substr(0, eq2));
      if (!p2 || *p2 == *p)
        return usage("--two-parameter " + an.second + ": expected PARAM=FROM:TO with another parameter of '" +
                     an.population + "'");
      const ir::Var &p2v = m->groups[p2->group].vars[p2->var];
      auto r2 = parseRange(an.second.substr(eq2 + 1), p2v, error);
      if (!r2) return usage("--two-parameter " + an.second + ": " + error);
      if (!s.continueIn(*p2, error)) return usage("--two-parameter: " + error);
      json curves = json::array();
      for (const auto &x : br.special) {
        auto curve = analysis::continueCurve(s, x, *p, *p2, std::min(range->first, range->second),
                                             std::max(range->first, range->second), std::min(r2->first, r2->second),
                                             std::max(r2->first, r2->second), box);
        json pts2 = json::array();
        for (auto [a, b] : curve.points) pts2.push_back({a, b});
        curves.push_back({{"kind", curve.kind}, {"points", pts2}});
        if (!an.json)
          std::printf("  %s curve in (%s, %s) through %s = %s: %zu points, %s from %s to %s\n", curve.kind.c_str(),
                      pv.name.c_str(), p2v.name.c_str(), pv.name.c_str(), shown(x.p, pv).c_str(), curve.points.size(),
                      p2v.name.c_str(), shown(curve.points.front().second, p2v).c_str(),
                      shown(curve.points.back().second, p2v).c_str());
      }
      out["two_parameter"] = {{"parameters", {pv.name, p2v.name}}, {"curves", curves}};
    }
  }
  if (an.json) std::cout << out.dump(1) << "\n";
  return ExitOk;
}

} // namespace bdl::driver
