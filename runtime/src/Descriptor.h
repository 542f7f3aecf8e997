// SPDX-License-Identifier: Apache-2.0
//===- Descriptor.h - the model descriptor JSON, parsed and checked -------===//
//
// bdlc embeds a JSON descriptor in every model (see bdlrt_model). It is read
// once into these plain structs, with every index checked, so the rest of
// the runtime never touches JSON or trusts an index blindly.

#ifndef BDLRT_DESCRIPTOR_H
#define BDLRT_DESCRIPTOR_H

#include "Units.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bdlrt {

enum class VarRole { Param, State, Internal };
enum class GroupKind { Network, Neuron, Synapse };
enum class KernelKind {
  Prepare, Init, Update, Threshold, Reset, OnPre, OnPreSynapses, OnPreSegments, OnPost, Continuous, Reduce, Where,
  AdjointNeurons, AdjointRows
};
enum class RecordingKind { Spikes, State, Rate, Synapses, Events };

/// A rule the compiler's checker applies to the value a parameter feeds
/// (descriptor "checks"), applied again by --set: `what` must lie in
/// [min, max]; `of` and `maxWhat` word the upper bound of a degree.
struct ValueCheck {
  std::string what;             ///< "connection probability", "synaptic delay"
  std::optional<double> min, max;
  std::string of, maxWhat;      ///< "E -> I", "source population size"
};

struct VarDesc {
  std::string name;
  VarRole role = VarRole::State;
  bool perEntity = true;
  std::string unit;       ///< display unit as written: "mV", "1"
  double unitScale = 1.0; ///< SI value of one display unit
  Dims dims{};
  double defaultValue = 0.0; ///< SI; initial fill of every entry
  std::vector<ValueCheck> checks;
  /// A parameter the model computes (from other parameters, a distribution):
  /// the index of the shared flag in its group that, once 1, keeps the
  /// value it was given (--set) instead of computing it; -1 otherwise.
  int given = -1;
  std::string formula; ///< that computation as written, for --help
};

struct GroupDesc {
  std::string name;
  GroupKind kind = GroupKind::Neuron;
  std::string model;
  std::int64_t size = 0; ///< 0 for synapse groups until connectivity is built
  std::vector<VarDesc> vars;
  int prepare = -1; ///< kernel index, derived from "kernels"
  int init = -1;
};

/// A fractional (Caputo) equation's memory: see Fractional.h.
struct HistoryDesc {
  int var = -1;         ///< the state
  int sum = -1;         ///< the per-neuron var the update reads the history sum from
  bool l1 = true;       ///< L1 weights, else Grunwald-Letnikov
  double order = 1;
  std::int64_t window = 0; ///< steps remembered; 0: the whole run
};

/// A named event (`event burst when ...`): a detection kernel that pushes
/// the neurons whose condition holds, and the event's block over them.
struct EventDesc {
  std::string name;
  int threshold = -1, reset = -1;
};

struct PopulationDesc {
  int group = -1;
  std::vector<EventDesc> events; ///< detected after the spikes, reset after theirs
  int update = -1, threshold = -1, reset = -1;
  int reduce = -1; ///< population sums, before the update
  /// The update kernel also pushes the spikes (as the threshold kernel
  /// would, which is then not called).
  bool updateDetectsSpikes = false;
  /// A spike generator (`spike_times`): neuron generatedIndices[k] spikes in
  /// step generatedSteps[k]; sorted by step.
  bool generator = false;
  std::vector<std::int64_t> generatedSteps;
  std::vector<std::int32_t> generatedIndices;
  std::vector<HistoryDesc> histories;

  /// Generators: writes the neurons listed for `step` to out (at most max of
  /// them) and returns how many; `next` is the first entry not yet passed
  /// and moves past the step. Entries before the first step (negative times)
  /// are skipped.
  std::int64_t generatedAt(std::int64_t step, std::size_t &next, std::int32_t *out, std::int64_t max) const {
    std::int64_t n = 0;
    for (; next < generatedSteps.size() && generatedSteps[next] <= step; ++next)
      if (generatedSteps[next] == step && n < max) out[n++] = generatedIndices[next];
    return n;
  }
};

struct ProjectionDesc {
  int group = -1;
  int pre = -1, post = -1; ///< population indices
  /// The named event of `pre` (index into its events) that on_pre runs on;
  /// -1: its spikes.
  int event = -1;
  std::string rule;
  std::vector<std::pair<std::string, int>> args; ///< rule argument -> var index
  bool autapses = true;
  /// "sparse", "dense" or "procedural" (ChooseStorage.cpp); sparse in older
  /// descriptors.
  enum class Storage { Sparse, Dense, Procedural };
  Storage storage = Storage::Sparse;
  int delay = -1; ///< var index or -1; per synapse when that var is per entity
  int array = -1; ///< from_npy: the connectivity matrix
  int onPre = -1;
  /// With per-synapse delays: on_pre over a list of arriving synapses.
  int onPreSynapses = -1;
  /// With per-synapse delays, where the compiler allows rows in order of
  /// delay (choose-delivery): on_pre over a list of arriving runs of rows
  /// (Segments.cpp); -1 without.
  int onPreSegments = -1;
  /// `on post`: over the incoming synapses of postsynaptic neurons that spiked.
  int onPost = -1;
  /// `continuous`: every step, over each post neuron's incoming synapses.
  int continuous = -1;
  /// `where COND`: at set-up, over a row's candidate pairs, pushes those kept.
  int where = -1;
};

