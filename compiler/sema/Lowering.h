// SPDX-License-Identifier: Apache-2.0
//===- Lowering.h - shared state of LowerToIR (internal to sema) -----------===//
#pragma once

#include "ir/model/Module.h"
#include "sema/SemaContext.h"

#include <functional>
#include <map>
#include <set>
#include <memory>

namespace bdl::sema {

/// One instance of a model's names bound to storage: a population (Self),
/// the pre- or postsynaptic side of a projection (Pre/Post), a synapse group,
/// or a channel instance inside a neuron (with a name prefix such as `na.`).
struct Binding {
  ModelInfo *model = nullptr;
  ir::Space space = ir::Space::Self;
  int group = -1;
  std::string prefix; ///< `na.` for a channel instance
  /// Host variables that `uses v` refers to.
  std::map<std::string, ir::VarRef> uses;
  std::map<std::string, std::unique_ptr<Binding>> channels;
  /// Definitions already lowered here (lets are shared DAG nodes).
  std::map<std::string, ir::ExprRef> lets;
  std::vector<std::string> letStack;
};

/// Where an expression is lowered: its own model, the synapse's pre/post
/// neurons and the network parameters.
struct LowerEnv {
  Binding *self = nullptr;
  Binding *pre = nullptr;
  Binding *post = nullptr;
  int network = -1; ///< group of network parameters
  const std::map<std::string, int> *netParams = nullptr;
};

/// A `time_array`'s times or values as a module array: a list of the
/// source, or a .npy file, times `scale` (its unit) when given.
struct ArrayOperand {
  int id = -1;
  std::vector<std::int64_t> shape;
  ir::ExprRef scale;
};
/// "(200, 10)", "(5,)": a shape as numpy prints it.
std::string showShape(const std::vector<std::int64_t> &v);
/// The parameters of `time_array`, in positional order.
std::vector<std::string> timeArrayParams();

class Lowerer {
public:
  Lowerer(SemaContext &cx, ir::Module &m) : cx_(cx), m_(m) {}
  ir::ExprRef expr(const ast::Expr &e, const LowerEnv &env);
  ir::Block block(const ast::Block &b, const LowerEnv &env);
  /// The variable `name` of `b` (prefixed for channels), or nullopt.
  std::optional<ir::VarRef> var(Binding &b, const std::string &name);
  /// The single site of E0905.
  void unsupported(support::SourceRange r, const std::string &what);
  bool failed() const { return failed_; }
  /// An error reported elsewhere in lowering: the module is not usable.
  void fail() { failed_ = true; }
  ir::Module &module() { return m_; }
  SemaContext &context() { return cx_; }

private:
  ir::ExprRef name(const ast::Ident &id, const LowerEnv &env);
  ir::ExprRef symbol(Binding &b, const ast::Ident &id, const LowerEnv &env);
  ir::ExprRef callExpr(const ast::CallExpr &c, const LowerEnv &env);
  ir::ExprRef distance(const ast::Ident &id, const LowerEnv &env);
public:
  /// The value of a name of `b`'s model (a definition, for recording it).
  ir::ExprRef valueOf(Binding &b, const ast::Ident &id) { return symbol(b, id, LowerEnv{&b}); }
  /// The module's array for the .npy file named by `path` (a string
  /// literal, relative to the file it is written in), after checking that
  /// its shape is `want` (E0611, E0610); -1 after an error.
  int npyArray(const ast::Expr &path, const std::vector<std::int64_t> &want, const std::string &what);
  /// The module array of a .npy file (read once per path) after checking it
  /// is readable (E0611), of a shape `misfit` accepts (it returns the shape
  /// needed otherwise, E0610) and finite (E0612); `what` needs it.
  std::optional<int> npyFile(const ast::Expr &path, const std::string &what,
                             const std::function<std::string(const std::vector<std::int64_t> &)> &misfit);
  /// A list, npy("f"), or npy("f") times or over a constant (LowerArrays.cpp).
  /// `owner` ("a time_array", "spike_times") has the array as its `role`.
  std::optional<ArrayOperand> arrayOperand(const ast::Expr &e, const LowerEnv &env, const std::string &role,
                                           std::size_t maxRank, const std::string &owner = "a time_array");
  /// The value of `time_array(...)` at time `at`; `column` picks the column
  /// of (time x neuron) values, of which there must be `columnsNeeded`.
  /// `use` is where a table is called, for errors about the call.
  ir::ExprRef timeArray(const ast::CallExpr &c, const LowerEnv &env, ir::ExprRef at, ir::ExprRef column,
                        std::int64_t columnsNeeded, SourceRange use = {});
  /// The table `name` visible where `env` is (its model's file, else any).
  const GlobalDecl *table(const std::string &name, const LowerEnv &env) const;
private:
  ir::ExprRef assignValue(const ast::AssignStmt &a, const ir::VarRef &t, const LowerEnv &env);
  SemaContext &cx_;
  ir::Module &m_;
  bool failed_ = false;
  /// Per .npy path: the first element not above the one before (times).
  std::map<std::string, std::optional<std::int64_t>> notAscending_;
  /// A table's lists become one array however often it is called, and its
  /// errors are reported once.
  std::map<const ast::Expr *, ArrayOperand> operands_;
  std::set<const ast::CallExpr *> badTimeArrays_;
};

/// Lowers one experiment's network: LowerToIR.cpp (models and populations),
/// LowerNetwork.cpp (projections, sources, stimuli), LowerExperiment.cpp.
class ModuleLowerer {
public:
  ModuleLowerer(SemaContext &cx, ir::Module &m) : cx_(cx), m_(m), low_(cx, m) {}

