// SPDX-License-Identifier: Apache-2.0
//===- SimulationPlan.cpp - the memory plan of a simulation's set-up ------===//
//
// What setup() will allocate, part by part, computed before it does (see
// MemoryPlan.h): neurons first, from the descriptor alone; then each
// projection once its rule's arguments are known (they may come from
// network parameters set on the command line, so the synapse group's prepare
// kernel has run), from the rule's expected number of synapses.
#include "Simulation.h"

#include "Recorder.h"

#include <algorithm>
#include <cmath>

namespace bdlrt {

namespace {

std::string count(double n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f", n);
  std::string s = buf, out;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (k > 0 && (s.size() - k) % 3 == 0) out += ',';
    out += s[k];
  }
  return out;
}

std::string plural(double n, const char *one, const char *many) { return count(n) + " " + (n == 1 ? one : many); }

} // namespace

void Simulation::planNeurons(MemoryPlan &plan) const {
  double value = d_.single ? 4 : 8;
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    const GroupDesc &g = d_.groups[pd.group];
    double n = static_cast<double>(g.size);
    double vars = static_cast<double>(std::count_if(g.vars.begin(), g.vars.end(), [](const VarDesc &v) { return v.perEntity; }));
    // Two spike buffers and the list (int32), the counts (int64).
    plan.add({"neurons of " + g.name, plural(n, "neuron", "neurons") + ", " + plural(vars, "variable", "variables"),
              n * (vars * value + 3 * 4 + 8), "fewer neurons"});
    for (const HistoryDesc &h : pd.histories) {
      double steps = static_cast<double>(std::max<std::int64_t>(1, nsteps_));
      double window = h.window > 0 ? std::min(static_cast<double>(h.window), steps) : steps;
      plan.add({"memory of d" + g.vars[h.var].name + "/dt in " + g.name,
                count(window) + " steps x " + plural(n, "neuron", "neurons"), window * n * 8,
                "a window (caputo(order, window = ...)) or a shorter --duration"});
    }
  }
}

void Simulation::planRecordings(MemoryPlan &plan) const {
  for (const RecordingDesc &r : d_.recordings) {
    std::int64_t entities = 0;
    std::string of;
    if (r.kind == RecordingKind::Synapses) {
      entities = expectedSynapses_[r.projection];
      of = d_.groups[d_.projections[r.projection].group].name;
    } else {
      const GroupDesc &g = d_.populationGroup(r.population);
      entities = r.indices.empty() ? r.end - r.begin : static_cast<std::int64_t>(r.indices.size());
      of = g.name;
    }
    double samples = 0;
    double bytes = Recorder::plannedBytes(r, dt_, nsteps_, entities, &samples);
    if (bytes <= 0) continue; // spikes and events grow with the activity
    bool rate = r.kind == RecordingKind::Rate;
    std::string detail = rate ? plural(samples, "sample", "samples")
                              : plural(static_cast<double>(entities), r.kind == RecordingKind::Synapses ? "synapse" : "neuron",
                                       r.kind == RecordingKind::Synapses ? "synapses" : "neurons") + " x " +
                                    plural(static_cast<double>(r.vars.size()), "variable", "variables") + " x " +
                                    plural(samples, "sample", "samples");
    plan.add({std::string(rate ? "rate of " : "recording of ") + of, detail, bytes,
              "record fewer neurons or variables, less often ('every'), or for less time ('from', 'to')"});
  }
}

/// The synapses setup() would build for projection k, from its rule's
/// arguments as prepared now.
double Simulation::expectedSynapses(int k) const {
  const ProjectionDesc &pd = d_.projections[k];
  double npre = static_cast<double>(d_.populationGroup(pd.pre).size);
  double npost = static_cast<double>(d_.populationGroup(pd.post).size);
  if (pd.array >= 0) {
    const std::vector<double> &w = arrays_[pd.array];
    return static_cast<double>(std::count_if(w.begin(), w.end(), [](double x) { return x != 0; }));
  }
  ConnectSpec spec = connectSpec(k);
  double pairs = npre * npost - (spec.excludeSelf ? npre : 0);
  switch (spec.rule) {
  case Rule::AllToAll: return pairs;
  case Rule::OneToOne: return spec.excludeSelf ? 0 : npre;
  case Rule::Probability: return std::clamp(spec.arg, 0.0, 1.0) * pairs;
  case Rule::FixedIndegree: return std::max(0.0, spec.arg) * npost;
  case Rule::FixedOutdegree: return std::max(0.0, spec.arg) * npre;
  case Rule::FixedTotal: return std::max(0.0, spec.arg);
  }
  return 0;
}

