// SPDX-License-Identifier: Apache-2.0
//===- LumpSynapses.cpp - lump-synapses: linear synapses as post-neuron states
//
// A synapse like
//
//     state g: nS = 0 nS
//     dg/dt = -g / tau
//     on pre { g += w }
//     continuous { post.I_syn += g * (E - post.v) }
//
// costs one state and one step per synapse, yet the post neuron only ever
// sees the sum G = sum_s g_s, which obeys the same linear equation with the
// same jumps (dG/dt = -G / tau; G += w at each arriving spike). So, as
// Brian2 users do by hand and the design asks of the compiler, G becomes one
// per-post-neuron state (`_lump.<projection>.g` in the post group): `on pre`
// adds to it, and the continuous kernel runs once per post neuron instead of
// once per synapse. The result is the same up to the order of additions.
//
// A second form sums on the presynaptic side: an all-to-all projection
// without synaptic states whose continuous statements are
// `post.x += c(post) * f(pre)` (Wang 2002's NMDA: w B(v) (E - v) * pre.s)
// delivers c(post_j) * sum_i f(pre_i) to every post neuron, so the sum is
// taken once per step over the presynaptic population (a reduction) and the
// kernel runs per post neuron: N_pre + N_post operations instead of
// N_pre * N_post. Sums of such terms are split first (a gap junction's
// w * (pre.v - post.v) is w * sum_i v_i - N w v_j). Without autapses onto the
// same population, the neuron's own term is subtracted.
//
// The first form applies when, for the states L that have equations:
//   * the equations form a linear system in L with run-constant coefficients
//     and no constant term (so the sum obeys it too), integrated exactly;
//   * the states start at 0;
//   * `on pre` only adds to them (`g += e`, e free of L);
//   * every `continuous` statement is `post.x += e` with e linear in L and
//     no constant term, its coefficients free of anything per synapse or
//     presynaptic (`g * (E - post.v)` is, `g * pre.v` is not);
//   * nothing else (`on post`) reads or writes them.
#include "passes/Passes.h"

#include <functional>
#include <set>

namespace bdl::passes {

using namespace ir;

namespace {

class Lumper {
public:
  Lumper(Module &m, Projection &pr) : m_(m), pr_(pr), syn_(m.groups[pr.group]) {}

  bool run() {
    if (!pr_.clockDriven() || pr_.equations.empty() || !pr_.onPost.empty()) return false;
    for (const Equation &eq : pr_.equations) {
      if (eq.chosen != Method::Exact) return false;
      const Var &v = syn_.vars[eq.var];
      bool zero = v.init ? evaluateConstant(v.init) == std::optional<double>(0.0) : v.defaultValue == 0;
      if (!zero) return false;
      lumped_.insert(eq.var);
    }
    if (!homogeneousSystem() || !onPreOnlyAdds() || !continuousIsLinear()) return false;
    rewrite();
    return true;
  }

private:
  bool isL(const Expr &x) const {
    return x.op == Op::Var && x.var.space == Space::Self && x.var.group == pr_.group && lumped_.count(x.var.var);
  }
  bool usesL(const ExprRef &e) const {
    return e && dependsOnAny(e, [&](const Expr &x) { return isL(x); });
  }
  /// Per synapse or presynaptic: what differs between the synapses of one
  /// post neuron.
  bool perSynapse(const ExprRef &e) const {
    return dependsOnAny(e, [&](const Expr &x) {
      if (x.op == Op::Local || x.op == Op::Random || x.op == Op::Noise) return true;
      if (x.op != Op::Var) return false;
      if (x.var.space == Space::Pre) return true;
      return x.var.space == Space::Self && m_.groups[x.var.group].vars[x.var.var].perEntity;
    });
  }

  bool homogeneousSystem() {
    Population p = clockDrivenStandIn(pr_);
    std::vector<int> all;
    for (std::size_t k = 0; k < p.equations.size(); ++k) all.push_back(static_cast<int>(k));
    int bad = -1;
    auto rows = linearSystem(m_, p, all, &bad);
    if (!rows) return false;
    for (const auto &row : *rows) {
      double b = 1;
      if (!isConst(foldExpr(row.back()), &b) || b != 0) return false;
    }
    for (const Equation &eq : pr_.equations)
      if (dependsOnAny(eq.rhs, [](const Expr &x) { return x.op == Op::Var && x.var.space != Space::Self && x.var.space != Space::Net; }))
        return false;
    return true;
  }

  bool onPreOnlyAdds() const {
    for (const Stmt &s : pr_.onPre) {
      if (s.kind == Stmt::Kind::Assign && s.target.space == Space::Self && lumped_.count(s.target.var) &&
          s.target.group == pr_.group) {
        const ExprRef &v = s.value;
        if (v->op != Op::Add || !(v->args[0]->op == Op::Var && v->args[0]->var == s.target) || usesL(v->args[1]))
          return false;
        continue;
      }
      if (!stmtFreeOfL(s)) return false;
    }
    return true;
  }

