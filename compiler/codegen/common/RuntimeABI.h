// SPDX-License-Identifier: Apache-2.0
//===- RuntimeABI.h - what code generation knows of runtime/include/bdlrt.h ===//
//
// The compiler never includes the runtime's header; this mirror of its
// layout is checked against it by test/unit/codegen/RuntimeABITest.cpp.
#pragma once

namespace bdl::codegen::abi {

inline constexpr unsigned kAbiVersion = 5;

/// Fields of `bdlrt_kernel_args`, in declaration order.
enum KernelArg : unsigned {
  Self, Pre, Post, Net, Begin, End, List, RowPtr, Col, PreIndex, Spikes, NumSpikes, Step, Time, Dt, Seed, RowEnd,
  Arrays, Stride, NumKernelArgs
};

inline constexpr const char *kMain = "bdlrt_main";
inline constexpr const char *kUniform = "bdlrt_uniform";
inline constexpr const char *kNormal = "bdlrt_normal";
inline constexpr const char *kPoisson = "bdlrt_poisson";
inline constexpr const char *kExpm = "bdlrt_expm";
/// The `bdlrt_model` a generated module defines.
inline constexpr const char *kModelSymbol = "bdl_model";

} // namespace bdl::codegen::abi
