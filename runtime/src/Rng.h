// SPDX-License-Identifier: Apache-2.0
//===- Rng.h - stream numbers the runtime reserves for itself -------------===//
//
// bdlrt_uniform/bdlrt_normal (bdlrt.h) take a 32-bit stream. Generated
// kernels use small stream numbers; the runtime keeps the upper half so that
// connectivity never shares random numbers with a model's noise.

#ifndef BDLRT_RNG_H
#define BDLRT_RNG_H

#include <cstdint>

namespace bdlrt {

/// First stream reserved for connectivity; projection k draws from stream
/// kConnectivityStream + k.
inline constexpr std::uint64_t kConnectivityStream = 0x40000000u;

} // namespace bdlrt

#endif // BDLRT_RNG_H
