// SPDX-License-Identifier: Apache-2.0
//===- Emit.cpp - `bdlc emit`: print a stage's representation --------------===//
#include "ast/ASTDumper.h"
#include "codegen/Backend.h"
#include "codegen/gpu/GpuSource.h"
#include "driver/Commands.h"
#include "ir/IRPrinter.h"

#include "BdlConfig.h"

#include <iostream>

namespace bdl::driver {

int runEmit(const EmitOptions &emit, const Options &opts) {
  Compilation c(opts);
  support::FileId id = c.addFile(emit.file);
  if (!id) {
    printDiagnostics(c.diags(), "auto");
    return ExitUsage;
  }
  if (emit.ast) {
    bool syntaxErrors = false;
    const ast::File *f = c.parse(id, syntaxErrors);
    ast::dumpFile(*f, c.sources(), std::cout);
    printDiagnostics(c.diags(), "auto");
    return c.diags().hasErrors() ? ExitErrors : ExitOk;
  }
  std::string printed;
  auto km = c.compile(id, emit.codegen.experiment, emit.printAfter, &printed);
  bool gpu = emit.cuda || emit.hip;
  // Printing the source is not running it: a training experiment's forward
  // and backward kernels print (E0807 is for `bdlc build`).
  bool supported = !km || !gpu || checkGpuSupport(c.diags(), *km, emit.cuda ? "cuda" : "hip", /*building=*/false);
  printDiagnostics(c.diags(), "auto");
  if (!km || !supported) return ExitErrors;
  if (!emit.printAfter.empty()) {
    std::cout << printed;
    return ExitOk;
  }
  if (gpu) {
    useSparseStorage(*km);
    std::string error;
    auto text = codegen::emitGpuSource(*km, codegen::buildDescriptor(*km, BDL_VERSION, 0),
                                       emit.cuda ? codegen::GpuDialect::Cuda : codegen::GpuDialect::Hip, error,
                                       emit.codegen.single);
    if (!text) {
      std::cerr << "bdlc: error: " << error << "\n";
      return ExitErrors;
    }
    std::cout << *text;
    return ExitOk;
  }
  if (emit.llvm) {
    std::string error;
    auto text = codegen::emitLLVMText(*km, codegen::buildDescriptor(*km, BDL_VERSION, 0, emit.codegen.single),
                                      emit.codegen.cpuOptions(), error);
    if (!text) {
      std::cerr << "bdlc: error: " << error << "\n";
      return ExitUsage;
    }
    std::cout << *text;
    return ExitOk;
  }
  std::cout << ir::printModule(km->model) << ir::printKernels(*km);
  return ExitOk;
}

} // namespace bdl::driver
