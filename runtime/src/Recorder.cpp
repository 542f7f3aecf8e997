// SPDX-License-Identifier: Apache-2.0
//===- Recorder.cpp - spike and state recordings, kept in memory ----------===//
//
//     record spikes of E
//     record E.v[0:10] every 1 ms
// become spikes_E_t.npy / spikes_E_i.npy and E_v.npy (shape [T, 10], in mV,
// the unit the model declared v in) with E_v_t.npy. Samples are taken at
// the start of a step, so the first row is the state after initialisation.

#include "Recorder.h"

#include "Error.h"
#include "FiniteCheck.h"
#include "Npy.h"
#include "SmoothRate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <set>

namespace bdlrt {

Recorder::Recorder(const Descriptor &d, double dt)
    : d_(d), spikeRecordingOf_(d.populations.size(), -1), eventRecordingOf_(d.populations.size()) {
  std::set<std::string> files;
  auto claim = [&](const std::string &file) {
    if (!files.insert(file).second) throw Error("model descriptor: two recordings write '" + file + "'");
  };
  synapseEnds_.resize(d.projections.size());
  for (const RecordingDesc &r : d.recordings) {
    // State recordings of a population's neurons, or of a projection's
    // synapses (whose count is known once connectivity is built).
    auto addState = [&](StateRecording s) {
      s.stride = std::max<std::int64_t>(1, std::llround(r.every / dt));
      s.first = firstStep(r, dt);
      s.last = lastStep(r, dt);
      s.values.resize(r.vars.size());
      s.indices = r.indices;
      for (std::int64_t i : r.indices) {
        if (!s.runs.empty() && s.runs.back().second == i) ++s.runs.back().second;
        else s.runs.push_back({i, i + 1});
      }
      const GroupDesc &g = d.groups[s.group];
      for (int v : r.vars) claim(stem(g.name) + "_" + g.vars[v].name + ".npy");
      states_.push_back(std::move(s));
    };
    if (r.kind == RecordingKind::Synapses) {
      addState({-1, d.projections[r.projection].group, r.projection, r.vars, 0, 0, 1, 0, 0, {}, {}, {}, {}});
      continue;
    }
    const GroupDesc &g = d.populationGroup(r.population);
    double from = windowTime(firstStep(r, dt), dt), to = windowTime(lastStep(r, dt), dt);
    if (r.kind == RecordingKind::Spikes) {
      SpikeRecording rec{r.population, from, to, {}, {}, selection(r, g.size), r.vars, {}};
      rec.values.resize(r.vars.size());
      // Recording the spikes of a population twice gives the same arrays
      // (from the earliest start of the two), unless they differ in more
      // than their start.
      if (int k = spikeRecordingOf_[r.population]; k >= 0) {
        SpikeRecording &first = spikes_[k];
        if (!first.plain() || !rec.plain() || first.to != rec.to) claim("spikes_" + g.name + "_t.npy");
        first.from = std::min(first.from, from);
        continue;
      }
      claim("spikes_" + g.name + "_t.npy");
      for (int v : r.vars) claim("spikes_" + g.name + "_" + g.vars[v].name + ".npy");
      spikeRecordingOf_[r.population] = static_cast<int>(spikes_.size());
      spikes_.push_back(std::move(rec));
      continue;
    }
    if (r.kind == RecordingKind::Events) {
      // As spikes: the same event recorded twice, plainly, is one recording.
      SpikeRecording rec{r.population, from, to, {}, {}, selection(r, g.size), {}, {}, r.event};
      std::vector<int> &of = eventRecordingOf_[r.population];
      of.resize(d.populations[r.population].events.size(), -1);
      if (int k = of[r.event]; k >= 0) {
        SpikeRecording &first = spikes_[k];
        if (!first.plain() || !rec.plain() || first.to != rec.to) claim(rec.stem(d) + "_t.npy");
        first.from = std::min(first.from, from);
        continue;
      }
      claim(rec.stem(d) + "_t.npy");
      of[r.event] = static_cast<int>(spikes_.size());
      spikes_.push_back(std::move(rec));
      continue;
    }
    if (r.kind == RecordingKind::Rate) {
      claim("rate_" + g.name + ".npy");
      RateRecording rate;
      rate.population = r.population;
      rate.stride = std::max<std::int64_t>(1, std::llround(r.every / dt));
      rate.selected = selection(r, g.size);
      rate.size = rate.selected.empty() ? g.size : std::count(rate.selected.begin(), rate.selected.end(), 1);
      rate.dt = dt;
      rate.from = from;
      rate.to = to;
      rate.smooth = r.smooth;
      rate.smoothWidth = r.smoothWidth;
      rates_.push_back(std::move(rate));
      continue;
    }
    addState({r.population, d.populations[r.population].group, -1, r.vars, r.begin, r.end, 1, 0, 0, {}, {}, {}, {}});
  }
}

std::int64_t Recorder::firstStep(const RecordingDesc &r, double dt) { return std::llround(r.from / dt); }

double Recorder::plannedBytes(const RecordingDesc &r, double dt, std::int64_t steps, std::int64_t entities,
                              double *samplesOut) {
  if (r.kind == RecordingKind::Spikes || r.kind == RecordingKind::Events) return 0;
  std::int64_t stride = std::max<std::int64_t>(1, std::llround(r.every / dt));
  std::int64_t first = firstStep(r, dt), last = std::min(lastStep(r, dt), steps);
  double samples = last > first ? static_cast<double>((last - first + stride - 1) / stride) : 0;
  if (samplesOut) *samplesOut = samples;
  // Samples and their times, as doubles.
  if (r.kind == RecordingKind::Rate) return samples * 8 * (r.smooth == SmoothWindow::None ? 2 : 3);
  return samples * (8 + static_cast<double>(entities) * static_cast<double>(r.vars.size()) * 8);
}

std::int64_t Recorder::lastStep(const RecordingDesc &r, double dt) {
  // Past the end of any run: a duration is below 9e15 steps.
  if (!(r.to / dt < 9e15)) return std::numeric_limits<std::int64_t>::max();
  return std::llround(r.to / dt);
}

double Recorder::windowTime(std::int64_t step, double dt) {
  if (step == std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<double>::infinity();
  return static_cast<double>(step) * dt - 0.5 * dt;
}

std::vector<char> Recorder::selection(const RecordingDesc &r, std::int64_t size) {
  if (r.indices.empty() && r.begin == 0 && r.end == size) return {};
  std::vector<char> mask(static_cast<std::size_t>(size), 0);
  if (r.indices.empty())
    std::fill(mask.begin() + r.begin, mask.begin() + r.end, 1);
  for (std::int64_t i : r.indices) mask[static_cast<std::size_t>(i)] = 1;
  return mask;
}

void Recorder::keepSpikes(SpikeRecording &rec, double t, const std::int32_t *spikes, std::int64_t n,
                          const double *values) {
  const GroupDesc &g = d_.populationGroup(rec.population);
  std::size_t nv = rec.vars.size();
  if (nv > 0 && !values) throw Error("values at the spikes of '" + g.name + "' were not read");
  std::int64_t kept = 0;
  for (std::int64_t s = 0; s < n; ++s) {
    if (!rec.selected.empty() && !rec.selected[spikes[s]]) continue;
    rec.indices.push_back(spikes[s]);
    for (std::size_t k = 0; k < nv; ++k)
      rec.values[k].push_back(values[s * nv + k] / g.vars[rec.vars[k]].unitScale);
    ++kept;
  }
  if (kept > 0) rec.steps.push_back({t, kept});
}

std::string Recorder::stem(const std::string &group) {
  std::string out = group;
  for (std::size_t p; (p = out.find("->")) != std::string::npos;) out.replace(p, 2, "_to_");
  return out;
}

bool Recorder::recordsSynapses(int projection) const {
  for (const StateRecording &s : states_)
    if (s.projection == projection) return true;
  return false;
}

void Recorder::setSynapses(int projection, const std::vector<std::int32_t> &pre,
                           const std::vector<std::int32_t> &post) {
  for (const StateRecording &s : states_)
    if (s.projection == projection) {
      synapseEnds_[projection] = {pre, post};
      return;
    }
}

// Both ways of sampling (from the state arrays, or from values a device
// gathered) share this loop, so they store the same numbers in the same
// order: a GPU run's E_v.npy is the CPU's bit for bit.
template <class Read>
void Recorder::sample(std::int64_t step, double t, const std::vector<std::int64_t> &groupSizes, Read &&read) {
  for (StateRecording &s : states_) {
    if (!s.samplesAt(step)) continue;
    const GroupDesc &g = d_.groups[s.group];
    if (s.projection >= 0) s.end = groupSizes[s.group];
    s.times.push_back(t);
    for (std::size_t k = 0; k < s.vars.size(); ++k) {
      const VarDesc &var = g.vars[s.vars[k]];
      for (auto [begin, end] : runsOf(s, var, s.end)) {
        auto value = read(s.group, s.vars[k], begin, end);
        std::vector<double> &out = s.values[k];
        std::size_t from = out.size();
        for (std::int64_t i = 0; i < end - begin; ++i)
          out.push_back(value(i) / var.unitScale);
        if (checkFinite_ && !nonFinite_) {
          std::int64_t bad = firstNonFinite(out.data() + from, end - begin);
          if (bad >= 0) {
            // The previous sample of this recording was finite, or the run
            // would have stopped there.
            double before = s.times.size() > 1 ? s.times[s.times.size() - 2] : t;
            nonFinite_ = SampledNonFinite{{s.group, s.vars[k], begin + bad, out[from + bad]}, t, before};
          }
        }
      }
    }
  }
}

void Recorder::sampleStates(std::int64_t step, double t, const std::vector<std::vector<StateArray>> &state,
                            const std::vector<std::int64_t> &groupSizes) {
  sample(step, t, groupSizes, [&](int group, int var, std::int64_t begin, std::int64_t) {
    return [&a = state[group][var], begin](std::int64_t i) { return a[begin + i]; };
  });
}

std::int64_t Recorder::sampleGathered(std::int64_t step, double t, const double *values,
                                      const std::vector<std::int64_t> &groupSizes) {
  std::int64_t read = 0;
  sample(step, t, groupSizes, [&](int, int, std::int64_t begin, std::int64_t end) {
    const double *data = values + read;
    read += end - begin;
    return [data](std::int64_t i) { return data[i]; };
  });
  return read;
}

void Recorder::reserveSpikes(std::int64_t steps) {
  for (SpikeRecording &s : spikes_) {
    std::int64_t n = d_.populationGroup(s.population).size;
    auto cap = static_cast<std::size_t>(std::min<std::int64_t>(n * (steps / 20 + 1), std::int64_t(1) << 24));
    try {
      s.steps.reserve(static_cast<std::size_t>(steps));
      s.indices.reserve(cap);
    } catch (const std::bad_alloc &) {
      // Strict overcommit: no matter, the arrays grow as they fill.
    }
  }
}

std::vector<std::pair<std::int64_t, std::int64_t>> Recorder::runsOf(const StateRecording &s, const VarDesc &var,
                                                                    std::int64_t end) {
  if (!var.perEntity) return {{0, 1}};
  if (!s.runs.empty()) return s.runs;
  return {{s.begin, end}};
}

std::vector<Recorder::SampledRange> Recorder::sampledRanges(const std::vector<std::int64_t> &groupSizes) const {
  std::vector<SampledRange> out;
  for (const StateRecording &s : states_)
    for (int v : s.vars)
      for (auto [begin, end] : runsOf(s, d_.groups[s.group].vars[v], s.projection >= 0 ? groupSizes[s.group] : s.end))
        out.push_back({s.group, v, begin, end, s.stride, s.first, s.last});
  return out;
}

std::vector<RecordedFile> Recorder::write(const std::filesystem::path &dir) const {
  std::vector<RecordedFile> files;
  for (const SpikeRecording &s : spikes_) {
    const std::string &pop = d_.populationGroup(s.population).name;
    std::int64_t n = static_cast<std::int64_t>(s.indices.size());
    // A named event's files carry its name as their variable.
    const char *kind = s.event < 0 ? "spikes" : "events";
    std::string event = s.event < 0 ? "" : d_.populations[s.population].events[s.event].name;
    RecordedFile t{s.stem(d_) + "_t.npy", kind, pop, event, "s", {n}, "float64"};
    RecordedFile i{s.stem(d_) + "_i.npy", kind, pop, event, "1", {n}, "int32"};
    std::vector<double> times;
    times.reserve(s.indices.size());
    for (const auto &[time, count] : s.steps) times.insert(times.end(), count, time);
    writeNpy(dir / t.file, times.data(), t.shape);
    writeNpy(dir / i.file, s.indices.data(), i.shape);
    files.push_back(std::move(t));
    files.push_back(std::move(i));
    // Values at spikes, one per spike in the order of the two arrays above.
    const GroupDesc &g = d_.populationGroup(s.population);
    for (std::size_t k = 0; k < s.vars.size(); ++k) {
      const VarDesc &var = g.vars[s.vars[k]];
      RecordedFile v{"spikes_" + pop + "_" + var.name + ".npy", "spikes", pop, var.name, var.unit, {n},
                     d_.single ? "float32" : "float64"};
      writeValues(dir / v.file, s.values[k], v.shape);
      files.push_back(std::move(v));
    }
  }
  for (const RateRecording &r : rates_) {
    const std::string &pop = d_.populationGroup(r.population).name;
    std::int64_t n = static_cast<std::int64_t>(r.times.size());
    RecordedFile rate{"rate_" + pop + ".npy", "rate", pop, "", "Hz", {n}, "float64"};
    RecordedFile t{"rate_" + pop + "_t.npy", "rate", pop, "", "s", {n}, "float64"};
    writeNpy(dir / rate.file, r.rates.data(), rate.shape);
    writeNpy(dir / t.file, r.times.data(), t.shape);
    files.push_back(std::move(rate));
    files.push_back(std::move(t));
    if (r.smooth == SmoothWindow::None) continue;
    std::vector<double> smooth = smoothRate(r.rates, r.smooth, r.smoothWidth, static_cast<double>(r.stride) * r.dt);
    RecordedFile sm{"rate_" + pop + "_smooth.npy", "rate", pop, "", "Hz", {n}, "float64"};
    writeNpy(dir / sm.file, smooth.data(), sm.shape);
    files.push_back(std::move(sm));
  }
  for (const StateRecording &s : states_) {
    const GroupDesc &g = d_.groups[s.group];
    std::int64_t samples = static_cast<std::int64_t>(s.times.size());
    const char *kind = s.projection >= 0 ? "synapses" : "state";
    if (s.projection >= 0) {
      // Which synapse each column is: its pre- and postsynaptic neuron.
      const auto &[pre, post] = synapseEnds_[s.projection];
      std::int64_t n = static_cast<std::int64_t>(pre.size());
      RecordedFile i{stem(g.name) + "_pre.npy", kind, g.name, "", "1", {n}, "int32"};
      RecordedFile j{stem(g.name) + "_post.npy", kind, g.name, "", "1", {n}, "int32"};
      if (std::none_of(files.begin(), files.end(), [&](const RecordedFile &f) { return f.file == i.file; })) {
        writeNpy(dir / i.file, pre.data(), i.shape);
        writeNpy(dir / j.file, post.data(), j.shape);
        files.push_back(std::move(i));
        files.push_back(std::move(j));
      }
    }
    for (std::size_t k = 0; k < s.vars.size(); ++k) {
      const VarDesc &var = g.vars[s.vars[k]];
      std::int64_t width = !var.perEntity      ? 1
                           : s.indices.empty() ? s.end - s.begin
                                               : static_cast<std::int64_t>(s.indices.size());
      std::string name = stem(g.name) + "_" + var.name;
      RecordedFile values{name + ".npy", kind, g.name, var.name, var.unit, {samples, width},
                          d_.single ? "float32" : "float64"};
      RecordedFile times{name + "_t.npy", kind, g.name, var.name, "s", {samples}, "float64"};
      writeValues(dir / values.file, s.values[k], values.shape);
      writeNpy(dir / times.file, s.times.data(), times.shape);
      files.push_back(std::move(values));
      files.push_back(std::move(times));
      if (s.indices.empty() || !var.perEntity) continue;
      // An index list: which neuron each column is.
      std::vector<std::int32_t> neurons(s.indices.begin(), s.indices.end());
      RecordedFile i{name + "_i.npy", kind, g.name, var.name, "1", {width}, "int32"};
      writeNpy(dir / i.file, neurons.data(), i.shape);
      files.push_back(std::move(i));
    }
  }
  return files;
}

// Single-precision state is written as float32: the value in display units
// rounded once to float (the stored float is exact in double).
void Recorder::writeValues(const std::filesystem::path &file, const std::vector<double> &values,
                           const std::vector<std::int64_t> &shape) const {
  if (!d_.single) {
    writeNpy(file, values.data(), shape);
    return;
  }
  std::vector<float> narrow(values.begin(), values.end());
  writeNpy(file, narrow.data(), shape);
}

void Recorder::save(CheckpointWriter &w) const {
  for (const SpikeRecording &s : spikes_) {
    std::vector<double> times;
    std::vector<std::int64_t> counts;
    for (const auto &[t, n] : s.steps) {
      times.push_back(t);
      counts.push_back(n);
    }
    w.putVector(times);
    w.putVector(counts);
    w.putVector(s.indices);
    for (const std::vector<double> &v : s.values) w.putVector(v);
  }
  for (const RateRecording &r : rates_) {
    w.put(r.inWindow);
    w.put(r.count);
    w.put(r.windowStart);
    w.putVector(r.times);
    w.putVector(r.rates);
  }
  for (const StateRecording &s : states_) {
    w.put(s.end);
    w.putVector(s.times);
    for (const std::vector<double> &v : s.values) w.putVector(v);
  }
}

void Recorder::load(CheckpointReader &r) {
  for (SpikeRecording &s : spikes_) {
    std::vector<double> times = r.getVector<double>();
    std::vector<std::int64_t> counts = r.getVector<std::int64_t>(times.size());
    s.steps.clear();
    for (std::size_t k = 0; k < times.size(); ++k) s.steps.push_back({times[k], counts[k]});
    s.indices = r.getVector<std::int32_t>();
    for (std::vector<double> &v : s.values) v = r.getVector<double>(s.indices.size());
  }
  for (RateRecording &rr : rates_) {
    rr.inWindow = r.get<std::int64_t>();
    rr.count = r.get<std::int64_t>();
    rr.windowStart = r.get<double>();
    rr.times = r.getVector<double>();
    rr.rates = r.getVector<double>(rr.times.size());
  }
  for (StateRecording &s : states_) {
    s.end = r.get<std::int64_t>();
    s.times = r.getVector<double>();
    for (std::vector<double> &v : s.values) v = r.getVector<double>();
  }
}

} // namespace bdlrt
