// SPDX-License-Identifier: Apache-2.0
//===- Backend.h - code generation entry points ----------------------------===//
//
// The driver sees only this header: kernels and the model descriptor go in,
// LLVM IR text, an object file, an executable or a JIT run come out. Nothing
// outside codegen/llvm includes LLVM.
#pragma once

#include "ir/kernel/Kernel.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bdl::codegen {

struct CpuOptions {
  std::string cpu;       ///< empty: the host CPU with its features
  unsigned optLevel = 3; ///< 0 (no optimisation) to 3
  /// Fuse a product and a sum into one FMA where LLVM likes (one rounding
  /// instead of two). Off: every operation rounds as written, which is what
  /// a GPU build computes (bdlc build --fp-contract=off).
  bool fpContract = true;
  /// --precision single: neuron and synapse state as float, kernels
  /// computing in float (pass the same to buildDescriptor).
  bool single = false;
};

/// The JSON descriptor the runtime reads (see runtime/include/bdlrt/bdlrt.h).
/// With `single`, it tells the runtime to store state as float.
/// With `mpi`, it says that `bdlc build --mpi` checked the model for ranks.
std::string buildDescriptor(const ir::KernelModule &km, const std::string &version, double buildSeconds,
                            bool single = false, bool mpi = false);

/// Optimised LLVM IR of the model, as text.
std::optional<std::string> emitLLVMText(const ir::KernelModule &km, const std::string &descriptor,
                                        const CpuOptions &opts, std::string &error);

/// A relocatable object with the kernels, the descriptor and `main`.
bool emitObject(const ir::KernelModule &km, const std::string &descriptor, const CpuOptions &opts,
                const std::string &path, std::string &error);

/// Links `object` with the runtime libraries (in this order) into an
/// executable via `driver` (`c++`; `mpicxx` for MPI builds).
bool linkExecutable(const std::string &object, const std::vector<std::string> &runtimeLibs, const std::string &out,
                    std::string &error, const std::string &driver = "c++");

/// Compiles the model in process and calls `entry` with the address of its
/// `bdlrt_model`. `runtimeSymbols` maps runtime function names to their
/// addresses in this process. Returns entry's result, or nullopt with `error`.
std::optional<int> runJIT(const ir::KernelModule &km, const std::string &descriptor, const CpuOptions &opts,
                          const std::map<std::string, void *> &runtimeSymbols,
                          const std::function<int(const void *model)> &entry, std::string &error);

} // namespace bdl::codegen
