// SPDX-License-Identifier: Apache-2.0
//===- ConnectivityTest.cpp - CSR invariants and rule statistics ----------===//

#include "Connectivity.h"
#include "Error.h"
#include "Rng.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using bdlrt::ConnectSpec;
using bdlrt::Csr;
using bdlrt::Rule;

ConnectSpec spec(Rule rule, double arg, std::int64_t npre, std::int64_t npost, bool excludeSelf = false,
                 std::uint64_t seed = 42) {
  ConnectSpec s;
  s.rule = rule;
  s.arg = arg;
  s.npre = npre;
  s.npost = npost;
  s.excludeSelf = excludeSelf;
  s.seed = seed;
  s.stream = bdlrt::kConnectivityStream + 3;
  s.preName = "E";
  s.postName = "I";
  return s;
}

/// rowptr starts at 0, is monotone and ends at size; each row's posts are
/// in range and ascending (strictly unless multapses are allowed);
/// preIndex names the row.
void expectValidCsr(const Csr &c, std::int64_t npre, std::int64_t npost, bool strict = true) {
  ASSERT_EQ(c.rowptr.size(), static_cast<std::size_t>(npre + 1));
  EXPECT_EQ(c.rowptr.front(), 0);
  EXPECT_EQ(c.rowptr.back(), c.size());
  ASSERT_EQ(c.preIndex.size(), c.col.size());
  for (std::int64_t i = 0; i < npre; ++i) {
    ASSERT_LE(c.rowptr[i], c.rowptr[i + 1]);
    for (std::int64_t s = c.rowptr[i]; s < c.rowptr[i + 1]; ++s) {
      ASSERT_EQ(c.preIndex[s], i);
      ASSERT_GE(c.col[s], 0);
      ASSERT_LT(c.col[s], npost);
      if (s > c.rowptr[i]) {
        if (strict)
          ASSERT_LT(c.col[s - 1], c.col[s]);
        else
          ASSERT_LE(c.col[s - 1], c.col[s]);
      }
    }
  }
}

bool hasAutapse(const Csr &c) {
  for (std::int64_t s = 0; s < c.size(); ++s)
    if (c.col[s] == c.preIndex[s]) return true;
  return false;
}

TEST(ConnectivityTest, AllToAllWithAndWithoutAutapses) {
  Csr c = bdlrt::buildConnectivity(spec(Rule::AllToAll, 0, 4, 4));
  expectValidCsr(c, 4, 4);
  EXPECT_EQ(c.size(), 16);
  Csr d = bdlrt::buildConnectivity(spec(Rule::AllToAll, 0, 4, 4, true));
  expectValidCsr(d, 4, 4);
  EXPECT_EQ(d.size(), 12);
  EXPECT_FALSE(hasAutapse(d));
  EXPECT_EQ(d.col[d.rowptr[2]], 0);
  EXPECT_EQ(d.col[d.rowptr[2] + 2], 3);
}

TEST(ConnectivityTest, OneToOneNeedsEqualSizes) {
  Csr c = bdlrt::buildConnectivity(spec(Rule::OneToOne, 0, 5, 5));
  expectValidCsr(c, 5, 5);
  ASSERT_EQ(c.size(), 5);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(c.col[i], i);
  EXPECT_THROW(bdlrt::buildConnectivity(spec(Rule::OneToOne, 0, 5, 6)), bdlrt::Error);
}

TEST(ConnectivityTest, ProbabilityCountIsWithinFourSigma) {
  const std::int64_t n = 400, m = 500;
  const double p = 0.05;
  Csr c = bdlrt::buildConnectivity(spec(Rule::Probability, p, n, m));
  expectValidCsr(c, n, m);
  double mean = p * n * m, sigma = std::sqrt(n * m * p * (1 - p));
  EXPECT_NEAR(static_cast<double>(c.size()), mean, 4 * sigma);
  // Every post column should be hit about n*p = 20 times: none far off.
  std::vector<int> indegree(m, 0);
  for (std::int32_t j : c.col)
    ++indegree[j];
  for (int j = 0; j < m; ++j)
    ASSERT_LT(indegree[j], 60) << j;
}

TEST(ConnectivityTest, ProbabilityEdgeCasesAndAutapses) {
  EXPECT_EQ(bdlrt::buildConnectivity(spec(Rule::Probability, 0.0, 30, 30)).size(), 0);
  EXPECT_EQ(bdlrt::buildConnectivity(spec(Rule::Probability, 1.0, 30, 30)).size(), 900);
  EXPECT_EQ(bdlrt::buildConnectivity(spec(Rule::Probability, 1.0, 30, 30, true)).size(), 870);
  // Outside [0, 1] is refused, as the checker refuses it (it used to mean
  // all to all, or nothing).
  EXPECT_THROW(bdlrt::buildConnectivity(spec(Rule::Probability, 1.5, 30, 30)), bdlrt::Error);
  EXPECT_THROW(bdlrt::buildConnectivity(spec(Rule::Probability, -0.1, 30, 30)), bdlrt::Error);
  EXPECT_THROW(bdlrt::buildConnectivity(spec(Rule::Probability, std::nan(""), 30, 30)), bdlrt::Error);
  Csr c = bdlrt::buildConnectivity(spec(Rule::Probability, 0.5, 200, 200, true));
  expectValidCsr(c, 200, 200);
  EXPECT_FALSE(hasAutapse(c));
  EXPECT_NEAR(static_cast<double>(c.size()), 0.5 * 200 * 199, 4 * std::sqrt(200 * 199 * 0.25));
}

