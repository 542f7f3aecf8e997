// SPDX-License-Identifier: Apache-2.0
//===- TeamBarrierTest.cpp - the step loop's barrier ----------------------===//

#include "TeamBarrier.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace bdlrt {
namespace {

/// Each round, every thread writes its own slot (plain stores), waits, and
/// checks every other slot of that round: a barrier that let a thread
/// through early, or did not publish the stores, shows a stale value.
void rounds(int threads, int n, bool oversubscribe) {
  TeamBarrier barrier(threads);
  std::vector<long> slots(static_cast<std::size_t>(threads) * 2, -1);
  std::vector<int> errors(threads, 0);
  auto body = [&](int me) {
    for (int r = 0; r < n; ++r) {
      slots[(r & 1) * threads + me] = r;
      barrier.wait();
      for (int o = 0; o < threads; ++o)
        if (slots[(r & 1) * threads + o] != r) ++errors[me];
      // Some rounds keep one thread busy for longer than any spin, so
      // that the others go to sleep and must be woken.
      if (oversubscribe && me == r % threads && r % 50 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      barrier.wait();
    }
  };
  std::vector<std::thread> team;
  for (int t = 0; t < threads; ++t) team.emplace_back(body, t);
  for (std::thread &t : team) t.join();
  for (int t = 0; t < threads; ++t) EXPECT_EQ(errors[t], 0) << "thread " << t;
}

TEST(TeamBarrierTest, EveryThreadSeesEveryRound) { rounds(2, 20000, false); }

TEST(TeamBarrierTest, SleepersAreWoken) { rounds(4, 2000, true); }

TEST(TeamBarrierTest, MoreThreadsThanCores) { rounds(static_cast<int>(std::thread::hardware_concurrency()) * 3, 300, true); }

} // namespace
} // namespace bdlrt
