// SPDX-License-Identifier: Apache-2.0
//===- Philox.h - BDL's draws on Random123's Philox4x32-10 ----------------===//
//
// One definition for the CPU runtime (Rng.cpp) and the device runtime
// (runtime/device/bdl_device.h, which defines BDLRT_HD as __host__
// __device__ first), so a GPU draws the same bits as the CPU for the same
// (seed, stream, entity, counter). The block function is Random123's own
// philox4x32 (Salmon et al., SC'11; Debian's librandom123-dev, header-only);
// what is BDL's is the mapping of (seed, stream, entity, counter) onto its
// counter and key and the uniform, normal and Poisson draws made from a
// block. test/unit/runtime/RngTest.cpp checks Random123's known-answer
// vectors through bdlrt_philox4x32_10.
#ifndef BDLRT_PHILOX_H
#define BDLRT_PHILOX_H

// Random123 marks its functions __device__ only under nvcc's device pass and
// not at all under HIP's clang; the draws below are __host__ __device__, so
// they need Random123's to be both, under either compiler. Under HIP, clang's
// device pass also sees the host's __SSE2__, and Random123's SSE types would
// then be host-only overloads of its __host__ __device__ helpers; and its
// one assert (rounds <= 16, here always 10) would call glibc's host-only
// __assert_fail. (Checked with clang-19 -x hip --offload-arch=gfx90a.)
#if (defined(__CUDACC__) || defined(__HIPCC__)) && !defined(R123_CUDA_DEVICE)
#define R123_CUDA_DEVICE __host__ __device__
#endif
#if defined(__HIPCC__)
#define R123_USE_SSE 0
#define R123_ASSERT(x) ((void)0)
#endif
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

#ifndef BDLRT_HD
#define BDLRT_HD inline
#endif

namespace bdlrt::philox {

/// Ten rounds on one counter under one key: Random123's philox4x32.
BDLRT_HD void rounds(const std::uint32_t ctr[4], const std::uint32_t key[2], std::uint32_t out[4]) {
  philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
  philox4x32_key_t k = {{key[0], key[1]}};
  philox4x32_ctr_t r = philox4x32_R(10, c, k);
  for (int i = 0; i < 4; ++i)
    out[i] = r.v[i];
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
BDLRT_HD void block(std::uint64_t seed, std::uint64_t stream, std::uint64_t entity, std::uint64_t counter,
                    std::uint32_t out[4]) {
  const std::uint32_t ctr[4] = {static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(entity >> 32),
                                static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(counter)};
  const std::uint32_t key[2] = {static_cast<std::uint32_t>(seed),
                                static_cast<std::uint32_t>(seed >> 32) ^ static_cast<std::uint32_t>(counter >> 32)};
  rounds(ctr, key, out);
}

/// 53 random bits as a double in [0, 1).
BDLRT_HD double unit(std::uint32_t lo, std::uint32_t hi) {
  std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// Box-Muller on the block's two halves. 1 - u1 lies in (0, 1], so the log
/// is finite. The first half is the same bits `unit(out[0], out[1])` gives:
/// kernels draw normals and uniforms from different counters or streams.
BDLRT_HD double normal(const std::uint32_t o[4]) {
  double u1 = unit(o[0], o[1]), u2 = unit(o[2], o[3]);
  return sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * 3.141592653589793 * u2);
}

/// A Poisson count from one block: exact inverse transform with one uniform
/// up to a mean of 100 (`expMinusMean` is exp(-mean)), where exp(-mean)
/// loses precision; the normal approximation (error of order 1/sqrt(mean))
/// beyond.
BDLRT_HD double poisson(const std::uint32_t o[4], double mean, double expMinusMean) {
  if (mean > 100) return fmax(0.0, round(mean + sqrt(mean) * normal(o)));
  double u = unit(o[0], o[1]);
  double p = expMinusMean, cdf = p;
  double k = 0;
  while (u >= cdf && k < 1000) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

} // namespace bdlrt::philox

#endif // BDLRT_PHILOX_H
