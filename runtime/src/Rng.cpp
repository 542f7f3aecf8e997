// SPDX-License-Identifier: Apache-2.0
//===- Rng.cpp - Philox4x32-10 and the uniform/normal draws built on it ---===//
//
// Counter-based: a number is a pure function of (seed, stream, entity,
// counter), so neuron 17's noise at step 1000 is the same on one thread, on
// sixteen, or on a GPU (Philox.h is shared with the device runtime).

#include "Philox.h"
#include "bdlrt/bdlrt.h"

#include <cmath>
#include <cstdint>

extern "C" void bdlrt_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
  bdlrt::philox::rounds(ctr, key, out);
}

extern "C" double bdlrt_uniform(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter) {
  std::uint32_t out[4];
  bdlrt::philox::block(seed, stream, entity, counter, out);
  return bdlrt::philox::unit(out[0], out[1]);
}

extern "C" double bdlrt_normal(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter) {
  std::uint32_t out[4];
  bdlrt::philox::block(seed, stream, entity, counter, out);
  return bdlrt::philox::normal(out);
}

extern "C" double bdlrt_poisson(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter, double mean) {
  if (!(mean > 0)) return 0;
  std::uint32_t out[4];
  bdlrt::philox::block(seed, stream, entity, counter, out);
  // Poisson inputs call this for every neuron and step with the same mean:
  // reuse exp(-mean) (per thread, so the result is the same bit for bit).
  thread_local double lastMean = -1, lastExp = 0;
  if (mean != lastMean) {
    lastMean = mean;
    lastExp = std::exp(-mean);
  }
  return bdlrt::philox::poisson(out, mean, lastExp);
}
