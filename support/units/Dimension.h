// SPDX-License-Identifier: Apache-2.0
//===- Dimension.h - physical dimensions as rational base exponents -------===//
#pragma once

#include "units/Rational.h"

#include <array>
#include <cstddef>
#include <functional>
#include <string>

namespace bdl::units {

/// The seven SI base dimensions: m kg s A K mol cd. This is the storage order;
/// printing uses the SI brochure's order (kg m s A K mol cd) instead.
enum class BaseDim { Length, Mass, Time, Current, Temperature, Amount, Luminosity };

/// How many BaseDim values there are.
inline constexpr std::size_t kNumBaseDims = 7;

/// A physical dimension: one exact rational exponent per base dimension, so
/// `sqrt(Hz)` is s^(-1/2) and squaring it gives back exactly s^-1. A value
/// type; the default is dimensionless.
class Dimension {
public:
  /// Dimensionless.
  Dimension() = default;
  /// Exponent 1 on `b`, 0 elsewhere.
  static Dimension base(BaseDim b);

  /// The exponent of base dimension `b`.
  Rational exponent(BaseDim b) const { return exps_[index(b)]; }
  /// True when every exponent is 0 (and none overflowed).
  bool isDimensionless() const;
  /// True when some exponent overflowed, e.g. after `pow` with an absurd
  /// power. The exponents are then meaningless; callers report an error.
  bool overflowed() const;

  Dimension operator*(const Dimension &o) const;
  Dimension operator/(const Dimension &o) const;
  /// Every exponent multiplied by `e`; `e` may be fractional (sqrt is 1/2).
  Dimension pow(Rational e) const;
  /// The reciprocal: every exponent negated.
  Dimension inverse() const;

  /// Equal exponents and equal overflow state.
  bool operator==(const Dimension &o) const;
  bool operator!=(const Dimension &o) const { return !(*this == o); }

  /// SI base form in the order kg m s A K mol cd, e.g. "kg m^2 s^-3 A^-1";
  /// fractional exponents are parenthesised ("s^(1/2)", "s^(-1/2)"); "1" when
  /// dimensionless, "<overflow>" when overflowed. parseUnitExpr accepts
  /// every string this returns (except "<overflow>") with scale 1.
  std::string siString() const;
  /// The quantity's name in words when it is well known ("voltage",
  /// "conductance density", "dimensionless"), else "".
  std::string name() const;

  /// A hash consistent with ==, for unordered containers.
  std::size_t hash() const;

private:
  static std::size_t index(BaseDim b) { return static_cast<std::size_t>(b); }

  std::array<Rational, kNumBaseDims> exps_{};
};

/// A dimension for messages: "voltage [kg m^2 s^-3 A^-1]"; when name() is
/// empty the natural unit stands in for the name ("V/s [kg m^2 s^-4 A^-1]"),
/// and when that too is only the SI base form, the bracket alone
/// ("[kg m^5]"). Dimensionless gives "dimensionless"; an overflowed
/// dimension "<overflowed dimension>".
std::string describeDimension(const Dimension &d);

/// describeDimension for the middle of a sentence, with an article when the
/// dimension has a name: "a time [s]", "an area [m^2]", "dimensionless", and
/// "of dimension V/s [kg m^2 s^-4 A^-1]" or "of dimension [kg m^5]" without.
std::string describeDimensionInSentence(const Dimension &d);

} // namespace bdl::units

template <> struct std::hash<bdl::units::Dimension> {
  std::size_t operator()(const bdl::units::Dimension &d) const { return d.hash(); }
};
