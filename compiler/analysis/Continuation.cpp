// SPDX-License-Identifier: Apache-2.0
//===- Continuation.cpp - pseudo-arclength continuation of fixed points ----===//
//
// The branch y(s) = (x(s), p(s)) of f(x, p) = 0 is followed by a predictor
// along the tangent t (the null vector of [f_x f_p], oriented as the last
// one) and a Newton corrector on the hyperplane orthogonal to t. Variables
// are scaled by the box and the parameter range so that one step length
// suits states in volts and parameters in amperes alike.
#include "analysis/Analysis.h"

#include <cmath>

namespace bdl::analysis {

namespace {

struct Tracer {
  System &s;
  ir::VarRef p;
  Vec scale; ///< x and p units: y_scaled = y / scale
  std::size_t n;

  void setP(double v) { s.setValue(p, v); }

  /// [f_x f_p] in scaled variables (n x n+1).
  Mat jac(const Vec &y) {
    setP(y[n]);
    Vec x = y.head(n);
    Mat A(n, n + 1);
    A.leftCols(n) = s.jacobian(x);
    A.col(n) = s.dfdp(p, x);
    for (std::size_t c = 0; c <= n; ++c) A.col(c) *= scale[c];
    return A;
  }

  Vec tangent(const Vec &y, const Vec &previous) {
    Mat A = jac(y);
    Eigen::FullPivLU<Mat> lu(A);
    Mat ker = lu.kernel();
    Vec t = ker.col(0).normalized();
    if (previous.size() && t.dot(previous) < 0) t = -t;
    return t;
  }

