// SPDX-License-Identifier: Apache-2.0
//===- Adjoint.cpp - adjoint: backward kernels of discrete-time BPTT -------===//
//
// A module that trains (Experiment::training) gets, beside its forward
// kernels, the reverse of one time step. With x the state of a neuron
// (states and inputs) at the start of step t, the forward step is
//     y = U(x)                         the update kernel
//     s = H(c(y))                      the spike condition, c = lhs - rhs
//     z = y + sum of the deliveries    `on pre { post.I += g(w) }`
//     x' = z + s (R(z) - z)            the reset kernel, where s = 1
// and its reverse, from the adjoint x̄' of x', is
//     sbar = Σ_k x̄'_k (R_k(z) - z_k)   (0 with detach_reset)
//     z̄   = (1 - s) x̄' + s (dR/dz)^T x̄'          bdl_adjoint_reset_P
//     w̄ += Σ post.z̄_k dg_k/dw   over spiking pre   bdl_adjoint_on_pre_P__Q
//     pre.sbar += Σ post.z̄_k g_k                    bdl_adjoint_sbar_P__Q
//     ȳ   = z̄ + sbar σ'(c(y)) dc/dy ;  x̄ = (dU/dx)^T ȳ
//                                                 bdl_adjoint_update_P
// where σ' is the surrogate derivative. `continuous { post.h += g }`
// synapses run before the updates, so their reverse comes after the
// updates' (continuousKernels). Every derivative is symbolic
// (SymbolicDiff.cpp) of the kernels' own statements, inlined into
// expressions of x (or z); the backward kernels recompute y from x rather
// than store it. The runtime (runtime/src/train/) keeps x, z and s of every
// step and calls these kernels backwards in time. Adjoint variables are
// internal per-entity variables of the groups: `_adj.v`, `_z.v`, `_s`,
// `_sbar`, and per trained parameter `_grad.w`.
//
// What the reverse does not cover yet is refused with E0805, naming it.
#include "passes/Passes.h"

#include <cmath>

namespace bdl::passes {

using namespace ir;

bool inlineStraightLine(const Block &b, std::map<VarRef, ExprRef> &vars, std::map<int, ExprRef> &locals) {
  for (const Stmt &s : b) {
    if (s.kind != Stmt::Kind::Assign && s.kind != Stmt::Kind::Local) return false;
    ExprRef v = substitute(s.value, vars, nullptr, &locals);
    if (s.kind == Stmt::Kind::Local) locals[s.local] = v;
    else vars[s.target] = v;
  }
  return true;
}

namespace {

/// `e` with the values straight-line code gave its variables and locals.
ExprRef inlined(const ExprRef &e, const std::map<VarRef, ExprRef> &vars, const std::map<int, ExprRef> &locals = {}) {
  return substitute(e, vars, nullptr, &locals);
}

bool isZero(const ExprRef &e) {
  double v;
  return isConst(e, &v) && v == 0;
}

class Adjoint {
public:
  Adjoint(KernelModule &km, diag::DiagnosticEngine &diags)
      : km_(km), m_(km.model), tr_(*km.model.experiment.training), diags_(diags) {}

  bool run() {
    trained_.assign(m_.populations.size(), false);
    for (std::size_t p = 0; p < m_.populations.size(); ++p) {
      const Population &pop = m_.populations[p];
      if (static_cast<int>(p) == tr_.inputPopulation) continue;
      if (pop.generator) {
        refuse("'" + name(p) + "', a source other than the training's input");
        continue;
      }
      trained_[p] = true;
    }
    for (std::size_t p = 0; p < m_.populations.size(); ++p) addNeuronVars(static_cast<int>(p));
    for (Param &pr : params()) addGradient(pr);
    for (std::size_t p = 0; p < m_.populations.size(); ++p)
      if (trained_[p]) resetKernel(static_cast<int>(p));
    for (std::size_t k = 0; k < m_.projections.size(); ++k) synapseKernel(static_cast<int>(k));
    for (std::size_t p = 0; p < m_.populations.size(); ++p)
      if (trained_[p]) updateKernel(static_cast<int>(p));
    return ok_;
  }

private:
  using Param = Training::Param;
  std::vector<Param> &params() { return tr_.params; }

