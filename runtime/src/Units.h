// SPDX-License-Identifier: Apache-2.0
//===- Units.h - quantities on the command line ("15 ms", "1 mS/cm^2") ----===//

#ifndef BDLRT_UNITS_H
#define BDLRT_UNITS_H

#include <array>
#include <string>
#include <string_view>

namespace bdlrt {

/// SI base exponents in the descriptor's order: m, kg, s, A, K, mol, cd.
using Dims = std::array<double, 7>;

struct Quantity {
  double value = 0.0; ///< in SI
  Dims dims{};
  bool hasUnit = false; ///< false for a bare number such as "2"
};

/// Parses a number followed by an optional unit expression: "15ms",
/// "0.5 uF/cm^2", "1 m^(1/2)", "3 kg m^2 s^-3". Throws Error naming the text.
Quantity parseQuantity(std::string_view text);

/// Parses a unit expression alone ("mV", "1", "uF/cm^2"); value is its scale.
Quantity parseUnit(std::string_view text);

/// Equal exponents, to 1e-9 (exponents may be fractional).
bool sameDims(const Dims &a, const Dims &b);

/// "kg m^2 s^-3 A^-1", or "1" when dimensionless.
std::string siString(const Dims &d);

/// "voltage [kg m^2 s^-3 A^-1]", "dimensionless", or "[kg m^5]" when the
/// dimension has no common name.
std::string describeDims(const Dims &d);

/// describeDims with an article, for sentences: "a time [s]",
/// "an area [m^2]", "dimensionless", "of dimension [kg m^5]".
std::string describeDimsInSentence(const Dims &d);

} // namespace bdlrt

#endif // BDLRT_UNITS_H
