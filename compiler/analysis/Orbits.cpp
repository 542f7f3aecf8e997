// SPDX-License-Identifier: Apache-2.0
//===- Orbits.cpp - continuation of periodic orbits from a Hopf point -------===//
//
// The method of AUTO-07p (Doedel et al.): orthogonal collocation
// (Collocation.h), the integral phase condition int u . u_ref' ds = 0 against
// the previous orbit, and pseudo-arclength steps in the scaled unknowns
// (each state by its box range, the period by the Hopf's 2 pi / omega, the
// parameter by its range; the orbit's share of the inner product is its mean
// over the nodes). The branch starts at the Hopf point x* with the tangent
// u(s) = Re(q exp(2 pi i s)) (q the critical eigenvector), period
// 2 pi / omega. Folds of cycles (the tangent's parameter component changes
// sign) and requested parameter values are located between two points of the
// branch by the Illinois method on the step length, correcting onto the
// branch at each trial. The Jacobian is sparse (a band of interval blocks
// and the period, parameter, phase and arclength rows), factorised by
// Eigen's SparseLU.
#include "analysis/Analysis.h"
#include "analysis/Collocation.h"

#include <Eigen/Eigenvalues>
#include <Eigen/SparseLU>

#include <cmath>

namespace bdl::analysis {

namespace {

using Sparse = Eigen::SparseMatrix<double>;

struct Tracer {
  Collocation &col;
  Vec S;            ///< SI value of one scaled unit, per unknown
  Vec stateScale;   ///< the states' part of S
  Eigen::Index U;   ///< the number of node values

  double dot(const Vec &a, const Vec &b) const {
    return a.head(U).dot(b.head(U)) / double(U / col.n()) + a.tail(2).dot(b.tail(2));
  }
  Vec normalized(const Vec &t) const { return t / std::sqrt(dot(t, t)); }

  /// The square system: collocation and phase rows, then `last` (the
  /// weights of the scaled inner product with `tau`).
  Sparse square(const Sparse &J, const Vec &tau) const {
    std::vector<Eigen::Triplet<double>> nz;
    nz.reserve(J.nonZeros() + J.cols());
    for (int k = 0; k < J.outerSize(); ++k)
      for (Sparse::InnerIterator it(J, k); it; ++it) nz.emplace_back(it.row(), it.col(), it.value());
    for (Eigen::Index k = 0; k < J.cols(); ++k) {
      double w = (k < U ? 1.0 / double(U / col.n()) : 1.0) * tau[k] / S[k];
      if (w != 0) nz.emplace_back(J.rows(), k, w);
    }
    Sparse M(J.rows() + 1, J.cols());
    M.setFromTriplets(nz.begin(), nz.end());
    M.makeCompressed();
    return M;
  }

  /// Newton from `pred` on the collocation and phase equations and
  /// dot((Z - pred) / S, tau) = 0. Returns the orbit and the iterations.
  std::optional<std::pair<Vec, int>> correct(const Vec &pred, const Vec &tau, const Vec &ref) const {
    Vec Z = pred, G;
    Sparse J;
    for (int it = 1; it <= 15; ++it) {
      col.residual(Z, ref, stateScale, G, &J);
      if (!G.allFinite()) return std::nullopt;
      Vec r(Z.size());
      r.head(G.size()) = G;
      r[G.size()] = dot((Z - pred).cwiseQuotient(S), tau);
      Eigen::SparseLU<Sparse> lu;
      lu.compute(square(J, tau));
      if (lu.info() != Eigen::Success) return std::nullopt;
      Vec dz = lu.solve(-r);
      if (!dz.allFinite()) return std::nullopt;
      Z += dz;
      if (dz.cwiseQuotient(S).cwiseAbs().maxCoeff() < 1e-11) return std::pair{Z, it};
    }
    return std::nullopt;
  }

  /// The branch's tangent at Z (scaled, unit length), oriented along `tau`.
  std::optional<Vec> tangent(const Vec &Z, const Vec &tau, const Vec &ref) const {
    Vec G;
    Sparse J;
    col.residual(Z, ref, stateScale, G, &J);
    Eigen::SparseLU<Sparse> lu;
    lu.compute(square(J, tau));
    if (lu.info() != Eigen::Success) return std::nullopt;
    Vec rhs = Vec::Zero(Z.size());
    rhs[Z.size() - 1] = 1;
    Vec t = lu.solve(rhs);
    if (!t.allFinite()) return std::nullopt;
    return normalized(t.cwiseQuotient(S));
  }

