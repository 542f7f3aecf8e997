// SPDX-License-Identifier: Apache-2.0
//===- Optimizer.cpp - target machine and the optimisation pipeline --------===//
//
// The new pass manager at O3 with the target machine attached, so the loop
// vectoriser uses the CPU's cost model; glibc's libmvec gives it vector
// variants of log/pow/sin/cos. exp is inline code (VectorMath.cpp), or on
// AVX-512 a function with its own vector forms, inlined after the pipeline
// (TableExp.cpp), so HH gate updates vectorise with no calls.
#include "codegen/llvm/LLVMBackend.h"
#include "codegen/llvm/VectorMath.h"

#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Transforms/IPO/AlwaysInliner.h>
#include <llvm/Transforms/IPO/GlobalDCE.h>
#include <llvm/TargetParser/SubtargetFeature.h>

namespace bdl::codegen {

std::unique_ptr<llvm::TargetMachine> createTargetMachine(const CpuOptions &opts, std::string &error) {
  static bool initialised = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
    return true;
  }();
  (void)initialised;
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) {
    error = llvm::toString(jtmb.takeError());
    return nullptr;
  }
  if (!opts.cpu.empty()) {
    std::string err;
    const llvm::Target *t = llvm::TargetRegistry::lookupTarget(jtmb->getTargetTriple().str(), err);
    std::unique_ptr<llvm::MCSubtargetInfo> sti(
        t ? t->createMCSubtargetInfo(jtmb->getTargetTriple().str(), opts.cpu, "") : nullptr);
    if (!sti || !sti->isCPUStringValid(opts.cpu)) {
      error = "unknown CPU '" + opts.cpu + "' for " + jtmb->getTargetTriple().str();
      return nullptr;
    }
    jtmb->setCPU(opts.cpu);
    jtmb->getFeatures() = llvm::SubtargetFeatures();
  }
  jtmb->setRelocationModel(llvm::Reloc::PIC_);
  // The small code model (the default of C compilers), not the JIT builder's
  // large one: constants are addressed relative to the instruction and can
  // be folded into the vector instructions that use them, where the large
  // model loaded a 64-bit address into a register for each constant of a
  // loop on every iteration (COBAHH's update: 706 -> 609 instructions per
  // vector of neurons; its run time within 1%).
  jtmb->setCodeModel(llvm::CodeModel::Small);
  jtmb->setCodeGenOptLevel(opts.optLevel == 0 ? llvm::CodeGenOptLevel::None : llvm::CodeGenOptLevel::Aggressive);
  auto tm = jtmb->createTargetMachine();
  if (!tm) {
    error = llvm::toString(tm.takeError());
    return nullptr;
  }
  return std::move(*tm);
}

void optimizeModule(llvm::Module &m, llvm::TargetMachine &tm, unsigned optLevel) {
  if (optLevel == 0) return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions pto;
  // Populations of one neuron type get kernels that differ only in name
  // (COBAHH's E and I updates); merging them halves the code generation of
  // the largest functions, most of `bdlc build`'s time.
  pto.MergeFunctions = true;
  llvm::PassBuilder pb(&tm, pto);
  llvm::TargetLibraryInfoImpl tlii(llvm::Triple(m.getTargetTriple()));
  tlii.addVectorizableFunctionsFromVecLib(llvm::TargetLibraryInfoImpl::LIBMVEC_X86, llvm::Triple(m.getTargetTriple()));
  fam.registerPass([&] { return llvm::TargetLibraryAnalysis(tlii); });
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  pb.buildPerModuleDefaultPipeline(level).run(m, mam);
  // The exp functions (TableExp.cpp) were kept whole for the vectoriser.
  prepareExpFunctionsForInlining(m);
  llvm::ModulePassManager inl;
  inl.addPass(llvm::AlwaysInlinerPass());
  inl.addPass(llvm::GlobalDCEPass());
  inl.run(m, mam);
}

} // namespace bdl::codegen
