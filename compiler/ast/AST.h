// SPDX-License-Identifier: Apache-2.0
//===- AST.h - syntax nodes of BDL, each with an exact source range ---------===//
//
// The AST mirrors what the user wrote: no types, no units resolved, no
// defaults filled in. Sema reads it and produces the model IR; nothing after
// sema sees it. Nodes own their children through unique_ptr.
#pragma once

#include "support/Rational.h"
#include "support/SourceRange.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bdl::ast {

using support::SourceRange;

/// A name as written, with its range (declarations and references alike).
struct Ident {
  std::string name;
  SourceRange range;
  bool empty() const { return name.empty(); }
};

// Declared units (type position): `mV`, `mS/cm^2`, `1/sqrt(Hz)`.
struct UnitNode {
  enum class Kind { Name, One, Mul, Div, Pow, Sqrt };
  Kind kind;
  SourceRange range;
  Ident name;                      ///< Kind::Name
  std::unique_ptr<UnitNode> lhs;   ///< Mul/Div/Pow/Sqrt operand
  std::unique_ptr<UnitNode> rhs;   ///< Mul/Div
  support::Rational exponent;      ///< Kind::Pow
  bool badExponent = false;        ///< exponent was written but unusable (E0312)
  SourceRange exponentRange;
};

enum class ExprKind {
#define BDL_EXPR(Name) Name,
#include "ast/AST.def"
};

struct Expr {
  explicit Expr(ExprKind k, SourceRange r) : kind(k), range(r) {}
  virtual ~Expr() = default;
  const ExprKind kind;
  SourceRange range;
};
using ExprPtr = std::unique_ptr<Expr>;

template <ExprKind K> struct ExprOf : Expr {
  explicit ExprOf(SourceRange r) : Expr(K, r) {}
  static bool classof(const Expr *e) { return e->kind == K; }
};

struct NumberExpr : ExprOf<ExprKind::Number> {
  using ExprOf::ExprOf;
  double value = 0;
  std::string text;
};

/// One factor of a literal's unit chain: `/ cm^2` is {Div, "cm", 2}.
struct UnitFactor {
  bool divide = false;
  Ident name;
  support::Rational exponent = 1;
  bool badExponent = false;
  SourceRange exponentRange;
  SourceRange range; ///< the name and its exponent
};

/// `0.6 nS`, `1 mS/cm^2`, `20 mV / taum`. The chain holds every name that
/// followed the number through `*` and `/`; sema decides where the unit ends.
struct QuantityExpr : ExprOf<ExprKind::Quantity> {
  using ExprOf::ExprOf;
  std::unique_ptr<NumberExpr> number;
  std::vector<UnitFactor> chain;
};

struct BoolExpr : ExprOf<ExprKind::Bool> {
  using ExprOf::ExprOf;
  bool value = false;
};

struct StringExpr : ExprOf<ExprKind::String> {
  using ExprOf::ExprOf;
  std::string value; ///< unescaped
};

struct NameExpr : ExprOf<ExprKind::Name> {
  using ExprOf::ExprOf;
  Ident name;
};

enum class Scope { Pre, Post };

/// `pre.v`, `post.ge`.
struct ScopedExpr : ExprOf<ExprKind::Scoped> {
  using ExprOf::ExprOf;
  Scope scope = Scope::Pre;
  SourceRange scopeRange;
  Ident name;
};

/// `na.m` (a channel instance's variable) or `E.v`.
struct MemberExpr : ExprOf<ExprKind::Member> {
  using ExprOf::ExprOf;
  Ident base;
  Ident name;
};

struct Arg {
  Ident name; ///< empty for positional arguments
  ExprPtr value;
  SourceRange range;
};

struct CallExpr : ExprOf<ExprKind::Call> {
  using ExprOf::ExprOf;
  Ident callee;
  std::vector<Arg> args;
  SourceRange argsRange; ///< from '(' to ')'
};

enum class UnaryOp { Neg, Plus, Not };
struct UnaryExpr : ExprOf<ExprKind::Unary> {
  using ExprOf::ExprOf;
  UnaryOp op = UnaryOp::Neg;
  SourceRange opRange;
  ExprPtr operand;
};

