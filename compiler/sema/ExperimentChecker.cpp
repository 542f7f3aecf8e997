// SPDX-License-Identifier: Apache-2.0
//===- ExperimentChecker.cpp - settings, recorders and run phases ----------===//
//
//   experiment main of Coba {
//     dt = 0.1 ms   seed = 42
//     record v of E[0:10] every 1 ms
//     run 1 s
//   }
// Every phase is a time, recorded variables exist in the population's model,
// slices fit the population, and `set` changes only parameters. What the
// executable could not run is refused here rather than when it starts: a
// negative run, a recording interval that is not positive, a variable
// recorded twice, a dt too small for the run's steps to be counted.
#include "sema/SemaContext.h"

#include "support/Casting.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bdl::sema {

using namespace ast;
using diag::DiagId;
using support::cast;

namespace {

class ExperimentChecker {
public:
  ExperimentChecker(SemaContext &cx, FileScope &scope, const ExperimentDecl &e)
      : cx_(cx), scope_(scope), e_(e) {
    env_.file = &scope;
  }

  void run() {
    auto it = scope_.visible.find(e_.network.name);
    if (it == scope_.visible.end() || it->second->kind != GlobalDecl::Kind::Network) {
      if (e_.network.empty()) return;
      std::vector<std::string> nets;
      for (auto &[n, g] : scope_.visible)
        if (g->kind == GlobalDecl::Kind::Network) nets.push_back(n);
      auto b = cx_.report(DiagId::E0213, e_.network.range, {e_.network.name});
      if (std::string s = closestName(e_.network.name, nets); !s.empty())
        b.help("did you mean '" + s + "'?").fixit(e_.network.range, s);
      else if (it != scope_.visible.end())
        b.note(it->second->range, "'" + e_.network.name + "' is a " + it->second->what());
    } else {
      FileScope *netScope = &scope_;
      for (auto &fs : cx_.files)
        for (auto &n : fs->file->networks)
          if (n.get() == it->second->network) netScope = fs.get();
      net_ = &checkNetwork(cx_, *netScope, *it->second->network);
      env_.networkParams = &net_->params;
    }
    bool ran = false;
    for (const ExpStmtPtr &s : e_.stmts) {
      ran |= s->kind == ExpStmtKind::Run;
      stmt(*s);
    }
    if (!ran) cx_.report(DiagId::E0706, e_.name.range, {e_.name.name}).help("add 'run <duration>', e.g. 'run 1 s'");
    checkAgainstDt();
  }

private:
  void stmt(const ExpStmt &s) {
    switch (s.kind) {
    case ExpStmtKind::Setting: setting(*cast<SettingStmt>(&s)); break;
    case ExpStmtKind::Record: record(*cast<RecordStmt>(&s)); break;
    case ExpStmtKind::Run: {
      auto &r = *cast<RunStmt>(&s);
      Value d = checkExpr(cx_, *r.duration, env_);
      if (requireTime(cx_, d, "duration of 'run'", r.duration->range) &&
          requireNonNegative(cx_, d, "duration of 'run'", r.duration->range) && d.constant) {
        duration_ += *d.constant;
        if (!durationRange_.valid()) durationRange_ = r.duration->range;
      }
      break;
    }
    case ExpStmtKind::Set: {
      auto &st = *cast<SetStmt>(&s);
      Value v = checkExpr(cx_, *st.value, env_);
      if (st.target.population.name.empty()) {
        if (const Value *p = networkParameter(st.target)) requireDim(v, *p, st.target, st.value->range);
      } else if (Symbol *sym = parameter(st.target)) {
        checkDeclared(cx_, v, sym->dim, st.target.name.name, st.value->range, sym->range, sym->unitText);
      }
      break;
    }
    case ExpStmtKind::ExpStimulus: {
      auto &st = *cast<ExpStimulusStmt>(&s);
      if (net_) checkStimulusIn(cx_, *net_, st.target, *st.value, env_);
      break;
    }
    case ExpStmtKind::Trials: {
      auto &t = *cast<TrialsStmt>(&s);
      Value v = checkExpr(cx_, *t.count, env_);
      if (requireDimensionless(cx_, v, "number of trials", t.count->range) &&
          (!v.constant || *v.constant < 1 || std::floor(*v.constant) != *v.constant))
        reportExpectedDim(cx_, "number of trials", v, "positive integer constant", t.count->range);
      break;
    }
    case ExpStmtKind::Readout: checkReadout(cx_, net_, *cast<ReadoutStmt>(&s), env_); break;
    case ExpStmtKind::Train:
      if (sawTrain_) reportGivenTwice(cx_, s.range.start(), "'train'");
      sawTrain_ = true;
      checkTraining(cx_, net_, *cast<TrainStmt>(&s), env_);
      break;
    case ExpStmtKind::Sweep: {
      auto &sw = *cast<SweepStmt>(&s);
      sweepItem(sw.target, *sw.values);
      // Stepped together: one value of each per point.
      auto *first = support::dynCast<ListExpr>(sw.values.get());
      for (const SweepItem &z : sw.zipped) {
        sweepItem(z.target, *z.values);
        auto *list = support::dynCast<ListExpr>(z.values.get());
        if (first && list && list->elems.size() != first->elems.size())
          cx_.report(DiagId::E0722, z.values->range,
                     {targetText(z.target), std::to_string(list->elems.size()), targetText(sw.target),
                      std::to_string(first->elems.size())})
              .note(sw.values->range, "stepped with these");
      }
      break;
    }
    }
  }

