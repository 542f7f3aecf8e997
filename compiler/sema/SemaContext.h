// SPDX-License-Identifier: Apache-2.0
//===- SemaContext.h - symbols, scopes and values shared by sema's checkers ===//
//
// Internal to compiler/sema. One SemaContext lives for one analyze() call.
#pragma once

#include "ast/AST.h"
#include "diag/DiagnosticEngine.h"
#include "sema/Sema.h"
#include "units/Dimension.h"
#include "units/Unit.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace bdl::sema {

using support::SourceRange;
using units::Dimension;

/// What checking an expression yields: its type, dimension, and the
/// compile-time value in SI units when it is constant.
struct Value {
  enum class Kind { Number, Bool, String, List, Poison };
  Kind kind = Kind::Number;
  Dimension dim;
  std::optional<double> constant;
  /// A bare `0`: zero of any dimension is the same number, so it fits all.
  bool zeroLiteral = false;
  bool random = false;
  /// Uses a white-noise term (`xi`): an SDE.
  bool noise = false;
  /// The first non-constant thing used, for messages ("state 'v'").
  std::string dependsOn;

  static Value poison() { Value v; v.kind = Kind::Poison; return v; }
  static Value number(Dimension d, std::optional<double> c = std::nullopt) {
    Value v; v.dim = d; v.constant = c; return v;
  }
  bool isPoison() const { return kind == Kind::Poison; }
  /// Takes over what `o` depends on (randomness, noise, non-constants).
  void inherit(const Value &o) {
    random |= o.random;
    noise |= o.noise;
    if (dependsOn.empty()) dependsOn = o.dependsOn;
  }
  bool isNumber() const { return kind == Kind::Number; }
};

struct ModelInfo;
struct FileScope;

enum class SymKind { Param, State, Input, Let, Uses, Channel };
const char *describe(SymKind k); ///< "parameter", "state", ...

struct Symbol {
  SymKind kind = SymKind::Param;
  std::string name;
  SourceRange range;
  Dimension dim;
  bool poison = false;
  std::optional<double> value; ///< parameter default in SI
  std::string unitText; ///< the declared unit as written, for fix-its
  bool perEntity = false; ///< `(per neuron)` / `(per synapse)`: may be random
  const ast::LetMember *let = nullptr;
  /// A parameter or state without a declared unit takes its value's.
  const ast::VarMember *untypedVar = nullptr;
  /// A parameter with a declared unit and a default: its value is computed
  /// on first use, so a default may use a parameter declared further down.
  const ast::VarMember *typedParam = nullptr;
  enum class LetState { Unchecked, InProgress, Done } letState = LetState::Unchecked;
  ModelInfo *channel = nullptr; ///< SymKind::Channel: the channel's model
  std::string letDepends;       ///< SymKind::Let: Value::dependsOn of its expression
};

/// A neuron, channel or synapse: its declarations, collected before any
/// expression is checked so that members may refer to later ones.
struct ModelInfo {
  const ast::ModelDecl *decl = nullptr; ///< null for a projection's inline synapse
  const std::vector<ast::MemberPtr> *members = nullptr;
  SourceRange range;
  ast::ModelKind kind = ast::ModelKind::Neuron;
  std::string name;
  FileScope *file = nullptr;
  std::map<std::string, Symbol> symbols;
  ModelInfo *aliasBase = nullptr;
  /// Its declarations are incomplete (an alias of a missing model): lookups
  /// fail silently instead of reporting follow-on errors.
  bool poisoned = false;
  /// A projection's inline synapse also sees its network's parameters.
  const std::map<std::string, Value> *networkParams = nullptr;
  bool hasSpike = false;
  bool hasRefractory = false;
  /// A neuron's named events (`event burst when ...`) in declaration order,
  /// which is their index in the model IR; a namespace of their own.
  std::vector<std::pair<std::string, SourceRange>> events;
  int findEvent(const std::string &n) const {
    for (std::size_t k = 0; k < events.size(); ++k)
      if (events[k].first == n) return static_cast<int>(k);
    return -1;
  }
  /// While a synapse is checked for one projection: the neuron models that
  /// `pre.` and `post.` refer to.
  ModelInfo *boundPre = nullptr;
  ModelInfo *boundPost = nullptr;
  enum class Phase { New, Collecting, Collected, Checked } phase = Phase::New;
  Symbol *find(const std::string &n);
};

