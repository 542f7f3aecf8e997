// SPDX-License-Identifier: Apache-2.0
//===- GpuSource.h - kernel IR to CUDA or HIP source ------------------------===//
//
// One C-like printer serves both GPU dialects; what differs between them
// (headers, the API prefix, launch syntax, warp size, atomics) is a table
// (Dialect.cpp). The printed file holds the model's kernels as device
// functions, host versions of its set-up kernels (prepare, init: they run
// once, on the host, with the same runtime calls as a CPU build), the
// descriptor, and `main`, which hands the run to runtime/device.
#pragma once

#include "ir/kernel/Kernel.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bdl::codegen {

enum class GpuDialect {
  Cuda,
  Hip,
  /// The device code compiled for the host: every launch runs its threads
  /// one after another. Tests the device runtime without a GPU.
  Emulated,
};

struct GpuDialectInfo {
  const char *name;       ///< "cuda"
  const char *extension;  ///< ".cu"
  const char *header;     ///< the runtime API header
  const char *apiPrefix;  ///< cudaMalloc / hipMalloc
  unsigned warpSize;      ///< threads per block are a multiple of it
  /// `K<<<blocks, threads>>>(args)` or `hipLaunchKernelGGL(K, ...)`, as a
  /// macro body over (K, blocks, threads, args).
  const char *launch;
  /// 64-bit atomic increment, as a macro body over (p).
  const char *atomicInc;
  /// Floating-point atomic add, as a macro body over (P, V).
  const char *atomicAdd;
  const char *deviceProp; ///< the device properties struct
};
const GpuDialectInfo &dialectInfo(GpuDialect d);

/// The equations the device runtime cannot integrate yet, as (population,
/// equation) indices: fractional ones, whose histories it does not keep.
/// The driver reports each (E0510) before printing.
std::vector<std::pair<int, int>> unsupportedOnGpu(const ir::Module &m);

/// The model as one source file for `d`. Fails (nullopt, `error`) on what the
/// device runtime cannot run yet (unsupportedOnGpu, matrix exponentials
/// outside set-up). `single`: the device keeps state and computes in float
/// (set-up kernels still run in double on the host).
std::optional<std::string> emitGpuSource(const ir::KernelModule &km, const std::string &descriptor,
                                         GpuDialect d, std::string &error, bool single = false);

} // namespace bdl::codegen
