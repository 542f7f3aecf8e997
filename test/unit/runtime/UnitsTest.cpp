// SPDX-License-Identifier: Apache-2.0
//===- UnitsTest.cpp - command-line quantities and dimension descriptions -===//

#include "Units.h"
#include "Error.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using bdlrt::Dims;
using bdlrt::parseQuantity;
using bdlrt::parseUnit;
using bdlrt::Quantity;

const Dims kTime = {0, 0, 1, 0, 0, 0, 0};
const Dims kVolt = {2, 1, -3, -1, 0, 0, 0};
const Dims kSiemensPerArea = {-4, -1, 3, 2, 0, 0, 0};
const Dims kFaradPerArea = {-4, -1, 4, 2, 0, 0, 0};
const Dims kOhm = {2, 1, -3, -2, 0, 0, 0};

void expectQuantity(const std::string &text, double value, const Dims &dims) {
  SCOPED_TRACE(text);
  Quantity q = parseQuantity(text);
  EXPECT_NEAR(q.value, value, 1e-12 * std::fabs(value));
  EXPECT_TRUE(bdlrt::sameDims(q.dims, dims)) << bdlrt::siString(q.dims);
  EXPECT_TRUE(q.hasUnit);
}

TEST(UnitsTest, PrefixedTimes) {
  expectQuantity("15ms", 0.015, kTime);
  expectQuantity("15 ms", 0.015, kTime);
  expectQuantity("2s", 2.0, kTime);
  expectQuantity("500 us", 5e-4, kTime);
  expectQuantity("500 \xC2\xB5s", 5e-4, kTime); // µs
  expectQuantity("1.5e3 ns", 1.5e-6, kTime);
  expectQuantity("2 min", 120.0, kTime);
}

TEST(UnitsTest, CompoundUnits) {
  expectQuantity("1 mS/cm^2", 10.0, kSiemensPerArea);
  expectQuantity("0.5 uF/cm^2", 0.5e-6 / 1e-4, kFaradPerArea);
  expectQuantity("-65 mV", -0.065, kVolt);
  expectQuantity("3 kg*m^2/(s^3*A)", 3.0, kVolt);
  expectQuantity("3 kg m^2 s^-3 A^-1", 3.0, kVolt); // the SI form errors print
  expectQuantity("2/ms", 2000.0, {0, 0, -1, 0, 0, 0, 0});
  expectQuantity("4 1/s", 4.0, {0, 0, -1, 0, 0, 0, 0});
  expectQuantity("1 mV/ms^(1/2)", 1e-3 / std::sqrt(1e-3), {2, 1, -3.5, -1, 0, 0, 0});
  expectQuantity("1 mV/ms^0.5", 1e-3 / std::sqrt(1e-3), {2, 1, -3.5, -1, 0, 0, 0});
}

TEST(UnitsTest, SymbolsThatLookLikePrefixes) {
  expectQuantity("1 m", 1.0, {1, 0, 0, 0, 0, 0, 0});
  expectQuantity("1 mol", 1.0, {0, 0, 0, 0, 0, 1, 0});   // mole, not milli-"ol"
  expectQuantity("1 cd", 1.0, {0, 0, 0, 0, 0, 0, 1});    // candela, not centi-"d"
  expectQuantity("1 Pa", 1.0, {-1, 1, -2, 0, 0, 0, 0});  // pascal
  expectQuantity("1 T", 1.0, {0, 1, -2, -1, 0, 0, 0});   // tesla, not tera
  expectQuantity("1 M", 1000.0, {-3, 0, 0, 0, 0, 1, 0}); // molar
  expectQuantity("2 mM", 2.0, {-3, 0, 0, 0, 0, 1, 0});   // millimolar
  expectQuantity("1 Mohm", 1e6, kOhm);                   // mega-ohm still works
  expectQuantity("1 k\xCE\xA9", 1e3, kOhm);              // kΩ
  expectQuantity("1 g", 1e-3, {0, 1, 0, 0, 0, 0, 0});    // kg is the SI base
  expectQuantity("1 kg", 1.0, {0, 1, 0, 0, 0, 0, 0});
  expectQuantity("1 mL", 1e-6, {3, 0, 0, 0, 0, 0, 0});
  expectQuantity("40 Hz", 40.0, {0, 0, -1, 0, 0, 0, 0});
  expectQuantity("2 dam", 20.0, {1, 0, 0, 0, 0, 0, 0}); // deca
}

TEST(UnitsTest, BareNumbersAndDimensionless) {
  Quantity q = parseQuantity("0.6");
  EXPECT_EQ(q.value, 0.6);
  EXPECT_FALSE(q.hasUnit);
  EXPECT_TRUE(bdlrt::sameDims(q.dims, Dims{}));
  Quantity one = parseQuantity("0.6 1");
  EXPECT_TRUE(one.hasUnit);
  EXPECT_TRUE(bdlrt::sameDims(one.dims, Dims{}));
  EXPECT_EQ(parseUnit("1").value, 1.0);
  EXPECT_EQ(parseUnit("mV").value, 1e-3);
}

TEST(UnitsTest, ErrorsNameTheProblem) {
  auto message = [](const std::string &text) {
    try {
      parseQuantity(text);
    } catch (const bdlrt::Error &e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(message("15 foo"), "unknown unit 'foo' in '15 foo'");
  EXPECT_EQ(message("ms"), "expected a number in 'ms'");
  EXPECT_EQ(message("1 h"), "unknown unit 'h' in '1 h' (write hours as 60 min or 3600 s)");
  EXPECT_EQ(message("1 mV)"), "unexpected ')' in '1 mV)'");
  EXPECT_EQ(message("1 (mV"), "expected ')' in '1 (mV'");
  EXPECT_EQ(message("1 mV^"), "expected an exponent in '1 mV^'");
  EXPECT_EQ(message("inf s"), "expected a number in 'inf s'");
}

TEST(UnitsTest, DescriptionsNameWellKnownDimensions) {
  EXPECT_EQ(bdlrt::siString(kVolt), "kg m^2 s^-3 A^-1");
  EXPECT_EQ(bdlrt::describeDims(kVolt), "voltage [kg m^2 s^-3 A^-1]");
  EXPECT_EQ(bdlrt::describeDims(Dims{}), "dimensionless");
  EXPECT_EQ(bdlrt::describeDimsInSentence(kTime), "a time [s]");
  EXPECT_EQ(bdlrt::describeDimsInSentence({2, 0, 0, 0, 0, 0, 0}), "an area [m^2]");
  EXPECT_EQ(bdlrt::describeDimsInSentence({5, 1, 0, 0, 0, 0, 0}), "of dimension [kg m^5]");
  EXPECT_EQ(bdlrt::siString({2, 1, -3.5, -1, 0, 0, 0}), "kg m^2 s^(-7/2) A^-1");
  EXPECT_EQ(bdlrt::describeDims(kSiemensPerArea), "conductance density [kg^-1 m^-4 s^3 A^2]");
}

} // namespace
