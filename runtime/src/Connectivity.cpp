// SPDX-License-Identifier: Apache-2.0
//===- Connectivity.cpp - connection rules to CSR synapse tables ----------===//
//
//     connect E -> I: probability(p = 0.02)
//     connect I -> I: fixed_indegree(k = 100), autapses = false
// Each rule fills one row (a pre neuron, or a post neuron for
// fixed_indegree) from its own counter-based draws: row i uses
// bdlrt_uniform(seed, stream, i, 0, 1, 2, ...). The table is then the same
// for any thread count or visiting order, and rows could be built in
// parallel without changing a single synapse.

#include "Connectivity.h"

#include "Error.h"
#include "bdlrt/bdlrt.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bdlrt {
namespace {

/// Integer in [0, m) from one uniform draw; the bias of floor(u*m) is below
/// m * 2^-53, negligible for populations that fit in int32.
std::int64_t drawBelow(const ConnectSpec &s, std::uint64_t entity, std::uint64_t counter, std::int64_t m) {
  double u = bdlrt_uniform(s.seed, s.stream, entity, counter);
  return std::min(static_cast<std::int64_t>(u * static_cast<double>(m)), m - 1);
}

/// k or n as a count. A prepare kernel may compute it (k = 0.1 * N), so
/// values within 1e-6 of a whole number are accepted.
std::int64_t countArg(const ConnectSpec &s, const char *name) {
  double r = std::round(s.arg);
  if (!std::isfinite(s.arg) || r < 0 || std::fabs(s.arg - r) > 1e-6)
    throw Error(std::string(name) + " must be a whole number >= 0, got " + std::to_string(s.arg));
  return static_cast<std::int64_t>(r);
}

/// Csr from rows built in ascending order (each row's posts ascending).
struct RowBuilder {
  Csr csr;
  explicit RowBuilder(std::int64_t npre) {
    csr.rowptr.reserve(npre + 1);
    csr.rowptr.push_back(0);
  }
  void add(std::int64_t pre, std::int64_t post) {
    csr.col.push_back(static_cast<std::int32_t>(post));
    csr.preIndex.push_back(static_cast<std::int32_t>(pre));
  }
  void endRow() { csr.rowptr.push_back(csr.size()); }
};

Csr allToAll(const ConnectSpec &s) {
  RowBuilder b(s.npre);
  std::int64_t perRow = s.npost - (s.excludeSelf ? 1 : 0);
  b.csr.col.reserve(std::max<std::int64_t>(0, s.npre * perRow));
  b.csr.preIndex.reserve(std::max<std::int64_t>(0, s.npre * perRow));
  for (std::int64_t i = 0; i < s.npre; ++i) {
    for (std::int64_t j = 0; j < s.npost; ++j)
      if (!(s.excludeSelf && i == j)) b.add(i, j);
    b.endRow();
  }
  return std::move(b.csr);
}

Csr oneToOne(const ConnectSpec &s) {
  if (s.npre != s.npost)
    throw Error("one_to_one needs equal sizes, but '" + s.preName + "' has " + std::to_string(s.npre) +
                " neurons and '" + s.postName + "' has " + std::to_string(s.npost));
  // With autapses: false on one population every pair would be an autapse,
  // so the table is empty; that is what the model asked for.
  RowBuilder b(s.npre);
  for (std::int64_t i = 0; i < s.npre; ++i) {
    if (!s.excludeSelf) b.add(i, i);
    b.endRow();
  }
  return std::move(b.csr);
}

Csr probability(const ConnectSpec &s) {
  double p = s.arg;
  // As bdlc check requires of a constant p (E0602); an expression of
  // parameters set on the command line (80 / N_E) is known only here.
  if (!(p >= 0.0 && p <= 1.0)) {
    char v[32];
    std::snprintf(v, sizeof v, "%g", p);
    throw Error(std::string("connection probability must be in [0, 1], but it is ") + v);
  }
  if (p >= 1.0) return allToAll(s);
  if (p <= 0.0) return Csr{std::vector<std::int64_t>(s.npre + 1, 0), {}, {}};
  // Geometric skipping: the gap to the next connected post is
  // floor(log(1-u)/log(1-p)), so a row costs O(p * npost) draws instead of
  // npost Bernoulli trials.
  double logq = std::log1p(-p);
  RowBuilder b(s.npre);
  double expected = p * static_cast<double>(s.npre) * static_cast<double>(s.npost);
  b.csr.col.reserve(static_cast<std::size_t>(expected * 1.05) + 16);
  b.csr.preIndex.reserve(b.csr.col.capacity());
  for (std::int64_t i = 0; i < s.npre; ++i) {
    std::int64_t j = -1;
    for (std::uint64_t draw = 0;; ++draw) {
      double u = bdlrt_uniform(s.seed, s.stream, static_cast<std::uint64_t>(i), draw);
      double skip = std::floor(std::log1p(-u) / logq);
      if (skip >= static_cast<double>(s.npost - j - 1)) break;
      j += 1 + static_cast<std::int64_t>(skip);
      if (!(s.excludeSelf && j == i)) b.add(i, j);
    }
    b.endRow();
  }
  return std::move(b.csr);
}

/// Robert Floyd's sampling of k distinct values from [0, m) in k draws;
/// marks is an all-zero scratch array of size m and is left all zero.
void sampleDistinct(const ConnectSpec &s, std::uint64_t entity, std::int64_t k, std::int64_t m,
                    std::vector<char> &marks, std::vector<std::int64_t> &out) {
  out.clear();
  std::uint64_t draw = 0;
  for (std::int64_t t = m - k; t < m; ++t) {
    std::int64_t r = drawBelow(s, entity, draw++, t + 1);
    std::int64_t pick = marks[r] ? t : r;
    marks[pick] = 1;
    out.push_back(pick);
  }
  for (std::int64_t v : out)
    marks[v] = 0;
  std::sort(out.begin(), out.end());
}

/// Checks k against the candidates of a row (the other side, minus the
/// neuron itself when autapses are excluded).
std::int64_t checkedDegree(const ConnectSpec &s, const char *rule, const std::string &side,
                           std::int64_t size) {
  std::int64_t k = countArg(s, "k");
  std::int64_t candidates = size - (s.excludeSelf ? 1 : 0);
  if (k > candidates)
    throw Error(std::string(rule) + " k = " + std::to_string(k) + " exceeds the " +
                std::to_string(candidates) + " candidate neurons of '" + side + "'" +
                (s.excludeSelf ? " (autapses excluded)" : ""));
  return k;
}

Csr fixedOutdegree(const ConnectSpec &s) {
  std::int64_t k = checkedDegree(s, "fixed_outdegree", s.postName, s.npost);
  std::int64_t m = s.npost - (s.excludeSelf ? 1 : 0);
  std::vector<char> marks(std::max<std::int64_t>(m, 0), 0);
  std::vector<std::int64_t> picks;
  RowBuilder b(s.npre);
  b.csr.col.reserve(s.npre * k);
  b.csr.preIndex.reserve(s.npre * k);
  for (std::int64_t i = 0; i < s.npre; ++i) {
    sampleDistinct(s, static_cast<std::uint64_t>(i), k, m, marks, picks);
    // Without autapses, candidate x stands for post x, or x + 1 past i.
    for (std::int64_t x : picks)
      b.add(i, s.excludeSelf && x >= i ? x + 1 : x);
    b.endRow();
  }
  return std::move(b.csr);
}

} // namespace

