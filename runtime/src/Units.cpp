// SPDX-License-Identifier: Apache-2.0
//===- Units.cpp - unit expressions and dimension descriptions -----------===//
//
// The executable accepts the same units a model is written in:
//     model --duration "500 ms" --set E.gl=0.1mS/cm^2 --set we=0.6
// Symbols resolve as a whole name first and as prefix + unit second, which
// settles the classic clashes the SI way: "m" metre, "ms" millisecond, "mol"
// mole, "cd" candela, "Pa" pascal, "T" tesla, "M" molar (so "Mohm" is still
// mega-ohm and "mM" millimolar), "min" minute. "h" is left out on purpose:
// it reads as hour to some and as the hecto prefix to others.

#include "Units.h"

#include "Error.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace bdlrt {
namespace {

constexpr Dims dimsOf(double m, double kg, double s, double a, double k = 0, double mol = 0, double cd = 0) {
  return Dims{m, kg, s, a, k, mol, cd};
}

struct UnitDef {
  const char *symbol;
  double scale;
  Dims dims;
  bool prefixable;
};

const UnitDef kUnits[] = {
    {"m", 1.0, dimsOf(1, 0, 0, 0), true},           {"g", 1e-3, dimsOf(0, 1, 0, 0), true},
    {"s", 1.0, dimsOf(0, 0, 1, 0), true},           {"A", 1.0, dimsOf(0, 0, 0, 1), true},
    {"K", 1.0, dimsOf(0, 0, 0, 0, 1), true},        {"mol", 1.0, dimsOf(0, 0, 0, 0, 0, 1), true},
    {"cd", 1.0, dimsOf(0, 0, 0, 0, 0, 0, 1), true}, {"Hz", 1.0, dimsOf(0, 0, -1, 0), true},
    {"N", 1.0, dimsOf(1, 1, -2, 0), true},          {"Pa", 1.0, dimsOf(-1, 1, -2, 0), true},
    {"J", 1.0, dimsOf(2, 1, -2, 0), true},          {"W", 1.0, dimsOf(2, 1, -3, 0), true},
    {"C", 1.0, dimsOf(0, 0, 1, 1), true},           {"V", 1.0, dimsOf(2, 1, -3, -1), true},
    {"F", 1.0, dimsOf(-2, -1, 4, 2), true},         {"ohm", 1.0, dimsOf(2, 1, -3, -2), true},
    {"\xCE\xA9", 1.0, dimsOf(2, 1, -3, -2), true}, // Ω
    {"S", 1.0, dimsOf(-2, -1, 3, 2), true},         {"Wb", 1.0, dimsOf(2, 1, -2, -1), true},
    {"T", 1.0, dimsOf(0, 1, -2, -1), true},         {"H", 1.0, dimsOf(2, 1, -2, -2), true},
    {"l", 1e-3, dimsOf(3, 0, 0, 0), true},          {"L", 1e-3, dimsOf(3, 0, 0, 0), true},
    {"M", 1e3, dimsOf(-3, 0, 0, 0, 0, 1), true}, // molar, mol/L
    {"min", 60.0, dimsOf(0, 0, 1, 0), false},
};

struct Prefix {
  const char *symbol;
  double scale;
};

// "da" first so that "dam" is a decametre rather than deci-"am".
const Prefix kPrefixes[] = {
    {"da", 1e1}, {"Y", 1e24},  {"Z", 1e21},        {"E", 1e18},        {"P", 1e15},  {"T", 1e12},
    {"G", 1e9},  {"M", 1e6},   {"k", 1e3},         {"h", 1e2},         {"d", 1e-1},  {"c", 1e-2},
    {"m", 1e-3}, {"u", 1e-6},  {"\xC2\xB5", 1e-6}, {"\xCE\xBC", 1e-6}, // µ (micro sign), μ (Greek mu)
    {"n", 1e-9}, {"p", 1e-12}, {"f", 1e-15},       {"a", 1e-18},       {"z", 1e-21}, {"y", 1e-24},
};

bool lookupSymbol(std::string_view sym, Quantity &out) {
  for (const UnitDef &u : kUnits)
    if (sym == u.symbol) {
      out = Quantity{u.scale, u.dims, true};
      return true;
    }
  for (const Prefix &p : kPrefixes) {
    std::size_t len = std::strlen(p.symbol);
    if (sym.size() <= len || sym.substr(0, len) != p.symbol) continue;
    std::string_view rest = sym.substr(len);
    for (const UnitDef &u : kUnits)
      if (u.prefixable && rest == u.symbol) {
        out = Quantity{p.scale * u.scale, u.dims, true};
        return true;
      }
  }
  return false;
}

Quantity product(const Quantity &a, const Quantity &b, double sign) {
  Quantity r{sign > 0 ? a.value * b.value : a.value / b.value, a.dims, true};
  for (std::size_t i = 0; i < r.dims.size(); ++i)
    r.dims[i] += sign * b.dims[i];
  return r;
}

/// Recursive descent over one command-line value.
///   quantity := number [unit]
///   unit     := power (('*' | '/' | ' ') power)*
///   power    := atom ['^' exponent]
///   atom     := symbol | '1' | '(' unit ')'
///   exponent := signed-number | '(' signed-number ['/' signed-number] ')'
class Parser {
public:
  explicit Parser(std::string_view text) : text_(text) {}

