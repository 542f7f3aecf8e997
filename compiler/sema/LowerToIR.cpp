// SPDX-License-Identifier: Apache-2.0
//===- LowerToIR.cpp - one checked experiment to the model IR --------------===//
//
// Each population becomes a group whose variables are its model's params and
// states, with channel instances flattened under a prefix (`na.m`); each
// target of a projection becomes a synapse group; network parameters form
// one shared group. Parameters keep their defaults as data, so the runtime
// can change them (`--set E.taum=15ms`) without a rebuild.
#include "sema/Lowering.h"

#include "support/Casting.h"
#include "units/Unit.h"

#include <cmath>

namespace bdl::sema {

using namespace ast;
using support::dynCast;

namespace {

ir::Dims dimsOf(const Dimension &d) {
  ir::Dims out{};
  for (std::size_t k = 0; k < units::kNumBaseDims; ++k)
    out[k] = d.exponent(static_cast<units::BaseDim>(k)).toDouble();
  return out;
}

class ModuleLowerer {
public:
  ModuleLowerer(SemaContext &cx, ir::Module &m) : cx_(cx), m_(m), low_(cx, m) {}

  bool run(FileScope &scope, const ExperimentDecl &exp);

private:
  ir::Var makeVar(const Symbol &s, const std::string &prefix, ir::Var::Role role) {
    ir::Var v;
    v.name = prefix + s.name;
    v.role = role;
    v.dims = dimsOf(s.dim);
    v.unit = s.unitText.empty() ? units::naturalUnit(s.dim) : s.unitText;
    if (auto u = units::parseUnitExpr(v.unit)) v.unitScale = u->scale;
    v.defaultValue = s.value.value_or(0);
    v.perEntity = role == ir::Var::Role::State || s.perEntity;
    v.range = s.range;
    return v;
  }

  /// Adds the variables of `m` (and its channel instances) to `b`'s group.
  void addVars(Binding &b, ModelInfo &m) {
    ir::Group &g = m_.groups[b.group];
    for (const MemberPtr &mp : *m.members) {
      const Member *mem = mp.get();
      if (auto *p = dynCast<ParamMember>(mem)) {
        g.addVar(makeVar(*m.find(p->name.name), b.prefix, ir::Var::Role::Param));
      } else if (auto *s = dynCast<StateMember>(mem)) {
        g.addVar(makeVar(*m.find(s->name.name), b.prefix, ir::Var::Role::State));
      } else if (auto *in = dynCast<InputMember>(mem)) {
        g.addVar(makeVar(*m.find(in->name.name), b.prefix, ir::Var::Role::State));
      } else if (auto *c = dynCast<ChannelInstMember>(mem)) {
        Symbol *sym = m.find(c->name.name);
        auto child = std::make_unique<Binding>();
        child->model = sym->channel;
        child->space = b.space;
        child->group = b.group;
        child->prefix = b.prefix + c->name.name + ".";
        for (auto &[n, cs] : sym->channel->symbols)
          if (cs.kind == SymKind::Uses) {
            if (auto r = low_.var(b, n)) child->uses[n] = *r;
            else if (auto it = b.uses.find(n); it != b.uses.end()) child->uses[n] = it->second;
          }
        addVars(*child, *sym->channel);
        b.channels[c->name.name] = std::move(child);
      }
    }
  }

  /// Values of states and per-entity initialisers, once all variables exist.
  void addInits(Binding &b, ModelInfo &m, const LowerEnv &env) {
    ir::Group &g = m_.groups[b.group];
    for (const MemberPtr &mp : *m.members) {
      if (auto *s = dynCast<StateMember>(mp.get())) {
        int k = g.find(b.prefix + s->name.name);
        LowerEnv e = env;
        e.self = &b;
        g.vars[k].init = s->init ? low_.expr(*s->init, e) : ir::constant(0);
      } else if (auto *c = dynCast<ChannelInstMember>(mp.get())) {
        Binding &child = *b.channels.at(c->name.name);
        overrideParams(child, c->args, env);
        addInits(child, *child.model, env);
      }
    }
  }

