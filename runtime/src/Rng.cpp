// SPDX-License-Identifier: Apache-2.0
//===- Rng.cpp - Philox4x32-10 and the uniform/normal draws built on it ---===//
//
// Counter-based: a number is a pure function of (seed, stream, entity,
// counter), so neuron 17's noise at step 1000 is the same on one thread, on
// sixteen, or on a GPU. The block function follows Random123's philox.h
// (Salmon et al., SC'11) and is checked against its known-answer vectors in
// test/unit/runtime/RngTest.cpp.

#include "bdlrt/bdlrt.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace {

constexpr std::uint32_t kMul0 = 0xD2511F53u;  // PHILOX_M4x32_0
constexpr std::uint32_t kMul1 = 0xCD9E8D57u;  // PHILOX_M4x32_1
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u; // PHILOX_W32_0 (golden ratio)
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u; // PHILOX_W32_1 (sqrt(3) - 1)

inline void mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t &hi, std::uint32_t &lo) {
  std::uint64_t p = static_cast<std::uint64_t>(a) * b;
  hi = static_cast<std::uint32_t>(p >> 32);
  lo = static_cast<std::uint32_t>(p);
}

/// The 4x32 block for one (seed, stream, entity, counter).
///
/// Mapping (stable: results files depend on it):
///   ctr = {entity lo32, entity hi32, stream lo32, counter lo32}
///   key = {seed lo32, seed hi32 ^ counter hi32}
/// Counters below 2^32 therefore use the seed as key unchanged; larger ones
/// still give distinct blocks instead of wrapping around. Streams are 32
/// bits: the upper half of `stream` is ignored (see Rng.h for the streams
/// the runtime reserves).
inline void block(std::uint64_t seed, std::uint64_t stream, std::uint64_t entity, std::uint64_t counter,
                  std::uint32_t out[4]) {
  const std::uint32_t ctr[4] = {static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(entity >> 32),
                                static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(counter)};
  const std::uint32_t key[2] = {static_cast<std::uint32_t>(seed),
                                static_cast<std::uint32_t>(seed >> 32) ^
                                    static_cast<std::uint32_t>(counter >> 32)};
  bdlrt_philox4x32_10(ctr, key, out);
}

/// 53 random bits as a double in [0, 1).
inline double toUnit(std::uint32_t lo, std::uint32_t hi) {
  std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

} // namespace

extern "C" void bdlrt_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
  std::uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  std::uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += kWeyl0;
      k1 += kWeyl1;
    }
    std::uint32_t hi0, lo0, hi1, lo1;
    mulhilo(kMul0, c0, hi0, lo0);
    mulhilo(kMul1, c2, hi1, lo1);
    std::uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

extern "C" double bdlrt_uniform(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter) {
  std::uint32_t out[4];
  block(seed, stream, entity, counter, out);
  return toUnit(out[0], out[1]);
}

extern "C" double bdlrt_normal(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter) {
  // Box-Muller on the block's two halves. 1 - u1 lies in (0, 1], so the log
  // is finite. The first half is the same bits bdlrt_uniform returns for the
  // same arguments: kernels draw normals and uniforms from different
  // counters or streams.
  std::uint32_t out[4];
  block(seed, stream, entity, counter, out);
  double u1 = toUnit(out[0], out[1]);
  double u2 = toUnit(out[2], out[3]);
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

extern "C" double bdlrt_poisson(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter, double mean) {
  // Inverse transform with one uniform: exact, and one Philox block per draw
  // whatever the count. Past a mean of 100, exp(-mean) loses precision and
  // the normal approximation (error of order 1/sqrt(mean)) is used instead.
  if (!(mean > 0)) return 0;
  std::uint32_t out[4];
  block(seed, stream, entity, counter, out);
  if (mean > 100) {
    double u1 = toUnit(out[0], out[1]), u2 = toUnit(out[2], out[3]);
    double z = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
    return std::max(0.0, std::round(mean + std::sqrt(mean) * z));
  }
  double u = toUnit(out[0], out[1]);
  // Poisson inputs call this for every neuron and step with the same mean:
  // reuse exp(-mean) (per thread, so the result is the same bit for bit).
  thread_local double lastMean = -1, lastExp = 0;
  if (mean != lastMean) {
    lastMean = mean;
    lastExp = std::exp(-mean);
  }
  double p = lastExp, cdf = p;
  double k = 0;
  while (u >= cdf && k < 1000) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}
