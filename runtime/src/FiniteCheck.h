// SPDX-License-Identifier: Apache-2.0
//===- FiniteCheck.h - finding NaN and infinite states during a run -------===//

#ifndef BDLRT_FINITE_CHECK_H
#define BDLRT_FINITE_CHECK_H

#include "Descriptor.h"
#include "StateArray.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bdlrt {

/// Where a non-finite value was found.
struct NonFinite {
  int group = -1, var = -1;
  std::int64_t index = 0; ///< neuron or synapse
  double value = 0.0;
};

/// The first non-finite entry (lowest variable, then lowest index) of the
/// state and internal variables of `group`; parameters are not scanned (a
/// --set value is checked when given).
std::optional<NonFinite> findNonFinite(const Descriptor &d, const std::vector<StateArray> &vars, int group);

/// The first non-finite value of [values, values + n), or -1.
std::int64_t firstNonFinite(const double *values, std::int64_t n);

/// "E.v became NaN at t = 12.3 ms (neuron 17)", with the last time the value
/// was known finite when that is earlier than the step before, and a hint:
/// the step size dt, and for rkf45 populations the step the adaptive
/// integrator had shrunk to (`state` gives its per-neuron `_h.rkf45`).
std::string nonFiniteMessage(const Descriptor &d, const std::vector<std::vector<StateArray>> &state,
                             const NonFinite &f, double t, double finiteAt);

} // namespace bdlrt

#endif // BDLRT_FINITE_CHECK_H
