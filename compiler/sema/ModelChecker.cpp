// SPDX-License-Identifier: Apache-2.0
//===- ModelChecker.cpp - semantic rules for model members -----------------===//
//
// Checks each member of a neuron, channel or synapse against the rules of
// the language: every state has an initial value, `dx/dt` needs a state `x`
// and a right-hand side of dimension [x]/time, events change only states,
// `refractory` needs a spike and a time, a channel's `uses v: mV` must match
// its host neuron, and so on.
#include "sema/SemaContext.h"

#include "support/Casting.h"

#include <cmath>

namespace bdl::sema {

using namespace ast;
using diag::DiagId;
using support::cast;
using support::dynCast;

namespace {

const std::vector<std::string> kMethods = {"exact", "exp_euler", "euler", "rk2",       "rk4",
                                           "heun",  "rkf45",     "milstein", "gl", "l1"};
bool handlesNoise(const std::string &m) { return m == "euler" || m == "milstein" || m == "heun"; }
bool isFractional(const std::string &m) { return m == "gl" || m == "l1"; }

/// The options a method takes: `memory` (the short-memory window of the
/// fractional schemes) and `rtol` (the relative tolerance of rkf45).
void checkMethodOptions(SemaContext &cx, const Ident &method, const std::vector<Arg> &args, const ExprEnv &env) {
  std::vector<std::string> allowed;
  if (isFractional(method.name)) allowed = {"memory"};
  if (method.name == "rkf45") allowed = {"rtol"};
  for (const Arg &a : args) {
    Value v = checkExpr(cx, *a.value, env);
    std::string name = a.name.empty() ? "" : a.name.name;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      auto b = cx.report(DiagId::E0505, a.name.empty() ? a.range : a.name.range,
                         {method.name, name.empty() ? "(unnamed)" : name});
      if (allowed.empty()) b.note({}, "'" + method.name + "' takes no options");
      else b.note({}, "options of '" + method.name + "': " + allowed[0] + " = <value>");
      continue;
    }
    if (v.isPoison()) continue;
    bool time = name == "memory";
    bool ok = v.isNumber() && v.constant &&
              (time ? v.dim == Dimension::base(units::BaseDim::Time) && *v.constant > 0
                    : v.dim.isDimensionless() && *v.constant > 0 && *v.constant < 1);
    if (!ok)
      cx.report(DiagId::E0506, a.value->range,
                {name, method.name, time ? "a positive constant time" : "a constant in (0, 1)",
                 v.constant ? units::formatQuantity(*v.constant, v.dim) : describeValue(v)});
  }
}

bool checkMethodName(SemaContext &cx, const Ident &name) {
  if (name.empty() || std::find(kMethods.begin(), kMethods.end(), name.name) != kMethods.end()) return true;
  auto b = cx.report(DiagId::E0501, name.range, {name.name});
  if (std::string s = closestName(name.name, kMethods); !s.empty())
    b.help("did you mean '" + s + "'?").fixit(name.range, s);
  else
    b.note({}, "methods: exact, exp_euler, euler, rk2, rk4, heun, rkf45, milstein, gl, l1");
  return false;
}


void wrongPlace(SemaContext &cx, SourceRange r, const std::string &what, const std::string &where) {
  reportWrongPlace(cx, r, what, where);
}

class MemberChecker {
public:
  MemberChecker(SemaContext &cx, ModelInfo &m, ExprEnv env) : cx_(cx), m_(m), env_(env) {}

  void run() {
    std::string modelMethod;
    for (const MemberPtr &mp : *m_.members)
      if (auto *me = dynCast<MethodMember>(mp.get())) modelMethod = me->method.name;
    // A model-wide method applies to the equations it can integrate: a
    // fractional one to the caputo equations, any other to the ordinary ones.
    modelMethod_ = modelMethod;
    for (const MemberPtr &mp : *m_.members) member(*mp);
  }

private:
  bool isNeuron() const { return m_.kind == ModelKind::Neuron; }

