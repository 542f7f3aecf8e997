// SPDX-License-Identifier: Apache-2.0
//===- Dimension.cpp - dimension algebra, SI base form and names ----------===//

#include "units/Dimension.h"

#include "units/Unit.h"

#include <string_view>
#include <utility>
#include <vector>

namespace bdl::units {

Dimension Dimension::base(BaseDim b) {
  Dimension d;
  d.exps_[index(b)] = 1;
  return d;
}

bool Dimension::isDimensionless() const {
  for (const Rational &e : exps_)
    if (!e.isZero() || e.overflowed())
      return false;
  return true;
}

bool Dimension::overflowed() const {
  for (const Rational &e : exps_)
    if (e.overflowed())
      return true;
  return false;
}

Dimension Dimension::operator*(const Dimension &o) const {
  Dimension r;
  for (std::size_t i = 0; i < kNumBaseDims; ++i)
    r.exps_[i] = exps_[i] + o.exps_[i];
  return r;
}

Dimension Dimension::operator/(const Dimension &o) const {
  Dimension r;
  for (std::size_t i = 0; i < kNumBaseDims; ++i)
    r.exps_[i] = exps_[i] - o.exps_[i];
  return r;
}

Dimension Dimension::pow(Rational e) const {
  Dimension r;
  for (std::size_t i = 0; i < kNumBaseDims; ++i)
    r.exps_[i] = exps_[i] * e;
  return r;
}

Dimension Dimension::inverse() const { return Dimension().operator/(*this); }

bool Dimension::operator==(const Dimension &o) const {
  // Rational's == ignores the overflow flag, and an overflowed exponent reads
  // as 0, so without the flag check `x^(2^62)` would equal dimensionless.
  for (std::size_t i = 0; i < kNumBaseDims; ++i)
    if (exps_[i] != o.exps_[i] || exps_[i].overflowed() != o.exps_[i].overflowed())
      return false;
  return true;
}

std::size_t Dimension::hash() const {
  std::size_t h = overflowed() ? 0x9e3779b9u : 0;
  for (const Rational &e : exps_) {
    h ^= std::hash<std::int64_t>()(e.num()) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h ^= std::hash<std::int64_t>()(e.den()) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  }
  return h;
}

std::string Dimension::siString() const {
  if (overflowed())
    return "<overflow>";
  // The SI brochure writes mass first (kg m^2 s^-3 A^-1), which is also the
  // order physicists recognise in error messages.
  static const std::pair<BaseDim, const char *> order[] = {
      {BaseDim::Mass, "kg"},      {BaseDim::Length, "m"},      {BaseDim::Time, "s"},
      {BaseDim::Current, "A"},    {BaseDim::Temperature, "K"}, {BaseDim::Amount, "mol"},
      {BaseDim::Luminosity, "cd"}};
  std::string out;
  for (const auto &[b, symbol] : order) {
    Rational e = exponent(b);
    if (e.isZero())
      continue;
    if (!out.empty())
      out += ' ';
    out += symbol;
    if (e == Rational(1))
      continue;
    out += e.isInteger() ? "^" + e.str() : "^(" + e.str() + ")";
  }
  return out.empty() ? "1" : out;
}

namespace {

/// A dimension from integer exponents in storage order (m kg s A K mol cd).
Dimension dimOf(int length, int mass, int time, int current, int temperature = 0, int amount = 0,
                int luminosity = 0) {
  const int exps[] = {length, mass, time, current, temperature, amount, luminosity};
  Dimension d;
  for (std::size_t i = 0; i < kNumBaseDims; ++i)
    d = d * Dimension::base(static_cast<BaseDim>(i)).pow(exps[i]);
  return d;
}

struct NamedDimension {
  Dimension dim;
  const char *name;
};

const std::vector<NamedDimension> &namedDimensions() {
  // The quantities a neuron model is written in, so that a mismatch reads
  // "cannot add voltage and current" rather than two exponent lists.
  static const std::vector<NamedDimension> table = {
      {dimOf(2, 1, -3, -1), "voltage"},
      {dimOf(0, 0, 0, 1), "current"},
      {dimOf(-2, -1, 3, 2), "conductance"},
      {dimOf(-2, -1, 4, 2), "capacitance"},
      {dimOf(2, 1, -3, -2), "resistance"},
      {dimOf(0, 0, 1, 0), "time"},
      {dimOf(0, 0, -1, 0), "frequency"},
      {dimOf(0, 0, 1, 1), "charge"},
      {dimOf(2, 1, -2, 0), "energy"},
      {dimOf(2, 1, -3, 0), "power"},
      {dimOf(1, 1, -2, 0), "force"},
      {dimOf(-1, 1, -2, 0), "pressure"},
      {dimOf(1, 0, 0, 0), "length"},
      {dimOf(2, 0, 0, 0), "area"},
      {dimOf(3, 0, 0, 0), "volume"},
      {dimOf(0, 1, 0, 0), "mass"},
      {dimOf(0, 0, 0, 0, 1), "temperature"},
      {dimOf(0, 0, 0, 0, 0, 1), "amount of substance"},
      {dimOf(0, 0, 0, 0, 0, 0, 1), "luminous intensity"},
      {dimOf(-3, 0, 0, 0, 0, 1), "concentration"},
      {dimOf(-2, 0, 0, 1), "current density"},
      {dimOf(-4, -1, 3, 2), "conductance density"},
      {dimOf(-4, -1, 4, 2), "capacitance density"},
      {dimOf(3, 1, -3, -2), "resistivity"},
      {dimOf(1, 0, -1, 0), "velocity"},
  };
  return table;
}

} // namespace

std::string Dimension::name() const {
  if (isDimensionless())
    return "dimensionless";
  for (const NamedDimension &n : namedDimensions())
    if (n.dim == *this)
      return n.name;
  return "";
}

std::string describeDimension(const Dimension &d) {
  if (d.isDimensionless())
    return "dimensionless";
  if (d.overflowed())
    return "<overflowed dimension>";
  std::string si = d.siString();
  std::string name = d.name();
  if (name.empty())
    name = naturalUnit(d);
  // "kg m^5 [kg m^5]" would only repeat itself.
  if (name == si)
    return "[" + si + "]";
  return name + " [" + si + "]";
}

std::string describeDimensionInSentence(const Dimension &d) {
  if (d.isDimensionless() || d.overflowed())
    return describeDimension(d);
  std::string name = d.name();
  if (name.empty())
    return "of dimension " + describeDimension(d);
  bool vowel = std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + describeDimension(d);
}

} // namespace bdl::units
