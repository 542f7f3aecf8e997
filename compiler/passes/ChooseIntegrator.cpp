// SPDX-License-Identifier: Apache-2.0
//===- ChooseIntegrator.cpp - choose-integrator: a method per equation -----===//
//
// Like Brian2's default: the whole population's system exactly when it is
// linear with constant coefficients (CUBA: v, ge, gi), else exponential Euler
// when every equation is linear in its own variable (HH gates, COBA's v),
// else RK4. `method euler` or `(method rk4)` overrides the choice.
#include "passes/Passes.h"
#include "passes/Steps.h"

#include "ir/IRPrinter.h"

#include <cmath>
#include <cstdio>

namespace bdl::passes {

using namespace ir;

/// Coefficients of an exact system may use only what is fixed for the whole
/// run and the same for every neuron: constants and shared parameters.
bool isRunConstant(const Module &m, const ExprRef &e) {
  return !dependsOnAny(e, [&](const Expr &x) {
    switch (x.op) {
    case Op::Var: {
      const Var &v = m.groups[x.var.group].vars[x.var.var];
      return v.role != Var::Role::Param || v.perEntity || v.driven;
    }
    case Op::Time: case Op::Step: case Op::Index: case Op::Random: case Op::Local: case Op::Noise: return true;
    default: return false;
    }
  });
}

/// The equations of `p` taking part in an exact system, as rows of
/// coefficients over `states` plus a constant; nullopt (with the offending
/// equation) when the system is not linear with constant coefficients.
std::optional<std::vector<std::vector<ExprRef>>> linearSystem(const Module &m, const Population &p,
                                                              const std::vector<int> &eqs, int *bad) {
  std::vector<std::vector<ExprRef>> rows;
  for (int k : eqs) {
    const Equation &eq = p.equations[k];
    ExprRef rest = eq.rhs;
    std::vector<ExprRef> row;
    for (int c : eqs) {
      auto lf = linearIn(rest, {Space::Self, p.group, p.equations[c].var});
      if (!lf || !isRunConstant(m, lf->a)) {
        *bad = k;
        return std::nullopt;
      }
      row.push_back(lf->a);
      rest = lf->b;
    }
    if (!isRunConstant(m, rest)) {
      *bad = k;
      return std::nullopt;
    }
    row.push_back(rest);
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

/// The smallest term of `e` that keeps it from being linear with constant
/// coefficients in `states`: a product of two state-dependent factors, a
/// function or power of a state, or a coefficient that varies.
ExprRef offendingTerm(const Module &m, const ExprRef &e, const std::vector<VarRef> &states) {
  auto usesState = [&](const ExprRef &x) {
    for (const VarRef &s : states)
      if (dependsOn(x, s)) return true;
    return false;
  };
  switch (e->op) {
  case Op::Add:
  case Op::Sub:
    for (const ExprRef &a : e->args)
      if (ExprRef t = offendingTerm(m, a, states)) return t;
    return nullptr;
  case Op::Neg: return offendingTerm(m, e->args[0], states);
  case Op::Mul:
    if (usesState(e->args[0]) && usesState(e->args[1])) return e;
    for (const ExprRef &a : e->args)
      if (usesState(a)) {
        if (ExprRef t = offendingTerm(m, a, states)) return t;
      } else if (!isRunConstant(m, a)) {
        return e;
      }
    return nullptr;
  case Op::Div:
    if (usesState(e->args[1]) || !isRunConstant(m, e->args[1])) return e;
    return offendingTerm(m, e->args[0], states);
  case Op::Var:
    for (const VarRef &s : states)
      if (e->var == s) return nullptr;
    return isRunConstant(m, e) ? nullptr : e;
  default: return isRunConstant(m, e) ? nullptr : e;
  }
}

/// A fractional equation remembers one increment per neuron and step of its
/// window (the whole run without one): refuse what would not fit.
bool checkHistorySize(const Module &m, const Population &p, const Equation &eq, diag::DiagnosticEngine &diags) {
  const Experiment &x = m.experiment;
  std::int64_t window = historyWindow(eq, x.dt);
  double steps = window > 0 ? double(window) : std::max(1.0, std::round(x.duration / x.dt));
  const Group &g = m.groups[p.group];
  double bytes = steps * double(g.size) * sizeof(double);
  if (bytes <= x.historyLimit) return true;
  auto size = [](double b) {
    const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    for (; b >= 1024 && u < 5; ++u) b /= 1024;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g %s", b, units[u]);
    return std::string(buf);
  };
  diags
      .report(diag::DiagId::E0509, eq.range,
              {g.vars[eq.var].name, g.name, size(bytes), std::to_string(g.size), formatNumber(steps), size(x.historyLimit)})
      .help("keep a short memory, e.g. '(method l1(memory = 50 ms))', or raise the limit with --history-limit=<MiB>");
  return false;
}

} // namespace

namespace {

bool choose(Module &m, Population &p, diag::DiagnosticEngine &diags) {
  bool ok = true;
  {
    std::vector<int> autos, exacts;
    for (std::size_t k = 0; k < p.equations.size(); ++k) {
      Equation &eq = p.equations[k];
      if (eq.fractional) {
        // Sema allows only gl and l1 on a caputo equation.
        bool given = eq.method == Method::Gl || eq.method == Method::L1;
        eq.chosen = given ? eq.method : Method::L1;
        eq.reason = std::string(given ? "as requested; " : "") + "fractional (Caputo) order " +
                    formatNumber(eq.order) + (eq.memory > 0 ? ", memory " + formatNumber(eq.memory) + " s" : ", full memory");
        ok &= checkHistorySize(m, p, eq, diags);
        continue;
      }
      std::vector<int> sources = noiseSources(eq.rhs);
      if (!sources.empty() && eq.method == Method::Auto) {
        // Additive noise: Euler-Maruyama is already strong order 1; noise
        // that depends on the state needs Milstein's correction for that.
        bool additive = true;
        for (int n : sources) {
          if (!additive) break;
          auto g = differentiate(eq.rhs, [n](const Expr &x) { return x.op == Op::Noise && x.local == n; });
          additive = g && !dependsOnAny(*g, [&](const Expr &x) {
            return x.op == Op::Var && m.groups[x.var.group].vars[x.var.var].role == Var::Role::State;
          });
        }
        eq.chosen = additive ? Method::Euler : Method::Milstein;
        eq.reason = additive ? "additive noise (Euler-Maruyama)" : "multiplicative noise (Ito)";
        continue;
      }
      if (eq.method == Method::Auto) autos.push_back(static_cast<int>(k));
      if (eq.method == Method::Exact) exacts.push_back(static_cast<int>(k));
      if (eq.method != Method::Auto && eq.method != Method::Exact) {
        eq.chosen = eq.method;
        eq.reason = "as requested";
      }
    }
    int bad = -1;
    if (!exacts.empty() && !linearSystem(m, p, exacts, &bad)) {
      const Equation &eq = p.equations[bad];
      std::vector<VarRef> states;
      for (int k : exacts) states.push_back({Space::Self, p.group, p.equations[k].var});
      auto b = diags.report(diag::DiagId::E0503, eq.range, {m.groups[p.group].vars[eq.var].name});
      if (ExprRef term = offendingTerm(m, eq.rhs, states))
        b.note(eq.range, "the term '" + printExpr(m, term) + "' is not of the form constant * state");
      b.help("use 'method exp_euler' or 'method rk4', or leave the method out to let bdlc choose");
      ok = false;
    }
    for (int k : exacts) {
      p.equations[k].chosen = Method::Exact;
      p.equations[k].reason = "as requested; linear with constant coefficients";
    }
    if (autos.empty()) return ok;
    if (exacts.empty() && linearSystem(m, p, autos, &bad)) {
      for (int k : autos) {
        p.equations[k].chosen = Method::Exact;
        p.equations[k].reason = "linear with constant coefficients";
      }
      return ok;
    }
    // One method for the population's equations (they are stepped together):
    // exponential Euler if each is linear in its own variable, else RK4, and
    // an equation that is linear itself says which one forced RK4.
    std::vector<bool> linear;
    int forcing = -1;
    for (int k : autos) {
      const Equation &eq = p.equations[k];
      linear.push_back(linearIn(eq.rhs, {Space::Self, p.group, eq.var}).has_value());
      if (!linear.back() && forcing < 0) forcing = k;
    }
    for (std::size_t a = 0; a < autos.size(); ++a) {
      Equation &eq = p.equations[autos[a]];
      eq.chosen = forcing < 0 ? Method::ExpEuler : Method::Rk4;
      if (forcing < 0) eq.reason = "each equation is linear in its own variable";
      else if (!linear[a]) eq.reason = "nonlinear in its own variable";
      else
        eq.reason = "linear in its own variable, but d" + m.groups[p.group].vars[p.equations[forcing].var].name +
                    "/dt is not, and the neuron's equations share one method";
    }
  }
  return ok;
}

} // namespace

/// A projection with a `continuous` block integrates its synaptic equations
/// every step, like a population's: the same choice over a stand-in.
Population clockDrivenStandIn(const Projection &pr) {
  Population p;
  p.group = pr.group;
  p.equations = pr.equations;
  p.locals = pr.locals;
  return p;
}

bool chooseIntegrator(Module &m, diag::DiagnosticEngine &diags) {
  bool ok = true;
  for (Population &p : m.populations) ok &= choose(m, p, diags);
  for (Projection &pr : m.projections) {
    if (!pr.clockDriven()) continue;
    Population p = clockDrivenStandIn(pr);
    ok &= choose(m, p, diags);
    pr.equations = std::move(p.equations);
  }
  return ok;
}

} // namespace bdl::passes
