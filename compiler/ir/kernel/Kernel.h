// SPDX-License-Identifier: Apache-2.0
//===- Kernel.h - the kernel IR: loops over SoA buffers ---------------------===//
//
// What back ends see. A kernel is one loop (or none) over the entities of a
// group, with a body of loads, stores, selects, random draws and spike
// pushes. The runtime calls kernels in the order its schedule says; the
// metadata of the model (names, units, connection rules) travels beside them
// as the descriptor.
#pragma once

#include "ir/model/Module.h"

namespace bdl::ir {

enum class KernelKind {
  Prepare,   ///< no loop: shared values of a group (rule arguments, delays)
  Init,      ///< over the group's entities (synapses: with their pre/post indices)
  Update,    ///< over neurons: one integration step
  Threshold, ///< over neurons: spike detection, pushes spiking indices
  Reset,     ///< over the step's spike list of a population
  OnPre,     ///< over delivered presynaptic spikes and their outgoing synapses
  OnPreSynapses, ///< over synapses whose spike arrives now (per-synapse delays)
  /// Per-synapse delays with rows in order of delay (choose-delivery): over
  /// the runs of rows (one spiking neuron's synapses of one delay) that
  /// arrive now, as OnPre over rows.
  OnPreSegments,
  OnPost,    ///< over postsynaptic spikes and their incoming synapses
  Continuous, ///< every step, over every post neuron's incoming synapses
  Reduce,     ///< every step before the update: population sums (serial)
  Where,      ///< at set-up, over candidate pairs (pre_index, col): pushes those kept
  /// Training (passes/Adjoint.cpp): one backward step over a population's
  /// neurons, and over the rows of listed presynaptic neurons (as on_pre).
  AdjointNeurons,
  AdjointRows,
};
const char *spelling(KernelKind k);

struct Kernel {
  std::string name; ///< symbol name, e.g. `bdl_update_E`
  KernelKind kind = KernelKind::Update;
  int group = -1;          ///< Self
  /// Threshold and Reset kernels of a named event (an index into the
  /// population's events): detection into the event's own list, and its
  /// block over that list. -1: the spike's.
  int event = -1;
  int pre = -1, post = -1; ///< groups bound to Pre and Post (synapse kernels)
  int locals = 0;
  /// Continuous kernels of lumped synapses: once per post neuron, not per
  /// incoming synapse.
  bool perPost = false;
  /// Runs once before the loop (stimuli that drive a shared parameter).
  Block prologue;
  Block body;
};

/// Kernels and the model they came from.
struct KernelModule {
  Module model;
  std::vector<Kernel> kernels;
  /// The kernel of kind `k` for `group` (for `event`, with Threshold and
  /// Reset: that named event's), or -1.
  int find(KernelKind k, int group, int event = -1) const {
    for (std::size_t n = 0; n < kernels.size(); ++n)
      if (kernels[n].kind == k && kernels[n].group == group && kernels[n].event == event) return static_cast<int>(n);
    return -1;
  }
  /// The threshold kernel of `group` when its update kernel also detects the
  /// spikes (one pass over the neurons instead of two; the threshold kernel
  /// is then not called): a threshold of the form `if cond { ... }`, after an
  /// update kernel. -1 otherwise.
  int fusedThreshold(int group) const {
    int th = find(KernelKind::Threshold, group);
    if (th < 0 || find(KernelKind::Update, group) < 0) return -1;
    const Block &b = kernels[th].body;
    return b.size() == 1 && b[0].kind == Stmt::Kind::If && b[0].elseBlock.empty() ? th : -1;
  }
};

/// Every variable `b` reads or writes, in order of appearance, with repeats.
void collectVarRefs(const Block &b, std::vector<VarRef> &out);

/// Every variable `b` writes (assignments, matrix-exponential targets).
void collectWrites(const Block &b, std::vector<VarRef> &out);

/// Whether `k` reads, through `pre`, a per-entity variable it writes through
/// `post` (`E -> E { on pre { post.v += 0.01 * pre.v } }`): the entity of
/// one post neuron reads another's, which a thread splitting by post neurons
/// would be changing at the same time.
bool readsWhatOthersWrite(const Module &m, const Kernel &k);

/// Whether `b` writes storage other entities share: a variable of the
/// `shared` side (presynaptic for kernels split by post neurons, post for
/// kernels split by presynaptic rows), a network variable, a variable with
/// one value for the group, or a matrix exponential. Split across threads by
/// entities, such a body would race.
bool writesSharedStorage(const Module &m, const Block &b, Space shared = Space::Pre);

/// Whether `k` reads any per-entity variable through `pre`.
bool readsPre(const Module &m, const Kernel &k);

/// Whether `k` draws random numbers (which are numbered by its entities).
bool drawsRandom(const Kernel &k);

/// Per local of `k`: whether it is set more than once or inside a loop
/// (mutable: a stack slot in LLVM, a plain variable in C), rather than once.
std::vector<bool> mutableLocals(const Kernel &k);

} // namespace bdl::ir
