// SPDX-License-Identifier: Apache-2.0
//===- RuntimeABITest.cpp - the compiler's view of bdlrt.h matches it ------===//
//
// Code generation builds `bdlrt_kernel_args` and `bdlrt_model` from
// codegen/common/RuntimeABI.h without including the runtime's header; this
// test is where the two meet.
#include "codegen/common/RuntimeABI.h"

#include "bdlrt/bdlrt.h"

#include <cstddef>
#include <gtest/gtest.h>

namespace rt = bdl::codegen::abi;

TEST(RuntimeABITest, VersionsAgree) { EXPECT_EQ(rt::kAbiVersion, unsigned(BDLRT_ABI_VERSION)); }

TEST(RuntimeABITest, KernelArgsFieldsAreEightBytesInDeclarationOrder) {
  // The LLVM struct type is {ptr x4, i64 x2, ptr x6, i64, double, double, i64, ptr x2, i64}:
  // every field 8 bytes, so field k sits at 8 * k.
  EXPECT_EQ(offsetof(bdlrt_kernel_args, self), 8 * rt::Self);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, pre), 8 * rt::Pre);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, post), 8 * rt::Post);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, net), 8 * rt::Net);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, begin), 8 * rt::Begin);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, end), 8 * rt::End);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, list), 8 * rt::List);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, rowptr), 8 * rt::RowPtr);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, col), 8 * rt::Col);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, pre_index), 8 * rt::PreIndex);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, spikes), 8 * rt::Spikes);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, nspikes), 8 * rt::NumSpikes);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, step), 8 * rt::Step);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, t), 8 * rt::Time);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, dt), 8 * rt::Dt);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, seed), 8 * rt::Seed);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, rowend), 8 * rt::RowEnd);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, arrays), 8 * rt::Arrays);
  EXPECT_EQ(offsetof(bdlrt_kernel_args, stride), 8 * rt::Stride);
  EXPECT_EQ(sizeof(bdlrt_kernel_args), 8 * std::size_t(rt::NumKernelArgs));
}

TEST(RuntimeABITest, ModelTableIsTwoWordsThenTwoPointers) {
  // Emitted as {i32, i32, ptr, ptr}.
  EXPECT_EQ(offsetof(bdlrt_model, abi_version), 0u);
  EXPECT_EQ(offsetof(bdlrt_model, num_kernels), 4u);
  EXPECT_EQ(offsetof(bdlrt_model, kernels), 8u);
  EXPECT_EQ(offsetof(bdlrt_model, descriptor), 16u);
}
