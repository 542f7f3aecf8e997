// SPDX-License-Identifier: Apache-2.0
//===- TrainChecker.cpp - the names, values and units of a `train` block ---===//
//
//   train {
//     trainable In -> Hid.w, Hid -> Out.w
//     input In = npy("data/x.npy")
//     labels = npy("data/y.npy")
//     loss = cross_entropy(max(Out.v) / 1 mV)
//     surrogate = fast_sigmoid(slope = 5 / mV)
//     optimizer = adam(lr = 0.01)
//     epochs = 20
//     batch = 32
//     regularize = rate(Hid, target = 10 Hz, weight = 1e-4 / Hz^2)
//   }
// Each setting is known and given once, counts are positive integers, the
// logits are dimensionless, and a surrogate's slope is per unit of the spike
// conditions it replaces (`v > vth`: per volt). What the data hold (shapes,
// classes) is checked where the files are read (LowerTraining.cpp), and what
// the gradients cannot yet go through by the adjoint pass.
#include "sema/SemaContext.h"

#include "support/Casting.h"

#include <cmath>

namespace bdl::sema {

using namespace ast;
using diag::DiagId;
using support::dynCast;

namespace {

/// A model's spike condition, or null (a neuron that does not spike).
const SpikeMember *spikeMemberOf(const ModelInfo *m) {
  if (m && m->members)
    for (const MemberPtr &mp : *m->members)
      if (auto *s = dynCast<SpikeMember>(mp.get())) return s;
  return nullptr;
}

const std::vector<std::string> kSettings = {"labels", "loss",  "surrogate",     "detach_reset", "optimizer",
                                            "epochs", "batch", "test_fraction", "regularize"};

class TrainChecker {
public:
  TrainChecker(SemaContext &cx, const NetworkInfo *net, const TrainStmt &t, const ExprEnv &env)
      : cx_(cx), net_(net), t_(t), env_(env) {}

  void run() {
    for (const TrainTarget &target : t_.trainables) trainable(target);
    for (const auto &in : t_.inputs) input(in);
    std::map<std::string, SourceRange> seen;
    for (const auto &s : t_.settings) {
      const std::string &n = s.name.name;
      if (std::find(kSettings.begin(), kSettings.end(), n) == kSettings.end()) {
        auto b = cx_.report(DiagId::E0801, s.name.range, {n});
        if (std::string c = closestName(n, kSettings); !c.empty()) b.help("did you mean '" + c + "'?").fixit(s.name.range, c);
        else b.note({}, "settings are 'labels', 'loss', 'surrogate', 'detach_reset', 'optimizer', 'epochs', 'batch', "
                        "'test_fraction' and 'regularize'");
        continue;
      }
      if (!seen.emplace(n, s.range).second) {
        reportGivenTwice(cx_, s.name.range, n);
        continue;
      }
      setting(s);
    }
    // What training cannot go without.
    std::vector<std::string> missing;
    if (t_.trainables.empty()) missing.push_back("trainable");
    if (t_.inputs.empty()) missing.push_back("input");
    if (!seen.count("labels") && !mse_) missing.push_back("labels");
    if (!seen.count("loss")) missing.push_back("loss");
    std::string list;
    for (std::size_t k = 0; k < missing.size(); ++k)
      list += (k == 0 ? "'" : k + 1 == missing.size() ? " and '" : ", '") + missing[k] + "'";
    if (!missing.empty()) {
      const std::string &m = missing[0];
      cx_.report(DiagId::E0803, t_.range.start(), {list})
          .help(m == "trainable"  ? "name what is trained: 'trainable In -> Out.w'"
                : m == "input"    ? "give the input spikes: 'input In = npy(\"x.npy\")', of shape (samples, steps, neurons)"
                : m == "labels"   ? "give each sample's class: 'labels = npy(\"y.npy\")'"
                                  : "give the loss: 'loss = cross_entropy(max(Out.v) / 1 mV)'");
    }
    // One input of spikes and one of a driven parameter at most.
    for (bool driven : {false, true}) {
      int seen = 0;
      for (const auto &in : t_.inputs)
        if (in.var.empty() != driven && ++seen == 2) reportGivenTwice(cx_, in.range, driven ? "input " + in.population.name + "." + in.var.name : "input");
    }
  }

private:
  const PopulationInfo *population(const Ident &id) {
    if (!net_) return nullptr;
    auto it = net_->populations.find(id.name);
    if (it != net_->populations.end()) return &it->second;
    std::vector<std::string> names;
    for (auto &[n, p] : net_->populations) names.push_back(n);
    auto b = reportNotTrainable(cx_, id.range, {id.name, "the network '" + net_->name + "' has no population of that name"});
    if (std::string c = closestName(id.name, names); !c.empty()) b.help("did you mean '" + c + "'?").fixit(id.range, c);
    return nullptr;
  }

