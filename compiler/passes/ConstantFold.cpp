// SPDX-License-Identifier: Apache-2.0
//===- ConstantFold.cpp - constant-fold: fold constants and trivial algebra ===//
//
// Integrator lowering produces `v + dt * (0 * x + ...)`-like terms; folding
// keeps the IR readable and the generated code minimal. Folding never
// touches variables: parameters stay runtime inputs.
#include "passes/Passes.h"

#include <cmath>
#include <unordered_map>

namespace bdl::passes {

using namespace ir;

static bool is(const ExprRef &e, double v) {
  double c;
  return isConst(e, &c) && c == v;
}

ExprRef foldAdd(ExprRef a, ExprRef b) {
  double x, y;
  if (isConst(a, &x) && isConst(b, &y)) return constant(x + y);
  if (is(a, 0)) return b;
  if (is(b, 0)) return a;
  return add(std::move(a), std::move(b));
}
ExprRef foldSub(ExprRef a, ExprRef b) {
  double x, y;
  if (isConst(a, &x) && isConst(b, &y)) return constant(x - y);
  if (is(b, 0)) return a;
  if (is(a, 0)) return foldNeg(std::move(b));
  return sub(std::move(a), std::move(b));
}
/// `c1 * y` or `c1 / y` as (c1, the rest), where c1 is a constant: unit
/// factors such as `/ ms` (written after the expression they scale) meet the
/// expression's own constant in one product, computed here once instead of
/// per neuron and step, as in `0.32 / mV * 4 mV / exprel(...) / ms`. The
/// result may differ in the last bit, as with a reciprocal.
static bool scaled(const ExprRef &e, double *c, ExprRef *rest, bool *divides) {
  if ((e->op == Op::Mul || e->op == Op::Div) && isConst(e->args[0], c)) {
    *rest = e->args[1];
    *divides = e->op == Op::Div;
    return true;
  }
  if (e->op == Op::Mul && isConst(e->args[1], c)) {
    *rest = e->args[0];
    *divides = false;
    return true;
  }
  return false;
}

/// (c1 op y) * c2 or (c1 op y) / c2 with c1 and c2 combined, if finite and
/// nonzero.
static ExprRef combine(const ExprRef &a, double c2, bool divideByC2) {
  double c1;
  ExprRef rest;
  bool divides;
  if (!scaled(a, &c1, &rest, &divides)) return nullptr;
  double c = divideByC2 ? c1 / c2 : c1 * c2;
  if (!std::isfinite(c) || c == 0) return nullptr;
  return divides ? div(constant(c), rest) : mul(constant(c), rest);
}

ExprRef foldMul(ExprRef a, ExprRef b) {
  double x, y;
  if (isConst(a, &x) && isConst(b, &y)) return constant(x * y);
  if (isConst(b, &y) && y != 0)
    if (ExprRef c = combine(a, y, false)) return c;
  if (isConst(a, &x) && x != 0)
    if (ExprRef c = combine(b, x, false)) return c;
  if (is(a, 0) || is(b, 0)) return constant(0);
  if (is(a, 1)) return b;
  if (is(b, 1)) return a;
  if (is(a, -1)) return foldNeg(std::move(b));
  if (is(b, -1)) return foldNeg(std::move(a));
  return mul(std::move(a), std::move(b));
}
ExprRef foldDiv(ExprRef a, ExprRef b) {
  double x, y;
  if (isConst(a, &x) && isConst(b, &y) && y != 0) return constant(x / y);
  if (is(a, 0)) return constant(0);
  if (is(b, 1)) return a;
  if (isConst(b, &y) && y != 0)
    if (ExprRef c = combine(a, y, true)) return c;
  return div(std::move(a), std::move(b));
}
ExprRef foldNeg(ExprRef a) {
  double x;
  if (isConst(a, &x)) return constant(-x);
  if (a->op == Op::Neg) return a->args[0];
  return neg(std::move(a));
}

namespace {
struct Folder {
  std::unordered_map<const Expr *, ExprRef> memo;
  ExprRef run(const ExprRef &e) {
    if (!e || e->args.empty()) return e;
    if (auto it = memo.find(e.get()); it != memo.end()) return it->second;
    std::vector<ExprRef> args;
    bool changed = false;
    for (const ExprRef &a : e->args) {
      args.push_back(run(a));
      changed |= args.back() != a;
    }
    ExprRef out;
    switch (e->op) {
    case Op::Add: out = foldAdd(args[0], args[1]); break;
    case Op::Sub: out = foldSub(args[0], args[1]); break;
    case Op::Mul: out = foldMul(args[0], args[1]); break;
    case Op::Div: out = foldDiv(args[0], args[1]); break;
    case Op::Neg: out = foldNeg(args[0]); break;
    case Op::Random:
    case Op::Array:
    case Op::Search: break;
    default: {
      bool allConst = true;
      for (const ExprRef &a : args) allConst &= isConst(a);
      if (allConst) {
        Expr copy = *e;
        copy.args = args;
        if (auto v = evaluateConstant(std::make_shared<const Expr>(copy)); v && std::isfinite(*v)) out = constant(*v);
      }
      if (!out && e->op == Op::Select) {
        double c;
        if (isConst(args[0], &c)) out = c != 0 ? args[1] : args[2];
      }
      if (!out && e->op == Op::Pow && is(args[1], 1)) out = args[0];
    }
    }
    if (!out) {
      if (changed) {
        Expr copy = *e;
        copy.args = std::move(args);
        out = std::make_shared<const Expr>(std::move(copy));
      } else {
        out = e;
      }
    }
    memo.emplace(e.get(), out);
    return out;
  }
  void block(Block &b) {
    for (Stmt &s : b) {
      s.value = run(s.value);
      for (ExprRef &a : s.args) a = run(a);
      block(s.thenBlock);
      block(s.elseBlock);
    }
  }
};
} // namespace

ExprRef foldExpr(const ExprRef &e) {
  Folder f;
  return f.run(e);
}

void constantFold(KernelModule &km) {
  Folder f;
  Module &m = km.model;
  for (Group &g : m.groups)
    for (Var &v : g.vars) {
      v.init = f.run(v.init);
      // A constant initial value is data, filled in at allocation: no kernel
      // needs to run for it, and `--set` can change a parameter's.
      double c;
      if (isConst(v.init, &c)) {
        v.defaultValue = c;
        v.init = nullptr;
      }
    }
  for (Population &p : m.populations) {
    for (Equation &eq : p.equations) eq.rhs = f.run(eq.rhs);
    p.threshold = f.run(p.threshold);
    p.refractory = f.run(p.refractory);
    f.block(p.reset);
    for (NamedEvent &e : p.events) {
      e.condition = f.run(e.condition);
      f.block(e.body);
    }
    f.block(p.update);
    f.block(p.prepare);
    f.block(p.stimuli);
  }
  for (Projection &pr : m.projections) {
    f.block(pr.onPre);
    f.block(pr.onPost);
  }
  for (Kernel &k : km.kernels) {
    f.block(k.prologue);
    f.block(k.body);
  }
}

} // namespace bdl::passes
