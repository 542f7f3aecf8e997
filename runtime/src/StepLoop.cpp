// SPDX-License-Identifier: Apache-2.0
//===- StepLoop.cpp - the time-step loop, on one thread or a team ----------===//
//
// With --threads N the whole run is one OpenMP parallel region. Every thread
// walks the same steps; thread t runs range t of each kernel, and the glue
// between kernels (spike lists, delay rings, recordings, progress) runs on
// thread 0 before a barrier (TeamBarrier, which sleeps where OpenMP's spins)
// that publishes it to the others. Where the model allows, a
// thread owns the same neurons in every kernel, queues spikes for its own
// delivery, and a step needs one barrier (see step()): on COBA 40,000 the
// second one, with the thread that joined and recorded spikes in between,
// cost 6% of a two-thread run. A region per kernel call, as before, forked
// and joined the team about ten times a step, which at 10,000 steps a second
// was most of what the second thread saved on COBA 40,000. Every value is still computed
// by the same operations in the same order as with one thread, so spikes are
// identical.
//
// Exceptions may not leave a parallel region: glue in `once` stores the first
// one in failure_, later glue does nothing, every thread sees it after that
// single's barrier and leaves the loop at the end of the step, and run()
// rethrows it.

#include "Simulation.h"

#include "Cores.h"
#include "Error.h"
#include "FiniteCheck.h"
#include "Progress.h"
#include "Recorder.h"
#include "TeamBarrier.h"
#include "TeamSchedule.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <omp.h>