  void trainable(const TrainTarget &t) {
    if (!net_) return;
    std::string what = t.pre.name + (t.post.empty() ? "" : " -> " + t.post.name) + "." + t.name.name;
    if (t.post.empty()) {
      // A population's parameter (a time constant, a threshold).
      const PopulationInfo *p = population(t.pre);
      if (!p) return;
      Symbol *sym = p->model ? p->model->find(t.name.name) : nullptr;
      if (!sym || sym->kind != SymKind::Param)
        reportNotTrainable(cx_, t.name.range, {what, p->model ? "its neurons have no parameter '" + t.name.name + "'"
                                                              : "a source has no parameters to train"});
      return;
    }
    if (!population(t.pre) || !population(t.post)) return;
    auto it = net_->projections.find(t.pre.name + "->" + t.post.name);
    if (it == net_->projections.end()) {
      reportNotTrainable(cx_, t.range, {what, "there is no projection '" + t.pre.name + " -> " + t.post.name + "'"});
      return;
    }
    if (!it->second) return; // its synapse was not found: reported
    Symbol *sym = it->second->find(t.name.name);
    if (!sym) {
      std::vector<std::string> params;
      for (auto &[n, s] : it->second->symbols)
        if (s.kind == SymKind::Param) params.push_back(n);
      auto b = reportNotTrainable(cx_, t.name.range, {what, "its synapse has no parameter '" + t.name.name + "'"});
      if (std::string c = closestName(t.name.name, params); !c.empty()) b.help("did you mean '" + c + "'?").fixit(t.name.range, c);
    } else if (sym->kind != SymKind::Param) {
      reportNotTrainable(cx_, t.name.range, {what, "'" + t.name.name + "' is a " + describe(sym->kind) + ", not a parameter"})
          .note(sym->range, "declared here");
    }
  }

  void input(const TrainStmt::Input &in) {
    if (!in.var.empty()) return drivenInput(in);
    checkPath(*in.value, "'input'");
    const PopulationInfo *p = population(in.population);
    if (p && p->builtinKind != "spike_times")
      reportNotTrainable(cx_, in.population.range,
                 {"input " + in.population.name, "the input must be a 'spike_times' source, whose spikes each sample replaces"})
          .note(p->range, "declared here");
  }

  /// `input P.x = npy("c.npy") * 1 nA`: each sample's values of a
  /// per-neuron parameter in each step, in its unit (a bare npy for a
  /// dimensionless x).
  void drivenInput(const TrainStmt::Input &in) {
    const PopulationInfo *p = population(in.population);
    auto *b = dynCast<BinaryExpr>(in.value.get());
    const Expr *file = b && b->op == BinaryOp::Mul ? b->lhs.get() : in.value.get();
    if (!isNpyPath(*file)) {
      reportTrainForm(cx_, in.value->range, {"a driven input", "npy(\"c.npy\") * 1 nA"});
      return;
    }
    if (!p || !p->model) {
      if (p) reportNotTrainable(cx_, in.population.range, {"input " + in.population.name + "." + in.var.name,
                                                           "a source has no parameters to drive"});
      return;
    }
    Symbol *sym = p->model->find(in.var.name);
    if (!sym || sym->kind != SymKind::Param || !sym->perEntity) {
      reportNotTrainable(cx_, in.var.range, {"input " + in.population.name + "." + in.var.name,
                                             "the input drives a parameter declared '(per neuron)'"});
      return;
    }
    Dimension dim;
    if (file != in.value.get()) {
      Value u = checkExpr(cx_, *b->rhs, env_);
      if (u.isPoison()) return;
      dim = u.dim;
    }
    if (dim != sym->dim)
      reportExpectedDim(cx_, "the input of '" + in.var.name + "'", Value::number(dim),
                        "value in the parameter's unit: 'npy(\"c.npy\") * 1 " + sym->unitText + "'", in.value->range);
  }

  /// `npy("file")`: a .npy file, read when lowered.
  void checkPath(const Expr &e, const std::string &what) {
    if (!isNpyPath(e)) reportTrainForm(cx_, e.range, {what, "npy(\"file.npy\")"});
  }

