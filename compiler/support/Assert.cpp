// SPDX-License-Identifier: Apache-2.0
//===- Assert.cpp - the internal-compiler-error path ------------------------===//
#include "support/Assert.h"

#include <cstdio>
#include <cstdlib>

namespace bdl::support {

static const char *currentStage = "driver";

void setCurrentStage(const char *stage) { currentStage = stage; }

void reportInternalError(const char *msg, const char *file, int line) {
  std::fprintf(stderr,
               "internal compiler error: %s\n  at %s:%d, in stage '%s'\n"
               "  please report this with the input that triggered it\n",
               msg, file, line, currentStage);
  std::fflush(stderr);
  std::abort();
}

} // namespace bdl::support
