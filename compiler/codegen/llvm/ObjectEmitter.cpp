// SPDX-License-Identifier: Apache-2.0
//===- ObjectEmitter.cpp - LLVM IR text and object files -------------------===//
#include "codegen/llvm/LLVMBackend.h"

#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

namespace bdl::codegen {

namespace {

std::unique_ptr<llvm::Module> compile(const ir::KernelModule &km, const std::string &descriptor,
                                      llvm::LLVMContext &ctx, llvm::TargetMachine &tm, const CpuOptions &opts,
                                      bool withMain, std::string &error) {
  unsigned optLevel = opts.optLevel;
  auto mod = buildModule(km, descriptor, ctx, tm, withMain, opts.fpContract, opts.single);
  std::string msg;
  llvm::raw_string_ostream os(msg);
  if (llvm::verifyModule(*mod, &os)) {
    error = "internal error: generated LLVM IR is invalid: " + os.str();
    return nullptr;
  }
  optimizeModule(*mod, tm, optLevel);
  return mod;
}

} // namespace

std::optional<std::string> emitLLVMText(const ir::KernelModule &km, const std::string &descriptor,
                                        const CpuOptions &opts, std::string &error) {
  auto tm = createTargetMachine(opts, error);
  if (!tm) return std::nullopt;
  llvm::LLVMContext ctx;
  auto mod = compile(km, descriptor, ctx, *tm, opts, false, error);
  if (!mod) return std::nullopt;
  std::string text;
  llvm::raw_string_ostream os(text);
  mod->print(os, nullptr);
  return os.str();
}

bool emitObject(const ir::KernelModule &km, const std::string &descriptor, const CpuOptions &opts,
                const std::string &path, std::string &error) {
  auto tm = createTargetMachine(opts, error);
  if (!tm) return false;
  llvm::LLVMContext ctx;
  auto mod = compile(km, descriptor, ctx, *tm, opts, true, error);
  if (!mod) return false;
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "cannot write '" + path + "': " + ec.message();
    return false;
  }
  llvm::legacy::PassManager pm;
  if (tm->addPassesToEmitFile(pm, out, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return false;
  }
  pm.run(*mod);
  out.flush();
  return true;
}

} // namespace bdl::codegen