namespace bdlrt {

namespace {

/// The run's team while it runs (Simulation::run), or null. OpenMP starts
/// the threads; they synchronise only through this barrier (see
/// TeamBarrier.h for why not through OpenMP's).
TeamBarrier *team = nullptr;

/// Within the team, thread 0 runs a segment of steps alone (TeamSchedule.h)
/// while the others sleep in the barrier: every part runs on it, in order,
/// and there is no one to wait for.
/// Only thread 0 writes it, between the segment's barriers, which the others
/// wait at through team->wait() (not barrier()), and nobody else reads it
/// meanwhile; a plain global, as a thread_local read at every barrier cost
/// 3% of COBA 40,000's run.
bool solo = false;

void barrier() {
  if (!solo) team->wait();
}

/// Runs f(part) for part in [0, parts): inside the run's team part t on
/// thread t, outside it in a region of its own; one part runs on one thread.
/// Inside the team every thread must call it; with `wait` it ends in a
/// barrier, without it a thread goes on as soon as its own part is done
/// (one part, on thread 0, always ends in a barrier).
template <class F> void forEachPart(int parts, F &&f, bool wait = true) {
  if (solo) {
    for (int part = 0; part < parts; ++part) f(part);
    return;
  }
  if (!team) {
    if (parts == 1) {
      f(0); // one thread, no team: no OpenMP calls at all
      return;
    }
#pragma omp parallel for num_threads(parts) schedule(static, 1)
    for (int part = 0; part < parts; ++part) f(part);
    return;
  }
  int me = omp_get_thread_num();
  if (parts == 1) {
    if (me == 0) f(0);
    barrier();
    return;
  }
  for (int part = me; part < parts; part += omp_get_num_threads()) f(part);
  if (wait) barrier();
}

} // namespace

template <class F> void Simulation::once(F &&f) {
  if (threads_ == 1) {
    f(); // no team: exceptions may leave as they are
    return;
  }
  if (omp_get_thread_num() == 0 && !failure_) {
    try {
      f();
    } catch (...) {
      failure_ = std::current_exception();
    }
  }
  barrier();
}

template <class Setup>
void Simulation::callSplit(int kernel, const bdlrt_kernel_args &base, std::int64_t n, Setup &&setup,
                           bool wait) const {
  bdlrt_kernel_fn fn = model_.kernels[kernel];
  int parts = partsFor(kernel, n);
  forEachPart(
      parts,
      [&](int part) {
        bdlrt_kernel_args a = base;
        setup(a, part, n * part / parts, n * (part + 1) / parts);
        fn(&a);
      },
      wait);
}

void Simulation::advanceHistories(int pop, std::int64_t step) {
  const PopulationDesc &pd = d_.populations[pop];
  std::int64_t n = groups_[pd.group].size;
  for (std::size_t k = 0; k < pd.histories.size(); ++k) {
    FractionalHistory &h = populations_[pop].histories[k];
    const StateArray &x = state_[pd.group][pd.histories[k].var];
    StateArray &sum = state_[pd.group][pd.histories[k].sum];
    // Neurons are independent: split like the update kernel.
    int parts = partsFor(n);
    forEachPart(parts, [&](int t) { h.advance(step, x, sum, n * t / parts, n * (t + 1) / parts); });
  }
}

int Simulation::detectingKernel(int p) const {
  const PopulationDesc &pd = d_.populations[p];
  if (pd.updateDetectsSpikes) return pd.update;
  return pd.generator ? -1 : pd.threshold;
}

/// Runs `kernel` (the threshold kernel, or an update kernel that also
/// detects spikes) over population `p`; each range writes its spikes at its
/// own offset of the step's spike buffer and counts them. gatherSpikes()
/// joins them.
void Simulation::detectParts(int p, int kernel, std::int64_t step, double t, bool wait) {
  const PopulationDesc &pd = d_.populations[p];
  bdlrt_kernel_args a = argsFor(pd.group);
  a.step = step;
  a.t = t;
  std::int32_t *spikes = spikeBuffer(p, step);
  std::int64_t *counts = countsOf(p, step);
  auto [first, last] = owned(pd.group);
  callSplit(
      kernel, a, last - first,
      [&](bdlrt_kernel_args &x, int part, std::int64_t lo, std::int64_t hi) {
        x.begin = first + lo;
        x.end = first + hi;
        x.spikes = spikes + first + lo;
        counts[kCountStride * part] = 0;
        x.nspikes = counts + kCountStride * part;
      },
      wait);
}

/// Calls f(first, count, room) for each range of p's detection at `step`,
/// in range order: its spikes in the step's buffer, and the room from its
/// first neuron's offset to the buffer's end.
template <class F> void Simulation::forEachRange(int p, int kernel, std::int64_t step, F &&f) {
  int group = d_.populations[p].group;
  auto [first, last] = owned(group);
  std::int64_t n = last - first;
  const std::int32_t *spikes = spikeBuffer(p, step);
  const std::int64_t *counts = countsOf(p, step);
  int parts = partsFor(kernel, n);
  for (int part = 0; part < parts; ++part) {
    std::int64_t lo = first + n * part / parts;
    f(spikes + lo, counts[kCountStride * part], groups_[group].size - lo);
  }
}

/// The error for a range of p's detection that reported a count that does
/// not fit it, or null.
std::exception_ptr Simulation::badCount(int p, int kernel, std::int64_t step) {
  std::exception_ptr bad;
  forEachRange(p, kernel, step, [&](const std::int32_t *, std::int64_t count, std::int64_t room) {
    if (!bad && (count < 0 || count > room))
      bad = std::make_exception_ptr(
          Error("kernel '" + d_.kernels[kernel].name + "' reported " + std::to_string(count) + " spikes"));
  });
  return bad;
}

/// Joins the ranges' spikes into pop.list: the ascending list one thread
/// would have produced. On one thread.
void Simulation::gatherSpikes(int p, int kernel, std::int64_t step) {
  Population &pop = populations_[p];
  if (std::exception_ptr bad = badCount(p, kernel, step)) {
    pop.nspikes = 0;
    std::rethrow_exception(bad);
  }
  std::int64_t pos = 0;
  forEachRange(p, kernel, step, [&](const std::int32_t *first, std::int64_t count, std::int64_t) {
    std::copy(first, first + count, pop.list.data() + pos);
    pos += count;
  });
  pop.nspikes = pos;
}

/// Without shared glue: thread `part` queues every projection's spikes in
/// its own ring, straight from the ranges' buffers in range order (the list
/// one thread would have built), and delivers to its own post neurons.
void Simulation::queueAndDeliver(int part, int parts, std::int64_t step, double t) {
  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    const ProjectionDesc &pd = d_.projections[k];
    Projection &proj = projections_[k];
    int detecting = detectingKernel(pd.pre);
    for (int q = part; q < part + parts; ++q) {
      std::vector<std::vector<std::int32_t>> &ring = proj.rings[q];
      if (step > 0) ring[proj.slot(step - 1)].clear();
      if (detecting < 0) continue;
      if (proj.segmented) {
        // Thread 0 alone queues segments into its own ring only (a spike's
        // are a few hundred entries): the others' are copied from it
        // before the team runs again (shareSoloRings).
        if (q == part)
          forEachRange(pd.pre, detecting, step, [&](const std::int32_t *first, std::int64_t count, std::int64_t) {
            queueSegments(static_cast<int>(k), proj.slot(step), first, count, ring);
          });
        continue;
      }
      std::vector<std::int32_t> &arriving = ring[proj.slot(step, proj.delaySteps)];
      forEachRange(pd.pre, detecting, step, [&](const std::int32_t *first, std::int64_t count, std::int64_t) {
        arriving.insert(arriving.end(), first, first + count);
      });
    }
    // Every ring holds the same spikes. A post neuron receives them in the
    // same order whether its part's run of each row is walked alone or
    // with its neighbours': the same bits. All parts of a whole population
    // walk whole rows, as one thread does (rowptr[i], rowptr[i + 1]: one
    // cache line, where the parts' bounds are two).
    const std::vector<std::int32_t> &now = proj.rings[part][proj.slot(step)];
    int kernel = rowKernel(static_cast<int>(k));
    if (now.empty() || kernel < 0) continue;
    bdlrt_kernel_args x = byPreArgs(static_cast<int>(k), step, t);
    x.end = static_cast<std::int64_t>(now.size());
    x.list = now.data();
    int group = d_.populations[pd.post].group;
    bool wholeRows = parts == threads_ && owned(group) == std::pair<std::int64_t, std::int64_t>(0, groups_[group].size);
    if (!wholeRows) {
      x.rowptr = proj.rowStart[part].data();
      x.rowend = proj.rowEnd[part + parts - 1].data();
    }
    model_.kernels[kernel](&x);
  }
}

