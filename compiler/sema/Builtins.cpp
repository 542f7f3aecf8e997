// SPDX-License-Identifier: Apache-2.0
//===- Builtins.cpp - signatures and dimension rules of built-in functions -===//
//
// One table describes every built-in: math functions, population
// reductions, random distributions, stimuli, connection rules and layouts.
// Arguments are matched by position or name, then checked against the
// parameter's dimension rule, e.g.
//   exp(v / mV)                  argument must be dimensionless
//   uniform(-60 mV, -50 mV)      both bounds share one dimension
//   step(amplitude = 1 nA, start = 100 ms)   start must be a time
#include "sema/SemaContext.h"
#include "support/Casting.h"

#include <algorithm>
#include <map>
#include <cmath>

namespace bdl::sema {

using namespace ast;
using diag::DiagId;

namespace {

enum class ArgDim { Any, Dimensionless, Time, Frequency, Same, Bool, String, Integer, Times };
enum class Category { Math, Reduction, Distribution, Stimulus, Rule, Layout, Window };
enum class Result { Dimensionless, First, SqrtFirst, Same, None };

struct ParamSpec {
  const char *name;
  ArgDim dim;
  bool required = true;
};

struct Builtin {
  const char *name;
  Category category;
  std::vector<ParamSpec> params;
  Result result;
};

const std::vector<Builtin> &table() {
  static const std::vector<Builtin> t = [] {
    std::vector<Builtin> b;
    for (const char *f : {"exp", "log", "log10", "log2", "sin", "cos", "tan", "asin", "acos", "atan",
                          "sinh", "cosh", "tanh", "expm1", "log1p", "exprel"})
      b.push_back({f, Category::Math, {{"x", ArgDim::Dimensionless}}, Result::Dimensionless});
    b.push_back({"sqrt", Category::Math, {{"x", ArgDim::Any}}, Result::SqrtFirst});
    for (const char *f : {"abs", "floor", "ceil", "round"})
      b.push_back({f, Category::Math, {{"x", ArgDim::Any}}, Result::First});
    for (const char *f : {"sign", "heaviside"})
      b.push_back({f, Category::Math, {{"x", ArgDim::Any}}, Result::Dimensionless});
    for (const char *f : {"min", "max"})
      b.push_back({f, Category::Math, {{"a", ArgDim::Same}, {"b", ArgDim::Same}}, Result::Same});
    b.push_back({"clip", Category::Math, {{"x", ArgDim::Same}, {"lo", ArgDim::Same}, {"hi", ArgDim::Same}},
                 Result::Same});
    b.push_back({"atan2", Category::Math, {{"y", ArgDim::Same}, {"x", ArgDim::Same}}, Result::Dimensionless});
    for (const char *f : {"sum", "mean"})
      b.push_back({f, Category::Reduction, {{"x", ArgDim::Any}}, Result::First});
    b.push_back({"uniform", Category::Distribution, {{"low", ArgDim::Same}, {"high", ArgDim::Same}}, Result::Same});
    b.push_back({"normal", Category::Distribution,
                 {{"mean", ArgDim::Same}, {"sd", ArgDim::Same}, {"min", ArgDim::Same, false}, {"max", ArgDim::Same, false}},
                 Result::Same});
    b.push_back({"lognormal", Category::Distribution, {{"mean", ArgDim::Same}, {"sd", ArgDim::Same}}, Result::Same});
    b.push_back({"exponential", Category::Distribution, {{"mean", ArgDim::Any}}, Result::First});
    // Values from a .npy file (a weight matrix, stored patterns); dimensionless,
    // so a unit is given by multiplying: `w = npy("W.npy") * 1 nS`.
    b.push_back({"npy", Category::Distribution, {{"path", ArgDim::String}}, Result::Dimensionless});
    b.push_back({"step", Category::Stimulus,
                 {{"amplitude", ArgDim::Any}, {"start", ArgDim::Time}, {"stop", ArgDim::Time, false}}, Result::First});
    b.push_back({"ramp", Category::Stimulus,
                 {{"from", ArgDim::Same}, {"to", ArgDim::Same}, {"start", ArgDim::Time}, {"stop", ArgDim::Time}},
                 Result::Same});
    b.push_back({"sine", Category::Stimulus,
                 {{"amplitude", ArgDim::Same}, {"frequency", ArgDim::Frequency}, {"phase", ArgDim::Dimensionless, false},
                  {"offset", ArgDim::Same, false}},
                 Result::Same});
    // times + values: each value from its time on; values + dt: a grid, as
    // Brian2's TimedArray (LowerArrays.cpp). Either may be a list or a .npy.
    b.push_back({"time_array", Category::Stimulus,
                 {{"times", ArgDim::Times, false}, {"values", ArgDim::Same}, {"dt", ArgDim::Time, false},
                  {"interpolation", ArgDim::String, false}},
                 Result::Same});
    b.push_back({"poisson", Category::Stimulus,
                 {{"rate", ArgDim::Frequency}, {"weight", ArgDim::Any}, {"count", ArgDim::Integer, false}}, Result::None});
    b.push_back({"all_to_all", Category::Rule, {}, Result::None});
    b.push_back({"one_to_one", Category::Rule, {}, Result::None});
    b.push_back({"probability", Category::Rule, {{"p", ArgDim::Dimensionless}, {"autapses", ArgDim::Bool, false}},
                 Result::None});
    b.push_back({"fixed_indegree", Category::Rule, {{"k", ArgDim::Integer}, {"autapses", ArgDim::Bool, false}},
                 Result::None});
    b.push_back({"fixed_outdegree", Category::Rule, {{"k", ArgDim::Integer}, {"autapses", ArgDim::Bool, false}},
                 Result::None});
    b.push_back({"fixed_total", Category::Rule, {{"n", ArgDim::Integer}, {"autapses", ArgDim::Bool, false}},
                 Result::None});
    b.push_back({"from_npy", Category::Rule, {{"path", ArgDim::String}}, Result::None});
    b.push_back({"line", Category::Layout, {{"spacing", ArgDim::Any}}, Result::None});
    b.push_back({"ring", Category::Layout, {{"radius", ArgDim::Any}}, Result::None});
    b.push_back({"grid", Category::Layout,
                 {{"rows", ArgDim::Integer}, {"cols", ArgDim::Integer}, {"spacing", ArgDim::Any}}, Result::None});
    b.push_back({"random", Category::Layout, {{"width", ArgDim::Same}, {"height", ArgDim::Same}}, Result::None});
    // `record rate(E) every 1 ms smooth gaussian(2 ms)`, as Brian2's smooth_rate.
    for (const char *f : {"gaussian", "flat"})
      b.push_back({f, Category::Window, {{"width", ArgDim::Time}}, Result::None});
    return b;
  }();
  return t;
}

const Builtin *find(const std::string &name, std::initializer_list<Category> cats) {
  for (const Builtin &b : table())
    if (b.name == name && std::find(cats.begin(), cats.end(), b.category) != cats.end()) return &b;
  return nullptr;
}

std::vector<std::string> namesIn(std::initializer_list<Category> cats) {
  std::vector<std::string> out;
  for (const Builtin &b : table())
    if (std::find(cats.begin(), cats.end(), b.category) != cats.end()) out.push_back(b.name);
  return out;
}

std::string arity(const Builtin &b) {
  std::size_t lo = 0, hi = b.params.size();
  for (const ParamSpec &p : b.params) lo += p.required ? 1 : 0;
  auto plural = [](std::size_t n) { return n == 1 ? " argument" : " arguments"; };
  if (hi == 0) return "no arguments";
  if (lo == hi) return std::to_string(lo) + plural(lo);
  return std::to_string(lo) + " to " + std::to_string(hi) + plural(hi);
}

/// The single site of E0211.
void unknownFunction(SemaContext &cx, const Ident &callee, std::initializer_list<Category> cats) {
  auto b = cx.report(DiagId::E0211, callee.range, {callee.name});
  // Functions of Brian2's equations, answered with the BDL form.
  static const std::map<std::string, std::string> brian2 = {
      {"rand", "Brian2's rand() is uniform(0, 1) here (in initial values, weights and delays)"},
      {"randn", "Brian2's randn() is normal(0, 1) here (in initial values, weights and delays)"},
      {"int", "Brian2's int() truncates toward zero: write floor(x) for x >= 0, or sign(x) * floor(abs(x))"},
      {"timestep", "write round(t / dt) for the step of a time"}};
  if (auto it = brian2.find(callee.name); it != brian2.end()) {
    b.help(it->second);
    return;
  }
  if (std::string s = closestName(callee.name, namesIn(cats)); !s.empty())
    b.help("did you mean '" + s + "'?").fixit(callee.range, s);
}

/// Matches arguments to parameters and checks each one's dimension.
std::optional<std::map<std::string, Value>> checkArgs(SemaContext &cx, const Builtin &b, const CallExpr &c,
                                                      const ExprEnv &env, Value *result) {
  std::map<std::string, Value> byName;
  std::map<std::string, SourceRange> ranges;
  bool ok = true;
  std::size_t positional = 0;
  ExprEnv argEnv = env;
  argEnv.allowArrays = b.name == std::string("time_array");
  for (const Arg &a : c.args) {
    Value v = checkExpr(cx, *a.value, argEnv);
    const ParamSpec *p = nullptr;
    if (a.name.empty()) {
      if (positional < b.params.size()) p = &b.params[positional];
      ++positional;
      if (!p) continue; // counted below
    } else {
      for (const ParamSpec &q : b.params)
        if (a.name.name == q.name) p = &q;
      if (!p) {
        std::vector<std::string> names;
        for (const ParamSpec &q : b.params) names.push_back(q.name);
        reportUnknownArgument(cx, a.name, b.name, names);
        ok = false;
        continue;
      }
    }
    if (byName.count(p->name)) {
      reportGivenTwice(cx, a.range, std::string("argument '") + p->name + "'");
      ok = false;
      continue;
    }
    byName[p->name] = v;
    ranges[p->name] = a.value->range;
  }
  if (!ok) return std::nullopt;
  std::size_t required = 0;
  for (const ParamSpec &p : b.params) required += p.required && !byName.count(p.name) ? 1 : 0;
  if (positional > b.params.size() || required > 0) {
    reportArity(cx, c.argsRange.valid() ? c.argsRange : c.range, b.name, arity(b),
                std::to_string(c.args.size()));
    return std::nullopt;
  }
  if (!ok) return std::nullopt;

  std::vector<Value> same;
  std::vector<SourceRange> sameRanges;
  for (const ParamSpec &p : b.params) {
    auto it = byName.find(p.name);
    if (it == byName.end()) continue;
    const Value &v = it->second;
    SourceRange r = ranges[p.name];
    std::string what = std::string("argument '") + p.name + "' of '" + b.name + "'";
    if (v.isPoison()) {
      ok = false;
      continue;
    }
    switch (p.dim) {
    case ArgDim::Any: break;
    case ArgDim::Dimensionless:
      if (b.category == Category::Math) {
        if (!v.isNumber() || (!v.dim.isDimensionless() && !v.zeroLiteral)) {
          cx.report(DiagId::E0303, r, {b.name, describeValue(v)});
          ok = false;
        }
      } else {
        ok = requireDimensionless(cx, v, what, r) && ok;
      }
      break;
    case ArgDim::Time: ok = requireTime(cx, v, what, r) && ok; break;
    case ArgDim::Frequency:
      if (!v.isNumber() || v.dim != Dimension::base(units::BaseDim::Time).inverse()) {
        reportExpectedDim(cx, what, v, "frequency", r);
        ok = false;
      }
      break;
    case ArgDim::Same:
      same.push_back(v);
      sameRanges.push_back(r);
      break;
    case ArgDim::Bool: ok = requireBool(cx, v, what, r) && ok; break;
    case ArgDim::String:
      if (v.kind != Value::Kind::String) {
        reportExpectedDim(cx, what, v, "string", r);
        ok = false;
      }
      break;
    case ArgDim::Integer:
      if (!requireDimensionless(cx, v, what, r)) {
        ok = false;
      } else if (!v.constant || *v.constant < 0 || std::floor(*v.constant) != *v.constant) {
        reportExpectedDim(cx, what, v, "constant non-negative integer", r);
        ok = false;
      }
      break;
    case ArgDim::Times: // a list, or npy(...) times a unit of time
      if ((v.kind != Value::Kind::List && !v.isNumber()) || v.dim != Dimension::base(units::BaseDim::Time)) {
        reportExpectedDim(cx, what, v, "list of times", r);
        ok = false;
      }
      break;
    }
  }
  Value sameV = sameDimension(cx, std::string(b.name), same, sameRanges);
  if (sameV.isPoison()) ok = false;
  if (!ok) return std::nullopt;

  if (result) {
    // The first parameter may be optional (time_array's `times`).
    auto fit = b.params.empty() ? byName.end() : byName.find(b.params[0].name);
    const Value first = fit == byName.end() ? Value() : fit->second;
    Value r = Value::number({});
    switch (b.result) {
    case Result::Dimensionless: break;
    case Result::First: r.dim = first.dim; break;
    case Result::SqrtFirst: r.dim = first.dim.pow(support::Rational(1, 2)); break;
    case Result::Same: r.dim = sameV.dim; break;
    case Result::None: break;
    }
    for (auto &[n, v] : byName) r.inherit(v);
    if (b.category == Category::Distribution) r.random = true;
    if (b.category == Category::Reduction && r.dependsOn.empty()) r.dependsOn = std::string("'") + b.name + "'";
    // Fold the pure math functions of constants, so parameter defaults such
    // as `exp(-1)` stay constants.
    if (b.category == Category::Math && first.constant && b.params.size() == 1) {
      static const std::map<std::string, double (*)(double)> fold = {
          {"exp", [](double x) { return std::exp(x); }},     {"log", [](double x) { return std::log(x); }},
          {"sqrt", [](double x) { return std::sqrt(x); }},   {"abs", [](double x) { return std::fabs(x); }},
          {"sin", [](double x) { return std::sin(x); }},     {"cos", [](double x) { return std::cos(x); }},
          {"log10", [](double x) { return std::log10(x); }}, {"tanh", [](double x) { return std::tanh(x); }}};
      if (auto it = fold.find(b.name); it != fold.end()) r.constant = it->second(*first.constant);
    }
    *result = r;
  }
  return byName;
}

} // namespace

std::vector<std::string> builtinNames() {
  std::vector<std::string> out;
  for (const Builtin &b : table()) out.push_back(b.name);
  return out;
}

bool isNoiseName(const std::string &n) {
  if (n == "xi") return true;
  // At most six digits, so the index fits an int when lowered
  // (`xi_99999999999` made std::stoi throw).
  if (n.size() < 4 || n.size() > 9 || n.compare(0, 3, "xi_") != 0) return false;
  return std::all_of(n.begin() + 3, n.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> visibleNames(const ExprEnv &env) {
  std::vector<std::string> out{"t", "dt", "pi"};
  if (env.model)
    for (auto &[n, s] : env.model->symbols) out.push_back(n);
  if (env.networkParams)
    for (auto &[n, v] : *env.networkParams) out.push_back(n);
  return out;
}

/// `table sound = time_array(...)`: its values' dimension, for its calls.
void checkTable(SemaContext &cx, GlobalDecl &g) {
  auto *call = support::dynCast<CallExpr>(g.table->value.get());
  if (find(g.name, {Category::Math, Category::Reduction, Category::Distribution, Category::Stimulus, Category::Rule,
                    Category::Layout})) {
    cx.report(DiagId::E0437, g.range, {g.name}).help("choose another name, e.g. '" + g.name + "_table'");
    g.tablePoison = true;
    return;
  }
  if (!call || call->callee.name != "time_array") {
    cx.report(DiagId::E0436, g.table->value->range, {g.name});
    g.tablePoison = true;
    return;
  }
  auto args = checkSpecialCall(cx, *call, ExprEnv{}, "stimulus");
  if (!args) g.tablePoison = true;
  else g.tableDim = (*args)[""].dim;
}

namespace {
/// `sound(t - delay)`, `drive(t, i)`: a time, and a column for (time x
/// neuron) values; the value has the table's dimension and varies in time.
Value checkTableCall(SemaContext &cx, const CallExpr &c, const GlobalDecl &g, const ExprEnv &env) {
  bool ok = !g.tablePoison;
  if (c.args.empty() || c.args.size() > 2) {
    reportArity(cx, c.argsRange.valid() ? c.argsRange : c.range, c.callee.name, "1 to 2 arguments",
                std::to_string(c.args.size()));
    return Value::poison();
  }
  Value r = Value::number(g.tableDim.value_or(Dimension()));
  for (std::size_t k = 0; k < c.args.size(); ++k) {
    const Arg &a = c.args[k];
    if (!a.name.empty()) {
      reportUnknownArgument(cx, a.name, c.callee.name, {});
      ok = false;
      continue;
    }
    ExprEnv argEnv = env;
    argEnv.allowIndices |= k == 1; // `drive(t, i)`: the neuron's column
    Value v = checkExpr(cx, *a.value, argEnv);
    if (v.isPoison()) {
      ok = false;
      continue;
    }
    std::string what = std::string(k == 0 ? "the time" : "the column") + " of table '" + g.name + "'";
    ok = (k == 0 ? requireTime(cx, v, what, a.value->range) : requireDimensionless(cx, v, what, a.value->range)) && ok;
    r.inherit(v);
  }
  if (!ok) return Value::poison();
  r.dependsOn = "table '" + g.name + "'";
  return r;
}
} // namespace

const GlobalDecl *visibleTable(const ExprEnv &env, const std::string &name) {
  if (!env.file) return nullptr;
  auto it = env.file->visible.find(name);
  return it != env.file->visible.end() && it->second->kind == GlobalDecl::Kind::Table ? it->second : nullptr;
}

Value checkCall(SemaContext &cx, const CallExpr &c, const ExprEnv &env) {
  const Builtin *b = find(c.callee.name, {Category::Math, Category::Reduction, Category::Distribution,
                                          Category::Stimulus, Category::Rule, Category::Layout});
  if (const GlobalDecl *g = b ? nullptr : visibleTable(env, c.callee.name)) return checkTableCall(cx, c, *g, env);
  if (!b) {
    unknownFunction(cx, c.callee, {Category::Math, Category::Reduction, Category::Distribution});
    return Value::poison();
  }
  const char *onlyIn = b->category == Category::Stimulus ? "as a stimulus ('stimulus Pop.var = ...')"
                       : b->category == Category::Rule   ? "after 'connect'"
                       : b->category == Category::Layout ? "after 'at' in a population"
                       : b->category == Category::Reduction && !env.allowReduction ? "in neuron equations"
                                                                                   : nullptr;
  if (onlyIn) {
    reportWrongPlace(cx, c.callee.range, c.callee.name, onlyIn);
    return Value::poison();
  }
  if (b->category == Category::Distribution && !env.allowRandom && !(env.allowArrays && b->name == std::string("npy"))) {
    cx.report(DiagId::E0412, c.callee.range, {c.callee.name});
    return Value::poison();
  }
  Value result;
  if (!checkArgs(cx, *b, c, env, &result)) return Value::poison();
  return result;
}

std::optional<std::map<std::string, Value>> checkSpecialCall(SemaContext &cx, const CallExpr &c,
                                                             const ExprEnv &env, const char *category) {
  std::string cat = category;
  Category want = cat == "connection rule"    ? Category::Rule
                  : cat == "layout"           ? Category::Layout
                  : cat == "smoothing window" ? Category::Window
                                              : Category::Stimulus;
  const Builtin *b = find(c.callee.name, {want});
  if (!b) {
    if (want == Category::Rule) {
      auto d = cx.report(DiagId::E0601, c.callee.range, {c.callee.name});
      if (std::string s = closestName(c.callee.name, namesIn({Category::Rule})); !s.empty())
        d.help("did you mean '" + s + "'?").fixit(c.callee.range, s);
    } else {
      unknownFunction(cx, c.callee, {want});
    }
    return std::nullopt;
  }
  Value result;
  auto args = checkArgs(cx, *b, c, env, &result);
  if (args) (*args)[""] = result; // the call's own value, for stimuli
  return args;
}

void reportArity(SemaContext &cx, SourceRange r, const std::string &name, const std::string &takes,
                 const std::string &given) {
  cx.report(DiagId::E0406, r, {name, takes, given});
}

void reportUnknownUnitFunction(SemaContext &cx, const Ident &name) {
  unknownFunction(cx, name, {Category::Math});
}

} // namespace bdl::sema

namespace bdl::sema {
std::vector<std::string> builtinParams(const std::string &name) {
  std::vector<std::string> out;
  for (const Builtin &b : table())
    if (b.name == name) {
      for (const ParamSpec &p : b.params) out.push_back(p.name);
      break;
    }
  return out;
}
} // namespace bdl::sema
