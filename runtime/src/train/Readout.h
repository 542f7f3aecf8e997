// SPDX-License-Identifier: Apache-2.0
//===- Readout.h - linear readouts fitted after a run (ridge regression) ---===//
#ifndef BDLRT_TRAIN_READOUT_H
#define BDLRT_TRAIN_READOUT_H

#include "../Descriptor.h"
#include "../Recorder.h"

#include <filesystem>
#include <vector>

namespace bdlrt {

/// Fits every `readout` of the experiment from the state arrays the run
/// wrote to `dir` and the targets in `arrays` (the descriptor's files), and
/// writes readout_NAME.npy (the prediction at every step, steps x outputs),
/// readout_NAME_weights.npy ((states + 1) x outputs, the bias last) and
/// readout_NAME_nrmse.npy (training and test NRMSE), adding them to `files`.
/// Prints the NRMSEs unless `quiet`.
void fitReadouts(const std::filesystem::path &dir, const Descriptor &d, const std::vector<std::vector<double>> &arrays,
                 std::vector<RecordedFile> &files, bool quiet);

} // namespace bdlrt

#endif // BDLRT_TRAIN_READOUT_H