  /// `Model(p = value)`: constant values become defaults, others initialisers.
  void overrideParams(Binding &b, const std::vector<Arg> &args, const LowerEnv &env) {
    ir::Group &g = m_.groups[b.group];
    for (const Arg &a : args) {
      int k = g.find(b.prefix + a.name.name);
      if (k < 0) continue;
      ir::ExprRef e = low_.expr(*a.value, env);
      if (auto c = ir::evaluateConstant(e)) {
        g.vars[k].defaultValue = *c;
        g.vars[k].init = nullptr;
      } else {
        g.vars[k].init = e;
      }
    }
  }

  /// `{ v = uniform(...) }`: per-entity initial values.
  void applyInits(Binding &b, const std::vector<Init> &inits, const LowerEnv &env) {
    ir::Group &g = m_.groups[b.group];
    for (const Init &in : inits) {
      int k = g.find(in.name.name);
      if (k < 0) continue;
      g.vars[k].init = low_.expr(*in.value, env);
      if (g.vars[k].role == ir::Var::Role::Param) g.vars[k].perEntity = true;
    }
  }

  /// Alias chains (`neuron Fast = LIF(tau = 5 ms)`): base overrides first.
  void applyAliasOverrides(Binding &b, ModelInfo &m, const LowerEnv &env) {
    std::vector<const std::vector<Arg> *> chain;
    for (ModelInfo *x = &m; x && x->decl && x->decl->aliasOf; x = x->aliasBase) chain.push_back(&x->decl->aliasArgs);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) overrideParams(b, **it, env);
  }

  void lowerDynamics(Binding &b, ModelInfo &m, ir::Population &pop, ir::Method method, const LowerEnv &env) {
    LowerEnv e = env;
    e.self = &b;
    for (const MemberPtr &mp : *m.members)
      if (auto *mm = dynCast<MethodMember>(mp.get()))
        if (auto parsed = ir::parseMethod(mm->method.name)) method = *parsed;
    for (const MemberPtr &mp : *m.members) {
      const Member *mem = mp.get();
      if (auto *o = dynCast<OdeMember>(mem)) {
        if (o->caputoOrder) {
          low_.unsupported(o->lhsRange, "a fractional (caputo) derivative");
          continue;
        }
        ir::Equation eq;
        eq.var = low_.var(b, o->target.name)->var;
        eq.rhs = low_.expr(*o->rhs, e);
        eq.method = method;
        eq.range = o->range;
        for (const Flag &f : o->flags) {
          if (f.kind == Flag::Kind::UnlessRefractory) eq.unlessRefractory = true;
          if (f.kind == Flag::Kind::Method)
            if (auto parsed = ir::parseMethod(f.method.name)) eq.method = *parsed;
        }
        pop.equations.push_back(std::move(eq));
      } else if (auto *s = dynCast<SpikeMember>(mem)) {
        pop.threshold = low_.expr(*s->cond, e);
        pop.reset = low_.block(s->body, e);
      } else if (auto *r = dynCast<RefractoryMember>(mem)) {
        pop.refractory = low_.expr(*r->duration, e);
      } else if (auto *c = dynCast<ChannelInstMember>(mem)) {
        Binding &child = *b.channels.at(c->name.name);
        lowerDynamics(child, *child.model, pop, method, env);
      } else if (mem->kind == MemberKind::Event) {
        low_.unsupported(mem->range.start(), "a named event");
      } else if (mem->kind == MemberKind::On || mem->kind == MemberKind::Continuous) {
        low_.unsupported(mem->range.start(), "this block in a neuron");
      }
    }
  }

