// SPDX-License-Identifier: Apache-2.0
//===- DesignCheckpoint.h - checkpoints of a design of runs ---------------===//
//
// A design (trials, sweep points) runs one run after another in one
// process. Its checkpoint is the run in progress's (Checkpoint.h) plus the
// design's progress: which run that is, the command-line options that made
// the design, and the finished runs, whose folders it keeps. --resume then
// restores the finished runs' folders, resumes the run in progress and goes
// on with the rest: the results equal an unbroken design's.

#ifndef BDLRT_DESIGN_CHECKPOINT_H
#define BDLRT_DESIGN_CHECKPOINT_H

#include "Cli.h"
#include "Manifest.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace bdlrt {

/// The finished runs, in the design's order (the run in progress is the
/// next), and the folder their results are in (empty: none written).
struct DesignProgress {
  std::vector<DesignInfo::Run> done;
  std::filesystem::path results;
  /// The finished runs' result folders (none without results).
  std::vector<std::filesystem::path> folders() const;
};

/// checkpoint.json's "design" for `p`, with the design options of `o`.
std::string designCheckpointJson(const DesignProgress &p, const Options &o);

/// Reads the "design" of the checkpoint in `dir` into `p`, and the design
/// options it was made with into `o`; false for a single run's checkpoint
/// (or one readCheckpoint will refuse). Refuses design options given again.
bool readDesignCheckpoint(const std::filesystem::path &dir, Options &o, DesignProgress &p);

/// The finished run `folder` of the checkpoint in `dir`, into `to`/folder.
void restoreFinishedRun(const std::filesystem::path &dir, const std::string &folder, const std::filesystem::path &to);

} // namespace bdlrt

#endif // BDLRT_DESIGN_CHECKPOINT_H
