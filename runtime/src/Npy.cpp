// SPDX-License-Identifier: Apache-2.0
//===- Npy.cpp - NumPy .npy writer and atomic file replacement ------------===//
//
// Results are plain .npy files so that `np.load("results/spikes_E_t.npy")`
// needs no BDL package. The format (numpy/lib/format.py, version 1.0) is a
// magic string, a little-endian header length, a Python dict literal padded
// with spaces to a 64-byte boundary (numpy's own alignment), then raw data.

#include "Npy.h"

#include "Error.h"

#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>

namespace bdlrt {

static_assert(std::endian::native == std::endian::little,
              "the .npy writer emits '<' arrays as stored in memory");

std::string npyHeader(std::string_view descr, const std::vector<std::int64_t> &shape) {
  std::string dict = "{'descr': '" + std::string(descr) + "', 'fortran_order': False, 'shape': (";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) dict += ", ";
    dict += std::to_string(shape[i]);
  }
  if (shape.size() == 1) dict += ",";
  dict += "), }";
  constexpr std::size_t prefix = 10; // magic (6) + version (2) + HEADER_LEN (2)
  std::size_t total = prefix + dict.size() + 1;
  total = (total + 63) / 64 * 64;
  std::size_t headerLen = total - prefix;
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(headerLen & 0xff);
  out += static_cast<char>(headerLen >> 8);
  out += dict;
  out.append(headerLen - dict.size() - 1, ' ');
  out += '\n';
  return out;
}

namespace {

/// Header and data go out as separate chunks: a recording can be gigabytes
/// and should not be copied once more just to be written.
void writeChunksAtomically(const std::filesystem::path &path,
                           std::initializer_list<std::string_view> chunks) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  std::FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw Error("cannot write '" + tmp.string() + "': " + std::strerror(errno));
  bool ok = true;
  for (std::string_view chunk : chunks)
    ok = ok && (chunk.empty() || std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size());
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    throw Error("cannot write '" + tmp.string() + "': " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw Error("cannot rename '" + tmp.string() + "' to '" + path.string() + "': " + ec.message());
  }
}

std::int64_t elementCount(const std::vector<std::int64_t> &shape) {
  std::int64_t n = 1;
  for (std::int64_t d : shape)
    n *= d;
  return n;
}

void writeRaw(const std::filesystem::path &path, std::string_view descr, const void *data,
              std::size_t elemSize, const std::vector<std::int64_t> &shape) {
  std::string header = npyHeader(descr, shape);
  std::size_t dataBytes = static_cast<std::size_t>(elementCount(shape)) * elemSize;
  std::string_view body =
      dataBytes ? std::string_view(static_cast<const char *>(data), dataBytes) : std::string_view();
  writeChunksAtomically(path, {header, body});
}

} // namespace

void writeFileAtomically(const std::filesystem::path &path, std::string_view bytes) {
  writeChunksAtomically(path, {bytes});
}

void writeNpy(const std::filesystem::path &path, const double *data, const std::vector<std::int64_t> &shape) {
  writeRaw(path, "<f8", data, sizeof(double), shape);
}

void writeNpy(const std::filesystem::path &path, const std::int32_t *data,
              const std::vector<std::int64_t> &shape) {
  writeRaw(path, "<i4", data, sizeof(std::int32_t), shape);
}

} // namespace bdlrt
