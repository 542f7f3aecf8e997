// SPDX-License-Identifier: Apache-2.0
//===- Commands.h - the bdlc subcommands ------------------------------------===//
#pragma once

#include "codegen/Backend.h"
#include "driver/Pipeline.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bdl::driver {

/// Exit codes shared by every subcommand.
enum ExitCode { ExitOk = 0, ExitErrors = 1, ExitUsage = 2 };

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text"; ///< text | json
  bool verify = false;
  bool summary = false;
  std::string color = "auto"; ///< auto | always | never
};

int runCheck(const CheckOptions &check, const Options &opts);

/// How the model is compiled (emit, build and run share these).
struct CodegenOptions {
  std::string experiment; ///< empty: the file's first experiment
  std::string cpu;        ///< --mcpu; empty: the host CPU
  unsigned optLevel = 3;
  bool fpContract = true; ///< --fp-contract=fast (default) or off
  /// --precision single: state as float, arithmetic in float (on the CPU
  /// and on GPUs, whose host state stays double).
  bool single = false;
  /// What the CPU back end needs of these.
  codegen::CpuOptions cpuOptions() const { return {cpu, optLevel, fpContract, single}; }
};

struct EmitOptions {
  std::string file;
  bool ast = false;
  bool ir = false;
  bool llvm = false;
  bool cuda = false; ///< the CUDA source of `bdlc build --target cuda`
  bool hip = false;
  std::string printAfter;
  CodegenOptions codegen;
};

int runEmit(const EmitOptions &emit, const Options &opts);

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;   ///< exit 1 and name the files that would change
  bool inPlace = false; ///< rewrite the files
};

struct BuildOptions {
  std::string file;
  std::string output; ///< default: the file's name without `.bdl`
  CodegenOptions codegen;
  /// cpu (LLVM), cuda, hip, or gpu-emulator (the device code and runtime
  /// compiled for the host, to test them without a GPU).
  std::string target = "cpu";
  bool emitOnly = false;    ///< GPU targets: write the source, compile nothing
  std::string gpuArch;      ///< nvcc's sm_XX or hipcc's gfxXXX list, comma-separated
  bool mpi = false;         ///< for mpirun: checked for ranks, linked with the MPI runtime
};

/// The executable `bdlc build` writes: -o, or the file's name without `.bdl`.
std::string buildOutput(const BuildOptions &build);

/// Reports E0907 and returns true when one of `outputs` is the source file.
bool refuseOverwritingSource(Compilation &c, const BuildOptions &build, const std::vector<std::string> &outputs);

/// The runtime archive models link against.
std::string runtimeLibrary();

/// The first steps of build and run: reads `file`, compiles `experiment`
/// of it, lets `check` (when given) report more, and prints the
/// diagnostics. Nullopt after a failure, with `exit` set: ExitUsage for a
/// file that cannot be read, ExitErrors after errors.
std::optional<ir::KernelModule>
compileModel(Compilation &c, const std::string &file, const std::string &experiment, int &exit,
             const std::function<bool(diag::DiagnosticEngine &, const ir::KernelModule &)> &check = nullptr);

/// Reports (E0510) what the GPU back ends cannot run yet; false if any.
bool checkGpuSupport(diag::DiagnosticEngine &diags, const ir::KernelModule &km, const std::string &target,
                     bool building = true);
/// What GPU targets and MPI builds (`target` "MPI") both cannot run yet
/// (E0720, E0721; W0614 for a storage they keep sparse); false if any.
bool checkTargetLimits(diag::DiagnosticEngine &diags, const ir::KernelModule &km, const std::string &target,
                       bool building = true);
/// Reports (E0908) what ranks cannot run yet (BuildMpi.cpp); false if any.
bool checkMpiSupport(diag::DiagnosticEngine &diags, const ir::KernelModule &km);
/// GPU targets and MPI builds store every projection sparse (W0614 where
/// `storage` asked otherwise): the same synapses in the same order.
void useSparseStorage(ir::KernelModule &km);

/// `bdlc build --target cuda|hip|gpu-emulator` (BuildGpu.cpp).
int runBuildGpu(const BuildOptions &build, const Options &opts);

/// `bdlc build`: an executable that runs the experiment (see its --help).
int runBuild(const BuildOptions &build, const Options &opts);

struct RunOptions {
  std::string file;
  std::vector<std::string> args; ///< passed to the model, as to a built executable
  CodegenOptions codegen;
};

/// `bdlc run`: compiles in process (JIT) and runs the experiment.
int runRun(const RunOptions &run, const Options &opts);

int runFmt(const FmtOptions &fmt, const Options &opts);

/// `bdlc analyze`: fixed points and continuation of one population's model.
struct AnalyzeOptions {
  std::string file;
  std::string experiment;  ///< empty: the file's first
  std::string population;
  std::vector<std::string> sets;   ///< PARAM=VALUE
  std::vector<std::string> ranges; ///< STATE=FROM:TO, the box of the search
  std::string continuation;        ///< PARAM=FROM:TO
  std::string second;              ///< PARAM=FROM:TO: fold and Hopf curves in two parameters
  bool cycles = false;             ///< limit cycles by simulation around unstable points
  bool orbits = false;             ///< continue periodic orbits from each Hopf point (collocation)
  std::vector<std::string> orbitAt; ///< values of the continued parameter whose orbits are reported
  std::vector<std::string> orbitFrom; ///< values where stable cycles found by simulation are continued
  int mesh = 80;                   ///< collocation intervals (AUTO's NTST)
  std::vector<std::string> trajectories; ///< STATE=V,STATE=V: initial states of trajectories
  std::string duration;            ///< of each trajectory (default: the experiment's)
  std::string fastSlow;            ///< STATE=FROM:TO: the slow state as the fast subsystem's parameter
  int slowPoints = 0;              ///< starts of the slow-point search of the network (0: none)
  double settle = 0;               ///< s each start's trajectory runs (0: 1000 steps)
  std::uint64_t seed = 1;          ///< of the random initial states
  int phasePlane = 0;              ///< points per axis of the vector field's grid (two states)
  bool json = false;
};

int runAnalyze(const AnalyzeOptions &an, const Options &opts);

/// Serves the language server protocol on stdin/stdout.
int runLsp(const Options &opts);

/// Prints diagnostics as text (colour only on a terminal unless forced).
void printDiagnostics(const diag::DiagnosticEngine &d, const std::string &color);

} // namespace bdl::driver
