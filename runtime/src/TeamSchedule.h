// SPDX-License-Identifier: Apache-2.0
//===- TeamSchedule.h - run a segment of steps as a team, or on one thread -===//
//
// With --threads N the team meets at barriers several times a step. When
// another process holds a core, one of the team is descheduled for a time
// slice now and then, and every barrier waits for it: two threads took 1.4
// times as long as one (bench/threads.py). So Simulation::run cuts the run
// into segments of about 20 ms, and for each one decides whether the team
// runs it or thread 0 runs it alone, every part in order, while the others
// sleep (the results are the same bits either way: the same parts, in the
// same order of their dependencies).
//
// The run starts alone, for 16 steps: a team that starts beside a busy
// core may lose a whole time slice (30 ms) at its first barrier. Then the
// team is tried unless the machine is busy: the cores of this process's
// affinity cannot all hold the team beside what else is runnable (the
// caller's query, /proc/loadavg, asked only when a trial is due). A team
// segment whose threads slept a tenth of its time in long waits at
// barriers (a partner descheduled) is followed by a short trial of one
// thread, a sixteenth of a segment; one thread, once faster by 10%, tries
// the team again after 2, 4, ... 64 segments (on a busy machine only after
// 64). An idle machine never stalls, so it keeps the team; a busy one runs
// at one thread's speed.

#ifndef BDLRT_TEAMSCHEDULE_H
#define BDLRT_TEAMSCHEDULE_H

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace bdlrt {

class TeamSchedule {
public:
  struct Segment {
    std::int64_t end = 0; ///< the step after the segment's last
    bool solo = false;    ///< thread 0 alone
    bool probe = false;   ///< a short trial of the mode that is not the best
  };

  /// alternate: segments of 16 steps, the team and thread 0 alone in turn
  /// (BDLRT_TEAM_SCHEDULE=alternate; the tests' way to run both on an idle
  /// machine, test/lit/run/threads.test).
  explicit TeamSchedule(bool alternate = false) : alternate_(alternate) {}

  /// The segment that starts at `step`. `busy()` says whether the machine
  /// has too few free cores for the team; it is called only when a trial of
  /// the team is due.
  template <class Busy> Segment next(std::int64_t step, std::int64_t nsteps, Busy &&busy) {
    if (alternate_) {
      best_ = !best_;
      return {std::min(nsteps, step + 16), best_, false};
    }
    Segment s{0, best_, false};
    // The team tries one thread only when it stalled; one thread tries the
    // team when it is due and the cores are free, or after the longest gap.
    bool due = warm_ && (best_ ? sinceProbe_ >= gap_ && (sinceProbe_ >= kMaxGap || !busy()) : stalled_);
    if (due) {
      // A short trial of the other mode: long enough to time, a sixteenth of
      // a segment, so that a probe that loses costs little.
      s = {0, !best_, true};
      sinceProbe_ = 0;
    } else {
      ++sinceProbe_;
    }
    s.end = std::min(nsteps, step + (s.probe ? std::max<std::int64_t>(16, length_ / 16) : length_));
    return s;
  }

  /// The segment just run took `seconds` for `steps` steps, of which its
  /// threads slept `stalledSeconds` in long waits at barriers (a team
  /// segment; TeamBarrier::takeStalledSeconds).
  void finished(const Segment &seg, std::int64_t steps, double seconds, double stalledSeconds = 0) {
    if (steps <= 0) return;
    if (!seg.solo) stalled_ = stalledSeconds > kStalledShare * seconds;
    double perStep = std::max(seconds / static_cast<double>(steps), 1e-9);
    double &mean = perStep_[seg.solo];
    mean = mean == 0 ? perStep : 0.5 * (mean + perStep);
    warm_ = true;
    if (!seg.probe) {
      length_ = segmentLength(perStep);
      return;
    }
    // The other mode wins only by a clear margin: timings are noisy.
    if (perStep < kMargin * perStep_[best_]) {
      best_ = seg.solo;
      gap_ = kFirstGap;
      length_ = segmentLength(perStep);
    } else {
      gap_ = std::clamp(2 * gap_, kFirstGap, kMaxGap);
    }
    stalled_ = false; // the team shows again whether it stalls
  }

  bool soloWins() const { return best_; }

  static constexpr double kSegmentSeconds = 0.02;
  static constexpr double kMargin = 0.9;
  /// A team segment whose threads slept this share of its time in long
  /// waits stalled: another process took a core from under the team.
  static constexpr double kStalledShare = 0.1;
  static constexpr int kFirstGap = 2, kMaxGap = 64;

private:
  static std::int64_t segmentLength(double perStep) {
    return std::clamp<std::int64_t>(std::llround(kSegmentSeconds / perStep), 16, 1 << 16);
  }

  bool alternate_ = false;
  double perStep_[2] = {0, 0}; ///< seconds a step, team and solo (running means); 0: not timed yet
  bool best_ = true;           ///< the faster mode so far (solo when true)
  bool warm_ = false;
  bool stalled_ = false; ///< the last team segment stalled
  int gap_ = 0, sinceProbe_ = 0; ///< the team is due right after the first segment
  std::int64_t length_ = 16;
};

} // namespace bdlrt

#endif // BDLRT_TEAMSCHEDULE_H
