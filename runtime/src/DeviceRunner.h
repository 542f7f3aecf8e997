// SPDX-License-Identifier: Apache-2.0
//===- DeviceRunner.h - the hand-over from the host runtime to a GPU ------===//
//
// A GPU build's executable links this runtime for everything but the time
// steps: command line, descriptor, storage, connectivity, set-up kernels,
// recordings and the results directory. After set-up it hands the
// simulation to its device step loop (runtime/device/bdl_device_run.h),
// which copies the state over, runs the steps there and copies back.
#ifndef BDLRT_DEVICE_RUNNER_H
#define BDLRT_DEVICE_RUNNER_H

#include "bdlrt/bdlrt.h"

namespace bdlrt {

class Simulation;
class Recorder;
class Progress;

struct DeviceRunner {
  /// Runs every step of `sim` (set up, state on the host) and leaves the
  /// final state on the host; throws Error.
  void (*run)(const void *context, Simulation &sim, Recorder &recorder, Progress &progress, bool verbose);
  const void *context;
};

/// bdlrt_main with the steps run by `runner`.
int mainWithDevice(const bdlrt_model *model, const DeviceRunner &runner, int argc, char **argv);

} // namespace bdlrt

#endif // BDLRT_DEVICE_RUNNER_H