  static std::string targetText(const Target &t) {
    return t.population.name.empty() ? t.name.name : t.population.name + "." + t.name.name;
  }

  void sweepItem(const Target &target, const Expr &values) {
    Value v = checkExpr(cx_, values, env_);
    if (target.population.name.empty()) {
      const Value *p = networkParameter(target);
      if (!p || v.isPoison()) return;
      if (v.kind != Value::Kind::List) reportExpectedDim(cx_, "values of 'sweep'", v, "list such as [0.5, 0.6]", values.range);
      else requireDim(v, *p, target, values.range);
      return;
    }
    Symbol *sym = parameter(target);
    if (!sym || v.isPoison()) return;
    if (v.kind != Value::Kind::List) reportExpectedDim(cx_, "values of 'sweep'", v, "list such as [10 mV, 20 mV]", values.range);
    else checkDeclared(cx_, v, sym->dim, target.name.name, values.range, sym->range);
  }

  void setting(const SettingStmt &s) {
    Value v = checkExpr(cx_, *s.value, env_);
    const std::string &n = s.name.name;
    if (n == "dt") {
      if (sawDt_) {
        cx_.report(DiagId::E0701, s.name.range, {e_.name.name});
        return;
      }
      sawDt_ = true;
      if (requireTime(cx_, v, "time step 'dt'", s.value->range) && v.constant) {
        if (*v.constant <= 0) cx_.report(DiagId::E0702, s.value->range, {cx_.text(s.value->range)});
        else dt_ = *v.constant, dtRange_ = s.value->range;
      }
    } else if (n == "seed") {
      bool ok = v.isNumber() && v.dim.isDimensionless() && v.constant && *v.constant >= 0 &&
                std::floor(*v.constant) == *v.constant && *v.constant < 1.8e19;
      if (!v.isPoison() && !ok)
        cx_.report(DiagId::E0708, s.value->range,
                   {v.constant && v.dim.isDimensionless() ? units::formatQuantity(*v.constant, {}) : describeValue(v)});
    } else {
      auto b = cx_.report(DiagId::E0707, s.name.range, {n});
      if (std::string c = closestName(n, {"dt", "seed"}); !c.empty()) b.help("did you mean '" + c + "'?").fixit(s.name.range, c);
      else b.note({}, "settings are 'dt' and 'seed'");
    }
  }

  /// `set we = ...`: the network's parameter, or E0217.
  const Value *networkParameter(const Target &t) {
    if (!net_) return nullptr;
    auto it = net_->params.find(t.name.name);
    if (it == net_->params.end()) {
      cx_.report(DiagId::E0217, t.name.range, {net_->name, t.name.name});
      return nullptr;
    }
    return it->second.isPoison() ? nullptr : &it->second;
  }

  /// The value (or each value of a list) has the parameter's dimension.
  void requireDim(const Value &v, const Value &param, const Target &t, SourceRange where) {
    checkDeclared(cx_, v, param.dim, t.name.name, where, t.name.range);
  }

  Symbol *parameter(const Target &t) {
    if (!net_) return nullptr;
    PopulationInfo *pop = nullptr;
    Symbol *sym = lookupTarget(cx_, *net_, net_->name, t, &pop);
    if (!sym) return nullptr;
    if (sym->kind != SymKind::Param) {
      cx_.report(DiagId::E0705, t.range, {t.population.name + "." + t.name.name, describe(sym->kind)})
          .note(sym->range, "'" + t.name.name + "' declared here");
      return nullptr;
    }
    return sym->poison ? nullptr : sym;
  }