  bool run(FileScope &scope, const ast::ExperimentDecl &exp);

private:
  /// A variable of the IR from a checked symbol.
  ir::Var makeVar(const Symbol &s, const std::string &prefix, ir::Var::Role role);

  /// Adds the variables of `m` (and its channel instances) to `b`'s group.
  void addVars(Binding &b, ModelInfo &m);

  /// Values of states and per-entity initialisers, once all variables exist.
  void addInits(Binding &b, ModelInfo &m, const LowerEnv &env);

  /// Parameter defaults that are not constants, as initialisers.
  void addParamDefaults(Binding &b, ModelInfo &m, const LowerEnv &env);
  /// `e` as written, on one line: a computed parameter's formula (--help).
  std::string formula(const ast::Expr &e) const;
  /// `Model(p = value)`: constant values become defaults, others initialisers.
  void overrideParams(Binding &b, const std::vector<ast::Arg> &args, const LowerEnv &env);

  /// `{ v = uniform(...) }`: per-entity initial values.
  void applyInits(Binding &b, const std::vector<ast::Init> &inits, const LowerEnv &env);

  /// Alias chains (`neuron Fast = LIF(tau = 5 ms)`): base overrides first.
  void applyAliasOverrides(Binding &b, ModelInfo &m, const LowerEnv &env);

  /// Equations, spike event, reset and refractoriness of `m` (and its channels).
  void lowerDynamics(Binding &b, ModelInfo &m, ir::Population &pop, const ast::MethodMember *method,
                     const LowerEnv &env);
  void applyMethod(ir::Equation &eq, const ast::Ident &name, const std::vector<ast::Arg> &args, const LowerEnv &env);

  int lowerPopulation(const ast::PopulationDecl &pd, PopulationInfo &pi, const LowerEnv &netEnv);

  /// `P = poisson[N](rate = 10 Hz)`: N independent Poisson trains, each
  /// spiking in a step with probability rate * dt (a Bernoulli step is exact
  /// for rate * dt << 1, as in Brian2's PoissonGroup).
  int lowerPoisson(const ast::PopulationDecl &pd, PopulationInfo &pi, const LowerEnv &netEnv);

