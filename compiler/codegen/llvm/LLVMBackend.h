// SPDX-License-Identifier: Apache-2.0
//===- LLVMBackend.h - shared pieces of the LLVM back end (internal) -------===//
#pragma once

#include "codegen/Backend.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <memory>

namespace bdl::codegen {

/// Kernels, the descriptor and the `bdl_model` table as an LLVM module for
/// `tm`; with `withMain`, also `main` calling `bdlrt_main` (executables).
/// With `single`, state is float and kernels compute in float (the
/// descriptor must say so, or the runtime allocates doubles).
std::unique_ptr<llvm::Module> buildModule(const ir::KernelModule &km, const std::string &descriptor,
                                          llvm::LLVMContext &ctx, llvm::TargetMachine &tm, bool withMain,
                                          bool fpContract = true, bool single = false);
/// A target machine for the host or `opts.cpu`; null with `error` set.
std::unique_ptr<llvm::TargetMachine> createTargetMachine(const CpuOptions &opts, std::string &error);
/// The O-level pipeline, with glibc's vector math (libmvec) for log/pow/sin/cos.
void optimizeModule(llvm::Module &m, llvm::TargetMachine &tm, unsigned optLevel);

} // namespace bdl::codegen