  int lowerPopulation(const PopulationDecl &pd, PopulationInfo &pi, const LowerEnv &netEnv) {
    if (!pi.model && pi.builtinKind == "poisson") return lowerPoisson(pd, pi, netEnv);
    if (!pi.model) {
      low_.unsupported(pd.range.start(), "a '" + pi.builtinKind + "' source population");
      return -1;
    }
    if (pd.layout) low_.unsupported(pd.layout->range, "neuron positions");
    ir::Group g;
    g.name = pi.name;
    g.kind = ir::GroupKind::Neuron;
    g.model = pi.model->name;
    g.size = pi.size.value_or(0);
    m_.groups.push_back(std::move(g));
    int gi = static_cast<int>(m_.groups.size() - 1);
    auto b = std::make_unique<Binding>();
    b->model = pi.model;
    b->group = gi;
    addVars(*b, *pi.model);
    LowerEnv env = netEnv;
    env.self = b.get();
    applyAliasOverrides(*b, *pi.model, env);
    overrideParams(*b, pd.args, env);
    addInits(*b, *pi.model, env);
    applyInits(*b, pd.inits, env);

    ir::Population pop;
    pop.group = gi;
    LowerEnv dynEnv;
    dynEnv.self = b.get();
    lowerDynamics(*b, *pi.model, pop, ir::Method::Auto, dynEnv);
    if (pop.refractory) {
      ir::Var ref;
      ref.name = "_ref_until";
      ref.role = ir::Var::Role::Internal;
      ref.perEntity = true;
      ref.unit = "step";
      ref.init = ir::constant(-1);
      pop.refUntil = m_.groups[gi].addVar(std::move(ref));
    }
    m_.populations.push_back(std::move(pop));
    popIndex_[pi.name] = static_cast<int>(m_.populations.size() - 1);
    bindings_[pi.name] = std::move(b);
    return gi;
  }

  /// `P = poisson[N](rate = 10 Hz)`: N independent Poisson trains, each
  /// spiking in a step with probability rate * dt (a Bernoulli step is exact
  /// for rate * dt << 1, as in Brian2's PoissonGroup).
  int lowerPoisson(const PopulationDecl &pd, PopulationInfo &pi, const LowerEnv &netEnv) {
    ir::Group g;
    g.name = pi.name;
    g.kind = ir::GroupKind::Neuron;
    g.model = "poisson";
    g.size = pi.size.value_or(0);
    ir::Var rate;
    rate.name = "rate";
    rate.role = ir::Var::Role::Param;
    rate.dims[2] = -1;
    rate.unit = "Hz";
    rate.range = pd.name.range;
    for (const Arg &a : pd.args) {
      ir::ExprRef e = low_.expr(*a.value, netEnv);
      if (auto c = ir::evaluateConstant(e)) rate.defaultValue = *c;
      else rate.init = e;
    }
    int rv = g.addVar(std::move(rate));
    m_.groups.push_back(std::move(g));
    int gi = static_cast<int>(m_.groups.size() - 1);
    ir::Population pop;
    pop.group = gi;
    ir::ExprRef u = ir::random("uniform", {ir::constant(0), ir::constant(1)}, m_.streams++);
    pop.threshold = ir::binary(ir::Op::Lt, u, ir::mul(ir::varRef({ir::Space::Self, gi, rv}), ir::leaf(ir::Op::Dt)));
    m_.populations.push_back(std::move(pop));
    popIndex_[pi.name] = static_cast<int>(m_.populations.size() - 1);
    auto b = std::make_unique<Binding>();
    b->group = gi;
    bindings_[pi.name] = std::move(b);
    return gi;
  }

