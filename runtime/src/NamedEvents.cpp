// SPDX-License-Identifier: Apache-2.0
//===- NamedEvents.cpp - named events: detection, delivery lists, blocks ---===//
//
//     event burst when v > -45 mV and v < vt { ca += 1 }
//     E -> I { on pre.burst { post.v += w } }
// A named event is a second event source of its population, placed as
// Brian2 places custom events: detected after every population's spikes
// (its thresholder runs in 'after_thresholds'), delivered with the spikes
// through the delay rings of the projections that listen to it, and its
// block run after every spike reset ('after_resets'). A neuron may spike and
// emit the event in one step; refractoriness does not hold an event back.
//
// Detection and blocks run on one thread, inside the glue that joins the
// spike lists (StepLoop.cpp), so the lists are the same for any thread count;
// models without events never reach this file (hasEvents_).

#include "Simulation.h"

#include "Error.h"
#include "Recorder.h"

namespace bdlrt {

void Simulation::setupEvents(int p) {
  const PopulationDesc &pd = d_.populations[p];
  std::int64_t n = groups_[pd.group].size;
  Population &pop = populations_[p];
  pop.events.assign(pd.events.size(), {});
  for (Population::Event &e : pop.events) {
    e.list.assign(static_cast<std::size_t>(n), 0);
    e.counts.assign(static_cast<std::size_t>(n), 0);
  }
  hasEvents_ |= !pd.events.empty();
}

void Simulation::detectEvents(std::int64_t step, double t, Recorder &recorder) {
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    for (std::size_t k = 0; k < pd.events.size(); ++k) {
      Population::Event &e = populations_[p].events[k];
      std::int64_t n = groups_[pd.group].size;
      bdlrt_kernel_args a = argsFor(pd.group);
      a.step = step;
      a.t = t;
      a.begin = 0;
      a.end = n;
      a.spikes = e.list.data();
      e.n = 0;
      a.nspikes = &e.n;
      call(pd.events[k].threshold, a);
      if (e.n < 0 || e.n > n) {
        std::int64_t bad = e.n;
        e.n = 0;
        throw Error("kernel '" + d_.kernels[pd.events[k].threshold].name + "' reported " + std::to_string(bad) +
                    " events");
      }
      e.total += e.n;
      for (std::int64_t s = 0; s < e.n; ++s) ++e.counts[e.list[s]];
      recorder.recordEvents(static_cast<int>(p), static_cast<int>(k), t, e.list.data(), e.n);
    }
  }
}

void Simulation::resetEvents(std::int64_t step, double t) {
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    for (std::size_t k = 0; k < pd.events.size(); ++k) {
      const Population::Event &e = populations_[p].events[k];
      if (pd.events[k].reset < 0 || e.n == 0) continue;
      bdlrt_kernel_args a = argsFor(pd.group);
      a.step = step;
      a.t = t;
      a.list = e.list.data();
      a.begin = 0;
      a.end = e.n;
      call(pd.events[k].reset, a);
    }
  }
}

} // namespace bdlrt
