// SPDX-License-Identifier: Apache-2.0
//===- UnitTable.cpp - named units, SI prefixes, natural units, printing --===//

#include "units/Unit.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace bdl::units {

namespace {

enum class PrefixKind { None, Short, Long, Both };

struct Entry {
  std::string name;
  Unit unit;
  PrefixKind prefixes;
};

struct Prefix {
  std::string_view text;
  double scale;
  bool isLong;
};

// Micro is spelt three ways in the wild: ASCII "u", the micro sign U+00B5
// that keyboards produce, and the Greek mu U+03BC that some fonts and
// converters substitute for it. All three must give 1e-6.
constexpr Prefix kPrefixes[] = {
    {"f", 1e-15, false},   {"p", 1e-12, false},       {"n", 1e-9, false},
    {"u", 1e-6, false},    {"\xC2\xB5", 1e-6, false}, {"\xCE\xBC", 1e-6, false},
    {"m", 1e-3, false},    {"c", 1e-2, false},        {"k", 1e3, false},
    {"M", 1e6, false},     {"G", 1e9, false},         {"femto", 1e-15, true},
    {"pico", 1e-12, true}, {"nano", 1e-9, true},      {"micro", 1e-6, true},
    {"milli", 1e-3, true}, {"centi", 1e-2, true},     {"kilo", 1e3, true},
    {"mega", 1e6, true},   {"giga", 1e9, true},
};

Dimension dimL() { return Dimension::base(BaseDim::Length); }
Dimension dimM() { return Dimension::base(BaseDim::Mass); }
Dimension dimT() { return Dimension::base(BaseDim::Time); }
Dimension dimI() { return Dimension::base(BaseDim::Current); }

const std::vector<Entry> &entries() {
  // Derived units are spelled out from base dimensions here, once; everything
  // else (names, natural units, formatting) reads them from this table.
  static const std::vector<Entry> table = [] {
    const Dimension volt = dimM() * dimL().pow(2) / dimT().pow(3) / dimI();
    const Dimension ohm = volt / dimI();
    const Dimension joule = dimM() * dimL().pow(2) / dimT().pow(2);
    const Dimension molPerM3 = Dimension::base(BaseDim::Amount) / dimL().pow(3);
    std::vector<Entry> t;
    auto add = [&t](std::initializer_list<std::string_view> symbols,
                    std::initializer_list<std::string_view> longNames, Dimension dim,
                    double scale = 1.0) {
      for (std::string_view s : symbols)
        t.push_back({std::string(s), Unit{dim, scale}, PrefixKind::Short});
      for (std::string_view s : longNames)
        t.push_back({std::string(s), Unit{dim, scale}, PrefixKind::Long});
    };
    add({"m"}, {"metre", "meter"}, dimL());
    // The SI base of mass is kg, but prefixes attach to g ("mg", not "mkg").
    add({"g"}, {"gram"}, dimM(), 1e-3);
    t.push_back({"kg", Unit{dimM(), 1.0}, PrefixKind::None});
    t.push_back({"kilogram", Unit{dimM(), 1.0}, PrefixKind::None});
    add({"s"}, {"second"}, dimT());
    add({"A"}, {"ampere", "amp"}, dimI());
    add({"K"}, {"kelvin"}, Dimension::base(BaseDim::Temperature));
    add({"mol"}, {"mole"}, Dimension::base(BaseDim::Amount));
    add({"cd"}, {"candela"}, Dimension::base(BaseDim::Luminosity));
    add({"V"}, {"volt"}, volt);
    add({"S"}, {"siemens"}, ohm.inverse());
    add({"F"}, {"farad"}, dimT() * dimI() / volt);
    // "ohm" is both the ASCII symbol ("Mohm") and the long name ("kiloohm").
    t.push_back({"ohm", Unit{ohm, 1.0}, PrefixKind::Both});
    add({"\xCE\xA9", "\xE2\x84\xA6"}, {}, ohm); // U+03A9 Greek Omega, U+2126 ohm sign
    add({"Hz"}, {"hertz"}, dimT().inverse());
    add({"C"}, {"coulomb"}, dimT() * dimI());
    add({"J"}, {"joule"}, joule);
    add({"W"}, {"watt"}, joule / dimT());
    add({"N"}, {"newton"}, joule / dimL());
    add({"Pa"}, {"pascal"}, joule / dimL().pow(3));
    add({"M"}, {"molar"}, molPerM3, 1e3);
    add({"L", "l"}, {"litre", "liter"}, dimL().pow(3), 1e-3);
    return t;
  }();
  return table;
}

const Entry *findExact(std::string_view name) {
  for (const Entry &e : entries())
    if (e.name == name)
      return &e;
  return nullptr;
}

bool accepts(PrefixKind kind, bool isLong) {
  return kind == PrefixKind::Both || kind == (isLong ? PrefixKind::Long : PrefixKind::Short);
}

} // namespace

