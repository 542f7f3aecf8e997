// SPDX-License-Identifier: Apache-2.0
//===- System.h - one population's equations as a dynamical system --------===//
//
// The analysed system is dx/dt = f(x; p) for the states x of one population's
// model, read from the lowered IR: the right-hand sides as the compiler
// wrote them (definitions inlined, units in SI), their Jacobian by symbolic
// differentiation (passes::differentiate, no finite differences), and the
// derivative with respect to one parameter for continuation. Noise terms
// (xi) are dropped: the analysis is of the deterministic part. Values are in
// SI units throughout; the driver converts to display units.
#pragma once

#include "analysis/Tape.h"
#include "ir/model/Module.h"

#include <Eigen/Dense>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bdl::analysis {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

/// `e` without white noise (xi is zero: the deterministic part), and with
/// `step` also the step counter zero.
ir::ExprRef withoutNoise(const ir::ExprRef &e, bool step = false);

class System {
public:
  /// The population named `population` of `m` (its first neuron), or an
  /// error in `error`: no such population, no equations, an equation the
  /// analysis cannot differentiate.
  /// With `frozen` (a state's name), that state is not a state of the
  /// system but a parameter of it: the fast subsystem of a fast-slow
  /// analysis, with the slow variable as its bifurcation parameter.
  static std::optional<System> make(const ir::Module &m, const std::string &population, std::string &error,
                                    const std::string &frozen = "");
  /// The state `name` as a parameter reference (for a frozen state), or nullopt.
  std::optional<ir::VarRef> stateRef(const std::string &name) const;

  std::size_t size() const { return states_.size(); }
  const std::vector<int> &states() const { return states_; } ///< vars of the group
  const ir::Var &var(int v) const { return m_.groups[group_].vars[v]; }
  const ir::Group &group() const { return m_.groups[group_]; }
  int groupIndex() const { return group_; }
  /// The right-hand sides, noise dropped, one per state.
  const std::vector<ir::ExprRef> &rhs() const { return rhs_; }
  /// Whether `r` was given a value (setValue) rather than its declared one.
  bool given(const ir::VarRef &r) const { return values_.count(r) > 0; }

  /// A parameter of the population's model (or of the network) by name:
  /// its reference, or nullopt.
  std::optional<ir::VarRef> param(const std::string &name) const;
  /// Its current value (SI).
  double value(const ir::VarRef &r) const;
  void setValue(const ir::VarRef &r, double v) {
    values_[r] = v;
    envValid_ = false;
  }

  Vec f(const Vec &x) const;
  Mat jacobian(const Vec &x) const;
  /// df/dp at x for the parameter `p` (prepared with continueIn).
  Vec dfdp(const ir::VarRef &p, const Vec &x) const;
  /// Derives df/dp once for `p`; false (with `error`) if it cannot be.
  bool continueIn(const ir::VarRef &p, std::string &error);
  /// Initial values of the states (SI), as the model declares them.
  Vec initial() const;
  /// Second and third derivatives of f at x along directions (complex, as
  /// the Hopf normal form needs): B(u, v)_i = sum_jk d2f_i/dx_j dx_k u_j v_k
  /// and C(u, v, w) likewise; built symbolically on first use. False when a
  /// function has no second or third derivative rule.
  bool higherDerivatives(std::string &error);
  Eigen::VectorXcd B(const Vec &x, const Eigen::VectorXcd &u, const Eigen::VectorXcd &v) const;
  Eigen::VectorXcd C(const Vec &x, const Eigen::VectorXcd &u, const Eigen::VectorXcd &v,
                     const Eigen::VectorXcd &w) const;

  /// A tape of other expressions over the same leaves (states, then
  /// parameters), and its evaluation at x.
  bool bind(Tape &t, const std::vector<ir::ExprRef> &outputs, std::string &error);
  void evaluate(const Tape &t, const Vec &x, double *out) const { t.run(env(x), out); }
  const ir::Module &module() const { return m_; }

private:
  double eval(const ir::ExprRef &e, const Vec &x) const;
  /// Tapes read the states from env_[0, n) and parameters from the slots
  /// after them, one per parameter met (paramRefs_), refreshed after setValue.
  Tape::Leaf leaf(const ir::Expr &e);
  const double *env(const Vec &x) const;

  ir::Module m_;
  int group_ = -1;
  std::vector<int> states_;
  std::vector<ir::ExprRef> rhs_;
  std::vector<std::vector<ir::ExprRef>> jac_;
  std::map<ir::VarRef, std::vector<ir::ExprRef>> dfdp_; ///< per parameter
  Tape fTape_, jTape_;
  std::map<ir::VarRef, Tape> dfdpTape_;
  std::vector<ir::VarRef> paramRefs_;
  mutable std::vector<double> env_;
  mutable bool envValid_ = false;
  /// hess_[i][j][k], third_[i][j][k][l]: d2 f_i / dx_j dx_k, d3 f_i / ...
  std::vector<std::vector<std::vector<ir::ExprRef>>> hess_;
  std::vector<std::vector<std::vector<std::vector<ir::ExprRef>>>> third_;
  std::map<ir::VarRef, double> values_;
};

} // namespace bdl::analysis
