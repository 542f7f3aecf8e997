// SPDX-License-Identifier: Apache-2.0
//===- JIT.cpp - run a model in process with ORC LLJIT ---------------------===//
//
// The same module as `bdlc build` (minus `main`), optimised the same way, so
// a JIT run and the built executable produce identical spikes. Runtime
// functions come from this process (bdlc links the runtime); libm and
// libmvec from the system.
#include "codegen/llvm/LLVMBackend.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/DynamicLibrary.h>

namespace bdl::codegen {

std::optional<int> runJIT(const ir::KernelModule &km, const std::string &descriptor, const CpuOptions &opts,
                          const std::map<std::string, void *> &runtimeSymbols,
                          const std::function<int(const void *model)> &entry, std::string &error) {
  auto tm = createTargetMachine(opts, error);
  if (!tm) return std::nullopt;
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto mod = buildModule(km, descriptor, *ctx, *tm, false, opts.fpContract, opts.single);
  std::string msg;
  llvm::raw_string_ostream os(msg);
  if (llvm::verifyModule(*mod, &os)) {
    error = "internal error: generated LLVM IR is invalid: " + os.str();
    return std::nullopt;
  }
  optimizeModule(*mod, *tm, opts.optLevel);

  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) {
    error = llvm::toString(jtmb.takeError());
    return std::nullopt;
  }
  if (!opts.cpu.empty()) {
    jtmb->setCPU(opts.cpu);
    jtmb->getFeatures() = llvm::SubtargetFeatures();
  }
  jtmb->setCodeGenOptLevel(opts.optLevel == 0 ? llvm::CodeGenOptLevel::None : llvm::CodeGenOptLevel::Aggressive);
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*jtmb).create();
  if (!jit) {
    error = llvm::toString(jit.takeError());
    return std::nullopt;
  }
  llvm::sys::DynamicLibrary::LoadLibraryPermanently("libmvec.so.1");
  auto &dylib = (*jit)->getMainJITDylib();
  auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess((*jit)->getDataLayout().getGlobalPrefix());
  if (!gen) {
    error = llvm::toString(gen.takeError());
    return std::nullopt;
  }
  dylib.addGenerator(std::move(*gen));
  llvm::orc::SymbolMap symbols;
  auto &es = (*jit)->getExecutionSession();
  for (auto &[name, addr] : runtimeSymbols)
    symbols[es.intern(name)] = {llvm::orc::ExecutorAddr::fromPtr(addr), llvm::JITSymbolFlags::Exported};
  if (auto err = dylib.define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    error = llvm::toString(std::move(err));
    return std::nullopt;
  }
  mod->setDataLayout((*jit)->getDataLayout());
  if (auto err = (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(mod), std::move(ctx)))) {
    error = llvm::toString(std::move(err));
    return std::nullopt;
  }
  auto sym = (*jit)->lookup("bdl_model");
  if (!sym) {
    error = llvm::toString(sym.takeError());
    return std::nullopt;
  }
  return entry(sym->toPtr<const void *>());
}

} // namespace bdl::codegen
