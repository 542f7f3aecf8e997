// SPDX-License-Identifier: Apache-2.0
//===- Recorder.h - spike and state recordings, kept in memory ------------===//

#ifndef BDLRT_RECORDER_H
#define BDLRT_RECORDER_H

#include "Checkpoint.h"
#include "Descriptor.h"
#include "FiniteCheck.h"
#include "StateArray.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bdlrt {

/// One array written to the results directory, as listed in the manifest.
struct RecordedFile {
  std::string file;       ///< "spikes_E_t.npy"
  std::string kind;       ///< "spikes" or "state"
  std::string population; ///< group name
  std::string variable;   ///< state recordings only
  std::string unit;       ///< "s", "1" (neuron index), or the variable's display unit
  std::vector<std::int64_t> shape;
  std::string dtype; ///< "float64", "float32" (state in single precision) or "int32"
};

class Recorder {
public:
  /// Throws Error when two recordings would write the same file.
  Recorder(const Descriptor &d, double dt);

  /// Samples every state recording whose interval divides step, before the
  /// step's update; state[g] are the variable arrays of group g.
  /// groupSizes[g]: entities of group g now (synapse groups: after
  /// connectivity).
  void sampleStates(std::int64_t step, double t, const std::vector<std::vector<StateArray>> &state,
                    const std::vector<std::int64_t> &groupSizes);

  /// The pre- and postsynaptic neuron of each synapse of a projection, for
  /// its synapse recordings (written beside them).
  void setSynapses(int projection, const std::vector<std::int32_t> &pre, const std::vector<std::int32_t> &post);
  /// Whether a state recording samples the synapses of `projection`.
  bool recordsSynapses(int projection) const;

  /// Reserves room for `steps` steps of spikes at up to 1 spike per neuron
  /// per 20 steps (500 Hz at 0.1 ms), at most 2^24 a population: address
  /// space, touched only as spikes arrive, so that the arrays do not move
  /// (a copy each time they double) while the run is timed.
  void reserveSpikes(std::int64_t steps);

  /// Appends (t, index) for each spike of population pop in this step, and
  /// counts them for its rate recordings. Called for every population and
  /// step. `values` holds, spike after spike, the value (as stored, SI) of
  /// each of spikeVars(pop) at each of the n spikes, or is null when that
  /// list is empty.
  void recordSpikes(int pop, double t, const std::int32_t *spikes, std::int64_t n, const double *values = nullptr) {
    for (RateRecording &rr : rates_)
      if (rr.population == pop && t >= rr.from && t < rr.to)
        countRate(rr, t, rr.selected.empty() ? n : selectedIn(rr.selected, spikes, n));
    int r = spikeRecordingOf_[pop];
    if (r < 0 || n == 0) return;
    SpikeRecording &rec = spikes_[r];
    if (t < rec.from || t >= rec.to) return;
    if (rec.plain()) {
      rec.steps.push_back({t, n});
      rec.indices.insert(rec.indices.end(), spikes, spikes + n);
      return;
    }
    keepSpikes(rec, t, spikes, n, values);
  }

  /// Appends (t, index) for each occurrence of named event `event` of
  /// population pop in this step, when it is recorded (`events(E.burst)`).
  void recordEvents(int pop, int event, double t, const std::int32_t *list, std::int64_t n) {
    int r = eventRecordingOf_[pop].empty() ? -1 : eventRecordingOf_[pop][event];
    if (r < 0 || n == 0) return;
    SpikeRecording &rec = spikes_[r];
    if (t < rec.from || t >= rec.to) return;
    keepSpikes(rec, t, list, n, nullptr);
  }

  /// The variables of population pop whose values recordSpikes keeps at each
  /// spike (`record spikes(E) with v`), or an empty list.
  const std::vector<int> &spikeVars(int pop) const {
    static const std::vector<int> none;
    int r = spikeRecordingOf_[pop];
    return r < 0 ? none : spikes_[r].vars;
  }

