// SPDX-License-Identifier: Apache-2.0
//===- Force.h - FORCE learning: an online readout fed back each step ------===//
#ifndef BDLRT_TRAIN_FORCE_H
#define BDLRT_TRAIN_FORCE_H

#include "../Checkpoint.h"
#include "../Recorder.h"
#include "../Simulation.h"

#include <filesystem>
#include <vector>

namespace bdlrt {

/// The FORCE readouts of an experiment (Sussillo & Abbott 2009). At the start
/// of every step, z = wᵀr from the neurons' r (as the last step left them)
/// is written into the feedback variable, which the network reads in this
/// step's update; every `every` steps until `train`, recursive least squares
/// moves w against the error e = z - f(t):
///     k = P r,  c = 1 / (1 + rᵀk),  P -= c k kᵀ,  w -= c e k,
/// with P(0) = I / alpha. After training w stays fixed.
class ForceReadouts {
public:
  ForceReadouts(Simulation &sim, const Descriptor &d);
  bool empty() const { return readouts_.empty(); }
  /// The hook Simulation::onStep calls.
  void step(std::int64_t step);
  /// readout_NAME.npy (z at every step), readout_NAME_weights.npy (w at the
  /// end) and readout_NAME_nrmse.npy (NRMSE of z against the target while
  /// training, and after), added to `files`; prints the NRMSEs unless quiet.
  void write(const std::filesystem::path &dir, std::vector<RecordedFile> &files, bool quiet) const;
  /// What a checkpoint keeps of them (after the simulation's state and the
  /// recordings): the weights, P and the outputs so far, so that a resumed
  /// run learns and writes what an unbroken one does.
  void save(CheckpointWriter &w) const;
  void load(CheckpointReader &r);

private:
  struct One {
    const ReadoutDesc *desc;
    std::int64_t n = 0, trainSteps = 0;
    std::vector<double> w, P, r, k, z;
    const double *target = nullptr;
    std::int64_t targetRows = 0;
  };
  Simulation &sim_;
  const Descriptor &d_;
  std::vector<One> readouts_;
};

} // namespace bdlrt

#endif // BDLRT_TRAIN_FORCE_H
