// SPDX-License-Identifier: Apache-2.0
//===- LowerExpr.cpp - checked expressions and statements to IR ------------===//
//
// Runs after a clean check, so every name resolves and every dimension fits;
// what remains is to bind names to storage and turn literals into SI:
//   dv/dt = (El - v + Ib) / taum     ->   (El - v + Ib) / taum   (vars of E)
//   post.ge += we                    ->   post.ge = post.ge + net.we
//   1 mS/cm^2                        ->   10
// Definitions (`let`) become shared subexpressions, lowered once per binding.
#include "sema/Lowering.h"
#include "sema/NpyFile.h"

#include <filesystem>

#include "support/Casting.h"
#include "units/Unit.h"

#include <cmath>

namespace bdl::sema {

using namespace ast;
using support::cast;
using support::dynCast;

void Lowerer::unsupported(support::SourceRange r, const std::string &what) {
  cx_.report(diag::DiagId::E0905, r, {what});
  failed_ = true;
}

std::optional<ir::VarRef> Lowerer::var(Binding &b, const std::string &name) {
  int k = m_.groups[b.group].find(b.prefix + name);
  if (k < 0) return std::nullopt;
  return ir::VarRef{b.space, b.group, k};
}

ir::ExprRef Lowerer::symbol(Binding &b, const Ident &id, const LowerEnv &env) {
  Symbol *s = b.model ? b.model->find(id.name) : nullptr;
  if (!s) {
    unsupported(id.range, "the name '" + id.name + "' here");
    return ir::constant(0);
  }
  switch (s->kind) {
  case SymKind::Param:
  case SymKind::State:
  case SymKind::Input:
    if (auto r = var(b, id.name)) return ir::varRef(*r);
    break;
  case SymKind::Uses:
    if (auto it = b.uses.find(id.name); it != b.uses.end()) return ir::varRef(it->second);
    break;
  case SymKind::Let: {
    if (auto it = b.lets.find(id.name); it != b.lets.end()) return it->second;
    LowerEnv inner = env;
    inner.self = &b;
    ir::ExprRef e = expr(*s->let->value, inner);
    b.lets.emplace(id.name, e);
    return e;
  }
  case SymKind::Channel: break;
  }
  unsupported(id.range, std::string(describe(s->kind)) + " '" + id.name + "' as a value here");
  return ir::constant(0);
}

int Lowerer::npyArray(const Expr &path, const std::vector<std::int64_t> &want, const std::string &what) {
  auto id = npyFile(path, what, [&](const std::vector<std::int64_t> &shape) {
    return shape == want ? std::string() : showShape(want);
  });
  return id ? *id : -1;
}

/// Between the pre- and postsynaptic neurons' positions (E0609 without).
ir::ExprRef Lowerer::distance(const Ident &id, const LowerEnv &env) {
  if (!env.pre || !env.post) {
    unsupported(id.range, "'distance' outside a projection");
    return ir::constant(0);
  }
  for (Binding *b : {env.pre, env.post}) {
    const ir::Group &g = m_.groups[b->group];
    if (g.posX < 0) {
      cx_.report(diag::DiagId::E0609, id.range, {g.name})
          .help("place its neurons with a layout: '" + g.name + " = Model[N] at grid(rows = .., cols = .., spacing = ..)'");
      failed_ = true;
      return ir::constant(0);
    }
  }
  const ir::Group &pre = m_.groups[env.pre->group], &post = m_.groups[env.post->group];
  auto diff = [&](int a, int b) {
    ir::ExprRef d = ir::sub(ir::varRef({ir::Space::Pre, env.pre->group, a}), ir::varRef({ir::Space::Post, env.post->group, b}));
    return ir::mul(d, d);
  };
  return ir::call("sqrt", {ir::add(diff(pre.posX, post.posX), diff(pre.posY, post.posY))});
}

ir::ExprRef Lowerer::name(const Ident &id, const LowerEnv &env) {
  const std::string &n = id.name;
  if (env.self && env.self->model && env.self->model->find(n)) return symbol(*env.self, id, env);
  if (env.netParams)
    if (auto it = env.netParams->find(n); it != env.netParams->end())
      return ir::varRef({ir::Space::Net, env.network, it->second});
  if (n == "t") return ir::leaf(ir::Op::Time);
  if (n == "dt") return ir::leaf(ir::Op::Dt);
  if (n == "pi") return ir::constant(M_PI);
  if (n == "i") return ir::indexRef(ir::Space::Pre);
  if (n == "j") return ir::indexRef(ir::Space::Post);
  if (isNoiseName(n)) return ir::noise(n == "xi" ? 0 : std::stoi(n.substr(3)));
  if (n == "distance") return distance(id, env);
  if (auto u = units::lookupUnit(n)) return ir::constant(u->scale);
  unsupported(id.range, "the name '" + n + "' here");
  return ir::constant(0);
}

ir::ExprRef Lowerer::callExpr(const CallExpr &c, const LowerEnv &env) {
  const std::string &f = c.callee.name;
  if (const GlobalDecl *g = table(f, env); g && !c.args.empty()) {
    // `sound(t - delay)`: the time_array at that time; `drive(t, i)`: column i.
    ir::ExprRef at = expr(*c.args[0].value, env), column;
    std::int64_t columns = 0;
    if (c.args.size() > 1) {
      column = expr(*c.args[1].value, env);
      if (column->op == ir::Op::Index && env.self) columns = m_.groups[env.self->group].size;
    }
    return timeArray(*support::cast<CallExpr>(g->table->value.get()), LowerEnv{}, at, column, columns, c.range);
  }
  if (f == "npy" && !c.args.empty()) {
    // A weight matrix in per-synapse initial values (pre x post), a vector
    // in population initial values.
    if (env.pre && env.post && env.self && m_.groups[env.self->group].kind == ir::GroupKind::Synapse) {
      std::int64_t npost = m_.groups[env.post->group].size;
      int id = npyArray(*c.args[0].value, {m_.groups[env.pre->group].size, npost},
                        "the projection " + m_.groups[env.pre->group].name + " -> " + m_.groups[env.post->group].name);
      if (id < 0) return ir::constant(0);
      return ir::arrayRef(id, ir::add(ir::mul(ir::indexRef(ir::Space::Pre), ir::constant(double(npost))),
                                      ir::indexRef(ir::Space::Post)));
    }
    if (env.self && m_.groups[env.self->group].kind == ir::GroupKind::Neuron) {
      const ir::Group &g = m_.groups[env.self->group];
      int id = npyArray(*c.args[0].value, {g.size}, "the population " + g.name);
      if (id < 0) return ir::constant(0);
      return ir::arrayRef(id, ir::indexRef(ir::Space::Pre));
    }
  }
  std::vector<std::string> params = builtinParams(f);
  std::vector<ir::ExprRef> args(params.size());
  std::size_t pos = 0;
  for (const Arg &a : c.args) {
    std::size_t k = pos++;
    if (!a.name.empty())
      for (std::size_t q = 0; q < params.size(); ++q)
        if (params[q] == a.name.name) k = q;
    if (k < args.size()) args[k] = expr(*a.value, env);
  }
  while (!args.empty() && !args.back()) args.pop_back();
  static const std::set<std::string> math = {
      "exp", "log", "log10", "log2", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
      "tanh", "expm1", "log1p", "exprel", "sqrt", "abs", "floor", "ceil", "round", "sign",
      "heaviside", "min", "max", "clip", "atan2"};
  if (math.count(f)) {
    for (ir::ExprRef &a : args)
      if (!a) a = ir::constant(0);
    return ir::call(f, std::move(args));
  }
  if (f == "uniform" || f == "normal" || f == "lognormal" || f == "exponential") {
    bool clipped = f == "normal" && args.size() > 2;
    std::vector<ir::ExprRef> main(args.begin(), args.begin() + std::min<std::size_t>(args.size(), 2));
    ir::ExprRef draw = ir::random(f, main, m_.streams++);
    if (clipped) {
      if (args.size() > 2 && args[2]) draw = ir::call("max", {draw, args[2]});
      if (args.size() > 3 && args[3]) draw = ir::call("min", {draw, args[3]});
    }
    return draw;
  }
  if ((f == "sum" || f == "mean") && env.self && env.self->group >= 0 && !args.empty() && args[0] &&
      m_.groups[env.self->group].kind == ir::GroupKind::Neuron) {
    // Over the neuron's population, once per step (sema allows reductions
    // only in neuron equations).
    ir::Group &g = m_.groups[env.self->group];
    ir::Var v;
    v.name = "_" + f + "." + std::to_string(m_.reductions.size());
    v.role = ir::Var::Role::Internal;
    ir::VarRef r{ir::Space::Self, env.self->group, g.addVar(std::move(v))};
    m_.reductions.push_back({env.self->group, r.var, args[0]});
    ir::ExprRef total = ir::varRef(r);
    return f == "sum" ? total : ir::div(total, ir::constant(static_cast<double>(g.size)));
  }
  unsupported(c.range, "'" + f + "(...)' in this position");
  return ir::constant(0);
}

ir::ExprRef Lowerer::expr(const Expr &e, const LowerEnv &env) {
  switch (e.kind) {
  case ExprKind::Number: return ir::constant(cast<NumberExpr>(&e)->value);
  case ExprKind::Bool: return ir::constant(cast<BoolExpr>(&e)->value ? 1 : 0);
  case ExprKind::Quantity: {
    // A literal is a product: `20 mV / taum` is 20 * 1e-3 / taum.
    auto &q = *cast<QuantityExpr>(&e);
    double scale = q.number->value;
    std::vector<std::pair<bool, ir::ExprRef>> factors;
    for (const UnitFactor &f : q.chain) {
      if (auto u = units::lookupUnit(f.name.name)) {
        double s = std::pow(u->scale, f.exponent.toDouble());
        scale = f.divide ? scale / s : scale * s;
        continue;
      }
      ir::ExprRef x = name(f.name, env);
      if (f.exponent != 1) x = ir::binary(ir::Op::Pow, x, ir::constant(f.exponent.toDouble()));
      factors.push_back({f.divide, x});
    }
    ir::ExprRef v = ir::constant(scale);
    for (auto &[divide, x] : factors) v = divide ? ir::div(v, x) : ir::mul(v, x);
    return v;
  }
  case ExprKind::Name: return name(cast<NameExpr>(&e)->name, env);
  case ExprKind::Scoped: {
    auto &s = *cast<ScopedExpr>(&e);
    Binding *b = s.scope == Scope::Pre ? env.pre : env.post;
    if (!b) {
      unsupported(s.range, std::string("'") + (s.scope == Scope::Pre ? "pre." : "post.") + s.name.name + "' here");
      return ir::constant(0);
    }
    LowerEnv inner = env;
    inner.self = b;
    return symbol(*b, s.name, inner);
  }
  case ExprKind::Member: {
    auto &m = *cast<MemberExpr>(&e);
    Binding *b = nullptr;
    if (env.self)
      if (auto it = env.self->channels.find(m.base.name); it != env.self->channels.end()) b = it->second.get();
    if (!b) {
      unsupported(m.range, "'" + m.base.name + "." + m.name.name + "' here");
      return ir::constant(0);
    }
    LowerEnv inner = env;
    inner.self = b;
    return symbol(*b, m.name, inner);
  }
  case ExprKind::Call: return callExpr(*cast<CallExpr>(&e), env);
  case ExprKind::Unary: {
    auto &u = *cast<UnaryExpr>(&e);
    ir::ExprRef a = expr(*u.operand, env);
    if (u.op == UnaryOp::Plus) return a;
    return ir::unary(u.op == UnaryOp::Neg ? ir::Op::Neg : ir::Op::Not, a);
  }
  case ExprKind::Binary: {
    auto &b = *cast<BinaryExpr>(&e);
    ir::ExprRef l = expr(*b.lhs, env), r = expr(*b.rhs, env);
    ir::Op op = ir::Op::Add;
    switch (b.op) {
    case BinaryOp::Add: op = ir::Op::Add; break;
    case BinaryOp::Sub: op = ir::Op::Sub; break;
    case BinaryOp::Mul: op = ir::Op::Mul; break;
    case BinaryOp::Div: op = ir::Op::Div; break;
    case BinaryOp::Pow: op = ir::Op::Pow; break;
    case BinaryOp::Lt: op = ir::Op::Lt; break;
    case BinaryOp::Le: op = ir::Op::Le; break;
    case BinaryOp::Gt: op = ir::Op::Gt; break;
    case BinaryOp::Ge: op = ir::Op::Ge; break;
    case BinaryOp::Eq: op = ir::Op::Eq; break;
    case BinaryOp::Ne: op = ir::Op::Ne; break;
    case BinaryOp::And: op = ir::Op::And; break;
    case BinaryOp::Or: op = ir::Op::Or; break;
    }
    return ir::binary(op, l, r);
  }
  case ExprKind::Cond: {
    auto &c = *cast<CondExpr>(&e);
    return ir::select(expr(*c.cond, env), expr(*c.thenExpr, env), expr(*c.elseExpr, env));
  }
  case ExprKind::String: unsupported(e.range, "a string here"); return ir::constant(0);
  case ExprKind::List: unsupported(e.range, "a list here"); return ir::constant(0);
  case ExprKind::Error: break;
  }
  unsupported(e.range, "an expression with a syntax error");
  return ir::constant(0);
}

ir::ExprRef Lowerer::assignValue(const AssignStmt &a, const ir::VarRef &t, const LowerEnv &env) {
  ir::ExprRef v = expr(*a.value, env);
  ir::ExprRef old = ir::varRef(t);
  switch (a.op) {
  case AssignOp::Set: return v;
  case AssignOp::Add: return ir::add(old, v);
  case AssignOp::Sub: return ir::sub(old, v);
  case AssignOp::Mul: return ir::mul(old, v);
  case AssignOp::Div: return ir::div(old, v);
  }
  return v;
}

ir::Block Lowerer::block(const Block &b, const LowerEnv &env) {
  ir::Block out;
  for (const StmtPtr &sp : b) {
    if (auto *a = dynCast<AssignStmt>(sp.get())) {
      Binding *target = env.self;
      if (a->target.scope) target = *a->target.scope == Scope::Pre ? env.pre : env.post;
      if (target && !a->target.base.empty()) {
        auto it = target->channels.find(a->target.base.name);
        target = it == target->channels.end() ? nullptr : it->second.get();
      }
      std::optional<ir::VarRef> r = target ? var(*target, a->target.name.name) : std::nullopt;
      if (!r) {
        std::string name = a->target.scope ? (*a->target.scope == Scope::Pre ? "pre." : "post.") : "";
        if (!a->target.base.empty()) name += a->target.base.name + ".";
        unsupported(a->target.range, "assigning '" + name + a->target.name.name + "' here");
        continue;
      }
      out.push_back(ir::Stmt::assign(*r, assignValue(*a, *r, env)));
    } else if (auto *i = dynCast<IfStmt>(sp.get())) {
      out.push_back(ir::Stmt::ifThen(expr(*i->cond, env), block(i->thenBlock, env), block(i->elseBlock, env)));
    }
  }
  return out;
}

} // namespace bdl::sema
