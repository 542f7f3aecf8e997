// SPDX-License-Identifier: Apache-2.0
//===- TeamBarrier.cpp - a barrier that spins briefly, then sleeps ---------===//
//
// A generation counter: the last thread to arrive resets the count and
// advances the generation; the others wait for it to change, spinning and
// then in futex(FUTEX_WAIT) on the counter itself, so that a wake between
// their check and their sleep is never lost (the kernel compares the value
// before sleeping). The last thread makes the system call only when someone
// sleeps: the seq_cst order of `sleepers_` and `generation_` makes sure that
// a sleeper either is seen or sees the new generation.

#include "TeamBarrier.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define BDLRT_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define BDLRT_PAUSE() __asm__ __volatile__("yield")
#else
#define BDLRT_PAUSE() ((void)0)
#endif

namespace bdlrt {
namespace {

void futexWait(std::atomic<std::uint32_t> *word, std::uint32_t expected) {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t *>(word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

void futexWakeAll(std::atomic<std::uint32_t> *word) {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t *>(word), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t), "futex on the atomic's storage");

} // namespace

void TeamBarrier::wait(bool idle) {
  std::uint32_t gen = generation_.load(std::memory_order_acquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) == threads_ - 1) {
    arrived_.store(0, std::memory_order_relaxed); // nobody arrives again before the new generation
    generation_.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) futexWakeAll(&generation_);
    return;
  }
  using Clock = std::chrono::steady_clock;
  Clock::time_point start = Clock::now();
  std::int64_t budget = idle ? kMinSpinNanoseconds : spinBudget_.load(std::memory_order_relaxed);
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (generation_.load(std::memory_order_acquire) != gen) return;
      BDLRT_PAUSE();
    }
    std::chrono::nanoseconds spent = Clock::now() - start;
    if (spent > std::chrono::nanoseconds(budget)) break;
    // Past the first few microseconds, offer the core to whoever waits for
    // it (perhaps the thread this one waits for).
    if (spent > std::chrono::nanoseconds(kMinSpinNanoseconds)) sched_yield();
  }
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  while (generation_.load(std::memory_order_seq_cst) == gen) futexWait(&generation_, gen);
  sleepers_.fetch_sub(1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (idle) return;
  // Had the others come soon after this thread gave up, spinning longer
  // would have saved the sleep and the wake-up: spin longer next time. Had
  // they come much later, they were descheduled: spinning would only have
  // burnt the time slice they needed, so spin less.
  std::int64_t waited = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
  if (waited > kStallNanoseconds) stalled_.fetch_add(waited, std::memory_order_relaxed);
  std::int64_t next = waited < 2 * kMaxSpinNanoseconds ? std::min(2 * budget, kMaxSpinNanoseconds)
                                                        : std::max(budget / 2, kMinSpinNanoseconds);
  if (next != budget) spinBudget_.store(next, std::memory_order_relaxed);
}

} // namespace bdlrt