  /// `stimulus E.I_ext = step(...)`: the variable is set from a function of
  /// time at the start of every step; `stimulus E.v += poisson(...)` adds
  /// weight times a Poisson count with mean count * rate * dt.
  void lowerStimulus(const Target &t, bool add, const Expr &value, SourceRange where, const LowerEnv &env) {
    auto pit = popIndex_.find(t.population.name);
    auto bit = bindings_.find(t.population.name);
    auto *call = dynCast<CallExpr>(&value);
    std::optional<ir::VarRef> target;
    if (bit != bindings_.end() && bit->second->model) target = low_.var(*bit->second, t.name.name);
    if (pit == popIndex_.end() || !target || !call) {
      low_.unsupported(where, "this stimulus");
      return;
    }
    const std::string &f = call->callee.name;
    std::vector<std::string> names = builtinParams(f);
    std::map<std::string, const Expr *> args;
    std::size_t pos = 0;
    for (const Arg &a : call->args) {
      std::string n = a.name.empty() ? (pos < names.size() ? names[pos] : "") : a.name.name;
      ++pos;
      args[n] = a.value.get();
    }
    auto arg = [&](const char *n, double dflt) {
      auto it = args.find(n);
      return it == args.end() ? ir::constant(dflt) : low_.expr(*it->second, env);
    };
    ir::ExprRef t0 = ir::leaf(ir::Op::Time);
    ir::ExprRef v;
    if ((f == "poisson") != add) {
      low_.unsupported(call->range, add ? "'+=' with '" + f + "(...)'" : "'=' with 'poisson(...)' (use '+=')");
      return;
    }
    if (f == "poisson") {
      ir::ExprRef mean = ir::mul(ir::mul(arg("rate", 0), arg("count", 1)), ir::leaf(ir::Op::Dt));
      v = ir::add(ir::varRef(*target), ir::mul(arg("weight", 0), ir::random("poisson", {mean}, m_.streams++)));
    } else if (f == "step") {
      ir::ExprRef on = ir::binary(ir::Op::Ge, t0, arg("start", 0));
      if (args.count("stop")) on = ir::binary(ir::Op::And, on, ir::binary(ir::Op::Lt, t0, arg("stop", 0)));
      v = ir::select(on, arg("amplitude", 0), ir::constant(0));
    } else if (f == "ramp") {
      ir::ExprRef from = arg("from", 0), to = arg("to", 0), start = arg("start", 0), stop = arg("stop", 0);
      ir::ExprRef mid = ir::add(from, ir::mul(ir::sub(to, from), ir::div(ir::sub(t0, start), ir::sub(stop, start))));
      v = ir::select(ir::binary(ir::Op::Lt, t0, start), from, ir::select(ir::binary(ir::Op::Ge, t0, stop), to, mid));
    } else if (f == "sine") {
      ir::ExprRef phase = ir::add(ir::mul(ir::constant(2 * M_PI), ir::mul(arg("frequency", 0), t0)), arg("phase", 0));
      v = ir::add(arg("offset", 0), ir::mul(arg("amplitude", 0), ir::call("sin", {phase})));
    } else if (f == "time_array") {
      auto *times = args.count("times") ? dynCast<ListExpr>(args["times"]) : nullptr;
      auto *values = args.count("values") ? dynCast<ListExpr>(args["values"]) : nullptr;
      if (!times || !values || times->elems.size() != values->elems.size()) {
        low_.unsupported(call->range, "this 'time_array'");
        return;
      }
      // Each value holds from its time on; before the first, 0.
      v = ir::constant(0);
      for (std::size_t k = 0; k < times->elems.size(); ++k)
        v = ir::select(ir::binary(ir::Op::Ge, t0, low_.expr(*times->elems[k], env)), low_.expr(*values->elems[k], env), v);
    } else {
      low_.unsupported(call->range, "'" + f + "(...)' as a stimulus");
      return;
    }
    m_.groups[target->group].vars[target->var].driven = true;
    m_.populations[pit->second].stimuli.push_back(ir::Stmt::assign(*target, v));
  }

  int internalVar(int group, const std::string &name, ir::ExprRef init) {
    ir::Var v;
    v.name = name;
    v.role = ir::Var::Role::Internal;
    v.init = std::move(init);
    return m_.groups[group].addVar(std::move(v));
  }

  void lowerProjection(const ProjectionDecl &pd, NetworkInfo &net, const LowerEnv &netEnv);
  bool lowerExperiment(const ExperimentDecl &exp);