  void member(const Member &mem) {
    switch (mem.kind) {
    case MemberKind::Param: param(*cast<ParamMember>(&mem)); break;
    case MemberKind::State: state(*cast<StateMember>(&mem)); break;
    case MemberKind::Input:
      if (!isNeuron()) wrongPlace(cx_, mem.range, "input", "in neurons");
      break;
    case MemberKind::Let:
      if (Symbol *s = m_.find(cast<LetMember>(&mem)->name.name)) ensureLetChecked(cx_, m_, *s);
      break;
    case MemberKind::Uses:
      if (m_.kind != ModelKind::Channel) wrongPlace(cx_, mem.range, "uses", "in channels");
      break;
    case MemberKind::Ode: ode(*cast<OdeMember>(&mem)); break;
    case MemberKind::Spike: spike(*cast<SpikeMember>(&mem)); break;
    case MemberKind::Event: {
      auto &e = *cast<EventMember>(&mem);
      if (!isNeuron()) wrongPlace(cx_, mem.range, "event", "in neurons");
      requireBool(cx_, checkExpr(cx_, *e.cond, env_), "event condition", e.cond->range);
      block(e.body);
      break;
    }
    case MemberKind::Refractory: refractory(*cast<RefractoryMember>(&mem)); break;
    case MemberKind::Method: {
      auto &me = *cast<MethodMember>(&mem);
      if (seenMethod_) reportGivenTwice(cx_, mem.range, "method");
      seenMethod_ = true;
      if (checkMethodName(cx_, me.method)) checkMethodOptions(cx_, me.method, me.args, env_);
      break;
    }
    case MemberKind::ChannelInst: channel(*cast<ChannelInstMember>(&mem)); break;
    case MemberKind::On:
    case MemberKind::Continuous: {
      auto *o = dynCast<OnMember>(&mem);
      if (m_.kind != ModelKind::Synapse) {
        const char *what = !o ? "continuous" : o->which == Scope::Pre ? "on pre" : "on post";
        cx_.report(DiagId::E0420, o ? o->keywordRange : mem.range.start(), {what});
        break;
      }
      // `on pre.burst` is checked against the presynaptic neuron of each
      // projection, as `pre.x` is.
      if (o && !o->event.empty() && env_.pre) checkEventName(cx_, o->event, "neuron", env_.pre->name, env_.pre);
      block(o ? o->body : cast<ContinuousMember>(&mem)->body);
      break;
    }
    }
  }

  void param(const ParamMember &p) {
    // Whether the parameter is per entity was collected with the model
    // (Symbol::perEntity); here only the flag's placement is checked.
    for (const Flag &f : p.flags) {
      bool fits = f.kind == Flag::Kind::Shared ||
                  (f.kind == Flag::Kind::PerNeuron && m_.kind != ModelKind::Synapse) ||
                  (f.kind == Flag::Kind::PerSynapse && m_.kind == ModelKind::Synapse);
      if (!fits)
        reportBadFlag(cx_, f, m_.kind == ModelKind::Synapse ? "'per synapse' or 'shared'" : "'per neuron' or 'shared'");
    }
    Symbol *s = m_.find(p.name.name);
    if (!p.init || !s) return;
    if (s->untypedVar) {
      ensureLetChecked(cx_, m_, *s);
    } else {
      ensureParamValue(cx_, m_, *s);
      if (!s->poison && !s->letDepends.empty()) reportNonConstant(cx_, p.init->range, p.name.name, s->letDepends);
      return;
    }
    if (!s->poison && !s->letDepends.empty()) reportNonConstant(cx_, p.init->range, p.name.name, s->letDepends);
  }

  void state(const StateMember &st) {
    for (const Flag &f : st.flags)
      if (f.kind != Flag::Kind::Shared) reportBadFlag(cx_, f, "'shared'");
    Symbol *s = m_.find(st.name.name);
    if (!st.init) {
      auto b = cx_.report(DiagId::E0401, st.name.range, {st.name.name});
      std::string unit = s && !s->unitText.empty() ? s->unitText : s && !s->poison ? units::naturalUnit(s->dim) : "1";
      std::string zero = unit == "1" ? " = 0" : " = 0 " + unit;
      SourceRange end = st.unit ? st.unit->range.finish() : st.name.range.finish();
      b.help("give it a value, e.g. '" + zero.substr(1) + "'").fixit(end, zero);
      return;
    }
    if (!s || s->untypedVar) {
      if (s) ensureLetChecked(cx_, m_, *s);
      return;
    }
    ExprEnv env = env_;
    env.allowRandom = true;
    Value v = checkExpr(cx_, *st.init, env);
    if (!s->poison) checkDeclared(cx_, v, s->dim, st.name.name, st.init->range, st.name.range, s->unitText);
  }

