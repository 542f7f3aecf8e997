// SPDX-License-Identifier: Apache-2.0
//===- SlowPoints.cpp - minima of the network's speed ----------------------===//
//
// Sussillo & Barak, Neural Comput 25:626 (2013): fixed and slow points of a
// high-dimensional network are the minima of q(x) = |F(x)|^2 / 2, searched
// from states the network visits. Here each start is the end of a
// trajectory (Heun at the experiment's step) from a random state in the
// box, and q is minimised by Levenberg-Marquardt in the scaled states
// z = x / range (Marquardt's diagonal scaling of J^T J), with the network's
// symbolic Jacobian. Minima closer than 1e-4 of the range are merged.
#include "analysis/Analysis.h"
#include "analysis/Network.h"

#include <Eigen/Cholesky>

#include <cmath>
#include <random>

namespace bdl::analysis {

namespace {

struct Scaled {
  const Network &net;
  Vec scale; ///< per entry: the range of its state

  Vec speed(const Vec &x) const { return net.f(x).cwiseQuotient(scale); }
  /// d(F / scale) / d(x / scale).
  Mat jacobian(const Vec &x) const {
    Mat J = net.jacobian(x);
    for (Eigen::Index r = 0; r < J.rows(); ++r) J.row(r) /= scale[r];
    for (Eigen::Index c = 0; c < J.cols(); ++c) J.col(c) *= scale[c];
    return J;
  }
};

/// Levenberg-Marquardt from x: the point where q stops decreasing.
Vec minimise(const Scaled &s, Vec x) {
  Vec F = s.speed(x);
  double q = 0.5 * F.squaredNorm(), lambda = 1e-3;
  for (int it = 0; it < 200 && q > 0; ++it) {
    Mat J = s.jacobian(x);
    Mat H = J.transpose() * J;
    Vec g = J.transpose() * F;
    bool improved = false;
    while (lambda < 1e16) {
      Mat A = H;
      A.diagonal() += lambda * (H.diagonal().array() + 1e-300).matrix();
      Vec dz = A.ldlt().solve(-g);
      Vec y = x + dz.cwiseProduct(s.scale);
      Vec Fy = s.speed(y);
      double qy = 0.5 * Fy.squaredNorm();
      if (dz.allFinite() && std::isfinite(qy) && qy < q) {
        improved = true;
        bool stalled = q - qy <= 1e-15 * q && dz.cwiseAbs().maxCoeff() < 1e-14;
        x = y;
        F = Fy;
        q = qy;
        lambda = std::max(lambda / 10, 1e-15);
        if (stalled) return x;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break; // no direction lowers q: a minimum to rounding
  }
  return x;
}

} // namespace

std::vector<SlowPoint> slowPoints(const Network &net, const SlowPointOptions &o) {
  const Eigen::Index size = net.size();
  const int n = net.states();
  Scaled s{net, Vec(size)};
  for (Eigen::Index k = 0; k < size; ++k) {
    double r = o.hi[k % n] - o.lo[k % n];
    s.scale[k] = r > 0 ? r : 1;
  }
  const double settle = o.settle > 0 ? o.settle : 1000 * o.dt;
  const auto steps = static_cast<long>(std::ceil(settle / o.dt));
  std::vector<SlowPoint> found;
  for (int k = 0; k < o.starts; ++k) {
    std::mt19937_64 rng(o.seed * 1000003ULL + static_cast<std::uint64_t>(k));
    Vec x(size);
    for (Eigen::Index i = 0; i < size; ++i)
      x[i] = std::uniform_real_distribution<double>(o.lo[i % n], o.hi[i % n])(rng);
    for (long t = 0; t < steps && x.allFinite(); ++t) { // Heun
      Vec k1 = net.f(x);
      Vec k2 = net.f(x + o.dt * k1);
      x += 0.5 * o.dt * (k1 + k2);
    }
    if (!x.allFinite()) continue;
    double start = s.speed(x).norm();
    x = minimise(s, x);
    SlowPoint p;
    p.x = x;
    p.speed = s.speed(x).norm();
    p.fixed = p.speed <= 1e-9 * std::max(1.0, start);
    bool merged = false;
    for (SlowPoint &q : found)
      if ((q.x - x).cwiseQuotient(s.scale).cwiseAbs().maxCoeff() < 1e-4) {
        merged = true;
        if (p.speed < q.speed) q = p;
      }
    if (!merged) found.push_back(std::move(p));
  }
  for (SlowPoint &p : found) p.stability = classify(net.jacobian(p.x));
  std::sort(found.begin(), found.end(), [](const SlowPoint &a, const SlowPoint &b) { return a.speed < b.speed; });
  return found;
}

} // namespace bdl::analysis
