// SPDX-License-Identifier: Apache-2.0
//===- TeamScheduleTest.cpp - team or thread 0 alone, segment by segment --===//

#include "TeamSchedule.h"

#include <gtest/gtest.h>

#include <vector>

namespace bdlrt {
namespace {

constexpr std::int64_t kSteps = 1'000'000;

/// Runs the segment `seg` from `step` at `teamPerStep` / `soloPerStep`
/// seconds a step, the team stalling when `stalls`; returns its end.
std::int64_t runOne(TeamSchedule &s, const TeamSchedule::Segment &seg, std::int64_t step, double teamPerStep,
                    double soloPerStep, bool stalls = false) {
  std::int64_t steps = seg.end - step;
  double secs = static_cast<double>(steps) * (seg.solo ? soloPerStep : teamPerStep);
  s.finished(seg, steps, secs, !seg.solo && stalls ? 0.5 * secs : 0.0);
  return seg.end;
}

TEST(TeamSchedule, StartsAloneThenTriesTheTeamOnFreeCores) {
  TeamSchedule s;
  int asked = 0;
  auto idle = [&] {
    ++asked;
    return false;
  };
  TeamSchedule::Segment first = s.next(0, kSteps, idle);
  EXPECT_TRUE(first.solo);
  EXPECT_EQ(first.end, 16);
  EXPECT_EQ(asked, 0); // nothing timed yet: no trial, no question
  std::int64_t step = runOne(s, first, 0, 10e-6, 20e-6);
  TeamSchedule::Segment trial = s.next(step, kSteps, idle);
  EXPECT_EQ(asked, 1);
  EXPECT_FALSE(trial.solo);
  EXPECT_TRUE(trial.probe);
  // A sixteenth of a 20 ms segment at one thread's 20 us a step.
  EXPECT_EQ(trial.end - step, 1000 / 16);
  step = runOne(s, trial, step, 10e-6, 20e-6);
  // The team was twice as fast: it keeps the run while it does not stall,
  // and the load is not asked again.
  for (int k = 0; k < 100; ++k) {
    TeamSchedule::Segment seg = s.next(step, kSteps, idle);
    ASSERT_FALSE(seg.solo);
    ASSERT_FALSE(seg.probe);
    step = runOne(s, seg, step, 10e-6, 20e-6);
  }
  EXPECT_EQ(asked, 1);
}

TEST(TeamSchedule, StaysAloneOnABusyMachineUntilTheLongestGap) {
  TeamSchedule s;
  auto busy = [] { return true; };
  std::int64_t step = 0;
  int segments = 0;
  for (;; ++segments) {
    TeamSchedule::Segment seg = s.next(step, kSteps, busy);
    if (!seg.solo) {
      EXPECT_TRUE(seg.probe);
      break;
    }
    step = runOne(s, seg, step, 10e-6, 20e-6);
    ASSERT_LT(segments, 1000);
  }
  // The first segment and kMaxGap - 1 more, then the team is tried anyway.
  EXPECT_EQ(segments, TeamSchedule::kMaxGap);
}

TEST(TeamSchedule, AStalledTeamTriesOneThreadAndLosesTheRunToIt) {
  TeamSchedule s;
  auto idle = [] { return false; };
  std::int64_t step = runOne(s, s.next(0, kSteps, idle), 0, 10e-6, 20e-6);
  step = runOne(s, s.next(step, kSteps, idle), step, 10e-6, 20e-6); // the team wins its trial
  // Now the team stalls and runs at 50 us a step against one thread's 20.
  TeamSchedule::Segment seg = s.next(step, kSteps, idle);
  ASSERT_FALSE(seg.solo);
  step = runOne(s, seg, step, 50e-6, 20e-6, /*stalls=*/true);
  seg = s.next(step, kSteps, idle);
  EXPECT_TRUE(seg.solo);
  EXPECT_TRUE(seg.probe);
  runOne(s, seg, step, 50e-6, 20e-6, true);
  EXPECT_TRUE(s.soloWins());
}

TEST(TeamSchedule, ALosingTrialDoublesTheGap) {
  TeamSchedule s;
  auto idle = [] { return false; };
  std::int64_t step = 0;
  std::vector<int> trialsAt;
  for (int k = 0; k < 40; ++k) {
    TeamSchedule::Segment seg = s.next(step, kSteps, idle);
    if (!seg.solo) trialsAt.push_back(k);
    // The team is never faster here: every trial loses.
    step = runOne(s, seg, step, 25e-6, 20e-6);
  }
  // Right after the first segment, then after 2, 4, 8 and 16 more.
  EXPECT_EQ(trialsAt, (std::vector<int>{1, 4, 9, 18, 35}));
}

} // namespace
} // namespace bdlrt