  void ode(const OdeMember &o) {
    if (o.target.empty()) return; // malformed left side, already reported
    Symbol *s = m_.find(o.target.name);
    if (!s) {
      reportUndeclared(cx_, o.target, env_);
      return;
    }
    if (s->kind != SymKind::State) {
      cx_.report(DiagId::E0402, o.lhsRange, {o.target.name, describe(s->kind)})
          .note(s->range, "'" + o.target.name + "' declared here as " + describe(s->kind))
          .help(s->kind == SymKind::Param ? "declare it with 'state' to let it evolve" : "");
      return;
    }
    auto [it, fresh] = odes_.emplace(o.target.name, o.lhsRange);
    if (!fresh) {
      cx_.report(DiagId::E0403, o.lhsRange, {o.target.name}).note(it->second, "first equation here");
      return;
    }
    if (s->untypedVar) ensureLetChecked(cx_, m_, *s);
    support::Rational order = 1;
    if (o.caputoOrder) {
      Value a = checkExpr(cx_, *o.caputoOrder, env_);
      bool ok = !a.isPoison() && a.isNumber() && a.dim.isDimensionless() && a.constant &&
                *a.constant > 0 && *a.constant <= 1;
      if (!a.isPoison() && !ok) {
        cx_.report(DiagId::E0419, o.caputoOrder->range,
                   {a.constant && a.dim.isDimensionless() ? units::formatQuantity(*a.constant, {}) : describeValue(a)});
        return;
      }
      if (a.isPoison()) return;
      // Dimensions need an exact exponent: 0.8 is 4/5.
      double x = *a.constant;
      for (int den = 1; den <= 1000; ++den)
        if (std::fabs(x * den - std::round(x * den)) < 1e-9) {
          order = support::Rational(static_cast<std::int64_t>(std::round(x * den)), den);
          break;
        }
    }
    bool fractional = o.caputoOrder != nullptr;
    std::string method = isFractional(modelMethod_) == fractional ? modelMethod_ : "";
    for (const Flag &f : o.flags) {
      if (f.kind == Flag::Kind::UnlessRefractory) {
        if (!isNeuron() || !m_.hasRefractory)
          cx_.report(DiagId::E0410, f.range, {o.target.name}).help("add 'refractory <time>' to the neuron");
      } else if (f.kind == Flag::Kind::Method) {
        if (!checkMethodName(cx_, f.method)) continue;
        checkMethodOptions(cx_, f.method, f.methodArgs, env_);
        if (fractional && !isFractional(f.method.name)) {
          cx_.report(DiagId::E0507, f.method.range, {o.target.name, f.method.name})
              .help("use 'gl' or 'l1', or leave the method out to get 'l1'");
          continue;
        }
        if (!fractional && isFractional(f.method.name)) {
          cx_.report(DiagId::E0508, f.method.range, {f.method.name, o.target.name})
              .help("write 'caputo(<order>) d" + o.target.name + "/dt = ...' for a fractional equation");
          continue;
        }
        method = f.method.name;
      } else {
        reportBadFlag(cx_, f, "'unless refractory' or 'method <name>'");
      }
    }
    ExprEnv env = env_;
    env.allowNoise = true;
    Value v = checkExpr(cx_, *o.rhs, env);
    if (v.isPoison() || s->poison) return;
    Dimension want = s->dim / Dimension::base(units::BaseDim::Time).pow(order);
    if (!v.isNumber() || (v.dim != want && !v.zeroLiteral)) {
      cx_.report(DiagId::E0305, o.rhs->range, {o.target.name, describeValue(v), units::describeDimension(want)})
          .note(s->range, "'" + o.target.name + "' is " + units::describeDimension(s->dim));
      return;
    }
    if (v.noise && fractional) method = method.empty() ? "l1" : method;
    if (v.noise && !method.empty() && !handlesNoise(method))
      cx_.report(DiagId::E0502, o.rhs->range, {method, "euler (Euler-Maruyama), milstein or heun"});
  }

