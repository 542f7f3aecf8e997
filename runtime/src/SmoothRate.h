// SPDX-License-Identifier: Apache-2.0
//===- SmoothRate.h - smoothed population rates, as Brian2's smooth_rate ---===//

#ifndef BDLRT_SMOOTHRATE_H
#define BDLRT_SMOOTHRATE_H

#include "Descriptor.h"

#include <vector>

namespace bdlrt {

/// The window `smooth gaussian(w)` or `smooth flat(w)` convolves a rate with,
/// for rate bins of `bin` seconds, normalised to a sum of 1; as Brian2's
/// PopulationRateMonitor.smooth_rate with its dt replaced by `bin`:
/// gaussian: standard deviation w, 2 round(2 w / bin) + 1 bins (round half
/// to even, as numpy); flat: 2 floor(w / (2 bin)) + 1 bins.
/// Requires: w > 0, bin > 0.
std::vector<double> smoothingWindow(SmoothWindow window, double width, double bin);

/// `rates` convolved with the window, centred, zero beyond both ends:
/// numpy's convolve(rates, window, mode="same") when there are at least as
/// many rates as window bins (with fewer, numpy returns the window's length;
/// this keeps the rates').
std::vector<double> smoothRate(const std::vector<double> &rates, SmoothWindow window, double width, double bin);

} // namespace bdlrt

#endif // BDLRT_SMOOTHRATE_H
