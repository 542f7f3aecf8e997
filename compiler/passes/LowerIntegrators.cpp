// SPDX-License-Identifier: Apache-2.0
//===- LowerIntegrators.cpp - lower-integrators: equations to one step -----===//
//
// Every new value is computed from the values at the start of the step, into
// locals, and stored afterwards; `(unless refractory)` keeps the old value
// while the neuron is refractory. Exact integration uses the propagator
// P = expm(A dt) of the augmented system [[M, b], [0, 0]], computed once at
// initialisation (parameters are runtime inputs), so the step itself is
// x' = P x + q with no exp call.
#include "passes/Passes.h"
#include "passes/Steps.h"

namespace bdl::passes {

using namespace ir;

namespace {

class StepBuilder {
public:
  StepBuilder(Module &m, Population &p) : m_(m), p_(p) {
    if (p.refUntil >= 0) notRef_ = binary(Op::Ge, leaf(Op::Step), varRef({Space::Self, p.group, p.refUntil}));
  }

  void build() {
    std::map<Method, std::vector<int>> by;
    for (std::size_t k = 0; k < p_.equations.size(); ++k) by[p_.equations[k].chosen].push_back(static_cast<int>(k));
    for (auto &[method, eqs] : by) {
      bool noisy = false;
      for (int k : eqs) noisy |= hasNoise(p_.equations[k].rhs);
      switch (method) {
      case Method::Exact: exact(eqs); break;
      case Method::ExpEuler: expEuler(eqs); break;
      case Method::Heun:
      case Method::Milstein: stochastic(eqs, method); break;
      case Method::Euler:
        if (noisy) stochastic(eqs, method);
        else euler(eqs);
        break;
      case Method::Rk2: rungeKutta(eqs, {{}, {0.5}}, {0, 1}); break;
      case Method::Gl:
      case Method::L1:
        for (int k : eqs) results_.push_back({k, newLocal(fractionalStep(m_, p_, p_.equations[k], method))});
        break;
      case Method::Rkf45: adaptive(eqs); break;
      case Method::Auto:
      case Method::Rk4: rungeKutta(eqs, {{}, {0.5}, {0, 0.5}, {0, 0, 1}}, {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}); break;
      }
    }
    for (auto &[k, value] : results_) {
      const Equation &eq = p_.equations[k];
      ExprRef v = value;
      if (eq.unlessRefractory && notRef_) v = select(notRef_, value, state(k));
      p_.update.push_back(Stmt::assign({Space::Self, p_.group, eq.var}, v));
    }
    // Inputs hold what synapses delivered in the previous step; once the
    // equations have used it, they start again from zero.
    const Group &g = m_.groups[p_.group];
    for (std::size_t k = 0; k < g.vars.size(); ++k)
      if (g.vars[k].input) p_.update.push_back(Stmt::assign({Space::Self, p_.group, static_cast<int>(k)}, constant(0)));
  }

private:
  ExprRef state(int k) { return varRef({Space::Self, p_.group, p_.equations[k].var}); }
  ExprRef newLocal(ExprRef v) {
    int id = p_.locals++;
    p_.update.push_back(Stmt::setLocal(id, std::move(v)));
    return local(id);
  }
  ExprRef dt() { return leaf(Op::Dt); }

  static bool hasNoise(const ExprRef &e, int k = -1) {
    return dependsOnAny(e, [k](const Expr &x) { return x.op == Op::Noise && (k < 0 || x.local == k); });
  }

  /// The Wiener increment dW_k = sqrt(dt) N(0, 1) of noise source k for this
  /// step: one draw per neuron, shared by every equation that uses xi_k.
  ExprRef wiener(int k) {
    auto it = wiener_.find(k);
    if (it != wiener_.end()) return it->second;
    ExprRef z = random("normal", {constant(0), constant(1)}, m_.streams++);
    return wiener_[k] = newLocal(mul(call("sqrt", {dt()}), z));
  }