  void record(const RecordStmt &r) {
    for (const auto &[word, at] : r.repeatedOptions) reportGivenTwice(cx_, at, word);
    if (r.every) {
      Value v = checkExpr(cx_, *r.every, env_);
      if (requireTime(cx_, v, "recording interval", r.every->range) && v.constant) {
        if (*v.constant <= 0) cx_.report(DiagId::E0709, r.every->range, {cx_.text(r.every->range)});
        else intervals_.push_back({*v.constant, r.every->range});
      }
    }
    claimFiles(r);
    bool spikes = r.functionForm && r.function.name == "spikes", rate = r.functionForm && r.function.name == "rate";
    bool events = r.functionForm && r.function.name == "events";
    if (r.functionForm && !spikes && !rate && !events) {
      reportCannotRecord(cx_, r.function.range, r.function.name + "(...)",
                         "only spikes(...), rate(...) and events(...) are recorded by name",
                         "record variables with 'record v of E'");
      return;
    }
    if (!r.withVars.empty() && !spikes) onlyFor(r.withRange, "with", "spikes(...)");
    if (r.smooth && !rate) onlyFor(r.smooth->range, "smooth", "rate(...)");
    window(r);
    if (r.smooth && rate) smoothing(*r.smooth);
    if (!net_) return;
    for (const Selection &sel : r.selections) {
      PopulationInfo *pop = lookupPopulation(cx_, *net_, net_->name, sel.population);
      if (!pop) continue;
      if (!eventSelection(r, sel, *pop, events)) continue;
      ModelInfo *model = pop->model;
      long long size = pop->size.value_or(-1);
      if (sel.projectionTarget) {
        PopulationInfo *tgt = lookupPopulation(cx_, *net_, net_->name, *sel.projectionTarget);
        if (!tgt) continue;
        auto it = net_->projections.find(sel.population.name + "->" + sel.projectionTarget->name);
        std::string what = sel.population.name + " -> " + sel.projectionTarget->name;
        if (it == net_->projections.end()) {
          reportCannotRecord(cx_, sel.range, what, "network '" + net_->name + "' has no such projection");
          continue;
        }
        if (r.functionForm) {
          reportCannotRecord(cx_, sel.range, what, r.function.name + "(...) records populations, not projections");
          continue;
        }
        // Two projections between the same populations share the name.
        std::size_t declared = 0;
        for (const auto &[key, syn] : net_->synapseOf)
          declared += key.first->source.name == sel.population.name &&
                      key.first->targets[key.second].name == sel.projectionTarget->name;
        if (declared > 1) {
          reportCannotRecord(cx_, sel.range, what,
                             std::to_string(declared) + " projections connect these populations, and a recording "
                                                        "cannot tell them apart",
                             "keep one projection between them (one synapse model may hold several 'on pre' "
                             "blocks), or record the neurons instead");
          continue;
        }
        if (!sel.indices.empty()) {
          reportCannotRecord(cx_, sel.range, what + "[...]", "a projection's synapses are recorded all together",
                             "record 'of " + what + "'");
          continue;
        }
        model = it->second;
        size = -1; // synapse counts are known only at run time
      }
      indices(sel, size);
      for (const Ident &v : spikes ? r.withVars : r.variables) {
        if (!model) { // a spike source, or a model reported already
          if (!pop->builtinKind.empty())
            reportCannotRecord(cx_, v.range, v.name, "'" + sel.population.name + "' is a spike source without variables");
          continue;
        }
        Symbol *sym = lookupRecorded(*model, v);
        if (sym && sym->kind == SymKind::Channel)
          reportCannotRecord(cx_, v.range, v.name, "it is a channel instance; record one of its variables");
      }
    }
  }

  /// `events(E.burst)` names an event of E's model (E0218); a named event
  /// anywhere else, or events(...) without one, is E0703. False when the
  /// selection is not checked further.
  bool eventSelection(const RecordStmt &r, const Selection &sel, PopulationInfo &pop, bool events) {
    std::string what = sel.population.name + (sel.event ? "." + sel.event->name : "");
    if (events && !sel.event) {
      reportCannotRecord(cx_, sel.range, "events(" + what + ")", "events(...) records a named event of a population",
                         "name the event, e.g. 'events(" + what + ".burst)'");
      return false;
    }
    if (!sel.event) return true;
    if (!events) {
      reportCannotRecord(cx_, sel.range, r.functionForm ? r.function.name + "(" + what + ")" : what,
                         "'" + sel.event->name + "' is an event; its times and neurons are recorded by events(...)",
                         "record 'events(" + what + ")'");
      return false;
    }
    if (pop.model || !pop.builtinKind.empty()) // else its model was not found: reported
      checkEventName(cx_, *sel.event, "population", sel.population.name, pop.model);
    return true;
  }

