// SPDX-License-Identifier: Apache-2.0
//===- ExprPrinter.cpp - expressions and units with minimal parentheses ----===//
//
// The AST keeps no parentheses, so they are put back from precedence: a
// child binding more loosely than its position allows is parenthesised.
//   (a + b) * c      stays    (a + b) * c
//   -(x^2)           becomes  -x^2
//   (2 mV)^2         stays    (2 mV)^2     (`2 mV^2` would be 2 mV²)
#include "fmt/Printers.h"
#include "units/Unit.h"

#include "support/Casting.h"

namespace bdl::fmt {

using namespace ast;
using support::cast;

namespace {

enum Prec : int { Cond = 1, Or, And, Not, Cmp, Add, Mul, Unary, Pow, Primary };

int precOf(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Cond: return Cond;
  case ExprKind::Unary: return cast<UnaryExpr>(&e)->op == UnaryOp::Not ? Not : Unary;
  case ExprKind::Binary:
    switch (cast<BinaryExpr>(&e)->op) {
    case BinaryOp::Or: return Or;
    case BinaryOp::And: return And;
    case BinaryOp::Add:
    case BinaryOp::Sub: return Add;
    case BinaryOp::Mul:
    case BinaryOp::Div: return Mul;
    case BinaryOp::Pow: return Pow;
    default: return Cmp;
    }
  // A literal with a unit is a primary everywhere but as the base of a
  // power, where `2 mV^2` would square only the unit.
  case ExprKind::Quantity: return Pow;
  default: return Primary;
  }
}

std::string exponent(support::Rational e) {
  if (e.isInteger()) return std::to_string(e.num());
  return "(" + e.str() + ")";
}

std::string escape(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

} // namespace

std::string printArgs(const std::vector<Arg> &args) {
  std::string out = "(";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i) out += ", ";
    if (!args[i].name.empty()) out += args[i].name.name + " = ";
    out += printExpr(*args[i].value);
  }
  return out + ")";
}

std::string printExpr(const Expr &e, int minPrec) {
  std::string s;
  switch (e.kind) {
  case ExprKind::Number: s = cast<NumberExpr>(&e)->text; break;
  case ExprKind::Quantity: {
    auto &q = *cast<QuantityExpr>(&e);
    s = q.number->text;
    for (std::size_t i = 0; i < q.chain.size(); ++i) {
      const UnitFactor &f = q.chain[i];
      // A compound unit stays one word (`1 mS/cm^2`); a variable in the
      // chain (`20 mV / taum`, decided by sema) is spaced as arithmetic.
      bool unit = units::lookupUnit(f.name.name).has_value();
      s += i == 0 ? " " : f.divide ? (unit ? "/" : " / ") : (unit ? "*" : " * ");
      s += f.name.name;
      if (f.exponent != 1) s += "^" + exponent(f.exponent);
    }
    break;
  }
  case ExprKind::Bool: s = cast<BoolExpr>(&e)->value ? "true" : "false"; break;
  case ExprKind::String: s = escape(cast<StringExpr>(&e)->value); break;
  case ExprKind::Name: s = cast<NameExpr>(&e)->name.name; break;
  case ExprKind::Scoped: {
    auto &sc = *cast<ScopedExpr>(&e);
    s = std::string(sc.scope == Scope::Pre ? "pre." : "post.") + sc.name.name;
    break;
  }
  case ExprKind::Member: {
    auto &m = *cast<MemberExpr>(&e);
    s = m.base.name + "." + m.name.name;
    break;
  }
  case ExprKind::Call: {
    auto &c = *cast<CallExpr>(&e);
    s = c.callee.name + printArgs(c.args);
    break;
  }
  case ExprKind::Unary: {
    auto &u = *cast<UnaryExpr>(&e);
    if (u.op == UnaryOp::Not) s = "not " + printExpr(*u.operand, Not);
    else s = std::string(u.op == UnaryOp::Neg ? "-" : "+") + printExpr(*u.operand, Unary);
    break;
  }
  case ExprKind::Binary: {
    auto &b = *cast<BinaryExpr>(&e);
    int p = precOf(e);
    if (b.op == BinaryOp::Pow) {
      // Right-associative: `a^b^c` is `a^(b^c)`; a signed exponent keeps
      // its parentheses, `2^(-1)`.
      s = printExpr(*b.lhs, Pow + 1) + "^" + printExpr(*b.rhs, Pow);
    } else {
      s = printExpr(*b.lhs, p) + " " + spelling(b.op) + " " + printExpr(*b.rhs, p + 1);
    }
    break;
  }
  case ExprKind::Cond: {
    auto &c = *cast<CondExpr>(&e);
    s = "if " + printExpr(*c.cond, Or) + " then " + printExpr(*c.thenExpr, Or) + " else " +
        printExpr(*c.elseExpr, Cond);
    break;
  }
  case ExprKind::List: {
    s = "[";
    auto &l = *cast<ListExpr>(&e);
    for (std::size_t i = 0; i < l.elems.size(); ++i) s += (i ? ", " : "") + printExpr(*l.elems[i]);
    s += "]";
    break;
  }
  case ExprKind::Error: s = "?"; break;
  }
  return precOf(e) < minPrec ? "(" + s + ")" : s;
}

std::string printUnit(const UnitNode &u) {
  auto operand = [](const UnitNode &n) {
    bool compound = n.kind == UnitNode::Kind::Mul || n.kind == UnitNode::Kind::Div;
    return compound ? "(" + printUnit(n) + ")" : printUnit(n);
  };
  switch (u.kind) {
  case UnitNode::Kind::Name: return u.name.name;
  case UnitNode::Kind::One: return "1";
  case UnitNode::Kind::Mul: return printUnit(*u.lhs) + "*" + operand(*u.rhs);
  case UnitNode::Kind::Div: return printUnit(*u.lhs) + "/" + operand(*u.rhs);
  case UnitNode::Kind::Pow: return operand(*u.lhs) + "^" + exponent(u.exponent);
  case UnitNode::Kind::Sqrt: return "sqrt(" + printUnit(*u.lhs) + ")";
  }
  return "?";
}

} // namespace bdl::fmt
