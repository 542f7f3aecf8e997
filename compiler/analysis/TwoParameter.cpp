// SPDX-License-Identifier: Apache-2.0
//===- TwoParameter.cpp - fold and Hopf curves in two parameters ----------===//
//
// A fold or Hopf point found by one-parameter continuation is followed in a
// second parameter: the curve of (x, p1, p2) with f(x, p1, p2) = 0 and one
// test function psi = 0, by pseudo-arclength continuation of these n + 1
// equations in n + 2 unknowns. psi is det J for folds, and for Hopf points
// det(2 J (.) I), the bialternate product, which vanishes when two
// eigenvalues sum to zero (a Hopf pair, or a neutral saddle: the same test
// as AUTO's); in two dimensions it is trace J. The derivatives of f are the
// symbolic ones; those of psi are central differences of it.
#include "analysis/Analysis.h"

#include <cmath>

namespace bdl::analysis {

Mat bialternate(const Mat &A) {
  const auto n = A.rows();
  const Eigen::Index m = n * (n - 1) / 2;
  Mat B = Mat::Zero(m, m);
  Eigen::Index row = 0;
  for (Eigen::Index p = 1; p < n; ++p)
    for (Eigen::Index q = 0; q < p; ++q, ++row) {
      Eigen::Index col = 0;
      for (Eigen::Index r = 1; r < n; ++r)
        for (Eigen::Index s = 0; s < r; ++s, ++col) {
          double v = 0;
          if (r == q) v = -A(p, s);
          else if (r != p && s == q) v = A(p, r);
          else if (r == p && s == q) v = A(p, p) + A(q, q);
          else if (r == p && s != q) v = A(q, s);
          else if (s == p) v = -A(q, r);
          B(row, col) = v;
        }
    }
  return B;
}

namespace {

struct CurveTracer {
  System &s;
  ir::VarRef p1, p2;
  bool hopf;
  Vec scale; // n + 2
  std::size_t n;

  void set(const Vec &z) {
    s.setValue(p1, z[n]);
    s.setValue(p2, z[n + 1]);
  }

  double psi(const Vec &z) {
    set(z);
    Mat J = s.jacobian(z.head(n));
    return n == 1 ? J(0, 0) : hopf ? (n == 2 ? J.trace() : bialternate(J).determinant()) : J.determinant();
  }

  Vec residual(const Vec &z) {
    set(z);
    Vec r(n + 1);
    r.head(n) = s.f(z.head(n));
    r[n] = psi(z);
    return r;
  }

  /// d residual / d z_scaled: (n + 1) x (n + 2).
  Mat jac(const Vec &z) {
    Mat A(n + 1, n + 2);
    set(z);
    A.topLeftCorner(n, n) = s.jacobian(z.head(n));
    A.col(n).head(n) = s.dfdp(p1, z.head(n));
    A.col(n + 1).head(n) = s.dfdp(p2, z.head(n));
    for (std::size_t c = 0; c < n + 2; ++c) { // psi's row by central differences
      double h = 1e-7 * scale[c];
      Vec a = z, b = z;
      a[c] += h;
      b[c] -= h;
      A(n, c) = (psi(a) - psi(b)) / (2 * h);
    }
    for (std::size_t c = 0; c < n + 2; ++c) A.col(c) *= scale[c];
    set(z);
    return A;
  }

  Vec tangent(const Vec &z, const Vec &previous) {
    Eigen::FullPivLU<Mat> lu(jac(z));
    Vec t = lu.kernel().col(0).normalized();
    if (previous.size() && t.dot(previous) < 0) t = -t;
    return t;
  }

  std::optional<Vec> correct(Vec z, const Vec &t, const Vec &zp) {
    for (int it = 0; it < 30; ++it) {
      Vec r = residual(z);
      if (!r.allFinite()) return std::nullopt;
      Mat M(n + 2, n + 2);
      M.topRows(n + 1) = jac(z);
      M.row(n + 1) = t.transpose();
      Vec rr(n + 2);
      rr.head(n + 1) = r;
      rr[n + 1] = t.dot((z - zp).cwiseQuotient(scale));
      Eigen::FullPivLU<Mat> lu(M);
      if (!lu.isInvertible()) return std::nullopt;
      Vec dz = lu.solve(-rr);
      z += dz.cwiseProduct(scale);
      if (dz.cwiseAbs().maxCoeff() < 1e-12) return z;
    }
    return std::nullopt;
  }
};

} // namespace

Curve continueCurve(System &s, const SpecialPoint &start, const ir::VarRef &p1, const ir::VarRef &p2,
                    double p1min, double p1max, double p2min, double p2max, const Box &box) {
  Curve out;
  out.kind = start.kind;
  const std::size_t n = s.size();
  CurveTracer tr{s, p1, p2, start.kind == "hopf", Vec(n + 2), n};
  for (std::size_t k = 0; k < n; ++k) tr.scale[k] = std::fabs(box.hi[k] - box.lo[k]) > 0 ? box.hi[k] - box.lo[k] : 1;
  tr.scale[n] = p1max > p1min ? p1max - p1min : 1;
  tr.scale[n + 1] = p2max > p2min ? p2max - p2min : 1;
  double p1v = s.value(p1), p2v = s.value(p2);
  Vec z0(n + 2);
  z0.head(n) = start.x;
  z0[n] = start.p;
  z0[n + 1] = p2v;
  std::vector<Vec> sides[2];
  for (int dir : {-1, 1}) {
    Vec z = z0, t = tr.tangent(z0, Vec());
    if (t[n + 1] * dir < 0) t = -t;
    double h = 0.01;
    for (int step = 0; step < 4000; ++step) {
      Vec zp = z + h * t.cwiseProduct(tr.scale);
      auto zn = tr.correct(zp, t, zp);
      if (!zn) {
        if ((h *= 0.5) < 1e-8) break;
        continue;
      }
      t = tr.tangent(*zn, t);
      z = *zn;
      sides[dir > 0].push_back(z);
      if (z[n] < p1min || z[n] > p1max || z[n + 1] < p2min || z[n + 1] > p2max) break;
      bool outside = false;
      for (std::size_t k = 0; k < n; ++k) outside |= z[k] < box.lo[k] || z[k] > box.hi[k];
      // Two eigenvalues that sum to zero while real (a neutral saddle) end a Hopf curve.
      if (outside) break;
      if (step > 10 && (z - z0).cwiseQuotient(tr.scale).norm() < 0.5 * h) break; // closed curve
      h = std::min(h * 1.3, 0.02);
    }
  }
  s.setValue(p1, p1v);
  s.setValue(p2, p2v);
  for (auto it = sides[0].rbegin(); it != sides[0].rend(); ++it) out.points.push_back({(*it)[n], (*it)[n + 1]});
  out.points.push_back({z0[n], z0[n + 1]});
  for (const Vec &z : sides[1]) out.points.push_back({z[n], z[n + 1]});
  return out;
}

} // namespace bdl::analysis