  /// `rhs = f + sum_k g_k xi_k`: the drift f and the noise coefficients g_k.
  struct SdeTerms {
    ExprRef drift;
    std::vector<std::pair<int, ExprRef>> noise;
  };
  SdeTerms split(const ExprRef &rhs) {
    SdeTerms t;
    std::function<ExprRef(const ExprRef &)> zero = [&](const ExprRef &e) -> ExprRef {
      if (e->op == Op::Noise) return constant(0);
      if (e->args.empty()) return e;
      Expr copy = *e;
      for (ExprRef &a : copy.args) a = zero(a);
      return std::make_shared<const Expr>(std::move(copy));
    };
    t.drift = foldExpr(zero(rhs));
    for (int k : noiseSources(rhs)) {
      auto g = differentiate(rhs, [k = k](const Expr &x) { return x.op == Op::Noise && x.local == k; });
      // Sema keeps xi to the right-hand side; a term like xi^2 is not an SDE.
      t.noise.push_back({k, g && !hasNoise(*g, k) ? *g : constant(0)});
    }
    return t;
  }

  /// Euler-Maruyama, Milstein (Ito; the diagonal correction
  /// 1/2 g dg/dx (dW^2 - dt) per source) and stochastic Heun (Stratonovich;
  /// second order for equations without noise).
  void stochastic(const std::vector<int> &eqs, Method method) {
    std::vector<SdeTerms> terms;
    for (int k : eqs) terms.push_back(split(p_.equations[k].rhs));
    auto increment = [&](const SdeTerms &t) {
      ExprRef inc = foldMul(t.drift, dt());
      for (auto &[k, g] : t.noise) inc = foldAdd(inc, foldMul(g, wiener(k)));
      return inc;
    };
    if (method != Method::Heun) {
      for (std::size_t q = 0; q < eqs.size(); ++q) {
        ExprRef next = foldAdd(state(eqs[q]), increment(terms[q]));
        if (method == Method::Milstein)
          for (auto &[k, g] : terms[q].noise) {
            auto dg = differentiate(g, VarRef{Space::Self, p_.group, p_.equations[eqs[q]].var});
            ExprRef w = wiener(k);
            ExprRef corr = foldMul(foldMul(constant(0.5), foldMul(g, dg.value_or(constant(0)))),
                                   foldSub(foldMul(w, w), dt()));
            next = foldAdd(next, corr);
          }
        results_.push_back({eqs[q], newLocal(next)});
      }
      return;
    }
    std::map<VarRef, ExprRef> predicted;
    for (std::size_t q = 0; q < eqs.size(); ++q)
      predicted[{Space::Self, p_.group, p_.equations[eqs[q]].var}] =
          newLocal(foldAdd(state(eqs[q]), increment(terms[q])));
    ExprRef later = foldAdd(leaf(Op::Time), dt());
    for (std::size_t q = 0; q < eqs.size(); ++q) {
      const SdeTerms &t = terms[q];
      ExprRef drift = foldMul(foldMul(constant(0.5), foldAdd(t.drift, substitute(t.drift, predicted, later))), dt());
      ExprRef next = foldAdd(state(eqs[q]), drift);
      for (auto &[k, g] : t.noise)
        next = foldAdd(next, foldMul(foldMul(constant(0.5), foldAdd(g, substitute(g, predicted, later))), wiener(k)));
      results_.push_back({eqs[q], newLocal(next)});
    }
  }

  void adaptive(const std::vector<int> &eqs) {
    std::vector<ExprRef> values = adaptiveStep(m_, p_, eqs, p_.update);
    for (std::size_t q = 0; q < eqs.size(); ++q) results_.push_back({eqs[q], values[q]});
  }

  void expEuler(const std::vector<int> &eqs) {
    for (int k : eqs) {
      const Equation &eq = p_.equations[k];
      auto lf = linearIn(eq.rhs, {Space::Self, p_.group, eq.var});
      if (!lf) { // chosen by the user on a nonlinear equation: behaves as Euler
        results_.push_back({k, newLocal(foldAdd(state(k), foldMul(dt(), eq.rhs)))});
        continue;
      }
      if (ExprRef gate = gateStep(eq.rhs, state(k))) {
        results_.push_back({k, newLocal(gate)});
        continue;
      }
      // x + f(x) dt exprel(a dt) is the exact step of x' = a x + b with a, b
      // frozen, and stays finite when a = 0.
      ExprRef step = foldMul(foldMul(eq.rhs, dt()), call("exprel", {foldMul(lf->a, dt())}));
      results_.push_back({k, newLocal(foldAdd(state(k), step))});
    }
  }