/// A top-level name: a model, a network or an experiment.
struct GlobalDecl {
  enum class Kind { Model, Network, Experiment, Table } kind = Kind::Model;
  std::string name;
  SourceRange range;
  ModelInfo *model = nullptr;
  const ast::NetworkDecl *network = nullptr;
  const ast::ExperimentDecl *experiment = nullptr;
  const ast::TableDecl *table = nullptr;
  /// A table, once checked: the dimension of its values, or poison.
  std::optional<Dimension> tableDim;
  bool tablePoison = false;
  std::string what() const; ///< "neuron", "channel", "synapse", "network", "experiment"
};

/// The names visible in one source file: its own declarations and imports.
struct FileScope {
  const ast::File *file = nullptr;
  std::string path;
  std::map<std::string, GlobalDecl *> visible;
  std::vector<GlobalDecl *> own;
};

/// A population in a checked network.
struct PopulationInfo {
  std::string name;
  SourceRange range;
  ModelInfo *model = nullptr; ///< null for built-in sources (poisson)
  std::string builtinKind;    ///< "poisson", "spike_times"
  std::optional<long long> size;
};

struct NetworkInfo {
  std::string name;
  std::map<std::string, Value> params;
  std::map<std::string, PopulationInfo> populations;
  /// "E->I" to the synapse model of that projection.
  std::map<std::string, ModelInfo *> projections;
  /// The synapse of each projection and target as declared: two projections
  /// between the same populations (`E -> T { on pre.burst {...} }` beside
  /// `E -> T { on pre {...} }`) share a name above but not an entry here.
  std::map<std::pair<const ast::ProjectionDecl *, std::size_t>, ModelInfo *> synapseOf;
};

/// Where an expression appears decides which names and functions it may use.
struct ExprEnv {
  ModelInfo *model = nullptr;
  /// Synapse bodies: the neuron models bound to `pre.` and `post.`; when a
  /// synapse is checked on its own they are unknown and such references are
  /// checked later, per projection.
  bool prePostAllowed = false;
  ModelInfo *pre = nullptr;
  ModelInfo *post = nullptr;
  const std::map<std::string, Value> *networkParams = nullptr;
  FileScope *file = nullptr;
  bool allowRandom = false;
  bool allowNoise = false;
  bool allowIndices = false;
  bool allowReduction = false;
  bool allowTime = true;
  /// A time_array's times and values: `npy(...)` is the whole array.
  bool allowArrays = false;
};

class SemaContext {
public:
  SemaContext(const support::SourceManager &sm, ModuleLoader &loader, const SemaOptions &opts,
              diag::DiagnosticEngine &diags)
      : sm(sm), loader(loader), opts(opts), diags(diags) {}

  const support::SourceManager &sm;
  ModuleLoader &loader;
  const SemaOptions &opts;
  diag::DiagnosticEngine &diags;

  std::vector<std::unique_ptr<FileScope>> files;
  std::vector<std::unique_ptr<GlobalDecl>> globals;
  std::vector<std::unique_ptr<ModelInfo>> models;
  std::vector<std::unique_ptr<ModelInfo>> inlineModels;
  std::map<const ast::NetworkDecl *, std::unique_ptr<NetworkInfo>> networks;
  /// While a synapse body is checked for one projection, every error gets a
  /// note pointing at that projection.
  std::optional<diag::Note> contextNote;
  /// Definitions being checked, innermost last, to name a cycle's members.
  std::vector<std::string> letStack;

