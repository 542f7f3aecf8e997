// SPDX-License-Identifier: Apache-2.0
//===- bdl_device.h - what generated GPU kernels see -----------------------===//
//
// Included by every CUDA/HIP source bdlc prints, after the dialect macros
// (BDL_API, BDL_LAUNCH, BDL_WARP_SIZE, BDL_ATOMIC_INC, BDL_DEVICE_PROP): the
// arguments of a device kernel, the entity mapping, spike flags and arrival,
// and the CPU runtime's Philox draws (runtime/src/Philox.h), so a device gets
// the same bits for the same (seed, stream, entity, counter).
#ifndef BDL_DEVICE_H
#define BDL_DEVICE_H

#include "bdlrt/bdlrt.h"

#include <cmath>
#include <cstdint>

#if defined(BDL_DIALECT_EMULATED)
// The device code compiled for the host: a launch runs its threads one after
// another, so a test can run the device runtime on a machine without a GPU.
#define BDL_GLOBAL static
#define BDL_DEVICE_FN static inline
#define BDL_HD inline
namespace bdl_emu {
inline int64_t thread = 0;
}
inline int64_t bdl_thread_index() { return bdl_emu::thread; }
template <class Kernel, class Args>
void bdl_emulate_launch(Kernel kernel, int64_t blocks, int64_t threads, const Args &args) {
  for (int64_t t = 0, n = blocks * threads; t < n; ++t) {
    bdl_emu::thread = t;
    kernel(args);
  }
}
#else
#define BDL_GLOBAL static __global__
#define BDL_DEVICE_FN static __device__ __forceinline__
#define BDL_HD __host__ __device__ inline
__device__ inline int64_t bdl_thread_index() { return (int64_t)blockIdx.x * blockDim.x + threadIdx.x; }
#endif

/// Threads per block: a few warps (wavefronts on AMD).
#define BDL_BLOCK_SIZE (4 * BDL_WARP_SIZE)
inline int64_t bdl_blocks(int64_t threads) { return threads <= 0 ? 1 : (threads + BDL_BLOCK_SIZE - 1) / BDL_BLOCK_SIZE; }

/// The device's number type: double, or float for --precision single (the
/// host keeps doubles; state is converted when it is copied).
#ifndef BDL_REAL
#define BDL_REAL double
#endif
typedef BDL_REAL bdl_real;

/// The fields of bdlrt_kernel_args that device kernels read, with device
/// pointers to bdl_real storage.
struct bdl_dev_args {
  bdl_real *const *self;
  bdl_real *const *pre;
  bdl_real *const *post;
  bdl_real *const *net;
  const int32_t *list;
  const int64_t *rowptr;
  const int64_t *rowend;
  const int32_t *col;
  const int32_t *pre_index;
  int64_t step;
  bdl_real t, dt;
  uint64_t seed;
  const double *const *arrays;
};

/// What a device kernel receives: its arguments and what the device runtime
/// keeps instead of spike lists.
struct bdl_gpu_args {
  bdl_dev_args k;
  int64_t n;  ///< entities: neurons, or postsynaptic neurons for synapse kernels
  int serial; ///< run the n entities in order in one thread
  /// threshold: this step's row of the population's spike flags.
  uint8_t *flags;
  /// reset, on_post: this step's row of the population that spiked.
  const uint8_t *spiked;
  /// on_pre: the presynaptic population's flags, one row per step modulo
  /// preSlots (the longest delay + 1), npre flags per row.
  const uint8_t *preRing;
  int64_t preSlots, npre;
  int64_t delay;           ///< on_pre: the projection's delay in steps
  const int32_t *synDelay; ///< per-synapse delays in steps, or null
  /// threshold: spikes of this step (counted), and their indices appended to
  /// rec (recordings only; the host sorts each step's part).
  unsigned long long *count;
  int32_t *rec;
  unsigned long long *recTotal;
  int64_t recCap;
  /// threshold: this step's list of spiking neurons (in any order) and its
  /// length, read by event-driven delivery when the spikes arrive.
  int32_t *slotList;
  unsigned long long *slotCount;
  /// event-driven on_pre: the spikes arriving now, and the synapses by
  /// presynaptic neuron (rows of fwdRowptr, targets fwdCol).
  const int32_t *arrived;
  const unsigned long long *arrivedCount;
  const int64_t *fwdRowptr;
  const int32_t *fwdCol;
};