  void spike(const SpikeMember &sp) {
    if (!isNeuron()) wrongPlace(cx_, sp.range, "spike", "in neurons");
    if (spike_.valid()) {
      cx_.report(DiagId::E0411, sp.range.start()).note(spike_, "first spike event here");
    } else {
      spike_ = sp.range.start();
    }
    requireBool(cx_, checkExpr(cx_, *sp.cond, env_), "spike condition", sp.cond->range);
    block(sp.body);
  }

  void refractory(const RefractoryMember &r) {
    if (!isNeuron()) wrongPlace(cx_, r.range, "refractory", "in neurons");
    if (seenRefractory_) reportGivenTwice(cx_, r.range.start(), "refractory");
    seenRefractory_ = true;
    if (isNeuron() && !m_.hasSpike) cx_.report(DiagId::E0409, r.range.start());
    Value d = checkExpr(cx_, *r.duration, env_);
    if (requireTime(cx_, d, "refractory period", r.duration->range))
      requireNonNegative(cx_, d, "refractory period", r.duration->range);
  }

  void channel(const ChannelInstMember &c) {
    if (!isNeuron()) {
      wrongPlace(cx_, c.range, "channel", "in neurons");
      return;
    }
    Symbol *s = m_.find(c.name.name);
    if (!s || !s->channel) return;
    ModelInfo &ch = *s->channel;
    checkOverrides(cx_, ch, c.args, env_);
    for (auto &[name, sym] : ch.symbols) {
      if (sym.kind != SymKind::Uses || sym.poison) continue;
      Symbol *host = m_.find(name);
      std::string problem = !host ? "has no variable of that name"
                            : host->kind == SymKind::Channel || host->poison ? ""
                            : host->dim != sym.dim ? "declares it as " + units::describeDimension(host->dim)
                                                   : "";
      if (host && host->untypedVar) ensureLetChecked(cx_, m_, *host);
      if (problem.empty()) continue;
      cx_.report(DiagId::E0416, c.model.range, {ch.name, name, units::describeDimension(sym.dim), m_.name, problem})
          .note(sym.range, "'uses " + name + "' declared here");
    }
  }

  void block(const Block &b) {
    for (const StmtPtr &s : b) stmt(*s);
  }

  void stmt(const Stmt &s) {
    if (auto *i = dynCast<IfStmt>(&s)) {
      requireBool(cx_, checkExpr(cx_, *i->cond, env_), "condition of 'if'", i->cond->range);
      block(i->thenBlock);
      block(i->elseBlock);
      return;
    }
    auto &a = *cast<AssignStmt>(&s);
    Value v = checkExpr(cx_, *a.value, env_);
    Symbol *target = assignTarget(a.target);
    if (!target || target->poison) return;
    bool ok = target->kind == SymKind::State || (target->kind == SymKind::Input && a.target.scope);
    if (!ok) {
      reportNotAssignable(cx_, a.target.range, a.target.name.name, target->kind, target->range);
      return;
    }
    if (v.isPoison()) return;
    if (a.op == AssignOp::Mul || a.op == AssignOp::Div) {
      requireDimensionless(cx_, v, std::string("factor of '") + spelling(a.op) + "'", a.value->range);
      return;
    }
    checkAssignable(cx_, v, *target, cx_.text(a.target.range), a.value->range, a.target.range);
  }

  Symbol *assignTarget(const LValue &lv) {
    if (lv.scope) {
      if (!env_.prePostAllowed) {
        wrongPlace(cx_, lv.range, *lv.scope == Scope::Pre ? "pre" : "post", "in synapses and projections");
        return nullptr;
      }
      ModelInfo *m = *lv.scope == Scope::Pre ? env_.pre : env_.post;
      return m ? lookupVariable(cx_, *m, lv.name) : nullptr;
    }
    if (!lv.base.empty()) {
      return lookupChannelMember(cx_, m_, lv.base, lv.name);
    }
    Symbol *s = m_.find(lv.name.name);
    if (!s) reportUndeclared(cx_, lv.name, env_);
    else if (s->untypedVar) ensureLetChecked(cx_, m_, *s);
    return s;
  }

