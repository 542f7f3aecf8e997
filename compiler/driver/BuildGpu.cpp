// SPDX-License-Identifier: Apache-2.0
//===- BuildGpu.cpp - `bdlc build --target cuda|hip|gpu-emulator` ----------===//
//
//     bdlc build --target cuda coba.bdl -o coba     # writes coba.cu, runs nvcc
//     bdlc build --target hip --emit-only coba.bdl  # writes coba.hip only
// The source is kept next to the executable. Its kernels are compiled
// without contracting a*b+c into fused multiply-adds, so in double precision
// the device computes what the CPU build computes (see GpuPrinter.h).
#include "codegen/Backend.h"
#include "codegen/gpu/GpuSource.h"
#include "driver/Commands.h"

#include "BdlConfig.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace bdl::driver {

namespace fs = std::filesystem;

namespace {

/// The first of `names` found on PATH (or given as a path), else "".
std::string findProgram(const std::vector<std::string> &names) {
  const char *path = std::getenv("PATH");
  for (const std::string &n : names) {
    if (n.find('/') != std::string::npos) {
      if (::access(n.c_str(), X_OK) == 0) return n;
      continue;
    }
    std::stringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
      fs::path p = fs::path(dir.empty() ? "." : dir) / n;
      if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
  }
  return "";
}

int spawn(const std::vector<std::string> &args) {
  std::vector<char *> argv;
  for (const std::string &a : args) argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid;
  if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  if (::waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> split(const std::string &list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

/// The compiler command for `source`, or an empty vector with `error`.
std::vector<std::string> compileCommand(const BuildOptions &build, const std::string &source, const std::string &out,
                                        std::string &error) {
  std::string rt = BDL_RUNTIME_DIR;
  std::vector<std::string> includes = {"-I" + rt + "/include", "-I" + rt + "/src", "-I" + rt + "/device"};
  std::vector<std::string> cmd;
  if (build.target == "cuda") {
    std::string nvcc = findProgram({"nvcc", "/usr/local/cuda/bin/nvcc"});
    if (nvcc.empty()) {
      error = "nvcc not found on PATH or in /usr/local/cuda/bin";
      return {};
    }
    cmd = {nvcc, "-O3", "-std=c++17", "--fmad=false"};
    for (const std::string &arch : split(build.gpuArch.empty() ? "sm_80,sm_90" : build.gpuArch)) {
      std::string n = arch.rfind("sm_", 0) == 0 ? arch.substr(3) : arch;
      cmd.push_back("-gencode");
      cmd.push_back("arch=compute_" + n + ",code=sm_" + n);
    }
  } else if (build.target == "hip") {
    std::string hipcc = findProgram({"hipcc", "/opt/rocm/bin/hipcc"});
    if (hipcc.empty()) {
      error = "hipcc not found on PATH (Debian: apt-get install hipcc libamdhip64-dev)";
      return {};
    }
    cmd = {hipcc, "-O3", "-std=c++17", "-ffp-contract=off"};
    for (const std::string &arch : split(build.gpuArch.empty() ? "gfx90a" : build.gpuArch))
      cmd.push_back("--offload-arch=" + arch);
  } else {
    std::string cxx = findProgram({"c++", "g++"});
    if (cxx.empty()) {
      error = "no C++ compiler (c++ or g++) on PATH";
      return {};
    }
    cmd = {cxx, "-O2", "-std=c++17", "-ffp-contract=off"};
  }
  cmd.insert(cmd.end(), includes.begin(), includes.end());
  // -L/-l rather than the archive's path: hipcc would compile the path as HIP
  // source. The runtime uses GCC's OpenMP (libgomp) whichever compiler links.
  fs::path lib(runtimeLibrary());
  cmd.insert(cmd.end(), {source, "-L" + lib.parent_path().string(), "-lbdlrt", "-o", out, "-lgomp", "-lm", "-lpthread"});
  return cmd;
}

} // namespace

bool checkTargetLimits(diag::DiagnosticEngine &diags, const ir::KernelModule &km, const std::string &target,
                       bool building) {
  bool ok = true;
  std::string instead = target == "MPI" ? "build it without --mpi" : "build it for the CPU (--target cpu)";
  // Training runs its own loop of forward and backward steps on one CPU
  // process (runtime/src/train/); `bdlc emit --cuda` prints its backward
  // kernels all the same (GpuPrinter.cpp), which nothing runs on a device.
  // FORCE readouts learn inside the CPU step loop, from every neuron.
  std::vector<support::SourceRange> learning;
  if (const auto &tr = km.model.experiment.training; tr && building) learning.push_back(tr->range.start());
  for (const ir::Readout &r : km.model.experiment.readouts)
    if (r.kind == ir::Readout::Kind::Force) learning.push_back(r.range.start());
  for (const support::SourceRange &r : learning) {
    diags.report(diag::DiagId::E0807, r, {target}).help(instead);
    ok = false;
  }
  // The device step loop keeps one spike list per population; ranks
  // exchange that list only.
  for (const ir::Population &p : km.model.populations)
    if (!p.events.empty()) {
      diags.report(diag::DiagId::E0721, p.events[0].range, {target}).help(instead);
      ok = false;
    }
  // The device records spikes in blocks of steps, after resets have run; a
  // rank has the values of its own neurons only.
  for (const ir::Recording &r : km.model.experiment.recordings)
    if (r.kind == ir::Recording::Kind::Spikes && !r.vars.empty()) {
      diags.report(diag::DiagId::E0720, r.with, {target})
          .help(instead + ", or record the variables with 'record v of P'");
      ok = false;
    }
  // The device runtime delivers through each post neuron's incoming list,
  // and a rank keeps the part of each row onto its own neurons: every
  // projection is stored sparse there, the same synapses in the same order.
  // Said where `storage` asked otherwise, and where the compiler chose
  // procedural storage because the table would be large.
  for (const ir::Projection &pr : km.model.projections) {
    bool asked = pr.storageRange.valid();
    if (pr.storage == ir::Storage::Sparse || (!asked && pr.storage != ir::Storage::Procedural)) continue;
    diags.report(diag::DiagId::W0614, asked ? pr.storageRange : pr.range, {ir::storageName(pr.storage), target})
        .help(asked ? instead + " to keep this storage"
                    : "it was chosen because " + pr.storageReason + "; " + instead + " to keep it");
  }
  return ok;
}

bool checkGpuSupport(diag::DiagnosticEngine &diags, const ir::KernelModule &km, const std::string &target,
                     bool building) {
  auto unsupported = codegen::unsupportedOnGpu(km.model);
  for (auto [p, e] : unsupported) {
    const ir::Equation &eq = km.model.populations[p].equations[e];
    const ir::Group &g = km.model.groups[km.model.populations[p].group];
    diags.report(diag::DiagId::E0510, eq.range, {g.vars[eq.var].name, g.name, target})
        .help("build it for the CPU (--target cpu); the device runtime keeps no fractional histories");
  }
  bool ok = unsupported.empty();
  // Connectivity is built on the host, by kernels compiled for the device.
  for (const ir::Projection &pr : km.model.projections)
    if (pr.rule.where) {
      diags.report(diag::DiagId::E0615, pr.rule.whereRange, {km.model.groups[pr.group].name, target})
          .help("build it for the CPU (--target cpu)");
      ok = false;
    }
  return checkTargetLimits(diags, km, target, building) && ok;
}

void useSparseStorage(ir::KernelModule &km) {
  for (ir::Projection &pr : km.model.projections) pr.storage = ir::Storage::Sparse;
}

int runBuildGpu(const BuildOptions &build, const Options &opts) {
  auto start = std::chrono::steady_clock::now();
  Compilation c(opts);
  int exit = ExitOk;
  codegen::GpuDialect dialect = build.target == "cuda"  ? codegen::GpuDialect::Cuda
                                : build.target == "hip" ? codegen::GpuDialect::Hip
                                                        : codegen::GpuDialect::Emulated;
  std::string out = buildOutput(build);
  std::string source = out + codegen::dialectInfo(dialect).extension;
  if (refuseOverwritingSource(c, build, {out, source})) return ExitUsage;
  auto km = compileModel(c, build.file, build.codegen.experiment, exit,
                         [&](diag::DiagnosticEngine &diags, const ir::KernelModule &m) {
                           return checkGpuSupport(diags, m, build.target == "gpu-emulator" ? "GPU" : build.target);
                         });
  if (!km) return exit;
  useSparseStorage(*km);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string error;
  auto text = codegen::emitGpuSource(*km, codegen::buildDescriptor(*km, BDL_VERSION, seconds), dialect, error,
                                     build.codegen.single);
  if (!text) {
    std::cerr << "bdlc: error: " << error << "\n";
    return ExitErrors;
  }
  {
    std::ofstream f(source);
    f << *text;
    if (!f) {
      std::cerr << "bdlc: error: cannot write '" << source << "'\n";
      return ExitUsage;
    }
  }
  if (build.emitOnly) {
    std::printf("wrote %s (%zu kernels)\n", source.c_str(), km->kernels.size());
    return ExitOk;
  }
  std::vector<std::string> cmd = compileCommand(build, source, out, error);
  if (cmd.empty()) {
    std::cerr << "bdlc: error: " << error << "; the source is in " << source << " (--emit-only writes only it)\n";
    return ExitUsage;
  }
  int rc = spawn(cmd);
  if (rc != 0) {
    std::string line;
    for (const std::string &a : cmd) line += (line.empty() ? "" : " ") + a;
    std::cerr << "bdlc: error: compiling " << source << " failed (exit " << rc << "): " << line << "\n";
    return ExitUsage;
  }
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string invoke = out.find('/') == std::string::npos ? "./" + out : out;
  std::printf("built %s for %s (%zu kernels, source %s) in %.2f s; run %s --help for its options\n", out.c_str(),
              build.target.c_str(), km->kernels.size(), source.c_str(), total, invoke.c_str());
  return ExitOk;
}

} // namespace bdl::driver
