// SPDX-License-Identifier: Apache-2.0
//===- Connectivity.h - connection rules to CSR synapse tables ------------===//

#ifndef BDLRT_CONNECTIVITY_H
#define BDLRT_CONNECTIVITY_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bdlrt {

enum class Rule { AllToAll, OneToOne, Probability, FixedIndegree, FixedOutdegree, FixedTotal };

/// Synapses grouped by presynaptic neuron: the synapses of pre neuron i are
/// s in [rowptr[i], rowptr[i+1]), going to col[s] (ascending within a row),
/// and preIndex[s] == i. Synapse variables are stored in this order.
struct Csr {
  std::vector<std::int64_t> rowptr;
  std::vector<std::int32_t> col;
  std::vector<std::int32_t> preIndex;

  std::int64_t size() const { return static_cast<std::int64_t>(col.size()); }
};

struct ConnectSpec {
  Rule rule = Rule::AllToAll;
  double arg = 0.0; ///< p, k or n; unused by all_to_all and one_to_one
  std::int64_t npre = 0, npost = 0;
  bool excludeSelf = false; ///< same population and autapses: false
  std::uint64_t seed = 0;
  std::uint64_t stream = 0;      ///< kConnectivityStream + projection index
  std::string preName, postName; ///< for messages only
  /// `where COND`: removes from cols[from..] (row `row`'s candidates) the
  /// pairs the condition rejects, keeping the order; unset: keeps all. Called
  /// from several threads at once.
  std::function<void(std::int64_t row, std::vector<std::int32_t> &cols, std::size_t from)> keep;
  /// Only the synapses onto post neurons [postFrom, postTo) are built (a
  /// rank's own; -1: all), each as the whole table has it: the same draws.
  std::int64_t postFrom = 0, postTo = -1;
  std::int64_t postEnd() const { return postTo < 0 ? npost : postTo; }
};

/// "all_to_all" etc. to a Rule; throws Error on an unknown name.
Rule ruleFromName(const std::string &name);

/// The name of the rule's argument ("p", "k", "n"), or nullptr.
const char *ruleArgName(Rule rule);

/// Throws Error when the rule cannot be satisfied (p outside [0, 1], k
/// larger than the population, ...); the message names neither projection
/// nor population, the caller adds that.
void checkRule(const ConnectSpec &spec);

/// Builds the synapse table (checkRule first). Random rules draw
/// bdlrt_uniform(seed, stream, row, draw) so the result depends on the seed
/// only; rules that draw by rows build them on `threads` threads, with the
/// same result for any count.
Csr buildConnectivity(const ConnectSpec &spec, int threads = 1);

/// Whether the rule draws its synapses row by row (by presynaptic neuron):
/// all but fixed_indegree and fixed_total. Such a row can be drawn again on
/// its own, which is what procedural storage does at each spike.
bool drawsRows(Rule rule);

/// Scratch space for appendRow (fixed_outdegree's marks); one per thread.
struct RowScratch {
  std::vector<char> marks;
  std::vector<std::int64_t> picks;
};

/// Appends the posts of row i that lie in [j0, j1), ascending, to `out`:
/// exactly the columns buildConnectivity gives row i there. The rule must
/// draw rows and have passed checkRule.
void appendRow(const ConnectSpec &spec, std::int64_t i, std::int64_t j0, std::int64_t j1, RowScratch &scratch,
               std::vector<std::int32_t> &out);

/// Csr from (pre, post) pairs by a counting sort on pre. Stable: each row
/// keeps the pairs' order, so pairs listed by ascending post give ascending
/// columns. Also transposes a Csr: rows = its columns, posts = synapse ids.
Csr csrFromPairs(std::int64_t npre, const std::vector<std::int32_t> &pre, const std::vector<std::int32_t> &post);

/// Incoming synapses by postsynaptic neuron (npost rows): row j lists the ids
/// of the synapses onto j, ascending (and so by ascending presynaptic neuron).
Csr incomingSynapses(const Csr &c, std::int64_t npost);

} // namespace bdlrt

#endif // BDLRT_CONNECTIVITY_H
