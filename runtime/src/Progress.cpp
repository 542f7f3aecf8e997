// SPDX-License-Identifier: Apache-2.0
//===- Progress.cpp - the progress bar on stderr during a run -------------===//
//
// The clock is read every 64 steps only: a step of a small network takes a
// microsecond or two, and the bar must not cost more than the model.

#include "Progress.h"

#include <cstdio>
#include <unistd.h>

namespace bdlrt {

Progress::Progress(bool enabled, std::int64_t nsteps, double duration)
    : enabled_(enabled && nsteps > 0), nsteps_(nsteps), duration_(duration), start_(Clock::now()),
      lastDraw_(start_) {
  tty_ = enabled_ && isatty(STDERR_FILENO);
}

Progress::~Progress() {
  finish();
}

void Progress::maybeDraw(std::int64_t done) {
  Clock::time_point now = Clock::now();
  double elapsed = std::chrono::duration<double>(now - start_).count();
  if (!tty_ && elapsed < 2.0) return;
  if (drawn_ && std::chrono::duration<double>(now - lastDraw_).count() < 0.1) return;
  lastDraw_ = now;
  draw(done, elapsed);
}

void Progress::draw(std::int64_t done, double elapsed) {
  constexpr int width = 30;
  double fraction = nsteps_ > 0 ? static_cast<double>(done) / static_cast<double>(nsteps_) : 1.0;
  int filled = static_cast<int>(fraction * width);
  char bar[width + 1];
  for (int i = 0; i < width; ++i)
    bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  double eta = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  std::fprintf(stderr, "\r[%s] %3d%%  %.3g / %.3g s simulated  %.1f s elapsed  eta %.1f s ", bar,
               static_cast<int>(fraction * 100), fraction * duration_, duration_, elapsed, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish(std::int64_t done) {
  if (!drawn_) return;
  draw(done < 0 ? nsteps_ : done, std::chrono::duration<double>(Clock::now() - start_).count());
  std::fputc('\n', stderr);
  drawn_ = false;
  enabled_ = false;
}

} // namespace bdlrt