  std::string name(std::size_t p) const { return m_.groups[m_.populations[p].group].name; }

  void refuse(const std::string &what) {
    diags_.report(diag::DiagId::E0805, tr_.range.start(), {what})
        .help("docs/training.md lists what the gradients go through so far");
    ok_ = false;
  }

  int addVar(int group, const std::string &n) {
    Var v;
    v.name = n;
    v.role = Var::Role::Internal;
    v.perEntity = true;
    v.unit = "1";
    return m_.groups[group].addVar(std::move(v));
  }

  /// The variables the reverse differentiates: per-neuron states and inputs.
  std::vector<int> differentiated(int group) const {
    std::vector<int> xs;
    const Group &g = m_.groups[group];
    for (std::size_t k = 0; k < g.vars.size(); ++k)
      if (g.vars[k].perEntity && (g.vars[k].role == Var::Role::State || g.vars[k].input)) xs.push_back(static_cast<int>(k));
    return xs;
  }

  struct NeuronVars {
    std::vector<int> x, adj, z;
    int s = -1, sbar = -1;
  };

  void addNeuronVars(int p) {
    int group = m_.populations[p].group;
    NeuronVars nv;
    if (trained_[p]) {
      nv.x = differentiated(group);
      for (int x : nv.x) nv.adj.push_back(addVar(group, "_adj." + m_.groups[group].vars[x].name));
      for (int x : nv.x) nv.z.push_back(addVar(group, "_z." + m_.groups[group].vars[x].name));
      nv.sbar = addVar(group, "_sbar");
    }
    nv.s = addVar(group, "_s");
    vars_.push_back(std::move(nv));
  }

  void addGradient(Param &pr) {
    int group = pr.projection >= 0 ? m_.projections[pr.projection].group : m_.populations[pr.population].group;
    const Var &v = m_.groups[group].vars[pr.var];
    bool perEntity = v.perEntity;
    pr.grad = addVar(group, "_grad." + v.name);
    m_.groups[group].vars[pr.grad].perEntity = perEntity;
    if (pr.projection >= 0) return;
    // A neuron parameter reaches the update only through its statements:
    // propagators computed once from it (exact integration) would hide it.
    const Population &pop = m_.populations[pr.population];
    VarRef theta{Space::Self, group, pr.var};
    for (const Stmt &s : pop.prepare)
      if ((s.value && dependsOn(s.value, theta)) ||
          std::any_of(s.args.begin(), s.args.end(), [&](const ExprRef &a) { return dependsOn(a, theta); }))
        return refuse("'" + v.name + "' of '" + name(pr.population) + "' through precomputed propagators (use 'method euler')");
    if (!trained_[pr.population]) return refuse("'" + v.name + "' of the input '" + name(pr.population) + "'");
  }

  /// The trained parameters of population p: (var, grad).
  std::vector<std::pair<int, int>> neuronParams(int p) const {
    std::vector<std::pair<int, int>> out;
    for (const Param &pr : tr_.params)
      if (pr.projection < 0 && pr.population == p) out.emplace_back(pr.var, pr.grad);
    return out;
  }

  Kernel make(KernelKind kind, int group, const std::string &what) {
    Kernel k;
    k.kind = kind;
    k.group = group;
    k.name = kernelSymbol("adjoint_" + what, m_.groups[group].name);
    return k;
  }

  /// The straight-line statements of `b` as values of the variables they
  /// assign (and of their locals), starting from `cur`; false (reported)
  /// when `b` branches, loops or draws.
  bool straightLine(const Block &b, std::map<VarRef, ExprRef> &cur, std::map<int, ExprRef> &locals,
                    const std::string &what) {
    for (const Stmt &s : b) {
      bool random = s.value && dependsOnAny(s.value, [](const Expr &e) { return e.op == Op::Random || e.op == Op::Noise; });
      if ((s.kind != Stmt::Kind::Assign && s.kind != Stmt::Kind::Local) || random) {
        refuse(what + (random ? " (random draws or noise)" : " (a branch, a loop or a matrix exponential)"));
        return false;
      }
    }
    return inlineStraightLine(b, cur, locals);
  }

