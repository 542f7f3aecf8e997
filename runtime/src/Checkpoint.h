// SPDX-License-Identifier: Apache-2.0
//===- Checkpoint.h - saving a run at a step and resuming it --------------===//

#ifndef BDLRT_CHECKPOINT_H
#define BDLRT_CHECKPOINT_H

#include "Descriptor.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <type_traits>
#include <vector>

namespace bdlrt {

/// A little-endian byte stream of counts and plain values: what a
/// checkpoint's state.bin holds. Each part of the run (Simulation, Recorder,
/// FractionalHistory) writes and reads its own fields in the same order.
class CheckpointWriter {
public:
  template <class T> void put(const T &v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const char *p = reinterpret_cast<const char *>(&v);
    bytes_.insert(bytes_.end(), p, p + sizeof v);
  }
  template <class T> void putVector(const std::vector<T> &v) {
    put<std::uint64_t>(v.size());
    const char *p = reinterpret_cast<const char *>(v.data());
    if (!v.empty()) bytes_.insert(bytes_.end(), p, p + v.size() * sizeof(T));
  }
  void putBytes(const void *data, std::uint64_t n) {
    put<std::uint64_t>(n);
    const char *p = static_cast<const char *>(data);
    if (n) bytes_.insert(bytes_.end(), p, p + n);
  }
  const std::vector<char> &bytes() const { return bytes_; }

private:
  std::vector<char> bytes_;
};

/// Reads what CheckpointWriter wrote; a short or inconsistent stream throws
/// Error ("checkpoint ...: truncated or from another model") instead of
/// reading past its end.
class CheckpointReader {
public:
  CheckpointReader(std::vector<char> bytes, std::string what) : bytes_(std::move(bytes)), what_(std::move(what)) {}
  template <class T> T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    need(sizeof v);
    std::memcpy(&v, bytes_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  template <class T> std::vector<T> getVector(std::uint64_t expected = UINT64_MAX) {
    std::uint64_t n = get<std::uint64_t>();
    if (expected != UINT64_MAX && n != expected) mismatch();
    need(n * sizeof(T));
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), bytes_.data() + at_, n * sizeof(T)); // an empty vector's data() may be null
    at_ += n * sizeof(T);
    return v;
  }
  /// Exactly n bytes into dst.
  void getBytes(void *dst, std::uint64_t n) {
    if (get<std::uint64_t>() != n) mismatch();
    need(n);
    if (n) std::memcpy(dst, bytes_.data() + at_, n);
    at_ += n;
  }
  bool done() const { return at_ == bytes_.size(); }
  [[noreturn]] void mismatch() const;

private:
  void need(std::uint64_t n) const {
    if (n > bytes_.size() - at_) mismatch();
  }
  std::vector<char> bytes_;
  std::size_t at_ = 0;
  std::string what_;
};

/// What identifies the run a checkpoint belongs to, besides its state.
struct CheckpointInfo {
  std::int64_t step = 0;         ///< steps done
  std::uint64_t seed = 0;        ///< connectivity
  std::uint64_t dynamicsSeed = 0;
  /// Every parameter's value when the run was set up (--set included), so
  /// that the resumed run builds the same network: (group, var, SI value).
  std::vector<std::tuple<int, int, double>> params;
  /// A design's checkpoint: checkpoint.json's "design" (DesignCheckpoint.h),
  /// as JSON text; empty for a single run. Its finished runs' folders are
  /// kept as runs/NAME (hard links where the file system allows).
  std::string design;
  std::vector<std::filesystem::path> finishedRuns;
};

/// A hash of the model (its descriptor as compiled): a checkpoint resumes
/// only the model that wrote it.
std::uint64_t modelFingerprint(const char *descriptorJson);

/// Writes dir/checkpoint.json and dir/state.bin, atomically as a folder
/// (replacing an earlier checkpoint there).
void writeCheckpoint(const std::filesystem::path &dir, const Descriptor &d, std::uint64_t fingerprint,
                     const CheckpointInfo &info, const CheckpointWriter &state);

/// Reads a checkpoint, refusing one of another format version or model
/// with a message that says which.
CheckpointInfo readCheckpoint(const std::filesystem::path &dir, const Descriptor &d, std::uint64_t fingerprint,
                              std::vector<char> &state);

} // namespace bdlrt

#endif // BDLRT_CHECKPOINT_H
