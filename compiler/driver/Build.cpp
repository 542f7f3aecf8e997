// SPDX-License-Identifier: Apache-2.0
//===- Build.cpp - `bdlc build`: a model as a standalone executable --------===//
#include "codegen/Backend.h"
#include "driver/Commands.h"

#include "BdlConfig.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace bdl::driver {

namespace fs = std::filesystem;

std::string runtimeLibrary() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = self.parent_path().parent_path() / "lib" / "bdl" / "libbdlrt.a";
    if (fs::exists(installed, ec)) return installed.string();
  }
  return BDL_RUNTIME_LIB;
}

std::optional<ir::KernelModule>
compileModel(Compilation &c, const std::string &file, const std::string &experiment, int &exit,
             const std::function<bool(diag::DiagnosticEngine &, const ir::KernelModule &)> &check) {
  support::FileId id = c.addFile(file);
  if (!id) {
    printDiagnostics(c.diags(), "auto");
    exit = ExitUsage;
    return std::nullopt;
  }
  auto km = c.compile(id, experiment);
  bool ok = km && (!check || check(c.diags(), *km));
  printDiagnostics(c.diags(), "auto");
  if (!ok) {
    exit = ExitErrors;
    return std::nullopt;
  }
  return km;
}

std::string buildOutput(const BuildOptions &build) {
  return build.output.empty() ? fs::path(build.file).stem().string() : build.output;
}

bool refuseOverwritingSource(Compilation &c, const BuildOptions &build, const std::vector<std::string> &outputs) {
  // As gcc does: `bdlc build m.bdl -o m.bdl` (or `bdlc build m`, whose
  // default output is `m`) would replace the model by the executable.
  std::error_code ec;
  fs::path src = fs::weakly_canonical(build.file, ec);
  for (const std::string &out : outputs) {
    std::error_code ec2;
    bool same = fs::equivalent(build.file, out, ec2) || (!ec && fs::weakly_canonical(out, ec2) == src);
    if (!same) continue;
    c.diags().report(diag::DiagId::E0907, {}, {out});
    printDiagnostics(c.diags(), "auto");
    return true;
  }
  return false;
}

int runBuild(const BuildOptions &build, const Options &opts) {
  auto start = std::chrono::steady_clock::now();
  Compilation c(opts);
  int exit = ExitOk;
  std::string out = buildOutput(build);
  if (refuseOverwritingSource(c, build, {out})) return ExitUsage;
  auto km = compileModel(c, build.file, build.codegen.experiment, exit,
                         [&](diag::DiagnosticEngine &diags, const ir::KernelModule &m) {
                           return !build.mpi || checkMpiSupport(diags, m);
                         });
  if (!km) return exit;
  std::vector<std::string> libs = {runtimeLibrary()};
  if (build.mpi) {
    // Linked first, its bdlrt_main replaces the one-process entry point
    // (runtime/src/EntryPoint.cpp).
    fs::path mpiLib = fs::path(libs[0]).parent_path() / "libbdlrt_mpi.a";
    std::error_code ec;
    if (!fs::exists(mpiLib, ec)) {
      std::cerr << "bdlc: error: --mpi needs the MPI runtime (" << mpiLib.string()
                << "), which is built when MPI is found at configure time (Debian: apt-get install libopenmpi-dev, "
                   "then configure again)\n";
      return ExitUsage;
    }
    libs.insert(libs.begin(), mpiLib.string());
    useSparseStorage(*km);
  }
  fs::path obj = fs::temp_directory_path() / ("bdlc-" + std::to_string(::getpid()) + ".o");
  std::string error;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string descriptor = codegen::buildDescriptor(*km, BDL_VERSION, seconds, build.codegen.single, build.mpi);
  codegen::CpuOptions cpu = build.codegen.cpuOptions();
  bool ok = codegen::emitObject(*km, descriptor, cpu, obj.string(), error) &&
            codegen::linkExecutable(obj.string(), libs, out, error, build.mpi ? "mpicxx" : "c++");
  std::error_code ec;
  fs::remove(obj, ec);
  if (!ok) {
    std::cerr << "bdlc: error: " << error << "\n";
    return ExitUsage;
  }
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string invoke = out.find('/') == std::string::npos ? "./" + out : out;
  if (build.mpi)
    std::printf("built %s (%zu kernels, for MPI) in %.2f s; run it with mpirun -np RANKS %s\n", out.c_str(),
                km->kernels.size(), total, invoke.c_str());
  else
    std::printf("built %s (%zu kernels) in %.2f s; run %s --help for its options\n", out.c_str(), km->kernels.size(),
                total, invoke.c_str());
  return ExitOk;
}

} // namespace bdl::driver