  /// Newton on f(y) = 0, t . (y - yp) = 0 in scaled variables.
  std::optional<Vec> correct(Vec y, const Vec &t, const Vec &yp) {
    for (int it = 0; it < 40; ++it) {
      setP(y[n]);
      Vec x = y.head(n);
      Vec f = s.f(x);
      if (!f.allFinite()) return std::nullopt;
      Mat M(n + 1, n + 1);
      M.topRows(n) = jac(y);
      M.row(n) = t.transpose();
      Vec r(n + 1);
      r.head(n) = f;
      r[n] = t.dot((y - yp).cwiseQuotient(scale));
      Eigen::FullPivLU<Mat> lu(M);
      if (!lu.isInvertible()) return std::nullopt;
      Vec dz = lu.solve(-r);
      y += dz.cwiseProduct(scale);
      if (dz.cwiseAbs().maxCoeff() < 1e-14) return y;
    }
    return std::nullopt;
  }
};

/// The real part of the complex pair nearest the imaginary axis (NaN if
/// none): it changes sign at a Hopf point.
double hopfTest(const Stability &st, double *imag) {
  double best = NAN;
  for (auto l : st.eigenvalues)
    if (l.imag() > 0 && (std::isnan(best) || std::fabs(l.real()) < std::fabs(best))) {
      best = l.real();
      if (imag) *imag = l.imag();
    }
  return best;
}

/// Eigenvalues in the open right half plane.
int unstableCount(const Stability &st) {
  int k = 0;
  for (auto l : st.eigenvalues) k += l.real() > 0;
  return k;
}

} // namespace

Branch continueBranch(System &s, const ir::VarRef &p, double pmin, double pmax, const Vec &x0, const Box &box) {
  Branch br;
  const std::size_t n = s.size();
  Tracer tr{s, p, Vec(n + 1), n};
  for (std::size_t k = 0; k < n; ++k) tr.scale[k] = std::fabs(box.hi[k] - box.lo[k]) > 0 ? box.hi[k] - box.lo[k] : 1;
  tr.scale[n] = pmax > pmin ? pmax - pmin : 1;
  double p0 = s.value(p);
  auto start = newton(s, x0, box);
  if (!start) return br;
  Vec y0(n + 1);
  y0.head(n) = *start;
  y0[n] = p0;

  std::vector<BranchPoint> backward, forward;
  for (int dir : {-1, 1}) {
    std::vector<BranchPoint> &out = dir < 0 ? backward : forward;
    Vec y = y0, t = tr.tangent(y0, Vec());
    if (t[n] * dir < 0) t = -t; // dir -1: decreasing p first
    double h = 0.01, length = 0;
    Stability st = classify(s.jacobian(y.head(n)));
    for (int step = 0; step < 20000 && length < 20; ++step) {
      Vec yp = y + h * t.cwiseProduct(tr.scale);
      auto yn = tr.correct(yp, t, yp);
      if (!yn) {
        if ((h *= 0.5) < 1e-9) break;
        continue;
      }
      Vec tn = tr.tangent(*yn, t);
      tr.setP((*yn)[n]);
      Stability stn = classify(s.jacobian(yn->head(n)));
      // Special points between y and yn: refine by bisection on the
      // arclength, correcting onto the branch at each trial.
      auto at = [&](double m) {
        Vec pred = y + m * t.cwiseProduct(tr.scale);
        return tr.correct(pred, t, pred);
      };
      auto refine = [&](auto test, double a, double b, Vec ya, Vec yb) {
        const bool sa = test(ya) > 0;
        while (b - a > 1e-15 * h) {
          double m = 0.5 * (a + b);
          auto ym = at(m);
          if (!ym) break;
          if ((test(*ym) > 0) == sa) {
            a = m;
            ya = *ym;
          } else {
            b = m;
            yb = *ym;
          }
        }
        return std::pair{Vec(0.5 * (ya + yb)), 0.5 * (a + b)};
      };
      auto count = [&](const Vec &q) {
        s.setValue(p, q[n]);
        return unstableCount(classify(s.jacobian(q.head(n))));
      };
      // A Hopf point: two more (or fewer) eigenvalues in the right half
      // plane between a and b. Counting, rather than following one complex
      // pair, also catches a pair that is still real at one end (a node
      // turning into a focus and crossing within the step).
      auto hopf = [&](double a, double b, const Vec &ya, const Vec &yb, int ca, int cb) {
        if (std::abs(ca - cb) != 2) return;
        Vec yh = refine([&](const Vec &q) { return count(q) - 0.5 * (ca + cb); }, a, b, ya, yb).first;
        s.setValue(p, yh[n]);
        double w = 0;
        hopfTest(classify(s.jacobian(yh.head(n))), &w);
        std::string why;
        Vec xh = yh.head(n);
        br.special.push_back({"hopf", yh[n], xh, w / (2 * M_PI), firstLyapunov(s, xh, why)});
      };
      const int ua = unstableCount(st), ub = unstableCount(stn);
      if (tn[n] * t[n] < 0) { // the parameter turns: a fold
        auto [yf, sf] = refine([&](const Vec &q) { return tr.tangent(q, t)[n] * t[n]; }, 0, h, y, *yn);
        br.special.push_back({"fold", yf[n], yf.head(n), 0, std::nullopt});
        // A Hopf point may lie in the same step, on either side of the fold
        // (where one eigenvalue crosses zero).
        double s0 = sf * (1 - 1e-3), s1 = sf + (h - sf) * 1e-3;
        auto y0 = at(s0), y1 = at(s1);
        if (y0) hopf(0, s0, y, *y0, ua, count(*y0));
        if (y1) hopf(s1, h, *y1, *yn, count(*y1), ub);
      } else {
        hopf(0, h, y, *yn, ua, ub);
      }
      length += h;
      y = *yn;
      t = tn;
      st = stn;
      out.push_back({y[n], y.head(n), st});
      if (y[n] < pmin || y[n] > pmax) break;
      bool outside = false;
      for (std::size_t k = 0; k < n; ++k) outside |= y[k] < box.lo[k] || y[k] > box.hi[k];
      if (outside) break;
      h = std::min(h * 1.3, 0.05);
    }
  }
  s.setValue(p, p0);
  br.points.assign(backward.rbegin(), backward.rend());
  br.points.push_back({p0, *start, classify(s.jacobian(*start))});
  br.points.insert(br.points.end(), forward.begin(), forward.end());
  std::sort(br.special.begin(), br.special.end(), [](const SpecialPoint &a, const SpecialPoint &b) { return a.p < b.p; });
  return br;
}

} // namespace bdl::analysis
