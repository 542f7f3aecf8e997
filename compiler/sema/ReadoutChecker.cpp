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

#include <cmath>

namespace bdl::sema {

using namespace ast;
using diag::DiagId;
using support::dynCast;

namespace {

const char *kForm = "ridge(R.x, target = npy(\"y.npy\"), alpha = 1e-6, washout = 100 ms, train = 2 s)";

const CallExpr *ridgeCall(const Expr &e) {
  auto *c = dynCast<CallExpr>(&e);
  if (!c || c->callee.name != "ridge" || c->args.empty() || !c->args[0].name.empty() ||
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
    } else if (Symbol *sym = it->second.model->find(m->name.name); !sym || sym->kind != SymKind::State) {
      reportNotTrainable(cx, m->name.range, {m->base.name + "." + m->name.name, "a readout reads a state of the population"});
    }
  }
  bool target = false;
  std::optional<double> washout, train;
  for (std::size_t k = 1; k < c->args.size(); ++k) {
    const Arg &a = c->args[k];
    const std::string &n = a.name.name;
    if (n == "target") {
      auto *f = dynCast<CallExpr>(a.value.get());
      if (!f || f->callee.name != "npy" || f->args.size() != 1 || !dynCast<StringExpr>(f->args[0].value.get()))
        reportTrainForm(cx, a.value->range, {"the target", "npy(\"file.npy\")"});
      target = true;
      continue;
    }
    if (n != "alpha" && n != "washout" && n != "train") {
      if (a.name.empty()) reportTrainForm(cx, a.range, {"the readout's arguments after the state", "named, as alpha = 1e-6"});
      else reportUnknownArgument(cx, a.name, "ridge", {"target", "alpha", "washout", "train"});
      continue;
    }
    Value v = checkExpr(cx, *a.value, env);
    if (v.isPoison()) continue;
    if (n == "alpha") {
      if (requireDimensionless(cx, v, "'alpha'", a.value->range) && (!v.constant || *v.constant < 0))
        reportExpectedDim(cx, "'alpha'", v, "non-negative constant", a.value->range);
    } else if (requireTime(cx, v, "'" + n + "'", a.value->range) && requireNonNegative(cx, v, "'" + n + "'", a.value->range)) {
      (n == "washout" ? washout : train) = v.constant;
    }
  }
  if (!target) reportTrainForm(cx, r.value->range, {"a readout without 'target'", kForm});
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
  if (!var) return;
  ir::Experiment &x = m_.experiment;
  ir::Readout out;
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
        if (!shape.empty() && shape.size() <= 2 && shape[0] == steps) return std::string();
        return "(" + std::to_string(steps) + ",) or (" + std::to_string(steps) + ", outputs): a row per step";
      });
      if (id) out.targetArray = *id;
      continue;
    }
    double v = ir::evaluateConstant(low_.expr(*a.value, env)).value_or(0);
    if (a.name.name == "alpha") out.alpha = v;
    if (a.name.name == "washout") out.washout = v;
    if (a.name.name == "train") out.train = v;
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
