// SPDX-License-Identifier: Apache-2.0
//===- LowerNetwork.cpp - projections, sources and stimuli to the IR -------===//
//
// Each target of a projection becomes a synapse group whose kernels see the
// presynaptic neuron as `pre`, the postsynaptic one as `post`; connection
// rule arguments and delays become shared variables computed at
// initialisation, so they may use network parameters.
#include "sema/Lowering.h"

#include "support/Casting.h"
#include "units/Unit.h"

#include <cmath>

namespace bdl::sema {

using namespace ast;
using support::dynCast;

namespace {

std::unique_ptr<Binding> sideBinding(const Binding &of, ir::Space space) {
  auto b = std::make_unique<Binding>();
  b->model = of.model;
  b->space = space;
  b->group = of.group;
  for (auto &[n, c] : of.channels) b->channels[n] = sideBinding(*c, space);
  for (auto &[n, r] : of.uses) b->uses[n] = {space, r.group, r.var};
  return b;
}

/// A built-in call's arguments by parameter name (positional ones named by
/// the built-in's signature).
std::map<std::string, const Expr *> argsByName(const CallExpr &c) {
  std::vector<std::string> names = builtinParams(c.callee.name);
  std::map<std::string, const Expr *> out;
  std::size_t pos = 0;
  for (const Arg &a : c.args) {
    std::string n = a.name.empty() ? (pos < names.size() ? names[pos] : "") : a.name.name;
    ++pos;
    out[n] = a.value.get();
  }
  return out;
}

} // namespace

int ModuleLowerer::lowerSpikeTimes(const PopulationDecl &pd, PopulationInfo &pi, const LowerEnv &netEnv) {
  int gi = addNeuronGroup(pi, "spike_times");
  ir::Population pop;
  pop.group = gi;
  pop.generator = true;
  const ListExpr *times = nullptr, *indices = nullptr;
  const Expr *timesE = nullptr, *indicesE = nullptr;
  std::size_t pos = 0;
  for (const Arg &a : pd.args) {
    std::string n = a.name.empty() ? (pos == 0 ? "times" : "indices") : a.name.name;
    ++pos;
    (n == "times" ? times : indices) = dynCast<ListExpr>(a.value.get());
    (n == "times" ? timesE : indicesE) = a.value.get();
  }
  if ((timesE && !times) || (indicesE && !indices)) {
    // From files: the executable reads them and makes the steps at start.
    auto t = timesE ? low_.arrayOperand(*timesE, netEnv, "times", 1, "spike_times") : std::nullopt;
    auto k = indicesE ? low_.arrayOperand(*indicesE, netEnv, "indices", 1, "spike_times") : std::nullopt;
    if (t && (!indicesE || k)) {
      if (k && k->shape != t->shape)
        reportSpikeTimesLengths(low_.context(), timesE->range, t->shape[0], indicesE->range, k->shape[0]);
      pop.timesArray = t->id;
      pop.indicesArray = k ? k->id : -1;
      pop.timesScale = t->scale ? ir::evaluateConstant(t->scale).value_or(1) : 1;
    }
    if (!t || (indicesE && !k) || (k && k->shape != t->shape)) low_.fail();
    addPopulation(pi, std::move(pop), nullptr);
    return gi;
  }
  auto value = [&](const Expr &e) {
    auto v = ir::evaluateConstant(low_.expr(e, netEnv));
    if (!v) low_.unsupported(e.range, "a spike time or index that is not constant");
    return v.value_or(0);
  };
  if (times)
    for (std::size_t k = 0; k < times->elems.size(); ++k) {
      double t = value(*times->elems[k]);
      if (indices && k < indices->elems.size()) {
        pop.spikeTimes.push_back({t, static_cast<std::int64_t>(value(*indices->elems[k]))});
        continue;
      }
      for (std::int64_t i = 0; !indices && i < m_.groups[gi].size; ++i) pop.spikeTimes.push_back({t, i});
    }
  addPopulation(pi, std::move(pop), nullptr);
  return gi;
}

int ModuleLowerer::internalVar(int group, const std::string &name, ir::ExprRef init) {
  ir::Var v;
  v.name = name;
  v.role = ir::Var::Role::Internal;
  v.init = std::move(init);
  return m_.groups[group].addVar(std::move(v));
}

void ModuleLowerer::lowerLayout(const CallExpr &layout, int group, const LowerEnv &env) {
  const std::string &f = layout.callee.name;
  std::map<std::string, const Expr *> args = argsByName(layout);
  std::map<std::string, ir::ExprRef> lowered; // each argument lowered once (shared node)
  auto get = [&](const char *n) {
    auto it = lowered.find(n);
    if (it != lowered.end()) return it->second;
    return lowered[n] = args.count(n) ? low_.expr(*args[n], env) : ir::constant(0);
  };
  double size = static_cast<double>(m_.groups[group].size);
  ir::ExprRef i = ir::indexRef(ir::Space::Pre), x, y;
  if (f == "line") {
    x = ir::mul(i, get("spacing"));
    y = ir::constant(0);
  } else if (f == "ring") {
    ir::ExprRef angle = ir::mul(ir::constant(2 * M_PI / size), i);
    x = ir::mul(get("radius"), ir::call("cos", {angle}));
    y = ir::mul(get("radius"), ir::call("sin", {angle}));
  } else if (f == "grid") {
    ir::ExprRef row = ir::call("floor", {ir::div(i, get("cols"))});
    x = ir::mul(ir::sub(i, ir::mul(row, get("cols"))), get("spacing"));
    y = ir::mul(row, get("spacing"));
  } else if (f == "random") {
    x = ir::random("uniform", {ir::constant(0), get("width")}, m_.streams++);
    y = ir::random("uniform", {ir::constant(0), get("height")}, m_.streams++);
  } else {
    low_.unsupported(layout.range, "the layout '" + f + "'");
    return;
  }
  ir::Group &g = m_.groups[group];
  for (auto [name, e, slot] : {std::tuple{"_pos.x", x, &g.posX}, std::tuple{"_pos.y", y, &g.posY}}) {
    ir::Var v;
    v.name = name;
    v.role = ir::Var::Role::Internal;
    v.perEntity = true;
    v.dims[0] = 1; // metres
    v.unit = "m";
    v.init = e;
    *slot = g.addVar(std::move(v));
  }
}

// `P = poisson[N](rate = 10 Hz)`: N independent Poisson trains, each spiking
// in a step with probability rate * dt (a Bernoulli step is exact for
// rate * dt << 1, as in Brian2's PoissonGroup).
int ModuleLowerer::lowerPoisson(const PopulationDecl &pd, PopulationInfo &pi, const LowerEnv &netEnv) {
  int gi = addNeuronGroup(pi, "poisson");
  ir::Var rate;
  rate.name = "rate";
  rate.role = ir::Var::Role::Param;
  rate.dims[2] = -1;
  rate.unit = "Hz";
  rate.range = pd.name.range;
  for (const Arg &a : pd.args) {
    ir::ExprRef e = low_.expr(*a.value, netEnv);
    if (auto c = ir::evaluateConstant(e)) {
      rate.defaultValue = *c;
    } else {
      rate.init = e;
      rate.formula = formula(*a.value);
    }
  }
  int rv = m_.groups[gi].addVar(std::move(rate));
  ir::Population pop;
  pop.group = gi;
  ir::ExprRef u = ir::random("uniform", {ir::constant(0), ir::constant(1)}, m_.streams++);
  pop.threshold = ir::binary(ir::Op::Lt, u, ir::mul(ir::varRef({ir::Space::Self, gi, rv}), ir::leaf(ir::Op::Dt)));
  addPopulation(pi, std::move(pop), nullptr);
  poissonSources_.push_back({static_cast<int>(m_.populations.size() - 1), rv});
  return gi;
}

// A Poisson source whose rate no stimulus changes draws, instead of one
// uniform number per neuron and step, the number of steps to its next spike:
// geometric with p = rate dt, which is the same Bernoulli process. Between
// spikes a step costs one comparison (rate 15 Hz, dt = 0.1 ms: 667 times
// fewer draws). The draws are keyed by (neuron, step), as before.
void ModuleLowerer::finishPoissonSources() {
  for (auto [popIndex, rv] : poissonSources_) {
    ir::Population &pop = m_.populations[popIndex];
    ir::Group &g = m_.groups[pop.group];
    if (g.vars[rv].driven) continue; // a time-varying rate: one draw per step
    ir::ExprRef p = ir::mul(ir::varRef({ir::Space::Self, pop.group, rv}), ir::leaf(ir::Op::Dt));
    auto wait = [&]() { // steps until the next spike, 0 = the next step
      ir::ExprRef u = ir::random("uniform", {ir::constant(0), ir::constant(1)}, m_.streams++);
      ir::ExprRef steps = ir::call("floor", {ir::div(ir::call("log", {ir::sub(ir::constant(1), u)}),
                                                     ir::call("log", {ir::sub(ir::constant(1), ir::call("min", {p, ir::constant(1)}))}))});
      // rate 0: never; the division would give -0 or NaN.
      return ir::select(ir::binary(ir::Op::Gt, p, ir::constant(0)), steps, ir::constant(1e300));
    };
    ir::Var next;
    next.name = "_next_spike";
    next.role = ir::Var::Role::Internal;
    next.perEntity = true;
    next.init = wait();
    int nv = g.addVar(std::move(next));
    ir::VarRef nr{ir::Space::Self, pop.group, nv};
    pop.threshold = ir::binary(ir::Op::Ge, ir::leaf(ir::Op::Step), ir::varRef(nr));
    pop.reset = {ir::Stmt::assign(nr, ir::add(ir::add(ir::leaf(ir::Op::Step), ir::constant(1)), wait()))};
  }
}

/// `stimulus E.I_ext = step(...)`: the variable is set from a function of
/// time at the start of every step; `stimulus E.v += poisson(...)` adds
/// weight times a Poisson count with mean count * rate * dt.
void ModuleLowerer::lowerStimulus(const Target &t, bool add, const Expr &value, SourceRange where, const LowerEnv &env,
                                  double from, double dt) {
  auto pit = popIndex_.find(t.population.name);
  auto bit = bindings_.find(t.population.name);
  auto *call = dynCast<CallExpr>(&value);
  std::optional<ir::VarRef> target;
  if (bit != bindings_.end() && bit->second->model) target = low_.var(*bit->second, t.name.name);
  if (pit == popIndex_.end() || !target || !call) {
    low_.unsupported(where, call ? "a stimulus on '" + t.population.name + "." + t.name.name + "'"
                                 : "a stimulus that is not a call of step, ramp, sine, time_array or poisson");
    return;
  }
  const std::string &f = call->callee.name;
  std::map<std::string, const Expr *> args = argsByName(*call);
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
  } else if (low_.table(f, env)) { // `stimulus E.I = sound(t)`
    v = low_.expr(value, env);
  } else if (f == "time_array") {
    // (time x neuron) values: neuron i reads column i.
    v = low_.timeArray(*call, env, t0, ir::indexRef(ir::Space::Pre), m_.groups[target->group].size);
  } else {
    low_.unsupported(call->range, "'" + f + "(...)' as a stimulus");
    return;
  }
  if (from > 0) // half a step early: t = step * dt may round below `from`
    v = ir::select(ir::binary(ir::Op::Ge, t0, ir::constant(from - 0.5 * dt)), v, ir::varRef(*target));
  ir::Var &var = m_.groups[target->group].vars[target->var];
  var.driven = true;
  // A value per neuron ((time x neuron) values): a shared parameter becomes
  // one per neuron.
  if (ir::dependsOnAny(v, [](const ir::Expr &x) { return x.op == ir::Op::Index; })) var.perEntity = true;
  m_.populations[pit->second].stimuli.push_back(ir::Stmt::assign(*target, v));
}

