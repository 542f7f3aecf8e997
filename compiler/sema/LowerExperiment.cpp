// SPDX-License-Identifier: Apache-2.0
//===- LowerExperiment.cpp - the experiment's schedule and recordings ------===//
//
// dt, seed and the run phases become the module's experiment; `record`
// statements become recordings. Statements take effect where they stand:
//     record spikes(E)          // from 0 s
//     run 1 s
//     set E.Ib = 0 mV           // applied by the executable at 1 s
//     stimulus E.I = step(...)  // from 1 s (its time function sees t)
//     record v of E[0:10]       // from 1 s
//     run 2 s
// A `set` before the first `run` is a default, as --set is. `trials N` and
// `sweep P.x in [...]` make a design of runs, each from the start (see
// runtime/src/Design.cpp).
#include "sema/Lowering.h"

#include "support/Casting.h"
#include "units/Unit.h"

#include <algorithm>
#include <cmath>

namespace bdl::sema {

using namespace ast;
using support::dynCast;

bool ModuleLowerer::lowerExperiment(const ExperimentDecl &exp) {
  ir::Experiment &x = m_.experiment;
  x.name = exp.name.name;
  LowerEnv env;
  env.network = m_.network;
  env.netParams = &netParams_;
  auto constant = [&](const Expr &e) { return ir::evaluateConstant(low_.expr(e, env)); };
  std::vector<ir::PhaseSet> pending; // sets since the last `run`
  const ExpStmt *afterLast = nullptr; // the first statement after the last `run` that needs one
  const TrainStmt *train = nullptr;
  std::vector<const ReadoutStmt *> readouts;
  for (const ExpStmtPtr &sp : exp.stmts) {
    bool needsRun = sp->kind == ExpStmtKind::Set || sp->kind == ExpStmtKind::ExpStimulus ||
                    sp->kind == ExpStmtKind::Record;
    if (sp->kind == ExpStmtKind::Run) afterLast = nullptr;
    else if (needsRun && !afterLast) afterLast = sp.get();
    if (auto *s = dynCast<SettingStmt>(sp.get())) {
      auto v = constant(*s->value);
      if (!v) {
        low_.unsupported(s->value->range, "a non-constant setting");
        continue;
      }
      if (s->name.name == "dt") x.dt = *v;
      if (s->name.name == "seed") x.seed = static_cast<std::uint64_t>(*v);
    } else if (auto *r = dynCast<RecordStmt>(sp.get())) {
      lowerRecord(*r, env);
    } else if (auto *st = dynCast<ExpStimulusStmt>(sp.get())) {
      // Before the first phase, a stimulus holds for the whole run; later,
      // from the start of the phase it precedes.
      lowerStimulus(st->target, st->add, *st->value, st->range, env, x.duration, x.dt);
    } else if (auto *set = dynCast<SetStmt>(sp.get())) {
      lowerSet(*set, env, x.duration == 0 ? nullptr : &pending);
    } else if (auto *run = dynCast<RunStmt>(sp.get())) {
      double d = constant(*run->duration).value_or(0);
      x.phases.push_back({x.duration, d, std::move(pending)});
      pending.clear();
      x.duration += d;
    } else if (auto *tr = dynCast<TrialsStmt>(sp.get())) {
      x.trials = static_cast<int>(constant(*tr->count).value_or(1));
    } else if (auto *sw = dynCast<SweepStmt>(sp.get())) {
      lowerSweep(*sw, env);
    } else if (auto *tr = dynCast<TrainStmt>(sp.get())) {
      train = tr;
    } else if (auto *ro = dynCast<ReadoutStmt>(sp.get())) {
      readouts.push_back(ro);
    }
  }
  if (train) lowerTraining(*train, exp, env);
  for (const ReadoutStmt *ro : readouts) lowerReadout(*ro, env);
  if (afterLast)
    cx_.report(diag::DiagId::W0713, afterLast->range.start(),
               {afterLast->kind == ExpStmtKind::Set        ? "set"
                : afterLast->kind == ExpStmtKind::Record   ? "record"
                                                           : "stimulus"});
  // Delays are whole steps; say so when a constant delay is not.
  for (const ir::Projection &pr : m_.projections) {
    if (pr.delayVar < 0 || pr.perSynapseDelay) continue;
    const ir::Var &v = m_.groups[pr.group].vars[pr.delayVar];
    auto d = ir::evaluateConstant(v.init);
    if (!d || x.dt <= 0) continue;
    double steps = std::round(*d / x.dt);
    if (std::fabs(*d / x.dt - steps) > 1e-6) {
      units::Dimension time = units::Dimension::base(units::BaseDim::Time);
      cx_.report(diag::DiagId::W0608, v.range,
                 {units::formatQuantity(*d, time), units::formatQuantity(x.dt, time),
                  units::formatQuantity(steps * x.dt, time)});
    }
  }
  return true;
}

// One recording per selection. The options become times and neurons:
//     record spikes(E[0:10]) with v from 1 s to 2 s
//     record v of E[0, 5, 17] every 1 ms
//     record rate(E) every 1 ms smooth gaussian(2 ms)
// A window starts no earlier than the phase the statement is written in.
void ModuleLowerer::lowerRecord(const RecordStmt &r, const LowerEnv &env) {
  ir::Experiment &x = m_.experiment;
  auto constant = [&](const Expr &e) { return ir::evaluateConstant(low_.expr(e, env)); };
  if (r.functionForm && r.function.name != "spikes" && r.function.name != "rate" && r.function.name != "events") {
    low_.unsupported(r.function.range, "recording '" + r.function.name + "'");
    return;
  }
  // Options shared by every selection.
  ir::Recording common;
  if (r.every) common.every = constant(*r.every).value_or(0);
  common.from = std::max(x.duration, r.from ? constant(*r.from).value_or(0) : 0.0);
  if (r.to) common.to = constant(*r.to).value_or(common.to);
  common.with = r.withRange;
  if (r.smooth) {
    common.smooth = r.smooth->callee.name == "flat" ? ir::Recording::Smooth::Flat : ir::Recording::Smooth::Gaussian;
    if (!r.smooth->args.empty()) common.smoothWidth = constant(*r.smooth->args[0].value).value_or(0);
  }
  for (const Selection &sel : r.selections) {
    auto it = popIndex_.find(sel.population.name);
    if (sel.projectionTarget && !r.functionForm && sel.indices.empty()) {
      // `record w of E -> I`: every synapse of the projection.
      std::string name = sel.population.name + "->" + sel.projectionTarget->name;
      int k = -1;
      for (std::size_t q = 0; q < m_.projections.size(); ++q)
        if (m_.groups[m_.projections[q].group].name == name) k = static_cast<int>(q);
      if (k < 0) {
        low_.unsupported(sel.range, "recording this projection");
        continue;
      }
      ir::Recording rec = common;
      rec.kind = ir::Recording::Kind::State;
      rec.projection = k;
      const ir::Group &g = m_.groups[m_.projections[k].group];
      for (const Ident &v : r.variables) rec.vars.push_back(g.find(v.name));
      x.recordings.push_back(std::move(rec));
      continue;
    }
    if (sel.projectionTarget || it == popIndex_.end()) {
      low_.unsupported(sel.range, "recording this selection");
      continue;
    }
    int event = -1;
    if (sel.event) {
      const auto &evs = m_.populations[it->second].events;
      for (std::size_t k = 0; k < evs.size(); ++k)
        if (evs[k].name == sel.event->name) event = static_cast<int>(k);
      if (event < 0) { // sema checked the name against the model
        low_.unsupported(sel.range, "recording this event");
        continue;
      }
    }
    ir::Recording rec = common;
    rec.population = it->second;
    const ir::Group &g = m_.groups[m_.populations[it->second].group];
    rec.end = g.size;
    selectNeurons(sel, rec, env);
    rec.kind = !r.functionForm                 ? ir::Recording::Kind::State
               : r.function.name == "rate"   ? ir::Recording::Kind::Rate
               : r.function.name == "events" ? ir::Recording::Kind::Events
                                             : ir::Recording::Kind::Spikes;
    rec.event = event;
    for (const Ident &v : r.functionForm ? r.withVars : r.variables) {
      int k = g.find(v.name);
      if (k < 0) k = recordDefinition(it->second, sel.population.name, v);
      if (k >= 0) rec.vars.push_back(k);
    }
    x.recordings.push_back(std::move(rec));
  }
}

/// The neurons of `E[...]`: one slice stays [begin, end); anything else is
/// listed, in the order written.
void ModuleLowerer::selectNeurons(const Selection &sel, ir::Recording &rec, const LowerEnv &env) {
  auto integer = [&](const ExprPtr &e) {
    return static_cast<std::int64_t>(std::floor(ir::evaluateConstant(low_.expr(*e, env)).value_or(0)));
  };
  if (sel.indices.size() == 1 && sel.indices[0].end && !sel.indices[0].step) {
    rec.begin = integer(sel.indices[0].first);
    rec.end = integer(sel.indices[0].end);
    return;
  }
  for (const SelectionIndex &item : sel.indices) {
    std::int64_t first = integer(item.first);
    if (!item.end) {
      rec.indices.push_back(first);
      continue;
    }
    std::int64_t end = integer(item.end), step = item.step ? std::max<std::int64_t>(1, integer(item.step)) : 1;
    for (std::int64_t k = first; k < end; k += step) rec.indices.push_back(k);
  }
}

std::optional<ir::VarRef> ModuleLowerer::paramTarget(const Target &t) {
  if (t.population.name.empty()) {
    auto it = netParams_.find(t.name.name);
    if (it == netParams_.end()) return std::nullopt;
    return ir::VarRef{ir::Space::Net, m_.network, it->second};
  }
  auto bit = bindings_.find(t.population.name);
  if (bit == bindings_.end() || !bit->second->model) return std::nullopt;
  return low_.var(*bit->second, t.name.name);
}

/// Whether `e` reads the variable `v` (of its group, in any space).
bool ModuleLowerer::refersTo(const ir::ExprRef &e, const ir::VarRef &v) {
  if (!e) return false;
  if (e->op == ir::Op::Var && e->var.group == v.group && e->var.var == v.var) return true;
  for (const ir::ExprRef &a : e->args)
    if (refersTo(a, v)) return true;
  return false;
}

void ModuleLowerer::lowerSet(const SetStmt &set, const LowerEnv &env, std::vector<ir::PhaseSet> *phase) {
  std::optional<ir::VarRef> target = paramTarget(set.target);
  auto value = ir::evaluateConstant(low_.expr(*set.value, env));
  if (!target || !value) {
    low_.unsupported(target ? set.value->range : set.target.range, target ? "a 'set' value that is not constant"
                                                                           : "'set' of this variable");
    return;
  }
  if (!phase) {
    // Before the first `run`: the value the run starts with, as --set.
    m_.groups[target->group].vars[target->var].init = ir::constant(*value);
    return;
  }
  // Synapses are built before the first phase: a later value of what they
  // were built from would change nothing.
  for (const ir::Projection &pr : m_.projections)
    for (const ir::Var &v : m_.groups[pr.group].vars)
      if (v.role == ir::Var::Role::Internal && !v.perEntity && v.init && refersTo(v.init, *target)) {
        cx_.report(diag::DiagId::E0714, set.target.range, {set.target.name.name, m_.groups[pr.group].name});
        low_.fail();
        return;
      }
  phase->push_back({target->group, target->var, *value});
}

void ModuleLowerer::lowerSweep(const SweepStmt &sw, const LowerEnv &env) {
  int first = static_cast<int>(m_.experiment.sweeps.size());
  lowerSweepItem(sw.target, *sw.values, env, -1);
  if (static_cast<int>(m_.experiment.sweeps.size()) == first) return;
  for (const SweepItem &z : sw.zipped) lowerSweepItem(z.target, *z.values, env, first);
}

void ModuleLowerer::lowerSweepItem(const Target &t, const Expr &values, const LowerEnv &env, int with) {
  std::optional<ir::VarRef> target = paramTarget(t);
  auto *list = dynCast<ListExpr>(&values);
  if (!target || !list) {
    low_.unsupported(target ? values.range : t.range,
                     target ? "'sweep' over values that are not a list" : "'sweep' of this variable");
    return;
  }
  ir::Sweep out{target->group, target->var, {}, with};
  for (const ExprPtr &e : list->elems) {
    auto v = ir::evaluateConstant(low_.expr(*e, env));
    if (!v) {
      low_.unsupported(e->range, "a 'sweep' value that is not constant");
      return;
    }
    out.values.push_back(*v);
  }
  m_.experiment.sweeps.push_back(std::move(out));
}

int ModuleLowerer::recordDefinition(int population, const std::string &popName, const Ident &name) {
  auto bit = bindings_.find(popName);
  if (bit == bindings_.end()) {
    low_.unsupported(name.range, "recording '" + name.name + "' here");
    return -1;
  }
  Binding *b = bit->second.get();
  std::string local = name.name, prefix;
  if (auto dot = name.name.find('.'); dot != std::string::npos) { // `na.m_inf`
    auto c = b->channels.find(name.name.substr(0, dot));
    if (c == b->channels.end()) {
      low_.unsupported(name.range, "recording '" + name.name + "'");
      return -1;
    }
    b = c->second.get();
    prefix = b->prefix;
    local = name.name.substr(dot + 1);
  }
  const Symbol *sym = b->model ? b->model->find(local) : nullptr;
  if (!sym || sym->kind != SymKind::Let) {
    low_.unsupported(name.range, "recording '" + name.name + "'");
    return -1;
  }
  Ident id = name;
  id.name = local;
  ir::ExprRef value = low_.valueOf(*b, id);
  ir::Group &g = m_.groups[m_.populations[population].group];
  ir::Var v = makeVar(*sym, prefix, ir::Var::Role::Internal);
  v.perEntity = true;
  v.init = value;
  int k = g.addVar(std::move(v));
  m_.populations[population].observe.push_back(ir::Stmt::assign({ir::Space::Self, b->group, k}, value));
  return k;
}

} // namespace bdl::sema