std::optional<Unit> lookupUnit(std::string_view name) {
  // An exact name wins, so "m" is metre, "cd" candela and "Pa" pascal rather
  // than milli-?, centi-day or peta-ampere. No prefix is a prefix of another,
  // so at most one split can succeed: "Ms" is megasecond, "mM" millimolar.
  if (const Entry *e = findExact(name))
    return e->unit;
  for (const Prefix &p : kPrefixes) {
    if (name.size() <= p.text.size() || name.substr(0, p.text.size()) != p.text)
      continue;
    const Entry *e = findExact(name.substr(p.text.size()));
    if (e && accepts(e->prefixes, p.isLong))
      return Unit{e->unit.dim, p.scale * e->unit.scale};
  }
  return std::nullopt;
}

const std::vector<std::string> &baseUnitNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const Entry &e : entries())
      n.push_back(e.name);
    return n;
  }();
  return names;
}

std::vector<UnitSpelling> unitSpellings() {
  std::vector<UnitSpelling> out;
  for (const Entry &e : entries()) {
    out.push_back({e.name, e.unit});
    for (const Prefix &p : kPrefixes) {
      std::string text = std::string(p.text) + e.name;
      // "cd" is candela before it is centi-day; lookupUnit settles it.
      std::optional<Unit> u = lookupUnit(text);
      if (accepts(e.prefixes, p.isLong) && u && u->dim == e.unit.dim && u->scale == p.scale * e.unit.scale)
        out.push_back({text, *u});
    }
  }
  return out;
}

