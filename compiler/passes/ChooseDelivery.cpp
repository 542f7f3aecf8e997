// SPDX-License-Identifier: Apache-2.0
//===- ChooseDelivery.cpp - choose-delivery: how per-synapse delays arrive --===//
//
// A projection whose delays differ between synapses can queue a spike in
// two ways:
//
//   synapses  each synapse of the spiking neuron is queued (its index) for
//             its own arrival step, and `on pre` runs on the list of those
//             arriving. On the full-scale microcircuit a row has about 3,900
//             synapses: each is written to a queue and read back, and its
//             column and weight are then read from scattered lines.
//   segments  the runtime keeps each row's synapses in order of delay (by
//             column within one delay), so that a row is a few runs of one
//             delay each; a spike queues each run for its arrival step (about
//             40 entries instead of 3,900), and `on pre` walks the arriving
//             runs in order, as it walks rows without per-synapse delays.
//
// Both run `on pre` for the same synapses at the same step with the same
// values; and a post neuron receives its synapses in the same order (a
// run's synapses keep their order in the row), so the bits are the same.
// Only the synapses' numbering changes, which nothing sees when no `on post`
// or `continuous` block walks them post neuron by post neuron (their order
// there would change for two synapses of one pair with different delays).
// The runtime also keeps the synapse queue for a run that records the
// synapses' variables, which it writes in the order they were made.
#include "passes/Passes.h"

namespace bdl::passes {

using namespace ir;

namespace {

/// Why `pr` must queue its synapses one by one, or empty.
std::string needsSynapseQueue(const Projection &pr) {
  if (pr.storage != Storage::Sparse) return "its storage is " + std::string(storageName(pr.storage));
  if (!pr.onPost.empty()) return "its `on post` walks the synapses by post neuron";
  if (pr.clockDriven()) return "its `continuous` block walks the synapses by post neuron";
  return {};
}

} // namespace

void chooseDelivery(Module &m) {
  for (Projection &pr : m.projections) {
    pr.segmentDelivery = false;
    pr.deliveryReason.clear();
    if (!pr.perSynapseDelay) continue;
    std::string why = needsSynapseQueue(pr);
    pr.segmentDelivery = why.empty();
    pr.deliveryReason = pr.segmentDelivery ? "rows kept in order of delay: a spike queues one run of its row per delay"
                                           : "each synapse queued for its delay: " + why;
  }
}

} // namespace bdl::passes
