// SPDX-License-Identifier: Apache-2.0
//===- ResultsDir.h - a results folder that appears whole or not at all ---===//

#ifndef BDLRT_RESULTS_DIR_H
#define BDLRT_RESULTS_DIR_H

#include <filesystem>
#include <string>

namespace bdlrt {

/// Results are written into a fresh staging folder beside the destination
/// (".NAME.partial-PID-XXXXXX") and swapped in whole by commit(), so that
/// a reader sees the old results or the new ones, never a mixture: not
/// after a full disk, not after a crash, not when two runs share --out.
class ResultsDir {
public:
  /// Checks the destination and creates the staging folder (a typo in --out
  /// or a read-only folder fails before the run, not after it). An existing,
  /// non-empty destination is refused unless `overwrite`.
  ResultsDir(const std::filesystem::path &dest, bool overwrite);
  /// Removes the staging folder unless commit() succeeded.
  ~ResultsDir();
  ResultsDir(const ResultsDir &) = delete;
  ResultsDir &operator=(const ResultsDir &) = delete;

  /// Where the arrays and the manifest are written before commit().
  const std::filesystem::path &staging() const { return staging_; }
  /// Makes staging() the destination, atomically: with an existing
  /// destination (--overwrite), the two are exchanged and the old one then
  /// removed. Throws Error, leaving the destination as it was.
  void commit();

private:
  std::filesystem::path dest_, staging_;
  bool overwrite_;
  bool committed_ = false;
};

/// The files of folder `from` into folder `to` (created): hard links where
/// the file system allows, copies elsewhere. For files that are never
/// written again once there, as results are (writeFileAtomically replaces,
/// it does not write in place).
void linkFolder(const std::filesystem::path &from, const std::filesystem::path &to);

} // namespace bdlrt

#endif // BDLRT_RESULTS_DIR_H
