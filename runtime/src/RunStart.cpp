// SPDX-License-Identifier: Apache-2.0
//===- RunStart.cpp - what a run does before its first step, and between ---===//
//
// Simulation::run (StepLoop.cpp) starts here: the recorder learns what it
// records (values at spikes, synapse ends), the kernel table is checked,
// phases at step 0 apply, and a distributed run plans its exchanges. Also
// the per-step questions every thread asks the same way: which phase starts
// now, and whether a stop signal ends the run before this step.
#include "Simulation.h"

#include "Error.h"
#include "Recorder.h"
#include "Signals.h"

#include <algorithm>
#include <omp.h>

namespace bdlrt {

void Simulation::synapseEnds(int projection, std::vector<std::int32_t> &pre, std::vector<std::int32_t> &post) const {
  const Projection &proj = projections_[projection];
  if (proj.storage != ProjectionDesc::Storage::Dense) {
    pre = proj.csr.preIndex;
    post = proj.csr.col;
    return;
  }
  pre.resize(static_cast<std::size_t>(proj.synapses()));
  post.resize(pre.size());
  for (std::int64_t s = 0; s < proj.synapses(); ++s) {
    pre[s] = static_cast<std::int32_t>(s / proj.stride);
    post[s] = static_cast<std::int32_t>(s % proj.stride);
  }
}

void Simulation::beginRun(Recorder &recorder) {
  recorder.reserveSpikes(nsteps_);
  atSpikeValues_ = false;
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    Population &pop = populations_[p];
    pop.atSpikeVars = recorder.spikeVars(static_cast<int>(p));
    auto room = static_cast<std::size_t>(groups_[d_.populations[p].group].size) * pop.atSpikeVars.size();
    pop.atSpikes.assign(room, 0.0);
    pop.atSpikesByRange.assign(threads_ > 1 ? 2 * room : 0, 0.0);
    atSpikeValues_ |= !pop.atSpikeVars.empty();
  }
  for (std::size_t k = 0; k < projections_.size(); ++k) {
    if (!recorder.recordsSynapses(static_cast<int>(k))) continue;
    std::vector<std::int32_t> pre, post;
    if (ranks_) wholeEnds(static_cast<int>(k), pre, post); // the whole network's
    else synapseEnds(static_cast<int>(k), pre, post);
    recorder.setSynapses(static_cast<int>(k), pre, post);
  }
  // Checked here, where throwing is still allowed (StepLoop.cpp says why).
  for (std::size_t k = 0; k < d_.kernels.size(); ++k)
    if (k >= model_.num_kernels || !model_.kernels[k])
      throw Error("kernel '" + d_.kernels[k].name + "' is missing from the model's kernel table");
  failure_ = nullptr;
  stop_ = Stop();
  // Phases at step 0 (or before) apply now; a resumed run's earlier ones
  // are in its state already.
  if (startStep_ == 0)
    for (const PhaseDesc &ph : d_.phases)
      if (ph.step <= 0) applyPhase(ph);
  stepsRun_ = nsteps_;
  exchanges_ = Exchanges();
  if (ranks_) {
    sampled_ = recorder.sampledRanges(sizes_);
    // Ranks exchange spikes once per shortest delay: a spike detected in an
    // interval is due after its end. At most every 100 steps, so that a stop
    // signal is agreed on soon (and a model without synapses still hears it).
    exchangeEvery_ = 100;
    for (const Projection &proj : projections_) exchangeEvery_ = std::min(exchangeEvery_, proj.minDelaySteps);
    exchangeEvery_ = std::max<std::int64_t>(1, exchangeEvery_);
    batchCounts_.clear();
    batchLists_.clear();
    batchSignal_ = 0;
  }
  signalAt_[0] = signalAt_[1] = 0;
  recorder.checkFinite(checkFinite_);
  planPhases();
  planFiniteChecks();
}

const PhaseDesc *Simulation::phaseAt(std::int64_t step) const {
  if (step <= 0) return nullptr; // applied before the first step
  auto it = std::lower_bound(d_.phases.begin(), d_.phases.end(), step,
                             [](const PhaseDesc &p, std::int64_t s) { return p.step < s; });
  return it != d_.phases.end() && it->step == step ? &*it : nullptr;
}

bool Simulation::stopBefore(std::int64_t step) {
  // Thread 0 stores what it saw at the start of each step, before that
  // step's barriers; every thread reads the previous step's slot after
  // them. So all threads stop before the same step, one step after the
  // signal at most.
  if (step > 0 && signalAt_[(step - 1) & 1] != 0) {
    if (threads_ == 1 || omp_get_thread_num() == 0) {
      stop_.kind = Stop::Kind::Signal;
      stop_.signal = signalAt_[(step - 1) & 1];
    }
    return true;
  }
  if (threads_ == 1 || omp_get_thread_num() == 0) {
    if (!ranks_) {
      signalAt_[step & 1] = pendingStopSignal();
    } else {
      // Ranks agree on a signal at their next exchange (exchangeBatch).
      batchSignal_ = std::max(batchSignal_, pendingStopSignal());
      signalAt_[step & 1] = 0;
    }
  }
  return false;
}

} // namespace bdlrt