enum class BinaryOp { Add, Sub, Mul, Div, Pow, Lt, Le, Gt, Ge, Eq, Ne, And, Or };
const char *spelling(BinaryOp op);
struct BinaryExpr : ExprOf<ExprKind::Binary> {
  using ExprOf::ExprOf;
  BinaryOp op = BinaryOp::Add;
  SourceRange opRange;
  ExprPtr lhs, rhs;
};

/// `if c then a else b`.
struct CondExpr : ExprOf<ExprKind::Cond> {
  using ExprOf::ExprOf;
  ExprPtr cond, thenExpr, elseExpr;
};

struct ListExpr : ExprOf<ExprKind::List> {
  using ExprOf::ExprOf;
  std::vector<ExprPtr> elems;
};

/// Stands for an expression the parser could not build; sema treats it as
/// poison and reports nothing further about it.
struct ErrorExpr : ExprOf<ExprKind::Error> {
  using ExprOf::ExprOf;
};

// Statements in event, `on pre`/`on post` and `continuous` blocks.
enum class StmtKind {
#define BDL_STMT(Name) Name,
#include "ast/AST.def"
};

struct Stmt {
  explicit Stmt(StmtKind k, SourceRange r) : kind(k), range(r) {}
  virtual ~Stmt() = default;
  const StmtKind kind;
  SourceRange range;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

/// Left side of an assignment: `v`, `post.ge`, `na.m`.
struct LValue {
  std::optional<Scope> scope;
  Ident base; ///< instance name for `na.m`, else empty
  Ident name;
  SourceRange range;
};

enum class AssignOp { Set, Add, Sub, Mul, Div };
const char *spelling(AssignOp op);

struct AssignStmt : Stmt {
  explicit AssignStmt(SourceRange r) : Stmt(StmtKind::Assign, r) {}
  static bool classof(const Stmt *s) { return s->kind == StmtKind::Assign; }
  LValue target;
  AssignOp op = AssignOp::Set;
  SourceRange opRange;
  ExprPtr value;
};

struct IfStmt : Stmt {
  explicit IfStmt(SourceRange r) : Stmt(StmtKind::If, r) {}
  static bool classof(const Stmt *s) { return s->kind == StmtKind::If; }
  ExprPtr cond;
  Block thenBlock;
  Block elseBlock; ///< an `else if` is a single IfStmt here
};

// Trailing `(unless refractory, per neuron, method rk4)`.
struct Flag {
  enum class Kind { UnlessRefractory, PerNeuron, PerSynapse, Shared, Method };
  Kind kind;
  Ident method; ///< Kind::Method
  /// Kind::Method: its options, `method l1(memory = 50 ms)`.
  std::vector<Arg> methodArgs;
  SourceRange range;
};
const char *spelling(Flag::Kind k);

// Members of neurons, channels and synapses.
enum class MemberKind {
#define BDL_MEMBER(Name) Name,
#include "ast/AST.def"
};

struct Member {
  explicit Member(MemberKind k, SourceRange r) : kind(k), range(r) {}
  virtual ~Member() = default;
  const MemberKind kind;
  SourceRange range;
};
using MemberPtr = std::unique_ptr<Member>;

template <MemberKind K> struct MemberOf : Member {
  explicit MemberOf(SourceRange r) : Member(K, r) {}
  static bool classof(const Member *m) { return m->kind == K; }
};

/// `param` and `state`: name, optional declared unit, optional value, flags.
struct VarMember {
  Ident name;
  std::unique_ptr<UnitNode> unit;
  ExprPtr init;
  std::vector<Flag> flags;
};
struct ParamMember : MemberOf<MemberKind::Param>, VarMember { using MemberOf::MemberOf; };
struct StateMember : MemberOf<MemberKind::State>, VarMember { using MemberOf::MemberOf; };

/// `input I_syn: nA` — summed from projections every step.
struct InputMember : MemberOf<MemberKind::Input> {
  using MemberOf::MemberOf;
  Ident name;
  std::unique_ptr<UnitNode> unit;
};

/// `let I_L: nA = gL * (EL - v)` — an algebraic (named) expression.
struct LetMember : MemberOf<MemberKind::Let> {
  using MemberOf::MemberOf;
  Ident name;
  std::unique_ptr<UnitNode> unit;
  ExprPtr value;
};

/// `uses v: mV` — a channel's reference to its host neuron's variable.
struct UsesMember : MemberOf<MemberKind::Uses> {
  using MemberOf::MemberOf;
  Ident name;
  std::unique_ptr<UnitNode> unit;
};

/// `dv/dt = rhs (flags)`; with `caputo(alpha)` a fractional-order equation.
struct OdeMember : MemberOf<MemberKind::Ode> {
  using MemberOf::MemberOf;
  Ident target;
  SourceRange lhsRange;
  ExprPtr caputoOrder;
  ExprPtr rhs;
  std::vector<Flag> flags;
};

struct SpikeMember : MemberOf<MemberKind::Spike> {
  using MemberOf::MemberOf;
  ExprPtr cond;
  Block body;
};

struct EventMember : MemberOf<MemberKind::Event> {
  using MemberOf::MemberOf;
  Ident name;
  ExprPtr cond;
  Block body;
};

struct RefractoryMember : MemberOf<MemberKind::Refractory> {
  using MemberOf::MemberOf;
  ExprPtr duration;
};

struct MethodMember : MemberOf<MemberKind::Method> {
  using MemberOf::MemberOf;
  Ident method;
  std::vector<Arg> args; ///< `method rkf45(rtol = 1e-8)`
};

/// `channel na = HHSodium(gNa = 100 mS/cm^2)` inside a neuron.
struct ChannelInstMember : MemberOf<MemberKind::ChannelInst> {
  using MemberOf::MemberOf;
  Ident name;
  Ident model;
  std::vector<Arg> args;
};

struct OnMember : MemberOf<MemberKind::On> {
  using MemberOf::MemberOf;
  Scope which = Scope::Pre;
  /// `on pre.burst`: a named event of the presynaptic neuron instead of its
  /// spikes; empty for `on pre` and `on post`.
  Ident event;
  SourceRange keywordRange;
  Block body;
};

struct ContinuousMember : MemberOf<MemberKind::Continuous> {
  using MemberOf::MemberOf;
  Block body;
};

// Top-level declarations.
enum class ModelKind { Neuron, Channel, Synapse };
const char *spelling(ModelKind k);

struct ModelDecl {
  ModelKind kind = ModelKind::Neuron;
  Ident name;
  SourceRange range;
  std::vector<MemberPtr> members;
  /// For `neuron FastLIF = LIF(tau = 5 ms)`: the base model and overrides.
  std::optional<Ident> aliasOf;
  std::vector<Arg> aliasArgs;
};

/// `name = value` inside a population's or projection's braces.
struct Init {
  Ident name;
  ExprPtr value;
  SourceRange range;
};

enum class NetMemberKind {
#define BDL_NETMEMBER(Name) Name,
#include "ast/AST.def"
};

struct NetMember {
  explicit NetMember(NetMemberKind k, SourceRange r) : kind(k), range(r) {}
  virtual ~NetMember() = default;
  const NetMemberKind kind;
  SourceRange range;
};
using NetMemberPtr = std::unique_ptr<NetMember>;

/// `E = CobaLIF[3200](tau = 20 ms) { v = uniform(...) } at ring(radius = 1 mm)`.
struct PopulationDecl : NetMember {
  explicit PopulationDecl(SourceRange r) : NetMember(NetMemberKind::Population, r) {}
  static bool classof(const NetMember *m) { return m->kind == NetMemberKind::Population; }
  Ident name;
  Ident model;
  ExprPtr size;
  std::vector<Arg> args;
  std::vector<Init> inits;
  std::unique_ptr<CallExpr> layout;
};

struct ConnectClause {
  std::unique_ptr<CallExpr> rule; ///< `probability(0.02)`; args may be empty
  ExprPtr where;
  SourceRange range;
};

/// `E -> E, I : Model(args) { w = ... } connect probability(0.02) delay 1 ms`
/// or with an inline synapse body `E -> I { on pre { post.ge += w } } ...`.
struct ProjectionDecl : NetMember {
  explicit ProjectionDecl(SourceRange r) : NetMember(NetMemberKind::Projection, r) {}
  static bool classof(const NetMember *m) { return m->kind == NetMemberKind::Projection; }
  Ident source;
  std::vector<Ident> targets;
  std::optional<Ident> model;
  std::vector<Arg> args;
  std::vector<Init> inits;
  bool hasInlineBody = false;
  std::vector<MemberPtr> inlineBody;
  std::vector<ConnectClause> connects;
  std::vector<ExprPtr> delays;
  std::vector<Ident> storages;
};

/// `E.I_ext = step(...)` / `pop.var += ...` as a network or experiment stimulus.
struct Target {
  Ident population;
  Ident name;
  SourceRange range;
};

struct NetStimulusDecl : NetMember {
  explicit NetStimulusDecl(SourceRange r) : NetMember(NetMemberKind::NetStimulus, r) {}
  static bool classof(const NetMember *m) { return m->kind == NetMemberKind::NetStimulus; }
  Target target;
  bool add = false;
  ExprPtr value;
};

struct NetworkDecl {
  Ident name;
  SourceRange range;
  std::vector<std::unique_ptr<ParamMember>> params;
  std::vector<NetMemberPtr> members;
};

enum class ExpStmtKind {
#define BDL_EXPSTMT(Name) Name,
#include "ast/AST.def"
};

struct ExpStmt {
  explicit ExpStmt(ExpStmtKind k, SourceRange r) : kind(k), range(r) {}
  virtual ~ExpStmt() = default;
  const ExpStmtKind kind;
  SourceRange range;
};
using ExpStmtPtr = std::unique_ptr<ExpStmt>;

template <ExpStmtKind K> struct ExpStmtOf : ExpStmt {
  explicit ExpStmtOf(SourceRange r) : ExpStmt(K, r) {}
  static bool classof(const ExpStmt *s) { return s->kind == K; }
};

/// `dt = 0.1 ms`, `seed = 42`.
struct SettingStmt : ExpStmtOf<ExpStmtKind::Setting> {
  using ExpStmtOf::ExpStmtOf;
  Ident name;
  ExprPtr value;
};

/// One item between the brackets of a selection: an index `5`, a slice
/// `0:10`, or a slice with a step `0:100:10`.
struct SelectionIndex {
  ExprPtr first;
  ExprPtr end;  ///< null: the single index `first`
  ExprPtr step; ///< null: 1
  SourceRange range;
};

/// A recorded population or projection, optionally narrowed to some of its
/// neurons: `E[0:10]`, `E[0, 5, 17]`, `E[0:100:10]`, `E->I`.
struct Selection {
  Ident population;
  std::optional<Ident> projectionTarget;
  std::optional<Ident> event; ///< `E.burst`: a named event of the population
  std::vector<SelectionIndex> indices; ///< empty: every neuron
  SourceRange range;
};

/// `record spikes(E, I)`, `record v, ge of E[0:10] every 1 ms`,
/// `record spikes(E) with v, w`, `record v of E every 1 ms from 2 s to 3 s`,
/// `record rate(E) every 1 ms smooth gaussian(2 ms)`.
struct RecordStmt : ExpStmtOf<ExpStmtKind::Record> {
  using ExpStmtOf::ExpStmtOf;
  bool functionForm = false;   ///< spikes(...) / rate(...)
  Ident function;              ///< function form only
  std::vector<Ident> variables; ///< `of` form only; `na.m` for a channel's variable
  std::vector<Selection> selections;
  ExprPtr every;
  /// `with v, w`: values at each spike; empty without `with`.
  std::vector<Ident> withVars;
  SourceRange withRange; ///< the whole `with ...` option
  ExprPtr from, to;      ///< the time window; null: from the start, to the end
  std::unique_ptr<CallExpr> smooth; ///< `smooth gaussian(2 ms)`
  /// Options written a second time (`every 1 ms every 2 ms`): their word
  /// and range, for sema to report.
  std::vector<std::pair<std::string, SourceRange>> repeatedOptions;
};

struct RunStmt : ExpStmtOf<ExpStmtKind::Run> {
  using ExpStmtOf::ExpStmtOf;
  ExprPtr duration;
};

struct SetStmt : ExpStmtOf<ExpStmtKind::Set> {
  using ExpStmtOf::ExpStmtOf;
  Target target;
  ExprPtr value;
};

struct ExpStimulusStmt : ExpStmtOf<ExpStmtKind::ExpStimulus> {
  using ExpStmtOf::ExpStmtOf;
  Target target;
  bool add = false;
  ExprPtr value;
};

struct TrialsStmt : ExpStmtOf<ExpStmtKind::Trials> {
  using ExpStmtOf::ExpStmtOf;
  ExprPtr count;
};

struct SweepItem {
  Target target;
  ExprPtr values;
};

/// `sweep we in [...]`; `sweep we in [...], wi in [...]` steps both together
/// (lists of one length), one axis of the design.
struct SweepStmt : ExpStmtOf<ExpStmtKind::Sweep> {
  using ExpStmtOf::ExpStmtOf;
  Target target;
  ExprPtr values;
  std::vector<SweepItem> zipped; ///< the parameters stepped with the first
};

/// `train { ... }`: what is trained, on what data, with which loss and
/// optimiser (docs/training.md). Settings keep their order for diagnostics.
struct TrainTarget {
  Ident pre;    ///< `In` of `In -> Hid.w`; the population of `Hid.tau`
  Ident post;   ///< empty for a population's parameter
  Ident name;   ///< `w`
  SourceRange range;
  int item = 0; ///< which `trainable` line of the block (for the formatter)
};
struct TrainStmt : ExpStmtOf<ExpStmtKind::Train> {
  using ExpStmtOf::ExpStmtOf;
  std::vector<TrainTarget> trainables;
  std::vector<SourceRange> trainableLines; ///< each `trainable ...` line
  struct Input {
    Ident population;
    Ident var; ///< `input P.x = npy(...) * U`: a driven parameter; empty: P's spikes
    ExprPtr value;
    SourceRange range;
  };
  std::vector<Input> inputs;
  struct Setting {
    Ident name;
    ExprPtr value;
    SourceRange range;
  };
  std::vector<Setting> settings;
};

/// `readout y = ridge(R.x, target = npy("y.npy"), alpha = 1e-6, ...)`: a
/// linear readout of recorded states fitted after the run (docs/training.md).
struct ReadoutStmt : ExpStmtOf<ExpStmtKind::Readout> {
  using ExpStmtOf::ExpStmtOf;
  Ident name;
  ExprPtr value;
};

struct ExperimentDecl {
  Ident name;
  Ident network;
  SourceRange range;
  std::vector<ExpStmtPtr> stmts;
};

/// `import std.channels.hh`, `import mylib (LIF, Exp)`, `import "dir/x.bdl"`.
struct ImportDecl {
  std::vector<Ident> path; ///< dotted form
  std::optional<std::string> filePath; ///< string form
  std::vector<Ident> names; ///< empty = everything
  SourceRange range;
  SourceRange pathRange;
  std::string dottedName() const;
};

/// A comment, kept for the formatter.
struct Comment {
  SourceRange range;
  bool block = false;
};

/// `table sound = time_array(values = npy("sound.npy") * 1 Pa, dt = 0.1 ms)`:
/// a named function of time (and of a column, for (time x neuron) values)
/// that any model of the file, and of files importing it, may call.
struct TableDecl {
  Ident name;
  SourceRange range;
  ExprPtr value;
};

/// One parsed source file.
struct File {
  support::FileId id = 0;
  std::vector<ImportDecl> imports;
  std::vector<std::unique_ptr<ModelDecl>> models;
  std::vector<std::unique_ptr<NetworkDecl>> networks;
  std::vector<std::unique_ptr<ExperimentDecl>> experiments;
  std::vector<std::unique_ptr<TableDecl>> tables;
  std::vector<Comment> comments;
};

} // namespace bdl::ast
