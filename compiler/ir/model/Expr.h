// SPDX-License-Identifier: Apache-2.0
//===- Expr.h - unit-free expression DAGs of the model IR -------------------===//
//
// Values are doubles in SI units; truth values are 0/1 doubles only in
// printing, and booleans in code generation. Nodes are immutable and shared:
// a rewrite builds new nodes and keeps the untouched subtrees, so a value
// used by several equations (an HH rate, an RK4 stage) is one node, and code
// generators that memoise by node emit it once.
#pragma once

#include <cstdint>
#include <functional>
#include <tuple>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bdl::ir {

enum class Op {
#define BDL_IR_OP(Name, Spelling, Arity) Name,
#include "ir/model/Expr.def"
};
const char *spelling(Op op);

/// Which entity a variable is indexed by inside a kernel. In a neuron kernel
/// `Self` is the neuron; in a synapse kernel `Self` is the synapse, `Pre` and
/// `Post` its two neurons; `Net` is the network's shared parameter block.
enum class Space { Self, Pre, Post, Net };
const char *spelling(Space s);

struct VarRef {
  Space space = Space::Self;
  int group = -1; ///< index into Module::groups
  int var = -1;   ///< index into Group::vars
  bool operator<(const VarRef &o) const {
    return std::tie(space, group, var) < std::tie(o.space, o.group, o.var);
  }
  bool operator==(const VarRef &o) const { return space == o.space && group == o.group && var == o.var; }
};

struct Expr;
using ExprRef = std::shared_ptr<const Expr>;

struct Expr {
  Op op = Op::Const;
  double value = 0;          ///< Const
  VarRef var;                ///< Var
  int local = -1;            ///< Local; Noise: which source (xi = 0, xi_k = k); Array, Search: which array
  Space index = Space::Self; ///< Index: i (Pre), j (Post) or the loop entity (Self)
  std::string callee;        ///< Call: exp, log, ...; Random: uniform, normal
  int stream = -1;           ///< Random: the draw site, unique in a module
  std::vector<ExprRef> args;
};

// Builders. They do not simplify; constant-fold does.
ExprRef constant(double v);
ExprRef varRef(VarRef r);
ExprRef local(int id);
ExprRef leaf(Op op); ///< Time, Dt, Step
ExprRef indexRef(Space s);
/// White noise `xi` (k = 0) or `xi_k`, of dimension 1/sqrt(time).
ExprRef noise(int k);
ExprRef unary(Op op, ExprRef a);
ExprRef binary(Op op, ExprRef a, ExprRef b);
ExprRef select(ExprRef c, ExprRef a, ExprRef b);
ExprRef call(std::string callee, std::vector<ExprRef> args);
ExprRef random(std::string dist, std::vector<ExprRef> args, int stream);
/// Element `index` (flat, C order) of the module's array `id` (a .npy file).
ExprRef arrayRef(int id, ExprRef index);
/// How many of the first `n` elements of the module's ascending array `id`
/// are <= x: the index after the last time not later than x (a branch-free
/// binary search in generated code, so a long stimulus costs log2(n) loads).
ExprRef searchRef(int id, std::int64_t n, ExprRef x);

inline ExprRef add(ExprRef a, ExprRef b) { return binary(Op::Add, std::move(a), std::move(b)); }
inline ExprRef sub(ExprRef a, ExprRef b) { return binary(Op::Sub, std::move(a), std::move(b)); }
inline ExprRef mul(ExprRef a, ExprRef b) { return binary(Op::Mul, std::move(a), std::move(b)); }
inline ExprRef div(ExprRef a, ExprRef b) { return binary(Op::Div, std::move(a), std::move(b)); }
inline ExprRef neg(ExprRef a) { return unary(Op::Neg, std::move(a)); }

bool isConst(const ExprRef &e, double *v = nullptr);
/// Comparisons and logic yield truth values.
bool isBoolean(Op op);
/// Whether `e` reads `r` (directly or through any subexpression).
bool dependsOn(const ExprRef &e, const VarRef &r);
/// Whether `e` reads any variable for which `pred` holds, or time/randomness
/// when `timeOrRandom` is set.
bool dependsOnAny(const ExprRef &e, const std::function<bool(const Expr &)> &pred);
/// Replaces variables by expressions; shares untouched subtrees.
/// When `time` is given, it replaces the time `t` too (integrator stages);
/// with `locals`, a kernel's locals by their values (straight-line code as
/// expressions, passes/Adjoint.cpp).
ExprRef substitute(const ExprRef &e, const std::map<VarRef, ExprRef> &with, const ExprRef &time = nullptr,
                   const std::map<int, ExprRef> *locals = nullptr);
/// Structural equality (used by tests and common-subexpression reuse).
bool equal(const ExprRef &a, const ExprRef &b);

} // namespace bdl::ir

namespace bdl::ir {
/// The value of `e` when it uses no variable, time, index or randomness.
std::optional<double> evaluateConstant(const ExprRef &e);
/// Applies a math function by name (the same table code generation uses).
std::optional<double> applyMath(const std::string &f, const std::vector<double> &args);
} // namespace bdl::ir