  /// Reports once per (code, position): a synapse body is re-checked for
  /// every projection that uses it, and must not repeat its errors.
  diag::DiagBuilder report(diag::DiagId id, SourceRange r, std::vector<std::string> args = {});
  std::string text(SourceRange r) const { return std::string(sm.text(r)); }

private:
  std::set<std::pair<int, std::uint64_t>> reported_;
  diag::DiagBuilder dropped_{nullptr, static_cast<std::size_t>(-1)};
};

// Sema.cpp
/// The single site of E0202: `name` declared again at `r`.
void reportRedefinition(SemaContext &cx, const std::string &name, SourceRange r, SourceRange previous,
                        const std::string &previousWhat);

// Reports.cpp: diagnostics shared by several checkers (one site per code).
/// E0212: `name` is a `is`, not a `want`.
void reportWrongKind(SemaContext &cx, SourceRange r, const std::string &name, const std::string &is,
                     const std::string &want, SourceRange declared = {}, const std::string &help = {});
/// E0215: `what` can only be used `where`.
void reportWrongPlace(SemaContext &cx, SourceRange r, const std::string &what, const std::string &where);
/// E0404: definitions (or aliases) refer to each other in a cycle.
void reportCycle(SemaContext &cx, SourceRange r, const std::string &chain);
/// E0405: only states may be assigned.
void reportNotAssignable(SemaContext &cx, SourceRange r, const std::string &name, SymKind kind,
                         SourceRange declared);
/// E0414: unknown named argument, with a "did you mean" from `known`.
void reportUnknownArgument(SemaContext &cx, const ast::Ident &arg, const std::string &callee,
                           const std::vector<std::string> &known);
/// E0415: a parameter's default uses something that is not constant.
void reportNonConstant(SemaContext &cx, SourceRange r, const std::string &param, const std::string &uses);
/// E0418: `what` given twice.
void reportGivenTwice(SemaContext &cx, SourceRange r, const std::string &what);
/// E0703: `what` cannot be recorded because `why`.
void reportCannotRecord(SemaContext &cx, SourceRange r, const std::string &what, const std::string &why,
                        const std::string &help = {});
/// E0218: whether `event` names an event of `model`, the model of the
/// population or neuron `kind` `owner` (null for a spike source such as
/// poisson, which has spikes only); a did-you-mean among its events when not.
bool checkEventName(SemaContext &cx, const ast::Ident &event, const char *kind, const std::string &owner,
                    const ModelInfo *model);

// Imports.cpp
/// Loads `file` and, recursively, its imports; builds every FileScope.
FileScope *loadModule(SemaContext &cx, const ast::File &file, std::vector<std::string> &stack);

// UnitChecker.cpp
/// The value of an expression; reports 02xx/03xx/04xx problems inside it.
Value checkExpr(SemaContext &cx, const ast::Expr &e, const ExprEnv &env);
/// A declared unit (`mS/cm^2`); nullopt after reporting a problem.
std::optional<units::Unit> evalUnit(SemaContext &cx, const ast::UnitNode &u, const ExprEnv &env);
/// "voltage [kg m^2 s^-3 A^-1]" or "a truth value".
std::string describeValue(const Value &v);
/// Checks that `v` fits `expected` (a declared unit); reports E0304 naming `what`.
/// `unitHint` is the declared unit as written ("mV"), used in the fix-it.
bool checkDeclared(SemaContext &cx, const Value &v, const Dimension &expected, const std::string &what,
                   SourceRange valueRange, SourceRange declRange, const std::string &unitHint = {});
/// Requires a time (E0309), e.g. for `refractory`, `run`, `delay`.
bool requireTime(SemaContext &cx, const Value &v, const std::string &what, SourceRange r);
/// A constant `v` must not be negative (E0424): `refractory -5 ms`,
/// `delay -1 ms`, `run -1 s` cannot run. Non-constant values pass.
bool requireNonNegative(SemaContext &cx, const Value &v, const std::string &what, SourceRange r);
/// Requires a dimensionless number (E0311).
bool requireDimensionless(SemaContext &cx, const Value &v, const std::string &what, SourceRange r);
/// E0201 with a "did you mean" from the names visible in `env`.
void reportUndeclared(SemaContext &cx, const ast::Ident &id, const ExprEnv &env);
/// Requires a truth value (E0407).
bool requireBool(SemaContext &cx, const Value &v, const std::string &what, SourceRange r);
/// Reports E0313: `what` has the wrong dimension.
void reportExpectedDim(SemaContext &cx, const std::string &what, const Value &v,
                       const std::string &expected, SourceRange r);

