// SPDX-License-Identifier: Apache-2.0
//===- Network.h - a population and its own couplings as one system --------===//
//
// Slow points (Sussillo & Barak 2013) are properties of a network, not of
// one neuron: dx/dt = F(x) for the states of every neuron of a population,
// with the inputs its `continuous` projections onto itself add each step
// (`post.I += w * g(pre.x)`) and its population sums (`sum(x)`) in the
// equations. The synapses' weights are computed as the executable computes
// them, from their initialisers (of i, j and the neurons' parameters), for
// the rules that need no random draw (all_to_all, one_to_one, with a `where`
// on i, j and parameters). The Jacobian is assembled from symbolic
// derivatives of the neuron's equations, of each coupling term and of each
// population sum, and held dense.
#pragma once

#include "analysis/System.h"

namespace bdl::analysis {

class Network {
public:
  /// The population analysed by `single` (whose parameter values, --set
  /// included, it uses) with its self-projections; `notes` says what of the
  /// network is left out (projections from other populations).
  static std::optional<Network> make(const ir::Module &m, const System &single, std::string &error,
                                     std::vector<std::string> &notes);

  Eigen::Index size() const { return static_cast<Eigen::Index>(N_) * n_; }
  std::int64_t neurons() const { return N_; }
  int states() const { return n_; } ///< per neuron; entry i n + k is neuron i's state k
  Vec f(const Vec &x) const;
  Mat jacobian(const Vec &x) const;

  /// Where a leaf of a tape reads its value (Network.cpp).
  struct Slot {
    enum class Kind { State, Input, Reduction, Param, SynapseVar, Index };
    Kind kind = Kind::State;
    ir::Space space = ir::Space::Self; ///< State, Param, Index: whose (pre, post or the neuron itself)
    int k = 0;                         ///< state, input, reduction, parameter or synapse-var number
  };
  /// A tape and the slots its environment is filled from.
  struct Bound {
    Tape tape;
    std::vector<Slot> slots;
  };

private:
  /// A coupling term that factorises into (synapse part) x (presynaptic
  /// part) x (postsynaptic part), as `w * pre.u^2` or each half of
  /// `w * (pre.v - post.v)`: its sum over synapses is a matrix-vector
  /// product with the synapse part held as a dense matrix.
  struct Product {
    Mat W;                 ///< [post][pre]: the synapse part (0: no synapse)
    Bound pre, preGrad;    ///< of neuron a (its states as Pre)
    Bound post, postGrad;  ///< of neuron b (its states as Post)
  };
  struct Coupling {
    int input = -1;                   ///< which input the term adds to
    Bound term, grad;                 ///< c, then dc/dpre.x (n) and dc/dpost.x (n)
    std::vector<std::int64_t> pre, post; ///< the synapses
    std::vector<std::vector<double>> vars; ///< per synapse var: its values
    std::vector<Product> products;    ///< c as a sum of products, when it is one
  };
  struct Context {
    const double *x = nullptr;
    const double *inputs = nullptr;     ///< of the neuron (Self/Post)
    const double *reductions = nullptr;
    std::int64_t self = 0, pre = 0, synapse = 0;
    const Coupling *coupling = nullptr;
  };
  void fill(const Bound &b, const Context &c, std::vector<double> &env) const;
  void inputsAndSums(const Vec &x, std::vector<double> &in, std::vector<double> &sums) const;
  /// Each neuron's value of a one-neuron bound (Pre or Post leaves read it).
  void perNeuron(const Bound &b, const Vec &x, std::vector<double> &out) const;

  std::int64_t N_ = 0;
  int n_ = 0;
  std::vector<int> states_;  ///< vars of the population's group
  std::vector<int> inputs_;  ///< its input vars the couplings add to
  std::vector<int> sums_;    ///< its reductions' vars
  std::vector<int> params_;  ///< per-neuron parameters read by the tapes
  std::vector<std::vector<double>> paramValues_; ///< [param][neuron]
  Bound rhs_, jac_;          ///< F_i; dF_i / d(states, inputs, sums), row-major
  Bound sum_, sumGrad_;      ///< each reduction's summand and its gradient
  std::vector<Coupling> couplings_;
};

} // namespace bdl::analysis
