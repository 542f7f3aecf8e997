// SPDX-License-Identifier: Apache-2.0
//===- Dialect.cpp - what differs between CUDA, HIP and the emulator -------===//
//
// Everything else in the printed source is shared: the device runtime
// (runtime/device) is written against the macros these entries define.
#include "codegen/gpu/GpuSource.h"

namespace bdl::codegen {

const GpuDialectInfo &dialectInfo(GpuDialect d) {
  static const GpuDialectInfo cuda{
      "cuda", ".cu", "<cuda_runtime.h>", "cuda", 32,
      "K<<<(B), (T)>>>(A)",
      "atomicAdd(reinterpret_cast<unsigned long long *>(P), 1ull)", "atomicAdd(P, V)", "cudaDeviceProp"};
  // HIP accepts <<<>>> too, but hipLaunchKernelGGL is its documented form;
  // AMD's wavefronts are 64 wide on CDNA (gfx90a), so blocks are multiples of 64.
  static const GpuDialectInfo hip{
      "hip", ".hip", "<hip/hip_runtime.h>", "hip", 64,
      "hipLaunchKernelGGL(K, dim3(B), dim3(T), 0, 0, A)",
      "atomicAdd(reinterpret_cast<unsigned long long *>(P), 1ull)", "atomicAdd(P, V)", "hipDeviceProp_t"};
  static const GpuDialectInfo emulated{
      "emulated", ".cpp", "<cstdlib>", "bdl_emu_", 32,
      "bdl_emulate_launch(K, (B), (T), A)",
      "(++*(P) - 1)", "(*(P) += (V))", "void"};
  switch (d) {
  case GpuDialect::Cuda: return cuda;
  case GpuDialect::Hip: return hip;
  case GpuDialect::Emulated: return emulated;
  }
  return cuda;
}

} // namespace bdl::codegen
