// SPDX-License-Identifier: Apache-2.0
//===- NpyFile.h - the shape of a .npy file, for compile-time checks -------===//
//
// `npy("W.npy")` and `from_npy("W.npy")` are read by the executable; the
// compiler reads only the header, to check the file exists and its shape
// fits the populations before anything runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bdl::sema {

/// The shape of a little-endian, C-order numeric .npy file; nullopt with
/// `error` set otherwise.
std::optional<std::vector<std::int64_t>> npyShape(const std::string &path, std::string &error);

} // namespace bdl::sema