// With a team, thread t owns range t of every population's neurons (and,
// through them, the post-neuron part of every projection) in every kernel of
// the step, when planPhases() finds that possible: it updates them, detects
// their spikes, delivers to them and resets them. Then a step needs one
// barrier, after the updates, because queueing spikes for delivery needs
// every range's: each thread then queues them for itself and delivers to its
// own neurons, one thread records them, and each goes from its resets
// straight to its next update, whose spikes go to the other buffer (no
// other thread touches its neurons in between). Where spikes must be
// queued once (generators, per-synapse delays, `on post`), one thread does
// it between that barrier and a second. A step that samples states or runs
// population sums or continuous synapses, which read every neuron, waits for
// all first. Otherwise every kernel ends in a barrier, as one thread's order
// implies.
bool Simulation::step(std::int64_t step, Recorder &recorder, Progress &progress) {
  if (stopBefore(step)) return false;
  double t = static_cast<double>(step) * dt_;
  bool wait = !owned_;
  bool pending = false; // work shared out since the last barrier
  auto sync = [&] {
    if (pending && threads_ > 1) barrier();
    pending = false;
  };

  // Samples first; then population sums (`sum`, `mean`, and presynaptic
  // sums of lumped all-to-all synapses), from the values at the start of the
  // step, each in one piece and in index order: the same sum for any thread
  // count.
  bool sampling = recorder.samplesAt(step);
  bool checkNeurons = neuronCheckEvery_ > 0 && step > 0 && step % neuronCheckEvery_ == 0;
  bool checkSynapses = synapseCheckEvery_ > 0 && step > 0 && step % synapseCheckEvery_ == 0;
  // A function of the step alone: every thread must agree on it before any
  // barrier, and a thread may start a step while another still finishes
  // the last one's unsynchronised work.
  const PhaseDesc *phase = phaseAt(step);
  bool phaseStarts = phase != nullptr;
  bool checkpoint = checkpointEvery_ > 0 && step > startStep_ && step % checkpointEvery_ == 0;
  bool hook = static_cast<bool>(stepHook_);
  if (owned_ && (sampling || checkNeurons || phaseStarts || checkpoint || hook || hasReductions_ || hasContinuous_))
    barrier();
  // Other ranks' neurons, where this step reads every neuron (Ranks.h).
  if (ranks_ && (checkNeurons || hasReductions_)) once([&] { gatherNeurons(); });
  else if (ranks_ && sampling) once([&] { gatherSampled(step); });
  if (checkpoint) once([&] { checkpointHook_(step, recorder); });
  if (hook) once([&] { stepHook_(step); });
  if (phaseStarts) {
    // Thread 0 moves on to the next phase; the others see it after the
    // single's barrier, before they read anything the phase changed.
    once([&] { applyPhase(*phase); });
  }
  if (checkNeurons) {
    // Every thread reads stop_ after the single's barrier: all stop alike.
    once([&] {
      findNonFiniteState(step, checkSynapses);
      if (ranks_) agreeOnStop(step); // synapses differ between ranks
      // The interval's spikes so far, as one process would have them.
      if (ranks_ && stop_.kind == Stop::Kind::NonFinite) exchangeBatch(step - 1, recorder);
    });
    if (stop_.kind == Stop::Kind::NonFinite) return false;
  }
  if (sampling || hasReductions_) {
    once([&] {
      if (ranks_) swapWholeSynapses(step, recorder, false);
      recorder.sampleStates(step, t, state_, sizes_);
      if (ranks_) swapWholeSynapses(step, recorder, true);
      if (const auto &nf = recorder.nonFinite(); nf && stop_.kind == Stop::Kind::None) {
        // The message reads more than was sampled (an adaptive method's
        // step); every rank got here alike, with the same sampled values.
        if (ranks_) gatherNeurons();
        stop_.kind = Stop::Kind::NonFinite;
        stop_.message = nonFiniteMessage(d_, state_, nf->where, nf->t, nf->finiteAt);
        stepsRun_ = step;
        // Every rank samples the same gathered values, so all stop here.
        if (ranks_) exchangeBatch(step - 1, recorder);
      }
      for (std::size_t p = 0; p < d_.populations.size(); ++p) {
        const PopulationDesc &pd = d_.populations[p];
        if (pd.reduce < 0) continue;
        bdlrt_kernel_args r = argsFor(pd.group);
        r.step = step;
        r.t = t;
        r.end = groups_[pd.group].size;
        call(pd.reduce, r);
      }
    });
    if (stop_.kind == Stop::Kind::NonFinite) return false;
  }

  // Then continuous synapses: what they add to `post` inputs is read by
  // this step's neuron updates (as Brian2's summed variables).
  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    const ProjectionDesc &pd = d_.projections[k];
    if (pd.continuous < 0) continue;
    bdlrt_kernel_args a = byPostArgs(static_cast<int>(k), step, t);
    callSplit(pd.continuous, a, d_.populationGroup(pd.post).size,
              [](bdlrt_kernel_args &x, int, std::int64_t lo, std::int64_t hi) {
                x.begin = lo;
                x.end = hi;
              });
  }

  // Updates and spike detection.
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    if (pd.update < 0) continue;
    if (!pd.histories.empty()) advanceHistories(static_cast<int>(p), step);
    if (pd.updateDetectsSpikes) {
      detectParts(static_cast<int>(p), pd.update, step, t, wait);
      continue;
    }
    bdlrt_kernel_args a = argsFor(pd.group);
    a.step = step;
    a.t = t;
    auto [first, last] = owned(pd.group);
    callSplit(
        pd.update, a, last - first,
        [first](bdlrt_kernel_args &x, int, std::int64_t lo, std::int64_t hi) {
          x.begin = first + lo;
          x.end = first + hi;
        },
        wait);
  }
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    if (!pd.generator && pd.threshold >= 0 && !pd.updateDetectsSpikes)
      detectParts(static_cast<int>(p), pd.threshold, step, t, wait);
  }
  // Each thread reads its range's values at spikes before it delivers to
  // that range (below, with no barrier in between).
  if (owned_ && !sharedGlue_ && atSpikeValues_)
    forEachPart(threads_, [&](int part) { readRangeAtSpikes(part, step); }, false);
  pending = owned_;
  sync();

  if (!sharedGlue_) {
    // Every thread reads the same failure_ (set before this barrier) and
    // the same counts, so all stop alike.
    if (failure_) return false;
    for (std::size_t p = 0; p < d_.populations.size(); ++p) {
      int detecting = detectingKernel(static_cast<int>(p));
      std::exception_ptr bad = detecting >= 0 ? badCount(static_cast<int>(p), detecting, step) : nullptr;
      if (bad) {
        if (omp_get_thread_num() == 0) failure_ = bad;
        return false;
      }
    }
    if (solo)
      queueAndDeliver(0, threads_, step, t);
    else
      forEachPart(threads_, [&](int part) { queueAndDeliver(part, 1, step, t); }, false);
    // Thread 0 records; the others go on. Its failure, if any, is seen by
    // all after the next step's barrier.
    if (omp_get_thread_num() == 0 && !failure_) {
      try {
        collectSpikes(step, t, recorder);
        progress.update(step + 1);
      } catch (...) {
        failure_ = std::current_exception();
      }
    }
    reset(step, t);
    return true;
  }

  once([&] {
    collectSpikes(step, t, recorder);
    if (hasEvents_) detectEvents(step, t, recorder);
    queueSpikes(step);
    progress.update(step + 1);
  });

  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    const ProjectionDesc &pd = d_.projections[k];
    const Projection &proj = projections_[k];
    // The descriptor guarantees: per-synapse delays if and only if this kernel.
    // Segments (Segments.cpp) are delivered as rows.
    bool perSynapse = pd.onPreSynapses >= 0 && !proj.segmented;
    const std::vector<std::int32_t> &now = proj.ring[proj.slot(step)];
    int kernel = perSynapse ? pd.onPreSynapses : rowKernel(static_cast<int>(k));
    if (!now.empty() && kernel >= 0) {
      bdlrt_kernel_args a = byPreArgs(static_cast<int>(k), step, t);
      a.end = static_cast<std::int64_t>(now.size());
      a.list = now.data();
      if (!perSynapse && proj.drawn.size() > 1) {
        // Each thread draws a share of the rows, then delivers every row's
        // part in its own post neurons.
        sync();
        forEachPart(threads_, [&](int chunk) { drawRows(static_cast<int>(k), chunk, threads_, a); });
        forEachPart(threads_, [&](int part) { deliverRows(static_cast<int>(k), kernel, part, threads_, a); });
      } else if (!perSynapse && proj.splitByPost()) {
        bdlrt_kernel_fn fn = model_.kernels[kernel];
        forEachPart(
            threads_,
            [&](int part) {
              bdlrt_kernel_args x = a;
              x.rowptr = proj.rowStart[part].data();
              x.rowend = proj.rowEnd[part].data();
              fn(&x);
            },
            wait);
        pending = owned_;
      } else if (!proj.drawn.empty()) {
        sync();
        once([&] {
          drawRows(static_cast<int>(k), 0, 1, a);
          deliverRows(static_cast<int>(k), kernel, 0, 1, a);
        });
      } else {
        sync();
        once([&] { call(kernel, a); });
      }
    }
    const Population &postPop = populations_[pd.post];
    if (pd.onPost >= 0 && postPop.nspikes > 0) {
      sync();
      once([&] {
        bdlrt_kernel_args a = byPostArgs(static_cast<int>(k), step, t);
        a.end = postPop.nspikes;
        a.list = postPop.list.data();
        call(pd.onPost, a);
      });
    }
  }
  reset(step, t);
  if (hasEvents_) once([&] { resetEvents(step, t); });
  return !failure_;
}

