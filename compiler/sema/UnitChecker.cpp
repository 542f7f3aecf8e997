// SPDX-License-Identifier: Apache-2.0
//===- UnitChecker.cpp - types and dimensions of every expression ----------===//
//
// Every expression gets a dimension (7 rational exponents) and, when it is a
// compile-time constant, its value in SI. For example in
//   param taum: ms = 20 ms
//   dv/dt = (El - v + Ib) / taum
// `El - v + Ib` is a voltage, `/ taum` makes it voltage per time, which is
// what `dv/dt` needs. Mismatches name both dimensions and underline both
// operands; a poisoned operand silences everything that depends on it.
#include "sema/SemaContext.h"

#include "support/Casting.h"

#include <cmath>
#include <regex>
#include <cstdlib>

namespace bdl::sema {

using namespace ast;
using diag::DiagId;
using support::cast;
using support::Rational;

std::string describeValue(const Value &v) {
  switch (v.kind) {
  case Value::Kind::Bool: return "a truth value";
  case Value::Kind::String: return "a string";
  case Value::Kind::List: return "a list of " + units::describeDimension(v.dim);
  default: return units::describeDimension(v.dim);
  }
}

/// A double exponent as a small exact fraction (`0.5` is 1/2), if it is one.
static std::optional<Rational> toRational(double x) {
  if (!std::isfinite(x) || std::fabs(x) > 1e6) return std::nullopt;
  for (int den = 1; den <= 12; ++den) {
    double n = x * den;
    if (std::fabs(n - std::round(n)) < 1e-9) return Rational(static_cast<std::int64_t>(std::round(n)), den);
  }
  return std::nullopt;
}

static const std::vector<std::string> &unitSuggestions() {
  static const std::vector<std::string> list = [] {
    std::vector<std::string> l = units::baseUnitNames();
    for (const char *u : {"mV", "uV", "ms", "us", "nS", "uS", "mS", "pF", "nF", "uF", "pA", "nA", "uA",
                          "mA", "kHz", "cm", "mm", "um", "nm", "mM", "uM", "nM", "kohm", "Mohm", "Gohm",
                          "kg", "mol"})
      l.push_back(u);
    return l;
  }();
  return list;
}

/// Common spellings from other tools first (`msec`, `mv`, `Ohm`), then the
/// closest unit by edit distance.
static std::string suggestUnit(const std::string &name) {
  static const std::map<std::string, std::string> aliases = {
      {"sec", "s"}, {"secs", "s"}, {"msec", "ms"}, {"usec", "us"}, {"nsec", "ns"}, {"hz", "Hz"},
      {"khz", "kHz"}, {"ohms", "ohm"}, {"Ohm", "ohm"}, {"kOhm", "kohm"}, {"MOhm", "Mohm"}, {"um2", "um^2"},
      {"cm2", "cm^2"}, {"amp", "A"}, {"volt", "V"}, {"mvolt", "mV"}, {"msecond", "ms"}, {"nsiemens", "nS"}};
  if (auto it = aliases.find(name); it != aliases.end()) return it->second;
  auto lower = [](std::string s) {
    for (char &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  for (const std::string &u : unitSuggestions())
    if (u != name && lower(u) == lower(name)) return u;
  return closestName(name, unitSuggestions());
}

/// The single site of E0204.
static void unknownUnit(SemaContext &cx, const std::string &name, SourceRange r,
                        const std::string &alsoName = {}) {
  auto b = cx.report(DiagId::E0204, r, {name});
  if (!alsoName.empty()) {
    b.help("'" + name + "' is " + alsoName + "; to multiply by it, write '*' before it");
  } else if (std::string s = suggestUnit(name); !s.empty()) {
    b.help("did you mean '" + s + "'?").fixit(r, s);
  }
}

/// The single site of E0312.
/// A decimal such as 0.5 or -1.5 gets the fraction to write instead.
static void badExponent(SemaContext &cx, SourceRange r) {
  auto d = cx.report(DiagId::E0312, r);
  std::string text(cx.text(r));
  char *end = nullptr;
  double x = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(x) || x == std::round(x)) return;
  for (int q = 2; q <= 12; ++q) {
    double p = x * q;
    if (std::fabs(p - std::round(p)) < 1e-9 && std::fabs(p) < 1e6) {
      std::string frac = "(" + std::to_string(static_cast<long long>(std::round(p))) + "/" + std::to_string(q) + ")";
      d.help("write the fraction: ^" + frac).fixit(r, frac);
      return;
    }
  }
}

std::optional<units::Unit> evalUnit(SemaContext &cx, const UnitNode &u, const ExprEnv &env) {
  switch (u.kind) {
  case UnitNode::Kind::One:
    if (u.badExponent) {
      unknownUnit(cx, cx.text(u.range), u.range);
      return std::nullopt;
    }
    return units::Unit{};
  case UnitNode::Kind::Name: {
    if (auto unit = units::lookupUnit(u.name.name)) return unit;
    unknownUnit(cx, u.name.name, u.name.range);
    return std::nullopt;
  }
  case UnitNode::Kind::Mul:
  case UnitNode::Kind::Div: {
    auto a = evalUnit(cx, *u.lhs, env);
    auto b = evalUnit(cx, *u.rhs, env);
    if (!a || !b) return std::nullopt;
    return u.kind == UnitNode::Kind::Mul ? *a * *b : *a / *b;
  }
  case UnitNode::Kind::Pow: {
    auto a = evalUnit(cx, *u.lhs, env);
    if (u.badExponent) {
      badExponent(cx, u.exponentRange);
      return std::nullopt;
    }
    if (!a) return std::nullopt;
    return units::pow(*a, u.exponent);
  }
  case UnitNode::Kind::Sqrt: {
    if (u.name.name != "sqrt") {
      reportUnknownUnitFunction(cx, u.name);
      return std::nullopt;
    }
    auto a = evalUnit(cx, *u.lhs, env);
    if (!a) return std::nullopt;
    return units::pow(*a, Rational(1, 2));
  }
  }
  return std::nullopt;
}

bool checkDeclared(SemaContext &cx, const Value &v, const Dimension &expected, const std::string &what,
                   SourceRange valueRange, SourceRange declRange, const std::string &unitHint) {
  if (v.isPoison() || (v.isNumber() && (v.zeroLiteral || v.dim == expected))) return true;
  if (v.kind == Value::Kind::List && v.dim == expected) return true;
  auto b = cx.report(DiagId::E0304, valueRange,
                     {what, units::describeDimension(expected), describeValue(v)});
  if (declRange.valid() && declRange != valueRange) b.note(declRange, "'" + what + "' declared here");
  if (v.isNumber() && v.dim.isDimensionless() && !expected.isDimensionless()) {
    std::string unit = unitHint.empty() ? units::naturalUnit(expected) : unitHint;
    b.help("add a unit, e.g. ' " + unit + "'").fixit(valueRange.finish(), " " + unit);
  }
  return false;
}

bool requireTime(SemaContext &cx, const Value &v, const std::string &what, SourceRange r) {
  if (v.isPoison()) return false;
  if (v.isNumber() && v.dim == Dimension::base(units::BaseDim::Time)) return true;
  auto b = cx.report(DiagId::E0309, r, {what, describeValue(v)});
  if (v.isNumber() && v.dim.isDimensionless()) b.help("add a unit, e.g. ' ms'").fixit(r.finish(), " ms");
  return false;
}

bool requireDimensionless(SemaContext &cx, const Value &v, const std::string &what, SourceRange r) {
  if (v.isPoison()) return false;
  if (v.isNumber() && (v.dim.isDimensionless() || v.zeroLiteral)) return true;
  cx.report(DiagId::E0311, r, {what, describeValue(v)});
  return false;
}

void reportUndeclared(SemaContext &cx, const Ident &id, const ExprEnv &env) {
  auto b = cx.report(DiagId::E0201, id.range, {id.name});
  if (std::string s = closestName(id.name, visibleNames(env)); !s.empty())
    b.help("did you mean '" + s + "'?").fixit(id.range, s);
}

bool requireBool(SemaContext &cx, const Value &v, const std::string &what, SourceRange r) {
  if (v.isPoison() || v.kind == Value::Kind::Bool) return true;
  cx.report(DiagId::E0407, r, {what});
  return false;
}

void reportExpectedDim(SemaContext &cx, const std::string &what, const Value &v,
                       const std::string &expected, SourceRange r) {
  cx.report(DiagId::E0313, r, {what, describeValue(v), expected});
}

namespace {

class Checker {
public:
  Checker(SemaContext &cx, const ExprEnv &env) : cx_(cx), env_(env) {}

  Value check(const Expr &e) {
    switch (e.kind) {
    case ExprKind::Number: {
      Value v = Value::number({}, cast<NumberExpr>(&e)->value);
      v.zeroLiteral = *v.constant == 0.0;
      return v;
    }
    case ExprKind::Quantity: return finite(quantity(*cast<QuantityExpr>(&e)), e.range);
    case ExprKind::Bool: {
      Value v;
      v.kind = Value::Kind::Bool;
      v.constant = cast<BoolExpr>(&e)->value ? 1.0 : 0.0;
      return v;
    }
    case ExprKind::String: {
      Value v;
      v.kind = Value::Kind::String;
      return v;
    }
    case ExprKind::Name: return resolve(cast<NameExpr>(&e)->name);
    case ExprKind::Scoped: return scoped(*cast<ScopedExpr>(&e));
    case ExprKind::Member: return member(*cast<MemberExpr>(&e));
    case ExprKind::Call: return finite(checkCall(cx_, *cast<CallExpr>(&e), env_), e.range);
    case ExprKind::Unary: return unary(*cast<UnaryExpr>(&e));
    case ExprKind::Binary: return binary(*cast<BinaryExpr>(&e));
    case ExprKind::Cond: return cond(*cast<CondExpr>(&e));
    case ExprKind::List: return list(*cast<ListExpr>(&e));
    case ExprKind::Error: return Value::poison();
    }
    return Value::poison();
  }

private:
  /// Whether `n` names something in scope (so that it must not also be read as a unit).
  std::string nameMeaning(const std::string &n) {
    if (env_.model)
      if (Symbol *s = env_.model->find(n)) return std::string(describe(s->kind)) + " of '" + env_.model->name + "'";
    if (env_.networkParams && env_.networkParams->count(n)) return "a network parameter";
    if (n == "t" || n == "dt" || n == "pi") return "a built-in name";
    return {};
  }

  /// The single site of E0205: a name read as a unit and as something else.
  void ambiguous(const Ident &id, const units::Unit &unit, const std::string &meaning, const std::string &help) {
    cx_.report(DiagId::E0205, id.range,
               {id.name, "the unit " + id.name + " (" + units::describeDimension(unit.dim) + ")",
                meaning})
        .help(help);
  }

  Value symbolValue(ModelInfo &m, Symbol &s, const std::string &prefix = {}) {
    if (s.kind == SymKind::Let || (s.kind == SymKind::Param && s.untypedVar)) ensureLetChecked(cx_, m, s);
    if (s.kind == SymKind::Param && s.typedParam) ensureParamValue(cx_, m, s);
    if (s.poison) return Value::poison();
    Value v = Value::number(s.dim);
    switch (s.kind) {
    case SymKind::Param: v.constant = s.value; break;
    case SymKind::Let:
      v.constant = s.value;
      v.dependsOn = s.letDepends;
      break;
    default: v.dependsOn = std::string(describe(s.kind)).substr(2) + " '" + prefix + s.name + "'";
    }
    if (v.dependsOn.rfind("a ", 0) == 0 || v.dependsOn.rfind("n ", 0) == 0) v.dependsOn.erase(0, 2);
    return v;
  }

  Value resolve(const Ident &id) {
    const std::string &n = id.name;
    if (n.empty()) return Value::poison();
    if (env_.model) {
      if (Symbol *s = env_.model->find(n)) {
        if (s->kind == SymKind::Channel) {
          std::string example = "I";
          if (s->channel)
            for (auto &[name, sym] : s->channel->symbols)
              if (sym.kind == SymKind::Let) example = name;
          reportWrongKind(cx_, id.range, n, "channel instance", "value", {},
                          "refer to one of its variables, e.g. '" + n + "." + example + "'");
          return Value::poison();
        }
        return symbolValue(*env_.model, *s);
      }
    }
    if (env_.networkParams) {
      auto it = env_.networkParams->find(n);
      if (it != env_.networkParams->end()) return it->second;
    }
    if (n == "t" || n == "dt") {
      Value v = Value::number(Dimension::base(units::BaseDim::Time));
      v.dependsOn = "the time '" + n + "'";
      return v;
    }
    if (n == "pi") return Value::number({}, M_PI);
    if (n == "i" || n == "j" || n == "distance") {
      // Pre and post indices, and the distance between the two neurons'
      // positions (`at ring(...)`), for rules such as
      //   connect probability(exp(-distance / 100 um)) where i != j
      if (!env_.allowIndices) {
        reportWrongPlace(cx_, id.range, n, "in connection conditions, weights and delays");
        return Value::poison();
      }
      Value v = Value::number(n == "distance" ? Dimension::base(units::BaseDim::Length) : Dimension());
      v.dependsOn = "'" + n + "'";
      return v;
    }
    if (isNoiseName(n)) {
      if (!env_.allowNoise) {
        cx_.report(DiagId::E0417, id.range, {n});
        return Value::poison();
      }
      Value v = Value::number(Dimension::base(units::BaseDim::Time).pow(Rational(-1, 2)));
      v.dependsOn = "the noise '" + n + "'";
      v.noise = true;
      return v;
    }
    auto unit = units::lookupUnit(n);
    GlobalDecl *global = nullptr;
    if (env_.file)
      if (auto it = env_.file->visible.find(n); it != env_.file->visible.end()) global = it->second;
    if (unit && global) {
      ambiguous(id, *unit, "the " + global->what() + " declared at line " +
                               std::to_string(cx_.sm.lineCol(global->range.file, global->range.begin).line),
                "rename the " + global->what());
      return Value::poison();
    }
    if (unit) return Value::number(unit->dim, unit->scale);
    if (global) {
      reportWrongKind(cx_, id.range, n, global->what(), "value", global->range);
      return Value::poison();
    }
    reportUndeclared(cx_, id, env_);
    return Value::poison();
  }

  Value quantity(const QuantityExpr &q) {
    Value v = Value::number({}, q.number->value);
    for (std::size_t k = 0; k < q.chain.size(); ++k) {
      const UnitFactor &f = q.chain[k];
      if (f.badExponent) {
        badExponent(cx_, f.exponentRange);
        return Value::poison();
      }
      auto unit = units::lookupUnit(f.name.name);
      std::string meaning = nameMeaning(f.name.name);
      if (unit && !meaning.empty()) {
        // `2 m` with a gate `m` in scope: a unit must never silently win.
        std::string what = meaning.substr(0, meaning.find(" of "));
        ambiguous(f.name, *unit, meaning,
                  k == 0 ? "write '* " + f.name.name + "' to use " + what + ", or the unit's full name for the unit"
                         : "write '(" + f.name.name + ")' to use " + what + ", or the unit's full name for the unit");
        return Value::poison();
      }
      Value factor;
      if (unit) {
        units::Unit u = units::pow(*unit, f.exponent);
        factor = Value::number(u.dim, u.scale);
      } else if (k == 0) {
        unknownUnit(cx_, f.name.name, f.name.range, meaning);
        return Value::poison();
      } else {
        // `20 mV / taum`: the literal ended and arithmetic goes on.
        factor = power(resolve(f.name), f.exponent, f.range);
      }
      if (factor.isPoison()) return factor;
      v = f.divide ? divide(v, factor) : multiply(v, factor);
    }
    return v;
  }

  static Value multiply(const Value &a, const Value &b) {
    Value v = Value::number(a.dim * b.dim);
    if (a.constant && b.constant) v.constant = *a.constant * *b.constant;
    v.inherit(a);
    v.inherit(b);
    return v;
  }
  static Value divide(const Value &a, const Value &b) {
    Value v = Value::number(a.dim / b.dim);
    if (a.constant && b.constant) v.constant = *a.constant / *b.constant;
    v.inherit(a);
    v.inherit(b);
    return v;
  }
  static Value power(Value base, Rational e, SourceRange) {
    if (base.isPoison() || e == 1) return base;
    base.dim = base.dim.pow(e);
    if (base.constant) base.constant = std::pow(*base.constant, e.toDouble());
    return base;
  }

  Value scoped(const ScopedExpr &s) {
    const char *kw = s.scope == Scope::Pre ? "pre" : "post";
    if (!env_.prePostAllowed) {
      reportWrongPlace(cx_, s.scopeRange, kw, "in synapses and projections");
      return Value::poison();
    }
    ModelInfo *m = s.scope == Scope::Pre ? env_.pre : env_.post;
    if (!m) return Value::poison(); // checked again for each projection
    Symbol *sym = lookupVariable(cx_, *m, s.name);
    return sym ? symbolValue(*m, *sym, std::string(kw) + ".") : Value::poison();
  }

  Value member(const MemberExpr &e) {
    if (!env_.model) {
      reportUndeclared(cx_, e.base, env_);
      return Value::poison();
    }
    ModelInfo *channel = nullptr;
    Symbol *sym = lookupChannelMember(cx_, *env_.model, e.base, e.name, &channel);
    return sym && channel ? symbolValue(*channel, *sym, e.base.name + ".") : Value::poison();
  }

  bool numeric(const Value &v, const char *op, SourceRange r) {
    if (v.isPoison()) return false;
    if (v.isNumber()) return true;
    cx_.report(DiagId::E0408, r, {op});
    return false;
  }

  Value unary(const UnaryExpr &u) {
    Value v = check(*u.operand);
    if (u.op == UnaryOp::Not) {
      if (!requireBool(cx_, v, "operand of 'not'", u.operand->range)) return Value::poison();
      return v;
    }
    if (!numeric(v, u.op == UnaryOp::Neg ? "-" : "+", u.operand->range)) return Value::poison();
    if (u.op == UnaryOp::Neg && v.constant) v.constant = -*v.constant;
    return v;
  }

  /// Constants must stay finite: `1/0`, `0/0` or `1e308 * 10` in a parameter
  /// would reach the simulation as inf or NaN.
  Value finite(Value v, SourceRange r) {
    if (v.isPoison() || !v.constant || std::isfinite(*v.constant)) return v;
    cx_.report(DiagId::E0314, r, {std::isnan(*v.constant) ? "NaN" : *v.constant > 0 ? "inf" : "-inf"});
    return Value::poison();
  }

  Value binary(const BinaryExpr &b) { return finite(binaryInner(b), b.range); }

  /// Terms that differ by sqrt(time), one of them with white noise in it.
  bool noiseMismatch(const Value &l, const Value &r, const BinaryExpr &b) const {
    units::Dimension half = units::Dimension::base(units::BaseDim::Time).pow(units::Rational(1, 2));
    if (l.dim / r.dim != half && r.dim / l.dim != half) return false;
    static const std::regex xi("\\bxi(_[0-9]+)?\\b");
    return std::regex_search(std::string(cx_.text(b.lhs->range)), xi) ||
           std::regex_search(std::string(cx_.text(b.rhs->range)), xi);
  }

  Value binaryInner(const BinaryExpr &b) {
    Value l = check(*b.lhs);
    Value r = check(*b.rhs);
    const char *op = spelling(b.op);
    if (l.isPoison() || r.isPoison()) return Value::poison();
    switch (b.op) {
    case BinaryOp::And:
    case BinaryOp::Or: {
      std::string what = std::string("operand of '") + op + "'";
      bool ok = requireBool(cx_, l, what, b.lhs->range);
      ok = requireBool(cx_, r, what, b.rhs->range) && ok;
      if (!ok) return Value::poison();
      Value v;
      v.kind = Value::Kind::Bool;
      v.inherit(l);
      v.inherit(r);
      return v;
    }
    case BinaryOp::Eq:
    case BinaryOp::Ne:
      if (l.kind == Value::Kind::Bool && r.kind == Value::Kind::Bool) return l;
      [[fallthrough]];
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge: {
      if (!numeric(l, op, b.lhs->range) || !numeric(r, op, b.rhs->range)) return Value::poison();
      if (l.dim != r.dim && !l.zeroLiteral && !r.zeroLiteral) {
        cx_.report(DiagId::E0302, b.opRange, {describeValue(l), describeValue(r)})
            .highlight(b.lhs->range)
            .highlight(b.rhs->range);
        return Value::poison();
      }
      Value v;
      v.kind = Value::Kind::Bool;
      v.inherit(l);
      v.inherit(r);
      return v;
    }
    default: break;
    }
    if (!numeric(l, op, b.lhs->range) || !numeric(r, op, b.rhs->range)) return Value::poison();
    switch (b.op) {
    case BinaryOp::Add:
    case BinaryOp::Sub: {
      if (l.dim != r.dim && !l.zeroLiteral && !r.zeroLiteral) {
        auto d = cx_.report(DiagId::E0301, b.opRange,
                            {b.op == BinaryOp::Add ? "add" : "subtract", describeValue(l), describeValue(r)});
        d.highlight(b.lhs->range).highlight(b.rhs->range);
        const Expr *bare = l.dim.isDimensionless() && b.lhs->kind == ExprKind::Number   ? b.lhs.get()
                           : r.dim.isDimensionless() && b.rhs->kind == ExprKind::Number ? b.rhs.get()
                                                                                         : nullptr;
        if (bare) {
          std::string u = units::naturalUnit(bare == b.lhs.get() ? r.dim : l.dim);
          d.help("add a unit to the number, e.g. '" + cx_.text(bare->range) + " " + u + "'")
              .fixit(bare->range.finish(), " " + u);
        } else if (noiseMismatch(l, r, b)) {
          // Brian2's xi has this dimension too; its users scale it by the
          // square root of a time constant.
          d.help("xi is white noise of dimension 1/sqrt(time): scale it by the square root of a time, as in "
                 "'sigma * sqrt(2 / tau) * xi'");
        }
        return Value::poison();
      }
      Value v = Value::number(l.zeroLiteral ? r.dim : l.dim);
      if (l.constant && r.constant)
        v.constant = b.op == BinaryOp::Add ? *l.constant + *r.constant : *l.constant - *r.constant;
      v.zeroLiteral = l.zeroLiteral && r.zeroLiteral;
      v.inherit(l);
      v.inherit(r);
      return v;
    }
    case BinaryOp::Mul: return multiply(l, r);
    case BinaryOp::Div:
      // `v / 0` would reach the simulation as inf or NaN at every step.
      if (r.constant && *r.constant == 0) {
        cx_.report(DiagId::E0425, b.opRange).highlight(b.rhs->range);
        return Value::poison();
      }
      return divide(l, r);
    case BinaryOp::Pow: {
      // `x^2` with a dimensional x needs an exact constant exponent;
      // a dimensionless base takes any dimensionless exponent.
      bool exponentOk = r.dim.isDimensionless() || r.zeroLiteral;
      std::optional<Rational> e = r.constant ? toRational(*r.constant) : std::nullopt;
      if (exponentOk && l.dim.isDimensionless()) {
        Value v = Value::number({});
        if (l.constant && r.constant) v.constant = std::pow(*l.constant, *r.constant);
        v.inherit(l);
        v.inherit(r);
        return v;
      }
      if (!exponentOk || !e || l.dim.pow(*e).overflowed()) {
        cx_.report(DiagId::E0306, b.rhs->range).highlight(b.opRange);
        return Value::poison();
      }
      // Brian2's `39.24*mV/ms**0.5` is mV/(ms**0.5), but `39.24 mV/ms**0.5`
      // here raises the whole quantity: say so where the power is fractional.
      if (auto *q = support::dynCast<QuantityExpr>(b.lhs.get()); q && !q->chain.empty() && !e->isInteger()) {
        std::string frac = "(" + std::to_string(e->num()) + "/" + std::to_string(e->den()) + ")";
        cx_.report(DiagId::W0315, b.opRange, {std::string(cx_.text(b.lhs->range)), frac})
            .help("for a power of the last unit only, write it in the unit: " + std::string(cx_.text(b.lhs->range)) +
                  "^" + frac)
            .fixit(b.range, std::string(cx_.text(b.lhs->range)) + "^" + frac);
      }
      return power(l, *e, b.range);
    }
    default: return Value::poison();
    }
  }

  Value cond(const CondExpr &c) {
    Value k = check(*c.cond);
    Value a = check(*c.thenExpr);
    Value b = check(*c.elseExpr);
    bool ok = requireBool(cx_, k, "condition of 'if'", c.cond->range);
    if (!ok || a.isPoison() || b.isPoison()) return Value::poison();
    if (a.kind != b.kind || (a.isNumber() && a.dim != b.dim && !a.zeroLiteral && !b.zeroLiteral)) {
      cx_.report(DiagId::E0308, c.range, {describeValue(a), describeValue(b)})
          .highlight(c.thenExpr->range)
          .highlight(c.elseExpr->range);
      return Value::poison();
    }
    Value v = a.zeroLiteral ? b : a;
    v.constant.reset();
    v.zeroLiteral = false;
    v.dependsOn.clear();
    v.inherit(k);
    v.inherit(a);
    v.inherit(b);
    return v;
  }

  Value list(const ListExpr &l) {
    std::vector<Value> vals;
    std::vector<SourceRange> ranges;
    for (const auto &e : l.elems) {
      vals.push_back(check(*e));
      ranges.push_back(e->range);
    }
    Value v = sameDimension(cx_, "[...]", vals, ranges);
    if (v.isPoison()) return v;
    v.kind = Value::Kind::List;
    v.constant.reset();
    return v;
  }

  SemaContext &cx_;
  const ExprEnv &env_;

public:
  /// Shared by lists and by min/max/clip/uniform/normal (the site of E0310).
  static Value sameDimension(SemaContext &cx, const std::string &what, const std::vector<Value> &vals,
                             const std::vector<SourceRange> &ranges) {
    Value first = Value::number({});
    bool haveFirst = false;
    for (std::size_t i = 0; i < vals.size(); ++i) {
      const Value &v = vals[i];
      if (v.isPoison()) return v;
      if (v.zeroLiteral) continue;
      if (!haveFirst) {
        first = v;
        haveFirst = true;
        continue;
      }
      if (v.kind != first.kind || v.dim != first.dim) {
        cx.report(DiagId::E0310, ranges[i], {what, describeValue(first), describeValue(v)});
        return Value::poison();
      }
    }
    for (const Value &v : vals) first.inherit(v);
    return first;
  }
};

} // namespace

Value sameDimension(SemaContext &cx, const std::string &what, const std::vector<Value> &vals,
                    const std::vector<SourceRange> &ranges) {
  return Checker::sameDimension(cx, what, vals, ranges);
}

Value checkExpr(SemaContext &cx, const Expr &e, const ExprEnv &env) {
  return Checker(cx, env).check(e);
}

} // namespace bdl::sema
