// SPDX-License-Identifier: Apache-2.0
//===- Simulation.h - storage, setup and the time-step loop ---------------===//

#ifndef BDLRT_SIMULATION_H
#define BDLRT_SIMULATION_H

#include "Checkpoint.h"
#include "Connectivity.h"
#include "Descriptor.h"
#include "Fractional.h"
#include "Manifest.h"
#include "MemoryPlan.h"
#include "Recorder.h"
#include "StateArray.h"
#include "bdlrt/bdlrt.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bdlrt {

class Progress;
class Ranks;

class Trainer;

class Simulation {
  friend class Trainer; // train/Trainer.cpp drives the kernels with its own step loop
public:
  /// d must outlive the simulation; --set has already been applied to it.
  /// With threads > 1, neuron loops are split into ranges and spike delivery
  /// by ranges of postsynaptic neurons, so every value is computed by the
  /// same operations in the same order as with one thread: same spikes.
  Simulation(const bdlrt_model &model, const Descriptor &d, std::uint64_t seed, double duration,
             int threads = 1);

  /// Allocates storage, runs prepare and init kernels, builds connectivity.
  void setup();
  /// The seed of the run's dynamics (neuron initial values, noise, Poisson
  /// input, draws in synapse events); connectivity and synaptic initial
  /// values keep the seed given to the constructor, so that the trials of
  /// an experiment share their network. Call before setup() or restart().
  void setDynamicsSeed(std::uint64_t seed) { seed_ = seed; }
  /// The seed of the connectivity and synaptic initial values (before setup).
  void setConnectSeed(std::uint64_t seed) { connectSeed_ = seed; }
  /// Prepares a further run of a design after setup() and a run: every
  /// variable back to its initial value (the descriptor's defaults as they
  /// are now, with the new dynamics seed), spike queues emptied. A
  /// projection whose rule arguments or delay changed with the defaults is
  /// built again; the others keep their synapses.
  /// With `connectSeed`, the synapses are drawn again from it (a trial with
  /// its own connectivity, --new-connectivity).
  void restart(std::uint64_t dynamicsSeed, std::optional<std::uint64_t> connectSeed = std::nullopt);
  /// Runs round(duration/dt) steps, or fewer when stopped (stop()).
  void run(Recorder &recorder, Progress &progress);
  /// A distributed run (Ranks.h): this process updates its own block of
  /// every population and keeps the synapses onto it. Before setup().
  void setRanks(const Ranks *ranks);
  /// A distributed run's exchanges since setup() or restart(): how many,
  /// the bytes this rank received, and the seconds spent in them (waiting
  /// for the slowest rank included).
  struct Exchanges {
    std::int64_t count = 0, bytes = 0;
    double seconds = 0;
  };
  const Exchanges &exchanges() const { return exchanges_; }

  /// Why a run ended before its last step, or with a non-finite state.
  struct Stop {
    enum class Kind { None, Signal, NonFinite };
    Kind kind = Kind::None;
    int signal = 0;      ///< Signal: which
    std::string message; ///< NonFinite: what, where and when
  };
  const Stop &stop() const { return stop_; }
  /// Steps run: steps() unless stopped by a signal or a non-finite state.
  std::int64_t stepsRun() const { return stepsRun_; }
  /// Off: non-finite states are neither looked for nor reported
  /// (--allow-nonfinite).
  void checkFinite(bool on) { checkFinite_ = on; }
  /// setup() refuses a model whose plan exceeds `bytes` (0: no limit);
  /// `what` names the limit in the message (MemoryPlan::check).
  double memoryLimit() const { return memoryLimit_; }
  void setMemoryLimit(double bytes, std::string what) {
    memoryLimit_ = bytes;
    memoryLimitWhat_ = std::move(what);
  }
  /// setup() stops once the plan is made, before building any synapse.
  void setPlanOnly(bool on) { planOnly_ = on; }
  const MemoryPlan &plan() const { return plan_; }

