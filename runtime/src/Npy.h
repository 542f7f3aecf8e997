// SPDX-License-Identifier: Apache-2.0
//===- Npy.h - NumPy .npy writer and atomic file replacement --------------===//

#ifndef BDLRT_NPY_H
#define BDLRT_NPY_H

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace bdlrt {

/// The complete NPY 1.0 header (magic, version, length, dict, padding, '\n')
/// for a C-order array; descr is "<f8", "<f4" or "<i4". Its size is a multiple of 64.
std::string npyHeader(std::string_view descr, const std::vector<std::int64_t> &shape);

/// Writes bytes to path.tmp and renames it over path, so a reader never sees
/// half a file. Throws Error on failure.
void writeFileAtomically(const std::filesystem::path &path, std::string_view bytes);

/// Writes a float64 / float32 / int32 array; data holds product(shape) elements.
void writeNpy(const std::filesystem::path &path, const double *data, const std::vector<std::int64_t> &shape);
void writeNpy(const std::filesystem::path &path, const float *data, const std::vector<std::int64_t> &shape);
void writeNpy(const std::filesystem::path &path, const std::int32_t *data,
              const std::vector<std::int64_t> &shape);
void writeNpy(const std::filesystem::path &path, const std::int64_t *data,
              const std::vector<std::int64_t> &shape);

/// A C-order array read from a .npy file (float64/32, int8..64, uint8..64,
/// bool; versions 1 to 3), converted to double. Throws Error naming the
/// file on anything else (not a regular file, a header over 1 MiB, Fortran
/// order, big-endian, float16, a negative or overflowing shape, truncated
/// data) -- what the compiler's check (compiler/sema/NpyFile.cpp) refuses.
struct NpyArray {
  std::vector<std::int64_t> shape;
  std::string dtype; ///< as the header spells it: "<f8", "|u1", ...
  std::vector<double> data;
};
NpyArray readNpy(const std::filesystem::path &path);

/// "'<f8' of shape (200, 200)", for messages; "shape (5,)" without a dtype.
std::string describeNpy(const std::string &dtype, const std::vector<std::int64_t> &shape);

} // namespace bdlrt

#endif // BDLRT_NPY_H
