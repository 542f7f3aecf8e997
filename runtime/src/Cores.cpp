// SPDX-License-Identifier: Apache-2.0
//===- Cores.cpp - whether the machine has cores free for a team ----------===//

#include "Cores.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sched.h>

namespace bdlrt {

bool coresBusy(int threads) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return false;
  int cores = CPU_COUNT(&set);
  // "0.98 1.24 0.75 3/150 1234": the fourth field is runnable/all tasks at
  // this instant. One reading often counts a task that runs for a few
  // microseconds (a kernel worker, a thread on its way to sleep): the least
  // of three, 20 us apart, counts what holds a core (about 70 us in all,
  // asked once a segment of about 20 ms at most).
  int running = -1;
  for (int k = 0; k < 3; ++k) {
    if (k > 0) {
      auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(20);
      while (std::chrono::steady_clock::now() < until) {
      }
    }
    std::FILE *f = std::fopen("/proc/loadavg", "r");
    if (!f) return false;
    double l1, l5, l15;
    int now = 0, all = 0;
    int got = std::fscanf(f, "%lf %lf %lf %d/%d", &l1, &l5, &l15, &now, &all);
    std::fclose(f);
    if (got != 5 || now < 1) return false;
    running = running < 0 ? now : std::min(running, now);
  }
  // The caller runs alone while its team sleeps (TeamSchedule: the query
  // comes between solo segments); every other runnable task holds a core.
  int others = running - 1;
  return others + threads > cores;
}

} // namespace bdlrt