  SemaContext &cx_;
  ModelInfo &m_;
  ExprEnv env_;
  std::string modelMethod_;
  std::map<std::string, SourceRange> odes_;
  SourceRange spike_;
  bool seenMethod_ = false;
  bool seenRefractory_ = false;
};

} // namespace

/// A projection queues one list of presynaptic events for its delay and
/// delivery, so a synapse listens to the spikes or to one named event:
///   on pre { g += w }
///   on pre.burst { g += 2 * w }    // E0438
/// (Brian2 would make two pathways; two projections do the same here.)
static void checkPresynapticEvent(SemaContext &cx, const ModelInfo &m) {
  const OnMember *first = nullptr;
  for (const MemberPtr &mp : *m.members) {
    auto *o = dynCast<OnMember>(mp.get());
    if (!o || o->which != Scope::Pre) continue;
    if (!first) {
      first = o;
      continue;
    }
    if (o->event.name == first->event.name) continue;
    auto head = [](const OnMember &x) { return "'on pre" + (x.event.empty() ? "" : "." + x.event.name) + "'"; };
    cx.report(DiagId::E0438, o->keywordRange, {head(*first), head(*o)})
        .note(first->keywordRange, "the first here")
        .help("use a second projection for the other event");
    return;
  }
}

void checkModel(SemaContext &cx, ModelInfo &m) {
  collectModel(cx, m);
  if (m.phase == ModelInfo::Phase::Checked) return;
  m.phase = ModelInfo::Phase::Checked;
  ExprEnv env = envFor(m);
  if (m.aliasBase) {
    // `neuron AdExEuler = AdEx(method = euler)`: the method of every equation.
    // `threshold = v > -55 mV`: the spike condition, in the model's names.
    for (const Arg &a : m.decl->aliasArgs) {
      if (auto *name = isMethodArg(a)) checkMethodName(cx, name->name);
      if (isThresholdArg(m, a)) {
        ExprEnv inModel = env;
        inModel.allowTime = true;
        requireBool(cx, checkExpr(cx, *a.value, inModel), "the threshold of '" + m.name + "'", a.value->range);
      }
    }
    checkOverrides(cx, *m.aliasBase, m.decl->aliasArgs, env, true);
    return;
  }
  if (m.decl && m.decl->aliasOf) return; // the base was missing: reported
  MemberChecker(cx, m, env).run();
  if (m.kind == ModelKind::Synapse) checkPresynapticEvent(cx, m);
}

void checkSynapseBody(SemaContext &cx, ModelInfo &syn, ModelInfo *pre, ModelInfo *post, SourceRange usedAt,
                      const std::string &label) {
  checkModel(cx, syn);
  ModelInfo &body = syn.aliasBase ? *syn.aliasBase : syn;
  // Definitions may read `pre.`/`post.` variables: type them again now that
  // both sides are known.
  for (auto &[n, s] : body.symbols)
    if (s.let) {
      s.letState = Symbol::LetState::Unchecked;
      s.poison = false;
    }
  body.boundPre = pre;
  body.boundPost = post;
  ExprEnv env = envFor(body);
  cx.contextNote = diag::Note{usedAt, "in the projection " + label + " here"};
  MemberChecker(cx, body, env).run();
  cx.contextNote.reset();
  body.boundPre = body.boundPost = nullptr;
}

void reportBadFlag(SemaContext &cx, const Flag &f, const char *expected) {
  cx.report(DiagId::E0110, f.range, {spelling(f.kind), expected});
}

bool checkAssignable(SemaContext &cx, const Value &v, const Symbol &target, const std::string &targetText,
                     SourceRange valueRange, SourceRange targetRange) {
  if (v.isPoison() || target.poison || (v.isNumber() && (v.dim == target.dim || v.zeroLiteral))) return true;
  cx.report(DiagId::E0307, valueRange, {describeValue(v), targetText, units::describeDimension(target.dim)})
      .highlight(targetRange);
  return false;
}

} // namespace bdl::sema