  /// Whether sampleStates would sample anything at this step.
  bool samplesAt(std::int64_t step) const {
    for (const StateRecording &s : states_)
      if (s.samplesAt(step)) return true;
    return false;
  }
  /// Whether a state recording of `group` samples it at `step`.
  bool samplesAt(int group, std::int64_t step) const {
    for (const StateRecording &s : states_)
      if (s.group == group && s.samplesAt(step)) return true;
    return false;
  }

  /// Entities [begin, end) of variable `var` of `group` (a shared variable:
  /// [0, 1)), read every `stride` steps from step `first` to before `last`.
  struct SampledRange {
    int group, var;
    std::int64_t begin, end, stride, first, last;
    bool due(std::int64_t step) const { return step >= first && step < last && (step - first) % stride == 0; }
  };
  /// What sampleStates reads, in the order it reads it, for a run whose
  /// groups have groupSizes entities (synapse recordings cover every
  /// synapse). A step reads the ranges whose stride divides it.
  std::vector<SampledRange> sampledRanges(const std::vector<std::int64_t> &groupSizes) const;
  /// sampleStates from values gathered elsewhere (a device gathers them
  /// there and copies them back in blocks of steps): `values` holds the
  /// ranges due at `step` (sampledRanges), one after another, as the
  /// variables store them. Returns how many values it read.
  std::int64_t sampleGathered(std::int64_t step, double t, const double *values,
                              const std::vector<std::int64_t> &groupSizes);
  bool recordsSpikes(int pop) const { return spikeRecordingOf_[pop] >= 0; }

  /// A non-finite value in a sample: where, when, and the time of the
  /// recording's previous (finite) sample.
  struct SampledNonFinite {
    NonFinite where;
    double t = 0.0, finiteAt = 0.0;
  };
  /// Whether samples are checked (on by default; --allow-nonfinite).
  void checkFinite(bool on) { checkFinite_ = on; }
  /// The first non-finite value sampled, if any.
  const std::optional<SampledNonFinite> &nonFinite() const { return nonFinite_; }

  /// What the recordings hold so far, for a checkpoint, and back.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

  /// Writes every array into dir (which must exist) and lists them.
  std::vector<RecordedFile> write(const std::filesystem::path &dir) const;

private:
  /// Values in display units, as float32 when the state is single precision.
  void writeValues(const std::filesystem::path &file, const std::vector<double> &values,
                   const std::vector<std::int64_t> &shape) const;

private:
  /// Spike times are stored once per step that has spikes, with their
  /// count, and written out one per spike: a third of the memory, and of
  /// the page faults that first touching it costs during the run (COBA
  /// 40,000: 880,000 spikes, 10 MB, 9 ms of 270).
  struct SpikeRecording {
    int population;
    double from, to; ///< spikes at other times (s) are not kept
    std::vector<std::pair<double, std::int64_t>> steps; ///< (t, spikes), steps with spikes
    std::vector<std::int32_t> indices;
    std::vector<char> selected; ///< `spikes(E[0, 5])`: by neuron; empty: all
    std::vector<int> vars;      ///< `with v, w`
    std::vector<std::vector<double>> values; ///< per var: one per spike, display units
    int event = -1; ///< a named event's recording (`events(E.burst)`), not the spikes'
    bool plain() const { return selected.empty() && vars.empty(); }
    /// The stem of its files: "spikes_E", "events_E_burst".
    std::string stem(const Descriptor &d) const {
      const PopulationDesc &pd = d.populations[population];
      const std::string &g = d.groups[pd.group].name;
      return event < 0 ? "spikes_" + g : "events_" + g + "_" + pd.events[event].name;
    }
  };
  struct StateRecording {
    int population;
    int group = -1;      ///< the storage sampled
    int projection = -1; ///< synapse recordings: all synapses of this projection
    std::vector<int> vars;
    std::int64_t begin, end, stride;
    std::int64_t first; ///< the first step sampled; then every stride steps
    std::int64_t last;  ///< ... before this one
    /// An index list as runs of consecutive neurons [begin, end), in the
    /// order of the list; empty: the one run [begin, end).
    std::vector<std::pair<std::int64_t, std::int64_t>> runs;
    std::vector<std::int64_t> indices; ///< the list itself, written beside the values
    std::vector<double> times;
    bool samplesAt(std::int64_t step) const {
      return step >= first && step < last && (step - first) % stride == 0;
    }
    std::vector<std::vector<double>> values; ///< per var: [sample][entity], display units
  };

