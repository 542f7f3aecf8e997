// SPDX-License-Identifier: Apache-2.0
//===- main.cpp - the bdlc command line -------------------------------------===//
#include "BdlConfig.h"
#include "driver/Commands.h"
#include "passes/Passes.h"
#include "support/Assert.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <pthread.h>

using namespace bdl::driver;
using bdl::passes::passNames;

namespace {

struct Invocation {
  int argc;
  char **argv;
  int rc = 0;
};

int realMain(int argc, char **argv) {
  CLI::App app{"bdlc - the Brain Dynamics Language compiler\n\n"
               "Checks .bdl models (syntax, names, units), compiles them to native code and runs their experiments.",
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

  auto codegenFlags = [&opts](CLI::App *cmd, CodegenOptions &cg) {
    cmd->add_option("--history-limit", opts.historyLimitMiB,
                    "Memory fractional (caputo) equations may keep, in MiB (default 1024)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--experiment", cg.experiment, "Experiment to compile (default: the first in the file)");
    cmd->add_option("--mcpu", cg.cpu, "Target CPU, e.g. znver4 or x86-64-v3 (default: this machine's)");
    cmd->add_option("-O", cg.optLevel, "Optimisation level 0-3 (default 3)")->check(CLI::Range(0, 3));
    cmd->add_option_function<std::string>(
           "--fp-contract", [&cg](const std::string &v) { cg.fpContract = v == "fast"; },
           "fast (default): fuse multiply-adds on the CPU; off: round every operation, as GPU builds do")
        ->check(CLI::IsMember({"fast", "off"}));
    cmd->add_option_function<std::string>(
           "--precision", [&cg](const std::string &v) { cg.single = v == "single"; },
           "double (default) or single: neuron and synapse state stored as float32 and computed in float "
           "(twice the vector lanes; accuracy in docs/performance.md)")
        ->check(CLI::IsMember({"double", "single"}));
  };

  EmitOptions emit;
  CLI::App *emitCmd = app.add_subcommand("emit", "Print a compiler stage's representation");
  emitCmd->add_option("file", emit.file, "BDL source file")->required();
  auto *astFlag = emitCmd->add_flag("--ast", emit.ast, "Print the syntax tree");
  auto *irFlag = emitCmd->add_flag("--ir", emit.ir, "Print the model IR and the kernels after all passes");
  auto *llvmFlag = emitCmd->add_flag("--llvm", emit.llvm, "Print the optimised LLVM IR");
  auto *cudaFlag = emitCmd->add_flag("--cuda", emit.cuda, "Print the CUDA source (bdlc build --target cuda)");
  auto *hipFlag = emitCmd->add_flag("--hip", emit.hip, "Print the HIP source (bdlc build --target hip)");
  cudaFlag->excludes(hipFlag)->excludes(llvmFlag);
  hipFlag->excludes(llvmFlag);
  std::string passList;
  for (const std::string &p : passNames()) passList += (passList.empty() ? "" : ", ") + p;
  auto *printAfter = emitCmd->add_option("--print-after", emit.printAfter, "Print the IR after this pass: " + passList)
                         ->check(CLI::IsMember(passNames()));
  astFlag->excludes(irFlag)->excludes(llvmFlag)->excludes(printAfter);
  irFlag->excludes(llvmFlag);
  llvmFlag->excludes(printAfter);
  codegenFlags(emitCmd, emit.codegen);

  BuildOptions build;
  CLI::App *buildCmd = app.add_subcommand("build", "Compile a model to an executable that runs its experiment");
  buildCmd->add_option("file", build.file, "BDL source file")->required();
  buildCmd->add_option("-o,--output", build.output, "Executable to write (default: the file's name)");
  buildCmd->add_option("--target", build.target, "cpu (default), cuda, hip, or gpu-emulator (device code on the host)")
      ->check(CLI::IsMember({"cpu", "cuda", "hip", "gpu-emulator"}));
  buildCmd->add_flag("--mpi", build.mpi, "Run on MPI ranks: mpirun -np R EXE (docs/distributed.md)");
  buildCmd->add_flag("--emit-only", build.emitOnly, "GPU targets: write the source next to the output, compile nothing");
  buildCmd->add_option("--gpu-arch", build.gpuArch,
                       "GPU architectures, comma-separated (default: sm_80,sm_90 for cuda, gfx90a for hip)");
  codegenFlags(buildCmd, build.codegen);

  RunOptions run;
  CLI::App *runCmd = app.add_subcommand("run", "Compile a model in memory and run its experiment; "
                                               "arguments after -- go to the model (try -- --help)");
  runCmd->add_option("file", run.file, "BDL source file")->required();
  runCmd->add_option("args", run.args, "Arguments for the model: --duration, --seed, --set, --out, --quiet");
  codegenFlags(runCmd, run.codegen);

  FmtOptions fmtOpts;
  CLI::App *fmtCmd = app.add_subcommand("fmt", "Print files in the canonical layout (comments kept)");
  fmtCmd->add_option("files", fmtOpts.files, "BDL source files")->required();
  fmtCmd->add_flag("--check", fmtOpts.check, "Write nothing; exit 1 if a file is not formatted");
  fmtCmd->add_flag("-i,--in-place", fmtOpts.inPlace, "Rewrite the files");

  CLI::App *lspCmd = app.add_subcommand("lsp", "Run the language server on stdin/stdout (for editors)");

  AnalyzeOptions an;
  CLI::App *anCmd = app.add_subcommand("analyze", "Fixed points, their stability, and continuation in a parameter "
                                                  "(fold and Hopf points) of one population's model");
  anCmd->add_option("file", an.file, "BDL source file")->required();
  anCmd->add_option("--experiment", an.experiment, "The experiment whose network holds the population (default: the first)");
  anCmd->add_option("-p,--population", an.population, "The population to analyse (one neuron of it)")->required();
  anCmd->add_option("--set", an.sets, "PARAM=VALUE: a parameter's value (display unit if none given)");
  anCmd->add_option("--range", an.ranges, "STATE=FROM:TO: where to look for fixed points (default: initial value +- 5x)");
  anCmd->add_option("--continue", an.continuation, "PARAM=FROM:TO: follow the fixed point from FROM to TO");
  anCmd->add_option("--two-parameter", an.second,
                    "PARAM=FROM:TO: with --continue, follow each fold and Hopf point found in this second parameter");
  anCmd->add_option("--phase-plane", an.phasePlane,
                    "Two states: the vector field on an N x N grid of the range, in the JSON (for nullclines and streamlines)")
      ->check(CLI::Range(2, 2000));
  anCmd->add_flag("--cycles", an.cycles,
                  "Limit cycles by simulation around unstable fixed points (and along --continue): period, extremes");
  anCmd->add_flag("--orbits", an.orbits,
                  "With --continue: follow the periodic orbits born at each Hopf point (collocation, as AUTO-07p): "
                  "period, extremes, Floquet multipliers, folds of cycles");
  anCmd->add_option("--orbit-at", an.orbitAt, "VALUE: with --orbits, report the orbits at this value of the parameter");
  anCmd->add_option("--orbit-from", an.orbitFrom,
                    "VALUE: with --orbits, also continue the stable cycles found by simulation at this value of the "
                    "parameter (branches not born at a Hopf point)");
  anCmd->add_option("--mesh", an.mesh, "Collocation intervals per orbit (default 80; 4 points each)")
      ->check(CLI::Range(8, 2000));
  anCmd->add_option("--trajectory", an.trajectories,
                    "STATE=V,STATE=V: a trajectory from this state (others: their initial values) through the model's "
                    "compiled step");
  anCmd->add_option("--duration", an.duration, "TIME of each --trajectory (default: the experiment's duration)");
  anCmd->add_option("--fast-slow", an.fastSlow,
                    "STATE=FROM:TO: the fast subsystem's fixed points (and --orbits) with the slow STATE as its "
                    "parameter, and the full model's trajectory over them");
  anCmd->add_option("--slow-points", an.slowPoints,
                    "K: fixed and slow points of the population with its couplings onto itself, from K random starts "
                    "(Sussillo & Barak)")
      ->check(CLI::Range(1, 10000));
  anCmd->add_option("--settle", an.settle, "SECONDS each start's trajectory runs before the search (default: 1000 steps)")
      ->check(CLI::Range(0.0, 1e6));
  anCmd->add_option("--seed", an.seed, "Seed of the slow-point search's random initial states (default 1)");
  anCmd->add_flag("--json", an.json, "Print JSON (SI units) instead of text");

  for (CLI::App *sub : {checkCmd, emitCmd, buildCmd, runCmd, fmtCmd, lspCmd, anCmd}) {
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
  if (*anCmd) {
    bdl::support::setCurrentStage("analyze");
    return runAnalyze(an, opts);
  }
  if (*buildCmd) {
    bdl::support::setCurrentStage("build");
    if (build.mpi && build.target != "cpu") {
      std::cerr << "bdlc: error: --mpi builds for the CPU; GPU targets run on one process\n";
      return bdl::driver::ExitUsage;
    }
    return build.target == "cpu" ? runBuild(build, opts) : runBuildGpu(build, opts);
  }
  if (*runCmd) {
    bdl::support::setCurrentStage("run");
    return runRun(run, opts);
  }
  bdl::support::setCurrentStage("emit");
  if (!emit.ast && !emit.ir && !emit.llvm && !emit.cuda && !emit.hip && emit.printAfter.empty()) {
    std::cerr << "bdlc emit: say what to print: --ast, --ir, --print-after=<pass>, --llvm, --cuda or --hip\n";
    return ExitUsage;
  }
  return runEmit(emit, opts);
}

void *threadMain(void *p) {
  auto *inv = static_cast<Invocation *>(p);
  inv->rc = bdl::support::runGuarded([inv] { return realMain(inv->argc, inv->argv); });
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
  if (pthread_create(&thread, &attr, threadMain, &inv) != 0)
    return bdl::support::runGuarded([&] { return realMain(argc, argv); });
  pthread_join(thread, nullptr);
  return inv.rc;
}
