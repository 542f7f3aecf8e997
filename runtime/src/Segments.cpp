// SPDX-License-Identifier: Apache-2.0
//===- Segments.cpp - per-synapse delays as runs of rows of one delay -----===//
//
// With per-synapse delays, queueing each synapse of a spiking neuron for its
// own arrival step costs a queue entry written and read back per synapse,
// and at the arrival a scattered read of its column and variables. Where
// the compiler allows it (choose-delivery: nothing walks the synapses post
// neuron by post neuron) and the run does not record the synapses, each
// row is put in order of delay once, after the synapses are built and their
// values drawn: a row is then a few segments of one delay each (about 40 on
// the microcircuit, against 3,900 synapses), a spike queues its segments,
// and on_pre_segments walks the arriving ones in order.
//
// Within a segment the synapses keep their order in the row (a counting
// sort by delay is stable), so a post neuron receives, at each step, the
// same synapses in the same order as from the synapse queue: the same bits.
// Only the synapses' numbering changes, the same for any thread count.
#include "Simulation.h"

#include "Error.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace bdlrt {

namespace {

/// Row [0, n) of an array of `size`-byte elements put in `order`
/// (out[k] = in[order[k]]), through `scratch`.
void permuteRow(void *base, std::size_t size, const std::int32_t *order, std::int64_t n,
                std::vector<std::byte> &scratch) {
  if (!base || n == 0) return;
  auto *row = static_cast<std::byte *>(base);
  scratch.resize(static_cast<std::size_t>(n) * size);
  for (std::int64_t k = 0; k < n; ++k) std::memcpy(scratch.data() + k * size, row + order[k] * size, size);
  std::memcpy(row, scratch.data(), scratch.size());
}

} // namespace

void Simulation::segmentRows(int k) {
  const ProjectionDesc &pd = d_.projections[k];
  Projection &proj = projections_[k];
  proj.segmented = false;
  if (!segments(k)) return;
  const Csr &csr = proj.csr;
  std::int64_t npre = static_cast<std::int64_t>(csr.rowptr.size()) - 1;
  const GroupDesc &gd = d_.groups[pd.group];
  // Every per-synapse array, with its element size: the connectivity's and
  // the group's variables.
  std::vector<std::pair<void *, std::size_t>> arrays = {{proj.csr.col.data(), sizeof(std::int32_t)},
                                                        {proj.csr.preIndex.data(), sizeof(std::int32_t)}};
  for (std::size_t v = 0; v < gd.vars.size(); ++v)
    if (gd.vars[v].perEntity) arrays.push_back({state_[pd.group][v].data(), state_[pd.group][v].elementSize()});
  std::vector<std::int64_t> runs(npre + 1, 0);
  std::int64_t slots = proj.delaySteps + 1;
  int parts = threads_;
  // Pass 1, rows in parallel: each row sorted by delay (counting sort:
  // stable), every array permuted alike, and its runs counted.
#pragma omp parallel num_threads(parts) if (parts > 1)
  {
    std::vector<std::int64_t> count(static_cast<std::size_t>(slots) + 1);
    std::vector<std::int32_t> order;
    std::vector<std::byte> scratch;
#pragma omp for schedule(dynamic, 256)
    for (std::int64_t i = 0; i < npre; ++i) {
      std::int64_t lo = csr.rowptr[i], n = csr.rowptr[i + 1] - lo;
      if (n == 0) continue;
      const std::int32_t *delay = proj.synapseDelay.data() + lo;
      std::fill(count.begin(), count.end(), 0);
      for (std::int64_t s = 0; s < n; ++s) ++count[delay[s] + 1];
      std::int64_t distinct = 0;
      for (std::int64_t d = 1; d <= slots; ++d) {
        distinct += count[d] > 0;
        count[d] += count[d - 1];
      }
      runs[i + 1] = distinct;
      if (distinct == 1) continue; // one delay: already in order
      order.resize(static_cast<std::size_t>(n));
      for (std::int64_t s = 0; s < n; ++s) order[count[delay[s]]++] = static_cast<std::int32_t>(s);
      for (const auto &[base, size] : arrays)
        permuteRow(static_cast<std::byte *>(base) + lo * size, size, order.data(), n, scratch);
      permuteRow(proj.synapseDelay.data() + lo, sizeof(std::int32_t), order.data(), n, scratch);
    }
  }
  for (std::int64_t i = 0; i < npre; ++i) runs[i + 1] += runs[i];
  if (runs[npre] > std::numeric_limits<std::int32_t>::max()) return; // queued synapse by synapse
  // Pass 2: the segments, from the sorted delays.
  proj.segRow = std::move(runs);
  proj.segPtr.assign(proj.segRow[npre] + 1, csr.size());
  proj.segDelay.assign(proj.segRow[npre], 0);
#pragma omp parallel for num_threads(parts) schedule(dynamic, 256) if (parts > 1)
  for (std::int64_t i = 0; i < npre; ++i) {
    std::int64_t g = proj.segRow[i];
    for (std::int64_t s = csr.rowptr[i]; s < csr.rowptr[i + 1]; ++s)
      if (s == csr.rowptr[i] || proj.synapseDelay[s] != proj.synapseDelay[s - 1]) {
        proj.segPtr[g] = s;
        proj.segDelay[g++] = proj.synapseDelay[s];
      }
  }
  std::vector<std::int32_t>().swap(proj.synapseDelay);
  // No kernel reads a synapse's presynaptic neuron after set-up unless
  // on_pre_segments reads `pre`, nor its delay in seconds (an internal
  // variable, drawn for the segments): 12 of 28 bytes a synapse on the
  // microcircuit, with the delays in steps. A restart builds them again.
  if (!d_.kernels[pd.onPreSegments].readsPre) std::vector<std::int32_t>().swap(proj.csr.preIndex);
  state_[pd.group][pd.delay] = StateArray();
  groupVars_[pd.group][pd.delay] = nullptr;
  proj.segmented = true;
  // With threads, each part's run of every segment, as of every row (a
  // segment's columns ascend).
  proj.rowStart.clear();
  proj.rowEnd.clear();
  if (threads_ > 1 && !d_.kernels[pd.onPreSegments].serial)
    splitRuns(proj, d_.populations[pd.post].group, proj.segPtr);
}

void Simulation::shareSoloRings() {
  for (Projection &proj : projections_)
    if (proj.segmented)
      for (std::size_t q = 1; q < proj.rings.size(); ++q) proj.rings[q] = proj.rings[0];
}

void Simulation::queueSegments(int k, std::int64_t now, const std::int32_t *list, std::int64_t n,
                               std::vector<std::vector<std::int32_t>> &ring) {
  const Projection &proj = projections_[k];
  for (std::int64_t m = 0; m < n; ++m) {
    std::int32_t i = list[m];
    for (std::int64_t g = proj.segRow[i]; g < proj.segRow[i + 1]; ++g)
      ring[proj.later(now, proj.segDelay[g])].push_back(static_cast<std::int32_t>(g));
  }
}

} // namespace bdlrt
