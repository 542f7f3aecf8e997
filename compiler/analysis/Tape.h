// SPDX-License-Identifier: Apache-2.0
//===- Tape.h - expression DAGs flattened for repeated evaluation ----------===//
//
// Continuation of periodic orbits evaluates the right-hand sides and their
// Jacobian at thousands of collocation points per Newton step, and slow-point
// search does so for every neuron of a network. Walking the expression DAG
// with a memo per call costs microseconds per node; a tape is the DAG in
// evaluation order (shared nodes once), with leaves bound to slots of an
// environment array and calls bound to their functions, so one evaluation is
// a loop over nodes.
#pragma once

#include "ir/model/Module.h"

#include <functional>
#include <string>
#include <vector>

namespace bdl::analysis {

class Tape {
public:
  /// What a leaf (a variable, t, dt, i, xi) reads: slot >= 0 an environment
  /// slot, else the constant `value`.
  struct Leaf {
    int slot = -1;
    double value = 0;
  };
  using Resolver = std::function<Leaf(const ir::Expr &)>;

  /// Flattens `outputs`; false (with `error`) for an operation the tape
  /// cannot evaluate (random draws, locals, array searches).
  /// `arrays`: the module's arrays, for values written in the source (a
  /// table read at t = 0); a file's values are not loaded (NaN).
  bool build(const std::vector<ir::ExprRef> &outputs, const Resolver &resolve,
             const std::vector<ir::ArrayFile> &arrays, std::string &error);
  /// Evaluates every output with the leaves read from `env`.
  void run(const double *env, double *out) const;
  std::size_t outputs() const { return outputs_.size(); }

private:
  struct Node {
    ir::Op op = ir::Op::Const;
    int a = -1, b = -1, c = -1; ///< operand nodes
    int slot = -1;              ///< a leaf read from the environment
    double value = 0;           ///< Const
    double (*fn1)(double) = nullptr;
    double (*fn2)(double, double) = nullptr;
    std::string callee;      ///< other calls, through ir::applyMath
    std::vector<int> args;   ///< their operands
    const std::vector<double> *array = nullptr; ///< Array: values from the source
  };
  std::vector<Node> nodes_;
  std::vector<int> outputs_;
  mutable std::vector<double> work_;
};

} // namespace bdl::analysis
