// SPDX-License-Identifier: Apache-2.0
//===- Expr.cpp - building, querying and rewriting expression DAGs ---------===//
#include "ir/kernel/Kernel.h"
#include "ir/model/Module.h"

#include <unordered_map>
#include <unordered_set>

namespace bdl::ir {

const char *spelling(Op op) {
  switch (op) {
#define BDL_IR_OP(Name, Spelling, Arity)                                                          \
  case Op::Name: return Spelling;
#include "ir/model/Expr.def"
  }
  return "?";
}

const char *spelling(Space s) {
  switch (s) {
  case Space::Self: return "self";
  case Space::Pre: return "pre";
  case Space::Post: return "post";
  case Space::Net: return "net";
  }
  return "?";
}

const char *spelling(Method m) {
  switch (m) {
  case Method::Auto: return "auto";
  case Method::Exact: return "exact";
  case Method::ExpEuler: return "exp_euler";
  case Method::Euler: return "euler";
  case Method::Rk2: return "rk2";
  case Method::Rk4: return "rk4";
  case Method::Heun: return "heun";
  case Method::Milstein: return "milstein";
  case Method::Rkf45: return "rkf45";
  case Method::Gl: return "gl";
  case Method::L1: return "l1";
  }
  return "?";
}

std::optional<Method> parseMethod(const std::string &s) {
  for (Method m : {Method::Exact, Method::ExpEuler, Method::Euler, Method::Rk2, Method::Rk4, Method::Heun,
                   Method::Milstein, Method::Rkf45, Method::Gl, Method::L1})
    if (s == spelling(m)) return m;
  return std::nullopt;
}

const char *spelling(KernelKind k) {
  switch (k) {
  case KernelKind::Prepare: return "prepare";
  case KernelKind::Init: return "init";
  case KernelKind::Update: return "update";
  case KernelKind::Threshold: return "threshold";
  case KernelKind::Reset: return "reset";
  case KernelKind::OnPre: return "on_pre";
  case KernelKind::OnPreSynapses: return "on_pre_synapses";
  case KernelKind::OnPreSegments: return "on_pre_segments";
  case KernelKind::OnPost: return "on_post";
  case KernelKind::Continuous: return "continuous";
  case KernelKind::Reduce: return "reduce";
  case KernelKind::Where: return "where";
  case KernelKind::AdjointNeurons: return "adjoint_neurons";
  case KernelKind::AdjointRows: return "adjoint_rows";
  }
  return "?";
}

static ExprRef make(Expr e) { return std::make_shared<const Expr>(std::move(e)); }

ExprRef constant(double v) {
  Expr e;
  e.op = Op::Const;
  e.value = v;
  return make(std::move(e));
}
ExprRef varRef(VarRef r) {
  Expr e;
  e.op = Op::Var;
  e.var = r;
  return make(std::move(e));
}
ExprRef local(int id) {
  Expr e;
  e.op = Op::Local;
  e.local = id;
  return make(std::move(e));
}
ExprRef leaf(Op op) {
  Expr e;
  e.op = op;
  return make(std::move(e));
}
ExprRef indexRef(Space s) {
  Expr e;
  e.op = Op::Index;
  e.index = s;
  return make(std::move(e));
}
ExprRef noise(int k) {
  Expr e;
  e.op = Op::Noise;
  e.local = k;
  return make(std::move(e));
}
ExprRef unary(Op op, ExprRef a) {
  Expr e;
  e.op = op;
  e.args = {std::move(a)};
  return make(std::move(e));
}
ExprRef binary(Op op, ExprRef a, ExprRef b) {
  Expr e;
  e.op = op;
  e.args = {std::move(a), std::move(b)};
  return make(std::move(e));
}
ExprRef select(ExprRef c, ExprRef a, ExprRef b) {
  Expr e;
  e.op = Op::Select;
  e.args = {std::move(c), std::move(a), std::move(b)};
  return make(std::move(e));
}
ExprRef call(std::string callee, std::vector<ExprRef> args) {
  Expr e;
  e.op = Op::Call;
  e.callee = std::move(callee);
  e.args = std::move(args);
  return make(std::move(e));
}
ExprRef random(std::string dist, std::vector<ExprRef> args, int stream) {
  Expr e;
  e.op = Op::Random;
  e.callee = std::move(dist);
  e.args = std::move(args);
  e.stream = stream;
  return make(std::move(e));
}

ExprRef arrayRef(int id, ExprRef index) {
  Expr e;
  e.op = Op::Array;
  e.local = id;
  e.args = {std::move(index)};
  return make(std::move(e));
}

ExprRef searchRef(int id, std::int64_t n, ExprRef x) {
  Expr e;
  e.op = Op::Search;
  e.local = id;
  e.value = static_cast<double>(n);
  e.args = {std::move(x)};
  return make(std::move(e));
}

bool isConst(const ExprRef &e, double *v) {
  if (!e || e->op != Op::Const) return false;
  if (v) *v = e->value;
  return true;
}

bool isBoolean(Op op) {
  switch (op) {
  case Op::Not: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::Eq: case Op::Ne:
  case Op::And: case Op::Or:
    return true;
  default: return false;
  }
}

bool dependsOnAny(const ExprRef &root, const std::function<bool(const Expr &)> &pred) {
  std::unordered_set<const Expr *> seen;
  std::vector<const Expr *> todo{root.get()};
  while (!todo.empty()) {
    const Expr *e = todo.back();
    todo.pop_back();
    if (!e || !seen.insert(e).second) continue;
    if (pred(*e)) return true;
    for (const ExprRef &a : e->args) todo.push_back(a.get());
  }
  return false;
}

bool dependsOn(const ExprRef &e, const VarRef &r) {
  return dependsOnAny(e, [&](const Expr &x) { return x.op == Op::Var && x.var == r; });
}

namespace {
struct Substituter {
  const std::map<VarRef, ExprRef> &with;
  ExprRef time;
  const std::map<int, ExprRef> *locals;
  std::unordered_map<const Expr *, ExprRef> memo;
  ExprRef run(const ExprRef &e) {
    if (!e) return e;
    if (auto it = memo.find(e.get()); it != memo.end()) return it->second;
    ExprRef out = e;
    if (e->op == Op::Var) {
      if (auto it = with.find(e->var); it != with.end()) out = it->second;
    } else if (e->op == Op::Time && time) {
      out = time;
    } else if (e->op == Op::Local && locals) {
      if (auto it = locals->find(e->local); it != locals->end()) out = it->second;
    } else if (!e->args.empty()) {
      std::vector<ExprRef> args;
      bool changed = false;
      for (const ExprRef &a : e->args) {
        args.push_back(run(a));
        changed |= args.back() != a;
      }
      if (changed) {
        Expr copy = *e;
        copy.args = std::move(args);
        out = std::make_shared<const Expr>(std::move(copy));
      }
    }
    memo.emplace(e.get(), out);
    return out;
  }
};
} // namespace

ExprRef substitute(const ExprRef &e, const std::map<VarRef, ExprRef> &with, const ExprRef &time,
                   const std::map<int, ExprRef> *locals) {
  Substituter s{with, time, locals, {}};
  return s.run(e);
}

bool equal(const ExprRef &a, const ExprRef &b) {
  if (a == b) return true;
  if (!a || !b || a->op != b->op || a->args.size() != b->args.size()) return false;
  switch (a->op) {
  case Op::Const:
    if (a->value != b->value) return false;
    break;
  case Op::Var:
    if (!(a->var == b->var)) return false;
    break;
  case Op::Local:
  case Op::Noise:
  case Op::Array:
    if (a->local != b->local) return false;
    break;
  case Op::Search:
    if (a->local != b->local || a->value != b->value) return false;
    break;
  case Op::Index:
    if (a->index != b->index) return false;
    break;
  case Op::Call:
  case Op::Random:
    if (a->callee != b->callee || a->stream != b->stream) return false;
    break;
  default: break;
  }
  for (std::size_t k = 0; k < a->args.size(); ++k)
    if (!equal(a->args[k], b->args[k])) return false;
  return true;
}

} // namespace bdl::ir
