// SPDX-License-Identifier: Apache-2.0
//===- Fractional.cpp - increments, weights and history sums --------------===//
#include "Fractional.h"

#include <algorithm>
#include <cmath>

namespace bdlrt {

std::vector<double> fractionalWeights(bool l1, double order, std::int64_t count) {
  std::vector<double> w(static_cast<std::size_t>(count) + 1, 0.0);
  if (l1) {
    for (std::int64_t m = 1; m <= count; ++m)
      w[m] = std::pow(double(m + 1), 1 - order) - std::pow(double(m), 1 - order);
    return w;
  }
  // g_j = (-1)^j binom(a, j) by g_j = g_{j-1} (1 - (a + 1) / j); w_m = sum_{j<=m} g_j.
  double g = 1, sum = 1;
  for (std::int64_t m = 1; m <= count; ++m) {
    g *= 1 - (order + 1) / double(m);
    sum += g;
    w[m] = sum;
  }
  return w;
}

FractionalHistory::FractionalHistory(bool l1, double order, std::int64_t window, std::int64_t n, const StateArray &x)
    : weights_(fractionalWeights(l1, order, window)), window_(window), n_(n),
      ring_(static_cast<std::size_t>(window * n), 0.0), prev_(static_cast<std::size_t>(n)) {
  for (std::int64_t i = 0; i < n; ++i) prev_[i] = x[i];
}

void FractionalHistory::advance(std::int64_t step, const StateArray &x, StateArray &sum, std::int64_t lo,
                                std::int64_t hi) {
  // Increment d_step lands in slot (step - 1) mod window; d_{step+1-m}, the
  // one weighted by w_m, is in slot (step - m) mod window.
  std::int64_t count = std::min(step, window_);
  std::int64_t head = step >= 1 ? (step - 1) % window_ : 0;
  const double *w = weights_.data();
  for (std::int64_t i = lo; i < hi; ++i) {
    double *r = ring_.data() + i * window_;
    if (step >= 1) {
      double xi = x[i];
      r[head] = xi - prev_[i];
      prev_[i] = xi;
    }
    // Two contiguous runs: slots head, head-1, ..., 0 (m = 1 .. head+1) and
    // then window-1 down to the oldest kept.
    double s = 0;
    std::int64_t first = std::min(count, head + 1);
    for (std::int64_t m = 1; m <= first; ++m) s += w[m] * r[head + 1 - m];
    for (std::int64_t m = first + 1; m <= count; ++m) s += w[m] * r[head + 1 - m + window_];
    sum.set(i, s);
  }
}

void FractionalHistory::save(CheckpointWriter &w) const {
  w.putVector(ring_);
  w.putVector(prev_);
}

void FractionalHistory::load(CheckpointReader &r) {
  ring_ = r.getVector<double>(ring_.size());
  prev_ = r.getVector<double>(prev_.size());
}

} // namespace bdlrt
