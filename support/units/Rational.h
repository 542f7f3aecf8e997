// SPDX-License-Identifier: Apache-2.0
//===- Rational.h - exact small rationals for dimension exponents ----------===//
#pragma once

#include <cstdint>
#include <numeric>
#include <string>

namespace bdl::units {

/// An exact rational num/den with den > 0 and gcd(num, den) == 1. Used for
/// dimension exponents (`sqrt(Hz)` is Hz^(1/2)). Arithmetic saturates into an
/// "overflowed" state instead of wrapping, so absurd user exponents such as
/// `x^999999999^99` are reported rather than silently wrong.
class Rational {
public:
  constexpr Rational() = default;
  constexpr Rational(std::int64_t n) : num_(n) {} // NOLINT: implicit by design
  Rational(std::int64_t n, std::int64_t d) { set(n, d); }

  std::int64_t num() const { return num_; }
  std::int64_t den() const { return den_; }
  bool isZero() const { return num_ == 0; }
  bool isInteger() const { return den_ == 1; }
  bool overflowed() const { return overflow_; }
  double toDouble() const { return static_cast<double>(num_) / static_cast<double>(den_); }

  friend Rational operator+(Rational a, Rational b) {
    return make(a, b, wide(a.num_) * b.den_ + wide(b.num_) * a.den_, wide(a.den_) * b.den_);
  }
  friend Rational operator-(Rational a, Rational b) { return a + (-b); }
  friend Rational operator*(Rational a, Rational b) {
    return make(a, b, wide(a.num_) * b.num_, wide(a.den_) * b.den_);
  }
  friend Rational operator/(Rational a, Rational b) {
    if (b.num_ == 0) {
      Rational r;
      r.overflow_ = true;
      return r;
    }
    return make(a, b, wide(a.num_) * b.den_, wide(a.den_) * b.num_);
  }
  Rational operator-() const {
    Rational r = *this;
    r.num_ = -r.num_;
    return r;
  }
  friend bool operator==(Rational a, Rational b) { return a.num_ == b.num_ && a.den_ == b.den_; }
  friend bool operator!=(Rational a, Rational b) { return !(a == b); }
  friend bool operator<(Rational a, Rational b) {
    return wide(a.num_) * b.den_ < wide(b.num_) * a.den_;
  }

  /// "2", "-1", "1/2", "-3/2".
  std::string str() const {
    return den_ == 1 ? std::to_string(num_) : std::to_string(num_) + "/" + std::to_string(den_);
  }

private:
  using Wide = __int128;
  static Wide wide(std::int64_t v) { return static_cast<Wide>(v); }
  static constexpr std::int64_t kLimit = std::int64_t(1) << 40;

  static Rational make(Rational a, Rational b, Wide n, Wide d) {
    Rational r;
    r.overflow_ = a.overflow_ || b.overflow_;
    if (d < 0) {
      n = -n;
      d = -d;
    }
    Wide g = gcdWide(n < 0 ? -n : n, d);
    if (g > 1) {
      n /= g;
      d /= g;
    }
    if (n > kLimit || n < -kLimit || d > kLimit) {
      r.overflow_ = true;
      return r;
    }
    r.num_ = static_cast<std::int64_t>(n);
    r.den_ = static_cast<std::int64_t>(d == 0 ? 1 : d);
    return r;
  }
  static Wide gcdWide(Wide a, Wide b) {
    while (b != 0) {
      Wide t = a % b;
      a = b;
      b = t;
    }
    return a == 0 ? 1 : a;
  }
  void set(std::int64_t n, std::int64_t d) {
    *this = make(Rational(), Rational(), n, d == 0 ? 1 : d);
    overflow_ = overflow_ || d == 0;
  }

  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
  bool overflow_ = false;
};

} // namespace bdl::units