  void setting(const TrainStmt::Setting &s) {
    const std::string &n = s.name.name;
    if (n == "labels") return checkPath(*s.value, "'labels'");
    if (n == "loss") return loss(*s.value);
    if (n == "surrogate") return surrogate(*s.value);
    if (n == "optimizer") return optimizer(*s.value);
    if (n == "regularize") return regularize(*s.value);
    Value v = checkExpr(cx_, *s.value, env_);
    if (v.isPoison()) return;
    if (n == "detach_reset") {
      requireBool(cx_, v, "'detach_reset'", s.value->range);
    } else if (n == "test_fraction") {
      if (requireDimensionless(cx_, v, "'test_fraction'", s.value->range) &&
          (!v.constant || *v.constant < 0 || *v.constant >= 1))
        reportExpectedDim(cx_, "'test_fraction'", v, "constant from 0 up to, not including, 1", s.value->range);
    } else if (requireDimensionless(cx_, v, "'" + n + "'", s.value->range) &&
               (!v.constant || *v.constant < 1 || std::floor(*v.constant) != *v.constant || *v.constant > 1e9)) {
      reportExpectedDim(cx_, "'" + n + "'", v, "positive integer constant", s.value->range);
    }
  }

  /// `cross_entropy(max(P.x) / Q)`, `cross_entropy(max(P.x))` for a
  /// dimensionless x, `cross_entropy(count(P))`, or
  /// `cross_entropy(-first_spike(P) / 5 ms)`; each may be negated.
  void loss(const Expr &e) {
    auto *c = dynCast<CallExpr>(&e);
    if (c && c->callee.name == "mse" && c->args.size() == 2) return mse(*c);
    if (!c || c->callee.name != "cross_entropy" || c->args.size() != 1) {
      reportTrainForm(cx_, e.range, {"'loss'", "cross_entropy(max(Out.v) / 1 mV), cross_entropy(count(Out)), "
                                               "cross_entropy(-first_spike(Out) / 5 ms) or "
                                               "mse(Out.v / 1 mV, npy(\"target.npy\"))"});
      return;
    }
    const Expr *divisor = nullptr;
    auto *inner = dynCast<CallExpr>(&splitLogits(*c->args[0].value, &divisor, nullptr));
    if (inner && inner->callee.name == "count" && !divisor && inner->args.size() == 1) {
      if (auto *p = dynCast<NameExpr>(inner->args[0].value.get())) {
        spiking("count(" + p->name.name + ")", p->name, "a source's spikes are data", "its neurons have no spike condition");
        return;
      }
    }
    if (inner && inner->callee.name == "first_spike" && inner->args.size() == 1) {
      if (auto *p = dynCast<NameExpr>(inner->args[0].value.get())) {
        if (spiking("first_spike(" + p->name.name + ")", p->name, "a source's spikes are data",
                    "its neurons have no spike condition"))
          dimensionlessOver(Dimension::base(units::BaseDim::Time), divisor, "the logits",
                            "divide by a time, '-first_spike(" + p->name.name + ") / 5 ms'", c->args[0].value->range);
        return;
      }
    }
    auto *m = inner && inner->callee.name == "max" && inner->args.size() == 1
                  ? dynCast<MemberExpr>(inner->args[0].value.get())
                  : nullptr;
    if (!m) {
      reportTrainForm(cx_, c->args[0].value->range,
                 {"the logits", "max(Out.v) / 1 mV, max(Out.x) of a dimensionless x, count(Out), or "
                                "-first_spike(Out) / 5 ms"});
      return;
    }
    scaledState(*m, divisor, "the logits", "max(" + m->base.name + "." + m->name.name + ")", c->args[0].value->range);
  }

  /// The population `id` of `what` (`count(P)`, `first_spike(P)`,
  /// `rate(P)`), whose neurons must spike: a source's spikes are data
  /// (E0802 `asSource`), and a population without a spike condition gives
  /// zeros and no gradient (E0802 `asSilent`).
  bool spiking(const std::string &what, const Ident &id, const char *asSource, const char *asSilent) {
    const PopulationInfo *p = population(id);
    if (!p) return false;
    if (p->model && spikeMemberOf(p->model)) return true;
    reportNotTrainable(cx_, id.range, {what, p->model ? asSilent : asSource});
    return false;
  }

  /// `dim` over `divisor` (null: none) must be dimensionless, or E0313 for
  /// `what` with `fix` (how to make it so).
  void dimensionlessOver(Dimension dim, const Expr *divisor, const std::string &what, const std::string &fix,
                         SourceRange r) {
    if (divisor) {
      Value d = checkExpr(cx_, *divisor, env_);
      if (d.isPoison()) return;
      dim = dim / d.dim;
    }
    if (!dim.isDimensionless()) reportExpectedDim(cx_, what, Value::number(dim), "dimensionless number: " + fix, r);
  }

