// SPDX-License-Identifier: Apache-2.0
//===- Unit.h - units: dimension plus SI scale, lookup, parsing, printing -===//
#pragma once

#include "units/Rational.h"
#include "units/Dimension.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bdl::units {

/// A unit: a dimension and the factor that converts a number in this unit to
/// SI (mV -> {voltage, 1e-3}; mS/cm^2 -> {conductance density, 10}).
struct Unit {
  Dimension dim;
  double scale = 1.0;
};

Unit operator*(const Unit &a, const Unit &b);
Unit operator/(const Unit &a, const Unit &b);
/// `u` raised to `e`; the scale becomes scale^e (a double, so inexact for
/// fractional `e`). Check `dim.overflowed()` after absurd powers.
Unit pow(const Unit &u, Rational e);

/// Looks up one unit name with an optional SI prefix: "mV", "nS", "uF", "µF"
/// (micro as U+00B5 or U+03BC), "kHz", "cm", "mM", "Mohm", "MΩ" (U+03A9 or
/// U+2126), "kg", "millisecond", "nanosiemens". An exact name wins over a
/// prefix split ("m" is metre, "cd" candela, "Ms" megasecond). Symbols take
/// f p n u µ μ m c k M G; long names take femto ... giga. nullopt if unknown,
/// which includes the non-SI "h", "min" and "day".
std::optional<Unit> lookupUnit(std::string_view name);

/// Every known unit name without a prefix, symbols and long names (for "did
/// you mean" suggestions).
const std::vector<std::string> &baseUnitNames();

/// A spelling lookupUnit accepts and the unit it gives.
struct UnitSpelling {
  std::string text;
  Unit unit;
};

/// Every single name lookupUnit accepts: each table entry alone and with
/// each prefix it takes, except where an exact name shadows the split (a
/// test generates models and command lines from this list).
std::vector<UnitSpelling> unitSpellings();

/// Parses a compound unit expression: "mS/cm^2", "mV/ms", "1/sqrt(Hz)",
/// "nA*ms", "m^(1/2)", "(mV/ms)^2", "uA cm^-2", "1", "m^-2", "s^(-1/2)",
/// "nA·ms", "cm²". Grammar: `*`, `/` and juxtaposition multiply and divide,
/// left to right; a bare number may only be `1`; exponents are `^n`, `^-n`,
/// `^(p/q)` or superscript digits; `sqrt(x)` is `x^(1/2)`. Juxtaposition
/// after `/` ("J/kg K") is rejected as ambiguous: write "J/(kg K)".
/// On failure returns nullopt and, when `error` is given, sets it to a one-line
/// message naming the offending part ("unknown unit 'mVV'").
std::optional<Unit> parseUnitExpr(std::string_view text, std::string *error = nullptr);

/// The most natural unit for `d`, always accepted by parseUnitExpr with
/// scale exactly 1: a named coherent SI unit when one matches ("V", "S",
/// "Hz", "kg"), else a named unit over or times a power of length or time
/// ("S/m^2", "A/m^2", "V/s", "mol/m^3", "V/sqrt(s)", "ohm m"), else the
/// square or reciprocal of such a form ("V^2/s^2", "1/V", "1/(V s)"), else
/// d.siString(). Dimensionless gives "1".
std::string naturalUnit(const Dimension &d);

/// `siValue` (in SI) printed in the natural unit, at most 6 significant
/// digits and no trailing zeros. When the natural unit starts with a named
/// unit, that unit gets the engineering prefix (f p n u m k M G) that puts the
/// mantissa in [1, 1000): 0.6e-9 S -> "600 pS", -0.065 V -> "-65 mV",
/// 0.02 s -> "20 ms", 0 V -> "0 V", 0.001 V/s -> "1 mV/s". Mass prefixes
/// apply to g ("5 g", not "0.005 kg") and concentrations print in molar
/// ("1 mM"). Dimensionless values print bare ("3.5"). The result parses
/// back (number, space, unit) to the same SI value within rounding.
std::string formatQuantity(double siValue, const Dimension &d);

} // namespace bdl::units