  bool stmtFreeOfL(const Stmt &s) const {
    if (usesL(s.value)) return false;
    for (const ExprRef &a : s.args)
      if (usesL(a)) return false;
    if (s.kind == Stmt::Kind::Assign && s.target.space == Space::Self && s.target.group == pr_.group &&
        lumped_.count(s.target.var))
      return false;
    for (const Block *b : {&s.thenBlock, &s.elseBlock})
      for (const Stmt &x : *b)
        if (!stmtFreeOfL(x)) return false;
    return true;
  }

  /// `post.x = post.x + e`, e = sum c_k g_k with c_k the same for every
  /// synapse of a post neuron.
  bool continuousIsLinear() const {
    for (const Stmt &s : pr_.continuous) {
      if (s.kind != Stmt::Kind::Assign || s.target.space != Space::Post) return false;
      const ExprRef &v = s.value;
      if (v->op != Op::Add || !(v->args[0]->op == Op::Var && v->args[0]->var == s.target)) return false;
      ExprRef rest = v->args[1];
      for (int k : lumped_) {
        auto lf = linearIn(rest, {Space::Self, pr_.group, k});
        if (!lf || perSynapse(lf->a)) return false;
        rest = lf->b;
      }
      double c = 1;
      if (!isConst(foldExpr(rest), &c) || c != 0) return false;
    }
    return true;
  }

  void rewrite() {
    Group &post = m_.groups[m_.populations[pr_.post].group];
    int postGroup = m_.populations[pr_.post].group;
    std::map<VarRef, ExprRef> with;
    std::map<int, VarRef> target;
    for (int k : lumped_) {
      const Var &s = syn_.vars[k];
      Var v;
      v.name = "_lump." + syn_.name + "." + s.name;
      v.role = Var::Role::Internal;
      v.perEntity = true;
      v.dims = s.dims;
      v.unit = s.unit;
      v.unitScale = s.unitScale;
      VarRef r{Space::Post, postGroup, post.addVar(std::move(v))};
      with[{Space::Self, pr_.group, k}] = varRef(r);
      target[k] = r;
    }
    // The constant column of the propagator is zero for a homogeneous system;
    // summed over synapses it would count them, so it goes.
    for (const Var &v : syn_.vars)
      if (v.name.rfind("_P.", 0) == 0 && v.name.size() > 2 && v.name.substr(v.name.size() - 2) == ".1")
        with[{Space::Self, pr_.group, syn_.find(v.name)}] = constant(0);
    auto rewriteBlock = [&](Block &b) {
      std::function<void(Block &)> go = [&](Block &blk) {
        for (Stmt &s : blk) {
          if (s.value) s.value = foldExpr(substitute(s.value, with));
          for (ExprRef &a : s.args) a = foldExpr(substitute(a, with));
          if (s.kind == Stmt::Kind::Assign && s.target.space == Space::Self && s.target.group == pr_.group &&
              target.count(s.target.var))
            s.target = target[s.target.var];
          go(s.thenBlock);
          go(s.elseBlock);
        }
      };
      go(b);
    };
    rewriteBlock(pr_.onPre);
    rewriteBlock(pr_.continuous);
    rewriteBlock(pr_.update);
    pr_.lumped = true;
    for (Equation &eq : pr_.equations)
      eq.reason = "lumped: one sum per post neuron (" + post.vars[target[eq.var].var].name + ")";
  }

