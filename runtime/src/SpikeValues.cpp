// SPDX-License-Identifier: Apache-2.0
//===- SpikeValues.cpp - values at spikes, read before delivery and reset --===//
//
//     record spikes(E) with v, w
// keeps v and w of each spiking neuron as the threshold saw them: after the
// step's update, before its delivery (`on pre`, `on post`) and its reset
// (docs/running.md, "One time step"). On one thread, and wherever one
// thread joins the spike lists before delivery, they are read from the
// joined list. Where each thread delivers to its own neurons without
// waiting (StepLoop.cpp, owned ranges without shared glue), each reads its
// own range's values first, into the half of a double buffer for the
// step's parity, and the recording thread joins them in range order, as
// the list; the next step's reads go to the other half.

#include "Simulation.h"

#include <algorithm>

namespace bdlrt {

void Simulation::readAtSpikes(int p, const std::int32_t *spikes, std::int64_t n, double *out) const {
  const PopulationDesc &pd = d_.populations[p];
  const std::vector<int> &vars = populations_[p].atSpikeVars;
  std::size_t nv = vars.size();
  for (std::size_t k = 0; k < nv; ++k) {
    const StateArray &a = state_[pd.group][vars[k]];
    bool perEntity = d_.groups[pd.group].vars[vars[k]].perEntity;
    for (std::int64_t s = 0; s < n; ++s) out[s * nv + k] = a[perEntity ? spikes[s] : 0];
  }
}

void Simulation::readRangeAtSpikes(int part, std::int64_t step) {
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    Population &pop = populations_[p];
    int detecting = detectingKernel(static_cast<int>(p));
    if (pop.atSpikeVars.empty() || detecting < 0) continue;
    std::int64_t n = groups_[d_.populations[p].group].size, lo = n * part / threads_;
    std::int64_t count = countsOf(static_cast<int>(p), step)[kCountStride * part];
    if (count < 0 || count > n - lo) continue; // badCount reports it
    std::size_t nv = pop.atSpikeVars.size();
    double *out = pop.atSpikesByRange.data() + (static_cast<std::size_t>(step & 1) * n + lo) * nv;
    readAtSpikes(static_cast<int>(p), spikeBuffer(static_cast<int>(p), step) + lo, count, out);
  }
}

const double *Simulation::valuesAtSpikes(int p, std::int64_t step) {
  Population &pop = populations_[p];
  if (pop.nspikes == 0) return pop.atSpikes.data();
  if (!owned_ || sharedGlue_) {
    readAtSpikes(p, pop.list.data(), pop.nspikes, pop.atSpikes.data());
    return pop.atSpikes.data();
  }
  std::size_t nv = pop.atSpikeVars.size(), pos = 0;
  std::int64_t n = groups_[d_.populations[p].group].size;
  const double *buffer = pop.atSpikesByRange.data() + static_cast<std::size_t>(step & 1) * n * nv;
  // The ranges in order, as forEachRange (StepLoop.cpp) walks them.
  const std::int64_t *counts = countsOf(p, step);
  int parts = partsFor(detectingKernel(p), n);
  for (int part = 0; part < parts; ++part) {
    std::int64_t lo = n * part / parts, count = counts[kCountStride * part];
    const double *from = buffer + static_cast<std::size_t>(lo) * nv;
    std::copy(from, from + count * nv, pop.atSpikes.data() + pos);
    pos += static_cast<std::size_t>(count) * nv;
  }
  return pop.atSpikes.data();
}

} // namespace bdlrt
