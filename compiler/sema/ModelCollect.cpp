// SPDX-License-Identifier: Apache-2.0
//===- ModelCollect.cpp - declarations of neurons, channels and synapses ---===//
//
// A model's names are collected before any expression is checked, so a
// member may refer to one declared further down:
//   dv/dt = (El - v) / taum
//   param taum: ms = 20 ms
// Definitions (`let`) and parameters without a declared unit get their
// dimension on first use, which also finds cycles (`let a = b  let b = a`).
#include "sema/SemaContext.h"

#include "support/Casting.h"

namespace bdl::sema {

using namespace ast;
using diag::DiagId;
using support::dynCast;

namespace {

const char *builtinMeaning(const std::string &n) {
  if (n == "t") return "the simulation time";
  if (n == "dt") return "the time step";
  if (n == "pi") return "the constant pi";
  if (isNoiseName(n)) return "a white-noise term";
  return nullptr;
}

void declare(SemaContext &cx, ModelInfo &m, Symbol sym) {
  if (sym.name.empty()) return;
  if (const char *b = builtinMeaning(sym.name)) {
    reportRedefinition(cx, sym.name, sym.range, {}, std::string("built in: ") + b);
    return;
  }
  auto [it, inserted] = m.symbols.emplace(sym.name, sym);
  if (!inserted) reportRedefinition(cx, sym.name, sym.range, it->second.range, describe(it->second.kind));
}

} // namespace

ExprEnv envFor(ModelInfo &m) {
  ExprEnv env;
  env.model = &m;
  env.file = m.file;
  env.prePostAllowed = m.kind == ModelKind::Synapse;
  env.allowReduction = m.kind == ModelKind::Neuron;
  env.pre = m.boundPre;
  env.post = m.boundPost;
  env.networkParams = m.networkParams;
  return env;
}

void reportUnknownModel(SemaContext &cx, FileScope &scope, const Ident &name, const char *want) {
  std::vector<std::string> names;
  for (auto &[n, g] : scope.visible)
    if (g->kind == GlobalDecl::Kind::Model) names.push_back(n);
  auto b = cx.report(DiagId::E0203, name.range, {want, name.name});
  if (std::string s = closestName(name.name, names); !s.empty())
    b.help("did you mean '" + s + "'?").fixit(name.range, s);
}

ModelInfo *findModel(SemaContext &cx, FileScope &scope, const Ident &name, ModelKind want) {
  if (name.empty()) return nullptr;
  auto it = scope.visible.find(name.name);
  if (it == scope.visible.end()) {
    reportUnknownModel(cx, scope, name, spelling(want));
    return nullptr;
  }
  GlobalDecl *g = it->second;
  if (g->kind != GlobalDecl::Kind::Model || g->model->kind != want) {
    reportWrongKind(cx, name.range, name.name, g->what(), spelling(want), g->range);
    return nullptr;
  }
  collectModel(cx, *g->model);
  return g->model;
}

Symbol *lookupVariable(SemaContext &cx, ModelInfo &m, const Ident &name) {
  if (name.empty()) return nullptr;
  if (Symbol *s = m.find(name.name)) return s;
  if (m.poisoned) return nullptr;
  std::vector<std::string> names;
  for (auto &[n, s] : m.symbols) names.push_back(n);
  auto b = cx.report(DiagId::E0210, name.range, {spelling(m.kind), m.name, name.name});
  if (std::string s = closestName(name.name, names); !s.empty())
    b.help("did you mean '" + s + "'?").fixit(name.range, s);
  if (m.range.valid()) b.note(m.range, std::string(spelling(m.kind)) + " '" + m.name + "' declared here");
  return nullptr;
}

Symbol *lookupChannelMember(SemaContext &cx, ModelInfo &m, const Ident &base, const Ident &member,
                            ModelInfo **channelOut) {
  Symbol *inst = m.find(base.name);
  if (!inst || inst->kind != SymKind::Channel) {
    if (!m.poisoned) cx.report(DiagId::E0216, base.range, {base.name});
    return nullptr;
  }
  if (channelOut) *channelOut = inst->channel;
  return inst->channel ? lookupVariable(cx, *inst->channel, member) : nullptr;
}

const NameExpr *isMethodArg(const Arg &a) {
  return a.name.name == "method" ? dynCast<NameExpr>(a.value.get()) : nullptr;
}

bool isThresholdArg(ModelInfo &m, const Arg &a) {
  return a.name.name == "threshold" && !m.find("threshold") && m.hasSpike;
}

void checkOverrides(SemaContext &cx, ModelInfo &m, const std::vector<Arg> &args, const ExprEnv &env, bool alias) {
  std::set<std::string> seen;
  for (const Arg &a : args) {
    if (alias && ((isMethodArg(a) && !m.find("method")) || isThresholdArg(m, a))) continue;
    Value v = checkExpr(cx, *a.value, env);
    if (a.name.empty()) {
      reportArity(cx, a.range, m.name, "only named parameter overrides such as 'name = value'",
                  "a positional argument");
      continue;
    }
    if (!seen.insert(a.name.name).second) {
      reportGivenTwice(cx, a.name.range, a.name.name);
      continue;
    }
    Symbol *s = m.find(a.name.name);
    if (!s && m.poisoned) continue;
    if (!s || s->kind != SymKind::Param) {
      auto b = cx.report(DiagId::E0214, a.name.range, {spelling(m.kind), m.name, a.name.name});
      if (s && s->kind == SymKind::State)
        b.help("'" + a.name.name + "' is a state; set initial values in braces: { " + a.name.name + " = ... }");
      continue;
    }
    if (s->untypedVar) ensureLetChecked(cx, m, *s);
    if (!s->poison) checkDeclared(cx, v, s->dim, a.name.name, a.value->range, s->range, s->unitText);
  }
}

/// Marks `s` as being evaluated; false (after reporting E0404) when it
/// already is, which means its definition refers back to itself.
static bool beginDefinition(SemaContext &cx, Symbol &s) {
  if (s.letState == Symbol::LetState::InProgress) {
    auto it = std::find(cx.letStack.begin(), cx.letStack.end(), s.name);
    std::string chain;
    for (; it != cx.letStack.end(); ++it) chain += *it + " -> ";
    reportCycle(cx, s.range, chain + s.name);
    s.poison = true;
    s.letState = Symbol::LetState::Done;
    return false;
  }
  s.letState = Symbol::LetState::InProgress;
  cx.letStack.push_back(s.name);
  return true;
}

void ensureLetChecked(SemaContext &cx, ModelInfo &m, Symbol &s) {
  if (!s.let && !s.untypedVar) return;
  if (s.letState == Symbol::LetState::Done) return;
  if (!beginDefinition(cx, s)) return;
  ExprEnv env = envFor(m);
  env.allowRandom = s.untypedVar && (s.kind == SymKind::State || s.perEntity);
  const Expr *e = s.let ? s.let->value.get() : s.untypedVar->init.get();
  Value v = e ? checkExpr(cx, *e, env) : Value::number({});
  cx.letStack.pop_back();
  if (s.letState == Symbol::LetState::Done) return; // a cycle through this name was reported
  s.letState = Symbol::LetState::Done;
  if (v.isPoison() || !v.isNumber()) {
    s.poison = v.isPoison();
    if (!s.poison) checkDeclared(cx, v, s.dim, s.name, e->range, s.range); // a truth value
    s.poison = true;
    return;
  }
  s.dim = v.dim;
  s.value = v.constant;
  s.letDepends = v.dependsOn;
  if (s.let && s.let->unit) {
    auto u = evalUnit(cx, *s.let->unit, env);
    if (!u) {
      s.poison = true;
    } else if (!checkDeclared(cx, v, u->dim, s.name, e->range, s.range)) {
      s.dim = u->dim;
    }
  }
}

void ensureParamValue(SemaContext &cx, ModelInfo &m, Symbol &s) {
  if (!s.typedParam || s.letState == Symbol::LetState::Done) return;
  if (!beginDefinition(cx, s)) return;
  ExprEnv env = envFor(m);
  env.allowRandom = s.perEntity;
  const Expr &init = *s.typedParam->init;
  Value v = checkExpr(cx, init, env);
  cx.letStack.pop_back();
  if (s.letState == Symbol::LetState::Done) return; // a cycle through this name was reported
  s.letState = Symbol::LetState::Done;
  if (!s.poison && checkDeclared(cx, v, s.dim, s.name, init.range, s.range, s.unitText)) s.value = v.constant;
  if (!v.isPoison()) s.letDepends = v.dependsOn;
}

void collectModel(SemaContext &cx, ModelInfo &m) {
  if (m.phase != ModelInfo::Phase::New) return;
  m.phase = ModelInfo::Phase::Collecting;
  if (m.decl) {
    m.members = &m.decl->members;
    m.range = m.decl->name.range;
  }
  if (m.decl && m.decl->aliasOf) {
    m.poisoned = true;
    if (ModelInfo *base = findModel(cx, *m.file, *m.decl->aliasOf, m.kind)) {
      if (base->phase == ModelInfo::Phase::Collecting) {
        reportCycle(cx, m.decl->aliasOf->range, m.name + " -> " + base->name + " -> ... -> " + m.name);
      } else {
        m.aliasBase = base;
        m.poisoned = base->poisoned;
        m.symbols = base->symbols;
        m.hasSpike = base->hasSpike;
        m.hasRefractory = base->hasRefractory;
        m.events = base->events;
        m.members = base->members;
      }
    }
    m.phase = ModelInfo::Phase::Collected;
    return;
  }
  ExprEnv env = envFor(m);
  for (const MemberPtr &mp : *m.members) {
    const Member *mem = mp.get();
    Symbol s;
    auto typed = [&](const Ident &name, const std::unique_ptr<UnitNode> &unit, SymKind k) {
      s.kind = k;
      s.name = name.name;
      s.range = name.range;
      if (unit) {
        s.unitText = cx.text(unit->range);
        auto u = evalUnit(cx, *unit, env);
        if (u) s.dim = u->dim;
        else s.poison = true;
      }
    };
    if (auto *p = dynCast<ParamMember>(mem)) {
      typed(p->name, p->unit, SymKind::Param);
      for (const Flag &f : p->flags)
        s.perEntity |= f.kind == Flag::Kind::PerSynapse || f.kind == Flag::Kind::PerNeuron;
      if (!p->unit && p->init) s.untypedVar = p;
      if (p->unit && p->init) s.typedParam = p;
    } else if (auto *st = dynCast<StateMember>(mem)) {
      typed(st->name, st->unit, SymKind::State);
      if (!st->unit && st->init) s.untypedVar = st;
    } else if (auto *in = dynCast<InputMember>(mem)) {
      typed(in->name, in->unit, SymKind::Input);
    } else if (auto *l = dynCast<LetMember>(mem)) {
      typed(l->name, nullptr, SymKind::Let);
      s.let = l;
    } else if (auto *u = dynCast<UsesMember>(mem)) {
      typed(u->name, u->unit, SymKind::Uses);
    } else if (auto *c = dynCast<ChannelInstMember>(mem)) {
      s.kind = SymKind::Channel;
      s.name = c->name.name;
      s.range = c->name.range;
      if (m.kind == ModelKind::Neuron) s.channel = findModel(cx, *m.file, c->model, ModelKind::Channel);
      s.poison = !s.channel;
    } else if (auto *ev = dynCast<EventMember>(mem)) {
      // Events have their own namespace (`event v when ...` beside a state
      // `v` is fine), but two of one name could not be told apart.
      if (int k = m.findEvent(ev->name.name); k >= 0)
        reportRedefinition(cx, ev->name.name, ev->name.range, m.events[k].second, "event");
      else if (!ev->name.empty())
        m.events.push_back({ev->name.name, ev->name.range});
      continue;
    } else {
      m.hasSpike |= mem->kind == MemberKind::Spike;
      m.hasRefractory |= mem->kind == MemberKind::Refractory;
      continue;
    }
    declare(cx, m, std::move(s));
  }
  m.phase = ModelInfo::Phase::Collected;
}

} // namespace bdl::sema
