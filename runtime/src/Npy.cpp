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
#include <memory>

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

void writeNpy(const std::filesystem::path &path, const std::int64_t *data,
              const std::vector<std::int64_t> &shape) {
  writeRaw(path, "<i8", data, sizeof(std::int64_t), shape);
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

/// Element width of a dtype the reader converts; 0 with `why` set otherwise.
std::size_t dtypeWidth(const std::string &d, std::string &why) {
  static const char *const known[] = {"f8", "f4", "i8", "i4", "i2", "i1", "u8", "u4", "u2", "u1", "b1"};
  for (const char *k : known)
    if (d.size() == 3 && d.compare(1, 2, k) == 0 && (d[0] == '<' || (d[0] == '|' && d[2] == '1')))
      return static_cast<std::size_t>(d[2] - '0');
  if (d == "<f2") why = "float16 arrays are not supported; save them as float32 or float64";
  else if (!d.empty() && d[0] == '>') why = "unsupported dtype '" + d.substr(0, 16) + "' (use little-endian)";
  else why = "unsupported dtype '" + d.substr(0, 16) + (d.size() > 16 ? "..." : "") + "'";
  return 0;
}

/// `(200, 10)`, `(5,)`, `()`; false on a negative, malformed or
/// overflowing dimension.
bool parseShape(const std::string &s, std::vector<std::int64_t> &shape) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  std::int64_t v = 0;
  bool digits = false, closed = false;
  for (std::size_t p = 1; p < s.size(); ++p) {
    char c = s[p];
    if (c >= '0' && c <= '9' && !closed) {
      if (v > (INT64_MAX - (c - '0')) / 10) return false;
      v = v * 10 + (c - '0');
      digits = true;
    } else if (c == ',' || c == ')') {
      if (digits) shape.push_back(v);
      else if (c == ',') return false;
      v = 0;
      digits = closed = false;
    } else if (c == ' ') {
      closed = digits;
    } else {
      return false;
    }
  }
  return true;
}

} // namespace

NpyArray readNpy(const std::filesystem::path &path) {
  auto fail = [&](const std::string &why) -> Error { return Error("cannot read '" + path.string() + "': " + why); };
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    if (!std::filesystem::exists(path, ec)) throw fail(std::strerror(ENOENT));
    throw fail("not a regular file");
  }
  std::uint64_t fileSize = std::filesystem::file_size(path, ec);
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) throw fail(std::strerror(errno));
  std::unique_ptr<std::FILE, int (*)(std::FILE *)> closer(f, std::fclose);
  unsigned char pre[12] = {};
  if (std::fread(pre, 1, 10, f) < 10 || std::memcmp(pre, "\x93NUMPY", 6) != 0) throw fail("not a .npy file");
  if (pre[6] < 1 || pre[6] > 3 || pre[7] != 0)
    throw fail("unsupported .npy format version " + std::to_string(pre[6]) + "." + std::to_string(pre[7]));
  std::uint64_t headerLen = pre[8] | pre[9] << 8, start = 10;
  if (pre[6] != 1) {
    if (std::fread(pre + 10, 1, 2, f) < 2) throw fail("truncated header");
    headerLen = 0;
    for (int k = 3; k >= 0; --k) headerLen = headerLen << 8 | pre[8 + k];
    start = 12;
  }
  // numpy writes a few hundred bytes; a hostile header may claim 4 GiB.
  if (headerLen > (1u << 20)) throw fail("header of " + std::to_string(headerLen) + " bytes is larger than 1 MiB");
  if (start + headerLen > fileSize) throw fail("truncated header");
  std::string dict(headerLen, '\0');
  if (std::fread(dict.data(), 1, headerLen, f) != headerLen) throw fail("truncated header");
  NpyArray out;
  out.dtype = dictValue(dict, "descr");
  std::string why;
  std::size_t width = dtypeWidth(out.dtype, why);
  if (!width) throw fail(why);
  if (dictValue(dict, "fortran_order") != "False") throw fail("Fortran-order arrays are not supported");
  if (!parseShape(dictValue(dict, "shape"), out.shape)) throw fail("malformed, negative or too large shape");
  std::uint64_t n = 1, available = (fileSize - start - headerLen) / width;
  for (std::int64_t d : out.shape)
    n = d == 0 || n == 0 ? 0 : (n > available / static_cast<std::uint64_t>(d) ? available + 1 : n * d);
  if (n > available) throw fail("truncated data");
  std::vector<char> bytes(n * width);
  if (n && std::fread(bytes.data(), width, n, f) != n) throw fail("truncated data");
  const char *raw = bytes.data();
  char kind = out.dtype[1];
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
  else convert<std::uint64_t>(raw, n, out.data);
  return out;
}

std::string describeNpy(const std::string &dtype, const std::vector<std::int64_t> &shape) {
  std::string out = dtype.empty() ? "shape (" : "'" + dtype + "' of shape (";
  for (std::size_t k = 0; k < shape.size(); ++k) out += (k ? ", " : "") + std::to_string(shape[k]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

} // namespace bdlrt
