// SPDX-License-Identifier: Apache-2.0
//===- Evaluate.cpp - compile-time values of constant expressions ----------===//
#include "ir/model/Expr.h"

#include <cmath>

namespace bdl::ir {

std::optional<double> applyMath(const std::string &f, const std::vector<double> &a) {
  auto x = a.empty() ? 0.0 : a[0];
  if (a.size() == 1) {
    if (f == "exp") return std::exp(x);
    if (f == "log") return std::log(x);
    if (f == "log10") return std::log10(x);
    if (f == "log2") return std::log2(x);
    if (f == "sin") return std::sin(x);
    if (f == "cos") return std::cos(x);
    if (f == "tan") return std::tan(x);
    if (f == "asin") return std::asin(x);
    if (f == "acos") return std::acos(x);
    if (f == "atan") return std::atan(x);
    if (f == "sinh") return std::sinh(x);
    if (f == "cosh") return std::cosh(x);
    if (f == "tanh") return std::tanh(x);
    if (f == "expm1") return std::expm1(x);
    if (f == "log1p") return std::log1p(x);
    if (f == "exprel") return x == 0 ? 1.0 : std::expm1(x) / x;
    if (f == "sqrt") return std::sqrt(x);
    if (f == "abs") return std::fabs(x);
    if (f == "floor") return std::floor(x);
    if (f == "ceil") return std::ceil(x);
    if (f == "round") return std::round(x);
    if (f == "sign") return double((x > 0) - (x < 0));
    if (f == "heaviside") return x > 0 ? 1.0 : x < 0 ? 0.0 : 0.5;
  }
  if (a.size() == 2) {
    if (f == "min") return std::fmin(a[0], a[1]);
    if (f == "max") return std::fmax(a[0], a[1]);
    if (f == "atan2") return std::atan2(a[0], a[1]);
  }
  if (a.size() == 3 && f == "clip") return std::fmin(std::fmax(a[0], a[1]), a[2]);
  return std::nullopt;
}

std::optional<double> evaluateConstant(const ExprRef &e) {
  if (!e) return std::nullopt;
  std::vector<double> a;
  for (const ExprRef &x : e->args) {
    auto v = evaluateConstant(x);
    if (!v) return std::nullopt;
    a.push_back(*v);
  }
  switch (e->op) {
  case Op::Const: return e->value;
  case Op::Neg: return -a[0];
  case Op::Not: return a[0] == 0 ? 1.0 : 0.0;
  case Op::Add: return a[0] + a[1];
  case Op::Sub: return a[0] - a[1];
  case Op::Mul: return a[0] * a[1];
  case Op::Div: return a[0] / a[1];
  case Op::Pow: return std::pow(a[0], a[1]);
  case Op::Lt: return double(a[0] < a[1]);
  case Op::Le: return double(a[0] <= a[1]);
  case Op::Gt: return double(a[0] > a[1]);
  case Op::Ge: return double(a[0] >= a[1]);
  case Op::Eq: return double(a[0] == a[1]);
  case Op::Ne: return double(a[0] != a[1]);
  case Op::And: return double(a[0] != 0 && a[1] != 0);
  case Op::Or: return double(a[0] != 0 || a[1] != 0);
  case Op::Select: return a[0] != 0 ? a[1] : a[2];
  case Op::Call: return applyMath(e->callee, a);
  default: return std::nullopt;
  }
}

} // namespace bdl::ir
