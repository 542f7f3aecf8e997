// SPDX-License-Identifier: Apache-2.0
//===- StateArray.h - one variable's storage, double or float -------------===//
//
// Kernels of a model built with --precision single store every variable as
// float; the runtime keeps one code path for both by reading and writing
// through this class, which converts to and from double at the element.
// The kernels see only data(), an opaque pointer (bdlrt.h).

#ifndef BDLRT_STATE_ARRAY_H
#define BDLRT_STATE_ARRAY_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

namespace bdlrt {

/// Cache-line aligned storage: operator new gives 16 bytes, which makes
/// every 64-byte vector load of a kernel straddle two lines.
template <class T> struct LineAligned {
  using value_type = T;
  LineAligned() = default;
  template <class U> LineAligned(const LineAligned<U> &) {}
  T *allocate(std::size_t n) { return static_cast<T *>(::operator new(n * sizeof(T), std::align_val_t{64})); }
  void deallocate(T *p, std::size_t) { ::operator delete(p, std::align_val_t{64}); }
  template <class U> bool operator==(const LineAligned<U> &) const { return true; }
};

class StateArray {
public:
  /// n elements of `value` (rounded to float with `single`).
  void assign(std::int64_t n, double value, bool single) {
    single_ = single;
    n_ = n;
    bytes_.assign(static_cast<std::size_t>(n) * elementSize(), std::byte{0});
    for (std::int64_t i = 0; i < n; ++i)
      set(i, value);
  }
  std::int64_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  bool single() const { return single_; }
  std::size_t elementSize() const { return single_ ? sizeof(float) : sizeof(double); }
  /// What kernels index: n doubles or n floats (operator new's alignment).
  void *data() { return bytes_.empty() ? nullptr : bytes_.data(); }
  const void *data() const { return bytes_.empty() ? nullptr : bytes_.data(); }

  double operator[](std::int64_t i) const {
    if (single_) {
      float f;
      std::memcpy(&f, bytes_.data() + i * sizeof(float), sizeof f);
      return f;
    }
    double d;
    std::memcpy(&d, bytes_.data() + i * sizeof(double), sizeof d);
    return d;
  }
  /// Stores v, rounded to float in single precision.
  void set(std::int64_t i, double v) {
    if (single_) {
      float f = static_cast<float>(v);
      std::memcpy(bytes_.data() + i * sizeof(float), &f, sizeof f);
      return;
    }
    std::memcpy(bytes_.data() + i * sizeof(double), &v, sizeof v);
  }

private:
  std::vector<std::byte, LineAligned<std::byte>> bytes_;
  std::int64_t n_ = 0;
  bool single_ = false;
};

} // namespace bdlrt

#endif // BDLRT_STATE_ARRAY_H