  /// `record rate(E) every 1 ms`: the population's mean rate over each
  /// window of `stride` steps, stamped with the window's start.
  struct RateRecording {
    int population;
    std::int64_t stride, size;
    double dt;
    double from = 0; ///< counting starts at this time (s)
    double to = 0;   ///< and stops at this one
    std::vector<char> selected; ///< `rate(E[0:10])`: by neuron; empty: all
    SmoothWindow smooth = SmoothWindow::None;
    double smoothWidth = 0; ///< s
    std::int64_t inWindow = 0, count = 0;
    double windowStart = 0;
    std::vector<double> times, rates;
  };
  static std::int64_t selectedIn(const std::vector<char> &selected, const std::int32_t *spikes, std::int64_t n) {
    std::int64_t k = 0;
    for (std::int64_t s = 0; s < n; ++s) k += selected[spikes[s]];
    return k;
  }
  /// recordSpikes for a recording with a selection or values at spikes.
  void keepSpikes(SpikeRecording &rec, double t, const std::int32_t *spikes, std::int64_t n, const double *values);
  static void countRate(RateRecording &r, double t, std::int64_t n) {
    if (r.inWindow == 0) r.windowStart = t;
    r.count += n;
    if (++r.inWindow < r.stride) return;
    r.times.push_back(r.windowStart);
    r.rates.push_back(static_cast<double>(r.count) / (static_cast<double>(r.size) * r.stride * r.dt));
    r.inWindow = r.count = 0;
  }

  const Descriptor &d_;
  bool checkFinite_ = true;
  std::optional<SampledNonFinite> nonFinite_;
  std::vector<RateRecording> rates_;
  std::vector<int> spikeRecordingOf_; ///< population -> index into spikes_, or -1
  /// population -> per named event, an index into spikes_ or -1 (empty for
  /// populations whose events are not recorded).
  std::vector<std::vector<int>> eventRecordingOf_;
  std::vector<SpikeRecording> spikes_;
  std::vector<StateRecording> states_;
  std::vector<std::pair<std::vector<std::int32_t>, std::vector<std::int32_t>>> synapseEnds_; ///< per projection

  /// Takes the sample of `step` of every recording due then; read(group,
  /// var, begin, end) gives a function of i in [0, end - begin): the value
  /// of entity begin + i, as stored.
  template <class Read>
  void sample(std::int64_t step, double t, const std::vector<std::int64_t> &groupSizes, Read &&read);

  /// The step at which a recording starts, and the one before which it ends.
  static std::int64_t firstStep(const RecordingDesc &r, double dt);
public:
  /// What a state or rate recording of `entities` keeps over a run of
  /// `steps` (the memory plan); 0 for spikes and events, which grow with
  /// the activity.
  static double plannedBytes(const RecordingDesc &r, double dt, std::int64_t steps, std::int64_t entities,
                             double *samples = nullptr);
  /// File stem of a group: `E->I` becomes `E_to_I` (also the stem of a
  /// trained parameter's files, train/TrainRun.cpp).
  static std::string stem(const std::string &group);
private:
  static std::int64_t lastStep(const RecordingDesc &r, double dt);
  /// Spikes and rates count at times t with from <= t < to: the window's
  /// steps, half a step either side.
  static double windowTime(std::int64_t step, double dt);
  /// The neurons selected by `r` as a mask over the population's size.
  static std::vector<char> selection(const RecordingDesc &r, std::int64_t size);
  /// The runs of entities a sample of `var` reads, in order (`end`: where
  /// the whole range ends now).
  static std::vector<std::pair<std::int64_t, std::int64_t>> runsOf(const StateRecording &s, const VarDesc &var,
                                                                   std::int64_t end);
};

} // namespace bdlrt

#endif // BDLRT_RECORDER_H