// Builtins.cpp
Value checkCall(SemaContext &cx, const ast::CallExpr &c, const ExprEnv &env);
/// `table NAME = time_array(...)` (E0436 for anything else).
void checkTable(SemaContext &cx, GlobalDecl &g);
/// E0422: a spike generator's times and indices differ in length.
void reportSpikeTimesLengths(SemaContext &cx, SourceRange times, std::size_t nTimes, SourceRange indices,
                             std::size_t nIndices);
/// The table `name` visible where `env` is, or null.
const GlobalDecl *visibleTable(const ExprEnv &env, const std::string &name);
/// Checks a call against a built-in signature of `category` ("connection
/// rule", "layout", "stimulus", "smoothing window"); returns the checked
/// arguments by name.
std::optional<std::map<std::string, Value>> checkSpecialCall(SemaContext &cx, const ast::CallExpr &c,
                                                             const ExprEnv &env, const char *category);
bool isNoiseName(const std::string &n);
/// E0406: `name` takes `takes` (e.g. "2 arguments"), but `given` given.
void reportArity(SemaContext &cx, SourceRange r, const std::string &name, const std::string &takes,
                 const std::string &given);
/// E0203: no model of kind `want` called `name` is visible.
void reportUnknownModel(SemaContext &cx, FileScope &scope, const ast::Ident &name, const char *want);
/// E0211 for `foo(...)` in a declared unit, where only `sqrt` is allowed.
void reportUnknownUnitFunction(SemaContext &cx, const ast::Ident &name);

// TrainChecker.cpp
/// A `train` block of an experiment of `net` (null when the network was
/// not found): E0801-E0804.
void checkTraining(SemaContext &cx, const NetworkInfo *net, const ast::TrainStmt &t, const ExprEnv &env);
/// `readout y = ridge(...)`: E0802, E0804.
void checkReadout(SemaContext &cx, const NetworkInfo *net, const ast::ReadoutStmt &r, const ExprEnv &env);
/// Whether `e` is `npy("file")`, a .npy file named by a string.
bool isNpyPath(const ast::Expr &e);
/// `x / d` gives x, and d in `*divisor`; anything else gives itself and null.
const ast::Expr &splitDivisor(const ast::Expr &e, const ast::Expr **divisor);
/// The logits of a loss: `[-] x [/ d]` or `-(x / d)` gives x, d in
/// `*divisor` (or null) and whether it was negated in `*negated` (if not null).
const ast::Expr &splitLogits(const ast::Expr &e, const ast::Expr **divisor, bool *negated);
/// E0802: {what, why} cannot be trained with.
diag::DiagBuilder reportNotTrainable(SemaContext &cx, SourceRange r, std::vector<std::string> whatAndWhy);
/// E0804: {what, the form it takes}.
diag::DiagBuilder reportTrainForm(SemaContext &cx, SourceRange r, std::vector<std::string> whatAndForm);

// Suggest.cpp
/// The closest candidate within a small edit distance, or "".
std::string closestName(const std::string &name, const std::vector<std::string> &candidates);

// ModelChecker.cpp
/// Collects declarations of a model (and of its alias base) once.
void collectModel(SemaContext &cx, ModelInfo &m);
/// The environment for expressions inside `m`, including its current
/// `pre.`/`post.` binding and, for inline synapses, the network parameters.
ExprEnv envFor(ModelInfo &m);
void checkModel(SemaContext &cx, ModelInfo &m);
/// Checks a synapse body with pre/post bound to neuron models.
/// Errors get a note "in the projection <label> here" at `usedAt`.
void checkSynapseBody(SemaContext &cx, ModelInfo &syn, ModelInfo *pre, ModelInfo *post,
                      SourceRange usedAt, const std::string &label);
