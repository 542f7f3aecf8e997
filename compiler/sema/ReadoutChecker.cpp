// SPDX-License-Identifier: Apache-2.0
//===- ReadoutChecker.cpp - `readout y = ridge(...)`: checked and lowered ---===//
//
//   readout y = ridge(R.x, target = npy("y.npy"), alpha = 1e-6,
//                     washout = 100 ms, train = 2 s)
// A linear readout of a population's state, fitted after the run by ridge
// regression (an echo-state network's readout): the state exists, alpha is a
// non-negative number, washout and train are times with washout < train.
// Lowered to a recording of the state at every step and a Readout the
// executable fits (runtime/src/train/Readout.cpp); the target has one row
// per step.
#include "sema/Lowering.h"

#include "support/Casting.h"

#include <algorithm>
#include <cmath>

namespace bdl::sema {

using namespace ast;
using diag::DiagId;
using support::dynCast;

namespace {

const char *kForm = "ridge(R.x, target = npy(\"y.npy\"), alpha = 1e-6, washout = 100 ms, train = 2 s) or "
                    "force(R.r, target = npy(\"f.npy\"), feedback = R.z, alpha = 1, interval = 2 ms, train = 10 s)";

const CallExpr *ridgeCall(const Expr &e) {
  auto *c = dynCast<CallExpr>(&e);
  if (!c || (c->callee.name != "ridge" && c->callee.name != "force") || c->args.empty() || !c->args[0].name.empty() ||
      !dynCast<MemberExpr>(c->args[0].value.get()))
    return nullptr;
  return c;
}

} // namespace

void checkReadout(SemaContext &cx, const NetworkInfo *net, const ReadoutStmt &r, const ExprEnv &env) {
  const CallExpr *c = ridgeCall(*r.value);
  if (!c) {
    reportTrainForm(cx, r.value->range, {"a readout", kForm});
    return;
  }
  auto *m = dynCast<MemberExpr>(c->args[0].value.get());
  if (net) {
    auto it = net->populations.find(m->base.name);
    if (it == net->populations.end() || !it->second.model) {
      reportNotTrainable(cx, m->base.range, {m->base.name + "." + m->name.name, "no population of the network has that state"});
    } else if (Symbol *sym = it->second.model->find(m->name.name);
               !sym || (sym->kind != SymKind::State && sym->kind != SymKind::Let)) {
      reportNotTrainable(cx, m->name.range,
                         {m->base.name + "." + m->name.name, "a readout reads a state or a definition of the population"});
    }
  }
  bool force = c->callee.name == "force", feedback = false;
  bool target = false;
  std::optional<double> washout, train;
  for (std::size_t k = 1; k < c->args.size(); ++k) {
    const Arg &a = c->args[k];
    const std::string &n = a.name.name;
    if (n == "target") {
      if (!isNpyPath(*a.value)) reportTrainForm(cx, a.value->range, {"the target", "npy(\"file.npy\")"});
      target = true;
      continue;
    }
    if (n == "feedback" && force) {
      // A shared parameter of a population, which the output replaces each step.
      auto *fb = dynCast<MemberExpr>(a.value.get());
      auto it = fb && net ? net->populations.find(fb->base.name) : decltype(net->populations.end()){};
      Symbol *sym = fb && net && it != net->populations.end() && it->second.model ? it->second.model->find(fb->name.name) : nullptr;
      if (net && (!sym || sym->kind != SymKind::Param || sym->perEntity || !sym->dim.isDimensionless()))
        reportNotTrainable(cx, a.value->range,
                           {cx.text(a.value->range), "the feedback is a dimensionless parameter of a population, one value for all its neurons"});
      feedback = true;
      continue;
    }
    std::vector<std::string> known = force ? std::vector<std::string>{"target", "feedback", "alpha", "interval", "train"}
                                           : std::vector<std::string>{"target", "alpha", "washout", "train"};
    if (std::find(known.begin(), known.end(), n) == known.end()) {
      if (a.name.empty()) reportTrainForm(cx, a.range, {"the readout's arguments after the state", "named, as alpha = 1e-6"});
      else reportUnknownArgument(cx, a.name, c->callee.name, known);
      continue;
    }
    Value v = checkExpr(cx, *a.value, env);
    if (v.isPoison()) continue;
    if (n == "alpha") {
      if (requireDimensionless(cx, v, "'alpha'", a.value->range) && (!v.constant || *v.constant < 0 || (force && *v.constant == 0)))
        reportExpectedDim(cx, "'alpha'", v, force ? "positive constant" : "non-negative constant", a.value->range);
    } else if (requireTime(cx, v, "'" + n + "'", a.value->range) && requireNonNegative(cx, v, "'" + n + "'", a.value->range)) {
      (n == "washout" ? washout : train) = v.constant;
    }
  }
  if (!target) reportTrainForm(cx, r.value->range, {"a readout without 'target'", kForm});
  if (force && !feedback) reportTrainForm(cx, r.value->range, {"a FORCE readout without 'feedback'", kForm});
  if (washout && train && *train <= *washout)
    reportExpectedDim(cx, "'train'", Value::number(units::Dimension::base(units::BaseDim::Time), train),
                      "time after the washout", r.value->range);
}

void ModuleLowerer::lowerReadout(const ReadoutStmt &r, const LowerEnv &env) {
  const CallExpr *c = ridgeCall(*r.value);
  if (!c) return;
  auto *m = dynCast<MemberExpr>(c->args[0].value.get());
  auto pit = popIndex_.find(m->base.name);
  auto bit = bindings_.find(m->base.name);
  if (pit == popIndex_.end() || bit == bindings_.end()) return;
  std::optional<ir::VarRef> var = low_.var(*bit->second, m->name.name);
  if (!var) {
    int v = recordDefinition(pit->second, m->base.name, m->name); // a definition, stored after each update
    if (v < 0) return;
    var = ir::VarRef{ir::Space::Self, m_.populations[pit->second].group, v};
  }
  ir::Experiment &x = m_.experiment;
  ir::Readout out;
  out.kind = c->callee.name == "force" ? ir::Readout::Kind::Force : ir::Readout::Kind::Ridge;
  out.population = pit->second;
  out.var = var->var;
  out.name = r.name.name;
  out.range = r.range;
  out.train = x.duration;
  std::int64_t steps = x.dt > 0 ? std::llround(x.duration / x.dt) : 0;
  for (std::size_t k = 1; k < c->args.size(); ++k) {
    const Arg &a = c->args[k];
    if (a.name.name == "target") {
      auto *f = dynCast<CallExpr>(a.value.get());
      if (!f || f->args.size() != 1) continue;
      auto id = low_.npyFile(*f->args[0].value, "the readout's target", [&](const std::vector<std::int64_t> &shape) {
        bool force = out.kind == ir::Readout::Kind::Force;
        if (!shape.empty() && shape.size() <= (force ? 1u : 2u) && shape[0] == steps) return std::string();
        return "(" + std::to_string(steps) + ",)" + (force ? std::string() : " or (" + std::to_string(steps) + ", outputs)") +
               ": a row per step";
      });
      if (id) out.targetArray = *id;
      continue;
    }
    if (a.name.name == "feedback") {
      auto *fb = dynCast<MemberExpr>(a.value.get());
      auto fit = fb ? bindings_.find(fb->base.name) : bindings_.end();
      std::optional<ir::VarRef> f = fit == bindings_.end() ? std::nullopt : low_.var(*fit->second, fb->name.name);
      if (!f) continue;
      out.feedbackGroup = f->group;
      out.feedbackVar = f->var;
      // Changed during the run: no integrator or fold may take it as constant.
      m_.groups[f->group].vars[f->var].driven = true;
      continue;
    }
    double v = ir::evaluateConstant(low_.expr(*a.value, env)).value_or(0);
    if (a.name.name == "interval") out.every = v;
    if (a.name.name == "alpha") out.alpha = v;
    if (a.name.name == "washout") out.washout = v;
    if (a.name.name == "train") out.train = v;
  }
  if (out.kind == ir::Readout::Kind::Force) {
    // It learns across the run: a design would need it anew for each.
    if (x.trials > 1 || !x.sweeps.empty()) reportBesideTraining(r.range.start(), x.trials > 1 ? "trials" : "sweep");
    x.readouts.push_back(std::move(out));
    return;
  }
  // The state at every step, as `record x of R` writes it.
  ir::Recording rec;
  rec.kind = ir::Recording::Kind::State;
  rec.population = pit->second;
  rec.vars = {var->var};
  rec.begin = 0;
  rec.end = m_.groups[m_.populations[pit->second].group].size;
  out.recording = static_cast<int>(x.recordings.size());
  x.recordings.push_back(std::move(rec));
  x.readouts.push_back(std::move(out));
}

} // namespace bdl::sema
