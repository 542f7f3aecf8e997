// SPDX-License-Identifier: Apache-2.0
//===- Delivery.cpp - the step's spikes: plan, collect, queue, draw ---------===//
//
// The parts of the step loop (StepLoop.cpp) that decide how the team shares
// the step (planPhases), gather each step's spikes and queue them in the
// delay rings, and, for procedural storage, draw the arriving neurons' rows
// in chunks, then deliver them by parts of the post neurons.
#include "Simulation.h"

#include "Recorder.h"

#include <algorithm>

namespace bdlrt {

/// Whether each thread can own a range of every population for the whole
/// step (see step()), and which steps must wait for every neuron first;
/// decided once, the same for every thread.
void Simulation::planPhases() {
  owned_ = threads_ > 1;
  hasContinuous_ = false;
  hasReductions_ = std::any_of(d_.populations.begin(), d_.populations.end(),
                               [](const PopulationDesc &pd) { return pd.reduce >= 0; });
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    std::int64_t n = groups_[pd.group].size;
    int detecting = detectingKernel(static_cast<int>(p));
    // Every kernel over its neurons split into the threads' ranges, so
    // that ranges are the same in every phase.
    for (int k : {pd.update, detecting})
      if (k >= 0 && (!pd.histories.empty() || partsFor(k, n) != threads_)) owned_ = false;
    if (pd.reset >= 0 && (detecting < 0 || d_.kernels[pd.reset].serial)) owned_ = false;
  }
  // Every thread can queue spikes for itself when no population generates
  // them (that advances shared state) and every delivery is split by post
  // neurons, from lists of presynaptic neurons.
  sharedGlue_ = false;
  for (const PopulationDesc &pd : d_.populations) sharedGlue_ |= pd.generator;
  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    const ProjectionDesc &pd = d_.projections[k];
    const Projection &proj = projections_[k];
    hasContinuous_ |= pd.continuous >= 0;
    // Split by post neurons (those ranges again), and reading no presynaptic
    // values another thread may be writing. Serial ones run between barriers.
    int byRows = rowKernel(static_cast<int>(k));
    if (proj.splitByPost() && byRows >= 0 && d_.kernels[byRows].readsPre) owned_ = false;
    // Procedural rows are drawn by all threads, then delivered by all: a
    // barrier between the two (drawRows, deliverRows).
    if (proj.drawn.size() > 1) owned_ = false;
    sharedGlue_ |= pd.onPost >= 0 || (pd.onPreSynapses >= 0 && !proj.segmented) ||
                   (byRows >= 0 && !proj.splitByPost());
  }
  // Named events are detected and reset on one thread (NamedEvents.cpp),
  // between barriers.
  if (hasEvents_) owned_ = false;
  // Ranks exchange each step's spikes on one thread, between barriers.
  if (ranks_) owned_ = false;
  sharedGlue_ |= !owned_;
  // Per-thread queues start as the shared one: empty, or a checkpoint's.
  for (Projection &proj : projections_) proj.rings.assign(sharedGlue_ ? 0 : threads_, proj.ring);
}

/// This step's spike lists (joined, generated), totals and recordings.
void Simulation::collectSpikes(std::int64_t step, double t, Recorder &recorder) {
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    Population &pop = populations_[p];
    int detecting = detectingKernel(static_cast<int>(p));
    if (pd.generator)
      pop.nspikes = pd.generatedAt(step, pop.nextGenerated, pop.list.data(), groups_[pd.group].size);
    else if (detecting >= 0)
      gatherSpikes(static_cast<int>(p), detecting, step);
    else
      pop.nspikes = 0;
  }
  if (ranks_) {
    // Each rank has its own neurons' spikes; they are counted, recorded and
    // queued once every rank's are here (Ranks.cpp). The slots delivered
    // last step are emptied first: the exchanged spikes may go to them.
    clearDelivered(step);
    batchSpikes(step, recorder);
    return;
  }
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    Population &pop = populations_[p];
    pop.total += pop.nspikes;
    for (std::int64_t n = 0; n < pop.nspikes; ++n) ++pop.counts[pop.list[n]];
    const double *values = pop.atSpikeVars.empty() ? nullptr : valuesAtSpikes(static_cast<int>(p), step);
    recorder.recordSpikes(static_cast<int>(p), t, pop.list.data(), pop.nspikes, values);
  }
}