void ModuleLowerer::lowerProjection(const ProjectionDecl &pd, NetworkInfo &net, const LowerEnv &netEnv) {
  for (std::size_t ti = 0; ti < pd.targets.size(); ++ti) {
    const Ident &target = pd.targets[ti];
    std::string key = pd.source.name + "->" + target.name;
    auto pre = bindings_.find(pd.source.name), post = bindings_.find(target.name);
    auto syn = net.synapseOf.find({&pd, ti});
    if (pre == bindings_.end() || post == bindings_.end() || syn == net.synapseOf.end()) {
      low_.unsupported(pd.range.start(), "a projection from '" + pd.source.name + "' to '" + target.name + "'");
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
    addParamDefaults(*self, *syn->second, env);
    applyAliasOverrides(*self, *syn->second, env); // `synapse Fast = Exp(tau = 2 ms)`
    // Override values are written in the network: `GapJunction(w = w)` is the
    // network's `w`, not the synapse's own.
    LowerEnv argEnv = env;
    argEnv.self = nullptr;
    overrideParams(*self, pd.args, argEnv);
    addInits(*self, *syn->second, env);
    applyInits(*self, pd.inits, env);

    ir::Projection pr;
    pr.range = pd.range;
    pr.group = gi;
    pr.pre = popIndex_.at(pd.source.name);
    pr.post = popIndex_.at(target.name);
    for (const MemberPtr &mp : *syn->second->members) {
      if (auto *on = dynCast<OnMember>(mp.get())) {
        if (on->which == Scope::Pre) {
          if (!on->event.empty()) {
            // Sema checked the name against the presynaptic model.
            const auto &evs = m_.populations[pr.pre].events;
            for (std::size_t k = 0; k < evs.size(); ++k)
              if (evs[k].name == on->event.name) pr.preEvent = static_cast<int>(k);
            if (pr.preEvent < 0) low_.unsupported(on->keywordRange, "'on pre." + on->event.name + "' here");
          }
          ir::Block b = low_.block(on->body, env);
          pr.onPre.insert(pr.onPre.end(), b.begin(), b.end());
        } else {
          ir::Block b = low_.block(on->body, env);
          pr.onPost.insert(pr.onPost.end(), b.begin(), b.end());
        }
      } else if (auto *o = dynCast<OdeMember>(mp.get())) {
        ir::Equation eq;
        eq.var = low_.var(*self, o->target.name)->var;
        eq.rhs = low_.expr(*o->rhs, env);
        eq.range = o->range;
        if (o->caputoOrder) low_.unsupported(o->lhsRange, "a fractional (caputo) derivative of a synaptic state");
        for (const Flag &f : o->flags)
          if (f.kind == Flag::Kind::Method) applyMethod(eq, f.method, f.methodArgs, env);
        pr.equations.push_back(std::move(eq));
      } else if (auto *co = dynCast<ContinuousMember>(mp.get())) {
        ir::Block b = low_.block(co->body, env);
        pr.continuous.insert(pr.continuous.end(), b.begin(), b.end());
      }
    }
    if (pd.connects.size() > 1) low_.unsupported(pd.connects[1].range, "a second 'connect' clause");
    if (!pd.connects.empty()) {
      const ConnectClause &cc = pd.connects[0];
      ir::ExprRef pairP; // probability(p) with p a function of the pair
      if (cc.rule) {
        pr.rule.kind = cc.rule->callee.name;
        std::vector<std::string> names = builtinParams(pr.rule.kind);
        std::size_t pos = 0;
        if (pr.rule.kind == "from_npy" && !cc.rule->args.empty())
          pr.rule.array = low_.npyArray(*cc.rule->args[0].value, {m_.groups[m_.populations[pr.pre].group].size,
                                                                   m_.groups[m_.populations[pr.post].group].size},
                                        "the projection " + key);
        for (const Arg &a : cc.rule->args) {
          if (pr.rule.kind == "from_npy") break;
          std::string n = a.name.empty() ? (pos < names.size() ? names[pos] : "") : a.name.name;
          ++pos;
          ir::ExprRef e = low_.expr(*a.value, env);
          if (n == "autapses") {
            auto c = ir::evaluateConstant(e);
            if (!c) low_.unsupported(a.value->range, "a non-constant 'autapses'");
            else pr.rule.autapses = *c != 0;
            continue;
          }
          if (ir::dependsOnAny(e, [](const ir::Expr &x) {
                return x.op == ir::Op::Index || (x.op == ir::Op::Var && x.var.space != ir::Space::Net &&
                                                 x.var.space != ir::Space::Self);
              })) {
            // probability(exp(-distance / 100 um)): each pair is drawn on its
            // own, by the where kernel (below).
            if (pr.rule.kind == "probability" && n == "p" &&
                !ir::dependsOnAny(e, [](const ir::Expr &x) { return x.op == ir::Op::Random; })) {
              pairP = e;
              continue;
            }
            low_.unsupported(a.value->range, "a connection rule argument that differs between pairs (i, j, "
                                             "distance, pre., post.) other than a probability's");
            continue;
          }
          pr.rule.args.push_back({n, internalVar(gi, "_rule." + n, e)});
        }
      }
      if (cc.where) {
        // `where i != j` is the common case: no autapses.
        auto *b = dynCast<BinaryExpr>(cc.where.get());
        auto *l = b ? dynCast<NameExpr>(b->lhs.get()) : nullptr;
        auto *r = b ? dynCast<NameExpr>(b->rhs.get()) : nullptr;
        if (b && b->op == BinaryOp::Ne && l && r &&
            ((l->name.name == "i" && r->name.name == "j") || (l->name.name == "j" && r->name.name == "i")))
          pr.rule.autapses = false;
        else if (pr.rule.kind != "all_to_all" && pr.rule.kind != "one_to_one" && pr.rule.kind != "probability")
          low_.unsupported(cc.where->range, "a 'where' condition with '" + pr.rule.kind +
                                                "' (its count of synapses would no longer hold)");
        else {
          pr.rule.where = low_.expr(*cc.where, env);
          pr.rule.whereRange = cc.where->range;
          if (ir::dependsOnAny(pr.rule.where, [](const ir::Expr &x) {
                return x.op == ir::Op::Random || x.op == ir::Op::Noise || x.op == ir::Op::Time || x.op == ir::Op::Step;
              }))
            low_.unsupported(cc.where->range, "a 'where' condition that draws random numbers or reads the time "
                                              "(use 'probability' for random pairs)");
        }
      }
      if (pairP) {
        // Every pair, kept with its own probability: one uniform draw per
        // pair (the where kernel draws it from (i, j)), then the condition.
        ir::ExprRef keep = ir::binary(ir::Op::Lt, ir::random("uniform", {ir::constant(0), ir::constant(1)}, m_.streams++),
                                      pairP);
        pr.rule.kind = "all_to_all";
        pr.rule.where = pr.rule.where ? ir::binary(ir::Op::And, keep, pr.rule.where) : keep;
        pr.rule.whereRange = cc.rule->range;
      }
    }
    if (!pd.delays.empty()) {
      ir::ExprRef d = low_.expr(*pd.delays[0], env);
      bool perSynapse = ir::dependsOnAny(d, [](const ir::Expr &x) {
        return x.op == ir::Op::Index || x.op == ir::Op::Random ||
               (x.op == ir::Op::Var && x.var.space != ir::Space::Net);
      });
      pr.delayVar = internalVar(gi, "_delay", d);
      m_.groups[gi].vars[pr.delayVar].range = pd.delays[0]->range;
      if (perSynapse) {
        pr.perSynapseDelay = true;
        m_.groups[gi].vars[pr.delayVar].perEntity = true;
        m_.groups[gi].vars[pr.delayVar].unit = "s";
        m_.groups[gi].vars[pr.delayVar].dims[2] = 1;
      }
    }
    if (!pd.storages.empty()) {
      const std::string &kind = pd.storages[0].name;
      pr.storage = kind == "dense" ? ir::Storage::Dense : kind == "procedural" ? ir::Storage::Procedural
                                                                               : ir::Storage::Sparse;
      pr.storageRange = pd.storages[0].range;
      pr.storageReason = "as requested";
    }
    m_.projections.push_back(std::move(pr));
    self->lets.clear();
    synapseBindings_.push_back(std::move(self));
    synapseBindings_.push_back(std::move(preB));
    synapseBindings_.push_back(std::move(postB));
  }
}

} // namespace bdl::sema