  /// Called at the start of every `every`-th step (before anything of that
  /// step) with the step and the run's recorder, on one thread while the
  /// others wait: where a checkpoint is written (--checkpoint-every).
  using CheckpointHook = std::function<void(std::int64_t step, const Recorder &)>;
  /// Called at the start of every step, before anything of it, on one
  /// thread while the others wait (an online readout: train/Force.cpp).
  /// Unset, it costs one test a step.
  void onStep(std::function<void(std::int64_t step)> hook) { stepHook_ = std::move(hook); }
  void onCheckpoint(std::int64_t every, CheckpointHook hook) {
    checkpointEvery_ = every;
    checkpointHook_ = std::move(hook);
  }
  /// The state at the start of `step` (storage, spike queues, counts,
  /// histories), and back after setup() (the next run() starts at that
  /// step). The recorder saves its own part.
  void saveState(CheckpointWriter &w, std::int64_t step) const;
  void loadState(CheckpointReader &r);
  /// The step the next run() starts at (after loadState), else 0.
  std::int64_t startStep() const { return startStep_; }

  std::int64_t steps() const { return nsteps_; }
  std::int64_t groupSize(int group) const { return groups_[group].size; }
  /// Every variable's storage, by group: what recordings and device runners
  /// read and write (doubles, or floats in single precision).
  const std::vector<std::vector<StateArray>> &state() const { return state_; }
  StateArray &state(int group, int var) { return state_[group][var]; }
  const Csr &synapses(int projection) const { return projections_[projection].csr; }
  /// Each synapse's pre- and postsynaptic neuron as this process stores
  /// them (dense storage keeps none: they follow from the synapse's place).
  void synapseEnds(int projection, std::vector<std::int32_t> &pre, std::vector<std::int32_t> &post) const;
  std::int64_t delaySteps(int projection) const { return projections_[projection].delaySteps; }
  std::int64_t spikeCount(int pop) const { return populations_[pop].total; }
  /// Spikes of each neuron of population `pop` in the run (empty where a
  /// device ran it and did not count them).
  const std::vector<std::int64_t> &spikeCounts(int pop) const { return populations_[pop].counts; }

  // For a device step loop (DeviceRunner.h), which keeps its own copy of
  // the state and hands back spike counts and the final state.
  const Descriptor &descriptor() const { return d_; }
  std::uint64_t seed() const { return seed_; }
  /// Per-synapse delays in steps (empty unless the projection has them).
  const std::vector<std::int32_t> &synapseDelays(int projection) const {
    return projections_[projection].synapseDelay;
  }
  const std::vector<std::vector<double>> &arrays() const { return arrays_; }
  /// A device's spikes of one step: `list` (ascending), or null where the
  /// device did not copy them back (then the per-neuron counts are lost).
  void addSpikes(int pop, const std::int32_t *list, std::int64_t n) {
    Population &p = populations_[pop];
    p.total += n;
    if (!list) p.countsKnown = false;
    else
      for (std::int64_t k = 0; k < n; ++k) ++p.counts[list[k]];
  }
  /// Whether spikeCounts(pop) counts every spike of the run.
  bool spikeCountsKnown(int pop) const { return populations_[pop].countsKnown; }
  /// Occurrences of named event `event` of population `pop`, per neuron.
  const std::vector<std::int64_t> &eventCounts(int pop, int event) const {
    return populations_[pop].events[event].counts;
  }
  /// Group sizes, synapse groups included (valid after setup()).
  const std::vector<std::int64_t> &groupSizes() const { return sizes_; }