  SemaContext &cx_;
  ir::Module &m_;
  Lowerer low_;
  std::map<std::string, int> popIndex_;
  std::map<std::string, std::unique_ptr<Binding>> bindings_;
  std::vector<std::unique_ptr<Binding>> synapseBindings_;
  std::map<std::string, int> netParams_;
};

std::unique_ptr<Binding> sideBinding(const Binding &of, ir::Space space) {
  auto b = std::make_unique<Binding>();
  b->model = of.model;
  b->space = space;
  b->group = of.group;
  for (auto &[n, c] : of.channels) b->channels[n] = sideBinding(*c, space);
  for (auto &[n, r] : of.uses) b->uses[n] = {space, r.group, r.var};
  return b;
}

void ModuleLowerer::lowerProjection(const ProjectionDecl &pd, NetworkInfo &net, const LowerEnv &netEnv) {
  for (const Ident &target : pd.targets) {
    std::string key = pd.source.name + "->" + target.name;
    auto pre = bindings_.find(pd.source.name), post = bindings_.find(target.name);
    auto syn = net.projections.find(key);
    if (pre == bindings_.end() || post == bindings_.end() || syn == net.projections.end()) {
      low_.unsupported(pd.range.start(), "a projection between these populations");
      continue;
    }
    ir::Group g;
    g.name = key;
    g.kind = ir::GroupKind::Synapse;
    g.model = syn->second->decl ? syn->second->name : "";
    g.size = 0; // known once connectivity is built
    m_.groups.push_back(std::move(g));
    int gi = static_cast<int>(m_.groups.size() - 1);

    auto self = std::make_unique<Binding>();
    self->model = syn->second;
    self->group = gi;
    addVars(*self, *syn->second);
    for (ir::Var &v : m_.groups[gi].vars) v.perEntity = v.role == ir::Var::Role::State || v.perEntity;
    auto preB = sideBinding(*pre->second, ir::Space::Pre);
    auto postB = sideBinding(*post->second, ir::Space::Post);
    LowerEnv env = netEnv;
    env.self = self.get();
    env.pre = preB.get();
    env.post = postB.get();
    overrideParams(*self, pd.args, env);
    addInits(*self, *syn->second, env);
    applyInits(*self, pd.inits, env);

    ir::Projection pr;
    pr.group = gi;
    pr.pre = popIndex_.at(pd.source.name);
    pr.post = popIndex_.at(target.name);
    for (const MemberPtr &mp : *syn->second->members) {
      if (auto *on = dynCast<OnMember>(mp.get())) {
        if (on->which == Scope::Pre) {
          ir::Block b = low_.block(on->body, env);
          pr.onPre.insert(pr.onPre.end(), b.begin(), b.end());
        } else {
          low_.unsupported(on->keywordRange, "an 'on post' block");
        }
      } else if (mp->kind == MemberKind::Ode || mp->kind == MemberKind::Continuous) {
        low_.unsupported(mp->range.start(), "synaptic dynamics between spikes");
      }
    }
    if (pd.connects.size() > 1) low_.unsupported(pd.connects[1].range, "a second 'connect' clause");
    if (!pd.connects.empty()) {
      const ConnectClause &cc = pd.connects[0];
      if (cc.rule) {
        pr.rule.kind = cc.rule->callee.name;
        std::vector<std::string> names = builtinParams(pr.rule.kind);
        std::size_t pos = 0;
        for (const Arg &a : cc.rule->args) {
          std::string n = a.name.empty() ? (pos < names.size() ? names[pos] : "") : a.name.name;
          ++pos;
          ir::ExprRef e = low_.expr(*a.value, env);
          if (n == "autapses") {
            auto c = ir::evaluateConstant(e);
            if (!c) low_.unsupported(a.value->range, "a non-constant 'autapses'");
            else pr.rule.autapses = *c != 0;
            continue;
          }
          pr.rule.args.push_back({n, internalVar(gi, "_rule." + n, e)});
        }
        if (pr.rule.kind == "from_npy") low_.unsupported(cc.rule->range, "connectivity from a .npy file");
      }
      if (cc.where) {
        // `where i != j` is the common case: no autapses.
        auto *b = dynCast<BinaryExpr>(cc.where.get());
        auto *l = b ? dynCast<NameExpr>(b->lhs.get()) : nullptr;
        auto *r = b ? dynCast<NameExpr>(b->rhs.get()) : nullptr;
        if (b && b->op == BinaryOp::Ne && l && r &&
            ((l->name.name == "i" && r->name.name == "j") || (l->name.name == "j" && r->name.name == "i")))
          pr.rule.autapses = false;
        else
          low_.unsupported(cc.where->range, "this 'where' condition");
      }
    }
    if (!pd.delays.empty()) {
      ir::ExprRef d = low_.expr(*pd.delays[0], env);
      bool perSynapse = ir::dependsOnAny(d, [](const ir::Expr &x) {
        return x.op == ir::Op::Index || x.op == ir::Op::Random ||
               (x.op == ir::Op::Var && x.var.space != ir::Space::Net);
      });
      if (perSynapse) low_.unsupported(pd.delays[0]->range, "a delay that differs between synapses");
      pr.delayVar = internalVar(gi, "_delay", d);
    }
    m_.projections.push_back(std::move(pr));
    self->lets.clear();
    synapseBindings_.push_back(std::move(self));
    synapseBindings_.push_back(std::move(preB));
    synapseBindings_.push_back(std::move(postB));
  }
}

bool ModuleLowerer::lowerExperiment(const ExperimentDecl &exp) {
  ir::Experiment &x = m_.experiment;
  x.name = exp.name.name;
  LowerEnv env;
  env.network = m_.network;
  env.netParams = &netParams_;
  auto constant = [&](const Expr &e) { return ir::evaluateConstant(low_.expr(e, env)); };
  for (const ExpStmtPtr &sp : exp.stmts) {
    if (auto *s = dynCast<SettingStmt>(sp.get())) {
      auto v = constant(*s->value);
      if (!v) {
        low_.unsupported(s->value->range, "a non-constant setting");
        continue;
      }
      if (s->name.name == "dt") x.dt = *v;
      if (s->name.name == "seed") x.seed = static_cast<std::uint64_t>(*v);
    } else if (auto *r = dynCast<RecordStmt>(sp.get())) {
      if (r->functionForm && r->function.name != "spikes" && r->function.name != "rate") {
        low_.unsupported(r->function.range, "recording '" + r->function.name + "'");
        continue;
      }
      for (const Selection &sel : r->selections) {
        auto it = popIndex_.find(sel.population.name);
        if (sel.projectionTarget || it == popIndex_.end()) {
          low_.unsupported(sel.range, "recording this selection");
          continue;
        }
        ir::Recording rec;
        rec.population = it->second;
        const ir::Group &g = m_.groups[m_.populations[it->second].group];
        rec.end = g.size;
        if (sel.sliceBegin) {
          rec.begin = static_cast<std::int64_t>(constant(*sel.sliceBegin).value_or(0));
          rec.end = static_cast<std::int64_t>(constant(*sel.sliceEnd).value_or(0));
        }
        if (r->functionForm) {
          rec.kind = r->function.name == "rate" ? ir::Recording::Kind::Rate : ir::Recording::Kind::Spikes;
          if (r->every) rec.every = constant(*r->every).value_or(0);
        } else {
          rec.kind = ir::Recording::Kind::State;
          for (const Ident &v : r->variables) rec.vars.push_back(g.find(v.name));
          if (r->every) rec.every = constant(*r->every).value_or(0);
        }
        x.recordings.push_back(std::move(rec));
      }
    } else if (auto *st = dynCast<ExpStimulusStmt>(sp.get()); st && x.duration == 0) {
      // Before the first phase, a stimulus holds for the whole run.
      lowerStimulus(st->target, st->add, *st->value, st->range, env);
    } else if (auto *run = dynCast<RunStmt>(sp.get())) {
      // Phases follow each other; what changes between them (`set`, later
      // stimuli) is reported below as not supported yet.
      x.duration += constant(*run->duration).value_or(0);
    } else {
      low_.unsupported(sp->range.start(), "this experiment statement");
    }
  }
  return true;
}

bool ModuleLowerer::run(FileScope &scope, const ExperimentDecl &exp) {
  auto it = scope.visible.find(exp.network.name);
  const NetworkDecl *nd = it == scope.visible.end() ? nullptr : it->second->network;
  auto ni = nd ? cx_.networks.find(nd) : cx_.networks.end();
  if (ni == cx_.networks.end()) return false;
  NetworkInfo &net = *ni->second;
  m_.sourceFile = scope.path;

  ir::Group ng;
  ng.name = "network";
  ng.kind = ir::GroupKind::Network;
  ng.model = net.name;
  m_.groups.push_back(std::move(ng));
  m_.network = 0;
  for (const auto &p : nd->params) {
    auto vit = net.params.find(p->name.name);
    if (vit == net.params.end()) continue;
    Symbol s;
    s.name = p->name.name;
    s.dim = vit->second.dim;
    s.value = vit->second.constant;
    if (p->unit) s.unitText = cx_.text(p->unit->range);
    ir::Var v = makeVar(s, "", ir::Var::Role::Param);
    v.range = p->name.range;
    netParams_[s.name] = m_.groups[0].addVar(std::move(v));
  }
  LowerEnv netEnv;
  netEnv.network = 0;
  netEnv.netParams = &netParams_;
  for (const auto &p : nd->params) {
    int k = netParams_.count(p->name.name) ? netParams_[p->name.name] : -1;
    if (k >= 0 && !net.params[p->name.name].constant && p->init) m_.groups[0].vars[k].init = low_.expr(*p->init, netEnv);
  }
  for (const NetMemberPtr &mp : nd->members) {
    if (auto *pd = dynCast<PopulationDecl>(mp.get())) {
      auto pit = net.populations.find(pd->name.name);
      if (pit != net.populations.end()) lowerPopulation(*pd, pit->second, netEnv);
    }
  }
  for (const NetMemberPtr &mp : nd->members) {
    if (auto *pd = dynCast<ProjectionDecl>(mp.get())) lowerProjection(*pd, net, netEnv);
    if (auto *st = dynCast<NetStimulusDecl>(mp.get())) lowerStimulus(st->target, st->add, *st->value, st->range, netEnv);
  }
  lowerExperiment(exp);
  return !low_.failed();
}

} // namespace