  /// The single site of E0715: `with` on rate(...), `smooth` on spikes(...).
  void onlyFor(SourceRange at, const std::string &option, const std::string &kind) {
    cx_.report(DiagId::E0715, at, {option, kind + " recordings"});
  }

  /// `from 2 s to 3 s`: constant times, not negative, and a window that
  /// holds at least a moment after the phase the statement starts in.
  void window(const RecordStmt &r) {
    auto time = [&](const ExprPtr &e, const char *what) -> std::optional<double> {
      if (!e) return std::nullopt;
      Value v = checkExpr(cx_, *e, env_);
      if (!requireTime(cx_, v, what, e->range) || !requireNonNegative(cx_, v, what, e->range)) return std::nullopt;
      if (!v.constant) {
        reportExpectedDim(cx_, what, v, "constant time", e->range);
        return std::nullopt;
      }
      return *v.constant;
    };
    auto from = time(r.from, "start of the recording window");
    auto to = time(r.to, "end of the recording window");
    double start = std::max(from.value_or(0.0), duration_);
    if (!to || *to > start) return;
    units::Dimension t = units::Dimension::base(units::BaseDim::Time);
    auto b = cx_.report(DiagId::E0716, r.to->range, {units::formatQuantity(start, t), units::formatQuantity(*to, t)});
    if (start > from.value_or(0.0)) b.note(r.range, "a 'record' after 'run' starts with the next phase, at " +
                                               units::formatQuantity(start, t));
  }

  /// `smooth gaussian(2 ms)` or `smooth flat(width = 5 ms)`: a positive time.
  void smoothing(const CallExpr &c) {
    auto args = checkSpecialCall(cx_, c, env_, "smoothing window");
    if (!args) return;
    const Value &w = args->at("width");
    if (w.constant) requirePositive(w, "smoothing width", c.args.empty() ? c.range : c.args.back().value->range);
  }

  /// The single site of E0719.
  bool requirePositive(const Value &v, const std::string &what, SourceRange r) {
    if (!v.constant || *v.constant > 0) return true;
    cx_.report(DiagId::E0719, r, {what, units::formatQuantity(*v.constant, v.dim)});
    return false;
  }

  /// Each recorded variable is written to one file per population or
  /// projection (E_v.npy, whatever the slice or interval), so recording it
  /// twice could only overwrite the first: `record v of E` twice. Spikes
  /// recorded twice give the same arrays, unless values at spikes, a window
  /// or a selection of neurons make them differ.
  void claimFiles(const RecordStmt &r) {
    bool spikes = r.functionForm && (r.function.name == "spikes" || r.function.name == "events");
    if (r.functionForm && !spikes && r.function.name != "rate") return;
    for (const Selection &sel : r.selections) {
      std::string of = sel.population.name + (sel.projectionTarget ? " -> " + sel.projectionTarget->name : "") +
                       (sel.event ? "." + sel.event->name : "");
      bool plain = r.withVars.empty() && !r.from && !r.to && sel.indices.empty();
      auto claim = [&](const std::string &what, SourceRange at, bool harmless) {
        auto [it, fresh] = recorded_.emplace(what, Claim{at, harmless});
        if (!fresh && !(harmless && it->second.harmless))
          cx_.report(DiagId::E0710, at, {what}).note(it->second.at, "first recorded here");
      };
      if (r.functionForm) claim(r.function.name + "(" + of + ")", sel.range, spikes && plain);
      for (const Ident &v : r.variables)
        if (!r.functionForm) claim(v.name + " of " + of, v.range, false);
    }
  }

  /// Intervals are whole steps (the executable rounds them, at least one
  /// step), and the number of steps must fit: both need the final dt.
  void checkAgainstDt() {
    if (sawDt_ && !dtRange_.valid()) return; // dt is wrong or not constant: said already
    units::Dimension time = units::Dimension::base(units::BaseDim::Time);
    for (auto &[every, range] : intervals_) {
      double steps = std::max(1.0, static_cast<double>(std::llround(every / dt_)));
      if (std::fabs(every / dt_ - std::round(every / dt_)) > 1e-6 || every < dt_)
        cx_.report(DiagId::W0711, range,
                   {units::formatQuantity(every, time), units::formatQuantity(dt_, time),
                    units::formatQuantity(steps * dt_, time)});
    }
    if (duration_ / dt_ > 9e15) {
      char steps[32];
      std::snprintf(steps, sizeof steps, "%.3g", duration_ / dt_);
      cx_.report(DiagId::E0712, dtRange_.valid() ? dtRange_ : durationRange_,
                 {units::formatQuantity(dt_, time), units::formatQuantity(duration_, time), steps});
    }
  }

