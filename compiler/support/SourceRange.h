// SPDX-License-Identifier: Apache-2.0
//===- SourceRange.h - file-relative byte ranges for every syntax element -===//
#pragma once

#include <cstdint>

namespace bdl::support {

/// Identifies a buffer owned by a SourceManager. 0 means "no file".
using FileId = std::uint32_t;

/// A half-open byte range [begin, end) inside one file. Ranges are cheap
/// values; every AST node, IR node and diagnostic carries one.
struct SourceRange {
  FileId file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  bool valid() const { return file != 0; }
  bool empty() const { return begin == end; }
  /// The smallest range covering both; ranges from different files keep `*this`.
  SourceRange cover(const SourceRange &o) const {
    if (!valid()) return o;
    if (!o.valid() || o.file != file) return *this;
    return {file, begin < o.begin ? begin : o.begin, end > o.end ? end : o.end};
  }
  /// A zero-width range at the start of this one (for carets and insertions).
  SourceRange start() const { return {file, begin, begin}; }
  SourceRange finish() const { return {file, end, end}; }
  bool operator==(const SourceRange &) const = default;
};

/// A resolved position, 1-based, for printing. `col` counts Unicode code
/// points so carets line up under non-ASCII text such as `µS`.
struct LineCol {
  unsigned line = 0;
  unsigned col = 0;
};

} // namespace bdl::support
