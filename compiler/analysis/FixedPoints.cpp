// SPDX-License-Identifier: Apache-2.0
//===- FixedPoints.cpp - Newton from a grid, and stability classes ---------===//
#include "analysis/Analysis.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>

namespace bdl::analysis {

Stability classify(const Mat &J) {
  Stability s;
  Eigen::EigenSolver<Mat> es(J, false);
  for (Eigen::Index k = 0; k < es.eigenvalues().size(); ++k) s.eigenvalues.push_back(es.eigenvalues()[k]);
  std::sort(s.eigenvalues.begin(), s.eigenvalues.end(), [](auto a, auto b) {
    return a.real() != b.real() ? a.real() > b.real() : a.imag() > b.imag();
  });
  double scale = 0;
  for (auto l : s.eigenvalues) scale = std::max(scale, std::abs(l));
  double tol = 1e-9 * std::max(scale, 1e-300);
  int unstable = 0, centre = 0;
  bool complexLead = false;
  for (auto l : s.eigenvalues) {
    if (std::fabs(l.real()) <= tol) ++centre;
    else if (l.real() > 0) ++unstable;
  }
  if (!s.eigenvalues.empty()) complexLead = std::fabs(s.eigenvalues.front().imag()) > tol;
  std::size_t n = s.eigenvalues.size();
  s.stable = unstable == 0 && centre == 0;
  if (centre > 0) {
    bool pureImag = n == 2 && complexLead;
    s.kind = pureImag ? "centre" : "non-hyperbolic";
  } else if (n == 1) {
    s.kind = unstable ? "unstable node" : "stable node";
  } else if (n == 2) {
    if (unstable == 1) s.kind = "saddle";
    else s.kind = std::string(unstable ? "unstable " : "stable ") + (complexLead ? "focus" : "node");
  } else {
    s.kind = unstable == 0 ? "stable" : "unstable (" + std::to_string(unstable) + " of " + std::to_string(n) + ")";
    if (complexLead) s.kind += ", focus";
  }
  return s;
}

namespace {

double scaleOf(const Box &box, Eigen::Index k) {
  double s = std::fabs(box.hi[k] - box.lo[k]);
  return s > 0 ? s : 1;
}

bool inside(const Vec &x, const Box &box) {
  for (Eigen::Index k = 0; k < x.size(); ++k) {
    double margin = 1e-9 * scaleOf(box, k);
    if (!(x[k] >= box.lo[k] - margin && x[k] <= box.hi[k] + margin)) return false;
  }
  return true;
}

} // namespace

std::optional<Vec> newton(const System &s, Vec x, const Box &box) {
  for (int it = 0; it < 60; ++it) {
    Vec f = s.f(x);
    if (!f.allFinite()) return std::nullopt;
    Mat J = s.jacobian(x);
    Eigen::FullPivLU<Mat> lu(J);
    if (!lu.isInvertible()) return std::nullopt;
    Vec dx = lu.solve(-f);
    // Damped: no step longer than the box, so a seed far out cannot jump
    // across the phase space.
    double worst = 0;
    for (Eigen::Index k = 0; k < dx.size(); ++k) worst = std::max(worst, std::fabs(dx[k]) / scaleOf(box, k));
    if (worst > 0.5) dx *= 0.5 / worst;
    x += dx;
    bool small = true;
    for (Eigen::Index k = 0; k < dx.size(); ++k) small &= std::fabs(dx[k]) <= 1e-13 * scaleOf(box, k) + 1e-300;
    if (small) return x;
  }
  return std::nullopt;
}

std::vector<FixedPoint> fixedPoints(const System &s, const Box &box, int perAxis) {
  const auto n = static_cast<int>(s.size());
  if (perAxis <= 0) perAxis = n <= 2 ? 24 : n == 3 ? 10 : n == 4 ? 6 : 3;
  std::vector<FixedPoint> out;
  std::vector<int> idx(n, 0);
  for (;;) {
    Vec seed(n);
    for (int k = 0; k < n; ++k)
      seed[k] = box.lo[k] + (box.hi[k] - box.lo[k]) * (idx[k] + 0.5) / perAxis;
    if (auto x = newton(s, seed, box); x && inside(*x, box)) {
      bool seen = false;
      for (const FixedPoint &fp : out) {
        bool same = true;
        for (int k = 0; k < n; ++k) same &= std::fabs(fp.x[k] - (*x)[k]) <= 1e-7 * scaleOf(box, k);
        seen |= same;
      }
      if (!seen) out.push_back({*x, classify(s.jacobian(*x))});
    }
    int k = 0;
    while (k < n && ++idx[k] == perAxis) idx[k++] = 0;
    if (k == n) break;
  }
  std::sort(out.begin(), out.end(), [](const FixedPoint &a, const FixedPoint &b) { return a.x[0] < b.x[0]; });
  return out;
}

} // namespace bdl::analysis
