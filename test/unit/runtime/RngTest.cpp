// SPDX-License-Identifier: Apache-2.0
//===- RngTest.cpp - Philox known answers, uniform and normal statistics --===//

#include "Rng.h"
#include "bdlrt/bdlrt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>

namespace {

void expectBlock(std::array<std::uint32_t, 4> ctr, std::array<std::uint32_t, 2> key,
                 std::array<std::uint32_t, 4> expected) {
  std::uint32_t out[4];
  bdlrt_philox4x32_10(ctr.data(), key.data(), out);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(out[i], expected[i]) << "word " << i;
}

// Known-answer vectors from Random123's kat_vectors (philox4x32 10 rounds).
TEST(RngTest, PhiloxZeroVector) {
  expectBlock({0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
}

TEST(RngTest, PhiloxAllOnesVector) {
  expectBlock({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
              {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
}

TEST(RngTest, PhiloxPiVector) {
  expectBlock({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
              {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
}

TEST(RngTest, UniformIsAPureFunctionOfItsArguments) {
  EXPECT_EQ(bdlrt_uniform(42, 3, 17, 1000), bdlrt_uniform(42, 3, 17, 1000));
  EXPECT_NE(bdlrt_uniform(42, 3, 17, 1000), bdlrt_uniform(43, 3, 17, 1000));
  EXPECT_NE(bdlrt_uniform(42, 3, 17, 1000), bdlrt_uniform(42, 4, 17, 1000));
  EXPECT_NE(bdlrt_uniform(42, 3, 17, 1000), bdlrt_uniform(42, 3, 18, 1000));
  EXPECT_NE(bdlrt_uniform(42, 3, 17, 1000), bdlrt_uniform(42, 3, 17, 1001));
}

TEST(RngTest, EveryArgumentBitMatters) {
  // The high halves of entity and counter must reach the block too.
  double base = bdlrt_uniform(1, 2, 3, 4);
  EXPECT_NE(base, bdlrt_uniform(1, 2, 3 + (1ull << 32), 4));
  EXPECT_NE(base, bdlrt_uniform(1, 2, 3, 4 + (1ull << 32)));
  EXPECT_NE(base, bdlrt_uniform(1 + (1ull << 32), 2, 3, 4));
  EXPECT_NE(base, bdlrt_uniform(1, 2 + (1ull << 31), 3, 4));
}

TEST(RngTest, UniformMatchesTheDocumentedMapping) {
  // ctr = {entity lo, entity hi, stream, counter}, key = {seed lo, seed hi}.
  const std::uint32_t ctr[4] = {17, 0, 3, 1000};
  const std::uint32_t key[2] = {42, 0};
  std::uint32_t out[4];
  bdlrt_philox4x32_10(ctr, key, out);
  std::uint64_t bits = (static_cast<std::uint64_t>(out[1]) << 32) | out[0];
  EXPECT_EQ(bdlrt_uniform(42, 3, 17, 1000), static_cast<double>(bits >> 11) * 0x1.0p-53);
}

TEST(RngTest, UniformMomentsOver1e5Draws) {
  constexpr int n = 100000;
  double sum = 0.0, sumSq = 0.0;
  double lo = 1.0, hi = 0.0;
  for (int i = 0; i < n; ++i) {
    double u = bdlrt_uniform(7, 1, static_cast<std::uint64_t>(i % 100), static_cast<std::uint64_t>(i / 100));
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sumSq += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  double mean = sum / n, var = sumSq / n - mean * mean;
  // Mean: sd 1/sqrt(12 n) = 9.1e-4; variance of u: sd ~ sqrt(1/180 n) = 2.4e-4.
  EXPECT_NEAR(mean, 0.5, 5 * 9.2e-4);
  EXPECT_NEAR(var, 1.0 / 12.0, 5 * 2.4e-4);
  EXPECT_LT(lo, 1e-3);
  EXPECT_GT(hi, 1 - 1e-3);
}

TEST(RngTest, NormalMomentsOver1e5Draws) {
  constexpr int n = 100000;
  double sum = 0.0, sumSq = 0.0, sumQuad = 0.0;
  for (int i = 0; i < n; ++i) {
    double z = bdlrt_normal(11, 2, static_cast<std::uint64_t>(i), 0);
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sumSq += z * z;
    sumQuad += z * z * z * z;
  }
  double mean = sum / n, var = sumSq / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5 / std::sqrt(n));               // sd 1/sqrt(n)
  EXPECT_NEAR(var, 1.0, 5 * std::sqrt(2.0 / n));          // sd sqrt(2/n)
  EXPECT_NEAR(sumQuad / n, 3.0, 5 * std::sqrt(96.0 / n)); // kurtosis 3, sd sqrt(96/n)
}

TEST(RngTest, ConnectivityStreamsAreAboveKernelStreams) {
  EXPECT_GE(bdlrt::kConnectivityStream, 1u << 30);
  EXPECT_LT(bdlrt::kConnectivityStream + 1000, 1ull << 32);
}

} // namespace
