// SPDX-License-Identifier: Apache-2.0
//===- Lyapunov.cpp - the first Lyapunov coefficient of a Hopf point -------===//
//
// Kuznetsov, Elements of Applied Bifurcation Theory (3rd ed.), eq. (3.20):
// with A q = i w q, A^T p = -i w p, <p, q> = conj(p) . q = 1,
//   l1 = Re[<p, C(q,q,qb)> - 2 <p, B(q, A^-1 B(q,qb))>
//          + <p, B(qb, (2iw - A)^-1 B(q,q))>] / (2 w)
// where B and C are the second and third derivatives of f, here symbolic.
// l1 < 0: supercritical (a stable cycle grows from the point); l1 > 0:
// subcritical (an unstable cycle shrinks into it, and the cell can be
// bistable).
#include "analysis/Analysis.h"

#include <Eigen/Eigenvalues>

namespace bdl::analysis {

std::optional<double> firstLyapunov(System &s, const Vec &x, std::string &error) {
  if (!s.higherDerivatives(error)) return std::nullopt;
  using CVec = Eigen::VectorXcd;
  using CMat = Eigen::MatrixXcd;
  Mat A = s.jacobian(x);
  const auto n = A.rows();
  Eigen::ComplexEigenSolver<CMat> right(A.cast<std::complex<double>>()), left(A.transpose().cast<std::complex<double>>());
  // The pair on the imaginary axis: the eigenvalue with the smallest real
  // part in size among those with a positive imaginary part.
  Eigen::Index k = -1, m = -1;
  for (Eigen::Index j = 0; j < n; ++j)
    if (right.eigenvalues()[j].imag() > 0 &&
        (k < 0 || std::abs(right.eigenvalues()[j].real()) < std::abs(right.eigenvalues()[k].real())))
      k = j;
  if (k < 0) {
    error = "no complex pair at the Hopf point";
    return std::nullopt;
  }
  std::complex<double> lambda = right.eigenvalues()[k];
  double w = lambda.imag();
  for (Eigen::Index j = 0; j < n; ++j)
    if (m < 0 || std::abs(left.eigenvalues()[j] - std::conj(lambda)) < std::abs(left.eigenvalues()[m] - std::conj(lambda)))
      m = j;
  CVec q = right.eigenvectors().col(k).normalized();
  CVec p = left.eigenvectors().col(m);
  p /= std::conj(p.dot(q)); // Eigen's dot conjugates the first: <p, q> = 1
  CVec qb = q.conjugate();
  CMat Ac = A.cast<std::complex<double>>();
  CVec h11 = -Ac.fullPivLu().solve(s.B(x, q, qb));
  CMat shifted = std::complex<double>(0, 2 * w) * CMat::Identity(n, n) - Ac;
  CVec h20 = shifted.fullPivLu().solve(s.B(x, q, q));
  std::complex<double> sum = p.dot(s.C(x, q, q, qb)) + 2.0 * p.dot(s.B(x, q, h11)) + p.dot(s.B(x, qb, h20));
  return sum.real() / (2 * w);
}

} // namespace bdl::analysis
