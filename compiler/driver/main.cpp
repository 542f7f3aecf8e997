// SPDX-License-Identifier: Apache-2.0
//===- main.cpp - the bdlc command line -------------------------------------===//
#include "BdlConfig.h"
#include "driver/Commands.h"
#include "support/Assert.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <pthread.h>

using namespace bdl::driver;

namespace {

struct Invocation {
  int argc;
  char **argv;
  int rc = 0;
};

int realMain(int argc, char **argv) {
  CLI::App app{"bdlc - the Brain Dynamics Language compiler\n\n"
               "Checks .bdl models (syntax, names, units), and prints each compiler stage.",
               "bdlc"};
  app.set_version_flag("--version", std::string("bdlc ") + BDL_VERSION + " (LLVM " +
                                        BDL_LLVM_VERSION + ")");
  app.require_subcommand(1);
  Options opts;

  CheckOptions check;
  CLI::App *checkCmd = app.add_subcommand("check", "Report diagnostics; exit 0 if clean, 1 on "
                                                   "errors, 2 on usage or I/O errors");
  checkCmd->add_option("files", check.files, "BDL source files")->required();
  checkCmd->add_option("--format", check.format, "Diagnostic format")
      ->check(CLI::IsMember({"text", "json"}));
  checkCmd->add_flag("--verify", check.verify,
                     "Compare diagnostics with expected-error comments (for tests)");
  checkCmd->add_flag("--summary", check.summary, "After a clean check, summarise each declaration");
  checkCmd->add_option("--color", check.color, "Colour diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  EmitOptions emit;
  CLI::App *emitCmd = app.add_subcommand("emit", "Print a compiler stage's representation");
  emitCmd->add_option("file", emit.file, "BDL source file")->required();
  emitCmd->add_flag("--ast", emit.ast, "Print the syntax tree")->required();

  FmtOptions fmtOpts;
  CLI::App *fmtCmd = app.add_subcommand("fmt", "Print files in the canonical layout (comments kept)");
  fmtCmd->add_option("files", fmtOpts.files, "BDL source files")->required();
  fmtCmd->add_flag("--check", fmtOpts.check, "Write nothing; exit 1 if a file is not formatted");
  fmtCmd->add_flag("-i,--in-place", fmtOpts.inPlace, "Rewrite the files");

  CLI::App *lspCmd = app.add_subcommand("lsp", "Run the language server on stdin/stdout (for editors)");

  for (CLI::App *sub : {checkCmd, emitCmd, fmtCmd, lspCmd}) {
    sub->add_option("-I,--include", opts.includeDirs, "Add a folder to the import search path");
    sub->add_option("--error-limit", opts.errorLimit, "Stop after this many errors (0: no limit)");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    app.exit(e);
    return ExitUsage;
  }
  if (*checkCmd) {
    bdl::support::setCurrentStage("check");
    return runCheck(check, opts);
  }
  if (*lspCmd) {
    bdl::support::setCurrentStage("lsp");
    return runLsp(opts);
  }
  if (*fmtCmd) {
    bdl::support::setCurrentStage("fmt");
    return runFmt(fmtOpts, opts);
  }
  bdl::support::setCurrentStage("emit");
  return runEmit(emit, opts);
}

void *threadMain(void *p) {
  auto *inv = static_cast<Invocation *>(p);
  inv->rc = realMain(inv->argc, inv->argv);
  return nullptr;
}

} // namespace

int main(int argc, char **argv) {
  // Recursive stages get a generous stack: inputs are bounded by E0107, and
  // this keeps a margin far beyond what that bound can use.
  Invocation inv{argc, argv};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256u << 20);
  pthread_t thread;
  if (pthread_create(&thread, &attr, threadMain, &inv) != 0) return realMain(argc, argv);
  pthread_join(thread, nullptr);
  return inv.rc;
}
