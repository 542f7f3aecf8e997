// SPDX-License-Identifier: Apache-2.0
//===- NpyFile.h - the header and values of a .npy file, checked at compile time -===//
//
// `npy("W.npy")` and `from_npy("W.npy")` are read by the executable; the
// compiler reads the file first, to check it exists, its shape fits the
// populations and its values are finite before anything runs. It accepts
// exactly what the runtime's reader (runtime/src/Npy.cpp) accepts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bdl::sema {

/// Headers larger than this are refused: numpy writes a few hundred bytes,
/// and a hostile version-2 header may claim 4 GiB.
constexpr std::uint32_t kNpyHeaderLimit = 1u << 20;

struct NpyFile {
  std::vector<std::int64_t> shape;
  std::string dtype; ///< as numpy spells it: "<f8", "<i4", "|u1", "|b1", ...
  /// The first NaN or infinite element (flat C-order index), if any.
  std::optional<std::int64_t> nonFiniteIndex;
  double nonFiniteValue = 0;
  /// The first element not greater than the one before it (flat index), if
  /// any: a time_array's times must increase.
  std::optional<std::int64_t> notAscendingIndex;
};

/// Reads a little-endian, C-order .npy file of float64/32, int8..64,
/// uint8..64 or bool (versions 1 to 3) and, with `scanValues`, scans float
/// data for NaN and infinity; nullopt with `error` saying why otherwise (the
/// file is not regular, the version, dtype or shape is unsupported, it is
/// truncated). Without `scanValues` only the header is read, and the size
/// of the file is checked against the shape.
std::optional<NpyFile> inspectNpy(const std::string &path, std::string &error, bool scanValues = true);

} // namespace bdl::sema
