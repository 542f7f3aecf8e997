// SPDX-License-Identifier: Apache-2.0
//===- FractionalTest.cpp - history weights and sums of Caputo equations ---===//

#include "Fractional.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

using bdlrt::FractionalHistory;
using bdlrt::fractionalWeights;

TEST(Fractional, L1WeightsAreTheDifferencesOfPowers) {
  auto w = fractionalWeights(true, 0.5, 3);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_DOUBLE_EQ(w[1], std::sqrt(2.0) - 1);
  EXPECT_DOUBLE_EQ(w[2], std::sqrt(3.0) - std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(w[3], 2 - std::sqrt(3.0));
}

TEST(Fractional, GrunwaldLetnikovWeightsArePartialSumsOfBinomials) {
  // (-1)^j binom(a, j) for a = 0.5: 1, -0.5, -0.125, -0.0625; partial sums.
  auto w = fractionalWeights(false, 0.5, 3);
  EXPECT_DOUBLE_EQ(w[1], 0.5);
  EXPECT_DOUBLE_EQ(w[2], 0.375);
  EXPECT_DOUBLE_EQ(w[3], 0.3125);
}

TEST(Fractional, OrderOneForgetsTheHistory) {
  // alpha = 1: both schemes reduce to a one-step method.
  for (bool l1 : {true, false}) {
    auto w = fractionalWeights(l1, 1.0, 5);
    for (std::size_t m = 1; m < w.size(); ++m) EXPECT_NEAR(w[m], 0.0, 1e-15) << "l1 " << l1 << " m " << m;
  }
}

/// The history sum against a direct evaluation over the whole past.
TEST(Fractional, SumsWeightTheRightIncrements) {
  const double a = 0.7;
  std::vector<double> xs = {1.0, 0.5, 2.0, -1.0, 3.0, 0.25, 4.0};
  auto w = fractionalWeights(true, a, 16);
  for (std::int64_t window : {3, 16}) {
    bdlrt::StateArray x, sumArray;
    x.assign(1, xs[0], false);
    sumArray.assign(1, -1, false);
    FractionalHistory h(true, a, window, 1, x);
    for (std::int64_t step = 0; step < static_cast<std::int64_t>(xs.size()); ++step) {
      x.set(0, xs[step]);
      h.advance(step, x, sumArray, 0, 1);
      double sum = sumArray[0];
      // Increments d_k = x_k - x_{k-1}, k = 1..step; w_m weighs d_{step+1-m}.
      double want = 0;
      for (std::int64_t m = 1; m <= std::min(step, window); ++m) want += w[m] * (xs[step + 1 - m] - xs[step - m]);
      EXPECT_NEAR(sum, want, 1e-14) << "window " << window << " step " << step;
    }
  }
}

TEST(Fractional, NeuronsKeepSeparateHistories) {
  // Single precision: float arrays, the same sums (the values are exact in float).
  for (bool single : {false, true}) {
    bdlrt::StateArray x, sum;
    x.assign(2, 0.0, single);
    x.set(1, 10.0);
    sum.assign(2, 0.0, single);
    FractionalHistory h(false, 0.5, 4, 2, x);
    h.advance(0, x, sum, 0, 2);
    x.set(0, 1.0);
    h.advance(1, x, sum, 0, 2);
    EXPECT_DOUBLE_EQ(sum[0], 0.5 * 1.0); // w_1 d_1
    EXPECT_DOUBLE_EQ(sum[1], 0.0);
    // Ranges: advancing [1, 2) leaves neuron 0 alone.
    x.set(0, 5.0);
    x.set(1, 12.0);
    h.advance(2, x, sum, 1, 2);
    EXPECT_DOUBLE_EQ(sum[0], 0.5);
    EXPECT_DOUBLE_EQ(sum[1], 0.5 * 2.0);
  }
}

} // namespace
