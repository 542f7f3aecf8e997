// SPDX-License-Identifier: Apache-2.0
//===- UnitTest.cpp - unit lookup, parsing, natural units, formatting ------===//

#include "units/Unit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

using bdl::units::Rational;
using namespace bdl::units;

namespace {

const char *const kMicroSign = "\xC2\xB5";   // U+00B5
const char *const kGreekMu = "\xCE\xBC";     // U+03BC
const char *const kOmega = "\xCE\xA9";       // U+03A9
const char *const kOhmSign = "\xE2\x84\xA6"; // U+2126

Dimension L() { return Dimension::base(BaseDim::Length); }
Dimension M() { return Dimension::base(BaseDim::Mass); }
Dimension T() { return Dimension::base(BaseDim::Time); }
Dimension I() { return Dimension::base(BaseDim::Current); }
Dimension N() { return Dimension::base(BaseDim::Amount); }
Dimension voltage() { return M() * L().pow(2) / T().pow(3) / I(); }
Dimension conductance() { return I() / voltage(); }
Dimension capacitance() { return T() * I() / voltage(); }
Dimension resistance() { return voltage() / I(); }
Dimension concentration() { return N() / L().pow(3); }

Unit mustLookup(std::string_view name) {
  std::optional<Unit> u = lookupUnit(name);
  EXPECT_TRUE(u.has_value()) << name;
  return u.value_or(Unit{});
}

Unit mustParse(std::string_view text) {
  std::string error;
  std::optional<Unit> u = parseUnitExpr(text, &error);
  EXPECT_TRUE(u.has_value()) << text << ": " << error;
  EXPECT_TRUE(!u || error.empty()) << text;
  return u.value_or(Unit{});
}

std::string parseError(std::string_view text) {
  std::string error;
  std::optional<Unit> u = parseUnitExpr(text, &error);
  EXPECT_FALSE(u.has_value()) << "'" << text << "' parsed";
  EXPECT_FALSE(error.empty()) << text;
  return error;
}

bool contains(const std::string &haystack, const std::string &needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(UnitTest, ArithmeticCombinesDimensionAndScale) {
  Unit mV{voltage(), 1e-3};
  Unit ms{T(), 1e-3};
  Unit rate = mV / ms;
  EXPECT_EQ(rate.dim, voltage() / T());
  EXPECT_DOUBLE_EQ(rate.scale, 1.0);
  Unit prod = mV * ms;
  EXPECT_DOUBLE_EQ(prod.scale, 1e-6);
  Unit root = pow(Unit{T().inverse(), 1e3}, Rational(1, 2)); // sqrt(kHz)
  EXPECT_EQ(root.dim, T().pow(Rational(-1, 2)));
  EXPECT_NEAR(root.scale, std::sqrt(1e3), 1e-12);
  EXPECT_DOUBLE_EQ(pow(Unit{L(), 1e-2}, 2).scale, 1e-4);
}

TEST(UnitTest, LookupAppliesPrefixes) {
  EXPECT_EQ(mustLookup("V").dim, voltage());
  EXPECT_DOUBLE_EQ(mustLookup("mV").scale, 1e-3);
  EXPECT_EQ(mustLookup("mV").dim, voltage());
  EXPECT_EQ(mustLookup("nS").dim, conductance());
  EXPECT_DOUBLE_EQ(mustLookup("nS").scale, 1e-9);
  EXPECT_DOUBLE_EQ(mustLookup("pA").scale, 1e-12);
  EXPECT_DOUBLE_EQ(mustLookup("kHz").scale, 1e3);
  EXPECT_EQ(mustLookup("kHz").dim, T().inverse());
  EXPECT_DOUBLE_EQ(mustLookup("cm").scale, 1e-2);
  EXPECT_DOUBLE_EQ(mustLookup("fF").scale, 1e-15);
  for (std::string micro : {"u", kMicroSign, kGreekMu}) {
    Unit uF = mustLookup(micro + "F");
    EXPECT_EQ(uF.dim, capacitance()) << micro;
    EXPECT_DOUBLE_EQ(uF.scale, 1e-6) << micro;
  }
  for (std::string ohm : {"ohm", kOmega, kOhmSign}) {
    EXPECT_EQ(mustLookup(ohm).dim, resistance()) << ohm;
    EXPECT_DOUBLE_EQ(mustLookup("M" + ohm).scale, 1e6) << ohm;
    EXPECT_DOUBLE_EQ(mustLookup("G" + ohm).scale, 1e9) << ohm;
  }
}

TEST(UnitTest, LookupMassAndChemistry) {
  EXPECT_EQ(mustLookup("kg").dim, M());
  EXPECT_EQ(mustLookup("kg").scale, 1.0); // exactly: kg is its own entry
  EXPECT_DOUBLE_EQ(mustLookup("g").scale, 1e-3);
  EXPECT_DOUBLE_EQ(mustLookup("mg").scale, 1e-6);
  EXPECT_FALSE(lookupUnit("mkg"));
  EXPECT_EQ(mustLookup("M").dim, concentration());
  EXPECT_DOUBLE_EQ(mustLookup("M").scale, 1e3);
  EXPECT_DOUBLE_EQ(mustLookup("mM").scale, 1.0); // 1 mM = 1 mol/m^3
  EXPECT_DOUBLE_EQ(mustLookup(std::string(kMicroSign) + "M").scale, 1e-3);
  EXPECT_DOUBLE_EQ(mustLookup("mmol").scale, 1e-3);
  EXPECT_EQ(mustLookup("L").dim, L().pow(3));
  EXPECT_DOUBLE_EQ(mustLookup("ml").scale, 1e-6);
}

TEST(UnitTest, ExactNamesBeatPrefixSplits) {
  EXPECT_EQ(mustLookup("m").dim, L()); // metre, not milli-nothing
  EXPECT_DOUBLE_EQ(mustLookup("mm").scale, 1e-3);
  EXPECT_EQ(mustLookup("Ms").dim, T()); // megasecond, not molar second
  EXPECT_DOUBLE_EQ(mustLookup("Ms").scale, 1e6);
  EXPECT_EQ(mustLookup("cd").dim, Dimension::base(BaseDim::Luminosity));
  EXPECT_EQ(mustLookup("Pa").scale, 1.0);
  EXPECT_EQ(mustLookup("mol").scale, 1.0);
  EXPECT_DOUBLE_EQ(mustLookup("ms").scale, 1e-3);
  EXPECT_EQ(mustLookup("mS").dim, conductance());
}

TEST(UnitTest, LongNamesTakeLongPrefixes) {
  EXPECT_DOUBLE_EQ(mustLookup("millisecond").scale, 1e-3);
  EXPECT_EQ(mustLookup("nanosiemens").dim, conductance());
  EXPECT_DOUBLE_EQ(mustLookup("nanosiemens").scale, 1e-9);
  EXPECT_DOUBLE_EQ(mustLookup("micrometre").scale, 1e-6);
  EXPECT_DOUBLE_EQ(mustLookup("micrometer").scale, 1e-6);
  EXPECT_DOUBLE_EQ(mustLookup("kiloohm").scale, 1e3);
  EXPECT_EQ(mustLookup("kilogram").scale, 1.0);
  EXPECT_DOUBLE_EQ(mustLookup("millimolar").scale, 1.0);
  EXPECT_DOUBLE_EQ(mustLookup("picoamp").scale, 1e-12);
  // Prefix styles do not mix.
  EXPECT_FALSE(lookupUnit("mvolt"));
  EXPECT_FALSE(lookupUnit("milliV"));
}

TEST(UnitTest, LookupRejectsUnknownAndNonSI) {
  for (const char *name : {"", "h", "min", "day", "mVV", "mmV", "Volt", "x", "kkg", "u", "m "})
    EXPECT_FALSE(lookupUnit(name)) << name;
}

TEST(UnitTest, EveryPrefixOnEverySymbol) {
  const std::pair<std::string, double> prefixes[] = {
      {"f", 1e-15}, {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {kMicroSign, 1e-6}, {kGreekMu, 1e-6},
      {"m", 1e-3},  {"c", 1e-2},  {"k", 1e3},  {"M", 1e6},  {"G", 1e9}};
  const std::vector<std::string> &names = baseUnitNames();
  int checked = 0;
  for (std::string symbol : {"m",   "g",  "s", "A", "K", "mol", "cd", "V", "S", "F",
                             "ohm", "Hz", "C", "J", "W", "N",   "Pa", "M", "L", "l"}) {
    ASSERT_NE(std::find(names.begin(), names.end(), symbol), names.end()) << symbol;
    Unit base = mustLookup(symbol);
    for (const auto &[prefix, scale] : prefixes) {
      std::string name = prefix + symbol;
      if (name == "kg")
        continue; // its own entry, checked above
      Unit u = mustLookup(name);
      EXPECT_EQ(u.dim, base.dim) << name;
      EXPECT_DOUBLE_EQ(u.scale, scale * base.scale) << name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 20 * 11 - 1);
}

TEST(UnitTest, BaseUnitNamesHaveNoPrefixedForms) {
  const std::vector<std::string> &names = baseUnitNames();
  for (const char *name : {"V", "volt", "siemens", "ohm", kOmega, kOhmSign, "metre", "meter",
                           "litre", "liter", "molar", "amp", "ampere", "kg"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  for (const char *name : {"mV", "ms", "nS", "h", "min"})
    EXPECT_EQ(std::find(names.begin(), names.end(), name), names.end()) << name;
  for (const std::string &name : names)
    EXPECT_TRUE(lookupUnit(name).has_value()) << name;
}

TEST(UnitTest, ParseCompoundExpressions) {
  Unit gbar = mustParse("mS/cm^2");
  EXPECT_EQ(gbar.dim, conductance() / L().pow(2));
  EXPECT_EQ(gbar.dim.name(), "conductance density");
  EXPECT_DOUBLE_EQ(gbar.scale, 10.0);

  Unit slope = mustParse("mV/ms");
  EXPECT_EQ(slope.dim, voltage() / T());
  EXPECT_DOUBLE_EQ(slope.scale, 1.0);

  Unit noise = mustParse("1/sqrt(Hz)");
  EXPECT_EQ(noise.dim, T().pow(Rational(1, 2)));
  EXPECT_DOUBLE_EQ(noise.scale, 1.0);

  Unit j = mustParse("uA/cm^2");
  EXPECT_EQ(j.dim.name(), "current density");
  EXPECT_DOUBLE_EQ(j.scale, 1e-2);
  Unit juxtaposed = mustParse("uA cm^-2");
  EXPECT_EQ(juxtaposed.dim, j.dim);
  EXPECT_DOUBLE_EQ(juxtaposed.scale, j.scale);

  Unit sq = mustParse("(mV/ms)^2");
  EXPECT_EQ(sq.dim, (voltage() / T()).pow(2));
  EXPECT_DOUBLE_EQ(sq.scale, 1.0);

  Unit q = mustParse("nA*ms");
  EXPECT_EQ(q.dim.name(), "charge");
  EXPECT_DOUBLE_EQ(q.scale, 1e-12);

  EXPECT_EQ(mustParse("m^(1/2)").dim, L().pow(Rational(1, 2)));
  EXPECT_EQ(mustParse("s^(-1/2)").dim, T().pow(Rational(-1, 2)));
  EXPECT_EQ(mustParse("m^-2").dim, L().pow(-2));
  EXPECT_TRUE(mustParse("1").dim.isDimensionless());
  EXPECT_DOUBLE_EQ(mustParse("cm^2").scale, 1e-4);
  EXPECT_EQ(mustParse("cm^2").dim, L().pow(2));
  EXPECT_DOUBLE_EQ(mustParse("mM").scale, 1.0);
  EXPECT_EQ(mustParse("mM").dim, concentration());
  EXPECT_EQ(mustParse("sqrt(s)^2").dim, T());
}

TEST(UnitTest, ParseSpacingAndAlternativeSpellings) {
  EXPECT_DOUBLE_EQ(mustParse("  mS / cm ^ 2 ").scale, 10.0);
  EXPECT_DOUBLE_EQ(mustParse("mS/cm\xC2\xB2").scale, 10.0);         // cm²
  EXPECT_EQ(mustParse("s\xE2\x81\xBB\xC2\xB9").dim, T().inverse()); // s⁻¹
  EXPECT_DOUBLE_EQ(mustParse("nA\xC2\xB7ms").scale, 1e-12);         // nA·ms
  EXPECT_EQ(mustParse("m^+2").dim, L().pow(2));
  EXPECT_EQ(mustParse("m^(2)").dim, L().pow(2));
  EXPECT_EQ(mustParse("A/m/s").dim, I() / L() / T());
  // '/' binds left to right: (mV/ms)*ms is mV.
  EXPECT_EQ(mustParse("mV/ms*ms").dim, voltage());
  // Juxtaposition before any '/' is unambiguous.
  EXPECT_EQ(mustParse("kg m/s^2").dim, M() * L() / T().pow(2));
  EXPECT_EQ(mustParse("J/(kg K)").dim,
            L().pow(2) / T().pow(2) / Dimension::base(BaseDim::Temperature));
  Unit mixed = mustParse(std::string(kGreekMu) + "F/cm^2");
  EXPECT_DOUBLE_EQ(mixed.scale, 1e-2);
  EXPECT_EQ(mixed.dim.name(), "capacitance density");
}

TEST(UnitTest, ParseErrorsNameTheCulprit) {
  EXPECT_EQ(parseError("mVV"), "unknown unit 'mVV'");
  EXPECT_EQ(parseError("mV/mVV"), "unknown unit 'mVV'");
  EXPECT_TRUE(contains(parseError("mV/"), "after '/'"));
  std::string caret = parseError("mV^x");
  EXPECT_TRUE(contains(caret, "exponent")) << caret;
  EXPECT_TRUE(contains(caret, "'x'")) << caret;
  EXPECT_TRUE(contains(parseError(""), "empty"));
  EXPECT_TRUE(contains(parseError("   "), "empty"));
  std::string open = parseError("1/(ms");
  EXPECT_TRUE(contains(open, "')'")) << open;
  EXPECT_TRUE(contains(open, "1/(ms")) << open;
  EXPECT_TRUE(contains(parseError("ms)"), "unmatched ')'"));
  EXPECT_TRUE(contains(parseError("m2"), "'^2'"));
  EXPECT_TRUE(contains(parseError("2 m"), "'2'"));
  EXPECT_TRUE(contains(parseError("J/kg K"), "ambiguous"));
  EXPECT_TRUE(contains(parseError("mV^(1/0)"), "zero denominator"));
  EXPECT_TRUE(contains(parseError("mV^(1/2"), "')'"));
  EXPECT_TRUE(contains(parseError("sqrt Hz"), "'('"));
  EXPECT_TRUE(contains(parseError("()"), "()"));
  EXPECT_TRUE(contains(parseError("mV % ms"), "'%'"));
  EXPECT_TRUE(contains(parseError("mV**2"), "'*'"));
  EXPECT_TRUE(contains(parseError("h"), "unknown unit 'h'"));
  EXPECT_TRUE(contains(parseError("m^99999999999"), "too large"));
  EXPECT_TRUE(contains(parseError("(m^1000000000)^1000000000"), "overflow"));
  EXPECT_TRUE(contains(parseError("Gm^999"), "too large or too small"));
  // A null error pointer is allowed.
  EXPECT_FALSE(parseUnitExpr("mVV"));
}

TEST(UnitTest, NaturalUnitPrefersNamedUnits) {
  EXPECT_EQ(naturalUnit(voltage()), "V");
  EXPECT_EQ(naturalUnit(conductance()), "S");
  EXPECT_EQ(naturalUnit(capacitance()), "F");
  EXPECT_EQ(naturalUnit(resistance()), "ohm");
  EXPECT_EQ(naturalUnit(I()), "A");
  EXPECT_EQ(naturalUnit(T()), "s");
  EXPECT_EQ(naturalUnit(T().inverse()), "Hz");
  EXPECT_EQ(naturalUnit(M()), "kg");
  EXPECT_EQ(naturalUnit(I() * T()), "C");
  EXPECT_EQ(naturalUnit(Dimension()), "1");
  EXPECT_EQ(naturalUnit(conductance() / L().pow(2)), "S/m^2");
  EXPECT_EQ(naturalUnit(I() / L().pow(2)), "A/m^2");
  EXPECT_EQ(naturalUnit(capacitance() / L().pow(2)), "F/m^2");
  EXPECT_EQ(naturalUnit(voltage() / T()), "V/s");
  EXPECT_EQ(naturalUnit(I() / T()), "A/s");
  EXPECT_EQ(naturalUnit(concentration()), "mol/m^3");
  EXPECT_EQ(naturalUnit(voltage() / T().pow(Rational(1, 2))), "V/sqrt(s)");
  EXPECT_EQ(naturalUnit(resistance() * L()), "ohm m");
  EXPECT_EQ(naturalUnit(voltage().pow(2)), "V^2");
  EXPECT_EQ(naturalUnit((voltage() / T()).pow(2)), "V^2/s^2");
  EXPECT_EQ(naturalUnit(voltage().inverse()), "1/V");
  EXPECT_EQ(naturalUnit((voltage() * T()).inverse()), "1/(V s)");
  EXPECT_EQ(naturalUnit(L().pow(2)), "m^2");
  EXPECT_EQ(naturalUnit(T().pow(Rational(-1, 2))), "s^(-1/2)");
  EXPECT_EQ(naturalUnit(M() * L().pow(5)), "kg m^5");
}

TEST(UnitTest, NaturalUnitRoundTripsWithScaleOne) {
  std::vector<Dimension> dims;
  for (const std::string &name : baseUnitNames())
    dims.push_back(mustLookup(name).dim);
  for (const char *expr :
       {"mS/cm^2",    "uA/cm^2",     "uF/cm^2",   "mV/ms",     "nA/ms",   "mM",     "ohm cm",
        "1/sqrt(Hz)", "mV/sqrt(ms)", "(mV/ms)^2", "mV^2",      "m^(1/2)", "kg m^5", "mol/(m^3 s)",
        "K/s",        "m/s^2",       "kg/m^3",    "W/m^2",     "S/m",     "V/m",    "Pa s",
        "ohm cm^2",   "pA/sqrt(Hz)", "J/K",       "1/(mV ms)", "1/mV",    "W/K"})
    dims.push_back(mustParse(expr).dim);
  for (std::string prefix : {"", "m", "u", "k"})
    for (const char *symbol : {"V", "S", "F", "A", "Hz", "s", "ohm"})
      dims.push_back(pow(mustLookup(prefix + symbol), -1).dim);
  for (const Dimension &d : dims) {
    std::string text = naturalUnit(d);
    Unit back = mustParse(text);
    EXPECT_EQ(back.dim, d) << text;
    EXPECT_EQ(back.scale, 1.0) << text;
    EXPECT_EQ(mustParse(d.siString()).dim, d) << d.siString();
    EXPECT_EQ(mustParse(d.siString()).scale, 1.0) << d.siString();
  }
}

TEST(UnitTest, FormatQuantityExamples) {
  EXPECT_EQ(formatQuantity(0.6e-9, conductance()), "600 pS");
  EXPECT_EQ(formatQuantity(-0.065, voltage()), "-65 mV");
  EXPECT_EQ(formatQuantity(0.02, T()), "20 ms");
  EXPECT_EQ(formatQuantity(0, voltage()), "0 V");
  EXPECT_EQ(formatQuantity(-0.0, voltage()), "0 V");
  EXPECT_EQ(formatQuantity(3.5, Dimension()), "3.5");
  EXPECT_EQ(formatQuantity(1e-10, conductance()), "100 pS");
  EXPECT_EQ(formatQuantity(2e-10, capacitance()), "200 pF");
  EXPECT_EQ(formatQuantity(1.0 / 3.0, voltage()), "333.333 mV");
  EXPECT_EQ(formatQuantity(1e-4, T()), "100 us");
  EXPECT_EQ(formatQuantity(200, T()), "200 s");
  EXPECT_EQ(formatQuantity(200, T().inverse()), "200 Hz");
  EXPECT_EQ(formatQuantity(5e3, resistance()), "5 kohm");
  EXPECT_EQ(formatQuantity(1e-3, voltage() / T()), "1 mV/s");
  EXPECT_EQ(formatQuantity(10, conductance() / L().pow(2)), "10 S/m^2");
  EXPECT_EQ(formatQuantity(1.0, concentration()), "1 mM");
  EXPECT_EQ(formatQuantity(0.005, M()), "5 g");
  EXPECT_EQ(formatQuantity(70, M()), "70 kg");
  EXPECT_EQ(formatQuantity(2.5e-4, L().pow(2)), "0.00025 m^2");
  EXPECT_EQ(formatQuantity(1e-20, voltage()), "1e-05 fV");
  // Only a plain named head takes a prefix.
  EXPECT_EQ(formatQuantity(1e4, (voltage() * T()).inverse()), "10000 1/(V s)");
  EXPECT_EQ(formatQuantity(1e-6, voltage().pow(2)), "1e-06 V^2");
}

TEST(UnitTest, FormatQuantityParsesBack) {
  const std::pair<double, Dimension> cases[] = {
      {0.6e-9, conductance()}, {-0.065, voltage()},          {0.02, T()},
      {1.5, concentration()},  {123.456e-12, capacitance()}, {0.3, M()},
      {42, voltage() / T()},   {7e-6, I() / L().pow(2)},     {3.3e6, resistance()}};
  for (const auto &[value, dim] : cases) {
    std::string text = formatQuantity(value, dim);
    std::size_t space = text.find(' ');
    ASSERT_NE(space, std::string::npos) << text;
    Unit u = mustParse(text.substr(space + 1));
    EXPECT_EQ(u.dim, dim) << text;
    double back = std::strtod(text.c_str(), nullptr) * u.scale;
    EXPECT_NEAR(back, value, std::abs(value) * 1e-5) << text;
  }
}

} // namespace
