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

void writeNpy(const std::filesystem::path &path, const float *data, const std::vector<std::int64_t> &shape) {
  writeRaw(path, "<f4", data, sizeof(float), shape);
}

void writeNpy(const std::filesystem::path &path, const std::int32_t *data,
              const std::vector<std::int64_t> &shape) {
  writeRaw(path, "<i4", data, sizeof(std::int32_t), shape);
}

namespace {

/// The value of `'key': value` in a .npy header dict, up to the next ',' at
/// nesting depth 0 (so a shape tuple stays whole).
std::string dictValue(const std::string &dict, const std::string &key) {
  std::size_t k = dict.find("'" + key + "'");
  if (k == std::string::npos) return {};
  std::size_t p = dict.find(':', k);
  if (p == std::string::npos) return {};
  int depth = 0;
  std::size_t e = p + 1;
  for (; e < dict.size(); ++e) {
    char c = dict[e];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == ',' && depth == 0) || c == '}') break;
  }
  std::string v = dict.substr(p + 1, e - p - 1);
  std::size_t a = v.find_first_not_of(" '"), b = v.find_last_not_of(" '");
  return a == std::string::npos ? std::string() : v.substr(a, b - a + 1);
}

template <class T> void convert(const char *raw, std::size_t n, std::vector<double> &out) {
  for (std::size_t i = 0; i < n; ++i) {
    T x;
    std::memcpy(&x, raw + i * sizeof(T), sizeof(T));
    out[i] = static_cast<double>(x);
  }
}

} // namespace

NpyArray readNpy(const std::filesystem::path &path) {
  auto fail = [&](const std::string &why) -> Error { return Error("cannot read '" + path.string() + "': " + why); };
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) throw fail(std::strerror(errno));
  std::string bytes;
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
  std::fclose(f);
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw fail("not a .npy file");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  std::size_t headerLen, start;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
    start = 10;
  } else {
    if (bytes.size() < 12) throw fail("truncated header");
    headerLen = 0;
    for (int k = 3; k >= 0; --k) headerLen = headerLen << 8 | static_cast<unsigned char>(bytes[8 + k]);
    start = 12;
  }
  if (bytes.size() < start + headerLen) throw fail("truncated header");
  std::string dict = bytes.substr(start, headerLen);
  std::string descr = dictValue(dict, "descr");
  if (dictValue(dict, "fortran_order") != "False") throw fail("Fortran-order arrays are not supported");
  NpyArray out;
  std::string shape = dictValue(dict, "shape");
  std::size_t n = 1;
  for (std::size_t p = 0; p < shape.size();) {
    std::size_t q = shape.find_first_of("0123456789", p);
    if (q == std::string::npos) break;
    std::size_t e = shape.find_first_not_of("0123456789", q);
    out.shape.push_back(std::stoll(shape.substr(q, e - q)));
    n *= static_cast<std::size_t>(out.shape.back());
    p = e == std::string::npos ? shape.size() : e;
  }
  if (descr.size() < 3 || descr[0] == '>') throw fail("unsupported dtype '" + descr + "' (use little-endian)");
  char kind = descr[1];
  std::size_t width = std::stoul(descr.substr(2));
  const char *raw = bytes.data() + start + headerLen;
  if (bytes.size() - start - headerLen < n * width) throw fail("truncated data");
  out.data.assign(n, 0.0);
  if (kind == 'f' && width == 8) convert<double>(raw, n, out.data);
  else if (kind == 'f' && width == 4) convert<float>(raw, n, out.data);
  else if (kind == 'i' && width == 8) convert<std::int64_t>(raw, n, out.data);
  else if (kind == 'i' && width == 4) convert<std::int32_t>(raw, n, out.data);
  else if (kind == 'i' && width == 2) convert<std::int16_t>(raw, n, out.data);
  else if (kind == 'i' && width == 1) convert<std::int8_t>(raw, n, out.data);
  else if ((kind == 'u' || kind == 'b') && width == 1) convert<std::uint8_t>(raw, n, out.data);
  else if (kind == 'u' && width == 2) convert<std::uint16_t>(raw, n, out.data);
  else if (kind == 'u' && width == 4) convert<std::uint32_t>(raw, n, out.data);
  else if (kind == 'u' && width == 8) convert<std::uint64_t>(raw, n, out.data);
  else throw fail("unsupported dtype '" + descr + "'");
  return out;
}

} // namespace bdlrt