  Quantity quantity() {
    skipSpace();
    double number = 0.0;
    const char *first = text_.data() + pos_;
    const char *last = text_.data() + text_.size();
    if (pos_ < text_.size() && text_[pos_] == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, number);
    if (ec != std::errc() || !std::isfinite(number)) fail("expected a number");
    pos_ = ptr - text_.data();
    skipSpace();
    if (atEnd()) return Quantity{number, Dims{}, false};
    // "2/ms" and "3*mV" read the number as the first factor.
    Quantity u = (peek() == '/' || peek() == '*') ? unitTail(Quantity{1.0, Dims{}, true}) : unit();
    expectEnd();
    return Quantity{number * u.value, u.dims, true};
  }

  Quantity unitOnly() {
    skipSpace();
    Quantity u = unit();
    expectEnd();
    return u;
  }

private:
  Quantity unit() { return unitTail(power()); }

  Quantity unitTail(Quantity acc) {
    for (;;) {
      std::size_t save = pos_;
      bool spaced = skipSpace();
      if (atEnd() || peek() == ')') {
        pos_ = save;
        return acc;
      }
      if (peek() == '*' || peek() == '/') {
        double sign = peek() == '*' ? 1.0 : -1.0;
        ++pos_;
        skipSpace();
        acc = product(acc, power(), sign);
      } else if (spaced) {
        acc = product(acc, power(), 1.0); // "kg m^2": a space multiplies
      } else {
        fail("unexpected '" + std::string(1, peek()) + "'");
      }
    }
  }

  Quantity power() {
    Quantity base = atom();
    std::size_t save = pos_;
    skipSpace();
    if (atEnd() || (peek() != '^' && !text_.substr(pos_).starts_with("**"))) {
      pos_ = save; // the space may be a multiplication: "kg m^2"
      return base;
    }
    pos_ += peek() == '^' ? 1 : 2;
    skipSpace();
    double e = exponent();
    Quantity r{std::pow(base.value, e), base.dims, true};
    for (double &d : r.dims)
      d *= e;
    return r;
  }

  double exponent() {
    if (!atEnd() && peek() == '(') {
      ++pos_;
      skipSpace();
      double num = signedNumber();
      skipSpace();
      double den = 1.0;
      if (!atEnd() && peek() == '/') {
        ++pos_;
        skipSpace();
        den = signedNumber();
        skipSpace();
        if (den == 0.0) fail("zero denominator in exponent");
      }
      expect(')');
      return num / den;
    }
    return signedNumber();
  }

  double signedNumber() {
    double sign = 1.0;
    if (!atEnd() && (peek() == '-' || peek() == '+')) {
      sign = peek() == '-' ? -1.0 : 1.0;
      ++pos_;
    }
    double v = 0.0;
    auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
    if (ec != std::errc() || !std::isfinite(v)) fail("expected an exponent");
    pos_ = ptr - text_.data();
    return sign * v;
  }

  Quantity atom() {
    if (atEnd()) fail("expected a unit");
    char c = peek();
    if (c == '(') {
      ++pos_;
      skipSpace();
      Quantity inner = unit();
      skipSpace();
      expect(')');
      return inner;
    }
    if (c == '1') {
      ++pos_;
      return Quantity{1.0, Dims{}, true};
    }
    std::size_t start = pos_;
    while (!atEnd() && isSymbolChar(peek()))
      ++pos_;
    if (pos_ == start) fail("unexpected '" + std::string(1, c) + "'");
    std::string_view sym = text_.substr(start, pos_ - start);
    Quantity q;
    if (!lookupSymbol(sym, q)) {
      if (sym == "h")
        throw Error("unknown unit 'h' in '" + std::string(text_) + "' (write hours as 60 min or 3600 s)");
      throw Error("unknown unit '" + std::string(sym) + "' in '" + std::string(text_) + "'");
    }
    return q;
  }

  static bool isSymbolChar(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || u >= 0x80; // UTF-8 for µ, Ω
  }

