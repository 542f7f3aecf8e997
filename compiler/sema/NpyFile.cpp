// SPDX-License-Identifier: Apache-2.0
//===- NpyFile.cpp - .npy header: version, dtype, order, shape; finite values ===//
//
// Files named in a model are checked as hostile input: a header may claim
// 4 GiB, a shape 2^64 or -5, a dtype '<f99999999999'; each is refused with
// a reason instead of allocating, throwing or being read modulo 2^64.
#include "sema/NpyFile.h"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>

namespace bdl::sema {

namespace {

struct FileCloser {
  void operator()(std::FILE *f) const { std::fclose(f); }
};

/// The value of `'key': value` in the header dict, up to the next ',' at
/// tuple depth 0 (so a shape stays whole), trimmed of spaces and quotes.
std::optional<std::string> dictValue(const std::string &dict, const std::string &key) {
  std::size_t k = dict.find("'" + key + "'");
  if (k == std::string::npos) return std::nullopt;
  std::size_t p = dict.find(':', k);
  if (p == std::string::npos) return std::nullopt;
  int depth = 0;
  std::size_t e = p + 1;
  for (; e < dict.size(); ++e) {
    char c = dict[e];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == ',' && depth == 0) || c == '}') break;
  }
  std::string v = dict.substr(p + 1, e - p - 1);
  std::size_t a = v.find_first_not_of(" '\""), b = v.find_last_not_of(" '\"");
  return a == std::string::npos ? std::string() : v.substr(a, b - a + 1);
}

/// Element width in bytes of a dtype the runtime converts, 0 otherwise.
int dtypeWidth(const std::string &d, std::string &error) {
  static const std::array<const char *, 11> known = {"f8", "f4", "i8", "i4", "i2", "i1",
                                                     "u8", "u4", "u2", "u1", "b1"};
  if (d.size() >= 2 && d[0] == '>') {
    error = "big-endian arrays are not supported (save with a.astype(a.dtype.newbyteorder('<')))";
    return 0;
  }
  if (d == "<f2") {
    error = "float16 arrays are not supported; save them as float32 or float64 (a.astype(np.float32))";
    return 0;
  }
  bool single = d.size() == 3 && (d[2] == '1');
  for (const char *k : known)
    if (d.size() == 3 && d.substr(1) == k && (d[0] == '<' || (d[0] == '|' && single))) return d[2] - '0';
  // Quote at most a few characters of what the header claims.
  error = "unsupported dtype '" + d.substr(0, 16) + (d.size() > 16 ? "..." : "") +
          "' (float64/32, int8..64, uint8..64 or bool is needed)";
  return 0;
}

/// `(200, 10)`, `(5,)` or `()`; refuses negative, non-integer and
/// overflowing dimensions.
std::optional<std::vector<std::int64_t>> parseShape(const std::string &s, std::string &error) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') {
    error = "malformed shape in the header";
    return std::nullopt;
  }
  std::vector<std::int64_t> shape;
  std::string body = s.substr(1, s.size() - 2);
  std::size_t p = 0;
  while (p <= body.size()) {
    std::size_t q = body.find(',', p);
    if (q == std::string::npos) q = body.size();
    std::string tok = body.substr(p, q - p);
    std::size_t a = tok.find_first_not_of(' '), b = tok.find_last_not_of(' ');
    p = q + 1;
    if (a == std::string::npos) continue; // `(5,)`: nothing after the comma
    tok = tok.substr(a, b - a + 1);
    if (tok[0] == '-') {
      error = "negative dimension " + tok.substr(0, 24) + " in the shape";
      return std::nullopt;
    }
    std::int64_t v = 0;
    for (char c : tok) {
      if (c < '0' || c > '9') {
        error = "malformed shape in the header";
        return std::nullopt;
      }
      if (v > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) {
        error = "dimension " + tok.substr(0, 24) + (tok.size() > 24 ? "..." : "") + " is too large";
        return std::nullopt;
      }
      v = v * 10 + (c - '0');
    }
    shape.push_back(v);
  }
  return shape;
}

} // namespace