  /// σ'(c) of the training's surrogate; each is the derivative of a smooth
  /// step from 0 to 1 (snnTorch's ATan for arctan).
  ExprRef surrogate(const ExprRef &c) const {
    ExprRef k = constant(tr_.surrogateScale);
    switch (tr_.surrogate) {
    case Training::Surrogate::FastSigmoid: {
      ExprRef d = add(constant(1), mul(k, call("abs", {c})));
      return div(k, mul(constant(2), mul(d, d)));
    }
    case Training::Surrogate::Sigmoid: {
      ExprRef sg = div(constant(1), add(constant(1), call("exp", {neg(mul(k, c))})));
      return mul(k, mul(sg, sub(constant(1), sg)));
    }
    case Training::Surrogate::Arctan: {
      ExprRef u = mul(constant(M_PI / 2), mul(k, c));
      return div(mul(constant(0.5), k), add(constant(1), mul(u, u)));
    }
    case Training::Surrogate::Triangle:
      return div(call("max", {constant(0), sub(constant(1), div(call("abs", {c}), k))}), k);
    }
    return constant(0);
  }

  /// z̄ and the spike's own sbar from x̄' (in `_adj.x`) and z.
  void resetKernel(int p) {
    const Population &pop = m_.populations[p];
    const NeuronVars &nv = vars_[p];
    int group = pop.group;
    auto self = [&](int v) { return VarRef{Space::Self, group, v}; };
    std::map<VarRef, ExprRef> cur;
    std::map<int, ExprRef> locals;
    for (std::size_t k = 0; k < nv.x.size(); ++k) cur[self(nv.x[k])] = varRef(self(nv.z[k]));
    if (!straightLine(pop.reset, cur, locals, "the reset of '" + name(p) + "'")) return;
    Kernel k = make(KernelKind::AdjointNeurons, group, "reset");
    ExprRef s = varRef(self(nv.s));
    ExprRef sbar = constant(0);
    std::vector<ExprRef> zbar(nv.x.size(), constant(0));
    for (std::size_t a = 0; a < nv.x.size(); ++a) {
      ExprRef r = cur[self(nv.x[a])], adj = varRef(self(nv.adj[a]));
      bool kept = r->op == Op::Var && r->var == self(nv.z[a]); // the reset leaves it: R - z = 0
      if (!tr_.detachReset && !kept) sbar = foldAdd(sbar, foldMul(adj, foldSub(r, varRef(self(nv.z[a])))));
      for (std::size_t b = 0; b < nv.x.size(); ++b) {
        auto d = differentiate(r, self(nv.z[b]));
        if (!d) return refuse("the reset of '" + name(p) + "' (a function without a derivative)");
        zbar[b] = foldAdd(zbar[b], foldMul(adj, *d));
      }
    }
    int loc = 0;
    for (auto [theta, grad] : neuronParams(p)) {
      ExprRef sum = constant(0);
      for (std::size_t a = 0; a < nv.x.size(); ++a) {
        auto d = differentiate(cur[self(nv.x[a])], self(theta));
        if (!d) return refuse("the reset of '" + name(p) + "' (a function without a derivative)");
        if (!isZero(*d)) sum = foldAdd(sum, foldMul(varRef(self(nv.adj[a])), *d));
      }
      if (!isZero(sum))
        k.body.push_back(Stmt::assign(self(grad), foldExpr(add(varRef(self(grad)), mul(s, sum)))));
    }
    k.body.push_back(Stmt::setLocal(loc++, foldExpr(sbar)));
    for (std::size_t b = 0; b < nv.x.size(); ++b) {
      ExprRef keep = foldMul(foldSub(constant(1), s), varRef(self(nv.adj[b])));
      k.body.push_back(Stmt::setLocal(loc++, foldExpr(foldAdd(keep, foldMul(s, zbar[b])))));
    }
    k.body.push_back(Stmt::assign(self(nv.sbar), local(0)));
    for (std::size_t b = 0; b < nv.x.size(); ++b) k.body.push_back(Stmt::assign(self(nv.adj[b]), local(1 + static_cast<int>(b))));
    k.locals = loc;
    km_.kernels.push_back(std::move(k));
  }