  OrbitPoint describe(const Vec &Z) const {
    OrbitPoint o;
    o.p = Z[col.ip()];
    o.period = Z[col.iT()];
    const int n = col.n(), N = col.intervals(), m = col.degree();
    o.min.resize(n);
    o.max.resize(n);
    // Each state's extremes: the best of 4 m samples per interval, refined
    // by golden-section search on the piecewise polynomial.
    std::vector<double> at;
    for (int j = 0; j < N; ++j)
      for (int q = 0; q < 4 * m; ++q)
        at.push_back(col.mesh()[j] + (col.mesh()[j + 1] - col.mesh()[j]) * q / (4 * m));
    for (int i = 0; i < n; ++i)
      for (int sign : {1, -1}) {
        std::size_t best = 0;
        for (std::size_t k = 1; k < at.size(); ++k)
          if (sign * col.at(Z, i, at[k]) > sign * col.at(Z, i, at[best])) best = k;
        double a = best ? at[best - 1] : at.back() - 1, b = best + 1 < at.size() ? at[best + 1] : 1 + at[0];
        const double g = (std::sqrt(5.0) - 1) / 2;
        for (int it = 0; it < 80; ++it) {
          double c = b - g * (b - a), d = a + g * (b - a);
          if (sign * col.at(Z, i, c) > sign * col.at(Z, i, d)) b = d;
          else a = c;
        }
        double v = col.at(Z, i, 0.5 * (a + b));
        (sign > 0 ? o.max : o.min)[i] = v;
      }
    o.multipliers = col.multipliers(Z);
    // Stable when every multiplier but the trivial one (the nearest to 1)
    // lies inside the unit circle.
    std::size_t trivial = 0;
    for (std::size_t k = 1; k < o.multipliers.size(); ++k)
      if (std::abs(o.multipliers[k] - 1.0) < std::abs(o.multipliers[trivial] - 1.0)) trivial = k;
    o.stable = true;
    for (std::size_t k = 0; k < o.multipliers.size(); ++k)
      if (k != trivial && std::abs(o.multipliers[k]) >= 1) o.stable = false;
    return o;
  }
};

} // namespace

/// The scales of the unknowns: each state by its box range, the period by
/// `period`, the parameter by its range.
Tracer tracer(Collocation &col, const Box &box, double period, double pmin, double pmax) {
  const Eigen::Index n = col.n(), U = col.size() - 2;
  Tracer tr{col, Vec(col.size()), Vec(n), U};
  for (Eigen::Index i = 0; i < n; ++i) tr.stateScale[i] = box.hi[i] > box.lo[i] ? box.hi[i] - box.lo[i] : 1;
  for (Eigen::Index k = 0; k < U; ++k) tr.S[k] = tr.stateScale[k % n];
  tr.S[col.iT()] = period;
  tr.S[col.ip()] = pmax > pmin ? pmax - pmin : 1;
  return tr;
}

/// Pseudo-arclength steps from the orbit Z along tau (phase reference
/// ref), appending orbits and special points to br, until a stop (the
/// branch's `end`).
void walk(Tracer &tr, Collocation &col, Vec Z, Vec tau, Vec ref, double pmin, double pmax, const OrbitOptions &options,
          OrbitBranch &br) {
  const double T0 = Z[col.iT()];
  const double dsMin = 1e-8, dsMax = 0.05;
  double ds = 0.01;
  auto located = [&](const Vec &Z0, const Vec &t0, const Vec &r0, double h, auto test) -> std::optional<Vec> {
    // Illinois on the step length: test changes sign between 0 and h.
    double a = 0, b = h, ga = test(Z0, t0), gb = NAN;
    auto at = [&](double sigma) -> std::optional<Vec> {
      auto c = tr.correct(Z0 + sigma * t0.cwiseProduct(tr.S), t0, r0);
      return c ? std::optional<Vec>(c->first) : std::nullopt;
    };
    auto Zb = at(b);
    if (!Zb) return std::nullopt;
    gb = test(*Zb, t0);
    Vec best = *Zb;
    int side = 0;
    for (int it = 0; it < 60 && b - a > 1e-14 * h; ++it) {
      double c = b - gb * (b - a) / (gb - ga);
      if (!(c > a && c < b)) c = 0.5 * (a + b);
      auto Zc = at(c);
      if (!Zc) return std::nullopt;
      double gc = test(*Zc, t0);
      best = *Zc;
      if (gc == 0) break;
      if ((gc > 0) == (gb > 0)) {
        b = c;
        gb = gc;
        if (side == -1) ga /= 2;
        side = -1;
      } else {
        a = c;
        ga = gc;
        if (side == 1) gb /= 2;
        side = 1;
      }
      if (std::fabs(gc) < 1e-13) break;
    }
    return best;
  };

  double lastAmplitude = 0;
  for (int step = 0;; ++step) {
    if (step >= options.maxSteps) {
      br.end = "reached " + std::to_string(options.maxSteps) + " steps";
      break;
    }
    auto next = tr.correct(Z + ds * tau.cwiseProduct(tr.S), tau, ref);
    std::optional<Vec> tn;
    if (next) tn = tr.tangent(next->first, tau, ref);
    if (!next || !tn) {
      if ((ds *= 0.5) < dsMin) {
        br.end = "the corrector failed at the smallest step";
        break;
      }
      continue;
    }
    const Vec &Zn = next->first;
    // Folds of cycles and requested values between Z and Zn, in the order
    // met along the step.
    std::vector<std::pair<double, OrbitSpecial>> found;
    if ((*tn)[col.ip()] * tau[col.ip()] < 0) {
      auto Zf = located(Z, tau, ref, ds, [&](const Vec &X, const Vec &t) {
        auto tx = tr.tangent(X, t, ref);
        return tx ? (*tx)[col.ip()] * t[col.ip()] : 0.0;
      });
      if (Zf) found.push_back({std::fabs((*Zf - Z).cwiseQuotient(tr.S).norm()), {"fold", tr.describe(*Zf)}});
    }
    for (double v : options.at)
      if ((Z[col.ip()] - v) * (Zn[col.ip()] - v) < 0) {
        auto Zv = located(Z, tau, ref, ds, [&](const Vec &X, const Vec &) { return X[col.ip()] - v; });
        if (Zv) found.push_back({std::fabs((*Zv - Z).cwiseQuotient(tr.S).norm()), {"at", tr.describe(*Zv)}});
      }
    std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (auto &f : found) br.special.push_back(std::move(f.second));

    Z = Zn;
    tau = *tn;
    br.points.push_back(tr.describe(Z));
    const OrbitPoint &o = br.points.back();
    // Mesh adaptation moves the nodes; the tangent moves with them.
    Vec tauSI = tau.cwiseProduct(tr.S);
    col.adapt({&Z, &tauSI}, tr.stateScale);
    tau = tr.normalized(tauSI.cwiseQuotient(tr.S));
    ref = col.derivative(Z);

    if (o.p < pmin || o.p > pmax) {
      br.end = "left the parameter range";
      break;
    }
    // Towards a homoclinic orbit the period grows without bound while the
    // parameter settles: stop once it has grown tenfold and the last 20
    // orbits lie within 1e-9 of the range in the parameter.
    const bool settled = br.points.size() > 20 &&
                         std::fabs(o.p - br.points[br.points.size() - 21].p) <= 1e-9 * tr.S[col.ip()];
    if (o.period > 100 * T0 || (o.period > 10 * T0 && settled)) {
      br.end = "the period grows without bound (towards a homoclinic orbit)";
      break;
    }
    // Back at a Hopf point the amplitude, nearly linear in the arclength
    // there, reaches zero within the next step or two; past it the branch
    // would repeat itself with the orbits' phase reversed.
    double amplitude = (o.max - o.min).cwiseQuotient(tr.stateScale).cwiseAbs().maxCoeff();
    if (amplitude < lastAmplitude && amplitude < 1.5 * (lastAmplitude - amplitude)) {
      br.end = "the orbits shrink to a fixed point";
      br.endsAtHopf = true;
      break;
    }
    lastAmplitude = amplitude;
    if (next->second <= 3) ds = std::min(ds * 1.5, dsMax);
    else if (next->second > 6) ds *= 0.5;
  }
}

OrbitBranch continueOrbits(System &s, const ir::VarRef &p, double pmin, double pmax, const SpecialPoint &hopf,
                           const Box &box, const OrbitOptions &options) {
  OrbitBranch br;
  br.intervals = options.intervals;
  br.degree = options.degree;
  const double p0 = s.value(p);
  s.setValue(p, hopf.p);
  const auto n = static_cast<Eigen::Index>(s.size());
  // The critical pair at the Hopf point.
  Eigen::EigenSolver<Mat> eig(s.jacobian(hopf.x));
  Eigen::Index crit = -1;
  for (Eigen::Index k = 0; k < n; ++k)
    if (eig.eigenvalues()[k].imag() > 0 &&
        (crit < 0 || std::fabs(eig.eigenvalues()[k].real()) < std::fabs(eig.eigenvalues()[crit].real())))
      crit = k;
  if (crit < 0) {
    br.end = "no complex pair at the Hopf point";
    s.setValue(p, p0);
    return br;
  }
  const double omega = eig.eigenvalues()[crit].imag();
  Eigen::VectorXcd q = eig.eigenvectors().col(crit);

  Collocation col(s, p, options.intervals, options.degree);
  Tracer tr = tracer(col, box, 2 * M_PI / omega, pmin, pmax);

  // The orbit of zero amplitude at the Hopf point, and the tangent along
  // which cycles grow out of it.
  Vec Z(col.size()), tau = Vec::Zero(col.size());
  for (int j = 0; j < col.intervals(); ++j)
    for (int k = 0; k < col.degree(); ++k) {
      double sj = col.mesh()[j] + (col.mesh()[j + 1] - col.mesh()[j]) * k / col.degree();
      std::complex<double> rot = std::polar(1.0, 2 * M_PI * sj);
      for (Eigen::Index i = 0; i < n; ++i) {
        Z[col.node(j, k) + i] = hopf.x[i];
        tau[col.node(j, k) + i] = (q[i] * rot).real() / tr.stateScale[i];
      }
    }
  Z[col.iT()] = 2 * M_PI / omega;
  Z[col.ip()] = hopf.p;
  tau = tr.normalized(tau);
  Vec ref = col.derivative(tau.cwiseProduct(tr.S));

  walk(tr, col, Z, tau, ref, pmin, pmax, options, br);
  s.setValue(p, p0);
  return br;
}


OrbitBranch continueOrbitsFrom(System &s, const ir::VarRef &p, double pmin, double pmax, const Cycle &c,
                               const Box &box, const OrbitOptions &options) {
  OrbitBranch br;
  br.intervals = options.intervals;
  br.degree = options.degree;
  const double p0 = s.value(p);
  const auto n = static_cast<Eigen::Index>(s.size());
  if (c.orbit.size() < 16) {
    br.end = "the simulated cycle has too few samples";
    return br;
  }
  // Two meshes from the same start: each direction adapts its own.
  Collocation down(s, p, options.intervals, options.degree), up(s, p, options.intervals, options.degree);
  Tracer trDown = tracer(down, box, c.period, pmin, pmax), trUp = tracer(up, box, c.period, pmin, pmax);
  // The simulated period, sampled at equal steps, interpolated onto the
  // nodes (the last sample repeats the first phase).
  const double M = static_cast<double>(c.orbit.size() - 1);
  Vec Z(down.size());
  for (int j = 0; j < down.intervals(); ++j)
    for (int k = 0; k < down.degree(); ++k) {
      double x = (down.mesh()[j] + (down.mesh()[j + 1] - down.mesh()[j]) * k / down.degree()) * M;
      auto i0 = std::min(static_cast<std::size_t>(x), c.orbit.size() - 2);
      double f = x - static_cast<double>(i0);
      Z.segment(down.node(j, k), n) = (1 - f) * c.orbit[i0] + f * c.orbit[i0 + 1];
    }
  Z[down.iT()] = c.period;
  Z[down.ip()] = p0;
  // Newton at this parameter (the arclength row fixes p), then the tangent.
  Vec along = Vec::Zero(down.size());
  along[down.ip()] = 1;
  Vec ref = down.derivative(Z);
  auto start = trDown.correct(Z, along, ref);
  if (!start) {
    br.end = "the simulated cycle does not converge as a collocation orbit";
    s.setValue(p, p0);
    return br;
  }
  Z = start->first;
  ref = down.derivative(Z);
  auto tangent = trDown.tangent(Z, along, ref);
  if (!tangent) {
    br.end = "no tangent at the simulated cycle";
    s.setValue(p, p0);
    return br;
  }
  OrbitPoint first = trUp.describe(Z); // before either mesh moves
  OrbitBranch back, forth;
  walk(trDown, down, Z, -*tangent, ref, pmin, pmax, options, back);
  walk(trUp, up, Z, *tangent, ref, pmin, pmax, options, forth);
  br.points.assign(back.points.rbegin(), back.points.rend());
  br.points.push_back(first);
  br.points.insert(br.points.end(), forth.points.begin(), forth.points.end());
  br.special.assign(back.special.rbegin(), back.special.rend());
  br.special.insert(br.special.end(), forth.special.begin(), forth.special.end());
  br.end = "one way " + back.end + ", the other " + forth.end;
  s.setValue(p, p0);
  return br;
}

} // namespace bdl::analysis
