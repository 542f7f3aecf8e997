// SPDX-License-Identifier: Apache-2.0
//===- LowerTraining.cpp - a `train` block into the module's Training ------===//
//
// TrainChecker.cpp has checked names, units and forms; here they become
// variables, arrays and numbers. The data are .npy files the executable
// reads: the input's spikes of shape (samples, steps, neurons), with
// `steps` the experiment's `run` in time steps, and one class per sample.
// An experiment that trains runs its samples, not phases: recordings,
// trials, sweeps and a second `run` are refused here (E0806) rather than
// dropped.
#include "sema/Lowering.h"

#include "support/Casting.h"

#include <cmath>

namespace bdl::sema {

using namespace ast;
using support::dynCast;

void ModuleLowerer::reportBesideTraining(support::SourceRange r, const std::string &what) {
  cx_.report(diag::DiagId::E0806, r, {what}).help("training runs the experiment its own way (docs/training.md)");
  low_.fail();
}

void ModuleLowerer::lowerTraining(const TrainStmt &t, const ExperimentDecl &exp, const LowerEnv &env) {
  ir::Experiment &x = m_.experiment;
  ir::Training tr;
  tr.range = t.range;
  auto constant = [&](const Expr &e) { return ir::evaluateConstant(low_.expr(e, env)).value_or(0); };

  int runs = 0;
  for (const ExpStmtPtr &sp : exp.stmts) {
    const char *what = sp->kind == ExpStmtKind::Record   ? "record"
                       : sp->kind == ExpStmtKind::Trials ? "trials"
                       : sp->kind == ExpStmtKind::Sweep  ? "sweep"
                       : sp->kind == ExpStmtKind::Readout ? "readout"
                       : sp->kind == ExpStmtKind::Run && runs++ > 0 ? "run"
                       : sp->kind == ExpStmtKind::Set && runs > 0 ? "set"
                       : sp->kind == ExpStmtKind::ExpStimulus && runs > 0 ? "stimulus"
                                                                          : nullptr;
    if (what) reportBesideTraining(sp->range.start(), what);
  }
  tr.steps = x.dt > 0 ? static_cast<std::int64_t>(std::llround(x.duration / x.dt)) : 0;

  for (const TrainTarget &target : t.trainables) {
    if (target.post.empty()) {
      auto it = popIndex_.find(target.pre.name);
      if (it == popIndex_.end()) continue;
      int var = m_.groups[m_.populations[it->second].group].find(target.name.name);
      if (var >= 0) tr.params.push_back({-1, var, -1, it->second});
      continue;
    }
    int k = -1;
    for (std::size_t q = 0; q < m_.projections.size(); ++q)
      if (m_.groups[m_.projections[q].group].name == target.pre.name + "->" + target.post.name) k = static_cast<int>(q);
    if (k < 0) continue; // reported by the checker
    const ir::Group &g = m_.groups[m_.projections[k].group];
    int var = g.find(target.name.name);
    if (var < 0) continue;
    if (!g.vars[var].perEntity) {
      reportNotTrainable(cx_, target.range,
                         {target.pre.name + " -> " + target.post.name + "." + target.name.name,
                          "it has one value for all synapses"})
          .help("give it a value per synapse: '(per synapse)' in the synapse, or an initial value such as "
                "'{ " + target.name.name + " = normal(...) }' on the projection");
      low_.fail();
      continue;
    }
    tr.params.push_back({k, var, -1});
  }

  std::int64_t samples = -1;
  for (const auto &in : t.inputs) {
    auto it = popIndex_.find(in.population.name);
    if (!in.var.empty()) { // a driven parameter: npy(...) * U
      auto *b = dynCast<BinaryExpr>(in.value.get());
      auto *file = dynCast<CallExpr>(b && b->op == BinaryOp::Mul ? b->lhs.get() : in.value.get());
      auto bit = bindings_.find(in.population.name);
      if (it == popIndex_.end() || bit == bindings_.end() || !file || file->args.size() != 1) continue;
      std::optional<ir::VarRef> v = low_.var(*bit->second, in.var.name);
      if (!v) continue;
      std::int64_t n = m_.groups[m_.populations[it->second].group].size;
      auto id = low_.npyFile(*file->args[0].value, "the input '" + in.population.name + "." + in.var.name + "'",
                             [&](const std::vector<std::int64_t> &shape) {
                               if (shape.size() == 3 && shape[1] == tr.steps && shape[2] == n && shape[0] > 0 &&
                                   (samples < 0 || shape[0] == samples))
                                 return std::string();
                               return "(samples, " + std::to_string(tr.steps) + ", " + std::to_string(n) +
                                      "): each sample's value of the parameter in each of the run's steps";
                             });
      if (!id) continue;
      tr.drivenPopulation = it->second;
      tr.drivenVar = v->var;
      // It changes every step, as a stimulus's target does: never a
      // constant of an exact integrator's propagators.
      m_.groups[m_.populations[it->second].group].vars[v->var].driven = true;
      tr.drivenArray = *id;
      tr.drivenScale = b && b->op == BinaryOp::Mul ? constant(*b->rhs) : 1;
      samples = m_.arrays[*id].shape[0];
      continue;
    }
    auto *call = dynCast<CallExpr>(in.value.get());
    if (it == popIndex_.end() || !call || call->args.size() != 1) continue;
    tr.inputPopulation = it->second;
    std::int64_t n = m_.groups[m_.populations[it->second].group].size;
    auto id = low_.npyFile(*call->args[0].value, "the input '" + in.population.name + "'",
                           [&](const std::vector<std::int64_t> &shape) {
                             if (shape.size() == 3 && shape[1] == tr.steps && shape[2] == n && shape[0] > 0)
                               return std::string();
                             return "(samples, " + std::to_string(tr.steps) + ", " + std::to_string(n) +
                                    "): a sample's spikes in each of the run's steps";
                           });
    if (!id) continue;
    tr.inputArray = *id;
    samples = m_.arrays[*id].shape[0];
  }

  for (const auto &s : t.settings) {
    const std::string &n = s.name.name;
    auto *call = dynCast<CallExpr>(s.value.get());
    if (n == "labels" && call && call->args.size() == 1) {
      auto id = low_.npyFile(*call->args[0].value, "the labels", [&](const std::vector<std::int64_t> &shape) {
        if (shape.size() == 1 && (samples < 0 || shape[0] == samples)) return std::string();
        return samples < 0 ? std::string("(samples,)") : "(" + std::to_string(samples) + ",): a class per sample";
      });
      if (id) tr.labelsArray = *id;
    } else if (n == "loss" && call && call->callee.name == "mse" && call->args.size() == 2) {
      const Expr *divisor = nullptr;
      const Expr *arg = &splitDivisor(*call->args[0].value, &divisor);
      if (divisor) tr.logitScale = 1 / constant(*divisor);
      auto *m = dynCast<MemberExpr>(arg);
      auto *file = dynCast<CallExpr>(call->args[1].value.get());
      auto it = m ? popIndex_.find(m->base.name) : popIndex_.end();
      auto bit = m ? bindings_.find(m->base.name) : bindings_.end();
      if (it == popIndex_.end() || bit == bindings_.end() || !file || file->args.size() != 1) continue;
      std::optional<ir::VarRef> v = low_.var(*bit->second, m->name.name);
      if (!v) continue;
      tr.logits = ir::Training::Logits::Trace;
      tr.outputPopulation = it->second;
      tr.outputVar = v->var;
      std::int64_t n = m_.groups[m_.populations[it->second].group].size;
      auto id = low_.npyFile(*file->args[0].value, "the target of 'mse'", [&](const std::vector<std::int64_t> &shape) {
        if (shape.size() == 3 && shape[1] == tr.steps && shape[2] == n && (samples < 0 || shape[0] == samples)) return std::string();
        return "(" + (samples < 0 ? std::string("samples") : std::to_string(samples)) + ", " + std::to_string(tr.steps) +
               ", " + std::to_string(n) + "): each sample's trace of the population after each step";
      });
      if (id) tr.targetArray = *id;
    } else if (n == "loss" && call && call->args.size() == 1) {
      const Expr *divisor = nullptr;
      bool negated = false;
      const Expr *arg = &splitLogits(*call->args[0].value, &divisor, &negated);
      tr.logitScale = (negated ? -1.0 : 1.0) / (divisor ? constant(*divisor) : 1.0);
      auto *inner = dynCast<CallExpr>(arg);
      if (!inner || inner->args.empty()) continue;
      if (auto *p = dynCast<NameExpr>(inner->args[0].value.get())) {
        auto it = popIndex_.find(p->name.name);
        if (it == popIndex_.end()) continue;
        tr.logits = inner->callee.name == "first_spike" ? ir::Training::Logits::FirstSpike
                                                        : ir::Training::Logits::SpikeCount;
        tr.outputPopulation = it->second;
      } else if (auto *m = dynCast<MemberExpr>(inner->args[0].value.get())) {
        auto it = popIndex_.find(m->base.name);
        auto bit = bindings_.find(m->base.name);
        if (it == popIndex_.end() || bit == bindings_.end()) continue;
        tr.outputPopulation = it->second;
        std::optional<ir::VarRef> v = low_.var(*bit->second, m->name.name);
        tr.outputVar = v ? v->var : recordDefinition(it->second, m->base.name, m->name);
      }
    } else if (n == "surrogate" && call && call->args.size() == 1) {
      const std::string &f = call->callee.name;
      tr.surrogate = f == "sigmoid"  ? ir::Training::Surrogate::Sigmoid
                     : f == "arctan" ? ir::Training::Surrogate::Arctan
                     : f == "triangle" ? ir::Training::Surrogate::Triangle
                                       : ir::Training::Surrogate::FastSigmoid;
      tr.surrogateScale = constant(*call->args[0].value);
    } else if (n == "optimizer" && call) {
      tr.optimizer = call->callee.name == "sgd" ? ir::Training::Optimizer::Sgd : ir::Training::Optimizer::Adam;
      for (const Arg &a : call->args) {
        double v = constant(*a.value);
        if (a.name.name == "lr") tr.lr = v;
        if (a.name.name == "beta1") tr.beta1 = v;
        if (a.name.name == "beta2") tr.beta2 = v;
        if (a.name.name == "eps") tr.eps = v;
      }
    } else if (n == "regularize" && call && call->args.size() == 3) {
      auto *p = dynCast<NameExpr>(call->args[0].value.get());
      auto it = p ? popIndex_.find(p->name.name) : popIndex_.end();
      if (it == popIndex_.end()) continue;
      tr.ratePopulation = it->second;
      for (std::size_t k = 1; k < call->args.size(); ++k)
        (call->args[k].name.name == "target" ? tr.rateTarget : tr.rateWeight) = constant(*call->args[k].value);
    } else if (n == "detach_reset") {
      tr.detachReset = constant(*s.value) != 0;
    } else if (n == "epochs") {
      tr.epochs = static_cast<int>(constant(*s.value));
    } else if (n == "batch") {
      tr.batch = static_cast<int>(constant(*s.value));
    } else if (n == "test_fraction") {
      tr.testFraction = constant(*s.value);
    }
  }
  tr.samples = std::max<std::int64_t>(samples, 0);
  x.training = std::move(tr);
}

} // namespace bdl::sema
