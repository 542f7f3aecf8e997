// SPDX-License-Identifier: Apache-2.0
//===- Module.h - the model IR: groups, equations, events, projections -----===//
//
// What sema lowers one experiment to. Every value is in SI; units survive
// only as metadata (the dimension of each variable and a display unit) for
// the runtime's `--set`, `--help` and the results manifest. Nothing here
// knows about the AST.
#pragma once

#include "ir/model/Expr.h"
#include "support/SourceRange.h"

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace bdl::ir {

/// Statements of event bodies and of kernels.
struct Stmt;
using Block = std::vector<Stmt>;
struct Stmt {
  /// Expm: `targets` (k*k, row-major) = the matrix exponential of `args`
  /// (k*k, row-major); used once at initialisation for propagators.
  /// While: runs `thenBlock` as long as `value` holds (adaptive substeps);
  /// a local set more than once, or inside a loop, is mutable.
  enum class Kind { Assign, Local, If, PushSpike, Expm, While };
  Kind kind = Kind::Assign;
  VarRef target;  ///< Assign
  int local = -1; ///< Local
  ExprRef value;  ///< Assign, Local; If: the condition
  Block thenBlock, elseBlock;
  std::vector<ExprRef> args;   ///< Expm
  std::vector<VarRef> targets; ///< Expm

  static Stmt assign(VarRef t, ExprRef v) { Stmt s; s.target = t; s.value = std::move(v); return s; }
  static Stmt setLocal(int id, ExprRef v) { Stmt s; s.kind = Kind::Local; s.local = id; s.value = std::move(v); return s; }
  static Stmt ifThen(ExprRef c, Block t, Block e = {}) {
    Stmt s; s.kind = Kind::If; s.value = std::move(c); s.thenBlock = std::move(t); s.elseBlock = std::move(e); return s;
  }
  static Stmt whileLoop(ExprRef c, Block body) {
    Stmt s; s.kind = Kind::While; s.value = std::move(c); s.thenBlock = std::move(body); return s;
  }
  static Stmt pushSpike() { Stmt s; s.kind = Kind::PushSpike; return s; }
};

/// SI base exponents: m, kg, s, A, K, mol, cd.
using Dims = std::array<double, 7>;

struct Var {
  enum class Role { Param, State, Internal };
  std::string name; ///< `v`, `na.m` for a channel instance's variable, `_ref_until`
  Role role = Role::Param;
  /// One value per entity (neuron or synapse); otherwise one per group.
  bool perEntity = false;
  Dims dims{};
  std::string unit;       ///< display unit, e.g. `mV`
  double unitScale = 1;   ///< SI value of one display unit
  double defaultValue = 0; ///< SI; for parameters with a constant default
  /// Computed at initialisation: a state's initial value, a per-entity
  /// parameter's initialiser, or a parameter whose default is not constant.
  ExprRef init;
  /// A parameter the model computes (`param wm = 1 - f * (wp - 1) / (1 - f)`,
  /// `uniform(...) (per neuron)`): its group's internal flag that is 1 once
  /// the parameter is given a value (--set, a phase's `set`), so that `init`
  /// no longer replaces it; -1 otherwise.
  int given = -1;
  /// That computation as written in the source, for the executable's --help.
  std::string formula;
  /// Changed during the run by a stimulus: not a constant for integration.
  bool driven = false;
  /// An `input`: synapses add to it during a step; it is read by the next
  /// step's equations and then cleared.
  bool input = false;
  support::SourceRange range;
};

enum class GroupKind { Neuron, Synapse, Network };

/// A block of storage with one size: a population, a projection's synapses,
/// or the network's shared parameters.
struct Group {
  std::string name; ///< `E`, `E->I`, `network`
  GroupKind kind = GroupKind::Neuron;
  std::string model; ///< the neuron or synapse model
  std::int64_t size = 1;
  std::vector<Var> vars;
  /// Neuron positions (`at grid(...)`): internal per-neuron vars, or -1.
  int posX = -1, posY = -1;
  int find(const std::string &n) const {
    for (std::size_t k = 0; k < vars.size(); ++k)
      if (vars[k].name == n) return static_cast<int>(k);
    return -1;
  }
  int addVar(Var v) { vars.push_back(std::move(v)); return static_cast<int>(vars.size() - 1); }
};

/// Euler is Euler-Maruyama on equations with noise; Milstein is Ito,
/// Heun is Stratonovich for noise (and second order without it). Rkf45 is
/// adaptive (Dormand-Prince 5(4) substeps inside the global step); Gl and L1
/// integrate fractional (Caputo) equations.
enum class Method { Auto, Exact, ExpEuler, Euler, Rk2, Rk4, Heun, Milstein, Rkf45, Gl, L1 };
const char *spelling(Method m);
std::optional<Method> parseMethod(const std::string &s);

/// `dx/dt = rhs`.
struct Equation {
  int var = -1; ///< in the population's group
  ExprRef rhs;
  bool unlessRefractory = false;
  Method method = Method::Auto; ///< as requested; choose-integrator decides Auto
  Method chosen = Method::Auto;
  std::string reason; ///< why `chosen` was taken, for `emit --ir`
  /// Caputo order alpha in (0, 1]; 1 for an ordinary equation.
  double order = 1;
  bool fractional = false;
  /// Fractional schemes: the short-memory window in seconds; 0 keeps the
  /// whole history.
  double memory = 0;
  /// rkf45: relative tolerance (absolute: rtol times one display unit).
  double rtol = 1e-6;
  support::SourceRange range;
};

/// The history of one fractional equation, kept by the runtime: before each
/// update it stores the last step's increment of `var` and writes the
/// weighted sum of the remembered increments into `sum`.
struct FractionalHistory {
  int var = -1;          ///< the state, in the population's group
  int sum = -1;          ///< internal per-neuron var read by the update
  bool l1 = true;        ///< L1 weights, else Grunwald-Letnikov weights
  double order = 1;
  std::int64_t window = 0; ///< steps remembered; 0: the whole run
};

/// `event burst when cond { block }`: a second event source of the
/// population. Each step, after the spike threshold, every neuron whose
/// condition holds emits the event (whether or not it spiked, refractory or
/// not); projections that listen to it deliver it, and after the spike
/// resets its block runs for those neurons (Brian2's custom events, with
/// their thresholder after the spike's and run_on_event after the resets).
struct NamedEvent {
  std::string name;
  ExprRef condition;
  Block body;
  support::SourceRange range;
};

struct Population {
  int group = -1;
  std::vector<Equation> equations;
  ExprRef threshold;    ///< null: never spikes
  Block reset;
  ExprRef refractory;   ///< seconds; null: no refractoriness
  int refUntil = -1;    ///< internal var: the step at which refractoriness ends
  std::vector<NamedEvent> events; ///< in declaration order
  /// `spike_times`: (time in s, neuron) pairs; the population has no dynamics.
  bool generator = false;
  std::vector<std::pair<double, std::int64_t>> spikeTimes;
  /// `spike_times(npy("t.npy") * 1 ms, npy("i.npy"))`: the module arrays of
  /// the times (times `timesScale` for seconds) and of the indices (-1: every
  /// neuron at every time), turned into steps by the executable at start.
  int timesArray = -1, indicesArray = -1;
  double timesScale = 1;
  /// Filled by lower-integrators: the update of one time step, and what must
  /// be computed once before the first step (propagators).
  Block update;
  Block prepare;
  std::vector<FractionalHistory> histories;
  /// Stimuli: statements that drive variables at the start of every step,
  /// before the equations are integrated.
  Block stimuli;
  /// Recorded definitions (`record INa of E`): stored after each update, so
  /// the next step's sample sees the values of the new state.
  Block observe;
  int locals = 0;
};

struct ConnectRule {
  std::string kind = "all_to_all"; ///< all_to_all, one_to_one, probability, fixed_in_degree, ...
  /// Rule arguments, computed at initialisation into internal scalar vars of
  /// the projection's group (so that they may use network parameters).
  std::vector<std::pair<std::string, int>> args;
  bool autapses = true;
  int array = -1; ///< from_npy: the matrix whose non-zero entries connect
  /// `where COND` other than `i != j`: the pairs the rule draws are kept
  /// where COND holds (of i, j, the neurons' parameters and positions),
  /// evaluated once, as the synapses are built; null: every pair.
  ExprRef where;
  support::SourceRange whereRange;
};

/// How a projection keeps its synapses (docs/language.md, "Storage"):
/// Sparse, rows of column indices (CSR); Dense, every pair in a row-major
/// matrix without indices; Procedural, nothing: each spiking neuron's row is
/// drawn again from the connectivity seed when its spike is delivered.
enum class Storage { Sparse, Dense, Procedural };
inline const char *storageName(Storage s) {
  return s == Storage::Dense ? "dense" : s == Storage::Procedural ? "procedural" : "sparse";
}

struct Projection {
  int group = -1; ///< the synapses' storage
  int pre = -1, post = -1; ///< population indices (into Module::populations)
  /// `on pre.burst`: the presynaptic population's event (an index into its
  /// `events`) that `onPre` runs on instead of its spikes; -1: spikes.
  int preEvent = -1;
  ConnectRule rule;
  int delayVar = -1; ///< internal var holding the delay in seconds; -1: none
  /// The delay differs between synapses: delayVar is per synapse, computed at
  /// initialisation, and spikes are queued per synapse.
  bool perSynapseDelay = false;
  /// Per-synapse states that follow equations between events: advanced
  /// analytically to the event's time before each `on pre`/`on post` body.
  std::vector<Equation> equations;
  int lastUpdate = -1; ///< internal per-synapse var: time of the last event
  Block onPre;
  Block onPost;
  /// `continuous { ... }`: runs for every synapse at the start of every
  /// step, before the neurons are updated (so a `post.I += ...` there is read
  /// by this step's equations). With it, the synapse's equations are
  /// integrated every step (`update`, after the block) instead of at events.
  Block continuous;
  Block update;  ///< filled by lower-integrators for clock-driven equations
  Block prepare; ///< their propagators
  bool clockDriven() const { return !continuous.empty(); }
  /// lump-synapses replaced the states by per-post-neuron sums: the
  /// continuous kernel runs once per post neuron.
  bool lumped = false;
  int locals = 0;
  /// `storage KIND` as written (storageRange set), or chosen by
  /// choose-storage, which also says why.
  Storage storage = Storage::Sparse;
  support::SourceRange storageRange;
  std::string storageReason;
  /// choose-delivery, with per-synapse delays: whether each row's synapses
  /// are kept in order of delay, so that a spike queues one run of its row
  /// per delay rather than each synapse (ChooseDelivery.cpp); and why (or why
  /// not).
  bool segmentDelivery = false;
  std::string deliveryReason;
  support::SourceRange range; ///< the projection, for diagnostics
};

struct Recording {
  /// Events: the times and neurons of a named event, as Spikes.
  enum class Kind { Spikes, State, Rate, Events };
  Kind kind = Kind::Spikes;
  int population = -1;
  int event = -1; ///< Events: the index into the population's events
  /// State recordings of synaptic variables: the projection (then
  /// `population` is -1 and every synapse is sampled).
  int projection = -1;
  /// State: the variables sampled. Spikes: the variables whose values at
  /// each spike are kept (`with v, w`), read after the threshold and before
  /// delivery and reset.
  std::vector<int> vars;
  /// The neurons: [begin, end), or, when `indices` is not empty, those in
  /// that order (`E[0, 5, 17]`, `E[0:100:10]`).
  std::int64_t begin = 0, end = 0;
  std::vector<std::int64_t> indices;
  double every = 0; ///< seconds; 0: every step
  /// When it records: from `from` (the start of the phase it was written
  /// in, or a later `from T`) to before `to` (`to T`; infinite: the end).
  double from = 0;
  double to = std::numeric_limits<double>::infinity();
  /// `smooth gaussian(w)` / `smooth flat(w)` on a rate: a second, smoothed
  /// array computed at the end of the run, as Brian2's smooth_rate.
  enum class Smooth { None, Gaussian, Flat };
  Smooth smooth = Smooth::None;
  double smoothWidth = 0; ///< seconds
  support::SourceRange with; ///< the `with ...` option, for diagnostics
};

/// `set E.I = 10 mV` after a `run`: at the start of its phase, every entity
/// of the variable takes the value, and derived values (propagators) are
/// computed again.
struct PhaseSet {
  int group = -1, var = -1;
  double value = 0; ///< SI
};

/// One `run T` of the experiment, with what changes as it starts.
struct Phase {
  double start = 0, duration = 0; ///< seconds
  std::vector<PhaseSet> sets;
};

/// `sweep E.Ib in [10 mV, 20 mV]`: the design runs once per value (a grid
/// over several sweeps), each value the starting value of the variable.
struct Sweep {
  int group = -1, var = -1;
  std::vector<double> values; ///< SI
  /// `sweep a in [...], b in [...]`: b's index of the sweep it steps with
  /// (one axis of the design); -1 for an axis of its own.
  int with = -1;
};

/// `train { ... }` (docs/training.md): surrogate-gradient back-propagation
/// through time over samples of `steps` steps each; the adjoint pass adds
/// the backward kernels and the variables they use.
struct Training {
  /// A trained parameter: `var` of projection `projection`'s group (per
  /// synapse), or with `projection` -1 of population `population`'s group (per
  /// neuron or shared); its gradient accumulates in `grad`, an internal var
  /// of the same group with one value per value of the parameter.
  struct Param {
    int projection = -1, var = -1, grad = -1;
    int population = -1;
  };
  std::vector<Param> params;
  /// The spike source whose spikes each sample gives: array `inputArray`
  /// of shape (samples, steps, neurons).
  int inputPopulation = -1, inputArray = -1;
  /// `input P.x = npy(...) * U`: per-neuron parameter x of population
  /// `drivenPopulation` takes, in each step of a sample, the values of
  /// array `drivenArray` (samples, steps, neurons) times `drivenScale`.
  int drivenPopulation = -1, drivenVar = -1, drivenArray = -1;
  double drivenScale = 1;
  int labelsArray = -1; ///< (samples,): the class of each sample
  int targetArray = -1; ///< Trace: (samples, steps, neurons)
  /// The loss: cross-entropy of the softmax of logits taken from population
  /// `outputPopulation`: its variable `outputVar`'s largest value over the
  /// sample's steps times `logitScale`, or its neurons' spike counts.
  /// FirstSpike: each neuron's first spike time in the sample (the
  /// sample's duration if it does not spike) times `logitScale`, negative
  /// in `-first_spike(P) / 5 ms`.
  /// Trace: `mse(P.x / U, npy(...))`, the mean squared error of the
  /// scaled variable after each step against `targetArray` (samples,
  /// steps, neurons); no classes (labelsArray may be -1).
  enum class Logits { MaxOfVar, SpikeCount, FirstSpike, Trace };
  Logits logits = Logits::MaxOfVar;
  int outputPopulation = -1, outputVar = -1;
  double logitScale = 1;
  /// The derivative that replaces the spike condition's (a step of c, the
  /// condition's left side minus its right): each integrates to one.
  enum class Surrogate { FastSigmoid, Sigmoid, Arctan, Triangle };
  Surrogate surrogate = Surrogate::FastSigmoid;
  double surrogateScale = 1; ///< slope (1 / unit of c), or the triangle's width (unit of c)
  bool detachReset = false;  ///< no gradient through the spike's effect on the reset
  /// `regularize = rate(P, target = R, weight = W)`: W times the mean over
  /// P's neurons of (rate - R)^2 (rates in Hz over a sample, W in s^2) is
  /// added to the loss; -1: none.
  int ratePopulation = -1;
  double rateTarget = 0, rateWeight = 0; ///< SI: Hz, s^2
  enum class Optimizer { Adam, Sgd };
  Optimizer optimizer = Optimizer::Adam;
  double lr = 1e-3; ///< in each parameter's display unit per step
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  int epochs = 1, batch = 32;
  double testFraction = 0; ///< the last samples, held out and evaluated
  std::int64_t samples = 0, steps = 0;
  support::SourceRange range;
};

/// `readout y = ridge(R.x, target = npy(...), alpha = A, washout = W,
/// train = T)`: after the run, a linear map (with a bias) from the states
/// recorded by `recording` (every step) to the target's columns, fitted by
/// ridge regression on the steps [washout, train) and applied to every step.
struct Readout {
  /// Force: FORCE learning (Sussillo & Abbott 2009), online during the
  /// run: every `every` seconds until `train`, recursive least squares moves
  /// the weights towards the target; the output is written each step into
  /// the shared variable `feedback` (the network reads it back).
  enum class Kind { Ridge, Force };
  Kind kind = Kind::Ridge;
  std::string name;
  int population = -1, var = -1; ///< the state read (Force)
  int feedbackGroup = -1, feedbackVar = -1;
  double every = 0;
  int recording = -1; ///< Ridge
  int targetArray = -1; ///< (steps,) or (steps, outputs)
  double alpha = 0;
  double washout = 0, train = 0; ///< seconds
  support::SourceRange range;
};

struct Experiment {
  std::string name;
  double dt = 1e-4;
  std::uint64_t seed = 0;
  double duration = 0;
  /// The most memory fractional histories may take (E0509), bytes.
  double historyLimit = 1024.0 * 1024 * 1024;
  std::vector<Recording> recordings;
  /// The `run` statements in order; their durations add up to `duration`.
  std::vector<Phase> phases;
  int trials = 1;
  std::vector<Sweep> sweeps;
  std::optional<Training> training;
  std::vector<Readout> readouts;
};

/// `sum(x)` or `mean(x)` in a neuron's equations: x summed over the
/// population at the start of each step, before its update, into a shared
/// internal variable.
struct Reduction {
  int group = -1;
  int var = -1; ///< shared internal var of `group` holding the sum
  ExprRef value;
};

/// A .npy file read by the executable at start-up (`npy("W.npy")`,
/// `from_npy("W.npy")`), its shape checked against the populations; or, with
/// no path, values written in the source (a `time_array`'s lists), carried as
/// data in the descriptor instead of being unrolled into expressions.
struct ArrayFile {
  std::string path; ///< absolute; empty for values from the source
  std::vector<double> values; ///< SI values when `path` is empty
  std::vector<std::int64_t> shape;
  std::string dtype; ///< numpy's spelling ("<f8"); the executable checks it is unchanged
  bool ascending = false; ///< a time_array's times: the executable checks they increase
};

struct Module {
  std::string sourceFile;
  std::vector<ArrayFile> arrays;
  std::vector<Reduction> reductions;
  std::vector<Group> groups;
  int network = -1; ///< the group of network parameters
  std::vector<Population> populations;
  std::vector<Projection> projections;
  Experiment experiment;
  int streams = 0; ///< random draw sites numbered so far
};

} // namespace bdl::ir