  Module &m_;
  Projection &pr_;
  Group &syn_;
  std::set<int> lumped_;
};

} // namespace

namespace {

/// `e` as pre * post, where `pre` uses only presynaptic variables (and
/// constants, network parameters) and `post` nothing presynaptic; nullopt
/// when it does not factor that way.
struct Factors {
  ExprRef pre, post;
};
std::optional<Factors> factor(const Module &m, const Projection &pr, const ExprRef &e) {
  auto uses = [&](const ExprRef &x, bool pre) {
    return dependsOnAny(x, [&](const Expr &y) {
      if (y.op == Op::Local || y.op == Op::Random || y.op == Op::Noise || y.op == Op::Index) return true;
      if (y.op != Op::Var) return false;
      if (y.var.space == Space::Self) // the synapse's own: shared parameters go with post
        return !pre || m.groups[y.var.group].vars[y.var.var].perEntity;
      return y.var.space != Space::Net && (y.var.space == Space::Pre) == pre;
    });
  };
  bool usesPre = uses(e, true), usesPost = uses(e, false);
  if (!usesPre) return Factors{constant(1), e};
  if (!usesPost) return Factors{e, constant(1)};
  if (e->op == Op::Neg) {
    auto f = factor(m, pr, e->args[0]);
    if (f) f->post = foldNeg(f->post);
    return f;
  }
  if (e->op != Op::Mul && e->op != Op::Div) return std::nullopt;
  auto a = factor(m, pr, e->args[0]), b = factor(m, pr, e->args[1]);
  if (!a || !b) return std::nullopt;
  if (e->op == Op::Mul) return Factors{foldMul(a->pre, b->pre), foldMul(a->post, b->post)};
  return Factors{foldDiv(a->pre, b->pre), foldDiv(a->post, b->post)};
}

/// `e` as a sum of signed terms (`w * (pre.v - post.v)` is
/// `w * pre.v - w * post.v`), distributing products over sums.
void terms(const ExprRef &e, bool negate, std::vector<std::pair<bool, ExprRef>> &out) {
  switch (e->op) {
  case Op::Add: terms(e->args[0], negate, out); terms(e->args[1], negate, out); return;
  case Op::Sub: terms(e->args[0], negate, out); terms(e->args[1], !negate, out); return;
  case Op::Neg: terms(e->args[0], !negate, out); return;
  case Op::Mul:
    for (int side : {0, 1}) {
      const ExprRef &sum = e->args[side], &other = e->args[1 - side];
      if (sum->op == Op::Add || sum->op == Op::Sub) {
        std::vector<std::pair<bool, ExprRef>> inner;
        terms(sum, false, inner);
        for (auto &[neg, t] : inner) out.push_back({neg != negate, side ? mul(other, t) : mul(t, other)});
        return;
      }
    }
    [[fallthrough]];
  default: out.push_back({negate, e});
  }
}

/// Pre-side lumping (see the file comment); true when applied.
bool lumpPresynaptic(Module &m, Projection &pr) {
  if (!pr.clockDriven() || !pr.equations.empty() || pr.rule.kind != "all_to_all") return false;
  struct Term {
    VarRef target;
    bool negate;
    Factors f;
  };
  std::vector<Term> all;
  bool anyPre = false;
  for (const Stmt &s : pr.continuous) {
    if (s.kind != Stmt::Kind::Assign || s.target.space != Space::Post) return false;
    const ExprRef &v = s.value;
    if (v->op != Op::Add || !(v->args[0]->op == Op::Var && v->args[0]->var == s.target)) return false;
    std::vector<std::pair<bool, ExprRef>> parts;
    terms(v->args[1], false, parts);
    for (auto &[neg, t] : parts) {
      auto f = factor(m, pr, t);
      if (!f) return false;
      anyPre |= f->pre->op != Op::Const;
      all.push_back({s.target, neg, *f});
    }
  }
  if (!anyPre) return false; // nothing presynaptic: summing would not help
  int preGroup = m.populations[pr.pre].group;
  bool self = pr.pre == pr.post && !pr.rule.autapses;
  double count = static_cast<double>(m.groups[preGroup].size) - (self ? 1 : 0);
  Block body;
  for (const Term &t : all) {
    ExprRef sum;
    if (t.f.pre->op == Op::Const) {
      sum = constant(count * t.f.pre->value); // the same for every incoming synapse
    } else {
      // The sum over the presynaptic population, as a population reduction.
      std::map<VarRef, ExprRef> toSelf, toPost;
      std::function<void(const ExprRef &)> collect = [&](const ExprRef &x) {
        if (x->op == Op::Var && x->var.space == Space::Pre) {
          toSelf[x->var] = varRef({Space::Self, x->var.group, x->var.var});
          toPost[x->var] = varRef({Space::Post, x->var.group, x->var.var});
        }
        for (const ExprRef &a : x->args) collect(a);
      };
      collect(t.f.pre);
      Var total;
      total.name = "_presum." + m.groups[pr.group].name + "." + std::to_string(m.reductions.size());
      total.role = Var::Role::Internal;
      int var = m.groups[preGroup].addVar(std::move(total));
      m.reductions.push_back({preGroup, var, substitute(t.f.pre, toSelf)});
      sum = varRef({Space::Pre, preGroup, var});
      if (self) sum = sub(sum, substitute(t.f.pre, toPost));
    }
    ExprRef term = foldMul(t.f.post, sum);
    body.push_back(Stmt::assign(t.target, t.negate ? sub(varRef(t.target), term) : add(varRef(t.target), term)));
  }
  pr.continuous = std::move(body);
  pr.lumped = true;
  return true;
}

} // namespace

void lumpSynapses(Module &m) {
  for (Projection &pr : m.projections)
    if (!Lumper(m, pr).run()) lumpPresynaptic(m, pr);
}

} // namespace bdl::passes