  bool skipSpace() {
    std::size_t start = pos_;
    while (!atEnd() && (peek() == ' ' || peek() == '\t'))
      ++pos_;
    return pos_ != start;
  }
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  void expect(char c) {
    if (atEnd() || peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  void expectEnd() {
    skipSpace();
    if (!atEnd()) fail("unexpected '" + std::string(text_.substr(pos_)) + "'");
  }
  [[noreturn]] void fail(const std::string &what) const {
    throw Error(what + " in '" + std::string(text_) + "'");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string formatExponent(double e) {
  char buf[32];
  if (e == std::round(e)) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(e));
    return buf;
  }
  // Fractional exponents come from square roots (noise: V/sqrt(s)); show
  // them as the compiler does, "^(1/2)".
  for (int den = 2; den <= 12; ++den) {
    double num = e * den;
    if (std::fabs(num - std::round(num)) < 1e-9) {
      std::snprintf(buf, sizeof buf, "(%lld/%d)", static_cast<long long>(std::round(num)), den);
      return buf;
    }
  }
  std::snprintf(buf, sizeof buf, "(%g)", e);
  return buf;
}

struct NamedDims {
  Dims dims;
  const char *name;
};

// The quantities neuron models are written in, named as the compiler names
// them so that runtime and compile-time messages read alike.
const NamedDims kNamed[] = {
    {dimsOf(2, 1, -3, -1), "voltage"},
    {dimsOf(0, 0, 0, 1), "current"},
    {dimsOf(-2, -1, 3, 2), "conductance"},
    {dimsOf(-2, -1, 4, 2), "capacitance"},
    {dimsOf(2, 1, -3, -2), "resistance"},
    {dimsOf(0, 0, 1, 0), "time"},
    {dimsOf(0, 0, -1, 0), "frequency"},
    {dimsOf(0, 0, 1, 1), "charge"},
    {dimsOf(2, 1, -2, 0), "energy"},
    {dimsOf(2, 1, -3, 0), "power"},
    {dimsOf(1, 1, -2, 0), "force"},
    {dimsOf(-1, 1, -2, 0), "pressure"},
    {dimsOf(1, 0, 0, 0), "length"},
    {dimsOf(2, 0, 0, 0), "area"},
    {dimsOf(3, 0, 0, 0), "volume"},
    {dimsOf(0, 1, 0, 0), "mass"},
    {dimsOf(0, 0, 0, 0, 1), "temperature"},
    {dimsOf(0, 0, 0, 0, 0, 1), "amount of substance"},
    {dimsOf(0, 0, 0, 0, 0, 0, 1), "luminous intensity"},
    {dimsOf(-3, 0, 0, 0, 0, 1), "concentration"},
    {dimsOf(-2, 0, 0, 1), "current density"},
    {dimsOf(-4, -1, 3, 2), "conductance density"},
    {dimsOf(-4, -1, 4, 2), "capacitance density"},
    {dimsOf(3, 1, -3, -2), "resistivity"},
    {dimsOf(1, 0, -1, 0), "velocity"},
};

bool isDimensionless(const Dims &d) {
  return sameDims(d, Dims{});
}

const char *dimensionName(const Dims &d) {
  for (const NamedDims &n : kNamed)
    if (sameDims(n.dims, d)) return n.name;
  return nullptr;
}

} // namespace

Quantity parseQuantity(std::string_view text) {
  return Parser(text).quantity();
}

Quantity parseUnit(std::string_view text) {
  return Parser(text).unitOnly();
}

bool sameDims(const Dims &a, const Dims &b) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::fabs(a[i] - b[i]) > 1e-9) return false;
  return true;
}

std::string siString(const Dims &d) {
  // Mass first, as the SI brochure (and the compiler) writes kg m^2 s^-3 A^-1.
  static const std::pair<int, const char *> order[] = {{1, "kg"}, {0, "m"},   {2, "s"}, {3, "A"},
                                                       {4, "K"},  {5, "mol"}, {6, "cd"}};
  std::string out;
  for (const auto &[index, symbol] : order) {
    double e = d[index];
    if (std::fabs(e) < 1e-9) continue;
    if (!out.empty()) out += ' ';
    out += symbol;
    if (std::fabs(e - 1.0) >= 1e-9) out += "^" + formatExponent(e);
  }
  return out.empty() ? "1" : out;
}

std::string describeDims(const Dims &d) {
  if (isDimensionless(d)) return "dimensionless";
  const char *name = dimensionName(d);
  std::string si = "[" + siString(d) + "]";
  return name ? std::string(name) + " " + si : si;
}

std::string describeDimsInSentence(const Dims &d) {
  if (isDimensionless(d)) return "dimensionless";
  const char *name = dimensionName(d);
  if (!name) return "of dimension " + describeDims(d);
  bool vowel = std::strchr("aeiou", name[0]) != nullptr;
  return std::string(vowel ? "an " : "a ") + describeDims(d);
}

} // namespace bdlrt
