// SPDX-License-Identifier: Apache-2.0
//===- TeamBarrier.h - a barrier that spins briefly, then sleeps -----------===//

#ifndef BDLRT_TEAM_BARRIER_H
#define BDLRT_TEAM_BARRIER_H

#include <atomic>
#include <cstdint>

namespace bdlrt {

/// The barrier between the phases of a step (StepLoop.cpp). A thread that
/// arrives early spins for up to 50 us, which covers the few microseconds
/// by which threads of one step normally differ, and then
/// sleeps on a futex until the last one arrives. libgomp's barrier spins
/// for about 300,000 iterations (milliseconds) first: on a machine where
/// another process holds a core, a thread spun away the time slice its
/// descheduled partner needed, and COBA 40,000 with two threads took 5 to
/// 50 times as long as with one.
class TeamBarrier {
public:
  explicit TeamBarrier(int threads) : threads_(threads) {}
  TeamBarrier(const TeamBarrier &) = delete;
  TeamBarrier &operator=(const TeamBarrier &) = delete;

  /// Returns when all `threads` threads have called it; what each wrote
  /// before is visible to all after (acquire/release). `idle`: the caller
  /// expects a long wait (its team runs without it), which is neither a
  /// stall nor a reason to spin less afterwards.
  void wait(bool idle = false);

  /// How long an early thread spins before it sleeps: at most, and at
  /// least. After a sleep, the budget halves if the others came much later
  /// (they were descheduled: spinning does not pay) and doubles if they came
  /// soon after (spinning would have), so that threads spin on an idle
  /// machine and hardly at all on a busy one.
  static constexpr std::int64_t kMaxSpinNanoseconds = 50'000;
  static constexpr std::int64_t kMinSpinNanoseconds = 1'000;

  /// The time threads spent asleep in waits longer than kStallNanoseconds
  /// since the last call (a partner descheduled: TeamSchedule.h), and zero.
  double takeStalledSeconds() { return 1e-9 * static_cast<double>(stalled_.exchange(0, std::memory_order_relaxed)); }
  static constexpr std::int64_t kStallNanoseconds = 200'000;

private:
  const int threads_;
  /// Shared by the team: a hint, raced on without harm.
  std::atomic<std::int64_t> spinBudget_{kMaxSpinNanoseconds};
  alignas(64) std::atomic<int> arrived_{0};
  alignas(64) std::atomic<std::uint32_t> generation_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<std::int64_t> stalled_{0};
};

} // namespace bdlrt

#endif // BDLRT_TEAM_BARRIER_H
