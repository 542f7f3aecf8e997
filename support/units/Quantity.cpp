// SPDX-License-Identifier: Apache-2.0
//===- Quantity.cpp - number-and-unit text, descriptor exponents ----------===//

#include "units/Quantity.h"

#include "units/Unit.h"

#include <charconv>
#include <cmath>

namespace bdl::units {

std::optional<Quantity> parseQuantity(std::string_view text, std::string *error) {
  auto fail = [&](std::string message) -> std::optional<Quantity> {
    if (error)
      *error = std::move(message);
    return std::nullopt;
  };
  std::size_t pos = 0;
  auto skipSpace = [&] {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t'))
      ++pos;
  };
  skipSpace();
  // from_chars takes no '+', and reads "inf" and "nan", which no model
  // parameter can hold: `--set E.taum=inf ms` is refused as the source is.
  bool plus = pos < text.size() && text[pos] == '+';
  if (plus)
    ++pos;
  double number = 0.0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), number);
  if (ec != std::errc() || !std::isfinite(number) || (plus && text[pos] == '-'))
    return fail("expected a number in '" + std::string(text) + "'");
  pos = static_cast<std::size_t>(end - text.data());
  skipSpace();
  if (pos == text.size())
    return Quantity{number, Dimension(), false};
  // "2/ms" and "3*mV": the number is the first factor, as `2/ms` is in a
  // model's source.
  std::string unitText(text.substr(pos));
  if (unitText[0] == '/' || unitText[0] == '*')
    unitText.insert(0, "1");
  std::string unitError;
  std::optional<Unit> unit = parseUnitExpr(unitText, &unitError);
  if (!unit)
    return fail(unitError);
  return Quantity{number * unit->scale, unit->dim, true};
}

std::optional<Dimension> dimensionFromExponents(const std::array<double, kNumBaseDims> &exps) {
  Dimension d;
  for (std::size_t i = 0; i < kNumBaseDims; ++i) {
    // Square roots (noise amplitudes in V/sqrt(s)) give halves; a model
    // would need several nested roots to reach twelfths.
    bool found = false;
    for (std::int64_t den = 1; den <= 12 && !found; ++den) {
      double num = exps[i] * static_cast<double>(den);
      if (std::fabs(num - std::round(num)) < 1e-9 && std::fabs(num) < 1e9) {
        d = d * Dimension::base(static_cast<BaseDim>(i)).pow(Rational(static_cast<std::int64_t>(std::round(num)), den));
        found = true;
      }
    }
    if (!found)
      return std::nullopt;
  }
  return d;
}

} // namespace bdl::units