/// Looks a variable up in a model; reports E0210 when absent.
Symbol *lookupVariable(SemaContext &cx, ModelInfo &m, const ast::Ident &name);
/// The single site of E0110: flag `f` is not allowed here.
void reportBadFlag(SemaContext &cx, const ast::Flag &f, const char *expected);
/// Checks `stimulus Pop.var = f(...)` (shared by networks and experiments).
void checkStimulusIn(SemaContext &cx, NetworkInfo &net, const ast::Target &t, const ast::Expr &value,
                     const ExprEnv &env);
/// `na.m`: variable `member` of the channel instance `base` of `m`.
/// Reports E0216 when `base` is not a channel instance, E0210 for `member`.
Symbol *lookupChannelMember(SemaContext &cx, ModelInfo &m, const ast::Ident &base, const ast::Ident &member,
                            ModelInfo **channelOut = nullptr);
/// E0307 unless `v` can be assigned to `target` (written as `targetText`).
bool checkAssignable(SemaContext &cx, const Value &v, const Symbol &target, const std::string &targetText,
                     SourceRange valueRange, SourceRange targetRange);
/// Checks `name = value` overrides of a model's parameters (E0214, E0304);
/// an alias's may also give `method = NAME` (checked by the caller).
void checkOverrides(SemaContext &cx, ModelInfo &m, const std::vector<ast::Arg> &args,
                    const ExprEnv &env, bool alias = false);
/// `method = euler` among an alias's arguments: the method's name, or null.
const ast::NameExpr *isMethodArg(const ast::Arg &a);
/// `threshold = COND` among the arguments of an alias of `m` (a model with a
/// spike event and no parameter of that name): the spike condition.
bool isThresholdArg(ModelInfo &m, const ast::Arg &a);
/// Resolves a model name used where a model of kind `want` is needed.
ModelInfo *findModel(SemaContext &cx, FileScope &scope, const ast::Ident &name, ast::ModelKind want);

// NetworkChecker.cpp / ExperimentChecker.cpp
NetworkInfo &checkNetwork(SemaContext &cx, FileScope &scope, const ast::NetworkDecl &n);
void checkExperiment(SemaContext &cx, FileScope &scope, const ast::ExperimentDecl &e);
/// Resolves `Pop.var` in a network (E0209 for the population, E0210 for the variable).
Symbol *lookupTarget(SemaContext &cx, NetworkInfo &net, const std::string &netName,
                     const ast::Target &t, PopulationInfo **popOut);
PopulationInfo *lookupPopulation(SemaContext &cx, NetworkInfo &net, const std::string &netName,
                                 const ast::Ident &name);

} // namespace bdl::sema

namespace bdl::sema {
// ModelChecker.cpp
/// Checks a `let` on first use (definitions may refer to later ones);
/// reports E0404 for cycles. Afterwards `s.dim`/`s.poison` are final.
void ensureLetChecked(SemaContext &cx, ModelInfo &m, Symbol &s);
/// Computes a typed parameter's default on first use (E0404 for cycles).
void ensureParamValue(SemaContext &cx, ModelInfo &m, Symbol &s);
/// Built-in names usable in expressions of this environment.
std::vector<std::string> visibleNames(const ExprEnv &env);
} // namespace bdl::sema

namespace bdl::sema {
/// All values must share one dimension (E0310 names `what` and the two).
Value sameDimension(SemaContext &cx, const std::string &what, const std::vector<Value> &vals,
                    const std::vector<SourceRange> &ranges);
} // namespace bdl::sema

namespace bdl::sema {
// Builtins.cpp
/// Parameter names of a built-in, in positional order (empty if unknown).
std::vector<std::string> builtinParams(const std::string &name);
} // namespace bdl::sema

namespace bdl::sema {
// Sema.cpp
/// Checks `file` and its imports within `cx`; true when no error was found.
bool analyzeIn(SemaContext &cx, const ast::File &file);
} // namespace bdl::sema