  std::vector<PopulationSummary> populationSummaries() const;
  std::vector<ParameterValue> parameterValues() const;

private:
  struct Group {
    std::int64_t size = 0;
  };
  struct Population {
    /// What detection kernels write: range t's spikes from its first
    /// neuron's offset on, in two buffers of `size` (spikeBuffer()).
    std::vector<std::int32_t> spikes;
    std::vector<std::int32_t> list; ///< this step's spikes, ascending (capacity = size)
    std::int64_t nspikes = 0;
    std::int64_t total = 0;
    std::vector<std::int64_t> counts; ///< per neuron
    bool countsKnown = true;
    std::size_t nextGenerated = 0; ///< spike generators: the next entry to emit
    std::vector<FractionalHistory> histories; ///< parallel to PopulationDesc::histories
    /// `record spikes(E) with v, w`: the variables, their values at this
    /// step's spikes (spike-major, as `list`), and, when each thread reads
    /// its own range's before the delivery (StepLoop.cpp), per range in two
    /// buffers laid out as `spikes`.
    std::vector<int> atSpikeVars;
    std::vector<double> atSpikes, atSpikesByRange;
    /// Named events (NamedEvents.cpp): this step's list, ascending, and
    /// the run's counts per neuron.
    struct Event {
      std::vector<std::int32_t> list;
      std::int64_t n = 0, total = 0;
      std::vector<std::int64_t> counts;
    };
    std::vector<Event> events;
  };
  struct Projection {
    /// Sparse: the table. Dense: rowptr only (row i starts at i * stride).
    /// Procedural: empty; rows are drawn from `spec` at each delivery.
    Csr csr;
    ProjectionDesc::Storage storage = ProjectionDesc::Storage::Sparse;
    std::int64_t stride = 0; ///< dense: the row length (postsynaptic neurons)
    ConnectSpec spec;        ///< procedural: what rows are drawn from
    /// Procedural: this delivery's rows, drawn for the arriving presynaptic
    /// neurons: drawn[t]'s col holds chunk t's rows and start/end the runs
    /// of part t's post neurons in them (one of each on one thread;
    /// Delivery.cpp, drawRows).
    struct alignas(64) Drawn { // one per thread: no cache line shared
      std::vector<std::int64_t> start, end;
      std::vector<std::int32_t> col;
      RowScratch scratch;
    };
    std::vector<Drawn> drawn;
    std::int64_t synapses() const {
      return storage == ProjectionDesc::Storage::Dense        ? (csr.rowptr.empty() ? 0 : csr.rowptr.back())
             : storage == ProjectionDesc::Storage::Procedural ? 0
                                                              : csr.size();
    }
    /// Delivered by parts of the post neurons, one per thread.
    bool splitByPost() const { return !rowStart.empty() || drawn.size() > 1; }
    std::int64_t delaySteps = 0; ///< with per-synapse delays: the longest
    /// Spike lists by arrival step modulo delaySteps + 1: presynaptic neurons,
    /// or with per-synapse delays the synapses whose spike arrives then.
    std::vector<std::vector<std::int32_t>> ring;
    /// With sharedGlue_ off (StepLoop.cpp), one ring per thread instead.
    std::vector<std::vector<std::vector<std::int32_t>>> rings;
    /// The ring slot of step s + d (0 <= d <= delaySteps), without a
    /// division where there is no delay (a dozen a step otherwise).
    std::int64_t slot(std::int64_t s, std::int64_t d = 0) const {
      return delaySteps == 0 ? 0 : later(s % (delaySteps + 1), d);
    }
    /// The slot d steps after slot k.
    std::int64_t later(std::int64_t k, std::int64_t d) const {
      k += d;
      return k > delaySteps ? k - delaySteps - 1 : k;
    }
    std::vector<std::int32_t> synapseDelay; ///< steps, per synapse (per-synapse delays only)
    /// Rows in order of delay (Segments.cpp): row i's runs of one delay are
    /// segments segRow[i] .. segRow[i + 1] - 1; segment g holds synapses
    /// segPtr[g] .. segPtr[g + 1] - 1, all arriving segDelay[g] steps after
    /// the spike. The queue then holds segment numbers, rowStart/rowEnd
    /// bound each part's run of each segment, and synapseDelay is released.
    bool segmented = false;
    std::vector<std::int64_t> segRow, segPtr;
    std::vector<std::int32_t> segDelay;
    /// On ranks: the shortest delay, in steps, of any synapse of the whole
    /// projection (Ranks.cpp, keepOwnSynapses).
    std::int64_t minDelaySteps = 0;
    /// On ranks, for a recorded projection: the rank holding each synapse
    /// of the whole network, in its order (Ranks.cpp); and, while a sample
    /// is taken, the whole arrays swapped into state_.
    std::vector<std::uint16_t> owner;
    std::vector<std::pair<int, StateArray>> whole;
    /// What the synapses were built from: the rule's argument and the
    /// shared delay (restart() rebuilds them when these change).
    double builtArg = 0.0, builtDelay = 0.0;
    /// `on post` only: incoming synapses by postsynaptic neuron (synapse ids,
    /// ascending within a neuron).
    std::vector<std::int64_t> postptr;
    std::vector<std::int32_t> postsyn;
    std::vector<std::int64_t> postend; ///< dense: every post neuron's row ends at npre (postptr is 0)
    /// threads > 1: per thread, the part of each row whose post neurons it
    /// owns (rowStart[t][i] .. rowEnd[t][i]).
    std::vector<std::vector<std::int64_t>> rowStart, rowEnd;
  };