  /// `P.x` over `divisor` (null: none), where the loss reads it: x is a
  /// state of P and the quotient dimensionless (`shown` is how the fix
  /// writes x: `max(Out.v)`).
  void scaledState(const MemberExpr &m, const Expr *divisor, const std::string &what, const std::string &shown,
                   SourceRange r) {
    const PopulationInfo *p = population(m.base);
    if (!p || !p->model) return;
    Symbol *sym = p->model->find(m.name.name);
    if (!sym || sym->kind != SymKind::State) {
      reportNotTrainable(cx_, m.name.range, {m.base.name + "." + m.name.name, "the loss reads a state of the population"});
      return;
    }
    dimensionlessOver(sym->dim, divisor, what, "divide by a unit, '" + shown + " / 1 " + sym->unitText + "'", r);
  }

  /// `mse(P.x / U, npy("target.npy"))`: a state made dimensionless, and a
  /// file (its shape is checked when lowered).
  void mse(const CallExpr &c) {
    mse_ = true;
    checkPath(*c.args[1].value, "the target of 'mse'");
    const Expr *divisor = nullptr;
    auto *m = dynCast<MemberExpr>(&splitDivisor(*c.args[0].value, &divisor));
    if (!m) {
      reportTrainForm(cx_, c.args[0].value->range, {"the traced value", "Out.v / 1 mV, or Out.x of a dimensionless x"});
      return;
    }
    scaledState(*m, divisor, "the traced value", m->base.name + "." + m->name.name, c.args[0].value->range);
  }

  /// The dimension of c, the spike condition's left side minus its right,
  /// of the trained populations' neurons (the first that has one).
  std::optional<Dimension> conditionDim() {
    if (!net_) return std::nullopt;
    for (auto &[n, p] : net_->populations) {
      const SpikeMember *s = spikeMemberOf(p.model);
      auto *cmp = s ? dynCast<BinaryExpr>(s->cond.get()) : nullptr;
      if (!cmp) continue;
      ExprEnv env;
      env.model = p.model;
      env.networkParams = env_.networkParams;
      env.file = p.model->file;
      Value v = checkExpr(cx_, *cmp->lhs, env);
      if (!v.isPoison()) return v.dim;
    }
    return std::nullopt;
  }

  /// `fast_sigmoid(slope = K)`, `sigmoid(slope = K)`, `arctan(slope = K)`
  /// with K per unit of c; `triangle(width = W)` with W in the unit of c.
  void surrogate(const Expr &e) {
    auto *c = dynCast<CallExpr>(&e);
    const std::string name = c ? c->callee.name : "";
    bool slope = name == "fast_sigmoid" || name == "sigmoid" || name == "arctan";
    if (!c || (!slope && name != "triangle") || c->args.size() != 1) {
      reportTrainForm(cx_, e.range,
                 {"'surrogate'", "fast_sigmoid(slope = 5 / mV), sigmoid(slope = ...), arctan(slope = ...) or "
                                 "triangle(width = 1 mV)"});
      return;
    }
    const Arg &a = c->args[0];
    const char *param = slope ? "slope" : "width";
    if (!a.name.empty() && a.name.name != param) {
      reportUnknownArgument(cx_, a.name, name, {param});
      return;
    }
    Value v = checkExpr(cx_, *a.value, env_);
    if (v.isPoison()) return;
    if (!v.constant || *v.constant <= 0) {
      reportExpectedDim(cx_, std::string("the surrogate's ") + param, v, "positive constant", a.value->range);
      return;
    }
    std::optional<Dimension> cd = conditionDim();
    if (!cd) return;
    Dimension want = slope ? Dimension() / *cd : *cd;
    if (v.dim != want)
      reportExpectedDim(cx_, std::string("the surrogate's ") + param, v,
                        std::string(slope ? "per unit of " : "unit of ") + "the spike condition, " +
                            describeValue(Value::number(want)),
                        a.value->range);
  }