/// The delay rings: the slots delivered last step are emptied first, then
/// each projection's spikes are queued before any is delivered, which is
/// exact (delivery does not change spike lists).
void Simulation::queueSpikes(std::int64_t step) {
  if (ranks_) return; // collectSpikes did, or will once the ranks' spikes are in
  clearDelivered(step);
  for (std::size_t k = 0; k < d_.projections.size(); ++k) queueProjection(static_cast<int>(k), step);
}

void Simulation::clearDelivered(std::int64_t step) {
  for (Projection &proj : projections_)
    if (step > 0) proj.ring[proj.slot(step - 1)].clear();
}

void Simulation::queueProjection(int k, std::int64_t step) {
  const ProjectionDesc &pd = d_.projections[k];
  Projection &proj = projections_[k];
  // The presynaptic spikes, or the named event the projection listens to.
  auto [list, count] = sourceList(k);
  if (proj.segmented) {
    // Each spike's row as its runs of one delay (Segments.cpp).
    queueSegments(k, proj.slot(step), list, count, proj.ring);
  } else if (pd.onPreSynapses >= 0) {
    // Per-synapse delays: each synapse of a spiking neuron is queued for
    // its own arrival step.
    std::int64_t now = proj.slot(step);
    for (std::int64_t n = 0; n < count; ++n) {
      std::int32_t i = list[n];
      for (std::int64_t s = proj.csr.rowptr[i]; s < proj.csr.rowptr[i + 1]; ++s)
        proj.ring[proj.later(now, proj.synapseDelay[s])].push_back(static_cast<std::int32_t>(s));
    }
  } else {
    // Spikes of this step arrive delaySteps later; with no delay they
    // land in the slot delivered below, within the same step.
    std::vector<std::int32_t> &arriving = proj.ring[proj.slot(step, proj.delaySteps)];
    arriving.insert(arriving.end(), list, list + count);
  }
}

/// Chunk `chunk` of `parts` of the arriving neurons (a contiguous share of
/// the list) has its rows drawn whole, as the sparse builder draws them
/// (appendRow), into drawn[chunk].col; and each part's run of every row,
/// as the sparse table's rowStart/rowEnd would give it, into
/// drawn[part].start/end. So the kernel sees the synapses a sparse table
/// would give it, in the same order.
void Simulation::drawRows(int projection, int chunk, int parts, const bdlrt_kernel_args &a) {
  Projection &proj = projections_[projection];
  Projection::Drawn &d = proj.drawn[chunk];
  std::int64_t n0 = a.end * chunk / parts, n1 = a.end * (chunk + 1) / parts;
  std::int64_t npost = proj.spec.npost;
  d.col.clear();
  for (std::int64_t n = n0; n < n1; ++n) {
    std::int32_t i = a.list[n];
    std::int64_t lo = static_cast<std::int64_t>(d.col.size());
    appendRow(proj.spec, i, 0, npost, d.scratch, d.col);
    const std::int32_t *b = d.col.data() + lo, *e = d.col.data() + d.col.size();
    for (int part = 0; part < parts; ++part) {
      proj.drawn[part].start[i] = lo + (std::lower_bound(b, e, npost * part / parts) - b);
      proj.drawn[part].end[i] = lo + (std::lower_bound(b, e, npost * (part + 1) / parts) - b);
    }
  }
}

/// Part `part` of `parts` of the post neurons receives every chunk's rows,
/// chunks in list order: each post neuron sums its inputs in the order one
/// thread would.
void Simulation::deliverRows(int projection, int kernel, int part, int parts, const bdlrt_kernel_args &a) {
  Projection &proj = projections_[projection];
  for (int chunk = 0; chunk < parts; ++chunk) {
    std::int64_t n0 = a.end * chunk / parts, n1 = a.end * (chunk + 1) / parts;
    if (n0 == n1) continue;
    bdlrt_kernel_args x = a;
    x.list = a.list + n0;
    x.end = n1 - n0;
    x.col = proj.drawn[chunk].col.data();
    x.rowptr = proj.drawn[part].start.data();
    x.rowend = proj.drawn[part].end.data();
    model_.kernels[kernel](&x);
  }
}

} // namespace bdlrt
