// SPDX-License-Identifier: Apache-2.0
//===- AssertTest.cpp - the last line of defence: runGuarded -------------===//
#include "support/Assert.h"

#include <gtest/gtest.h>

#include <new>
#include <stdexcept>

using namespace bdl::support;

TEST(RunGuarded, PassesTheResultThrough) { EXPECT_EQ(runGuarded([] { return 1; }), 1); }

// An exception escaping a stage is a compiler bug: bdlc used to die in
// std::terminate (`bdlc check /dev/zero`: bad_alloc, abort, exit 134).
TEST(RunGuarded, TurnsAnEscapingExceptionIntoAnInternalError) {
  setCurrentStage("check");
  testing::internal::CaptureStderr();
  int rc = runGuarded([]() -> int { throw std::out_of_range("stoll"); });
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, kInternalErrorExit);
  EXPECT_EQ(err, "internal compiler error: uncaught exception: stoll\n  in stage 'check'\n"
                 "  please report this with the input that triggered it\n");

  testing::internal::CaptureStderr();
  EXPECT_EQ(runGuarded([]() -> int { throw std::bad_alloc(); }), kInternalErrorExit);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("uncaught exception: out of memory (std::bad_alloc)"),
            std::string::npos);
  testing::internal::CaptureStderr();
  EXPECT_EQ(runGuarded([]() -> int { throw 42; }), kInternalErrorExit);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("an exception of unknown type"), std::string::npos);
}
