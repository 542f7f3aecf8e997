// SPDX-License-Identifier: Apache-2.0
//===- Manifest.h - results/manifest.json, the index of a run -------------===//

#ifndef BDLRT_MANIFEST_H
#define BDLRT_MANIFEST_H

#include "Cli.h"
#include "Descriptor.h"
#include "Recorder.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace bdlrt {

struct PopulationSummary {
  std::string name, model;
  std::int64_t size = 0;
  std::int64_t spikes = 0;
  double meanRateHz = 0.0;
};

/// A parameter's value at the end of the run, in its display unit. Values
/// differ across neurons only when the model's init made them so.
struct ParameterValue {
  std::string name; ///< "E.taum", or "we" for the network
  std::string unit;
  double value = 0.0; ///< mean over entities
  double min = 0.0, max = 0.0;
};

struct RunInfo {
  std::uint64_t seed = 0;
  double dt = 0.0, duration = 0.0;
  int threads = 1;
  int ranks = 1; ///< processes of a distributed run
  /// Its exchanges between ranks: how many, bytes received, seconds.
  std::int64_t exchanges = 0, exchangeBytes = 0;
  double exchangeSeconds = 0;
  std::vector<PopulationSummary> populations;
  std::vector<ParameterValue> parameters;
  double setupSeconds = 0.0, runSeconds = 0.0;
  /// "complete", "interrupted" (a signal; interruptedAt is the simulated
  /// time reached) or "failed" (a non-finite state; stopReason says where).
  std::string status = "complete";
  std::int64_t steps = 0; ///< steps run
  double interruptedAt = 0.0;
  std::string stopReason;
  int trial = -1; ///< in a design of trials (or --trial): which, and its seed
  std::uint64_t trialSeed = 0;
  /// The swept values of this run's point (display units follow from the
  /// parameters), by qualified name.
  std::vector<std::pair<std::string, double>> point;
  std::size_t arrays = 0; ///< files written
};

/// The index of a design's runs (manifest.json above their folders).
struct DesignInfo {
  std::vector<SweepAxis> axes;
  std::vector<int> trials;
  struct Run {
    std::string folder;
    std::int64_t point = 0;
    RunInfo info;
  };
  std::vector<Run> runs;
  std::string status = "complete";
  double wallSeconds = 0.0;
};

/// The manifest text (JSON, 2-space indent).
std::string manifestJson(const Descriptor &d, const RunInfo &run, const std::vector<RecordedFile> &files);

/// Writes dir/manifest.json atomically; call it last, so that a manifest
/// means every array it lists is complete.
void writeManifest(const std::filesystem::path &dir, const Descriptor &d, const RunInfo &run,
                   const std::vector<RecordedFile> &files);

/// Writes dir/manifest.json for a design: the swept values and trials, and
/// per run its folder, point, trial, seed, status, spikes and rates.
void writeDesignManifest(const std::filesystem::path &dir, const Descriptor &d, std::uint64_t seed,
                         const DesignInfo &design);

} // namespace bdlrt

#endif // BDLRT_MANIFEST_H
