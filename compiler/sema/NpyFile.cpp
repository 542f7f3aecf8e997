// SPDX-License-Identifier: Apache-2.0
//===- NpyFile.cpp - .npy header: dtype, order and shape --------------------===//
#include "sema/NpyFile.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>

namespace bdl::sema {

std::optional<std::vector<std::int64_t>> npyShape(const std::string &path, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  char pre[12] = {};
  in.read(pre, 10);
  if (in.gcount() < 10 || std::memcmp(pre, "\x93NUMPY", 6) != 0) {
    error = "not a .npy file";
    return std::nullopt;
  }
  std::size_t len = static_cast<unsigned char>(pre[8]) | static_cast<unsigned char>(pre[9]) << 8;
  if (pre[6] != 1) { // versions 2 and 3: a 4-byte length
    in.read(pre + 10, 2);
    len = 0;
    for (int k = 3; k >= 0; --k) len = len << 8 | static_cast<unsigned char>(pre[8 + k]);
  }
  std::string dict(len, '\0');
  in.read(dict.data(), static_cast<std::streamsize>(len));
  if (static_cast<std::size_t>(in.gcount()) != len) {
    error = "truncated header";
    return std::nullopt;
  }
  std::smatch m;
  if (!std::regex_search(dict, m, std::regex("'descr':\\s*'([<|])([fiub])(\\d+)'"))) {
    error = "unsupported dtype (a little-endian number or bool is needed)";
    return std::nullopt;
  }
  if (!std::regex_search(dict, std::regex("'fortran_order':\\s*False"))) {
    error = "Fortran-order arrays are not supported (save with np.ascontiguousarray)";
    return std::nullopt;
  }
  if (!std::regex_search(dict, m, std::regex("'shape':\\s*\\(([^)]*)\\)"))) {
    error = "no shape in the header";
    return std::nullopt;
  }
  std::vector<std::int64_t> shape;
  std::string dims = m[1];
  static const std::regex number("\\d+");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it)
    shape.push_back(std::stoll(it->str()));
  return shape;
}

} // namespace bdl::sema
