// SPDX-License-Identifier: Apache-2.0
//===- SmoothRate.cpp - smoothed population rates, as Brian2's smooth_rate -===//
//
//     record rate(E) every 1 ms smooth gaussian(2 ms)
// writes rate_E.npy and rate_E_smooth.npy, the second computed here at the
// end of the run from the first, as Brian2 computes smooth_rate from the
// recorded rate (test/lit/run/record-rate-smooth.test compares with numpy).

#include "SmoothRate.h"

#include <cmath>
#include <cstdint>

namespace bdlrt {

std::vector<double> smoothingWindow(SmoothWindow window, double width, double bin) {
  std::vector<double> w;
  if (window == SmoothWindow::Gaussian) {
    // np.round rounds half to even, as nearbyint in the default mode.
    auto half = static_cast<std::int64_t>(std::nearbyint(2 * width / bin));
    double sd = width / bin;
    for (std::int64_t k = -half; k <= half; ++k)
      w.push_back(std::exp(-static_cast<double>(k * k) * 1.0 / (2 * sd * sd)));
  } else {
    auto bins = static_cast<std::int64_t>(width / 2 / bin) * 2 + 1;
    w.assign(static_cast<std::size_t>(bins), 1.0);
  }
  double sum = 0;
  for (double x : w) sum += x;
  for (double &x : w) x = x * 1.0 / sum;
  return w;
}

std::vector<double> smoothRate(const std::vector<double> &rates, SmoothWindow window, double width, double bin) {
  std::vector<double> w = smoothingWindow(window, width, bin);
  auto n = static_cast<std::int64_t>(rates.size()), m = static_cast<std::int64_t>(w.size()), half = m / 2;
  std::vector<double> out(rates.size(), 0.0);
  for (std::int64_t k = 0; k < n; ++k) {
    double sum = 0;
    for (std::int64_t j = 0; j < m; ++j) {
      std::int64_t at = k + half - j;
      if (at >= 0 && at < n) sum += rates[static_cast<std::size_t>(at)] * w[static_cast<std::size_t>(j)];
    }
    out[static_cast<std::size_t>(k)] = sum;
  }
  return out;
}

} // namespace bdlrt
