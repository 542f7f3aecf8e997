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

/// Whether `e` reads a per-entity variable of `group`: a parameter computed
/// from one is per entity too.
static bool usesPerEntity(const ir::Module &m, int group, const ir::ExprRef &e) {
  return ir::dependsOnAny(e, [&](const ir::Expr &x) {
    return x.op == ir::Op::Var && x.var.group == group && m.groups[group].vars[x.var.var].perEntity;
  });
}

/// Whether `e` reads a variable: a default written as an expression of
/// other parameters, computed at run time even when sema could fold it.
static bool readsVars(const ir::ExprRef &e) {
  return ir::dependsOnAny(e, [](const ir::Expr &x) { return x.op == ir::Op::Var; });
}

std::string ModuleLowerer::formula(const ast::Expr &e) const {
  std::string out;
  for (char c : cx_.text(e.range)) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

ir::Dims dimsOf(const Dimension &d) {
  ir::Dims out{};
  for (std::size_t k = 0; k < units::kNumBaseDims; ++k)
    out[k] = d.exponent(static_cast<units::BaseDim>(k)).toDouble();
  return out;
}

ir::Var ModuleLowerer::makeVar(const Symbol &s, const std::string &prefix, ir::Var::Role role) {
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
void ModuleLowerer::addVars(Binding &b, ModelInfo &m) {
  ir::Group &g = m_.groups[b.group];
  for (const MemberPtr &mp : *m.members) {
    const Member *mem = mp.get();
    if (auto *p = dynCast<ParamMember>(mem)) {
      g.addVar(makeVar(*m.find(p->name.name), b.prefix, ir::Var::Role::Param));
    } else if (auto *s = dynCast<StateMember>(mem)) {
      g.addVar(makeVar(*m.find(s->name.name), b.prefix, ir::Var::Role::State));
    } else if (auto *in = dynCast<InputMember>(mem)) {
      ir::Var v = makeVar(*m.find(in->name.name), b.prefix, ir::Var::Role::State);
      v.input = true;
      g.addVar(std::move(v));
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

/// A parameter default that is not a constant (`uniform(0, 1) (per neuron)`,
/// or one using other parameters) is computed at initialisation; overrides
/// applied after this replace it.
void ModuleLowerer::addParamDefaults(Binding &b, ModelInfo &m, const LowerEnv &env) {
  ir::Group &g = m_.groups[b.group];
  LowerEnv e = env;
  e.self = &b;
  for (const MemberPtr &mp : *m.members)
    if (auto *p = dynCast<ParamMember>(mp.get())) {
      const Symbol *sym = m.find(p->name.name);
      if (!p->init || !sym) continue;
      ir::ExprRef init = low_.expr(*p->init, e);
      // `param Cm = 1 uF/cm^2 * area` follows `--set E.area=...`; a constant
      // sema folded (`2 * pi`) stays data.
      if (sym->value && !readsVars(init)) continue;
      ir::Var &v = g.vars[g.find(b.prefix + p->name.name)];
      v.init = init;
      v.formula = formula(*p->init);
      // Derived from a per-neuron value (`param q = 2 * r` with r per
      // neuron): one value per neuron too.
      v.perEntity |= usesPerEntity(m_, b.group, v.init);
    }
}

/// Values of states and per-entity initialisers, once all variables exist.
void ModuleLowerer::addInits(Binding &b, ModelInfo &m, const LowerEnv &env) {
  ir::Group &g = m_.groups[b.group];
  for (const MemberPtr &mp : *m.members) {
    if (auto *s = dynCast<StateMember>(mp.get())) {
      int k = g.find(b.prefix + s->name.name);
      LowerEnv e = env;
      e.self = &b;
      g.vars[k].init = s->init ? low_.expr(*s->init, e) : ir::constant(0);
    } else if (auto *c = dynCast<ChannelInstMember>(mp.get())) {
      Binding &child = *b.channels.at(c->name.name);
      addParamDefaults(child, *child.model, env);
      overrideParams(child, c->args, env);
      addInits(child, *child.model, env);
    }
  }
}

/// `Model(p = value)`: constant values become defaults, others initialisers.
void ModuleLowerer::overrideParams(Binding &b, const std::vector<Arg> &args, const LowerEnv &env) {
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
      g.vars[k].formula = formula(*a.value);
      // A channel parameter given a per-neuron value (`KAHP(gAHP = g)` with
      // g per neuron) is per neuron too, not the first neuron's.
      g.vars[k].perEntity |= usesPerEntity(m_, b.group, e);
    }
  }
}

/// `{ v = uniform(...) }`: per-entity initial values.
void ModuleLowerer::applyInits(Binding &b, const std::vector<Init> &inits, const LowerEnv &env) {
  ir::Group &g = m_.groups[b.group];
  for (const Init &in : inits) {
    int k = g.find(in.name.name);
    if (k < 0) continue;
    g.vars[k].init = low_.expr(*in.value, env);
    if (g.vars[k].role == ir::Var::Role::Param) {
      g.vars[k].perEntity = true;
      g.vars[k].formula = formula(*in.value);
    }
  }
}

/// Alias chains (`neuron Fast = LIF(tau = 5 ms)`): base overrides first.
void ModuleLowerer::applyAliasOverrides(Binding &b, ModelInfo &m, const LowerEnv &env) {
  std::vector<const std::vector<Arg> *> chain;
  for (ModelInfo *x = &m; x && x->decl && x->decl->aliasOf; x = x->aliasBase) chain.push_back(&x->decl->aliasArgs);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) overrideParams(b, **it, env);
}

namespace {

bool isFractional(ir::Method m) { return m == ir::Method::Gl || m == ir::Method::L1; }

} // namespace

/// `method l1(memory = 50 ms)`: the method and its options (checked by sema).
void ModuleLowerer::applyMethod(ir::Equation &eq, const Ident &name, const std::vector<Arg> &args,
                                const LowerEnv &env) {
  auto parsed = ir::parseMethod(name.name);
  if (!parsed) {
    low_.unsupported(name.range, "method '" + name.name + "'");
    return;
  }
  eq.method = *parsed;
  for (const Arg &a : args) {
    std::optional<double> v = ir::evaluateConstant(low_.expr(*a.value, env));
    if (!v) continue;
    if (a.name.name == "memory") eq.memory = *v;
    if (a.name.name == "rtol") eq.rtol = *v;
  }
}

void ModuleLowerer::lowerDynamics(Binding &b, ModelInfo &m, ir::Population &pop, const MethodMember *method,
                                  const LowerEnv &env) {
  LowerEnv e = env;
  e.self = &b;
  for (const MemberPtr &mp : *m.members)
    if (auto *mm = dynCast<MethodMember>(mp.get())) method = mm;
  // An alias's `method = euler` wins over the base's `method` member (the
  // nearest alias of a chain first).
  for (ModelInfo *x = &m; x && x->decl && x->decl->aliasOf; x = x->aliasBase) {
    const Arg *found = nullptr;
    for (const Arg &a : x->decl->aliasArgs)
      if (isMethodArg(a)) found = &a;
    if (!found) continue;
    auto mm = std::make_unique<MethodMember>(found->range);
    mm->method = isMethodArg(*found)->name;
    method = mm.get();
    aliasMethods_.push_back(std::move(mm));
    break;
  }
  for (const MemberPtr &mp : *m.members) {
    const Member *mem = mp.get();
    if (auto *o = dynCast<OdeMember>(mem)) {
      ir::Equation eq;
      eq.var = low_.var(b, o->target.name)->var;
      eq.rhs = low_.expr(*o->rhs, e);
      eq.range = o->range;
      if (o->caputoOrder) {
        eq.fractional = true;
        eq.order = ir::evaluateConstant(low_.expr(*o->caputoOrder, e)).value_or(1);
      }
      // A model-wide method applies to the equations it can integrate.
      if (method && ir::parseMethod(method->method.name) &&
          isFractional(*ir::parseMethod(method->method.name)) == eq.fractional)
        applyMethod(eq, method->method, method->args, e);
      for (const Flag &f : o->flags) {
        if (f.kind == Flag::Kind::UnlessRefractory) eq.unlessRefractory = true;
        if (f.kind == Flag::Kind::Method) applyMethod(eq, f.method, f.methodArgs, e);
      }
      pop.equations.push_back(std::move(eq));
    } else if (auto *s = dynCast<SpikeMember>(mem)) {
      pop.threshold = low_.expr(*s->cond, e);
      // An alias's `threshold = ...` replaces the condition (the nearest alias first).
      for (ModelInfo *x = &m; x && x->decl && x->decl->aliasOf; x = x->aliasBase) {
        const Arg *found = nullptr;
        for (const Arg &a : x->decl->aliasArgs)
          if (x->aliasBase && isThresholdArg(*x->aliasBase, a)) found = &a;
        if (!found) continue;
        pop.threshold = low_.expr(*found->value, e);
        break;
      }
      pop.reset = low_.block(s->body, e);
    } else if (auto *r = dynCast<RefractoryMember>(mem)) {
      pop.refractory = low_.expr(*r->duration, e);
    } else if (auto *c = dynCast<ChannelInstMember>(mem)) {
      Binding &child = *b.channels.at(c->name.name);
      lowerDynamics(child, *child.model, pop, method, env);
    } else if (auto *ev = dynCast<EventMember>(mem)) {
      pop.events.push_back({ev->name.name, low_.expr(*ev->cond, e), low_.block(ev->body, e), ev->range});
    } else if (mem->kind == MemberKind::On || mem->kind == MemberKind::Continuous) {
      low_.unsupported(mem->range.start(), mem->kind == MemberKind::On ? "an 'on' block in a neuron"
                                                                        : "a 'continuous' block in a neuron");
    }
  }
}

int ModuleLowerer::lowerPopulation(const PopulationDecl &pd, PopulationInfo &pi, const LowerEnv &netEnv) {
  if (!pi.model && pi.builtinKind == "poisson") return lowerPoisson(pd, pi, netEnv);
  if (!pi.model && pi.builtinKind == "spike_times") return lowerSpikeTimes(pd, pi, netEnv);
  if (!pi.model) {
    low_.unsupported(pd.range.start(), "a '" + pi.builtinKind + "' source population");
    return -1;
  }
  int gi = addNeuronGroup(pi, pi.model->name);
  if (pd.layout) lowerLayout(*pd.layout, gi, netEnv);
  auto b = std::make_unique<Binding>();
  b->model = pi.model;
  b->group = gi;
  addVars(*b, *pi.model);
  LowerEnv env = netEnv;
  env.self = b.get();
  addParamDefaults(*b, *pi.model, env);
  applyAliasOverrides(*b, *pi.model, env);
  LowerEnv argEnv = env; // values in the network's scope, as sema checks them
  argEnv.self = nullptr;
  overrideParams(*b, pd.args, argEnv);
  addInits(*b, *pi.model, env);
  applyInits(*b, pd.inits, env);

  ir::Population pop;
  pop.group = gi;
  LowerEnv dynEnv;
  dynEnv.self = b.get();
  lowerDynamics(*b, *pi.model, pop, nullptr, dynEnv);
  if (pop.refractory) {
    ir::Var ref;
    ref.name = "_ref_until";
    ref.role = ir::Var::Role::Internal;
    ref.perEntity = true;
    ref.unit = "step";
    ref.init = ir::constant(-1);
    pop.refUntil = m_.groups[gi].addVar(std::move(ref));
  }
  addPopulation(pi, std::move(pop), std::move(b));
  return gi;
}

int ModuleLowerer::addNeuronGroup(const PopulationInfo &pi, const std::string &model) {
  ir::Group g;
  g.name = pi.name;
  g.kind = ir::GroupKind::Neuron;
  g.model = model;
  g.size = pi.size.value_or(0);
  m_.groups.push_back(std::move(g));
  return static_cast<int>(m_.groups.size() - 1);
}

void ModuleLowerer::addPopulation(const PopulationInfo &pi, ir::Population pop, std::unique_ptr<Binding> b) {
  if (!b) {
    // Built-in sources have no model: projections from them bind nothing.
    b = std::make_unique<Binding>();
    b->group = pop.group;
  }
  m_.populations.push_back(std::move(pop));
  popIndex_[pi.name] = static_cast<int>(m_.populations.size() - 1);
  bindings_[pi.name] = std::move(b);
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
  // The step first: a time_array on a grid rounds times as Brian2 does,
  // relative to it (LowerArrays.cpp). lowerExperiment reads it again.
  for (const ExpStmtPtr &sp : exp.stmts)
    if (auto *s = dynCast<SettingStmt>(sp.get()); s && s->name.name == "dt")
      if (auto v = ir::evaluateConstant(low_.expr(*s->value, LowerEnv{})); v && *v > 0) m_.experiment.dt = *v;
  for (const auto &p : nd->params) {
    int k = netParams_.count(p->name.name) ? netParams_[p->name.name] : -1;
    if (k < 0 || !p->init) continue;
    // `param wm = 1 - f * (wp - 1) / (1 - f)`: sema folds it for its checks,
    // but the executable recomputes it from wp and f (`--set wp=2`).
    ir::ExprRef init = low_.expr(*p->init, netEnv);
    if (net.params[p->name.name].constant && !readsVars(init)) continue;
    m_.groups[0].vars[k].init = init;
    m_.groups[0].vars[k].formula = formula(*p->init);
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
  finishPoissonSources(); // once stimuli are known
  addGivenFlags(m_);
  return !low_.failed();
}

/// A parameter the model computes at initialisation (from other parameters,
/// a distribution, a file) is recomputed from their current values, but a
/// value given to it wins: its flag, set by the executable's --set and by a
/// phase's `set` of it, skips the computation.
///   param wp = 1.7
///   param wm = 1 - f * (wp - 1) / (1 - f)   // --set wp=2: wm follows
///                                           // --set wm=0.9: wm is 0.9
/// A constant `init` is an experiment's `set` before the first run: it is
/// the value, as for any parameter, and needs no flag. (A sweep's values
/// reach the executable as --set values do: runtime/src/Descriptor.h,
/// giveValue.)
void addGivenFlags(ir::Module &m) {
  for (std::size_t gi = 0; gi < m.groups.size(); ++gi) {
    ir::Group &g = m.groups[gi];
    for (std::size_t k = 0, n = g.vars.size(); k < n; ++k) {
      ir::Var &v = g.vars[k];
      if (v.role != ir::Var::Role::Param) continue;
      // Overridden by a constant (`N(tau2 = 5 ms)`) or set: no formula left.
      if (!v.init || ir::evaluateConstant(v.init)) {
        v.formula.clear();
        continue;
      }
      ir::Var flag;
      flag.name = "_given." + v.name;
      flag.role = ir::Var::Role::Internal;
      flag.unit = "1";
      int f = g.addVar(std::move(flag));
      g.vars[k].given = f;
    }
  }
  // `sweep Q.tau2 in [...]` gives the parameter its value in every run.
  for (const ir::Sweep &sw : m.experiment.sweeps)
    if (int f = m.groups[sw.group].vars[sw.var].given; f >= 0) m.groups[sw.group].vars[f].defaultValue = 1;
  for (ir::Phase &ph : m.experiment.phases) {
    std::vector<ir::PhaseSet> flags;
    for (const ir::PhaseSet &set : ph.sets)
      if (int f = m.groups[set.group].vars[set.var].given; f >= 0) flags.push_back({set.group, f, 1});
    ph.sets.insert(ph.sets.end(), flags.begin(), flags.end());
  }
}

struct Analysis::Impl {
  std::unique_ptr<SemaContext> cx;
};

Analysis::Analysis() : impl_(std::make_unique<Impl>()) {}
Analysis::~Analysis() = default;


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