  /// ȳ from z̄ and sbar through the surrogate; x̄ = (dU/dx)^T ȳ.
  void updateKernel(int p) {
    const Population &pop = m_.populations[p];
    const NeuronVars &nv = vars_[p];
    int group = pop.group;
    auto self = [&](int v) { return VarRef{Space::Self, group, v}; };
    if (pop.refractory) return refuse("the refractoriness of '" + name(p) + "'");
    if (!pop.events.empty()) return refuse("the named events of '" + name(p) + "'");
    if (!pop.histories.empty()) return refuse("the fractional equations of '" + name(p) + "'");
    std::map<VarRef, ExprRef> cur;
    std::map<int, ExprRef> locals;
    Block forward = pop.stimuli;
    forward.insert(forward.end(), pop.update.begin(), pop.update.end());
    if (!straightLine(forward, cur, locals, "the update of '" + name(p) + "'")) return;
    // A population without a spike condition (a readout that integrates)
    // passes z̄ on as ȳ.
    const ExprRef &cond = pop.threshold;
    ExprRef c, kick;
    if (cond) {
      bool above = cond->op == Op::Gt || cond->op == Op::Ge, below = cond->op == Op::Lt || cond->op == Op::Le;
      if (!above && !below) return refuse("the spike condition of '" + name(p) + "' (not one comparison)");
      c = above ? sub(cond->args[0], cond->args[1]) : sub(cond->args[1], cond->args[0]);
      kick = mul(varRef(self(nv.sbar)), surrogate(inlined(c, cur)));
    }
    Kernel k = make(KernelKind::AdjointNeurons, group, "update");
    int loc = 0;
    for (std::size_t j = 0; j < nv.x.size(); ++j) {
      ExprRef ybar = varRef(self(nv.adj[j]));
      if (cond) {
        auto dc = differentiate(c, self(nv.x[j]));
        if (!dc) return refuse("the spike condition of '" + name(p) + "' (a function without a derivative)");
        ybar = foldAdd(ybar, foldMul(kick, inlined(*dc, cur)));
      }
      k.body.push_back(Stmt::setLocal(loc++, foldExpr(ybar)));
    }
    for (std::size_t i = 0; i < nv.x.size(); ++i) {
      ExprRef xbar = constant(0);
      for (std::size_t j = 0; j < nv.x.size(); ++j) {
        auto it = cur.find(self(nv.x[j]));
        ExprRef y = it == cur.end() ? varRef(self(nv.x[j])) : it->second;
        auto d = differentiate(y, self(nv.x[i]));
        if (!d) return refuse("the update of '" + name(p) + "' (a function without a derivative)");
        if (!isZero(*d)) xbar = foldAdd(xbar, foldMul(local(static_cast<int>(j)), *d));
      }
      k.body.push_back(Stmt::assign(self(nv.adj[i]), foldExpr(xbar)));
    }
    // Trained parameters: θ̄ += Σ ȳ_j dy_j/dθ + sbar σ'(c) ∂c/∂θ (y fixed).
    for (auto [theta, grad] : neuronParams(p)) {
      ExprRef sum = constant(0);
      for (std::size_t j = 0; j < nv.x.size(); ++j) {
        auto it = cur.find(self(nv.x[j]));
        if (it == cur.end()) continue;
        auto d = differentiate(it->second, self(theta));
        if (!d) return refuse("the update of '" + name(p) + "' (a function without a derivative)");
        if (!isZero(*d)) sum = foldAdd(sum, foldMul(local(static_cast<int>(j)), *d));
      }
      if (cond) {
        auto dc = differentiate(c, self(theta));
        if (!dc) return refuse("the spike condition of '" + name(p) + "' (a function without a derivative)");
        if (!isZero(*dc)) sum = foldAdd(sum, foldMul(kick, inlined(*dc, cur)));
      }
      if (!isZero(sum)) k.body.push_back(Stmt::assign(self(grad), foldExpr(add(varRef(self(grad)), sum))));
    }
    k.locals = loc;
    km_.kernels.push_back(std::move(k));
  }

  /// g of a statement `post.x = post.x + g` (or `post.x - g`: -g), else null.
  static ExprRef addedToPost(const Stmt &s) {
    if (s.kind != Stmt::Kind::Assign || s.target.space != Space::Post) return nullptr;
    const auto &a = s.value->args;
    auto isTarget = [&](const ExprRef &e) { return e->op == Op::Var && e->var == s.target; };
    if (s.value->op == Op::Add) return isTarget(a[0]) ? a[1] : isTarget(a[1]) ? a[0] : nullptr;
    if (s.value->op == Op::Sub && isTarget(a[0])) return neg(a[1]);
    return nullptr;
  }

