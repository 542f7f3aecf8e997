// SPDX-License-Identifier: Apache-2.0
//===- Assert.h - compiler-bug checks, never used for user mistakes --------===//
#pragma once

#include <functional>

namespace bdl::support {
/// Prints "internal compiler error: <msg> (at file:line, in <stage>)" and aborts.
[[noreturn]] void reportInternalError(const char *msg, const char *file, int line);
/// Names the stage running now, so an internal error can say where it happened.
void setCurrentStage(const char *stage);

/// Exit status after an internal compiler error (sysexits' EX_SOFTWARE).
constexpr int kInternalErrorExit = 70;

/// Runs `body` and returns its result. An exception escaping it is a
/// compiler bug (user mistakes are diagnostics): it is reported as an
/// internal compiler error naming the stage, with a bug-report hint, and
/// kInternalErrorExit is returned. A last line of defence, not a way to
/// report errors.
int runGuarded(const std::function<int()> &body);
} // namespace bdl::support

#define BDL_ASSERT(cond, msg)                                                  \
  do {                                                                         \
    if (!(cond)) ::bdl::support::reportInternalError(msg, __FILE__, __LINE__); \
  } while (0)

#define bdlUnreachable(msg) ::bdl::support::reportInternalError(msg, __FILE__, __LINE__)