Csr csrFromPairs(std::int64_t npre, const std::vector<std::int32_t> &pre,
                 const std::vector<std::int32_t> &post) {
  Csr c;
  c.rowptr.assign(npre + 1, 0);
  for (std::int32_t i : pre)
    ++c.rowptr[i + 1];
  for (std::int64_t i = 0; i < npre; ++i)
    c.rowptr[i + 1] += c.rowptr[i];
  c.col.resize(pre.size());
  c.preIndex.resize(pre.size());
  std::vector<std::int64_t> next(c.rowptr.begin(), c.rowptr.end() - 1);
  for (std::size_t n = 0; n < pre.size(); ++n) {
    std::int64_t slot = next[pre[n]]++;
    c.col[slot] = post[n];
    c.preIndex[slot] = pre[n];
  }
  return c;
}

namespace {

Csr fixedIndegree(const ConnectSpec &s) {
  std::int64_t k = checkedDegree(s, "fixed_indegree", s.preName, s.npre);
  std::int64_t m = s.npre - (s.excludeSelf ? 1 : 0);
  std::vector<char> marks(std::max<std::int64_t>(m, 0), 0);
  std::vector<std::int64_t> picks;
  std::vector<std::int32_t> pre, post;
  pre.reserve(s.npost * k);
  post.reserve(s.npost * k);
  for (std::int64_t j = 0; j < s.npost; ++j) {
    sampleDistinct(s, static_cast<std::uint64_t>(j), k, m, marks, picks);
    for (std::int64_t x : picks) {
      pre.push_back(static_cast<std::int32_t>(s.excludeSelf && x >= j ? x + 1 : x));
      post.push_back(static_cast<std::int32_t>(j));
    }
  }
  return csrFromPairs(s.npre, pre, post);
}

Csr fixedTotal(const ConnectSpec &s) {
  std::int64_t n = countArg(s, "n");
  std::int64_t m = s.npost - (s.excludeSelf ? 1 : 0);
  if (n > 0 && (s.npre == 0 || m <= 0))
    throw Error("fixed_total n = " + std::to_string(n) + " but there are no pairs to connect between '" +
                s.preName + "' and '" + s.postName + "'");
  // No rows here: draw d picks a pair from entity d, counters 0 (pre) and 1
  // (post). Multapses are allowed, as in NEST's fixed_total_number.
  std::vector<std::int32_t> pre(n), post(n);
  for (std::int64_t d = 0; d < n; ++d) {
    std::int64_t i = drawBelow(s, static_cast<std::uint64_t>(d), 0, s.npre);
    std::int64_t x = drawBelow(s, static_cast<std::uint64_t>(d), 1, m);
    pre[d] = static_cast<std::int32_t>(i);
    post[d] = static_cast<std::int32_t>(s.excludeSelf && x >= i ? x + 1 : x);
  }
  Csr c = csrFromPairs(s.npre, pre, post);
  for (std::int64_t i = 0; i < s.npre; ++i)
    std::sort(c.col.begin() + c.rowptr[i], c.col.begin() + c.rowptr[i + 1]);
  return c;
}

} // namespace

