// SPDX-License-Identifier: Apache-2.0
//===- Run.cpp - `bdlc run`: compile in process and run the experiment ----===//
#include "codegen/Backend.h"
#include "codegen/common/RuntimeABI.h"
#include "driver/Commands.h"

#include "BdlConfig.h"
#include "bdlrt/bdlrt.h"

#include <chrono>
#include <iostream>

namespace bdl::driver {

int runRun(const RunOptions &run, const Options &opts) {
  auto start = std::chrono::steady_clock::now();
  Compilation c(opts);
  int exit = ExitOk;
  auto km = compileModel(c, run.file, run.codegen.experiment, exit);
  if (!km) return exit;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string descriptor = codegen::buildDescriptor(*km, BDL_VERSION, seconds, run.codegen.single);
  // The runtime is linked into bdlc; the JIT'd model calls it directly.
  std::map<std::string, void *> symbols = {
      {codegen::abi::kUniform, reinterpret_cast<void *>(&bdlrt_uniform)},
      {codegen::abi::kNormal, reinterpret_cast<void *>(&bdlrt_normal)},
      {codegen::abi::kPoisson, reinterpret_cast<void *>(&bdlrt_poisson)},
      {codegen::abi::kExpm, reinterpret_cast<void *>(&bdlrt_expm)},
  };
  // The model's usage line then reads "bdlc run model.bdl -- [--duration T] ...".
  std::vector<std::string> argStore = {"bdlc run " + run.file + " --"};
  argStore.insert(argStore.end(), run.args.begin(), run.args.end());
  std::vector<char *> argv;
  for (std::string &a : argStore) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string error;
  codegen::CpuOptions cpu = run.codegen.cpuOptions();
  auto rc = codegen::runJIT(*km, descriptor, cpu, symbols,
                            [&](const void *model) {
                              return bdlrt_main(static_cast<const bdlrt_model *>(model),
                                                static_cast<int>(argv.size() - 1), argv.data());
                            },
                            error);
  if (!rc) {
    std::cerr << "bdlc: error: " << error << "\n";
    return ExitUsage;
  }
  return *rc;
}

} // namespace bdl::driver
