// SPDX-License-Identifier: Apache-2.0
//===- Collocation.h - periodic orbits as a collocation boundary problem ---===//
//
// A periodic orbit of dx/dt = f(x; p) with period T is u(s) = x(sT) on
// s in [0, 1], with u' = T f(u; p) and u(0) = u(1). As in AUTO-07p, u is a
// piecewise polynomial of degree m on a mesh of N intervals, represented by
// its values at m + 1 equally spaced nodes per interval (the last node of an
// interval is the first of the next; periodicity makes node N m node 0), and
// the equation holds at the m Gauss-Legendre points of each interval.
// Unknowns: the N m n node values, T and p (SI), in that order.
#pragma once

#include "analysis/System.h"

#include <Eigen/Sparse>

#include <complex>
#include <vector>

namespace bdl::analysis {

/// Gauss-Legendre points and weights on [0, 1] and the Lagrange basis of
/// the m + 1 equally spaced nodes there.
struct GaussLagrange {
  int m = 4;
  std::vector<double> s, w; ///< m points and weights
  Mat L, D;                 ///< m x (m+1): basis values and derivatives at the points
  explicit GaussLagrange(int m);
  double basis(int k, double x) const;
  /// The basis polynomial's m-th derivative (a constant).
  double mth(int k) const;
};

class Collocation {
public:
  Collocation(System &s, const ir::VarRef &p, int intervals, int degree);

  int n() const { return n_; }
  int intervals() const { return N_; }
  int degree() const { return gl_.m; }
  /// The number of unknowns: N m n + 2.
  Eigen::Index size() const { return static_cast<Eigen::Index>(N_) * gl_.m * n_ + 2; }
  Eigen::Index iT() const { return size() - 2; }
  Eigen::Index ip() const { return size() - 1; }
  const std::vector<double> &mesh() const { return mesh_; }

  /// u at node k (0..m) of interval j.
  Eigen::Index node(int j, int k) const { return (static_cast<Eigen::Index>(j * gl_.m + k) % (N_ * gl_.m)) * n_; }
  /// The value of state i at s in [0, 1).
  double at(const Vec &Z, int i, double s) const;
  /// The orbit's derivative du/ds at each collocation point (N m n values):
  /// the phase condition's reference.
  Vec derivative(const Vec &Z) const;

  /// The collocation residuals (N m n), then the integral phase condition
  /// int u . ref' ds = 0 (one row), with its Jacobian (N m n + 1 rows, all
  /// columns) when `J` is given. States are weighted by 1/scale^2 in the
  /// phase condition.
  void residual(const Vec &Z, const Vec &ref, const Vec &scale, Vec &G, Eigen::SparseMatrix<double> *J) const;

  /// The Floquet multipliers: eigenvalues of the monodromy matrix, the
  /// product over intervals of each interval's linearised map from its first
  /// node to its last, with its inner nodes eliminated (the condensation
  /// AUTO-07p uses).
  std::vector<std::complex<double>> multipliers(const Vec &Z) const;

  /// Moves the mesh so that each interval holds an equal share of
  /// |u^(m+1)|^(1/(m+1)) (de Boor's criterion, as AUTO's adaptation), and
  /// re-represents each of `vectors` (unknowns or tangents) on it.
  void adapt(std::vector<Vec *> vectors, const Vec &scale);

private:
  void setParam(double v) const { s_.setValue(p_, v); }
  System &s_;
  ir::VarRef p_;
  int n_, N_;
  GaussLagrange gl_;
  std::vector<double> mesh_; ///< N + 1 points, 0 to 1
};

} // namespace bdl::analysis