  /// The reverse of `on pre { post.x += g }`: the presynaptic spikes'
  /// sbar, and the trained parameters' gradients.
  void synapseKernel(int index) {
    const Projection &pr = m_.projections[index];
    std::string what = "'" + m_.groups[pr.group].name + "'";
    if (pr.delayVar >= 0) {
      auto d = evaluateConstant(m_.groups[pr.group].vars[pr.delayVar].init);
      if (!d || *d != 0) return refuse("the delay of " + what);
    }
    if (pr.perSynapseDelay) return refuse("the delays of " + what);
    if (!pr.onPost.empty()) return refuse("'on post' of " + what);
    if (!pr.equations.empty() || !pr.update.empty()) return refuse("the synaptic equations of " + what);
    if (pr.clockDriven()) return continuousKernels(index, what);
    if (pr.preEvent >= 0) return refuse("the named event " + what + " delivers");
    if (pr.storage == Storage::Procedural) return refuse("procedural storage of " + what);
    const NeuronVars &pre = vars_[pr.pre], &post = vars_[pr.post];
    if (!trained_[pr.post]) return refuse("a projection onto the input, " + what);
    int preGroup = m_.populations[pr.pre].group, postGroup = m_.populations[pr.post].group;
    // Each statement adds g (free of pre and post) to a post variable.
    std::vector<std::pair<int, ExprRef>> effects; // (index into post.x, g)
    for (const Stmt &s : pr.onPre) {
      ExprRef g = addedToPost(s);
      bool readsNeurons = g && dependsOnAny(g, [](const Expr &e) {
        return (e.op == Op::Var && (e.var.space == Space::Pre || e.var.space == Space::Post)) || e.op == Op::Random;
      });
      auto x = std::find(post.x.begin(), post.x.end(), s.target.var);
      if (!g || readsNeurons || x == post.x.end())
        return refuse("'on pre' of " + what + " (only 'post.x += g' with g free of pre, post and draws)");
      effects.emplace_back(static_cast<int>(x - post.x.begin()), g);
    }
    // Two kernels over rows of presynaptic neurons (as on_pre, so that a
    // dense row's post neurons are contiguous): the parameters' gradients
    // over the rows of the step's spiking neurons only (s = 1 there, 0
    // elsewhere), and the presynaptic sbar over every row.
    auto postAdj = [&](int e) { return varRef({Space::Post, postGroup, post.adj[effects[e].first]}); };
    Kernel grad = make(KernelKind::AdjointRows, pr.group, "on_pre");
    grad.pre = preGroup;
    grad.post = postGroup;
    for (const Param &param : tr_.params) {
      if (param.projection != index) continue;
      ExprRef sum = constant(0);
      for (std::size_t e = 0; e < effects.size(); ++e) {
        auto d = differentiate(effects[e].second, VarRef{Space::Self, pr.group, param.var});
        if (!d) return refuse("'on pre' of " + what + " (a function without a derivative)");
        sum = foldAdd(sum, foldMul(postAdj(static_cast<int>(e)), *d));
      }
      VarRef g{Space::Self, pr.group, param.grad};
      grad.body.push_back(Stmt::assign(g, foldExpr(add(varRef(g), sum))));
    }
    if (!grad.body.empty()) km_.kernels.push_back(std::move(grad));
    if (trained_[pr.pre]) {
      Kernel back = make(KernelKind::AdjointRows, pr.group, "sbar");
      back.pre = preGroup;
      back.post = postGroup;
      ExprRef sum = constant(0);
      for (std::size_t e = 0; e < effects.size(); ++e) sum = foldAdd(sum, foldMul(postAdj(static_cast<int>(e)), effects[e].second));
      VarRef sbar{Space::Pre, preGroup, pre.sbar};
      back.body.push_back(Stmt::assign(sbar, foldExpr(add(varRef(sbar), sum))));
      km_.kernels.push_back(std::move(back));
    }
  }