  /// `rate(P, target = 10 Hz, weight = 1e-4 / Hz^2)`: P's neurons spike,
  /// the target is a rate, and the weight makes weight * rate^2
  /// dimensionless (a time squared).
  void regularize(const Expr &e) {
    auto *c = dynCast<CallExpr>(&e);
    auto *p = c && c->callee.name == "rate" && c->args.size() == 3 && c->args[0].name.empty()
                  ? dynCast<NameExpr>(c->args[0].value.get())
                  : nullptr;
    if (!p) {
      reportTrainForm(cx_, e.range, {"'regularize'", "rate(Hid, target = 10 Hz, weight = 1e-4 / Hz^2)"});
      return;
    }
    spiking("rate(" + p->name.name + ")", p->name, "a source's rate is its data", "its neurons do not spike");
    for (std::size_t k = 1; k < c->args.size(); ++k) {
      const Arg &a = c->args[k];
      bool target = a.name.name == "target";
      if (!target && a.name.name != "weight") {
        if (a.name.empty()) reportTrainForm(cx_, a.range, {"the regulariser's arguments", "named, as target = 10 Hz"});
        else reportUnknownArgument(cx_, a.name, "rate", {"target", "weight"});
        continue;
      }
      Value v = checkExpr(cx_, *a.value, env_);
      if (v.isPoison()) continue;
      Dimension time = Dimension::base(units::BaseDim::Time);
      Dimension want = target ? Dimension() / time : time * time;
      if (v.dim != want || !v.constant || *v.constant < 0 || (!target && *v.constant == 0))
        reportExpectedDim(cx_, "the regulariser's " + a.name.name, v,
                          target ? "rate (a non-negative constant such as 10 Hz)"
                                 : "positive constant per rate squared, such as 1e-4 / Hz^2",
                          a.value->range);
    }
  }

  /// `adam(lr = 0.01)` (also beta1, beta2, eps) or `sgd(lr = 0.1)`.
  void optimizer(const Expr &e) {
    auto *c = dynCast<CallExpr>(&e);
    if (!c || (c->callee.name != "adam" && c->callee.name != "sgd")) {
      reportTrainForm(cx_, e.range, {"'optimizer'", "adam(lr = 0.01) or sgd(lr = 0.1)"});
      return;
    }
    std::vector<std::string> known = {"lr"};
    if (c->callee.name == "adam") known = {"lr", "beta1", "beta2", "eps"};
    for (const Arg &a : c->args) {
      if (a.name.empty() || std::find(known.begin(), known.end(), a.name.name) == known.end()) {
        if (a.name.empty()) reportTrainForm(cx_, a.range, {"the optimizer's arguments", "named, as lr = 0.01"});
        else reportUnknownArgument(cx_, a.name, c->callee.name, known);
        continue;
      }
      Value v = checkExpr(cx_, *a.value, env_);
      if (v.isPoison()) continue;
      bool beta = a.name.name == "beta1" || a.name.name == "beta2";
      if (requireDimensionless(cx_, v, "'" + a.name.name + "'", a.value->range) &&
          (!v.constant || *v.constant < 0 || (!beta && *v.constant == 0) || (beta && *v.constant >= 1)))
        reportExpectedDim(cx_, "'" + a.name.name + "'", v,
                          beta ? "constant from 0 up to, not including, 1" : "positive constant", a.value->range);
    }
  }

  SemaContext &cx_;
  const NetworkInfo *net_;
  const TrainStmt &t_;
  const ExprEnv &env_;
  bool mse_ = false; ///< the loss is 'mse', which needs no labels
};

} // namespace

bool isNpyPath(const Expr &e) {
  auto *c = dynCast<CallExpr>(&e);
  return c && c->callee.name == "npy" && c->args.size() == 1 && dynCast<StringExpr>(c->args[0].value.get());
}

const Expr &splitDivisor(const Expr &e, const Expr **divisor) {
  auto *b = dynCast<BinaryExpr>(&e);
  *divisor = b && b->op == BinaryOp::Div ? b->rhs.get() : nullptr;
  return *divisor ? *b->lhs : e;
}

const Expr &splitLogits(const Expr &e, const Expr **divisor, bool *negated) {
  bool neg = false;
  auto strip = [&](const Expr &x) -> const Expr & {
    auto *u = dynCast<UnaryExpr>(&x);
    if (!u || (u->op != UnaryOp::Neg && u->op != UnaryOp::Plus)) return x;
    neg ^= u->op == UnaryOp::Neg;
    return *u->operand;
  };
  const Expr &body = strip(splitDivisor(strip(e), divisor));
  if (negated) *negated = neg;
  return body;
}

diag::DiagBuilder reportNotTrainable(SemaContext &cx, SourceRange r, std::vector<std::string> whatAndWhy) {
  return cx.report(DiagId::E0802, r, std::move(whatAndWhy));
}

diag::DiagBuilder reportTrainForm(SemaContext &cx, SourceRange r, std::vector<std::string> whatAndForm) {
  return cx.report(DiagId::E0804, r, std::move(whatAndForm));
}

void checkTraining(SemaContext &cx, const NetworkInfo *net, const TrainStmt &t, const ExprEnv &env) {
  TrainChecker(cx, net, t, env).run();
}

} // namespace bdl::sema