struct Analysis::Impl {
  std::unique_ptr<SemaContext> cx;
};

Analysis::Analysis() : impl_(std::make_unique<Impl>()) {}
Analysis::~Analysis() = default;

bool analyzeIn(SemaContext &cx, const ast::File &file);

std::unique_ptr<Analysis> analyzeForLowering(const ast::File &file, const support::SourceManager &sm,
                                             ModuleLoader &loader, const SemaOptions &options,
                                             diag::DiagnosticEngine &diags) {
  auto a = std::make_unique<Analysis>();
  a->impl_->cx = std::make_unique<SemaContext>(sm, loader, options, diags);
  if (!analyzeIn(*a->impl_->cx, file)) return nullptr;
  return a;
}

std::optional<ir::Module> lowerToIR(Analysis &a, const ast::File &main, const std::string &experiment) {
  SemaContext &cx = *a.impl_->cx;
  FileScope *scope = nullptr;
  for (auto &fs : cx.files)
    if (fs->file == &main) scope = fs.get();
  if (!scope) return std::nullopt;
  const ExperimentDecl *exp = nullptr;
  for (auto &e : main.experiments)
    if (experiment.empty() || e->name.name == experiment) {
      exp = e.get();
      break;
    }
  if (!exp) {
    std::vector<std::string> names;
    for (auto &e : main.experiments) names.push_back(e->name.name);
    auto b = cx.report(diag::DiagId::E0906, {main.id, 0, 0},
                       {experiment.empty() ? "this file has no experiment" : "no experiment named '" + experiment + "'"});
    if (!names.empty()) b.help("experiments here: " + [&] {
      std::string s;
      for (auto &n : names) s += (s.empty() ? "" : ", ") + n;
      return s;
    }());
    else b.help("add 'experiment main of <Network> { dt = 0.1 ms  run 1 s }'");
    return std::nullopt;
  }
  ir::Module m;
  ModuleLowerer ml(cx, m);
  if (!ml.run(*scope, *exp)) return std::nullopt;
  return m;
}

} // namespace bdl::sema