namespace {

/// A natural unit split for printing: `head` (a named coherent unit, or null
/// when the SI base form is used), raised to `headPow`, then `rest` (" m",
/// "/s^2", ...); for headPow -1 it reads 1/(head rest). formatQuantity puts a
/// prefix on the head when headPow is 1.
struct NaturalForm {
  const Entry *head = nullptr;
  Rational headPow = 1;
  std::string rest;
};

/// Heads in order of preference: what a neuroscientist names first. "Hz"
/// before "s" so that 1/s prints as Hz; "ohm" in ASCII so terminals cope.
const std::vector<const Entry *> &heads() {
  static const std::vector<const Entry *> list = [] {
    std::vector<const Entry *> l;
    for (const char *n : {"V", "A", "S", "F", "ohm", "Hz", "C", "J", "W", "N", "Pa", "s", "m", "kg",
                          "K", "mol", "cd"})
      l.push_back(findExact(n));
    return l;
  }();
  return list;
}

/// True when `d` is a power of one base dimension ("m^2", "s^(-1/2)"): the SI
/// base form is then clearer than "Hz/s" or "m m".
bool isSingleBasePower(const Dimension &d) {
  int nonzero = 0;
  for (std::size_t i = 0; i < kNumBaseDims; ++i)
    nonzero += d.exponent(static_cast<BaseDim>(i)).isZero() ? 0 : 1;
  return nonzero == 1;
}

NaturalForm naturalForm(const Dimension &d) {
  NaturalForm f;
  if (d.isDimensionless() || d.overflowed())
    return f;
  for (const Entry *h : heads())
    if (h->unit.dim == d) {
      f.head = h;
      return f;
    }
  if (isSingleBasePower(d))
    return f;
  // A named unit over a power of length or time covers the densities and
  // rates of neuron models, e.g. gbar in mS/cm^2 and dV/dt in mV/ms:
  //   gNa : conductance density = 120 mS/cm^2   ->  S/m^2
  //   dv/dt = (El - v) / tau                     ->  V/s
  // and a square root of time covers SDE noise amplitudes (V/sqrt(s)).
  struct Factor {
    Dimension dim;
    const char *text;
  };
  const Dimension half = dimT().pow(Rational(1, 2));
  const Factor divisors[] = {{dimL(), "/m"},     {dimL().pow(2), "/m^2"},  {dimL().pow(3), "/m^3"},
                             {dimT(), "/s"},     {dimT().pow(2), "/s^2"},  {dimT().pow(3), "/s^3"},
                             {half, "/sqrt(s)"}, {half.pow(3), "/s^(3/2)"}};
  const Factor multipliers[] = {{dimL(), " m"}, {dimL().pow(2), " m^2"}, {dimT(), " s"}};
  // Squares of a named unit come next: noise variances in (mV)^2 and the like.
  for (Rational hp : {Rational(1), Rational(2)}) {
    for (const Entry *h : heads()) {
      Dimension hd = h->unit.dim.pow(hp);
      if (hp != Rational(1) && hd == d) {
        f = {h, hp, ""};
        return f;
      }
      for (const Factor &div : divisors)
        if (hd / div.dim == d) {
          f = {h, hp, div.text};
          return f;
        }
    }
    for (const Entry *h : heads())
      for (const Factor &mul : multipliers)
        if (h->unit.dim.pow(hp) * mul.dim == d) {
          f = {h, hp, mul.text};
          return f;
        }
  }
  // Reciprocals last: HH rate coefficients are written per voltage per time,
  //   alpha_n = 0.01 / (mV ms) * (v + 55 mV) / (1 - exp(-(v + 55 mV) / 10 mV))
  // and "1/(V s)" says more than "kg^-1 m^-2 s^2 A".
  for (const Entry *h : heads()) {
    if (h->unit.dim.inverse() == d) {
      f = {h, -1, ""};
      return f;
    }
    for (const Factor &mul : multipliers)
      if ((h->unit.dim * mul.dim).inverse() == d) {
        f = {h, -1, mul.text};
        return f;
      }
  }
  return f;
}

std::string powSuffix(Rational e) {
  if (e == Rational(1))
    return "";
  return e.isInteger() ? "^" + e.str() : "^(" + e.str() + ")";
}

/// "%g" with 6 significant digits, never "-0".
std::string formatNumber(double v) {
  if (v == 0)
    v = 0; // turns -0.0 into 0.0
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

/// `v` rounded to 6 significant digits, so that choosing a prefix sees the
/// number that will be printed (0.09999999999 nS must print as 0.1 nS).
double roundToPrinted(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.5e", v);
  return std::strtod(buf, nullptr);
}

} // namespace

std::string naturalUnit(const Dimension &d) {
  if (d.isDimensionless())
    return "1";
  NaturalForm f = naturalForm(d);
  if (!f.head)
    return d.siString();
  if (f.headPow == Rational(-1))
    return f.rest.empty() ? "1/" + f.head->name : "1/(" + f.head->name + f.rest + ")";
  return f.head->name + powSuffix(f.headPow) + f.rest;
}

std::string formatQuantity(double siValue, const Dimension &d) {
  if (d.isDimensionless())
    return formatNumber(siValue);
  NaturalForm f = naturalForm(d);
  std::string unit = naturalUnit(d);
  bool prefixable = f.head && f.headPow == Rational(1) && f.head->prefixes != PrefixKind::None;
  std::string symbol = f.head ? f.head->name : "";
  double symbolScale = 1.0;
  if (f.head && f.head->name == "kg" && f.headPow == Rational(1)) {
    // "5 g", not "0.005 kg": prefixes belong on the gram.
    symbol = "g";
    symbolScale = 1e-3;
    prefixable = true;
  } else if (f.head && f.head->name == "mol" && f.rest == "/m^3") {
    // Concentrations read as molar in physiology (ECa = 2 mM, not 2 mol/m^3).
    symbol = "M";
    symbolScale = 1e3;
    f.rest.clear();
  }
  if (!prefixable || !std::isfinite(siValue))
    return formatNumber(siValue) + " " + unit;
  double v = roundToPrinted(siValue / symbolScale);
  if (v == 0)
    return "0 " + symbol + f.rest;
  // Engineering prefixes from the largest down; the first that leaves the
  // mantissa at 1 or more gives it in [1, 1000): "-65 mV", "600 pS",
  // "200 mV" rather than "0.2 V". Centi is never chosen. Seconds, kelvin and hertz take no
  // multiplying prefix: "200 s", "300 K" and "200 Hz", never "0.2 ks".
  static const std::pair<const char *, double> choices[] = {
      {"G", 1e9},  {"M", 1e6},  {"k", 1e3},   {"", 1.0},   {"m", 1e-3},
      {"u", 1e-6}, {"n", 1e-9}, {"p", 1e-12}, {"f", 1e-15}};
  bool noUpward = symbol == "s" || symbol == "K" || symbol == "Hz";
  for (const auto &[prefix, scale] : choices) {
    if (noUpward && scale > 1.0)
      continue;
    double m = roundToPrinted(v / scale);
    if (std::fabs(m) >= 1 || scale == 1e-15)
      return formatNumber(m) + " " + prefix + symbol + f.rest;
  }
  return formatNumber(v) + " " + symbol + f.rest; // not reached: femto always matches
}

} // namespace bdl::units
