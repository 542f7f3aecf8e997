// SPDX-License-Identifier: Apache-2.0
//===- Manifest.h - results/manifest.json, the index of a run -------------===//

#ifndef BDLRT_MANIFEST_H
#define BDLRT_MANIFEST_H

#include "Descriptor.h"
#include "Recorder.h"

#include <cstdint>
#include <filesystem>
#include <string>
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
  std::vector<PopulationSummary> populations;
  std::vector<ParameterValue> parameters;
  double setupSeconds = 0.0, runSeconds = 0.0;
  /// "complete", "interrupted" (a signal; interruptedAt is the simulated
  /// time reached) or "failed" (a non-finite state; stopReason says where).
  std::string status = "complete";
  std::int64_t steps = 0; ///< steps run
  double interruptedAt = 0.0;
  std::string stopReason;
};

/// The manifest text (JSON, 2-space indent).
std::string manifestJson(const Descriptor &d, const RunInfo &run, const std::vector<RecordedFile> &files);

/// Writes dir/manifest.json atomically; call it last, so that a manifest
/// means every array it lists is complete.
void writeManifest(const std::filesystem::path &dir, const Descriptor &d, const RunInfo &run,
                   const std::vector<RecordedFile> &files);

} // namespace bdlrt

#endif // BDLRT_MANIFEST_H
