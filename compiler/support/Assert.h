// SPDX-License-Identifier: Apache-2.0
//===- Assert.h - compiler-bug checks, never used for user mistakes --------===//
#pragma once

namespace bdl::support {
/// Prints "internal compiler error: <msg> (at file:line, in <stage>)" and aborts.
[[noreturn]] void reportInternalError(const char *msg, const char *file, int line);
/// Names the stage running now, so an internal error can say where it happened.
void setCurrentStage(const char *stage);
} // namespace bdl::support

#define BDL_ASSERT(cond, msg)                                                  \
  do {                                                                         \
    if (!(cond)) ::bdl::support::reportInternalError(msg, __FILE__, __LINE__); \
  } while (0)

#define bdlUnreachable(msg) ::bdl::support::reportInternalError(msg, __FILE__, __LINE__)
