// SPDX-License-Identifier: Apache-2.0
//===- ExpmTest.cpp - matrix exponential against closed forms -------------===//

#include "bdlrt/bdlrt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

std::vector<double> expm(const std::vector<double> &a) {
  auto n = static_cast<std::int64_t>(std::lround(std::sqrt(static_cast<double>(a.size()))));
  std::vector<double> out(a.size(), -1.0);
  bdlrt_expm(n, a.data(), out.data());
  return out;
}

void expectNear(const std::vector<double> &got, const std::vector<double> &want, double relTol) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i], relTol * std::max(1.0, std::fabs(want[i]))) << "entry " << i;
}

TEST(ExpmTest, ZeroIsIdentity) {
  expectNear(expm({0, 0, 0, 0}), {1, 0, 0, 1}, 0);
}

TEST(ExpmTest, DiagonalExponentiatesEachEntry) {
  expectNear(expm({-0.5, 0, 0, 0, 2.0, 0, 0, 0, -30.0}),
             {std::exp(-0.5), 0, 0, 0, std::exp(2.0), 0, 0, 0, std::exp(-30.0)}, 1e-13);
}

TEST(ExpmTest, LargeNormNeedsSquaring) {
  // Norm 40 forces several squarings; the result must stay accurate.
  std::vector<double> got = expm({-40.0, 0, 0, 3.0});
  EXPECT_NEAR(got[0] / std::exp(-40.0), 1.0, 1e-13);
  EXPECT_NEAR(got[3] / std::exp(3.0), 1.0, 1e-13);
  EXPECT_EQ(got[1], 0.0);
  EXPECT_EQ(got[2], 0.0);
}

TEST(ExpmTest, SkewMatrixIsARotation) {
  for (double theta : {0.1, 1.0, 2.5, 10.0}) {
    std::vector<double> got = expm({0, -theta, theta, 0});
    expectNear(got, {std::cos(theta), -std::sin(theta), std::sin(theta), std::cos(theta)}, 1e-13);
  }
}

TEST(ExpmTest, NilpotentIsIdentityPlusA) {
  expectNear(expm({0, 1, 0, 0}), {1, 1, 0, 1}, 1e-15);
  expectNear(expm({0, 2, 3, 0, 0, 4, 0, 0, 0}), {1, 2, 3 + 2 * 4 / 2.0, 0, 1, 4, 0, 0, 1}, 1e-14);
}

TEST(ExpmTest, LeakyIntegratorWithExponentialSynapse) {
  // dv/dt = (-v + g)/tau_m, dg/dt = -g/tau_s: the propagator of a LIF
  // neuron with an exponential current, as Propagators would build it.
  double dt = 1e-4, tm = 0.02, ts = 0.005;
  std::vector<double> got = expm({-dt / tm, dt / tm, 0, -dt / ts});
  double em = std::exp(-dt / tm), es = std::exp(-dt / ts);
  // [[l1, c], [0, l2]] -> upper right c (e^l1 - e^l2) / (l1 - l2).
  double a = dt / tm, b = dt / ts;
  double cross = a * (es - em) / (a - b);
  expectNear(got, {em, cross, 0, es}, 1e-13);
}

TEST(ExpmTest, NonFiniteInputGivesNaN) {
  std::vector<double> got = expm({NAN, 0, 0, 1});
  for (double x : got)
    EXPECT_TRUE(std::isnan(x));
}

} // namespace
