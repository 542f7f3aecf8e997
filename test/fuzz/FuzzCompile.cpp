// SPDX-License-Identifier: Apache-2.0
//===- FuzzCompile.cpp - libFuzzer over parse, sema and the passes ---------===//
//
// Each input is a .bdl file, checked as `bdlc check` does short of reading
// .npy values: parsed, analysed, and every experiment lowered through every
// pass to the kernel IR (no LLVM). Diagnostics are the expected answer to a
// bad input; what fails the run is a crash, an internal compiler error (it
// aborts), an uncaught exception, an ASan or UBSan report, or a timeout.
#include "driver/Pipeline.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  // Longer inputs only slow the search down: the seeds are a few KiB.
  if (size > 64 * 1024) return -1;
  bdl::driver::Options opts;
  bdl::driver::Compilation c(opts);
  bdl::support::FileId id =
      c.sources().addBuffer("fuzz.bdl", std::string(reinterpret_cast<const char *>(data), size));
  c.check(id, bdl::driver::CheckDepth::Lowering);
  return 0;
}