  void allocate(int group, bool perEntity);
  /// Runs the group's prepare kernel (derived values), as at set-up.
  void prepare(int group);
  /// A neuron or network group: storage filled with the descriptor's
  /// defaults, then its prepare and init kernels (set-up and restart()).
  void initGroup(int group);
  /// Builds projection `index` from its group's prepared values (setup()
  /// and restartProjection() run the prepare kernel first).
  void setupProjection(int index);
  void callInit(int kernel, const bdlrt_kernel_args &a) const;
  /// The memory plan (SimulationPlan.cpp): each part before it is allocated.
  void planNeurons(MemoryPlan &plan) const;
  void planRecordings(MemoryPlan &plan) const;
  void planProjection(int k, MemoryPlan &plan);
  double expectedSynapses(int k) const;
  ConnectSpec connectSpec(int index) const;
  /// Procedural delivery of the arriving neurons in `a.list`: draw a chunk
  /// of their rows, then deliver to a part of the post neurons, all chunks
  /// drawn before any part is delivered (Delivery.cpp).
  void drawRows(int projection, int chunk, int parts, const bdlrt_kernel_args &a);
  void deliverRows(int projection, int kernel, int part, int parts, const bdlrt_kernel_args &a);
  double sharedValue(int group, int var, const char *what) const;
  bdlrt_kernel_args argsFor(int group) const;
  /// Arguments of kernels that walk the rows of presynaptic neurons (a
  /// projection's init, on_pre): the connectivity as built.
  bdlrt_kernel_args byPreArgs(int projection, std::int64_t step, double t) const;
  /// Arguments of kernels that walk the incoming synapses of post neurons
  /// (on_post, continuous): the transposed connectivity.
  bdlrt_kernel_args byPostArgs(int projection, std::int64_t step, double t) const;
  void call(int kernel, const bdlrt_kernel_args &args) const;
  /// Runs `kernel` over [0, n) split into one range per thread (serial
  /// kernels and small n in one piece). `setup(a, t, lo, hi)` adjusts the
  /// arguments of range t.
  /// Inside the run's team, without `wait` a thread goes on once its own
  /// range is done (the caller places the barrier).
  template <class Setup>
  void callSplit(int kernel, const bdlrt_kernel_args &base, std::int64_t n, Setup &&setup, bool wait = true) const;
  std::int64_t chunkBegin(std::int64_t n, int t) const { return n * t / threads_; }
  /// How many ranges `n` independent entities are split into.
  int partsFor(std::int64_t n) const { return n < 2 * threads_ ? 1 : threads_; }
  /// The same for `kernel` (serial kernels run in one piece).
  int partsFor(int kernel, std::int64_t n) const { return d_.kernels[kernel].serial ? 1 : partsFor(n); }
  /// Called by every thread of the run's team (StepLoop.cpp); false (on
  /// every thread alike) when the run must stop on failure_.
  bool step(std::int64_t step, Recorder &recorder, Progress &progress);
  /// Runs f on one thread of the team, keeping the first exception in
  /// failure_; the others wait at its end.
  template <class F> void once(F &&f);
  /// The kernel that detects p's spikes (fused update or threshold), or -1.
  int detectingKernel(int p) const;
  void detectParts(int p, int kernel, std::int64_t step, double t, bool wait);
  template <class F> void forEachRange(int p, int kernel, std::int64_t step, F &&f);
  std::exception_ptr badCount(int p, int kernel, std::int64_t step);
  void gatherSpikes(int p, int kernel, std::int64_t step);
  void collectSpikes(std::int64_t step, double t, Recorder &recorder);
  /// SpikeValues.cpp: the values of p's atSpikeVars at spikes[0, n), as
  /// stored, into out; range `part`'s at its spikes of `step` (owned ranges
  /// without shared glue, before the delivery); and, once the step's list
  /// is joined, those at all of p's spikes in its order.
  void readAtSpikes(int p, const std::int32_t *spikes, std::int64_t n, double *out) const;
  void readRangeAtSpikes(int part, std::int64_t step);
  const double *valuesAtSpikes(int p, std::int64_t step);
  /// NamedEvents.cpp: each named event's detection over its population,
  /// counted and recorded (after the spikes' detection, on one thread), and
  /// its blocks over the step's list (after the spike resets).
  void setupEvents(int pop);
  void detectEvents(std::int64_t step, double t, Recorder &recorder);
  void resetEvents(std::int64_t step, double t);
  /// The presynaptic list projection k delivers: its pre population's
  /// spikes, or one of its named events' (inline: queued every step).
  std::pair<const std::int32_t *, std::int64_t> sourceList(int projection) const {
    const ProjectionDesc &pd = d_.projections[projection];
    const Population &pre = populations_[pd.pre];
    if (pd.event < 0) return {pre.list.data(), pre.nspikes};
    const Population::Event &e = pre.events[pd.event];
    return {e.list.data(), e.n};
  }
  void queueSpikes(std::int64_t step);
  /// queueSpikes' parts: the slots delivered at step - 1 emptied, and one
  /// projection's spikes of `step` (its source's list now) queued.
  void clearDelivered(std::int64_t step);
  void queueProjection(int projection, std::int64_t step);
  /// Parts [part, part + parts): each queues the step's spikes in its own
  /// ring; then one call delivers to all their post neurons, whose columns
  /// are adjacent in every row (more than one part: thread 0 alone).
  void queueAndDeliver(int part, int parts, std::int64_t step, double t);
  /// Segments.cpp: projection k's rows put in order of delay, where the
  /// compiler allows it (on_pre_segments) and its synapses are not
  /// recorded; and `n` spikes of `list` queued as their rows' segments into
  /// `ring`, whose slot `now` is this step's.
  void segmentRows(int k);
  /// Each thread's part of every run of columns ptr[r] .. ptr[r + 1] - 1
  /// (rows, or segments), into proj.rowStart/rowEnd.
  void splitRuns(Projection &proj, int group, const std::vector<std::int64_t> &ptr);
  /// The kernel over rows (on_pre) or, with rows in order of delay, over
  /// their segments; -1 for neither.
  int rowKernel(int k) const {
    return projections_[k].segmented ? d_.projections[k].onPreSegments : d_.projections[k].onPre;
  }
  bool segments(int k) const {
    const ProjectionDesc &pd = d_.projections[k];
    return pd.onPreSegments >= 0 && pd.storage == ProjectionDesc::Storage::Sparse && !synapsesRecorded(k);
  }
  void queueSegments(int k, std::int64_t now, const std::int32_t *list, std::int64_t n,
                     std::vector<std::vector<std::int32_t>> &ring);
  /// After thread 0 ran steps alone, which queue segments into its ring
  /// only (StepLoop.cpp): every thread's ring made a copy of it.
  void shareSoloRings();
  void reset(std::int64_t step, double t);
  /// Detections of step s go to buffer s % 2 of spikes and counts, so that
  /// a thread may detect step s + 1's while another still reads step s's.
  std::int32_t *spikeBuffer(int p, std::int64_t step) {
    return populations_[p].spikes.data() + (step & 1) * groups_[d_.populations[p].group].size;
  }
  std::int64_t *countsOf(int p, std::int64_t step) {
    std::size_t at = static_cast<std::size_t>(step & 1) * d_.populations.size() + static_cast<std::size_t>(p);
    return spikeCounts_.data() + at * threads_ * kCountStride;
  }
  void planPhases();
  /// The first part of run(): the recorder, the kernel table, phases at
  /// step 0, a distributed run's plan (RunStart.cpp).
  void beginRun(Recorder &recorder);
  /// The neurons of `group` this process updates: all of them, or its
  /// rank's block (Ranks.cpp).
  std::pair<std::int64_t, std::int64_t> owned(int group) const {
    if (ownFirst_.empty()) return {0, groups_[group].size};
    return {ownFirst_[group], ownLast_[group]};
  }
  /// Ranks.cpp: every rank's neuron state to every rank; this step's
  /// spikes likewise (the lists and the stop signal); a projection's
  /// synapses cut to those onto this rank's neurons; and one answer for all
  /// ranks to whether one of them found a non-finite state.
  void gatherNeurons();
  /// Only what the recorder samples at `step`, from sampled_.
  void gatherSampled(std::int64_t step);
  /// Entities [begin, end) of one variable of a neuron group.
  void gatherBlock(int group, int var, std::int64_t begin, std::int64_t end);
  /// The recorded synapse groups sampled at `step`, each rank's synapses
  /// in the whole network's order, swapped into state_ (and back by a
  /// second call with `back`), so that the recorder reads them as one
  /// process's.
  void swapWholeSynapses(std::int64_t step, const Recorder &recorder, bool back);
  /// The whole network's pre and post neuron of each synapse of `k`.
  void wholeEnds(int k, std::vector<std::int32_t> &pre, std::vector<std::int32_t> &post) const;
  /// This step's spike lists kept; at the end of each exchange interval
  /// (exchangeEvery_ steps), of the run, or (`now`) of a run that stops,
  /// every rank's lists of the interval are exchanged, then counted,
  /// recorded and queued step by step as one process would have.
  void batchSpikes(std::int64_t step, Recorder &recorder, bool now = false);
  void exchangeBatch(std::int64_t last, Recorder &recorder);
  /// With `built`, the synapses are this rank's already (buildsOwnOnly).
  void keepOwnSynapses(int projection, bool built);
  /// Whether a rank draws just the synapses onto its own neurons: on ranks,
  /// for a sparse projection built by a rule whose synapses no recording
  /// samples (those need the whole table's order, synapsesRecorded).
  bool buildsOwnOnly(int projection) const;
  bool synapsesRecorded(int projection) const;
  /// A rank's own synapses' initial values, drawn as the whole table's
  /// synapses with their numbers there (the init kernel row by row).
  void initOwnSynapses(int projection, const bdlrt_kernel_args &a);
  void agreeOnStop(std::int64_t step);
  /// Called first in every step by every thread: whether to stop before it,
  /// for a signal received during the previous step (StepLoop.cpp).
  bool stopBefore(std::int64_t step);
  /// Scans the state for non-finite values (neuron groups, and synapse
  /// groups when `synapses`); on one, sets stop_ and returns true.
  bool findNonFiniteState(std::int64_t step, bool synapses);
  /// The non-finite check's interval in steps for neurons and synapses.
  void planFiniteChecks();
  /// Applies a phase's `set`s and recomputes the derived values (prepare
  /// kernels) of the groups they change.
  void applyPhase(const PhaseDesc &phase);
  /// The phase that starts at `step` (> 0), or null.
  const PhaseDesc *phaseAt(std::int64_t step) const;
  void setupHistories(int pop);
  void advanceHistories(int pop, std::int64_t step);

