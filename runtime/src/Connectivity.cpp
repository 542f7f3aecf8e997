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
#include <exception>

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

/// Row i of a probability rule: geometric skipping, the gap to the next
/// connected post being floor(log(1-u)/log(1-p)), so a row costs O(p *
/// npost) draws instead of npost Bernoulli trials. The gaps are drawn from
/// the row's start whatever [j0, j1) is, so every part of a row is the part
/// of the same row.
void probabilityRow(const ConnectSpec &s, std::int64_t i, std::int64_t j0, std::int64_t j1,
                    std::vector<std::int32_t> &out) {
  double p = s.arg;
  if (p <= 0.0) return;
  if (p >= 1.0) {
    for (std::int64_t j = j0; j < j1; ++j)
      if (!(s.excludeSelf && j == i)) out.push_back(static_cast<std::int32_t>(j));
    return;
  }
  // The gap's logarithm times 1 / log(1 - p) rather than divided by it: a
  // product's 4 cycles instead of a division's 15 on the row's critical path.
  double perLog = 1.0 / std::log1p(-p);
  std::int64_t j = -1;
  for (std::uint64_t draw = 0;; ++draw) {
    double u = bdlrt_uniform(s.seed, s.stream, static_cast<std::uint64_t>(i), draw);
    // u is a multiple of 2^-53, so 1 - u is exact and log(1 - u) is
    // log1p(-u) to the last bit or two, at a third of the cost. Neither this
    // nor the product changes a gap unless the quotient lies within an ulp
    // of a whole number: over 1.8e8 draws at p from 2e-5 to 0.9, no gap
    // differed from floor(log1p(-u) / log1p(-p)).
    double skip = std::floor(std::log(1.0 - u) * perLog);
    if (skip >= static_cast<double>(j1 - j - 1)) break;
    j += 1 + static_cast<std::int64_t>(skip);
    if (j >= j0 && !(s.excludeSelf && j == i)) out.push_back(static_cast<std::int32_t>(j));
  }
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
  pre.reserve((s.postEnd() - s.postFrom) * k);
  post.reserve((s.postEnd() - s.postFrom) * k);
  for (std::int64_t j = s.postFrom; j < s.postEnd(); ++j) {
    sampleDistinct(s, static_cast<std::uint64_t>(j), k, m, marks, picks);
    for (std::int64_t x : picks) {
      pre.push_back(static_cast<std::int32_t>(s.excludeSelf && x >= j ? x + 1 : x));
      post.push_back(static_cast<std::int32_t>(j));
    }
  }
  return csrFromPairs(s.npre, pre, post);
}

