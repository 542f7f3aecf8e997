// SPDX-License-Identifier: Apache-2.0
//===- NetworkChecker.cpp - populations, projections and stimuli -----------===//
//
// A network's checks need the neuron and synapse models: a projection's
// `on pre { post.ge += w }` is checked once per target population, with
// `post.` bound to that population's neuron model.
#include "sema/SemaContext.h"

#include "support/Casting.h"

#include <cmath>

namespace bdl::sema {

using namespace ast;
using diag::DiagId;
using support::dynCast;

void reportSpikeTimesLengths(SemaContext &cx, SourceRange times, std::size_t nTimes, SourceRange indices,
                             std::size_t nIndices) {
  cx.report(DiagId::E0422, indices, {std::to_string(nTimes), std::to_string(nIndices)})
      .note(times, "'times' given here");
}

namespace {

std::string formatCount(const Value &v) {
  if (v.isNumber() && v.dim.isDimensionless() && v.constant) return units::formatQuantity(*v.constant, {});
  if (v.isNumber() && v.dim.isDimensionless()) return "not a constant";
  return describeValue(v);
}

ExprEnv networkEnv(FileScope &scope, NetworkInfo &info) {
  ExprEnv env;
  env.file = &scope;
  env.networkParams = &info.params;
  return env;
}

void checkInits(SemaContext &cx, ModelInfo &m, const std::vector<Init> &inits, const ExprEnv &env) {
  ExprEnv e = env;
  e.allowRandom = true;
  e.allowIndices = true;
  std::set<std::string> seen;
  for (const Init &in : inits) {
    Value v = checkExpr(cx, *in.value, e);
    if (!seen.insert(in.name.name).second) {
      reportGivenTwice(cx, in.name.range, in.name.name);
      continue;
    }
    Symbol *s = lookupVariable(cx, m, in.name);
    if (!s) continue;
    if (s->untypedVar) ensureLetChecked(cx, m, *s);
    if (s->kind != SymKind::State && s->kind != SymKind::Param) {
      reportNotAssignable(cx, in.name.range, in.name.name, s->kind, s->range);
      continue;
    }
    if (!s->poison) checkDeclared(cx, v, s->dim, in.name.name, in.value->range, s->range, s->unitText);
  }
}

void checkProjection(SemaContext &cx, FileScope &scope, NetworkInfo &net, const ProjectionDecl &p) {
  ExprEnv env = networkEnv(scope, net);
  PopulationInfo *src = lookupPopulation(cx, net, net.name, p.source);
  std::vector<PopulationInfo *> tgts;
  for (const Ident &t : p.targets) tgts.push_back(lookupPopulation(cx, net, net.name, t));
  std::string label = p.source.name + " -> ";
  for (std::size_t i = 0; i < p.targets.size(); ++i) label += (i ? ", " : "") + p.targets[i].name;

  ModelInfo *syn = nullptr;
  if (p.model) {
    syn = findModel(cx, scope, *p.model, ModelKind::Synapse);
  } else if (p.hasInlineBody) {
    auto m = std::make_unique<ModelInfo>();
    m->kind = ModelKind::Synapse;
    m->name = label;
    m->members = &p.inlineBody;
    m->file = &scope;
    m->range = p.range.start();
    m->networkParams = &net.params;
    syn = m.get();
    cx.inlineModels.push_back(std::move(m));
    collectModel(cx, *syn);
  } else {
    cx.report(DiagId::E0603, p.range.start(), {label})
        .help("add '{ on pre { post.<variable> += <weight> } }' or ': <SynapseModel>'");
  }
  ModelInfo *preModel = src ? src->model : nullptr;
  if (syn && src && !preModel && !src->builtinKind.empty()) {
    // A poisson or spike_times source has spikes only.
    ModelInfo &body = syn->aliasBase ? *syn->aliasBase : *syn;
    for (const MemberPtr &mp : *body.members)
      if (auto *o = dynCast<OnMember>(mp.get()); o && !o->event.empty())
        checkEventName(cx, o->event, "population", p.source.name, nullptr);
  }
  if (syn) {
    for (std::size_t i = 0; i < tgts.size(); ++i) {
      if (!tgts[i]) continue;
      checkSynapseBody(cx, *syn, preModel, tgts[i]->model, p.targets[i].range,
                       p.source.name + " -> " + p.targets[i].name);
      net.projections[p.source.name + "->" + p.targets[i].name] = syn;
      net.synapseOf[{&p, i}] = syn;
    }
    checkOverrides(cx, *syn, p.args, env);
    ExprEnv initEnv = env;
    initEnv.prePostAllowed = true;
    initEnv.pre = preModel;
    initEnv.post = tgts.empty() || !tgts[0] ? nullptr : tgts[0]->model;
    checkInits(cx, *syn, p.inits, initEnv);
  }

  ExprEnv ruleEnv = env;
  ruleEnv.allowIndices = true;
  ruleEnv.prePostAllowed = true;
  ruleEnv.pre = preModel;
  ruleEnv.post = tgts.empty() || !tgts[0] ? nullptr : tgts[0]->model;
  auto twice = [&](std::size_t n, const char *what, SourceRange r) {
    if (n > 1) cx.report(DiagId::E0607, r, {what});
  };
  if (p.connects.size() > 1) twice(p.connects.size(), "connect", p.connects[1].range.start());
  if (p.delays.size() > 1) twice(p.delays.size(), "delay", p.delays[1]->range);
  if (p.storages.size() > 1) twice(p.storages.size(), "storage", p.storages[1].range);

  for (const ConnectClause &c : p.connects) {
    if (c.where) requireBool(cx, checkExpr(cx, *c.where, ruleEnv), "'where' condition", c.where->range);
    auto args = checkSpecialCall(cx, *c.rule, ruleEnv, "connection rule");
    if (!args) continue;
    const std::string &rule = c.rule->callee.name;
    auto arg = [&](const char *n) -> const Value * {
      auto it = args->find(n);
      return it == args->end() ? nullptr : &it->second;
    };
    if (rule == "probability") {
      const Value *pv = arg("p");
      if (pv && pv->constant && (*pv->constant < 0 || *pv->constant > 1))
        cx.report(DiagId::E0602, c.rule->args[0].value->range, {units::formatQuantity(*pv->constant, {})});
    }
    auto degree = [&](const char *argName, const char *what, PopulationInfo *pop, const char *side) {
      const Value *k = arg(argName);
      if (!k || !k->constant || !pop || !pop->size) return;
      if (*k->constant > static_cast<double>(*pop->size))
        cx.report(DiagId::E0604, c.rule->range,
                  {what, units::formatQuantity(*k->constant, {}) + " (" + label + ")", side,
                   std::to_string(*pop->size)});
    };
    if (rule == "fixed_indegree") degree("k", "in-degree", src, "source");
    if (rule == "fixed_outdegree")
      for (PopulationInfo *t : tgts) degree("k", "out-degree", t, "target");
    if (rule == "one_to_one" && src && src->size)
      for (std::size_t i = 0; i < tgts.size(); ++i)
        if (tgts[i] && tgts[i]->size && *tgts[i]->size != *src->size)
          cx.report(DiagId::E0605, c.rule->range,
                    {src->name, std::to_string(*src->size), tgts[i]->name, std::to_string(*tgts[i]->size)});
  }
  for (const ExprPtr &d : p.delays) {
    ExprEnv e = ruleEnv;
    e.allowRandom = true;
    Value v = checkExpr(cx, *d, e);
    if (requireTime(cx, v, "synaptic delay", d->range)) requireNonNegative(cx, v, "synaptic delay", d->range);
  }
  for (const Ident &s : p.storages)
    if (s.name != "dense" && s.name != "sparse" && s.name != "procedural")
      cx.report(DiagId::E0606, s.range, {s.name});
}

/// `G = spike_times[N](times = [1 ms, 5 ms], indices = [0, 2])`: neuron
/// indices[k] spikes at times[k]; without `indices`, every neuron spikes at
/// every time.
void checkSpikeTimes(SemaContext &cx, const PopulationDecl &p, const PopulationInfo &info, const ExprEnv &env) {
  const ListExpr *times = nullptr, *indices = nullptr;
  std::size_t pos = 0;
  for (const Arg &a : p.args) {
    std::string name = a.name.empty() ? (pos == 0 ? "times" : pos == 1 ? "indices" : "") : a.name.name;
    ++pos;
    ExprEnv argEnv = env;
    argEnv.allowArrays = true; // `npy("t.npy") * 1 ms`: the whole array
    Value v = checkExpr(cx, *a.value, argEnv);
    if (name != "times" && name != "indices") {
      if (!a.name.empty()) reportUnknownArgument(cx, a.name, "spike_times", {"times", "indices"});
      else reportArity(cx, a.range, "spike_times", "1 to 2 arguments", std::to_string(p.args.size()));
      continue;
    }
    if (v.isPoison()) continue;
    bool isTimes = name == "times";
    auto *list = dynCast<ListExpr>(a.value.get());
    Dimension want = isTimes ? Dimension::base(units::BaseDim::Time) : Dimension();
    if (!list && v.isNumber() && v.dim == want) continue; // a file, read when lowered
    if (!list || v.kind != Value::Kind::List || (v.dim != want && !list->elems.empty())) {
      reportExpectedDim(cx, std::string("'") + name + "' of 'spike_times'", v,
                        isTimes ? "list of times or npy(...) times a unit" : "list of neuron indices or npy(...)",
                        a.value->range);
      continue;
    }
    (isTimes ? times : indices) = list;
    if (isTimes || !info.size) continue;
    for (const ExprPtr &e : list->elems) {
      Value k = checkExpr(cx, *e, env);
      if (!k.constant) continue;
      if (*k.constant < 0 || *k.constant >= *info.size || std::floor(*k.constant) != *k.constant)
        cx.report(DiagId::E0423, e->range, {cx.text(e->range), info.name, std::to_string(*info.size)});
    }
  }
  if (times && indices && times->elems.size() != indices->elems.size())
    reportSpikeTimesLengths(cx, times->range, times->elems.size(), indices->range, indices->elems.size());
}

void checkPopulation(SemaContext &cx, FileScope &scope, NetworkInfo &net, const PopulationDecl &p) {
  ExprEnv env = networkEnv(scope, net);
  PopulationInfo info;
  info.name = p.name.name;
  info.range = p.name.range;
  Value size = checkExpr(cx, *p.size, env);
  if (!size.isPoison()) {
    bool ok = size.isNumber() && size.dim.isDimensionless() && size.constant && *size.constant >= 1 &&
              std::floor(*size.constant) == *size.constant && *size.constant < 1e12;
    if (ok) info.size = static_cast<long long>(*size.constant);
    else cx.report(DiagId::E0413, p.size->range, {formatCount(size)});
  }
  if (p.model.name == "poisson" || p.model.name == "spike_times") {
    // Built-in sources: `P = poisson[100](rate = 5 Hz)`.
    info.builtinKind = p.model.name;
    if (p.model.name == "spike_times") checkSpikeTimes(cx, p, info, env);
    if (p.model.name == "poisson") {
      for (const Arg &a : p.args) {
        Value v = checkExpr(cx, *a.value, env);
        if (!a.name.empty() && a.name.name != "rate") {
          reportUnknownArgument(cx, a.name, "poisson", {"rate"});
        } else if (!v.isPoison() && (!v.isNumber() || v.dim != Dimension::base(units::BaseDim::Time).inverse())) {
          reportExpectedDim(cx, "rate of 'poisson'", v, "frequency", a.value->range);
        }
      }
    }
  } else if (!p.model.empty()) {
    auto it = scope.visible.find(p.model.name);
    if (it == scope.visible.end()) {
      reportUnknownModel(cx, scope, p.model, "neuron");
    } else if (it->second->kind != GlobalDecl::Kind::Model || it->second->model->kind != ModelKind::Neuron) {
      cx.report(DiagId::E0421, p.model.range, {p.model.name, it->second->what()})
          .note(it->second->range, "'" + p.model.name + "' declared here");
    } else {
      info.model = it->second->model;
      collectModel(cx, *info.model);
      checkOverrides(cx, *info.model, p.args, env);
      checkInits(cx, *info.model, p.inits, env);
    }
  }
  if (p.layout) checkSpecialCall(cx, *p.layout, env, "layout");
  if (info.name.empty()) return;
  auto prev = net.populations.find(info.name);
  if (prev != net.populations.end()) {
    reportRedefinition(cx, info.name, info.range, prev->second.range, "a population");
    return;
  }
  if (auto pit = net.params.find(info.name); pit != net.params.end())
    reportRedefinition(cx, info.name, info.range, {}, "a parameter of network '" + net.name + "'");
  net.populations.emplace(info.name, info);
}

} // namespace

PopulationInfo *lookupPopulation(SemaContext &cx, NetworkInfo &net, const std::string &netName,
                                 const Ident &name) {
  if (name.empty()) return nullptr;
  auto it = net.populations.find(name.name);
  if (it != net.populations.end()) return &it->second;
  std::vector<std::string> names;
  for (auto &[n, p] : net.populations) names.push_back(n);
  auto b = cx.report(DiagId::E0209, name.range, {name.name, netName});
  if (std::string s = closestName(name.name, names); !s.empty())
    b.help("did you mean '" + s + "'?").fixit(name.range, s);
  return nullptr;
}

Symbol *lookupTarget(SemaContext &cx, NetworkInfo &net, const std::string &netName, const Target &t,
                     PopulationInfo **popOut) {
  PopulationInfo *pop = lookupPopulation(cx, net, netName, t.population);
  if (popOut) *popOut = pop;
  if (!pop || !pop->model) return nullptr;
  Symbol *s = lookupVariable(cx, *pop->model, t.name);
  if (s && s->untypedVar) ensureLetChecked(cx, *pop->model, *s);
  return s;
}

void checkStimulusIn(SemaContext &cx, NetworkInfo &net, const Target &t, const Expr &value, const ExprEnv &env) {
  PopulationInfo *pop = nullptr;
  Symbol *sym = lookupTarget(cx, net, net.name, t, &pop);
  Value v;
  auto *call = dynCast<CallExpr>(&value);
  if (call && !visibleTable(env, call->callee.name)) {
    auto args = checkSpecialCall(cx, *call, env, "stimulus");
    if (!args) return;
    v = (*args)[""];
    if (call->callee.name == "poisson") return; // spikes into the target, checked by weight
  } else {
    v = checkExpr(cx, value, env);
  }
  if (sym) checkAssignable(cx, v, *sym, t.population.name + "." + t.name.name, value.range, t.range);
}


NetworkInfo &checkNetwork(SemaContext &cx, FileScope &scope, const NetworkDecl &n) {
  auto &slot = cx.networks[&n];
  if (slot) return *slot;
  slot = std::make_unique<NetworkInfo>();
  NetworkInfo &info = *slot;
  info.name = n.name.name;
  ExprEnv env = networkEnv(scope, info);
  for (const auto &p : n.params) {
    Value v = p->init ? checkExpr(cx, *p->init, env) : Value::number({});
    if (p->unit) {
      auto u = evalUnit(cx, *p->unit, env);
      if (!u) v = Value::poison();
      else if (!checkDeclared(cx, v, u->dim, p->name.name, p->init ? p->init->range : p->range, p->name.range,
                                 cx.text(p->unit->range)))
        v = Value::poison();
    }
    if (!v.isPoison() && !v.dependsOn.empty())
      reportNonConstant(cx, p->init->range, p->name.name, v.dependsOn);
    for (const Flag &f : p->flags) reportBadFlag(cx, f, "no flags on network parameters");
    if (!info.params.emplace(p->name.name, v).second)
      reportRedefinition(cx, p->name.name, p->name.range, {}, "a parameter of network '" + info.name + "'");
  }
  for (const auto &m : n.members)
    if (auto *p = dynCast<PopulationDecl>(m.get())) checkPopulation(cx, scope, info, *p);
  for (const auto &m : n.members) {
    if (auto *p = dynCast<ProjectionDecl>(m.get())) checkProjection(cx, scope, info, *p);
    else if (auto *s = dynCast<NetStimulusDecl>(m.get())) checkStimulusIn(cx, info, s->target, *s->value, env);
  }
  return info;
}

} // namespace bdl::sema
