// SPDX-License-Identifier: Apache-2.0
//===- AnalyzeReport.cpp - values in and out of `bdlc analyze` -------------===//
#include "driver/AnalyzeReport.h"

#include "units/Quantity.h"
#include "units/Unit.h"

#include <cmath>
#include <cstdio>

namespace bdl::driver {

using analysis::Vec;
using nlohmann::json;

/// "-80mV" or "-80" (the variable's display unit) as an SI value of `v`'s
/// dimension; a unit of another dimension is refused.
std::optional<double> valueFor(const std::string &text, const ir::Var &v, std::string &error) {
  auto q = units::parseQuantity(text, &error);
  if (!q) return std::nullopt;
  if (!q->hasUnit) return q->siValue * v.unitScale;
  auto want = units::dimensionFromExponents(v.dims);
  if (want && q->dim != *want) {
    error = "'" + text + "' is " + units::describeDimension(q->dim) + ", but '" + v.name + "' is " +
            units::describeDimension(*want);
    return std::nullopt;
  }
  return q->siValue;
}

/// "-80mV:20mV" or "0:2" as SI values of `v`'s dimension (valueFor).
std::optional<std::pair<double, double>> parseRange(const std::string &text, const ir::Var &v, std::string &error) {
  auto colon = text.find(':');
  if (colon == std::string::npos) {
    error = "expected FROM:TO";
    return std::nullopt;
  }
  auto from = valueFor(text.substr(0, colon), v, error);
  auto to = from ? valueFor(text.substr(colon + 1), v, error) : std::nullopt;
  if (!to) return std::nullopt;
  return std::pair{*from, *to};
}

std::string shown(double si, const ir::Var &v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", si / v.unitScale);
  return std::string(buf) + (v.unit.empty() || v.unit == "1" ? "" : " " + v.unit);
}

json stabilityJson(const analysis::Stability &st) {
  json eig = json::array();
  for (auto l : st.eigenvalues) eig.push_back({l.real(), l.imag()});
  return {{"kind", st.kind}, {"stable", st.stable}, {"eigenvalues_per_s", eig}};
}

json stateJson(const analysis::System &s, const Vec &x) {
  json o = json::object();
  for (std::size_t k = 0; k < s.size(); ++k) o[s.var(s.states()[k]).name] = x[k];
  return o;
}

json cycleJson(const analysis::System &s, const analysis::Cycle &c) {
  return {{"period_s", c.period}, {"min", stateJson(s, c.min)}, {"max", stateJson(s, c.max)}};
}

json orbitJson(const analysis::System &s, const analysis::OrbitPoint &o) {
  json mu = json::array();
  for (auto z : o.multipliers) mu.push_back({z.real(), z.imag()});
  return {{"p", o.p},          {"period_s", o.period}, {"min", stateJson(s, o.min)}, {"max", stateJson(s, o.max)},
          {"stable", o.stable}, {"multipliers", mu}};
}

/// --orbits: the periodic orbits from each Hopf point of `br`.
/// One orbit branch in the JSON and, with `text`, its special points.
json orbitBranchReport(const analysis::System &s, const ir::Var &pv, const analysis::OrbitBranch &ob,
                       const std::string &from, json head, bool text) {
  json pts = json::array(), sp = json::array();
  for (const auto &q : ob.points) pts.push_back(orbitJson(s, q));
  for (const auto &x : ob.special) {
    json j = orbitJson(s, x.orbit);
    j["kind"] = x.kind;
    sp.push_back(j);
  }
  head["mesh"] = {{"intervals", ob.intervals}, {"degree", ob.degree}};
  head["branch"] = pts;
  head["special"] = sp;
  head["end"] = ob.end;
  if (!text) return head;
  std::printf("  periodic orbits %s: %zu orbits; %s\n", from.c_str(), ob.points.size(), ob.end.c_str());
  for (const auto &x : ob.special) {
    const auto &q = x.orbit;
    std::printf("    %s at %s = %s: period %.8g ms, %s", x.kind == "fold" ? "fold of cycles" : "orbit", pv.name.c_str(),
                shown(q.p, pv).c_str(), q.period * 1e3, q.stable ? "stable" : "unstable");
    for (std::size_t k = 0; k < s.size(); ++k)
      std::printf(", %s %s..%s", s.var(s.states()[k]).name.c_str(), shown(q.min[k], s.var(s.states()[k])).c_str(),
                  shown(q.max[k], s.var(s.states()[k])).c_str());
    std::printf("\n");
  }
  return head;
}

json orbitsFrom(analysis::System &s, const ir::VarRef &p, const ir::Var &pv, const analysis::Branch &br,
                std::pair<double, double> range, const analysis::Box &box, const analysis::OrbitOptions &o, bool text) {
  json out = json::array();
  const double lo = std::min(range.first, range.second), hi = std::max(range.first, range.second);
  std::vector<double> reached; // Hopf points where an earlier branch ended
  for (const auto &h : br.special) {
    if (h.kind != "hopf") continue;
    bool seen = false;
    for (double r : reached) seen |= std::fabs(r - h.p) <= 1e-3 * (hi - lo);
    if (seen) {
      if (text)
        std::printf("  periodic orbits from the Hopf point at %s = %s: the branch above ends there\n", pv.name.c_str(),
                    shown(h.p, pv).c_str());
      out.push_back({{"hopf_p", h.p}, {"same_as_previous", true}});
      continue;
    }
    auto ob = analysis::continueOrbits(s, p, lo, hi, h, box, o);
    if (ob.endsAtHopf && !ob.points.empty()) reached.push_back(ob.points.back().p);
    out.push_back(orbitBranchReport(s, pv, ob, "from the Hopf point at " + pv.name + " = " + shown(h.p, pv),
                                    {{"hopf_p", h.p}}, text));
  }
  // Stable cycles found by simulation at the --orbit-from values, around
  // each unstable fixed point there.
  const double p0 = s.value(p);
  for (double v : o.from) {
    s.setValue(p, v);
    for (const auto &fp : analysis::fixedPoints(s, box)) {
      if (fp.stability.stable) continue;
      auto c = analysis::limitCycle(s, fp.x, fp.stability, box);
      if (!c) continue;
      auto ob = analysis::continueOrbitsFrom(s, p, lo, hi, *c, box, o);
      out.push_back(orbitBranchReport(s, pv, ob,
                                      "through the cycle simulated at " + pv.name + " = " + shown(v, pv) +
                                          " (period " + std::to_string(c->period * 1e3) + " ms)",
                                      {{"from_p", v}}, text));
    }
    s.setValue(p, p0);
  }
  return out;
}

json branchReport(const analysis::System &s, const ir::Var &pv, std::pair<double, double> range,
                  const analysis::Branch &br, bool text) {
  json pts = json::array(), sp = json::array();
  for (const auto &bp : br.points)
    pts.push_back({{"p", bp.p}, {"state", stateJson(s, bp.x)}, {"stable", bp.stability.stable}});
  for (const auto &x : br.special) {
    json j = {{"kind", x.kind}, {"p", x.p}, {"state", stateJson(s, x.x)}};
    if (x.kind == "hopf") {
      j["frequency_hz"] = x.frequency;
      if (x.lyapunov) {
        j["first_lyapunov"] = *x.lyapunov;
        j["criticality"] = *x.lyapunov < 0 ? "supercritical" : "subcritical";
      }
    }
    sp.push_back(j);
  }
  json out = {{"parameter", pv.name}, {"unit", pv.unit}, {"branch", pts}, {"special", sp}};
  if (text) {
    std::printf("continuation in %s from %s to %s: %zu points\n", pv.name.c_str(), shown(range.first, pv).c_str(),
                shown(range.second, pv).c_str(), br.points.size());
    for (const auto &x : br.special) {
      std::printf("  %s at %s = %s:", x.kind.c_str(), pv.name.c_str(), shown(x.p, pv).c_str());
      for (std::size_t k = 0; k < s.size(); ++k)
        std::printf(" %s = %s", s.var(s.states()[k]).name.c_str(), shown(x.x[k], s.var(s.states()[k])).c_str());
      if (x.kind == "hopf") std::printf(", %.6g Hz", x.frequency);
      if (x.lyapunov)
        std::printf(", %s (first Lyapunov coefficient %.4g)", *x.lyapunov < 0 ? "supercritical" : "subcritical",
                    *x.lyapunov);
      std::printf("\n");
    }
  }
  return out;
}

bool reportTrajectories(const ir::Module &m, analysis::System &s, const AnalyzeOptions &an, json &out,
                        std::string &error) {
  double duration = m.experiment.duration;
  if (!an.duration.empty()) {
    auto q = units::parseQuantity(an.duration, &error);
    auto time = units::dimensionFromExponents({0, 0, 1, 0, 0, 0, 0});
    if (!q || (q->hasUnit && time && q->dim != *time) || !(q->siValue > 0)) {
      if (q) error = "expected a positive time such as 200ms";
      error = "--duration " + an.duration + ": " + error;
      return false;
    }
    duration = q->siValue;
  }
  for (const std::string &spec : an.trajectories) {
    Vec x0 = s.initial();
    std::size_t from = 0;
    while (from < spec.size()) {
      std::size_t comma = spec.find(',', from);
      std::string item = spec.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
      from = comma == std::string::npos ? spec.size() : comma + 1;
      auto eq = item.find('=');
      std::size_t k = 0;
      while (k < s.size() && (eq == std::string::npos || s.var(s.states()[k]).name != item.substr(0, eq))) ++k;
      if (k == s.size()) {
        error = "--trajectory " + spec + ": expected STATE=VALUE,... with states of '" + an.population + "'";
        return false;
      }
      auto v = valueFor(item.substr(eq + 1), s.var(s.states()[k]), error);
      if (!v) {
        error = "--trajectory " + spec + ": " + error;
        return false;
      }
      x0[k] = *v;
    }
    auto tr = analysis::trajectory(s, x0, duration);
    json states = json::object();
    for (std::size_t k = 0; k < s.size(); ++k) {
      json col = json::array();
      for (const Vec &x : tr.x) col.push_back(x[k]);
      states[s.var(s.states()[k]).name] = col;
    }
    out.push_back({{"initial", stateJson(s, x0)}, {"t", tr.t}, {"state", states}, {"spikes", tr.spikes},
                   {"integrator", tr.integrator}});
    if (an.json) continue;
    std::printf("trajectory from");
    for (std::size_t k = 0; k < s.size(); ++k)
      std::printf("%s %s = %s", k ? "," : "", s.var(s.states()[k]).name.c_str(), shown(x0[k], s.var(s.states()[k])).c_str());
    std::printf(" (%s): after %g ms", tr.integrator.c_str(), tr.t.back() * 1e3);
    for (std::size_t k = 0; k < s.size(); ++k)
      std::printf("%s %s = %s", k ? "," : "", s.var(s.states()[k]).name.c_str(),
                  shown(tr.x.back()[k], s.var(s.states()[k])).c_str());
    std::printf("; %zu spike%s\n", tr.spikes.size(), tr.spikes.size() == 1 ? "" : "s");
  }
  return true;
}

} // namespace bdl::driver
