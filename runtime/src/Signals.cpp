// SPDX-License-Identifier: Apache-2.0
//===- Signals.cpp - SIGINT, SIGTERM and SIGHUP stop a run at a step's end -===//
//
// An hour-long run interrupted with Ctrl-C, a batch scheduler's SIGTERM at the
// end of a time slot, or a closed terminal's SIGHUP used to lose everything
// recorded. Now the handler only stores the signal; the step loop reads it
// once a step and stops there, and Main writes what was recorded with
// "interrupted_at" in the manifest. A second signal means "now": the default
// action is restored and the signal raised again, so the exit status tells
// the shell which signal it was.

#include "Signals.h"

#include <atomic>
#include <csignal>
#include <cstdio>

namespace bdlrt {
namespace {

std::atomic<int> pending{0};
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction previous[3];

extern "C" void onStopSignal(int sig) {
  int expected = 0;
  if (pending.compare_exchange_strong(expected, sig)) return;
  // The second one: die of it, as without a handler.
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

} // namespace

StopSignals::StopSignals() {
  pending.store(0);
  struct sigaction sa {};
  sa.sa_handler = onStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART; // a write(2) in progress is not failed by the signal
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &sa, &previous[i]);
}

StopSignals::~StopSignals() {
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &previous[i], nullptr);
}

int pendingStopSignal() { return pending.load(std::memory_order_relaxed); }

const char *signalName(int sig) {
  switch (sig) {
  case SIGINT: return "SIGINT";
  case SIGTERM: return "SIGTERM";
  case SIGHUP: return "SIGHUP";
  default: return "a signal";
  }
}

} // namespace bdlrt
