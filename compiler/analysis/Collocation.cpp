// SPDX-License-Identifier: Apache-2.0
//===- Collocation.cpp - residuals, Jacobian, multipliers, mesh -------------===//
#include "analysis/Collocation.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>

namespace bdl::analysis {

GaussLagrange::GaussLagrange(int degree) : m(degree), s(degree), w(degree), L(degree, degree + 1), D(degree, degree + 1) {
  // Golub-Welsch: the Legendre points are the eigenvalues of the Jacobi
  // matrix, the weights twice the squared first components of its vectors.
  Mat jacobi = Mat::Zero(m, m);
  for (int k = 1; k < m; ++k) jacobi(k, k - 1) = jacobi(k - 1, k) = k / std::sqrt(4.0 * k * k - 1);
  Eigen::SelfAdjointEigenSolver<Mat> eig(jacobi);
  for (int c = 0; c < m; ++c) {
    s[c] = 0.5 * (eig.eigenvalues()[c] + 1);
    w[c] = eig.eigenvectors()(0, c) * eig.eigenvectors()(0, c); // 2 v^2 on [-1, 1], halved
  }
  for (int c = 0; c < m; ++c)
    for (int k = 0; k <= m; ++k) {
      L(c, k) = basis(k, s[c]);
      double d = 0;
      for (int j = 0; j <= m; ++j) {
        if (j == k) continue;
        double term = 1.0 / (double(k - j) / m);
        for (int l = 0; l <= m; ++l)
          if (l != k && l != j) term *= (s[c] - double(l) / m) / (double(k - l) / m);
        d += term;
      }
      D(c, k) = d;
    }
}

double GaussLagrange::basis(int k, double x) const {
  double v = 1;
  for (int l = 0; l <= m; ++l)
    if (l != k) v *= (x - double(l) / m) / (double(k - l) / m);
  return v;
}

double GaussLagrange::mth(int k) const {
  double v = std::tgamma(m + 1.0);
  for (int l = 0; l <= m; ++l)
    if (l != k) v /= double(k - l) / m;
  return v;
}

Collocation::Collocation(System &s, const ir::VarRef &p, int intervals, int degree)
    : s_(s), p_(p), n_(static_cast<int>(s.size())), N_(intervals), gl_(degree), mesh_(intervals + 1) {
  for (int j = 0; j <= N_; ++j) mesh_[j] = double(j) / N_;
}

double Collocation::at(const Vec &Z, int i, double s) const {
  s -= std::floor(s);
  auto j = static_cast<int>(std::upper_bound(mesh_.begin(), mesh_.end(), s) - mesh_.begin()) - 1;
  j = std::clamp(j, 0, N_ - 1);
  double x = (s - mesh_[j]) / (mesh_[j + 1] - mesh_[j]), v = 0;
  for (int k = 0; k <= gl_.m; ++k) v += gl_.basis(k, x) * Z[node(j, k) + i];
  return v;
}

Vec Collocation::derivative(const Vec &Z) const {
  const int m = gl_.m;
  Vec d(static_cast<Eigen::Index>(N_) * m * n_);
  for (int j = 0; j < N_; ++j) {
    double h = mesh_[j + 1] - mesh_[j];
    for (int c = 0; c < m; ++c)
      for (int i = 0; i < n_; ++i) {
        double v = 0;
        for (int k = 0; k <= m; ++k) v += gl_.D(c, k) * Z[node(j, k) + i];
        d[(j * m + c) * n_ + i] = v / h;
      }
  }
  return d;
}

void Collocation::residual(const Vec &Z, const Vec &ref, const Vec &scale, Vec &G,
                           Eigen::SparseMatrix<double> *J) const {
  const int m = gl_.m, n = n_;
  const Eigen::Index rows = static_cast<Eigen::Index>(N_) * m * n, phase = rows;
  const double T = Z[iT()];
  setParam(Z[ip()]);
  G.setZero(rows + 1);
  std::vector<Eigen::Triplet<double>> nz;
  if (J) nz.reserve(static_cast<std::size_t>(rows) * ((m + 1) * n + 2) + rows);
  Vec y(n);
  for (int j = 0; j < N_; ++j) {
    double h = mesh_[j + 1] - mesh_[j];
    for (int c = 0; c < m; ++c) {
      y.setZero();
      for (int k = 0; k <= m; ++k) y += gl_.L(c, k) * Z.segment(node(j, k), n);
      Vec f = s_.f(y);
      const Eigen::Index row = (static_cast<Eigen::Index>(j) * m + c) * n;
      for (int i = 0; i < n; ++i) {
        double dy = 0;
        for (int k = 0; k <= m; ++k) dy += gl_.D(c, k) * Z[node(j, k) + i];
        G[row + i] = dy / h - T * f[i];
        G[phase] += h * gl_.w[c] * y[i] * ref[row + i] / (scale[i] * scale[i]);
      }
      if (!J) continue;
      Mat A = s_.jacobian(y);
      Vec fp = s_.dfdp(p_, y);
      for (int k = 0; k <= m; ++k) {
        const Eigen::Index col = node(j, k);
        for (int i = 0; i < n; ++i) {
          for (int q = 0; q < n; ++q) {
            double v = -T * A(i, q) * gl_.L(c, k) + (i == q ? gl_.D(c, k) / h : 0.0);
            if (v != 0) nz.emplace_back(row + i, col + q, v);
          }
          nz.emplace_back(phase, col + i, h * gl_.w[c] * gl_.L(c, k) * ref[row + i] / (scale[i] * scale[i]));
        }
      }
      for (int i = 0; i < n; ++i) {
        nz.emplace_back(row + i, iT(), -f[i]);
        nz.emplace_back(row + i, ip(), -T * fp[i]);
      }
    }
  }
  if (J) {
    J->resize(rows + 1, size());
    J->setFromTriplets(nz.begin(), nz.end()); // duplicates (the phase row) are summed
  }
}

std::vector<std::complex<double>> Collocation::multipliers(const Vec &Z) const {
  const int m = gl_.m, n = n_;
  const double T = Z[iT()];
  setParam(Z[ip()]);
  Mat P = Mat::Identity(n, n);
  Vec y(n);
  for (int j = 0; j < N_; ++j) {
    double h = mesh_[j + 1] - mesh_[j];
    Mat A0 = Mat::Zero(m * n, n), A1 = Mat::Zero(m * n, m * n);
    for (int c = 0; c < m; ++c) {
      y.setZero();
      for (int k = 0; k <= m; ++k) y += gl_.L(c, k) * Z.segment(node(j, k), n);
      Mat A = s_.jacobian(y);
      for (int k = 0; k <= m; ++k) {
        Mat block = -T * gl_.L(c, k) * A + (gl_.D(c, k) / h) * Mat::Identity(n, n);
        if (k == 0) A0.middleRows(c * n, n) = block;
        else A1.block(c * n, (k - 1) * n, n, n) = block;
      }
    }
    Mat X = -A1.partialPivLu().solve(A0);
    P = X.bottomRows(n) * P;
  }
  Eigen::EigenSolver<Mat> eig(P, false);
  std::vector<std::complex<double>> mu(eig.eigenvalues().begin(), eig.eigenvalues().end());
  std::sort(mu.begin(), mu.end(), [](auto a, auto b) { return std::abs(a) > std::abs(b); });
  return mu;
}

void Collocation::adapt(std::vector<Vec *> vectors, const Vec &scale) {
  const int m = gl_.m;
  const Vec &Z = *vectors.front();
  // Each interval's m-th derivative (a constant vector); the (m+1)-th from
  // the difference of its neighbours' (periodic).
  Mat dm(N_, n_);
  std::vector<double> mid(N_);
  for (int j = 0; j < N_; ++j) {
    double h = mesh_[j + 1] - mesh_[j];
    mid[j] = 0.5 * (mesh_[j] + mesh_[j + 1]);
    for (int i = 0; i < n_; ++i) {
      double v = 0;
      for (int k = 0; k <= m; ++k) v += gl_.mth(k) * Z[node(j, k) + i];
      dm(j, i) = v / std::pow(h, m) / scale[i];
    }
  }
  std::vector<double> phi(N_);
  double mean = 0;
  for (int j = 0; j < N_; ++j) {
    int a = (j + N_ - 1) % N_, b = (j + 1) % N_;
    double dist = mid[b] - mid[a];
    if (dist <= 0) dist += 1;
    phi[j] = std::pow((dm.row(b) - dm.row(a)).cwiseAbs().maxCoeff() / dist, 1.0 / (m + 1));
    mean += phi[j] * (mesh_[j + 1] - mesh_[j]);
  }
  if (!(mean > 0) || !std::isfinite(mean)) return;
  // Smoothed, and floored so that no part of the orbit is left bare.
  std::vector<double> smooth(N_);
  for (int j = 0; j < N_; ++j)
    smooth[j] = std::max(0.25 * (phi[(j + N_ - 1) % N_] + 2 * phi[j] + phi[(j + 1) % N_]), 0.1 * mean);
  std::vector<double> cum(N_ + 1, 0);
  for (int j = 0; j < N_; ++j) cum[j + 1] = cum[j] + smooth[j] * (mesh_[j + 1] - mesh_[j]);
  std::vector<double> fresh(N_ + 1);
  fresh[0] = 0;
  fresh[N_] = 1;
  for (int q = 1, j = 0; q < N_; ++q) {
    double target = cum[N_] * q / N_;
    while (j < N_ - 1 && cum[j + 1] < target) ++j;
    fresh[q] = mesh_[j] + (target - cum[j]) / smooth[j];
  }
  std::vector<Vec> resampled;
  for (Vec *v : vectors) {
    Vec out = *v;
    for (int j = 0; j < N_; ++j)
      for (int k = 0; k < m; ++k) {
        double s = fresh[j] + (fresh[j + 1] - fresh[j]) * k / m;
        for (int i = 0; i < n_; ++i) out[node(j, k) + i] = at(*v, i, s);
      }
    resampled.push_back(std::move(out));
  }
  mesh_ = fresh;
  for (std::size_t k = 0; k < vectors.size(); ++k) *vectors[k] = std::move(resampled[k]);
}

} // namespace bdl::analysis
