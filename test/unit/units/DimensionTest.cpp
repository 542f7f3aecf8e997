// SPDX-License-Identifier: Apache-2.0
//===- DimensionTest.cpp - dimension algebra, SI form, names ---------------===//

#include "units/Dimension.h"

#include <gtest/gtest.h>

#include <unordered_set>

using bdl::units::Rational;
using namespace bdl::units;

namespace {

Dimension L() { return Dimension::base(BaseDim::Length); }
Dimension M() { return Dimension::base(BaseDim::Mass); }
Dimension T() { return Dimension::base(BaseDim::Time); }
Dimension I() { return Dimension::base(BaseDim::Current); }

Dimension volt() { return M() * L().pow(2) / T().pow(3) / I(); }
Dimension siemens() { return (volt() / I()).inverse(); }
Dimension farad() { return T() * I() / volt(); }

TEST(DimensionTest, DefaultIsDimensionless) {
  Dimension d;
  EXPECT_TRUE(d.isDimensionless());
  EXPECT_FALSE(d.overflowed());
  for (int b = 0; b < 7; ++b)
    EXPECT_TRUE(d.exponent(static_cast<BaseDim>(b)).isZero());
  EXPECT_EQ(d.siString(), "1");
  EXPECT_EQ(d.name(), "dimensionless");
}

TEST(DimensionTest, BaseHasExponentOneOnItsAxisOnly) {
  Dimension t = T();
  EXPECT_EQ(t.exponent(BaseDim::Time), Rational(1));
  EXPECT_TRUE(t.exponent(BaseDim::Length).isZero());
  EXPECT_FALSE(t.isDimensionless());
  EXPECT_NE(T(), L());
}

TEST(DimensionTest, ProductsAndQuotientsAddAndSubtractExponents) {
  Dimension v = volt();
  EXPECT_EQ(v.exponent(BaseDim::Mass), Rational(1));
  EXPECT_EQ(v.exponent(BaseDim::Length), Rational(2));
  EXPECT_EQ(v.exponent(BaseDim::Time), Rational(-3));
  EXPECT_EQ(v.exponent(BaseDim::Current), Rational(-1));
  EXPECT_TRUE((v / v).isDimensionless());
  // V * S = A, and the product commutes.
  EXPECT_EQ(v * siemens(), I());
  EXPECT_EQ(siemens() * v, I());
  // F / S = s: the membrane time constant C/g.
  EXPECT_EQ(farad() / siemens(), T());
}

TEST(DimensionTest, IntegerAndRationalPowers) {
  EXPECT_EQ(L().pow(2) * L(), L().pow(3));
  EXPECT_EQ(L().pow(-2), L().pow(2).inverse());
  EXPECT_TRUE(L().pow(0).isDimensionless());
  Dimension hz = T().inverse();
  Dimension sqrtHz = hz.pow(Rational(1, 2));
  EXPECT_EQ(sqrtHz.exponent(BaseDim::Time), Rational(-1, 2));
  EXPECT_EQ(sqrtHz.pow(2), hz);
  Dimension rootS = T().pow(Rational(1, 2));
  EXPECT_EQ(rootS.pow(2), T());
  EXPECT_EQ(rootS * rootS, T());
  EXPECT_EQ(rootS.inverse(), sqrtHz);
  EXPECT_EQ(T().pow(Rational(2, 3)).pow(Rational(3, 2)), T());
}

TEST(DimensionTest, InverseNegatesEveryExponent) {
  Dimension s = siemens();
  EXPECT_EQ(s, (volt() / I()).inverse());
  EXPECT_EQ(s.inverse().inverse(), s);
  EXPECT_TRUE((s * s.inverse()).isDimensionless());
  EXPECT_TRUE(Dimension().inverse().isDimensionless());
}

TEST(DimensionTest, SiStringUsesBrochureOrder) {
  EXPECT_EQ(volt().siString(), "kg m^2 s^-3 A^-1");
  EXPECT_EQ(siemens().siString(), "kg^-1 m^-2 s^3 A^2");
  EXPECT_EQ(T().pow(Rational(1, 2)).siString(), "s^(1/2)");
  EXPECT_EQ(T().pow(Rational(-1, 2)).siString(), "s^(-1/2)");
  EXPECT_EQ(L().siString(), "m");
  EXPECT_EQ((Dimension::base(BaseDim::Amount) / L().pow(3)).siString(), "m^-3 mol");
  Dimension all;
  for (int b = 0; b < 7; ++b)
    all = all * Dimension::base(static_cast<BaseDim>(b));
  EXPECT_EQ(all.siString(), "kg m s A K mol cd");
}

TEST(DimensionTest, NamesOfWellKnownQuantities) {
  EXPECT_EQ(volt().name(), "voltage");
  EXPECT_EQ(I().name(), "current");
  EXPECT_EQ(siemens().name(), "conductance");
  EXPECT_EQ(farad().name(), "capacitance");
  EXPECT_EQ((volt() / I()).name(), "resistance");
  EXPECT_EQ(T().name(), "time");
  EXPECT_EQ(T().inverse().name(), "frequency");
  EXPECT_EQ((I() * T()).name(), "charge");
  EXPECT_EQ((volt() * I() * T()).name(), "energy");
  EXPECT_EQ((volt() * I()).name(), "power");
  EXPECT_EQ(L().name(), "length");
  EXPECT_EQ(L().pow(2).name(), "area");
  EXPECT_EQ(L().pow(3).name(), "volume");
  EXPECT_EQ(M().name(), "mass");
  EXPECT_EQ(Dimension::base(BaseDim::Temperature).name(), "temperature");
  EXPECT_EQ(Dimension::base(BaseDim::Amount).name(), "amount of substance");
  EXPECT_EQ((Dimension::base(BaseDim::Amount) / L().pow(3)).name(), "concentration");
  EXPECT_EQ((I() / L().pow(2)).name(), "current density");
  EXPECT_EQ((siemens() / L().pow(2)).name(), "conductance density");
  EXPECT_EQ((farad() / L().pow(2)).name(), "capacitance density");
  EXPECT_EQ((volt() / I() * L()).name(), "resistivity");
  EXPECT_EQ((volt() / T()).name(), "");
}

TEST(DimensionTest, DescribeUsesNameElseNaturalUnit) {
  EXPECT_EQ(describeDimension(volt()), "voltage [kg m^2 s^-3 A^-1]");
  EXPECT_EQ(describeDimension(siemens()), "conductance [kg^-1 m^-2 s^3 A^2]");
  EXPECT_EQ(describeDimension(volt() / T()), "V/s [kg m^2 s^-4 A^-1]");
  EXPECT_EQ(describeDimension(Dimension()), "dimensionless");
  // With neither a name nor a named unit, the SI form is not repeated.
  EXPECT_EQ(describeDimension(M() * L().pow(5)), "[kg m^5]");
}

TEST(DimensionTest, HugePowersOverflow) {
  Dimension d = L().pow(1000).pow(1000);
  EXPECT_FALSE(d.overflowed());
  Dimension big = L().pow(1'000'000'000).pow(1'000'000'000);
  EXPECT_TRUE(big.overflowed());
  EXPECT_FALSE(big.isDimensionless());
  EXPECT_NE(big, Dimension());
  EXPECT_EQ(big.siString(), "<overflow>");
  EXPECT_EQ(describeDimension(big), "<overflowed dimension>");
  // Overflow is sticky through later arithmetic.
  EXPECT_TRUE((big * T()).overflowed());
  EXPECT_TRUE(big.inverse().overflowed());
  EXPECT_TRUE(T().pow(Rational(1, 1'000'000'000)).pow(Rational(1, 1'000'000'000)).overflowed());
}

TEST(DimensionTest, HashAgreesWithEquality) {
  std::unordered_set<Dimension> set;
  set.insert(volt());
  set.insert(M() * L().pow(2) * T().pow(-3) * I().inverse());
  set.insert(siemens());
  set.insert(Dimension());
  set.insert(T().pow(Rational(1, 2)));
  EXPECT_EQ(set.size(), 4u);
  EXPECT_EQ(volt().hash(), (siemens().inverse() * I()).hash());
  EXPECT_EQ(set.count(T().pow(Rational(2, 4))), 1u);
}

} // namespace
