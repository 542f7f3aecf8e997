// SPDX-License-Identifier: Apache-2.0
//===- Emit.cpp - `bdlc emit`: print a stage's representation --------------===//
#include "ast/ASTDumper.h"
#include "driver/Commands.h"

#include <iostream>

namespace bdl::driver {

int runEmit(const EmitOptions &emit, const Options &opts) {
  Compilation c(opts);
  support::FileId id = c.addFile(emit.file);
  if (!id) {
    printDiagnostics(c.diags(), "auto");
    return ExitUsage;
  }
  bool syntaxErrors = false;
  const ast::File *f = c.parse(id, syntaxErrors);
  if (emit.ast) ast::dumpFile(*f, c.sources(), std::cout);
  printDiagnostics(c.diags(), "auto");
  return c.diags().hasErrors() ? ExitErrors : ExitOk;
}

} // namespace bdl::driver