/// Resets of this step's spiking neurons.
void Simulation::reset(std::int64_t step, double t) {
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    Population &pop = populations_[p];
    if (pd.reset < 0) continue;
    bdlrt_kernel_args a = argsFor(pd.group);
    a.step = step;
    a.t = t;
    if (owned_) {
      // Each thread resets the spikes of its own range, where its detection
      // left them.
      std::int64_t n = groups_[pd.group].size;
      const std::int32_t *spikes = spikeBuffer(static_cast<int>(p), step);
      const std::int64_t *counts = countsOf(static_cast<int>(p), step);
      bdlrt_kernel_fn fn = model_.kernels[pd.reset];
      forEachPart(
          threads_,
          [&](int part) {
            bdlrt_kernel_args x = a;
            x.list = spikes + n * part / threads_;
            x.begin = 0;
            x.end = counts[kCountStride * part];
            if (x.end > 0) fn(&x);
          },
          false);
      continue;
    }
    if (pop.nspikes == 0) continue;
    a.list = pop.list.data();
    callSplit(pd.reset, a, pop.nspikes, [](bdlrt_kernel_args &x, int, std::int64_t lo, std::int64_t hi) {
      x.begin = lo;
      x.end = hi;
    });
  }
}

void Simulation::run(Recorder &recorder, Progress &progress) {
  beginRun(recorder);
  // Steps s .. end - 1; true when one stopped the run (s is then that step).
  auto runSteps = [&](std::int64_t &s, std::int64_t end) {
    for (; s < end; ++s)
      if (!step(s, recorder, progress)) return true;
    return false;
  };
  // In the team: segments of steps, each run together or by thread 0 alone,
  // as TeamSchedule decides from the segments' times. Thread 0 runs solo
  // segments back to back while the others sleep at the gate, a barrier
  // they pass only when thread 0 publishes a team segment or the end:
  // woken once per team segment, not once per solo one, as every wake-up of
  // a thread beside a busy core may wait a time slice.
  const char *mode = std::getenv("BDLRT_TEAM_SCHEDULE");
  TeamSchedule schedule(mode && std::string(mode) == "alternate");
  struct Gate {
    TeamSchedule::Segment seg;
    std::int64_t from = 0;
    bool stopped = false;
  } gate;
  auto finished = [&](const TeamSchedule::Segment &seg, std::int64_t steps, auto start, double stalled) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    schedule.finished(seg, steps, secs, stalled);
  };
  auto busy = [&] { return coresBusy(threads_); };
  auto teamLoop = [&] {
    bool zero = omp_get_thread_num() == 0;
    std::int64_t s = startStep_;
    for (;;) {
      if (zero) {
        gate.stopped = false;
        bool ranSolo = false;
        while (s < nsteps_) {
          gate.seg = schedule.next(s, nsteps_, busy);
          if (!gate.seg.solo) break;
          ranSolo = true;
          auto start = std::chrono::steady_clock::now();
          std::int64_t from = s;
          solo = true;
          gate.stopped = runSteps(s, gate.seg.end);
          solo = false;
          if (gate.stopped) break;
          finished(gate.seg, s - from, start, 0);
        }
        gate.from = s;
        if (ranSolo) shareSoloRings();
      }
      team->wait(/*idle=*/true);
      s = gate.from;
      if (gate.stopped || s >= nsteps_) {
        if (zero && gate.stopped && stop_.kind == Stop::Kind::Signal) stepsRun_ = s;
        break;
      }
      TeamSchedule::Segment seg = gate.seg;
      auto start = std::chrono::steady_clock::now();
      if (runSteps(s, seg.end)) {
        if (zero && stop_.kind == Stop::Kind::Signal) stepsRun_ = s;
        break;
      }
      // Every part of the segment's last step done before thread 0 goes on,
      // perhaps alone.
      team->wait();
      if (zero) finished(seg, s - gate.from, start, team->takeStalledSeconds());
    }
  };
  // One thread: no region at all. An inactive one (`if (false)`) is still a
  // team of one, whose barriers cost futex calls, 25% of COBA 4,000's run.
  if (threads_ == 1) {
    std::int64_t s = startStep_;
    if (runSteps(s, nsteps_) && stop_.kind == Stop::Kind::Signal) stepsRun_ = s;
  } else {
    TeamBarrier barrier(threads_);
    team = &barrier;
    int started = 0;
#pragma omp parallel num_threads(threads_)
    {
#pragma omp single
      started = omp_get_num_threads();
      // OpenMP may start fewer threads than asked (OMP_THREAD_LIMIT); the
      // ranges were planned for threads_, so a short team runs nothing.
      if (started == threads_) teamLoop();
    }
    team = nullptr;
    if (started != threads_)
      throw Error("could start only " + std::to_string(started) + " of " + std::to_string(threads_) + " threads");
  }
  if (failure_) std::rethrow_exception(failure_);
  // Every neuron's final state on every rank, for what reads it next (the
  // scan below, results, a restart's checks).
  if (ranks_) gatherNeurons();
  // The state the last steps left, which no scan may have seen yet.
  if (stop_.kind == Stop::Kind::None && checkFinite_) {
    findNonFiniteState(nsteps_, true);
    if (ranks_) agreeOnStop(nsteps_);
  }
  progress.finish(stepsRun_);
}

} // namespace bdlrt