  /// Resets a projection for restart(); see there.
  void restartProjection(int index, bool reconnect);

  const bdlrt_model &model_;
  const Descriptor &d_;
  const Ranks *ranks_ = nullptr; ///< null: one process
  /// With ranks, per group: the owned block [ownFirst_, ownLast_) of each
  /// population's neurons (whole for other groups).
  std::vector<std::int64_t> ownFirst_, ownLast_;
  Exchanges exchanges_;
  std::vector<Recorder::SampledRange> sampled_; ///< what the run's recorder samples
  /// Steps between exchanges: the shortest delay of any synapse (at least
  /// one), so that no spike is due before every rank has it (run()).
  std::int64_t exchangeEvery_ = 1;
  /// The interval's spike lists: counts per step and population, and the
  /// lists themselves, step by step; and the stop signal seen meanwhile.
  std::vector<std::int64_t> batchCounts_;
  std::vector<std::int32_t> batchLists_;
  int batchSignal_ = 0;
  /// exchangeBatch's buffers, kept between exchanges.
  std::vector<std::int64_t> rankCounts_;
  std::vector<std::int32_t> rankSpikes_, allSpikes_;
  std::uint64_t seed_;        ///< dynamics
  std::uint64_t connectSeed_; ///< connectivity and synaptic initial values
  double dt_;
  double duration_;
  std::int64_t nsteps_ = 0;
  int threads_ = 1;
  /// Spike counts of threshold kernels, one per range kCountStride apart:
  /// a cache line each, so that threads do not share one.
  static constexpr int kCountStride = 8;
  std::vector<std::int64_t> spikeCounts_;
  std::exception_ptr failure_; ///< the first error inside the run's team
  Stop stop_;
  std::int64_t stepsRun_ = 0;
  /// The stop signal seen by thread 0 at the start of step s, in slot s % 2.
  int signalAt_[2] = {0, 0};
  bool checkFinite_ = true;
  MemoryPlan plan_;
  double memoryLimit_ = 0;
  std::string memoryLimitWhat_;
  bool planOnly_ = false;
  std::vector<std::int64_t> expectedSynapses_; ///< per projection, from the plan
  std::int64_t startStep_ = 0;
  std::int64_t checkpointEvery_ = 0;
  CheckpointHook checkpointHook_;
  std::function<void(std::int64_t)> stepHook_;
  /// Steps between scans of neuron (synapse) state; 0: never.
  std::int64_t neuronCheckEvery_ = 0, synapseCheckEvery_ = 0;
  /// When the last scan found every neuron (synapse) state finite.
  double lastFiniteAt_[2] = {0.0, 0.0};
  bool hasReductions_ = false;
  bool hasContinuous_ = false;
  bool atSpikeValues_ = false; ///< some population keeps values at its spikes
  bool hasEvents_ = false;     ///< some population has named events
  /// Each thread owns a range of every population's neurons, in every
  /// kernel of the step (planPhases(), StepLoop.cpp).
  bool owned_ = false;
  /// One thread joins spike lists and queues them for delivery, between two
  /// barriers; when false (planPhases()), every thread queues them for its
  /// own delivery and one records them, without the second barrier.
  bool sharedGlue_ = true;
  std::vector<Group> groups_;
  std::vector<std::vector<StateArray>> state_; ///< per group and var; empty until allocated
  std::vector<std::vector<void *>> groupVars_; ///< what kernels see as self/pre/post/net
  std::vector<Population> populations_;
  std::vector<Projection> projections_;
  std::vector<std::vector<double>> arrays_; ///< the descriptor's .npy files
  std::vector<std::int64_t> sizes_;        ///< group sizes, set at the end of setup()
  std::vector<bdlrt_kernel_args> baseArgs_; ///< per group, from the end of setup()
  std::vector<const double *> arrayPtrs_;
};

} // namespace bdlrt

#endif // BDLRT_SIMULATION_H
