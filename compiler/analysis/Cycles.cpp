// SPDX-License-Identifier: Apache-2.0
//===- Cycles.cpp - limit cycles by simulation ----------------------------===//
//
// From a point near an unstable fixed point, the system is integrated with
// classical RK4 (step: 1/400 of the period its leading complex pair
// suggests) until the time between successive upward crossings of the first
// state through the fixed point's value settles (relative change < 1e-9);
// crossings are located by cubic Hermite interpolation between steps, with
// the derivative f. The cycle's period and each state's extremes over the
// last period are reported. This finds stable cycles only; continuing
// unstable ones needs periodic-orbit continuation (collocation), not here.
#include "analysis/Analysis.h"

#include <cmath>

namespace bdl::analysis {

Vec rk4(const System &s, const Vec &x, double h) {
  Vec k1 = s.f(x), k2 = s.f(x + 0.5 * h * k1), k3 = s.f(x + 0.5 * h * k2), k4 = s.f(x + h * k3);
  return x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
}

namespace {

/// The time in [0, h] where the Hermite cubic through (a, fa) and (b, fb)
/// crosses `level` (component 0), by bisection.
double crossing(double a, double fa, double b, double fb, double h, double level) {
  auto at = [&](double s) {
    double u = s / h, u2 = u * u, u3 = u2 * u;
    return (2 * u3 - 3 * u2 + 1) * a + (u3 - 2 * u2 + u) * h * fa + (-2 * u3 + 3 * u2) * b + (u3 - u2) * h * fb;
  };
  double lo = 0, hi = h;
  for (int it = 0; it < 80; ++it) {
    double m = 0.5 * (lo + hi);
    ((at(m) - level) < 0 ? lo : hi) = m;
  }
  return 0.5 * (lo + hi);
}

} // namespace

std::optional<Cycle> limitCycle(const System &s, const Vec &fixed, const Stability &st, const Box &box) {
  double w = 0;
  for (auto l : st.eigenvalues) w = std::max(w, std::fabs(l.imag()));
  if (!(w > 0)) return std::nullopt; // no rotation: no cycle around this point
  const auto n = fixed.size();
  double h = 2 * M_PI / w / 400;
  Vec x = fixed;
  for (Eigen::Index k = 0; k < n; ++k) x[k] += 1e-3 * (box.hi[k] - box.lo[k]);
  double level = fixed[0], t = 0, last = -1, period = -1;
  Vec lo = x, hi = x, prevLo, prevHi;
  std::vector<Vec> since; // the states since the last upward crossing
  double quiet = 50 * 2 * M_PI / w; // no crossing for 50 periods: it settled on a point
  for (long step = 0; step < 4000000; ++step) {
    if (t - std::max(last, 0.0) > quiet) return std::nullopt;
    Vec y = rk4(s, x, h);
    if (!y.allFinite()) return std::nullopt;
    for (Eigen::Index k = 0; k < n; ++k)
      if (y[k] < box.lo[k] - (box.hi[k] - box.lo[k]) || y[k] > box.hi[k] + (box.hi[k] - box.lo[k]))
        return std::nullopt; // escaped: no bounded cycle
    lo = lo.cwiseMin(y);
    hi = hi.cwiseMax(y);
    since.push_back(y);
    if (x[0] < level && y[0] >= level) {
      double tc = t + crossing(x[0], s.f(x)[0], y[0], s.f(y)[0], h, level);
      if (last >= 0) {
        double p = tc - last;
        // Settled: the period and the extremes repeat (the extremes are
        // sampled at steps of 1/1000 period, so they jitter by ~5e-6 of the
        // range from cycle to cycle; the period is interpolated).
        double range = (hi - lo).cwiseAbs().maxCoeff();
        bool same = prevLo.size() && ((lo - prevLo).cwiseAbs().maxCoeff() <= 2e-5 * range) &&
                    ((hi - prevHi).cwiseAbs().maxCoeff() <= 2e-5 * range);
        if (period > 0 && std::fabs(p - period) <= 1e-9 * p && same) {
          Cycle c;
          c.period = p;
          c.min = lo;
          c.max = hi;
          c.orbit = std::move(since);
          return c;
        }
        prevLo = lo;
        prevHi = hi;
        period = p;
        // The step adapts to the period found: 1/1000 of it.
        h = p / 1000;
      }
      last = tc;
      lo = hi = y;
      since.assign(1, y);
    }
    x = y;
    t += h;
  }
  return std::nullopt;
}

} // namespace bdl::analysis
