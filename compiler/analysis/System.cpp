// SPDX-License-Identifier: Apache-2.0
//===- System.cpp - right-hand sides, Jacobians and their values ----------===//
#include "analysis/System.h"

#include "passes/Passes.h"

#include <cmath>
#include <functional>
#include <unordered_map>

namespace bdl::analysis {

using namespace ir;

ExprRef withoutNoise(const ExprRef &e, bool step) {
  auto moves = [step](const Expr &x) { return x.op == Op::Noise || (step && x.op == Op::Step); };
  if (!e || !dependsOnAny(e, moves)) return e;
  if (moves(*e)) return constant(0);
  Expr copy = *e;
  for (ExprRef &a : copy.args) a = withoutNoise(a, step);
  return std::make_shared<const Expr>(std::move(copy));
}

std::optional<System> System::make(const Module &m, const std::string &population, std::string &error,
                                   const std::string &frozen) {
  System s;
  s.m_ = m;
  const Population *pop = nullptr;
  for (const Population &p : s.m_.populations)
    if (s.m_.groups[p.group].name == population) pop = &p;
  if (!pop) {
    error = "no population '" + population + "' in the experiment's network";
    return std::nullopt;
  }
  s.group_ = pop->group;
  if (pop->equations.empty()) {
    error = "population '" + population + "' has no differential equations";
    return std::nullopt;
  }
  bool froze = frozen.empty();
  for (const Equation &eq : pop->equations) {
    if (!frozen.empty() && s.var(eq.var).name == frozen) {
      froze = true;
      continue;
    }
    if (eq.fractional) {
      error = "'" + s.var(eq.var).name + "' follows a fractional (caputo) derivative, which the analysis does not treat";
      return std::nullopt;
    }
    s.states_.push_back(eq.var);
    s.rhs_.push_back(withoutNoise(eq.rhs));
  }
  if (!froze) {
    error = "'" + frozen + "' is not a state of population '" + population + "'";
    return std::nullopt;
  }
  if (s.states_.empty()) {
    error = "population '" + population + "' has no state left besides '" + frozen + "'";
    return std::nullopt;
  }
  for (const ExprRef &f : s.rhs_) {
    std::vector<ExprRef> row;
    for (int v : s.states_) {
      auto d = passes::differentiate(f, VarRef{Space::Self, s.group_, v});
      if (!d) {
        error = "the equation of '" + s.var(s.states_[row.size()]).name + "' uses a function without a derivative here";
        return std::nullopt;
      }
      row.push_back(*d);
    }
    s.jac_.push_back(std::move(row));
  }
  std::vector<ExprRef> flat;
  for (const auto &row : s.jac_) flat.insert(flat.end(), row.begin(), row.end());
  if (!s.bind(s.fTape_, s.rhs_, error) || !s.bind(s.jTape_, flat, error)) return std::nullopt;
  return s;
}

Tape::Leaf System::leaf(const Expr &e) {
  if (e.op == Op::Dt) return {-1, m_.experiment.dt};
  if (e.op != Op::Var) return {-1, 0}; // autonomous, neuron 0, no noise
  if (e.var.space == Space::Self && e.var.group == group_)
    for (std::size_t k = 0; k < states_.size(); ++k)
      if (states_[k] == e.var.var) return {static_cast<int>(k), 0};
  VarRef ref = e.var;
  if (ref.space != Space::Net) ref.space = Space::Self;
  for (std::size_t k = 0; k < paramRefs_.size(); ++k)
    if (paramRefs_[k] == ref) return {static_cast<int>(size() + k), 0};
  paramRefs_.push_back(ref);
  envValid_ = false;
  return {static_cast<int>(size() + paramRefs_.size() - 1), 0};
}

bool System::bind(Tape &t, const std::vector<ExprRef> &outputs, std::string &error) {
  return t.build(outputs, [this](const Expr &e) { return leaf(e); }, m_.arrays, error);
}

const double *System::env(const Vec &x) const {
  if (!envValid_ || env_.size() != size() + paramRefs_.size()) {
    env_.assign(size() + paramRefs_.size(), 0);
    for (std::size_t k = 0; k < paramRefs_.size(); ++k) env_[size() + k] = value(paramRefs_[k]);
    envValid_ = true;
  }
  for (std::size_t k = 0; k < size(); ++k) env_[k] = x[k];
  return env_.data();
}

std::optional<VarRef> System::stateRef(const std::string &name) const {
  int k = m_.groups[group_].find(name);
  if (k < 0 || m_.groups[group_].vars[k].role != Var::Role::State) return std::nullopt;
  return VarRef{Space::Self, group_, k};
}

std::optional<VarRef> System::param(const std::string &name) const {
  const Group &g = m_.groups[group_];
  int k = g.find(name);
  if (k >= 0 && g.vars[k].role == Var::Role::Param) return VarRef{Space::Self, group_, k};
  if (m_.network >= 0) {
    const Group &n = m_.groups[m_.network];
    int q = n.find(name);
    if (q >= 0 && n.vars[q].role == Var::Role::Param) return VarRef{Space::Net, m_.network, q};
  }
  return std::nullopt;
}

double System::value(const VarRef &r) const {
  if (auto it = values_.find(r); it != values_.end()) return it->second;
  const Var &v = m_.groups[r.group].vars[r.var];
  // A computed parameter (`param wm = 1 - f * (wp - 1) / (1 - f)`): from the
  // others' current values.
  if (v.init) return eval(v.init, Vec());
  return v.defaultValue;
}

Vec System::initial() const {
  Vec x(size());
  for (std::size_t k = 0; k < size(); ++k) {
    const Var &v = var(states_[k]);
    x[k] = v.init ? eval(v.init, Vec()) : v.defaultValue;
  }
  return x;
}

double System::eval(const ExprRef &root, const Vec &x) const {
  std::unordered_map<const Expr *, double> memo;
  std::function<double(const ExprRef &)> go = [&](const ExprRef &e) -> double {
    if (auto it = memo.find(e.get()); it != memo.end()) return it->second;
    std::vector<double> a;
    if (e->op != Op::Select)
      for (const ExprRef &q : e->args) a.push_back(go(q));
    double r = 0;
    switch (e->op) {
    case Op::Const: r = e->value; break;
    case Op::Var: {
      if (e->var.space == Space::Self && e->var.group == group_)
        for (std::size_t k = 0; k < states_.size(); ++k)
          if (states_[k] == e->var.var && k < static_cast<std::size_t>(x.size())) {
            r = x[k];
            memo[e.get()] = r;
            return r;
          }
      VarRef ref = e->var;
      if (ref.space != Space::Net) ref.space = Space::Self;
      r = value(ref);
      break;
    }
    case Op::Time: case Op::Step: case Op::Index: case Op::Noise: r = 0; break; // autonomous, neuron 0
    case Op::Dt: r = m_.experiment.dt; break;
    case Op::Neg: r = -a[0]; break;
    case Op::Not: r = a[0] == 0; break;
    case Op::Add: r = a[0] + a[1]; break;
    case Op::Sub: r = a[0] - a[1]; break;
    case Op::Mul: r = a[0] * a[1]; break;
    case Op::Div: r = a[0] / a[1]; break;
    case Op::Pow: r = std::pow(a[0], a[1]); break;
    case Op::Lt: r = a[0] < a[1]; break;
    case Op::Le: r = a[0] <= a[1]; break;
    case Op::Gt: r = a[0] > a[1]; break;
    case Op::Ge: r = a[0] >= a[1]; break;
    case Op::Eq: r = a[0] == a[1]; break;
    case Op::Ne: r = a[0] != a[1]; break;
    case Op::And: r = a[0] != 0 && a[1] != 0; break;
    case Op::Or: r = a[0] != 0 || a[1] != 0; break;
    case Op::Select: r = go(e->args[0]) != 0 ? go(e->args[1]) : go(e->args[2]); break;
    case Op::Call: r = applyMath(e->callee, a).value_or(NAN); break;
    case Op::Array: {
      const ArrayFile &arr = m_.arrays[e->local];
      auto k = static_cast<std::size_t>(a[0]);
      r = !arr.path.empty() || k >= arr.values.size() ? NAN : arr.values[k];
      break;
    }
    default: r = NAN; break; // local, random, search: not in a model's equations
    }
    memo[e.get()] = r;
    return r;
  };
  return go(root);
}

Vec System::f(const Vec &x) const {
  Vec out(size());
  fTape_.run(env(x), out.data());
  return out;
}

Mat System::jacobian(const Vec &x) const {
  // The tape's outputs are row-major; Eigen's default storage is by column.
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> J(size(), size());
  jTape_.run(env(x), J.data());
  return J;
}

bool System::continueIn(const VarRef &p, std::string &error) {
  if (dfdp_.count(p)) return true;
  std::vector<ExprRef> derived;
  // A parameter may reach the equations directly or through parameters the
  // model computes from it: substitute those first.
  std::map<VarRef, ExprRef> computed;
  for (int g : {group_, m_.network}) {
    if (g < 0) continue;
    for (std::size_t k = 0; k < m_.groups[g].vars.size(); ++k) {
      const Var &v = m_.groups[g].vars[k];
      VarRef r{g == m_.network ? Space::Net : Space::Self, g, static_cast<int>(k)};
      if (v.role == Var::Role::Param && v.init && !(r == p)) computed[r] = v.init;
    }
  }
  for (const ExprRef &f : rhs_) {
    ExprRef e = f;
    for (int pass = 0; pass < 4; ++pass) e = substitute(e, computed); // chains of derived parameters
    auto d = passes::differentiate(e, [&](const Expr &x) {
      return x.op == Op::Var && x.var.group == p.group && x.var.var == p.var;
    });
    if (!d) {
      error = "an equation uses the parameter through a function without a derivative";
      return false;
    }
    derived.push_back(*d);
  }
  if (!bind(dfdpTape_[p], derived, error)) {
    dfdpTape_.erase(p);
    return false;
  }
  dfdp_[p] = std::move(derived);
  return true;
}

bool System::higherDerivatives(std::string &error) {
  if (!hess_.empty()) return true;
  auto d = [&](const ExprRef &e, int j) -> std::optional<ExprRef> {
    return passes::differentiate(e, VarRef{Space::Self, group_, states_[j]});
  };
  const auto n = static_cast<int>(size());
  hess_.assign(n, std::vector<std::vector<ExprRef>>(n, std::vector<ExprRef>(n)));
  third_.assign(n, std::vector<std::vector<std::vector<ExprRef>>>(
                       n, std::vector<std::vector<ExprRef>>(n, std::vector<ExprRef>(n))));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) {
        auto h = d(jac_[i][j], k);
        if (!h) {
          error = "an equation has no second derivative";
          hess_.clear();
          return false;
        }
        hess_[i][j][k] = *h;
        for (int l = 0; l < n; ++l) {
          auto t = d(*h, l);
          if (!t) {
            error = "an equation has no third derivative";
            hess_.clear();
            return false;
          }
          third_[i][j][k][l] = *t;
        }
      }
  return true;
}

Eigen::VectorXcd System::B(const Vec &x, const Eigen::VectorXcd &u, const Eigen::VectorXcd &v) const {
  const auto n = static_cast<int>(size());
  Eigen::VectorXcd out = Eigen::VectorXcd::Zero(n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) out[i] += eval(hess_[i][j][k], x) * u[j] * v[k];
  return out;
}

Eigen::VectorXcd System::C(const Vec &x, const Eigen::VectorXcd &u, const Eigen::VectorXcd &v,
                           const Eigen::VectorXcd &w) const {
  const auto n = static_cast<int>(size());
  Eigen::VectorXcd out = Eigen::VectorXcd::Zero(n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k)
        for (int l = 0; l < n; ++l) out[i] += eval(third_[i][j][k][l], x) * u[j] * v[k] * w[l];
  return out;
}

Vec System::dfdp(const VarRef &p, const Vec &x) const {
  Vec out(size());
  dfdpTape_.at(p).run(env(x), out.data());
  return out;
}

} // namespace bdl::analysis