  /// The reverse of `continuous { post.h += g }` (g of w and pre's
  /// variables), which runs before step t's updates and is read by them: once
  /// the updates' reverse has given h̄ (the adjoint of the input at step t),
  ///     pre.x̄ += Σ_post h̄ dg/dpre.x ;   w̄ += Σ h̄ dg/dw
  /// over every row (bdl_adjoint_cont_P__Q, bdl_adjoint_cgrad_P__Q), after
  /// all updates' reverse (which writes pre.x̄ whole).
  void continuousKernels(int index, const std::string &what) {
    const Projection &pr = m_.projections[index];
    if (pr.lumped || !pr.onPre.empty()) return refuse("the continuous block of " + what + " (lumped, or beside 'on pre')");
    const NeuronVars &pre = vars_[pr.pre], &post = vars_[pr.post];
    if (!trained_[pr.post]) return refuse("a projection onto the input, " + what);
    int preGroup = m_.populations[pr.pre].group, postGroup = m_.populations[pr.post].group;
    std::vector<std::pair<int, ExprRef>> effects;
    for (const Stmt &s : pr.continuous) {
      ExprRef g = addedToPost(s);
      bool bad = g && dependsOnAny(g, [&](const Expr &e) {
        if (e.op == Op::Var && e.var.space == Space::Pre)
          for (const Param &prm : tr_.params)
            if (prm.projection < 0 && prm.population == pr.pre && prm.var == e.var.var) return true;
        return (e.op == Op::Var && e.var.space == Space::Post) || e.op == Op::Random || e.op == Op::Noise;
      });
      auto x = std::find(post.x.begin(), post.x.end(), s.target.var);
      if (!g || bad || x == post.x.end())
        return refuse("the continuous block of " + what + " (only 'post.h += g' with g free of post and draws)");
      effects.emplace_back(static_cast<int>(x - post.x.begin()), g);
    }
    auto postAdj = [&](int e) { return varRef({Space::Post, postGroup, post.adj[effects[e].first]}); };
    auto sumOf = [&](const VarRef &wrt, ExprRef &out) {
      out = constant(0);
      for (std::size_t e = 0; e < effects.size(); ++e) {
        auto d = differentiate(effects[e].second, wrt);
        if (!d) return false;
        if (!isZero(*d)) out = foldAdd(out, foldMul(postAdj(static_cast<int>(e)), *d));
      }
      return true;
    };
    if (trained_[pr.pre]) {
      Kernel back = make(KernelKind::AdjointRows, pr.group, "cont");
      back.pre = preGroup;
      back.post = postGroup;
      for (std::size_t i = 0; i < pre.x.size(); ++i) {
        ExprRef sum;
        if (!sumOf(VarRef{Space::Pre, preGroup, pre.x[i]}, sum)) return refuse("the continuous block of " + what + " (a function without a derivative)");
        if (isZero(sum)) continue;
        VarRef adj{Space::Pre, preGroup, pre.adj[i]};
        back.body.push_back(Stmt::assign(adj, foldExpr(add(varRef(adj), sum))));
      }
      if (!back.body.empty()) km_.kernels.push_back(std::move(back));
    }
    Kernel grad = make(KernelKind::AdjointRows, pr.group, "cgrad");
    grad.pre = preGroup;
    grad.post = postGroup;
    for (const Param &param : tr_.params) {
      if (param.projection != index) continue;
      ExprRef sum;
      if (!sumOf(VarRef{Space::Self, pr.group, param.var}, sum)) return refuse("the continuous block of " + what + " (a function without a derivative)");
      VarRef g{Space::Self, pr.group, param.grad};
      grad.body.push_back(Stmt::assign(g, foldExpr(add(varRef(g), sum))));
    }
    if (!grad.body.empty()) km_.kernels.push_back(std::move(grad));
  }

  KernelModule &km_;
  Module &m_;
  Training &tr_;
  diag::DiagnosticEngine &diags_;
  std::vector<bool> trained_;
  std::vector<NeuronVars> vars_;
  bool ok_ = true;
};

} // namespace

bool adjoint(KernelModule &km, diag::DiagnosticEngine &diags) {
  if (!km.model.experiment.training) return true;
  return Adjoint(km, diags).run();
}

} // namespace bdl::passes