struct KernelDesc {
  std::string name;
  KernelKind kind = KernelKind::Update;
  int group = -1;
  bool serial = false; ///< writes shared storage: never split across threads
  /// Reads per-entity variables through `pre`: may not run beside a kernel
  /// that writes them (absent from older descriptors: assume it does).
  bool readsPre = true;
  /// It draws random numbers, numbered by its entities (absent: assume so).
  bool draws = true;
};

enum class SmoothWindow { None, Gaussian, Flat };

struct RecordingDesc {
  RecordingKind kind = RecordingKind::Spikes;
  int population = -1;
  int projection = -1; ///< Synapses: every synapse of this projection
  int event = -1;      ///< Events: the population's named event
  /// State: the variables sampled; Spikes: the values kept at each spike.
  std::vector<int> vars;
  std::int64_t begin = 0, end = 0; ///< entity range, defaults to the whole population
  std::vector<std::int64_t> indices; ///< when not empty: these entities, in this order
  double every = 0.0;              ///< seconds; 0 = every step
  double from = 0.0;               ///< seconds: records from this time on
  double to = std::numeric_limits<double>::infinity(); ///< seconds: and before this time
  SmoothWindow smooth = SmoothWindow::None; ///< Rate: also a smoothed array
  double smoothWidth = 0.0;                 ///< seconds
};

/// What changes as a phase of the experiment starts (`set` after a `run`).
struct PhaseDesc {
  std::int64_t step = 0;
  struct Set {
    int group = -1, var = -1;
    double value = 0.0; ///< SI
  };
  std::vector<Set> sets;
};

struct Experiment {
  std::string name = "main";
  double dt = 1e-4;
  std::uint64_t seed = 0;
  double duration = 0.0;
  double historyLimit = 1024.0 * 1024 * 1024; ///< bytes fractional histories may take
  int trials = 1;
};

/// `sweep E.Ib in [...]`: the values (SI) a design gives the variable.
struct SweepDesc {
  int group = -1, var = -1;
  std::vector<double> values;
  int with = -1; ///< the sweep this one steps together with, or -1
};

/// `readout y = ridge(...)`: fitted after the run (train/Readout.cpp).
struct ReadoutDesc {
  std::string name;
  bool force = false;   ///< FORCE, online (train/Force.cpp); else ridge after the run
  int group = -1, var = -1;                 ///< the state (or definition) read
  int feedbackGroup = -1, feedbackVar = -1; ///< FORCE: where the output goes, each step
  std::int64_t everySteps = 1;              ///< FORCE: steps between weight updates
  int recording = -1;   ///< ridge: the state recorded at every step
  int targetArray = -1; ///< (steps,) or (steps, outputs)
  double alpha = 0;
  std::int64_t washoutSteps = 0, trainSteps = 0;
};
struct ArrayDesc {
  std::string path;                ///< a .npy file read at start, or empty:
  std::vector<double> values;      ///< the values written in the source
  std::vector<std::int64_t> shape; ///< as checked at build time
  std::string dtype;               ///< numpy's spelling ("<f8"); empty from older compilers
  bool ascending = false;          ///< a time_array's times, which must increase
};

struct Descriptor {
  std::string bdlcVersion, source;
  std::vector<ArrayDesc> arrays;
  double buildSeconds = 0.0;
  /// "precision": "single": every variable array holds floats (the kernels
  /// compute in float); otherwise doubles.
  bool single = false;
  /// Built by `bdlc build --mpi`, which checked that the model runs on ranks.
  bool mpi = false;
  Experiment experiment;
  std::vector<GroupDesc> groups;
  std::vector<PopulationDesc> populations;
  std::vector<ProjectionDesc> projections;
  std::vector<KernelDesc> kernels;
  std::vector<RecordingDesc> recordings;
  std::vector<PhaseDesc> phases; ///< by step, ascending; only phases that change something
  std::vector<SweepDesc> sweeps;
  /// `train { ... }`: the descriptor's "training" object as JSON text
  /// (parsed by train/Trainer.cpp); empty when the experiment does not train.
  std::string training;
  std::vector<ReadoutDesc> readouts;
  int network = -1; ///< index of the "network" group, or -1

  const GroupDesc &populationGroup(int pop) const { return groups[populations[pop].group]; }
};

/// Parses and validates the descriptor of a model with numKernels kernels.
/// Throws Error ("model descriptor: ...") on anything malformed.
Descriptor parseDescriptor(const char *json, std::uint32_t numKernels);

/// "parameter", "state variable", "internal variable" — for messages.
const char *roleName(VarRole role);

/// Gives variable `var` of `group` the starting value `si` (SI) for the run,
/// as --set and sweeps do: a parameter the model computes from others
/// (VarDesc::given) then keeps it instead of its formula.
void giveValue(Descriptor &d, int group, int var, double si);

} // namespace bdlrt

#endif // BDLRT_DESCRIPTOR_H
