// SPDX-License-Identifier: Apache-2.0
//===- StepLoop.cpp - the time-step loop, on one thread or a team ----------===//
//
// With --threads N the whole run is one OpenMP parallel region. Every thread
// walks the same steps; each kernel's ranges are shared out with `omp for`
// (one range per thread, the same ranges as before) and the glue between
// kernels (spike lists, delay rings, recordings, progress) runs on one thread
// in `omp single`, whose closing barrier publishes it to the others. A region
// per kernel call, as before, forked and joined the team about ten times a
// step, and at 10,000 steps a second that overhead was most of what the second
// thread saved on COBA 40,000. Every value is still computed by the same
// operations in the same order as with one thread, so spikes are identical.
//
// Exceptions may not leave a parallel region: the glue stores the first one
// in failure_, later glue of that step does nothing, every thread sees it
// after the step's last barrier and leaves the loop, and run() rethrows it.

#include "Simulation.h"

#include "Error.h"
#include "Progress.h"
#include "Recorder.h"

#include <algorithm>
#include <omp.h>

namespace bdlrt {

namespace {

/// Runs f(part) for part in [0, parts): inside the run's team one part per
/// thread, outside it in a region of its own; one part runs on one thread.
/// Every thread of the team must call it (it ends in a barrier).
template <class F> void forEachPart(int parts, F &&f) {
  if (parts == 1 && !omp_in_parallel()) {
    f(0); // one thread, no team: no OpenMP calls at all
  } else if (parts == 1) {
#pragma omp single
    f(0);
  } else if (omp_in_parallel()) {
#pragma omp for schedule(static, 1)
    for (int part = 0; part < parts; ++part) f(part);
  } else {
#pragma omp parallel for num_threads(parts) schedule(static, 1)
    for (int part = 0; part < parts; ++part) f(part);
  }
}

} // namespace

template <class F> void Simulation::once(F &&f) {
  if (threads_ == 1) {
    f(); // no team: exceptions may leave as they are
    return;
  }
#pragma omp single
  {
    if (!failure_) {
      try {
        f();
      } catch (...) {
        failure_ = std::current_exception();
      }
    }
  }
}

template <class Setup>
void Simulation::callSplit(int kernel, const bdlrt_kernel_args &base, std::int64_t n, Setup &&setup) const {
  bdlrt_kernel_fn fn = model_.kernels[kernel];
  int parts = partsFor(kernel, n);
  forEachPart(parts, [&](int part) {
    bdlrt_kernel_args a = base;
    setup(a, part, n * part / parts, n * (part + 1) / parts);
    fn(&a);
  });
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

/// Runs `kernel` (the threshold kernel, or an update kernel that also
/// detects spikes) over population `pop`, leaving its spikes in ascending
/// order in pop.spikes.
void Simulation::detectSpikes(int p, int kernel, std::int64_t step, double t) {
  const PopulationDesc &pd = d_.populations[p];
  Population &pop = populations_[p];
  bdlrt_kernel_args a = argsFor(pd.group);
  a.step = step;
  a.t = t;
  std::int64_t n = groups_[pd.group].size;
  std::int32_t *spikes = pop.spikes.data();
  // One cache line per range's count: the kernels bump it per spike.
  std::int64_t *counts = spikeCounts_.data();
  int parts = partsFor(kernel, n);
  // Each range writes its spikes at its own offset; joining the ranges in
  // order gives the ascending list one thread would produce.
  callSplit(kernel, a, n, [&](bdlrt_kernel_args &x, int part, std::int64_t lo, std::int64_t hi) {
    x.begin = lo;
    x.end = hi;
    x.spikes = spikes + lo;
    counts[kCountStride * part] = 0;
    x.nspikes = counts + kCountStride * part;
  });
  once([&] {
    std::int64_t pos = 0;
    for (int part = 0; part < parts; ++part) {
      // Kernels index spikes from 0 at their base pointer, which for range
      // `part` is spikes + lo; move each range's spikes down behind the last.
      std::int64_t lo = n * part / parts, count = counts[kCountStride * part];
      if (count < 0 || count > n - lo) {
        pop.nspikes = 0;
        throw Error("kernel '" + d_.kernels[kernel].name + "' reported " + std::to_string(count) + " spikes");
      }
      if (pos != lo) std::copy(spikes + lo, spikes + lo + count, spikes + pos);
      pos += count;
    }
    pop.nspikes = pos;
  });
}

void Simulation::step(std::int64_t step, Recorder &recorder, Progress &progress) {
  double t = static_cast<double>(step) * dt_;
  // Samples first; then population sums (`sum`, `mean`, and presynaptic
  // sums of lumped all-to-all synapses), from the values at the start of the
  // step, each in one piece and in index order: the same sum for any thread
  // count.
  once([&] {
    recorder.sampleStates(step, t, state_, sizes_);
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

  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    if (pd.update < 0) continue;
    if (!pd.histories.empty()) advanceHistories(static_cast<int>(p), step);
    if (pd.updateDetectsSpikes) {
      detectSpikes(static_cast<int>(p), pd.update, step, t);
      continue;
    }
    bdlrt_kernel_args a = argsFor(pd.group);
    a.step = step;
    a.t = t;
    callSplit(pd.update, a, groups_[pd.group].size, [](bdlrt_kernel_args &x, int, std::int64_t lo, std::int64_t hi) {
      x.begin = lo;
      x.end = hi;
    });
  }

  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    if (!pd.generator && pd.threshold >= 0 && !pd.updateDetectsSpikes)
      detectSpikes(static_cast<int>(p), pd.threshold, step, t);
  }

  // This step's spikes: generators', totals, and into the delay rings. Each
  // projection's spikes are queued before any is delivered, which is
  // exact: delivery does not change spike lists.
  once([&] {
    for (std::size_t p = 0; p < d_.populations.size(); ++p) {
      const PopulationDesc &pd = d_.populations[p];
      Population &pop = populations_[p];
      if (pd.generator)
        pop.nspikes = pd.generatedAt(step, pop.nextGenerated, pop.spikes.data(), groups_[pd.group].size);
      else if (pd.threshold < 0)
        pop.nspikes = 0;
      pop.total += pop.nspikes;
    }
    for (std::size_t k = 0; k < d_.projections.size(); ++k) {
      const ProjectionDesc &pd = d_.projections[k];
      Projection &proj = projections_[k];
      const Population &pre = populations_[pd.pre];
      std::int64_t slots = proj.delaySteps + 1;
      if (pd.onPreSynapses >= 0) {
        // Per-synapse delays: each synapse of a spiking neuron is queued for
        // its own arrival step.
        for (std::int64_t n = 0; n < pre.nspikes; ++n) {
          std::int32_t i = pre.spikes[n];
          for (std::int64_t s = proj.csr.rowptr[i]; s < proj.csr.rowptr[i + 1]; ++s)
            proj.ring[(step + proj.synapseDelay[s]) % slots].push_back(static_cast<std::int32_t>(s));
        }
      } else {
        // Spikes of this step arrive delaySteps later; with no delay they
        // land in the slot delivered below, within the same step.
        std::vector<std::int32_t> &arriving = proj.ring[(step + proj.delaySteps) % slots];
        arriving.insert(arriving.end(), pre.spikes.begin(), pre.spikes.begin() + pre.nspikes);
      }
    }
  });

  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    const ProjectionDesc &pd = d_.projections[k];
    const Projection &proj = projections_[k];
    // The descriptor guarantees: per-synapse delays if and only if this kernel.
    bool perSynapse = pd.onPreSynapses >= 0;
    const std::vector<std::int32_t> &now = proj.ring[step % (proj.delaySteps + 1)];
    int kernel = perSynapse ? pd.onPreSynapses : pd.onPre;
    if (!now.empty() && kernel >= 0) {
      bdlrt_kernel_args a = argsFor(pd.group);
      a.pre = groupVars_[d_.populations[pd.pre].group].data();
      a.post = groupVars_[d_.populations[pd.post].group].data();
      a.end = static_cast<std::int64_t>(now.size());
      a.list = now.data();
      a.rowptr = proj.csr.rowptr.data();
      a.rowend = proj.csr.rowptr.data() + 1;
      a.col = proj.csr.col.data();
      a.pre_index = proj.csr.preIndex.data();
      a.step = step;
      a.t = t;
      if (!perSynapse && !proj.rowStart.empty()) {
        bdlrt_kernel_fn fn = model_.kernels[kernel];
        forEachPart(threads_, [&](int part) {
          bdlrt_kernel_args x = a;
          x.rowptr = proj.rowStart[part].data();
          x.rowend = proj.rowEnd[part].data();
          fn(&x);
        });
      } else {
        once([&] { call(kernel, a); });
      }
    }
    const Population &postPop = populations_[pd.post];
    if (pd.onPost >= 0 && postPop.nspikes > 0) {
      once([&] {
        bdlrt_kernel_args a = byPostArgs(static_cast<int>(k), step, t);
        a.end = postPop.nspikes;
        a.list = postPop.spikes.data();
        call(pd.onPost, a);
      });
    }
  }

  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    const Population &pop = populations_[p];
    if (pd.reset >= 0 && pop.nspikes > 0) {
      bdlrt_kernel_args a = argsFor(pd.group);
      a.list = pop.spikes.data();
      a.step = step;
      a.t = t;
      callSplit(pd.reset, a, pop.nspikes, [](bdlrt_kernel_args &x, int, std::int64_t lo, std::int64_t hi) {
        x.begin = lo;
        x.end = hi;
      });
    }
  }

