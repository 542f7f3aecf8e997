// SPDX-License-Identifier: Apache-2.0
//===- LowerArrays.cpp - data as data: time arrays and tables -------------===//
//
// A `time_array` used to become one `select` per value, nested: a literal of
// 10,000 values took 41 s to compile and 50,000 never finished. Its times and
// values are now module arrays (the source's lists as data in the
// descriptor, a .npy file read at start), and a lookup is a few loads:
//
//   time_array(times = T, values = V)  V[k-1] for the last T[k-1] <= t, 0
//                                      before T[0]: a branch-free binary
//                                      search (ir::searchRef), log2(n) loads
//   time_array(values = V, dt = h)     V[k] on a grid of step h from 0, as
//                                      Brian2's TimedArray: clamped to the
//                                      first and last values outside it
//
// Compile time no longer depends on the array's length beyond reading it.
#include "sema/Lowering.h"
#include "sema/NpyFile.h"
#include "support/Casting.h"

#include <cmath>
#include <filesystem>

namespace bdl::sema {

using namespace ast;
using support::dynCast;

namespace {

const Expr *namedArg(const CallExpr &c, const std::vector<std::string> &params, const std::string &name) {
  std::size_t pos = 0;
  for (const Arg &a : c.args) {
    std::string n = a.name.empty() ? (pos < params.size() ? params[pos] : "") : a.name.name;
    ++pos;
    if (n == name) return a.value.get();
  }
  return nullptr;
}

const CallExpr *asNpy(const Expr &e) {
  auto *c = dynCast<CallExpr>(&e);
  return c && c->callee.name == "npy" && !c->args.empty() ? c : nullptr;
}

} // namespace

std::vector<std::string> timeArrayParams() { return {"times", "values", "dt", "interpolation"}; }

std::optional<ArrayOperand> Lowerer::arrayOperand(const Expr &e, const LowerEnv &env, const std::string &role,
                                                  std::size_t maxRank, const std::string &owner) {
  std::string what = owner + "'s " + role;
  if (auto it = operands_.find(&e); it != operands_.end()) return it->second;
  if (auto *list = dynCast<ListExpr>(&e)) {
    ir::ArrayFile a;
    a.values.reserve(list->elems.size());
    for (const ExprPtr &x : list->elems) {
      auto v = ir::evaluateConstant(expr(*x, env));
      if (!v) {
        unsupported(x->range, "an element of " + what + " that is not constant");
        return std::nullopt;
      }
      a.values.push_back(*v);
    }
    a.shape = {static_cast<std::int64_t>(a.values.size())};
    ArrayOperand out;
    out.shape = a.shape;
    m_.arrays.push_back(std::move(a));
    out.id = static_cast<int>(m_.arrays.size() - 1);
    return operands_[&e] = out;
  }
  // npy("x.npy"), or npy("x.npy") times or over a constant (its unit).
  const CallExpr *file = asNpy(e);
  ir::ExprRef scale;
  if (auto *b = dynCast<BinaryExpr>(&e); b && (b->op == BinaryOp::Mul || b->op == BinaryOp::Div)) {
    const Expr *other = nullptr;
    if ((file = asNpy(*b->lhs))) other = b->rhs.get();
    else if (b->op == BinaryOp::Mul && (file = asNpy(*b->rhs))) other = b->lhs.get();
    if (file) {
      auto k = ir::evaluateConstant(expr(*other, env));
      if (!k) {
        unsupported(other->range, "a factor of " + what + " that is not constant");
        return std::nullopt;
      }
      scale = ir::constant(b->op == BinaryOp::Mul ? *k : 1 / *k);
    }
  }
  if (!file) {
    unsupported(e.range, what + " that are not a list, npy(\"file.npy\") or npy(...) times a unit");
    return std::nullopt;
  }
  auto id = npyFile(*file->args[0].value, owner, [&](const std::vector<std::int64_t> &shape) {
    if (!shape.empty() && shape.size() <= maxRank) return std::string();
    return std::string(maxRank == 1 ? "one dimension (n,)" : "(n,) or (n, neurons)");
  });
  if (!id) return std::nullopt;
  ArrayOperand out;
  out.id = *id;
  out.shape = m_.arrays[*id].shape;
  out.scale = scale;
  return operands_[&e] = out;
}

const GlobalDecl *Lowerer::table(const std::string &name, const LowerEnv &env) const {
  if (env.self && env.self->model && env.self->model->file) {
    auto &visible = env.self->model->file->visible;
    auto it = visible.find(name);
    return it != visible.end() && it->second->kind == GlobalDecl::Kind::Table ? it->second : nullptr;
  }
  for (const auto &g : cx_.globals)
    if (g->kind == GlobalDecl::Kind::Table && g->name == name) return g.get();
  return nullptr;
}

ir::ExprRef Lowerer::timeArray(const CallExpr &c, const LowerEnv &env, ir::ExprRef at, ir::ExprRef column,
                               std::int64_t columnsNeeded, SourceRange use) {
  auto misfit = [&](const Expr &where, const std::string &has, const std::string &needs) { // the site of E0432
    cx_.report(diag::DiagId::E0432, where.range, {has, needs});
    failed_ = true;
    return ir::constant(0);
  };
  if (badTimeArrays_.count(&c)) return ir::constant(0); // reported at its first use
  // Any error below is reported once: the call is marked bad until it returns.
  struct MarkBad {
    std::set<const CallExpr *> &bad;
    const CallExpr *c;
    diag::DiagnosticEngine &diags;
    unsigned before;
    ~MarkBad() {
      if (diags.errorCount() > before) bad.insert(c);
    }
  } mark{badTimeArrays_, &c, cx_.diags, cx_.diags.errorCount()};
  std::vector<std::string> params = timeArrayParams();
  const Expr *timesE = namedArg(c, params, "times"), *valuesE = namedArg(c, params, "values");
  const Expr *dtE = namedArg(c, params, "dt"), *interpE = namedArg(c, params, "interpolation");
  if (!valuesE || (!timesE) == (!dtE)) {
    cx_.report(diag::DiagId::E0430, c.range, {timesE && dtE ? "both" : "neither"});
    failed_ = true;
    return ir::constant(0);
  }
  bool linear = false;
  if (interpE) {
    auto *s = dynCast<StringExpr>(interpE);
    if (!s || (s->value != "nearest" && s->value != "linear") || timesE) {
      cx_.report(diag::DiagId::E0431, interpE->range, {cx_.text(interpE->range)});
      failed_ = true;
      return ir::constant(0);
    }
    linear = s->value == "linear";
  }
  auto values = arrayOperand(*valuesE, env, "values", dtE ? 2 : 1);
  if (!values) return ir::constant(0);
  std::int64_t n = values->shape[0], cols = values->shape.size() > 1 ? values->shape[1] : 0;
  if (n == 0) return misfit(*valuesE, "no values", "at least one");
  if (cols && !column) {
    cx_.report(diag::DiagId::E0433, use.valid() ? use : c.range, {std::to_string(n) + " x " + std::to_string(cols)})
        .note(c.range, "the table's values");
    failed_ = true;
    return ir::constant(0);
  }
  if (cols && columnsNeeded > cols)
    return misfit(*valuesE, std::to_string(cols) + " columns", std::to_string(columnsNeeded) + " (one per neuron)");
  // A column the compiler could not check (not the neuron index): loads are
  // kept inside the array, and a column outside gives NaN, as in Brian2,
  // which the run reports as a non-finite value.
  ir::ExprRef inRange;
  if (cols && columnsNeeded == 0) {
    inRange = ir::binary(ir::Op::And, ir::binary(ir::Op::Ge, column, ir::constant(0)),
                         ir::binary(ir::Op::Lt, column, ir::constant(double(cols))));
    column = ir::call("min", {ir::call("max", {column, ir::constant(0)}), ir::constant(double(cols - 1))});
  }
  auto scaled = [&](ir::ExprRef v) {
    if (values->scale) v = ir::mul(v, values->scale);
    return inRange ? ir::select(inRange, v, ir::constant(std::nan(""))) : v;
  };
  // Element k (a row index) of the values, in the given column.
  auto element = [&](ir::ExprRef k) {
    if (!cols) return scaled(ir::arrayRef(values->id, k));
    return scaled(ir::arrayRef(values->id, ir::add(ir::mul(k, ir::constant(double(cols))), column)));
  };

  if (timesE) {
    auto times = arrayOperand(*timesE, env, "times", 1);
    if (!times) return ir::constant(0);
    if (times->shape[0] != n)
      return misfit(*valuesE, std::to_string(n) + " values", std::to_string(times->shape[0]) + " (one per time)");
    // Each value holds from its time on; before the first, 0. A time up to
    // 1/16 of a step after t counts (as in Brian2's TimedArray), so 1 ms is
    // reached at step 20 of 0.05 ms although 20 * 0.05e-3 < 1e-3 in doubles.
    at = ir::add(at, ir::div(ir::leaf(ir::Op::Dt), ir::constant(16)));
    if (times->scale) at = ir::div(at, times->scale); // times in a unit: t in that unit
    // A list is checked here, a file when it is read (NpyFile) and at start.
    ir::ArrayFile &ta = m_.arrays[times->id];
    std::optional<std::int64_t> bad = ta.path.empty() ? std::nullopt : notAscending_[ta.path];
    for (std::size_t k = 1; k < ta.values.size() && !bad; ++k)
      if (!(ta.values[k] > ta.values[k - 1])) bad = static_cast<std::int64_t>(k);
    if (bad) {
      cx_.report(diag::DiagId::E0434, timesE->range, {std::to_string(*bad), std::to_string(*bad - 1)});
      failed_ = true;
      return ir::constant(0);
    }
    ta.ascending = !ta.path.empty();
    ir::ExprRef k = ir::searchRef(times->id, n, at);
    return ir::select(ir::binary(ir::Op::Gt, k, ir::constant(0)), element(ir::sub(k, ir::constant(1))),
                      ir::constant(0));
  }

  auto h = ir::evaluateConstant(expr(*dtE, env));
  if (!h || !(*h > 0)) {
    cx_.report(diag::DiagId::E0435, dtE->range, {cx_.text(dtE->range)});
    failed_ = true;
    return ir::constant(0);
  }
  ir::ExprRef last = ir::constant(double(n - 1));
  auto clamp = [&](ir::ExprRef k) { return ir::call("min", {ir::call("max", {k, ir::constant(0)}), last}); };
  if (linear) {
    ir::ExprRef x = ir::div(at, ir::constant(*h));
    ir::ExprRef k0 = ir::call("floor", {x});
    ir::ExprRef frac = ir::sub(x, k0);
    ir::ExprRef lo = element(clamp(k0)), hi = element(clamp(ir::add(k0, ir::constant(1))));
    ir::ExprRef mid = ir::add(lo, ir::mul(frac, ir::sub(hi, lo)));
    // Outside the grid, the end values (frac would extrapolate).
    return ir::select(ir::binary(ir::Op::Lt, x, ir::constant(0)), element(ir::constant(0)),
                      ir::select(ir::binary(ir::Op::Ge, x, last), element(last), mid));
  }
  // Brian2's TimedArray index: t is scaled by K / h, where K is the power of
  // two with K >= 8 h / dt, and rounded there, so a time a hair below a grid
  // point (t = step * dt in floating point) still finds its value.
  double K = std::max(std::exp2(std::ceil(std::log2(8 * *h / m_.experiment.dt))), 1.0);
  ir::ExprRef k = ir::call("floor", {ir::div(ir::add(ir::mul(at, ir::constant(K / *h)), ir::constant(0.5)),
                                             ir::constant(K))});
  return element(clamp(k));
}

std::string showShape(const std::vector<std::int64_t> &v) {
  std::string out = "(";
  for (std::size_t k = 0; k < v.size(); ++k) out += (k ? ", " : "") + std::to_string(v[k]);
  return out + (v.size() == 1 ? ",)" : ")");
}

std::optional<int> Lowerer::npyFile(const Expr &path, const std::string &what,
                                    const std::function<std::string(const std::vector<std::int64_t> &)> &misfit) {
  auto *s = dynCast<StringExpr>(&path);
  if (!s) {
    unsupported(path.range, "a file name that is not a string literal");
    return std::nullopt;
  }
  // Absolute, so that the executable finds the file wherever it runs.
  std::filesystem::path p(s->value);
  if (p.is_relative()) p = std::filesystem::path(std::string(cx_.sm.path(path.range.file))).parent_path() / p;
  std::error_code ec;
  p = std::filesystem::absolute(p, ec).lexically_normal();
  std::string error;
  auto file = inspectNpy(p.string(), error, cx_.opts.scanArrayValues);
  if (!file) {
    cx_.report(diag::DiagId::E0611, path.range, {p.string(), error});
    failed_ = true;
    return std::nullopt;
  }
  const std::vector<std::int64_t> &shape = file->shape;
  if (std::string needs = misfit(shape); !needs.empty()) {
    cx_.report(diag::DiagId::E0610, path.range, {s->value, showShape(shape), what, needs});
    failed_ = true;
    return std::nullopt;
  }
  if (file->nonFiniteIndex) {
    std::vector<std::int64_t> at(shape.size());
    for (std::size_t k = shape.size(), flat = *file->nonFiniteIndex; k-- > 0; flat /= shape[k]) at[k] = flat % shape[k];
    double x = file->nonFiniteValue;
    cx_.report(diag::DiagId::E0612, path.range,
               {s->value, std::isnan(x) ? "NaN" : x > 0 ? "inf" : "-inf", showShape(at), what});
    failed_ = true;
    return std::nullopt;
  }
  notAscending_[p.string()] = file->notAscendingIndex;
  for (std::size_t k = 0; k < m_.arrays.size(); ++k)
    if (m_.arrays[k].path == p.string()) return static_cast<int>(k);
  m_.arrays.push_back({p.string(), {}, shape, file->dtype});
  return static_cast<int>(m_.arrays.size() - 1);
}

} // namespace bdl::sema