void Simulation::planProjection(int k, MemoryPlan &plan) {
  const ProjectionDesc &pd = d_.projections[k];
  const GroupDesc &g = d_.groups[pd.group];
  double npre = static_cast<double>(d_.populationGroup(pd.pre).size);
  double npost = static_cast<double>(d_.populationGroup(pd.post).size);
  double value = d_.single ? 4 : 8;
  double vars = static_cast<double>(std::count_if(g.vars.begin(), g.vars.end(), [](const VarDesc &v) { return v.perEntity; }));
  bool perSynapseDelay = pd.delay >= 0 && g.vars[pd.delay].perEntity;
  double n = expectedSynapses(k);
  expectedSynapses_[k] = static_cast<std::int64_t>(n);
  // A rank that draws just the synapses onto its own neurons holds its
  // share of them; otherwise it builds them all before it keeps its part.
  std::string share;
  if (buildsOwnOnly(k)) {
    auto [first, last] = owned(d_.populations[pd.post].group);
    n *= static_cast<double>(last - first) / std::max(1.0, npost);
    share = " (this rank's)";
  }
  bool split = threads_ > 1 && pd.onPre >= 0 && !d_.kernels[pd.onPre].serial;
  double bytes = 0;
  std::string detail, shrink;
  switch (pd.storage) {
  case ProjectionDesc::Storage::Procedural:
    bytes = (split ? threads_ : 1) * npre * 16; // each part's drawn rows' bounds
    detail = "procedural: no synapse memory (" + plural(n, "synapse", "synapses") + " drawn again at each spike)";
    break;
  case ProjectionDesc::Storage::Dense:
    bytes = n * vars * value + (split ? threads_ * npre * 16 : 0);
    detail = plural(n, "dense synapse", "dense synapses") + ", " + plural(vars, "variable", "variables");
    shrink = "fewer neurons";
    break;
  case ProjectionDesc::Storage::Sparse: {
    // Column and row indices (int32), row pointers, the variables, and
    // what some projections add: incoming lists, per-thread row bounds,
    // delays in steps.
    bytes = n * (8 + vars * value) + (npre + 1) * 8;
    if (pd.onPost >= 0 || pd.continuous >= 0) bytes += n * 4 + (npost + 1) * 8;
    if (split) bytes += threads_ * npre * 16;
    if (perSynapseDelay && segments(k)) {
      // Kept after set-up (Segments.cpp): columns, the variables but the
      // delay, presynaptic indices if read, and the segments, with each
      // part's bounds: one per delay of a row, counted as 64 (delays are
      // drawn later; the microcircuit's rows have about 40).
      double segs = std::min(n, npre * 64);
      bool readsPre = d_.kernels[pd.onPreSegments].readsPre;
      bytes = n * ((readsPre ? 8 : 4) + (vars - 1) * value) + (npre + 1) * 16 + segs * 12 +
              (threads_ > 1 ? threads_ * segs * 16 : 0);
    } else if (perSynapseDelay) {
      bytes += n * 4;
    }
    detail = std::string(pd.where >= 0 ? "at most " : "") + plural(n, "sparse synapse", "sparse synapses") + share +
             ", " + plural(vars, "variable", "variables");
    bool rows = pd.array < 0 && drawsRows(ruleFromName(pd.rule));
    shrink = rows && vars == 0 && !perSynapseDelay && pd.onPost < 0 && pd.continuous < 0
                 ? "'storage procedural' would keep none of them"
                 : "a sparser rule (smaller p or k) or fewer neurons";
    break;
  }
  }
  plan.add({"synapses of " + g.name, detail, bytes, shrink});
}

} // namespace bdlrt
