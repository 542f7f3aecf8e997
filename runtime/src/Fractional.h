// SPDX-License-Identifier: Apache-2.0
//===- Fractional.h - the memory of fractional (Caputo) equations ---------===//
//
// A Caputo derivative depends on the whole past of its state. The compiled
// update of `caputo(a) dx/dt = f` computes
//     x_n = x_{n-1} + (c f - S_n) / den,   S_n = sum_{m=1..M} w_m d_{n-m}
// and this class supplies S_n: it keeps the increments d_k = x_k - x_{k-1}
// of every neuron (as the update saw x: after resets) in a ring of `window`
// steps and the weights w_m of the scheme (see passes/FractionalStep.cpp).

#ifndef BDLRT_FRACTIONAL_H
#define BDLRT_FRACTIONAL_H

#include "Checkpoint.h"
#include "StateArray.h"

#include <cstdint>
#include <vector>

namespace bdlrt {

/// w_1..w_count (index 0 unused, 0): L1, (m+1)^(1-a) - m^(1-a), or
/// Grunwald-Letnikov summed by parts, sum_{j<=m} (-1)^j binom(a, j).
std::vector<double> fractionalWeights(bool l1, double order, std::int64_t count);

class FractionalHistory {
public:
  /// `window` steps of `n` neurons, starting from values `x`. The history
  /// is double in either precision (x and sum may be float arrays).
  FractionalHistory(bool l1, double order, std::int64_t window, std::int64_t n, const StateArray &x);
  /// Before the update of step `step` (0-based): remembers x - x_prev for
  /// step >= 1 and writes S into sum[i] for i in [lo, hi).
  void advance(std::int64_t step, const StateArray &x, StateArray &sum, std::int64_t lo, std::int64_t hi);
  std::int64_t window() const { return window_; }
  /// The remembered differences, for a checkpoint (Checkpoint.h).
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

private:
  std::vector<double> weights_; ///< w_0 unused
  std::int64_t window_, n_;
  std::vector<double> ring_;    ///< neuron-major: ring_[i * window_ + slot]
  std::vector<double> prev_;
};

} // namespace bdlrt

#endif // BDLRT_FRACTIONAL_H
