// SPDX-License-Identifier: Apache-2.0
//===- SourceManager.h - owns source buffers and their line tables ----------===//
#pragma once

#include "support/SourceRange.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bdl::support {

/// Source files above 64 MiB are refused (a model is kilobytes; offsets are
/// 32-bit, and a larger file is a mistake such as a data file named).
constexpr std::uint64_t kSourceSizeLimit = std::uint64_t(64) << 20;

/// Owns every source buffer of a compilation. Buffers never move once added,
/// so string_views into them stay valid for the manager's lifetime.
class SourceManager {
public:
  /// Adds an in-memory buffer. `path` is what diagnostics print.
  FileId addBuffer(std::string path, std::string contents);
  /// Reads a regular file of at most kSourceSizeLimit bytes from disk;
  /// nullopt (and `error` set) otherwise or if it cannot be read.
  std::optional<FileId> addFile(const std::string &path, std::string &error);
  /// The id of an already loaded file with this canonical path, if any.
  std::optional<FileId> findFile(const std::string &path) const;

  std::string_view path(FileId id) const;
  std::string_view text(FileId id) const;
  std::string_view text(SourceRange r) const;
  /// 1-based line and code-point column of a byte offset.
  LineCol lineCol(FileId id, std::uint32_t offset) const;
  /// The text of 1-based `line`, without its newline.
  std::string_view lineText(FileId id, unsigned line) const;
  unsigned lineCount(FileId id) const;
  /// Byte offset of 1-based (line, col) where col counts code points; clamps.
  std::uint32_t offsetOf(FileId id, unsigned line, unsigned col) const;

private:
  struct Buffer {
    std::string path;
    std::string text;
    std::vector<std::uint32_t> lineStarts;
  };
  const Buffer &buffer(FileId id) const;
  std::vector<std::unique_ptr<Buffer>> buffers_;
};

/// Counts UTF-8 code points in `s` (invalid bytes count one each).
unsigned codePointCount(std::string_view s);

} // namespace bdl::support
