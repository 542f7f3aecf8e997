// SPDX-License-Identifier: Apache-2.0
//===- GpuExpr.cpp - statements and expressions of the kernel IR as C++ ----===//
//
// Mirrors codegen/llvm/ExprEmitter.cpp operation for operation (see
// GpuPrinter.h for why): the same small-integer powers, the same exprel
// polynomial, the same reciprocals.
#include "codegen/gpu/GpuPrinter.h"

#include <cmath>
#include <cstdio>

namespace bdl::codegen {

using namespace ir;

namespace {

/// An exact literal: hexadecimal floating point, or a builtin for the
/// non-finite values.
std::string literal(double v) {
  if (std::isnan(v)) return "__builtin_nan(\"\")";
  if (std::isinf(v)) return v > 0 ? "__builtin_huge_val()" : "(-__builtin_huge_val())";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return v < 0 ? "(" + std::string(buf) + ")" : std::string(buf);
}

const char *indexName(Space s) {
  switch (s) {
  case Space::Self: return "self";
  case Space::Pre: return "pre";
  case Space::Post: return "post";
  case Space::Net: return "0";
  }
  return "self";
}

} // namespace

std::string GpuPrinter::real() const { return host_ ? "double" : "bdl_real"; }

std::string GpuPrinter::constant(double v) const { return host_ ? literal(v) : "(bdl_real)" + literal(v); }

void GpuPrinter::line(const std::string &s) {
  out_ << std::string(2 * indent_, ' ') << s << '\n';
}

std::string GpuPrinter::temp(const std::string &type, const std::string &init) {
  std::string name = "t" + std::to_string(temps_++);
  line("const " + type + " " + name + " = " + init + ";");
  return name;
}

std::string GpuPrinter::var(const VarRef &r) const {
  const Var &v = m_.groups[r.group].vars[r.var];
  return pointerName(r) + "[" + (v.perEntity ? indexName(r.space) : "0") + "]";
}

std::string GpuPrinter::pointerName(const VarRef &r) {
  return std::string(spelling(r.space)) + "_" + std::to_string(r.group) + "_" + std::to_string(r.var);
}

void GpuPrinter::block(const Block &b) {
  for (const Stmt &s : b) stmt(s);
}

void GpuPrinter::stmt(const Stmt &s) {
  switch (s.kind) {
  case Stmt::Kind::Assign:
    if (atomicPost_ && s.target.space == Space::Post) {
      // `post.x = post.x + e` (eventDriven checked the form).
      line("BDL_ATOMIC_ADD(&" + var(s.target) + ", " + num(s.value->args[1]) + ");");
      clearMemo();
      return;
    }
    line(var(s.target) + " = " + num(s.value) + ";");
    clearMemo(); // later reads must see the new value
    return;
  case Stmt::Kind::Local:
    if (mutable_[s.local]) {
      line("l" + std::to_string(s.local) + " = " + num(s.value) + ";");
      clearMemo();
      return;
    }
    invariantLocal_[s.local] = invariant(s.value);
    line("const " + real() + " l" + std::to_string(s.local) + " = " + num(s.value) + ";");
    return;
  case Stmt::Kind::If: {
    std::string c = truth(s.value);
    auto saved = memo_;
    line("if (" + c + ") {");
    ++indent_;
    block(s.thenBlock);
    --indent_;
    memo_ = saved;
    if (!s.elseBlock.empty()) {
      line("} else {");
      ++indent_;
      block(s.elseBlock);
      --indent_;
    }
    line("}");
    clearMemo(); // what one branch computed is not in scope after the join
    return;
  }
  case Stmt::Kind::While:
    clearMemo(); // the condition is evaluated again after the body changed locals
    line("for (;;) {");
    ++indent_;
    line("if (!" + truth(s.value) + ") break;");
    block(s.thenBlock);
    --indent_;
    line("}");
    clearMemo();
    return;
  case Stmt::Kind::PushSpike:
    if (host_) error_ = "a spike in a set-up kernel";
    line("bdl_spike(g, self);");
    return;
  case Stmt::Kind::Expm: {
    if (!host_) {
      error_ = "matrix exponentials are only computed at set-up on GPU targets";
      return;
    }
    std::size_t n = static_cast<std::size_t>(std::llround(std::sqrt(double(s.args.size()))));
    std::vector<std::string> in;
    for (const ExprRef &a : s.args) in.push_back(num(a));
    std::string list;
    for (const std::string &x : in) list += (list.empty() ? "" : ", ") + x;
    line("{");
    ++indent_;
    line("const double expm_in[] = {" + list + "};");
    line("double expm_out[" + std::to_string(n * n) + "];");
    line("bdlrt_expm(" + std::to_string(n) + ", expm_in, expm_out);");
    for (std::size_t k = 0; k < s.targets.size(); ++k)
      line(var(s.targets[k]) + " = expm_out[" + std::to_string(k) + "];");
    --indent_;
    line("}");
    clearMemo();
    return;
  }
  }
}

std::string GpuPrinter::num(const ExprRef &e) {
  bool b = false;
  std::string v = value(e, b);
  return b ? "(" + v + " ? " + constant(1) + " : " + constant(0) + ")" : v;
}

std::string GpuPrinter::truth(const ExprRef &e) {
  bool b = false;
  std::string v = value(e, b);
  return b ? v : "(" + v + " != " + constant(0) + ")";
}

std::string GpuPrinter::value(const ExprRef &e, bool &isBool) {
  if (auto it = memo_.find(e.get()); it != memo_.end()) {
    isBool = it->second.isBool;
    return it->second.name;
  }
  isBool = false;
  std::string text = compute(*e, isBool);
  // Leaves need no temporary.
  bool leaf = e->op == Op::Const || e->op == Op::Local || e->op == Op::Time || e->op == Op::Dt || e->op == Op::Noise;
  std::string name = leaf ? text : temp(isBool ? "bool" : real(), text);
  memo_[e.get()] = {name, isBool};
  return name;
}

bool GpuPrinter::invariant(const ExprRef &e) const {
  switch (e->op) {
  case Op::Const: case Op::Time: case Op::Dt: case Op::Step: case Op::Noise: return true;
  case Op::Index: case Op::Random: case Op::Array: case Op::Search: return false;
  case Op::Local: return !mutable_[e->local] && invariantLocal_[e->local];
  case Op::Var: {
    // A shared value the kernel writes is reloaded inside the loop.
    return !m_.groups[e->var.group].vars[e->var.var].perEntity &&
           !writtenByKernel_.count({e->var.group, e->var.var});
  }
  default:
    for (const ExprRef &a : e->args)
      if (!invariant(a)) return false;
    return true;
  }
}

/// exprel(x) = (exp(x) - 1) / x as num / den, finite at 0, as the LLVM back
/// end splits it; expm1 does not cancel near 0.
std::pair<std::string, std::string> GpuPrinter::exprelParts(const std::string &x) {
  std::string zero = temp("bool", x + " == " + constant(0));
  return {temp(real(), zero + " ? " + constant(1) + " : expm1(" + x + ")"),
          temp(real(), zero + " ? " + constant(1) + " : " + x)};
}

std::string GpuPrinter::divide(const Expr &e) {
  if (e.args[1]->op == Op::Call && e.args[1]->callee == "exprel") {
    // c / exprel(x) = c x / (exp(x) - 1): one division (the HH rates).
    std::string c = num(e.args[0]);
    auto [n, d] = exprelParts(num(e.args[1]->args[0]));
    return temp(real(), c + " * " + d) + " / " + n;
  }
  std::string a = num(e.args[0]), b = num(e.args[1]);
  double c;
  bool constA = isConst(e.args[0]);
  if (isConst(e.args[1], &c) && !constA) {
    // InstCombine: x / C is x * (1 / C) when the reciprocal is a normal number.
    double r = 1.0 / c;
    if (std::isnormal(r)) return a + " * " + constant(r);
  }
  if (inLoop_ && invariant(e.args[1]) && !invariant(e.args[0]))
    return a + " * (" + constant(1) + " / " + b + ")"; // LICM hoists the reciprocal of an invariant divisor
  return a + " / " + b;
}

std::string GpuPrinter::power(const Expr &e) {
  std::string base = num(e.args[0]);
  double c;
  if (isConst(e.args[1], &c)) {
    if (c == 0.5) return "sqrt(" + base + ")";
    if (c == std::round(c) && std::fabs(c) <= 16) {
      // Small integer powers as multiplications, in the LLVM back end's order.
      int n = static_cast<int>(std::fabs(c));
      std::string r = constant(1), x = base;
      bool first = true;
      for (; n; n >>= 1) {
        if (n & 1) {
          r = first ? x : temp(real(), r + " * " + x);
          first = false;
        }
        if (n > 1) x = temp(real(), x + " * " + x);
      }
      return c < 0 ? constant(1) + " / " + r : r;
    }
  }
  return "pow(" + base + ", " + num(e.args[1]) + ")";
}

std::string GpuPrinter::math(const std::string &f, const std::vector<std::string> &a) {
  auto call = [&](const char *name) {
    std::string s = std::string(name) + "(";
    for (std::size_t k = 0; k < a.size(); ++k) s += (k ? ", " : "") + a[k];
    return s + ")";
  };
  if (f == "abs") return call("fabs");
  if (f == "min") return call("fmin");
  if (f == "max") return call("fmax");
  if (f == "clip") return "fmin(" + temp(real(), "fmax(" + a[0] + ", " + a[1] + ")") + ", " + a[2] + ")";
  std::string zero = constant(0);
  if (f == "sign") return "(" + real() + ")(" + a[0] + " > " + zero + ") - (" + real() + ")(" + a[0] + " < " + zero + ")";
  if (f == "heaviside")
    return a[0] + " > " + zero + " ? " + constant(1) + " : (" + a[0] + " < " + zero + " ? " + zero + " : " +
           constant(0.5) + ")";
  if (f == "exprel") {
    auto [num, den] = exprelParts(a[0]);
    return num + " / " + den;
  }
  return call(f.c_str()); // exp, log, log10, log2, sin, cos, sqrt, floor, ceil, round, tan, ..., atan2
}

std::string GpuPrinter::random(const Expr &e) {
  std::string prefix = host_ ? "bdlrt_" : "bdl_dev_";
  std::string at = "a.seed, " + std::to_string(e.stream) + ", self, a.step";
  std::string cast = host_ ? "" : "(" + real() + ")"; // draws are doubles
  if (e.callee == "poisson") return cast + prefix + "poisson(" + at + ", " + num(e.args[0]) + ")";
  bool normal = e.callee == "normal" || e.callee == "lognormal";
  std::string x = temp(real(), cast + prefix + (normal ? "normal(" : "uniform(") + at + ")");
  if (e.callee == "uniform") {
    std::string lo = num(e.args[0]), hi = num(e.args[1]);
    return lo + " + " + temp(real(), hi + " - " + lo) + " * " + x;
  }
  if (e.callee == "normal") return num(e.args[0]) + " + " + num(e.args[1]) + " * " + x;
  if (e.callee == "lognormal") {
    std::string mean = num(e.args[0]), sd = num(e.args[1]);
    std::string r = temp(real(), sd + " / " + mean);
    std::string s2 = temp(real(), "log1p(" + r + " * " + r + ")");
    std::string mu = temp(real(), "log(" + mean + ") - " + s2 + " * " + constant(0.5));
    return "exp(" + mu + " + sqrt(" + s2 + ") * " + x + ")";
  }
  return "-(" + num(e.args[0]) + " * log1p(-" + x + "))"; // exponential(mean)
}

std::string GpuPrinter::compute(const Expr &e, bool &isBool) {
  auto d = [&](std::size_t k) { return num(e.args[k]); };
  auto bl = [&](std::size_t k) { return truth(e.args[k]); };
  isBool = isBoolean(e.op);
  switch (e.op) {
  case Op::Const: return constant(e.value);
  case Op::Var: return var(e.var);
  case Op::Local: return "l" + std::to_string(e.local);
  case Op::Noise: return constant(0); // replaced by lower-integrators
  case Op::Time: return "a.t";
  case Op::Dt: return "a.dt";
  case Op::Step: return "(" + real() + ")a.step";
  case Op::Index: return "(" + real() + ")" + indexName(e.index);
  case Op::Neg: return "-" + d(0);
  case Op::Not: return "!" + bl(0);
  case Op::Add: { std::string x = d(0); return x + " + " + d(1); }
  case Op::Sub: { std::string x = d(0); return x + " - " + d(1); }
  case Op::Mul: { std::string x = d(0); return x + " * " + d(1); }
  case Op::Div: return divide(e);
  case Op::Pow: return power(e);
  case Op::Lt: { std::string x = d(0); return x + " < " + d(1); }
  case Op::Le: { std::string x = d(0); return x + " <= " + d(1); }
  case Op::Gt: { std::string x = d(0); return x + " > " + d(1); }
  case Op::Ge: { std::string x = d(0); return x + " >= " + d(1); }
  case Op::Eq: { std::string x = d(0); return x + " == " + d(1); }
  case Op::Ne: { std::string x = d(0); return x + " != " + d(1); }
  case Op::And: { std::string x = bl(0); return x + " && " + bl(1); }
  case Op::Or: { std::string x = bl(0); return x + " || " + bl(1); }
  case Op::Select: {
    std::string c = bl(0);
    bool ba = false, bb = false;
    std::string a = value(e.args[1], ba), b = value(e.args[2], bb);
    if (ba && bb) {
      isBool = true;
      return c + " ? " + a + " : " + b;
    }
    std::string one = constant(1), zero = constant(0);
    return c + " ? " + (ba ? "(" + a + " ? " + one + " : " + zero + ")" : a) + " : " +
           (bb ? "(" + b + " ? " + one + " : " + zero + ")" : b);
  }
  case Op::Call: {
    std::vector<std::string> a;
    for (std::size_t k = 0; k < e.args.size(); ++k) a.push_back(d(k));
    return math(e.callee, a);
  }
  case Op::Random: return random(e);
  case Op::Array: return "(" + real() + ")a.arrays[" + std::to_string(e.local) + "][(int64_t)" + d(0) + "]";
  case Op::Search:
    return "(" + real() + ")bdl_search(a.arrays[" + std::to_string(e.local) + "], " +
           std::to_string(static_cast<long long>(e.value)) + ", (double)" + d(0) + ")";
  }
  return "0.0";
}

} // namespace bdl::codegen