std::optional<NpyFile> inspectNpy(const std::string &path, std::string &error, bool scanValues) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec) {
    error = ec.value() == ENOENT ? std::strerror(ENOENT) : ec.message();
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    error = "not a regular file";
    return std::nullopt;
  }
  std::uint64_t fileSize = std::filesystem::file_size(path, ec);
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (ec || !f) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  unsigned char pre[12] = {};
  if (std::fread(pre, 1, 10, f.get()) < 10 || std::memcmp(pre, "\x93NUMPY", 6) != 0) {
    error = "not a .npy file";
    return std::nullopt;
  }
  if (pre[6] < 1 || pre[6] > 3 || pre[7] != 0) {
    error = "unsupported .npy format version " + std::to_string(pre[6]) + "." + std::to_string(pre[7]) +
            " (1.0, 2.0 and 3.0 are read)";
    return std::nullopt;
  }
  std::uint64_t len = pre[8] | pre[9] << 8, offset = 10;
  if (pre[6] != 1) { // versions 2 and 3: a 4-byte length
    if (std::fread(pre + 10, 1, 2, f.get()) < 2) {
      error = "truncated header";
      return std::nullopt;
    }
    len = 0;
    for (int k = 3; k >= 0; --k) len = len << 8 | pre[8 + k];
    offset = 12;
  }
  if (len > kNpyHeaderLimit) {
    error = "header of " + std::to_string(len) + " bytes is larger than the limit of 1 MiB";
    return std::nullopt;
  }
  if (offset + len > fileSize) {
    error = "truncated header";
    return std::nullopt;
  }
  std::string dict(len, '\0');
  if (std::fread(dict.data(), 1, len, f.get()) != len) {
    error = "truncated header";
    return std::nullopt;
  }
  offset += len;
  NpyFile out;
  auto descr = dictValue(dict, "descr");
  if (!descr) {
    error = "no dtype in the header";
    return std::nullopt;
  }
  out.dtype = *descr;
  int width = dtypeWidth(out.dtype, error);
  if (!width) return std::nullopt;
  if (dictValue(dict, "fortran_order") != "False") {
    error = "Fortran-order arrays are not supported (save with np.ascontiguousarray)";
    return std::nullopt;
  }
  auto shape = dictValue(dict, "shape");
  if (!shape) {
    error = "no shape in the header";
    return std::nullopt;
  }
  auto dims = parseShape(*shape, error);
  if (!dims) return std::nullopt;
  out.shape = std::move(*dims);
  std::uint64_t count = 1, available = (fileSize - offset) / static_cast<std::uint64_t>(width);
  for (std::int64_t d : out.shape)
    count = d == 0 || count == 0 ? 0 : (count > available / static_cast<std::uint64_t>(d) ? available + 1 : count * d);
  if (count > available) {
    error = "truncated data: the shape needs more than the " + std::to_string(fileSize - offset) +
            " bytes after the header";
    return std::nullopt;
  }
  if (out.dtype[1] != 'f' || !scanValues) return out;
  // Weights and initial values must be numbers: scan float data once.
  std::vector<char> buf(1 << 20);
  std::uint64_t index = 0;
  double previous = 0;
  while (index < count) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(count - index, buf.size() / width));
    if (std::fread(buf.data(), width, want, f.get()) != want) {
      error = "truncated data";
      return std::nullopt;
    }
    for (std::size_t k = 0; k < want; ++k, ++index) {
      double x;
      if (width == 8) std::memcpy(&x, buf.data() + k * 8, 8);
      else {
        float y;
        std::memcpy(&y, buf.data() + k * 4, 4);
        x = y;
      }
      if (!std::isfinite(x)) {
        out.nonFiniteIndex = static_cast<std::int64_t>(index);
        out.nonFiniteValue = x;
        return out;
      }
      if (index > 0 && !(x > previous) && !out.notAscendingIndex) out.notAscendingIndex = static_cast<std::int64_t>(index);
      previous = x;
    }
  }
  return out;
}

} // namespace bdl::sema
