// SPDX-License-Identifier: Apache-2.0
//===- Assert.cpp - the internal-compiler-error path ------------------------===//
#include "support/Assert.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>

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

int runGuarded(const std::function<int()> &body) {
  std::string what;
  try {
    return body();
  } catch (const std::bad_alloc &) {
    what = "out of memory (std::bad_alloc)";
  } catch (const std::exception &e) {
    what = e.what();
  } catch (...) {
    what = "an exception of unknown type";
  }
  std::fprintf(stderr,
               "internal compiler error: uncaught exception: %s\n  in stage '%s'\n"
               "  please report this with the input that triggered it\n",
               what.c_str(), currentStage);
  std::fflush(stderr);
  return kInternalErrorExit;
}

} // namespace bdl::support