  /// `stimulus E.I_ext = step(...)`: the variable is set from a function of
  /// time at the start of every step; `stimulus E.v += poisson(...)` adds
  /// weight times a Poisson count with mean count * rate * dt.
  /// A stimulus; written after a `run`, it acts from `from` (seconds) on.
  void lowerStimulus(const ast::Target &t, bool add, const ast::Expr &value, SourceRange where, const LowerEnv &env,
                     double from = 0, double dt = 0);
  /// `set P.x = value`: the variable's initial value before the first
  /// `run` (phase null), otherwise an action of the next phase.
  void lowerSet(const ast::SetStmt &set, const LowerEnv &env, std::vector<ir::PhaseSet> *phase);
  void lowerSweep(const ast::SweepStmt &sw, const LowerEnv &env);
  /// One parameter of a sweep; `with`: the sweep it steps with, or -1.
  void lowerSweepItem(const ast::Target &t, const ast::Expr &values, const LowerEnv &env, int with);
  /// `record ...`: a recording per selection (LowerExperiment.cpp).
  void lowerRecord(const ast::RecordStmt &r, const LowerEnv &env);
  void selectNeurons(const ast::Selection &sel, ir::Recording &rec, const LowerEnv &env);
  /// The variable `set` or `sweep` names: `E.Ib`, or the network's `we`.
  std::optional<ir::VarRef> paramTarget(const ast::Target &t);
  static bool refersTo(const ir::ExprRef &e, const ir::VarRef &v);

  /// A shared variable computed at initialisation (rule arguments, delays).
  /// `G = spike_times[N](times = [...], indices = [...])`: a generator.
  int lowerSpikeTimes(const ast::PopulationDecl &pd, PopulationInfo &pi, const LowerEnv &netEnv);
  /// A neuron group named after the population, of `model`; its index.
  int addNeuronGroup(const PopulationInfo &pi, const std::string &model);
  /// Registers a lowered population under its name, with the binding that
  /// projections use for `pre.`/`post.` (null: a built-in source).
  void addPopulation(const PopulationInfo &pi, ir::Population pop, std::unique_ptr<Binding> b);
  int internalVar(int group, const std::string &name, ir::ExprRef init);
  /// `record INa of E` for a definition: a per-neuron variable holding its
  /// value, stored after each update and at initialisation; -1 if `name`
  /// cannot be recorded.
  int recordDefinition(int population, const std::string &popName, const ast::Ident &name);
  /// Poisson sources with a fixed rate: draw the wait to the next spike.
  void finishPoissonSources();
  std::vector<std::pair<int, int>> poissonSources_; ///< (population, rate var)
  /// `at grid(rows = 10, cols = 10, spacing = 20 um)`: positions x, y per neuron.
  void lowerLayout(const ast::CallExpr &layout, int group, const LowerEnv &env);

  void lowerProjection(const ast::ProjectionDecl &pd, NetworkInfo &net, const LowerEnv &netEnv);
  bool lowerExperiment(const ast::ExperimentDecl &exp);
  /// `train { ... }` (LowerTraining.cpp), once the run's length is known.
  void lowerTraining(const ast::TrainStmt &t, const ast::ExperimentDecl &exp, const LowerEnv &env);
  /// `readout y = ridge(...)` (ReadoutChecker.cpp), once the run's length is known.
  void lowerReadout(const ast::ReadoutStmt &r, const LowerEnv &env);
  /// E0806: `what` beside training (a `train` block or a FORCE readout).
  void reportBesideTraining(support::SourceRange r, const std::string &what);

  SemaContext &cx_;
  ir::Module &m_;
  Lowerer low_;
  std::map<std::string, int> popIndex_;
  std::map<std::string, std::unique_ptr<Binding>> bindings_;
  std::vector<std::unique_ptr<Binding>> synapseBindings_;
  std::map<std::string, int> netParams_;
  /// `method = euler` of aliases, as the members lowerDynamics reads.
  std::vector<std::unique_ptr<ast::MethodMember>> aliasMethods_;
};

/// Flags for the parameters computed at run time (see LowerToIR.cpp).
void addGivenFlags(ir::Module &m);

/// SI base exponents of a dimension, in the runtime's order.
ir::Dims dimsOf(const Dimension &d);

} // namespace bdl::sema
