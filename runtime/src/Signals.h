// SPDX-License-Identifier: Apache-2.0
//===- Signals.h - SIGINT, SIGTERM and SIGHUP stop a run at a step's end ---===//

#ifndef BDLRT_SIGNALS_H
#define BDLRT_SIGNALS_H

namespace bdlrt {

/// While alive, SIGINT, SIGTERM and SIGHUP do not kill the process: the
/// first one is remembered (pendingStopSignal()) so that the step loop can
/// stop at the end of a step and the results recorded so far be written; a
/// second one ends the process at once, as the user who presses Ctrl-C twice
/// expects. The previous handlers come back on destruction.
class StopSignals {
public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals &) = delete;
  StopSignals &operator=(const StopSignals &) = delete;
};

/// The first stop signal received since the handlers were installed, or 0.
/// Async-signal-safe to set, cheap to read (one relaxed atomic load).
int pendingStopSignal();

/// "SIGINT", "SIGTERM", "SIGHUP", or "signal N".
const char *signalName(int sig);

} // namespace bdlrt

#endif // BDLRT_SIGNALS_H
