// SPDX-License-Identifier: Apache-2.0
//===- Tape.cpp - flattening and evaluating expression DAGs ----------------===//
#include "analysis/Tape.h"

#include <cmath>
#include <unordered_map>

namespace bdl::analysis {

using namespace ir;

namespace {

double exprel(double x) { return x == 0 ? 1.0 : std::expm1(x) / x; }
double absValue(double x) { return std::fabs(x); }
double signOf(double x) { return double((x > 0) - (x < 0)); }
double heaviside(double x) { return x > 0 ? 1.0 : x < 0 ? 0.0 : 0.5; }

/// The functions of ir::applyMath with one or two arguments, bound once.
double (*unaryFunction(const std::string &f))(double) {
  static const std::unordered_map<std::string, double (*)(double)> table = {
      {"exp", [](double x) { return std::exp(x); }},     {"log", [](double x) { return std::log(x); }},
      {"log10", [](double x) { return std::log10(x); }}, {"log2", [](double x) { return std::log2(x); }},
      {"sin", [](double x) { return std::sin(x); }},     {"cos", [](double x) { return std::cos(x); }},
      {"tan", [](double x) { return std::tan(x); }},     {"asin", [](double x) { return std::asin(x); }},
      {"acos", [](double x) { return std::acos(x); }},   {"atan", [](double x) { return std::atan(x); }},
      {"sinh", [](double x) { return std::sinh(x); }},   {"cosh", [](double x) { return std::cosh(x); }},
      {"tanh", [](double x) { return std::tanh(x); }},   {"expm1", [](double x) { return std::expm1(x); }},
      {"log1p", [](double x) { return std::log1p(x); }}, {"exprel", exprel},
      {"sqrt", [](double x) { return std::sqrt(x); }},   {"abs", absValue},
      {"floor", [](double x) { return std::floor(x); }}, {"ceil", [](double x) { return std::ceil(x); }},
      {"round", [](double x) { return std::round(x); }}, {"sign", signOf},
      {"heaviside", heaviside}};
  auto it = table.find(f);
  return it == table.end() ? nullptr : it->second;
}

double (*binaryFunction(const std::string &f))(double, double) {
  if (f == "min") return [](double a, double b) { return std::fmin(a, b); };
  if (f == "max") return [](double a, double b) { return std::fmax(a, b); };
  if (f == "atan2") return [](double a, double b) { return std::atan2(a, b); };
  return nullptr;
}

} // namespace

bool Tape::build(const std::vector<ExprRef> &outputs, const Resolver &resolve, const std::vector<ArrayFile> &arrays,
                 std::string &error) {
  nodes_.clear();
  outputs_.clear();
  std::unordered_map<const Expr *, int> seen;
  bool ok = true;
  // Post-order, iteratively deep expressions (long sums) cannot overflow
  // the stack: each frame is (node, next operand to visit).
  for (const ExprRef &root : outputs) {
    std::vector<std::pair<const Expr *, std::size_t>> stack{{root.get(), 0}};
    while (!stack.empty() && ok) {
      auto &[e, next] = stack.back();
      if (seen.count(e)) {
        stack.pop_back();
        continue;
      }
      if (next < e->args.size()) {
        const Expr *arg = e->args[next++].get();
        if (!seen.count(arg)) stack.push_back({arg, 0});
        continue;
      }
      Node n;
      n.op = e->op;
      auto operand = [&](std::size_t k) { return seen.at(e->args[k].get()); };
      switch (e->op) {
      case Op::Const: n.value = e->value; break;
      case Op::Var: case Op::Time: case Op::Dt: case Op::Step: case Op::Index: case Op::Noise: {
        Leaf l = resolve(*e);
        n.op = Op::Const;
        if (l.slot >= 0) {
          n.op = Op::Var;
          n.slot = l.slot;
        }
        n.value = l.value;
        break;
      }
      case Op::Call:
        if (e->args.size() == 1) n.fn1 = unaryFunction(e->callee);
        if (e->args.size() == 2) n.fn2 = binaryFunction(e->callee);
        if (!n.fn1 && !n.fn2) {
          n.callee = e->callee;
          for (std::size_t k = 0; k < e->args.size(); ++k) n.args.push_back(operand(k));
        } else {
          n.a = operand(0);
          if (n.fn2) n.b = operand(1);
        }
        break;
      case Op::Array:
        n.a = operand(0);
        n.array = arrays[e->local].path.empty() ? &arrays[e->local].values : nullptr;
        break;
      case Op::Random: case Op::Local: case Op::Search:
        error = std::string("the analysis cannot evaluate '") + spelling(e->op) + "' in an equation";
        ok = false;
        break;
      default:
        if (!e->args.empty()) n.a = operand(0);
        if (e->args.size() > 1) n.b = operand(1);
        if (e->args.size() > 2) n.c = operand(2);
        break;
      }
      seen[e] = static_cast<int>(nodes_.size());
      nodes_.push_back(std::move(n));
      stack.pop_back();
    }
    if (!ok) return false;
    outputs_.push_back(seen.at(root.get()));
  }
  work_.assign(nodes_.size(), 0);
  return true;
}

void Tape::run(const double *env, double *out) const {
  double *w = work_.data();
  for (std::size_t k = 0; k < nodes_.size(); ++k) {
    const Node &n = nodes_[k];
    double r = 0;
    switch (n.op) {
    case Op::Const: r = n.value; break;
    case Op::Var: r = env[n.slot]; break;
    case Op::Neg: r = -w[n.a]; break;
    case Op::Not: r = w[n.a] == 0; break;
    case Op::Add: r = w[n.a] + w[n.b]; break;
    case Op::Sub: r = w[n.a] - w[n.b]; break;
    case Op::Mul: r = w[n.a] * w[n.b]; break;
    case Op::Div: r = w[n.a] / w[n.b]; break;
    case Op::Pow: {
      double e = w[n.b];
      r = e == 2 ? w[n.a] * w[n.a] : std::pow(w[n.a], e);
      break;
    }
    case Op::Lt: r = w[n.a] < w[n.b]; break;
    case Op::Le: r = w[n.a] <= w[n.b]; break;
    case Op::Gt: r = w[n.a] > w[n.b]; break;
    case Op::Ge: r = w[n.a] >= w[n.b]; break;
    case Op::Eq: r = w[n.a] == w[n.b]; break;
    case Op::Ne: r = w[n.a] != w[n.b]; break;
    case Op::And: r = w[n.a] != 0 && w[n.b] != 0; break;
    case Op::Or: r = w[n.a] != 0 || w[n.b] != 0; break;
    // Both branches were evaluated: they have no side effects, and a NaN in
    // the branch not taken is not read.
    case Op::Select: r = w[n.a] != 0 ? w[n.b] : w[n.c]; break;
    case Op::Call:
      if (n.fn1) r = n.fn1(w[n.a]);
      else if (n.fn2) r = n.fn2(w[n.a], w[n.b]);
      else {
        std::vector<double> a;
        for (int q : n.args) a.push_back(w[q]);
        r = applyMath(n.callee, a).value_or(NAN);
      }
      break;
    case Op::Array: {
      auto i = static_cast<std::size_t>(w[n.a]);
      r = n.array && w[n.a] >= 0 && i < n.array->size() ? (*n.array)[i] : NAN;
      break;
    }
    default: r = NAN; break;
    }
    w[k] = r;
  }
  for (std::size_t k = 0; k < outputs_.size(); ++k) out[k] = w[outputs_[k]];
}

} // namespace bdl::analysis