  /// A gating variable, x' = alpha (1 - x) - beta x with alpha and beta
  /// provably >= 0 (built from non-negative constants, exp, exprel, sums,
  /// products and quotients), steps as x_inf + (x - x_inf) exp(-(alpha +
  /// beta) dt) with x_inf = alpha / (alpha + beta): the same exact step of the
  /// frozen linear equation (the form of NEURON's cnexp and Brian2's
  /// exponential Euler), and here as accurate as the exprel form because
  /// x_inf lies in [0, 1]. It needs a plain exp instead of exp(x) - 1 and no
  /// guard for a = 0, and does not evaluate f: COBAHH 4,000 0.432 -> 0.404 s.
  /// alpha + beta is kept above 1e-300 so that both rates 0 (x_inf = 0 / s)
  /// leave x as it is.
  ExprRef gateStep(const ExprRef &f, const ExprRef &x) {
    if (f->op != Op::Sub) return nullptr;
    std::function<bool(const Expr &)> isVar = isXExpr(x);
    auto isX = [&](const ExprRef &e) { return isVar(*e); };
    auto oneMinusX = [&](const ExprRef &e) {
      double one;
      return e->op == Op::Sub && isConst(e->args[0], &one) && one == 1 && isX(e->args[1]);
    };
    // rate * (1 - x) or (1 - x) * rate; rate * x or x * rate.
    auto factor = [&](const ExprRef &e, auto &&isOther) -> ExprRef {
      if (e->op != Op::Mul) return nullptr;
      if (isOther(e->args[1])) return e->args[0];
      if (isOther(e->args[0])) return e->args[1];
      return nullptr;
    };
    ExprRef alpha = factor(f->args[0], oneMinusX), beta = factor(f->args[1], isX);
    if (!alpha || !beta || !nonNegative(*alpha) || !nonNegative(*beta)) return nullptr;
    if (dependsOnAny(alpha, isVar) || dependsOnAny(beta, isVar)) return nullptr;
    ExprRef sum = call("max", {foldAdd(alpha, beta), constant(1e-300)});
    ExprRef inf = foldDiv(alpha, sum);
    ExprRef decay = call("exp", {foldMul(foldNeg(sum), dt())});
    return foldAdd(inf, foldMul(foldSub(x, inf), decay));
  }
  static std::function<bool(const Expr &)> isXExpr(const ExprRef &x) {
    VarRef v = x->var;
    return [v](const Expr &e) { return e.op == Op::Var && e.var == v; };
  }
  /// Whether `e` is >= 0 (or NaN) for any values of what it reads.
  static bool nonNegative(const Expr &e) {
    switch (e.op) {
    case Op::Const: return e.value >= 0;
    case Op::Add:
    case Op::Mul:
    case Op::Div: return nonNegative(*e.args[0]) && nonNegative(*e.args[1]);
    case Op::Call: return e.callee == "exp" || e.callee == "exprel";
    default: return false;
    }
  }

  /// Explicit Runge-Kutta with tableau `a` (stage s uses a[s][0..s-1]) and weights `w`.
  /// Forward Euler, x + dt f. Where f = a x + b with a constant over the
  /// run (a decay, `-ge / taue`), the step is x (1 + dt a) + dt b: the
  /// factor is computed once per call instead of dt * (-x / tau) per
  /// neuron (three operations become one). A right-hand side s / c with c
  /// constant (`(...) / taum`) is stepped as s (dt / c), one product fewer.
  /// The same value up to rounding, as Brian2's -ffast-math build would
  /// reassociate it.
  void euler(const std::vector<int> &eqs) {
    for (int k : eqs) {
      const ExprRef &f = p_.equations[k].rhs;
      auto lf = linearIn(f, {Space::Self, p_.group, p_.equations[k].var});
      ExprRef next;
      if (lf && isRunConstant(m_, lf->a)) {
        ExprRef factor = foldAdd(constant(1), foldMul(dt(), lf->a));
        next = foldAdd(foldMul(state(k), factor), dtTimes(lf->b));
      } else {
        next = foldAdd(state(k), dtTimes(f));
      }
      results_.push_back({k, newLocal(next)});
    }
  }
  ExprRef dtTimes(const ExprRef &f) {
    if (f->op == Op::Div && isRunConstant(m_, f->args[1])) return foldMul(f->args[0], foldDiv(dt(), f->args[1]));
    return foldMul(dt(), f);
  }