TEST(ConnectivityTest, SameSeedSameTableOtherSeedOtherTable) {
  Csr a = bdlrt::buildConnectivity(spec(Rule::Probability, 0.1, 100, 100, false, 7));
  Csr b = bdlrt::buildConnectivity(spec(Rule::Probability, 0.1, 100, 100, false, 7));
  Csr c = bdlrt::buildConnectivity(spec(Rule::Probability, 0.1, 100, 100, false, 8));
  EXPECT_EQ(a.rowptr, b.rowptr);
  EXPECT_EQ(a.col, b.col);
  EXPECT_NE(a.col, c.col);
  Csr d = bdlrt::buildConnectivity(spec(Rule::FixedIndegree, 10, 100, 80, false, 7));
  Csr e = bdlrt::buildConnectivity(spec(Rule::FixedIndegree, 10, 100, 80, false, 7));
  EXPECT_EQ(d.col, e.col);
  EXPECT_EQ(d.rowptr, e.rowptr);
}

TEST(ConnectivityTest, FixedIndegreeGivesExactlyKDistinctPerPost) {
  const std::int64_t n = 120, k = 15;
  Csr c = bdlrt::buildConnectivity(spec(Rule::FixedIndegree, k, n, n, true));
  expectValidCsr(c, n, n);
  EXPECT_FALSE(hasAutapse(c));
  EXPECT_EQ(c.size(), n * k);
  std::vector<int> indegree(n, 0);
  for (std::int32_t j : c.col)
    ++indegree[j];
  for (int j = 0; j < n; ++j)
    EXPECT_EQ(indegree[j], k) << j;
  // All but one pre neuron: every pre except the post itself.
  Csr full = bdlrt::buildConnectivity(spec(Rule::FixedIndegree, 9, 10, 10, true));
  EXPECT_EQ(full.size(), 90);
  EXPECT_FALSE(hasAutapse(full));
}

TEST(ConnectivityTest, FixedOutdegreeGivesExactlyKPerPre) {
  const std::int64_t n = 50, m = 70, k = 20;
  Csr c = bdlrt::buildConnectivity(spec(Rule::FixedOutdegree, k, n, m));
  expectValidCsr(c, n, m);
  for (std::int64_t i = 0; i < n; ++i)
    EXPECT_EQ(c.rowptr[i + 1] - c.rowptr[i], k);
  // Choosing every candidate is still distinct.
  Csr all = bdlrt::buildConnectivity(spec(Rule::FixedOutdegree, 69, 1, 70));
  EXPECT_EQ(all.size(), 69);
  expectValidCsr(all, 1, 70);
}

TEST(ConnectivityTest, DegreeLargerThanPopulationIsAnError) {
  try {
    bdlrt::buildConnectivity(spec(Rule::FixedIndegree, 10, 10, 10, true));
    FAIL() << "no error";
  } catch (const bdlrt::Error &e) {
    EXPECT_STREQ(e.what(),
                 "fixed_indegree k = 10 exceeds the 9 candidate neurons of 'E' (autapses excluded)");
  }
  EXPECT_THROW(bdlrt::buildConnectivity(spec(Rule::FixedOutdegree, 71, 5, 70)), bdlrt::Error);
  EXPECT_THROW(bdlrt::buildConnectivity(spec(Rule::FixedIndegree, 2.5, 10, 10)), bdlrt::Error);
  EXPECT_THROW(bdlrt::buildConnectivity(spec(Rule::FixedIndegree, -1, 10, 10)), bdlrt::Error);
}

TEST(ConnectivityTest, FixedTotalDrawsExactlyNPairs) {
  Csr c = bdlrt::buildConnectivity(spec(Rule::FixedTotal, 1000, 20, 30, false));
  expectValidCsr(c, 20, 30, /*strict=*/false);
  EXPECT_EQ(c.size(), 1000);
  Csr d = bdlrt::buildConnectivity(spec(Rule::FixedTotal, 500, 20, 20, true));
  expectValidCsr(d, 20, 20, false);
  EXPECT_EQ(d.size(), 500);
  EXPECT_FALSE(hasAutapse(d));
}

TEST(ConnectivityTest, RuleNames) {
  EXPECT_EQ(bdlrt::ruleFromName("fixed_indegree"), Rule::FixedIndegree);
  EXPECT_STREQ(bdlrt::ruleArgName(Rule::Probability), "p");
  EXPECT_STREQ(bdlrt::ruleArgName(Rule::FixedTotal), "n");
  EXPECT_EQ(bdlrt::ruleArgName(Rule::AllToAll), nullptr);
  EXPECT_THROW(bdlrt::ruleFromName("gaussian"), bdlrt::Error);
}

} // namespace