/// How many of the n ascending values in a are <= x (ir::searchRef): the
/// same branch-free binary search as the CPU code, so both agree on ties.
BDL_DEVICE_FN double bdl_search(const double *a, int64_t n, double x) {
  int64_t lo = 0, step = n > 0 ? 1 : 0;
  while (step <= n / 2) step *= 2; // the largest power of two <= n
  for (; step > 0; step /= 2) {
    int64_t at = lo + step;
    if (at <= n && a[at - 1] <= x) lo = at;
  }
  return double(lo);
}

#define BDL_FOR_ENTITIES(g, e)                                                                             \
  for (int64_t e = bdl_first_entity(g), e##_end = bdl_end_entity(g); e < e##_end; ++e)

#if defined(BDL_DIALECT_EMULATED)
#define BDL_DEVICE_INLINE inline
#else
#define BDL_DEVICE_INLINE __device__ inline
#endif

BDL_DEVICE_INLINE int64_t bdl_first_entity(const bdl_gpu_args &g) {
  int64_t t = bdl_thread_index();
  return g.serial ? (t == 0 ? 0 : g.n) : t;
}
BDL_DEVICE_INLINE int64_t bdl_end_entity(const bdl_gpu_args &g) {
  int64_t t = bdl_thread_index();
  return g.serial ? g.n : (t < g.n ? t + 1 : t);
}

BDL_DEVICE_INLINE void bdl_spike(const bdl_gpu_args &g, int64_t i) {
  g.flags[i] = 1;
  BDL_ATOMIC_INC(g.count);
  if (g.rec) {
    unsigned long long slot = BDL_ATOMIC_INC(g.recTotal);
    if (slot < (unsigned long long)g.recCap) g.rec[slot] = (int32_t)i;
  }
  if (g.slotList) g.slotList[BDL_ATOMIC_INC(g.slotCount)] = (int32_t)i;
}

/// Whether the spike of presynaptic neuron `pre` reaches synapse `s` now.
BDL_DEVICE_INLINE bool bdl_arrived(const bdl_gpu_args &g, int64_t s, int64_t pre) {
  int64_t d = g.synDelay ? g.synDelay[s] : g.delay;
  int64_t from = g.k.step - d;
  return from >= 0 && g.preRing[(from % g.preSlots) * g.npre + pre] != 0;
}

// ---- random numbers: the CPU runtime's Philox draws, compiled for the device ----

#if defined(BDL_DIALECT_EMULATED)
#define BDLRT_HD inline
#else
#define BDLRT_HD __host__ __device__ inline
#endif
#include "Philox.h"

BDL_HD double bdl_dev_uniform(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter) {
  uint32_t o[4];
  bdlrt::philox::block(seed, stream, entity, counter, o);
  return bdlrt::philox::unit(o[0], o[1]);
}

BDL_HD double bdl_dev_normal(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter) {
  uint32_t o[4];
  bdlrt::philox::block(seed, stream, entity, counter, o);
  return bdlrt::philox::normal(o);
}

BDL_HD double bdl_dev_poisson(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter, double mean) {
  if (!(mean > 0)) return 0;
  uint32_t o[4];
  bdlrt::philox::block(seed, stream, entity, counter, o);
  return bdlrt::philox::poisson(o, mean, exp(-mean));
}

/// The host part of a model's device kernels (printed by bdlc).
struct bdl_device_kernel {
  void (*launch)(const bdl_gpu_args &, int64_t entities);
  void (*prologue)(const bdl_gpu_args &, int64_t threads); ///< or null
  void (*event)(const bdl_gpu_args &, int64_t threads);    ///< event-driven on_pre, or null
};
struct bdl_device_model {
  uint32_t num_kernels;
  const bdl_device_kernel *kernels;
};

#endif // BDL_DEVICE_H
