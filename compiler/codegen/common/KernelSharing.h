// SPDX-License-Identifier: Apache-2.0
//===- KernelSharing.h - one function for kernels that differ only by group -===//
//
// A kernel reaches its variables through the argument tables of the groups
// it runs on (self, pre, post, net), never through a group's number, so the
// update kernels of 200 populations of one LIF model are the same function.
// Code generation emits each distinct kernel once and points the others'
// entries of the kernel table at it: compile time then grows with the number
// of distinct models, not of populations (GeNN merges groups for the same
// reason).
#pragma once

#include "ir/kernel/Kernel.h"

#include <vector>

namespace bdl::codegen {

/// For each kernel, the index of the first kernel whose generated code it
/// would equal (itself when none does): the same kind, statements and
/// expressions, with each variable taken relative to the kernel's groups
/// (its own, pre, post, the network) and of the same storage.
std::vector<int> sharedKernels(const ir::KernelModule &km);

} // namespace bdl::codegen