Csr fixedTotal(const ConnectSpec &s, int threads) {
  std::int64_t n = countArg(s, "n");
  std::int64_t m = s.npost - (s.excludeSelf ? 1 : 0);
  if (n > 0 && (s.npre == 0 || m <= 0))
    throw Error("fixed_total n = " + std::to_string(n) + " but there are no pairs to connect between '" +
                s.preName + "' and '" + s.postName + "'");
  // No rows here: draw d picks a pair from entity d, counters 0 (pre) and 1
  // (post). Multapses are allowed, as in NEST's fixed_total_number.
  // Each pair is a function of its index alone: drawn on any number of
  // threads, and each row sorted on its own, the table is the same.
  std::vector<std::int32_t> pre(n), post(n);
  int parts = n >= 65536 ? std::max(1, threads) : 1;
#pragma omp parallel for num_threads(parts) schedule(static) if (parts > 1)
  for (std::int64_t d = 0; d < n; ++d) {
    std::int64_t i = drawBelow(s, static_cast<std::uint64_t>(d), 0, s.npre);
    std::int64_t x = drawBelow(s, static_cast<std::uint64_t>(d), 1, m);
    pre[d] = static_cast<std::int32_t>(i);
    post[d] = static_cast<std::int32_t>(s.excludeSelf && x >= i ? x + 1 : x);
  }
  if (s.postFrom > 0 || s.postTo >= 0) {
    std::size_t kept = 0;
    for (std::size_t d = 0; d < pre.size(); ++d)
      if (post[d] >= s.postFrom && post[d] < s.postEnd()) {
        pre[kept] = pre[d];
        post[kept++] = post[d];
      }
    pre.resize(kept);
    post.resize(kept);
  }
  Csr c = csrFromPairs(s.npre, pre, post);
#pragma omp parallel for num_threads(parts) schedule(dynamic, 256) if (parts > 1)
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

void checkRule(const ConnectSpec &s) {
  switch (s.rule) {
  case Rule::Probability:
    // As bdlc check requires of a constant p (E0602); an expression of
    // parameters set on the command line (80 / N_E) is known only here.
    if (!(s.arg >= 0.0 && s.arg <= 1.0)) {
      char v[32];
      std::snprintf(v, sizeof v, "%g", s.arg);
      throw Error(std::string("connection probability must be in [0, 1], but it is ") + v);
    }
    break;
  case Rule::OneToOne:
    if (s.npre != s.npost)
      throw Error("one_to_one needs equal sizes, but '" + s.preName + "' has " + std::to_string(s.npre) +
                  " neurons and '" + s.postName + "' has " + std::to_string(s.npost));
    break;
  case Rule::FixedOutdegree: checkedDegree(s, "fixed_outdegree", s.postName, s.npost); break;
  case Rule::FixedIndegree: checkedDegree(s, "fixed_indegree", s.preName, s.npre); break;
  case Rule::FixedTotal: countArg(s, "n"); break;
  case Rule::AllToAll: break;
  }
}

bool drawsRows(Rule rule) { return rule != Rule::FixedIndegree && rule != Rule::FixedTotal; }

void appendRow(const ConnectSpec &s, std::int64_t i, std::int64_t j0, std::int64_t j1, RowScratch &scratch,
               std::vector<std::int32_t> &out) {
  std::size_t from = out.size();
  switch (s.rule) {
  case Rule::AllToAll:
    for (std::int64_t j = j0; j < j1; ++j)
      if (!(s.excludeSelf && i == j)) out.push_back(static_cast<std::int32_t>(j));
    break;
  case Rule::OneToOne:
    // With autapses: false on one population every pair would be an
    // autapse, so the row is empty; that is what the model asked for.
    if (!s.excludeSelf && i >= j0 && i < j1) out.push_back(static_cast<std::int32_t>(i));
    break;
  case Rule::Probability: probabilityRow(s, i, j0, j1, out); break;
  case Rule::FixedOutdegree: {
    std::int64_t k = countArg(s, "k");
    std::int64_t m = s.npost - (s.excludeSelf ? 1 : 0);
    if (static_cast<std::int64_t>(scratch.marks.size()) < m) scratch.marks.assign(m, 0);
    sampleDistinct(s, static_cast<std::uint64_t>(i), k, m, scratch.marks, scratch.picks);
    // Without autapses, candidate x stands for post x, or x + 1 past i.
    for (std::int64_t x : scratch.picks) {
      std::int64_t j = s.excludeSelf && x >= i ? x + 1 : x;
      if (j >= j0 && j < j1) out.push_back(static_cast<std::int32_t>(j));
    }
    break;
  }
  default: throw Error("a row of this rule cannot be drawn on its own");
  }
  if (s.keep && out.size() > from) s.keep(i, out, from);
}

namespace {

/// Rows [r0, r1) into one block of columns and the rows' lengths.
void rowBlock(const ConnectSpec &s, std::int64_t r0, std::int64_t r1, std::vector<std::int32_t> &col,
              std::int64_t *lengths) {
  RowScratch scratch;
  std::int64_t width = s.postEnd() - s.postFrom;
  if (s.rule == Rule::Probability)
    col.reserve(static_cast<std::size_t>(s.arg * static_cast<double>(width) * static_cast<double>(r1 - r0) * 1.05) + 16);
  for (std::int64_t i = r0; i < r1; ++i) {
    std::size_t before = col.size();
    appendRow(s, i, s.postFrom, s.postEnd(), scratch, col);
    lengths[i] = static_cast<std::int64_t>(col.size() - before);
  }
}

/// A rule that draws rows, its rows split into `threads` blocks built in
/// parallel: each row is a function of the seed and its index alone, so the
/// table is the same for any thread count.
Csr byRows(const ConnectSpec &s, int threads) {
  Csr c;
  c.rowptr.assign(s.npre + 1, 0);
  std::int64_t parts = std::max<std::int64_t>(1, std::min<std::int64_t>(threads, s.npre));
  std::vector<std::vector<std::int32_t>> cols(parts);
  std::exception_ptr failed;
#pragma omp parallel for num_threads(parts) schedule(static, 1) if (parts > 1)
  for (std::int64_t t = 0; t < parts; ++t) {
    try {
      // A vector of the thread's own: appending to cols[t] directly would
      // write its end pointer, in the same cache line as the other
      // thread's, at every synapse (two threads were slower than one).
      std::vector<std::int32_t> mine;
      rowBlock(s, s.npre * t / parts, s.npre * (t + 1) / parts, mine, c.rowptr.data() + 1);
      cols[t] = std::move(mine);
    } catch (...) {
#pragma omp critical
      failed = std::current_exception();
    }
  }
  if (failed) std::rethrow_exception(failed);
  for (std::int64_t i = 0; i < s.npre; ++i) c.rowptr[i + 1] += c.rowptr[i];
  c.col.resize(c.rowptr[s.npre]);
  c.preIndex.resize(c.rowptr[s.npre]);
#pragma omp parallel for num_threads(parts) schedule(static, 1) if (parts > 1)
  for (std::int64_t t = 0; t < parts; ++t) {
    std::int64_t r0 = s.npre * t / parts, r1 = s.npre * (t + 1) / parts;
    std::copy(cols[t].begin(), cols[t].end(), c.col.begin() + c.rowptr[r0]);
    std::vector<std::int32_t>().swap(cols[t]);
    for (std::int64_t i = r0; i < r1; ++i)
      std::fill(c.preIndex.begin() + c.rowptr[i], c.preIndex.begin() + c.rowptr[i + 1], static_cast<std::int32_t>(i));
  }
  return c;
}

} // namespace

Csr buildConnectivity(const ConnectSpec &spec, int threads) {
  checkRule(spec);
  if (drawsRows(spec.rule)) return byRows(spec, threads);
  if (spec.rule == Rule::FixedIndegree) return fixedIndegree(spec);
  return fixedTotal(spec, threads);
}

Csr incomingSynapses(const Csr &c, std::int64_t npost) {
  // csrFromPairs is stable: ids listed ascending stay ascending in each row.
  std::vector<std::int32_t> ids(c.col.size());
  for (std::size_t s = 0; s < ids.size(); ++s) ids[s] = static_cast<std::int32_t>(s);
  return csrFromPairs(npost, c.col, ids);
}

} // namespace bdlrt