  void rungeKutta(const std::vector<int> &eqs, const std::vector<std::vector<double>> &a,
                  const std::vector<double> &w) {
    std::vector<std::vector<ExprRef>> k(a.size());
    for (std::size_t s = 0; s < a.size(); ++s) {
      std::map<VarRef, ExprRef> with;
      double c = 0;
      for (double x : a[s]) c += x;
      for (std::size_t q = 0; q < eqs.size(); ++q) {
        ExprRef incr = constant(0);
        for (std::size_t r = 0; r < a[s].size(); ++r)
          if (a[s][r] != 0) incr = foldAdd(incr, foldMul(constant(a[s][r]), k[r][q]));
        if (s > 0) with[{Space::Self, p_.group, p_.equations[eqs[q]].var}] = foldAdd(state(eqs[q]), foldMul(dt(), incr));
      }
      ExprRef time = s > 0 && c != 0 ? foldAdd(leaf(Op::Time), foldMul(constant(c), dt())) : nullptr;
      for (std::size_t q = 0; q < eqs.size(); ++q)
        k[s].push_back(newLocal(s == 0 ? p_.equations[eqs[q]].rhs : substitute(p_.equations[eqs[q]].rhs, with, time)));
    }
    for (std::size_t q = 0; q < eqs.size(); ++q) {
      ExprRef sum = constant(0);
      for (std::size_t s = 0; s < w.size(); ++s)
        if (w[s] != 0) sum = foldAdd(sum, foldMul(constant(w[s]), k[s][q]));
      results_.push_back({eqs[q], newLocal(foldAdd(state(eqs[q]), foldMul(dt(), sum)))});
    }
  }

  void exact(const std::vector<int> &eqs) {
    int bad = -1;
    auto rows = linearSystem(m_, p_, eqs, &bad);
    if (!rows) return; // reported by choose-integrator
    std::size_t n = eqs.size(), k = n + 1;
    Stmt expm;
    expm.kind = Stmt::Kind::Expm;
    expm.args.assign(k * k, constant(0));
    std::vector<std::vector<VarRef>> P(n, std::vector<VarRef>(k));
    Group &g = m_.groups[p_.group];
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t c = 0; c < k; ++c) {
        expm.args[r * k + c] = foldMul((*rows)[r][c], dt());
        Var v;
        v.name = "_P." + g.vars[p_.equations[eqs[r]].var].name + "." +
                 (c < n ? g.vars[p_.equations[eqs[c]].var].name : std::string("1"));
        v.role = Var::Role::Internal;
        P[r][c] = {Space::Self, p_.group, g.addVar(std::move(v))};
        expm.targets.push_back(P[r][c]);
      }
    p_.prepare.push_back(std::move(expm));
    // expm(A dt)[r][c] is 0 for any parameter values unless c is reachable
    // from r through the non-zero entries of A (the power series has no other
    // terms), so those products are left out of the step:
    //     dge/dt = -ge / taue   only _P.ge.ge * ge, not _P.ge.v * v + ...
    std::vector<std::vector<bool>> reach(k, std::vector<bool>(k, false));
    for (std::size_t r = 0; r < k; ++r) {
      reach[r][r] = true;
      double v;
      for (std::size_t c = 0; r < n && c < k; ++c)
        if (!isConst((*rows)[r][c], &v) || v != 0) reach[r][c] = true;
    }
    for (std::size_t via = 0; via < k; ++via)
      for (std::size_t r = 0; r < k; ++r)
        for (std::size_t c = 0; c < k; ++c)
          if (reach[r][via] && reach[via][c]) reach[r][c] = true;
    for (std::size_t r = 0; r < n; ++r) {
      ExprRef sum = reach[r][n] ? varRef(P[r][n]) : constant(0);
      for (std::size_t c = 0; c < n; ++c)
        if (reach[r][c]) sum = foldAdd(sum, foldMul(varRef(P[r][c]), state(eqs[c])));
      results_.push_back({eqs[r], newLocal(sum)});
    }
  }

  Module &m_;
  Population &p_;
  ExprRef notRef_;
  std::vector<std::pair<int, ExprRef>> results_;
  std::map<int, ExprRef> wiener_;
};

} // namespace

void lowerIntegrators(Module &m) {
  for (Population &p : m.populations) {
    p.update.clear();
    p.prepare.clear();
    StepBuilder(m, p).build();
  }
  for (Projection &pr : m.projections) {
    if (!pr.clockDriven()) continue;
    Population p = clockDrivenStandIn(pr);
    StepBuilder(m, p).build();
    pr.update = std::move(p.update);
    pr.prepare = std::move(p.prepare);
    pr.locals = p.locals;
  }
}

} // namespace bdl::passes