  /// `v`, or `na.m`: a variable of the channel instance `na`.
  Symbol *lookupRecorded(ModelInfo &model, const Ident &v) {
    std::size_t dot = v.name.find('.');
    if (dot == std::string::npos) return lookupVariable(cx_, model, v);
    Ident base{v.name.substr(0, dot), {v.range.file, v.range.begin, v.range.begin + static_cast<std::uint32_t>(dot)}};
    Ident member{v.name.substr(dot + 1), {v.range.file, base.range.end + 1, v.range.end}};
    return lookupChannelMember(cx_, model, base, member);
  }

  /// `E[0:10]`, `E[0:100:10]`, `E[0, 5, 17]`: bounds and indices in range
  /// (E0704, E0717), steps positive (E0719), no neuron twice (E0718).
  void indices(const Selection &sel, long long size) {
    std::vector<char> taken(size > 0 && size <= (1LL << 26) ? static_cast<std::size_t>(size) : 0);
    auto number = [&](const ExprPtr &x, const char *what) -> std::optional<long long> {
      Value v = checkExpr(cx_, *x, env_);
      if (!requireDimensionless(cx_, v, what, x->range) || !v.constant) return std::nullopt;
      return static_cast<long long>(std::floor(*v.constant));
    };
    for (const SelectionIndex &item : sel.indices) {
      auto first = number(item.first, item.end ? "slice bound" : "neuron index");
      if (!item.end) {
        if (!first) continue;
        if (*first < 0 || (size >= 0 && *first >= size)) {
          cx_.report(DiagId::E0717, item.range, {std::to_string(*first), sel.population.name,
                                                 size >= 0 ? std::to_string(size) : "unknown"});
          continue;
        }
        take(taken, *first, item.range, sel.population.name);
        continue;
      }
      auto end = number(item.end, "slice bound");
      std::optional<long long> step = 1;
      if (item.step) {
        Value v = checkExpr(cx_, *item.step, env_);
        step = std::nullopt;
        if (requireDimensionless(cx_, v, "slice step", item.step->range) && v.constant &&
            requirePositive(v, "slice step", item.step->range))
          step = static_cast<long long>(std::floor(*v.constant));
      }
      if (!first || !end || !step) continue;
      if (*first < 0 || *end <= *first || (size >= 0 && *end > size)) {
        cx_.report(DiagId::E0704, item.range, {std::to_string(*first), std::to_string(*end), sel.population.name,
                                               size >= 0 ? std::to_string(size) : "unknown"});
        continue;
      }
      for (long long k = *first; k < *end; k += std::max(1LL, *step))
        if (!take(taken, k, item.range, sel.population.name)) break;
    }
  }

  /// Marks neuron k taken; the single site of E0718 when it was already.
  bool take(std::vector<char> &taken, long long k, SourceRange at, const std::string &pop) {
    auto at_k = static_cast<std::size_t>(k);
    if (at_k >= taken.size() || !taken[at_k]) {
      if (at_k < taken.size()) taken[at_k] = 1;
      return true;
    }
    cx_.report(DiagId::E0718, at, {std::to_string(k), pop});
    return false;
  }

  SemaContext &cx_;
  FileScope &scope_;
  const ExperimentDecl &e_;
  ExprEnv env_;
  NetworkInfo *net_ = nullptr;
  bool sawDt_ = false;
  bool sawTrain_ = false;
  double dt_ = 1e-4; ///< the default when 'dt' is not set (ir::Experiment)
  SourceRange dtRange_, durationRange_;
  double duration_ = 0;
  std::vector<std::pair<double, SourceRange>> intervals_;
  struct Claim {
    SourceRange at;
    bool harmless; ///< plain spikes, which may be recorded again
  };
  std::map<std::string, Claim> recorded_;
};

} // namespace

void checkExperiment(SemaContext &cx, FileScope &scope, const ExperimentDecl &e) {
  ExperimentChecker(cx, scope, e).run();
}

} // namespace bdl::sema
