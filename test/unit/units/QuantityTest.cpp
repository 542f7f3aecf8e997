// SPDX-License-Identifier: Apache-2.0
//===- QuantityTest.cpp - number-and-unit text and descriptor exponents ---===//

#include "units/Quantity.h"

#include "units/Unit.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using bdl::units::Dimension;
using bdl::units::parseQuantity;
using bdl::units::Quantity;

Dimension dimOf(const std::string &unit) {
  std::optional<bdl::units::Unit> u = bdl::units::parseUnitExpr(unit);
  EXPECT_TRUE(u.has_value()) << unit;
  return u ? u->dim : Dimension();
}

void expectQuantity(const std::string &text, double value, const std::string &unit) {
  SCOPED_TRACE(text);
  std::string error;
  std::optional<Quantity> q = parseQuantity(text, &error);
  ASSERT_TRUE(q.has_value()) << error;
  EXPECT_NEAR(q->siValue, value, 1e-12 * std::fabs(value));
  EXPECT_EQ(q->dim, dimOf(unit)) << q->dim.siString();
  EXPECT_TRUE(q->hasUnit);
}

std::string errorOf(const std::string &text) {
  std::string error;
  std::optional<Quantity> q = parseQuantity(text, &error);
  EXPECT_FALSE(q.has_value()) << text;
  return error;
}

TEST(QuantityTest, PrefixedTimes) {
  expectQuantity("15ms", 0.015, "s");
  expectQuantity("15 ms", 0.015, "s");
  expectQuantity("+2s", 2.0, "s");
  expectQuantity("500 us", 5e-4, "s");
  expectQuantity("500 \xC2\xB5s", 5e-4, "s"); // µs
  expectQuantity("1.5e3 ns", 1.5e-6, "s");
  expectQuantity("3 millisecond", 3e-3, "s");
}

TEST(QuantityTest, CompoundUnits) {
  expectQuantity("1 mS/cm^2", 10.0, "S/m^2");
  expectQuantity("0.5 uF/cm^2", 0.5e-6 / 1e-4, "F/m^2");
  expectQuantity("-65 mV", -0.065, "V");
  expectQuantity("3 kg*m^2/(s^3*A)", 3.0, "V");
  expectQuantity("3 kg m^2 s^-3 A^-1", 3.0, "V"); // the SI form messages print
  expectQuantity("2/ms", 2000.0, "Hz");
  expectQuantity("4 1/s", 4.0, "Hz");
  expectQuantity("1 mV/ms^(1/2)", 1e-3 / std::sqrt(1e-3), "V/sqrt(s)");
  expectQuantity("2 mM", 2.0, "mol/m^3");
  expectQuantity("1 k\xCE\xA9", 1e3, "ohm"); // kΩ
}

TEST(QuantityTest, TheValueIsTheSourcesProduct) {
  // `15 ms` in a model is 15 times the unit's scale; --set must give the
  // same double, not a differently rounded one.
  std::optional<Quantity> q = parseQuantity("0.1 mS/cm^2");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->siValue, 0.1 * bdl::units::parseUnitExpr("mS/cm^2")->scale);
}

TEST(QuantityTest, BareNumbersAndDimensionless) {
  std::optional<Quantity> q = parseQuantity("0.6");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->siValue, 0.6);
  EXPECT_FALSE(q->hasUnit);
  EXPECT_TRUE(q->dim.isDimensionless());
  std::optional<Quantity> one = parseQuantity("0.6 1");
  ASSERT_TRUE(one);
  EXPECT_TRUE(one->hasUnit);
  EXPECT_TRUE(one->dim.isDimensionless());
}

TEST(QuantityTest, ErrorsNameTheProblem) {
  EXPECT_EQ(errorOf("15 foo"), "unknown unit 'foo'");
  EXPECT_EQ(errorOf("ms"), "expected a number in 'ms'");
  EXPECT_EQ(errorOf("inf s"), "expected a number in 'inf s'");
  EXPECT_EQ(errorOf("+-2 s"), "expected a number in '+-2 s'");
  EXPECT_EQ(errorOf(""), "expected a number in ''");
  // The units the source refuses (E0204) are refused here too.
  EXPECT_EQ(errorOf("0.25min"), "unknown unit 'min'");
  EXPECT_EQ(errorOf("1 h"), "unknown unit 'h'");
  EXPECT_EQ(errorOf("1 mV^"), "expected an exponent after '^' in 'mV^', found the end");
  EXPECT_EQ(errorOf("1 mV)"), "unmatched ')' in unit 'mV)'");
}

TEST(QuantityTest, DescriptorExponents) {
  using bdl::units::dimensionFromExponents;
  EXPECT_EQ(dimensionFromExponents({2, 1, -3, -1, 0, 0, 0}), dimOf("V"));
  EXPECT_EQ(dimensionFromExponents({2, 1, -3.5, -1, 0, 0, 0}), dimOf("V/sqrt(s)"));
  EXPECT_EQ(dimensionFromExponents({0, 0, 0, 0, 0, 0, 0}), Dimension());
  EXPECT_FALSE(dimensionFromExponents({0.123456, 0, 0, 0, 0, 0, 0}));
}

TEST(QuantityTest, DescriptionsInSentences) {
  using bdl::units::describeDimensionInSentence;
  EXPECT_EQ(describeDimensionInSentence(dimOf("s")), "a time [s]");
  EXPECT_EQ(describeDimensionInSentence(dimOf("m^2")), "an area [m^2]");
  EXPECT_EQ(describeDimensionInSentence(dimOf("A/m^2")), "a current density [m^-2 A]");
  EXPECT_EQ(describeDimensionInSentence(Dimension()), "dimensionless");
  EXPECT_EQ(describeDimensionInSentence(dimOf("kg m^5")), "of dimension [kg m^5]");
  EXPECT_EQ(describeDimensionInSentence(dimOf("V/s")), "of dimension V/s [kg m^2 s^-4 A^-1]");
}

} // namespace
