// SPDX-License-Identifier: Apache-2.0
//===- ExperimentDesign.h - trials and sweep points of one executable ------===//

#ifndef BDLRT_EXPERIMENT_DESIGN_H
#define BDLRT_EXPERIMENT_DESIGN_H

#include "Cli.h"
#include "Descriptor.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bdlrt {

/// What one executable runs: every point of the grid of swept values, each
/// `trials` times (or only the trials listed).
struct Design {
  std::vector<SweepAxis> axes;
  int trials = 1;
  int onlyTrial = -1; ///< --trial K

  std::int64_t points() const;
  /// Every swept parameter: each axis followed by those stepped with it.
  std::vector<const SweepAxis *> flat() const;
  /// Point k's value of each axis; the last axis varies fastest.
  std::vector<double> values(std::int64_t point) const;
  /// Gives each swept variable its value at `point`, as --set gives one
  /// (giveValue), and returns them by name (SI).
  std::vector<std::pair<std::string, double>> apply(Descriptor &d, std::int64_t point) const;
  /// The trials each point runs.
  std::vector<int> trialList() const;
  /// More than one run: results go to one folder per run.
  bool several() const { return points() * static_cast<std::int64_t>(trialList().size()) > 1; }
};

/// The source's sweeps and trials, with --sweep, --trials and --trial.
Design makeDesign(const Descriptor &d, const Options &o);

/// The seed of trial k's dynamics: the seed itself for trial 0 (so that a
/// design's first trial is the plain run), a SplitMix64 mix of (seed, k)
/// otherwise. Connectivity keeps the seed itself in every trial.
std::uint64_t trialSeed(std::uint64_t seed, int trial);

/// "p007_t02": the folder of point 7, trial 2, padded so that folders sort
/// in run order.
std::string runFolder(const Design &design, std::int64_t point, int trial);

} // namespace bdlrt

#endif // BDLRT_EXPERIMENT_DESIGN_H
