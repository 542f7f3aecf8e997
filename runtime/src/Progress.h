// SPDX-License-Identifier: Apache-2.0
//===- Progress.h - the progress bar on stderr during a run ---------------===//

#ifndef BDLRT_PROGRESS_H
#define BDLRT_PROGRESS_H

#include <chrono>
#include <cstdint>

namespace bdlrt {

/// Draws "[#####.....]  48%  0.48 / 1.00 s  eta 1.2 s" on stderr, redrawn at
/// most ten times a second. It appears at once when stderr is a terminal,
/// and otherwise only once a run has taken more than 2 s, so short runs in
/// scripts and tests stay silent.
class Progress {
public:
  Progress(bool enabled, std::int64_t nsteps, double duration);
  ~Progress();
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;

  /// Called after each step with the number of steps done.
  void update(std::int64_t done) {
    if (enabled_ && (done & 63) == 0) maybeDraw(done);
  }
  /// Draws the steps done (all of them by default) and ends the line, if
  /// anything was drawn.
  void finish(std::int64_t done = -1);

private:
  using Clock = std::chrono::steady_clock;
  void maybeDraw(std::int64_t done);
  void draw(std::int64_t done, double elapsed);

  bool enabled_;
  bool tty_ = false;
  bool drawn_ = false;
  std::int64_t nsteps_;
  double duration_;
  Clock::time_point start_, lastDraw_;
};

} // namespace bdlrt

#endif // BDLRT_PROGRESS_H
