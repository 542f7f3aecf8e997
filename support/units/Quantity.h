// SPDX-License-Identifier: Apache-2.0
//===- Quantity.h - a number with its unit, as a command line gives it ----===//
//
// The generated executables read `--set E.taum=15ms` and `--duration "2 s"`
// with this, so a value on their command line takes exactly the units, the
// spellings and the SI value that the same text has in a model's source.
#pragma once

#include "units/Dimension.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace bdl::units {

/// A number and its unit, in SI.
struct Quantity {
  double siValue = 0.0;
  Dimension dim;
  bool hasUnit = false; ///< false for a bare number such as "0.6"
};

/// Parses a number and an optional unit expression (parseUnitExpr's grammar):
/// "15ms", "15 ms", "0.5 uF/cm^2", "-65 mV", "2/ms" (the number is the first
/// factor), "0.6 1" (dimensionless, with a unit), "0.6" (bare: hasUnit is
/// false). The SI value is the number times the unit's scale, the product a
/// model's source forms for `15 ms`. On failure returns nullopt and, when
/// `error` is given, sets it to a one-line message ("unknown unit 'min'",
/// "expected a number in 'ms'").
std::optional<Quantity> parseQuantity(std::string_view text, std::string *error = nullptr);

/// The dimension with these exponents, in storage order (m kg s A K mol cd),
/// each of which must be an integer or a fraction p/q with q <= 12 (what a
/// compiled model's descriptor writes as doubles); nullopt otherwise.
std::optional<Dimension> dimensionFromExponents(const std::array<double, kNumBaseDims> &exps);

} // namespace bdl::units