  once([&] {
    for (Projection &proj : projections_)
      proj.ring[step % (proj.delaySteps + 1)].clear();
    for (std::size_t p = 0; p < d_.populations.size(); ++p)
      recorder.recordSpikes(static_cast<int>(p), t, populations_[p].spikes.data(), populations_[p].nspikes);
    progress.update(step + 1);
  });
}

void Simulation::run(Recorder &recorder, Progress &progress) {
  for (std::size_t k = 0; k < projections_.size(); ++k)
    recorder.setSynapses(static_cast<int>(k), projections_[k].csr.preIndex, projections_[k].csr.col);
  // Checked here, where throwing is still allowed (see the top of the file).
  for (std::size_t k = 0; k < d_.kernels.size(); ++k)
    if (k >= model_.num_kernels || !model_.kernels[k])
      throw Error("kernel '" + d_.kernels[k].name + "' is missing from the model's kernel table");
  failure_ = nullptr;
  auto loop = [&] {
    for (std::int64_t s = 0; s < nsteps_; ++s) {
      step(s, recorder, progress);
      // Set, if at all, before the step's last barrier: every thread agrees.
      if (failure_) break;
    }
  };
  // One thread: no region at all. An inactive one (`if (false)`) is still a
  // team of one, whose barriers cost futex calls, 25% of COBA 4,000's run.
  if (threads_ == 1) {
    loop();
  } else {
#pragma omp parallel num_threads(threads_)
    loop();
  }
  if (failure_) std::rethrow_exception(failure_);
  progress.finish();
}

} // namespace bdlrt