Rule ruleFromName(const std::string &name) {
  static const std::pair<const char *, Rule> names[] = {{"all_to_all", Rule::AllToAll},
                                                        {"one_to_one", Rule::OneToOne},
                                                        {"probability", Rule::Probability},
                                                        {"fixed_indegree", Rule::FixedIndegree},
                                                        {"fixed_outdegree", Rule::FixedOutdegree},
                                                        {"fixed_total", Rule::FixedTotal}};
  for (const auto &[n, rule] : names)
    if (name == n) return rule;
  throw Error("unknown connection rule '" + name + "'");
}

const char *ruleArgName(Rule rule) {
  switch (rule) {
  case Rule::Probability: return "p";
  case Rule::FixedIndegree:
  case Rule::FixedOutdegree: return "k";
  case Rule::FixedTotal: return "n";
  default: return nullptr;
  }
}

Csr buildConnectivity(const ConnectSpec &spec) {
  switch (spec.rule) {
  case Rule::AllToAll: return allToAll(spec);
  case Rule::OneToOne: return oneToOne(spec);
  case Rule::Probability: return probability(spec);
  case Rule::FixedIndegree: return fixedIndegree(spec);
  case Rule::FixedOutdegree: return fixedOutdegree(spec);
  case Rule::FixedTotal: return fixedTotal(spec);
  }
  throw Error("unknown connection rule");
}

Csr incomingSynapses(const Csr &c, std::int64_t npost) {
  // csrFromPairs is stable: ids listed ascending stay ascending in each row.
  std::vector<std::int32_t> ids(c.col.size());
  for (std::size_t s = 0; s < ids.size(); ++s) ids[s] = static_cast<std::int32_t>(s);
  return csrFromPairs(npost, c.col, ids);
}

} // namespace bdlrt
