// SPDX-License-Identifier: Apache-2.0
//===- Linker.cpp - the system linker, through the C++ driver --------------===//
//
// `c++` brings libstdc++ (the runtime is C++) and the right crt files; the
// vector math library is linked because vectorised loops call it. gold, where
// binutils has it, links a model in about a third of BFD ld's time (0.03 s
// against 0.08 s for COBA), which is a fifth of the whole build.
#include "codegen/llvm/LLVMBackend.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Program.h>

#include <string>
#include <vector>

namespace bdl::codegen {

bool linkExecutable(const std::string &object, const std::vector<std::string> &runtimeLibs, const std::string &out,
                    std::string &error, const std::string &driver) {
  auto cxx = llvm::sys::findProgramByName(driver);
  if (!cxx && driver == "c++") cxx = llvm::sys::findProgramByName("g++");
  if (!cxx) {
    error = driver == "c++" ? "no C++ compiler driver (c++ or g++) on PATH to link with"
                            : "no '" + driver + "' on PATH to link with (Debian: apt-get install libopenmpi-dev)";
    return false;
  }
  llvm::SmallString<128> log;
  llvm::sys::fs::createTemporaryFile("bdlc-link", "log", log);
  std::vector<llvm::StringRef> argv = {*cxx, "-o", out, object};
  for (const std::string &lib : runtimeLibs) argv.push_back(lib);
  for (const char *flag : {"-fopenmp", "-lmvec", "-lm", "-lpthread"}) argv.push_back(flag);
  if (llvm::sys::findProgramByName("ld.gold")) argv.push_back("-fuse-ld=gold");
#ifdef BDL_SANITIZE
  argv.push_back("-fsanitize=address,undefined"); // the runtime archive is instrumented
#endif
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(log), llvm::StringRef(log)};
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(*cxx, argv, std::nullopt, redirects, 0, 0, &msg);
  if (rc != 0) {
    error = "linking failed";
    if (!msg.empty()) error += ": " + msg;
    if (auto buf = llvm::MemoryBuffer::getFile(log)) error += "\n" + (*buf)->getBuffer().str();
  }
  llvm::sys::fs::remove(log);
  return rc == 0;
}

} // namespace bdl::codegen
