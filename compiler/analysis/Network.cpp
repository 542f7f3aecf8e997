// SPDX-License-Identifier: Apache-2.0
//===- Network.cpp - the network's right-hand side and dense Jacobian ------===//
#include "analysis/Network.h"

#include "passes/Passes.h"

#include <cmath>
#include <functional>

namespace bdl::analysis {

using namespace ir;

namespace {

/// The slow-point search keeps the Jacobian dense (and its eigenvalues).
constexpr Eigen::Index kMaxStates = 4000;

} // namespace

std::optional<Network> Network::make(const Module &m, const System &single, std::string &error,
                                     std::vector<std::string> &notes) {
  Network net;
  const int g = single.groupIndex();
  const Group &group = m.groups[g];
  int pop = -1;
  for (std::size_t k = 0; k < m.populations.size(); ++k)
    if (m.populations[k].group == g) pop = static_cast<int>(k);
  net.N_ = group.size;
  net.n_ = static_cast<int>(single.size());
  net.states_ = single.states();
  if (net.size() > kMaxStates) {
    error = "the network has " + std::to_string(net.size()) + " states; slow points are searched with a dense " +
            "Jacobian, for at most " + std::to_string(kMaxStates);
    return std::nullopt;
  }
  for (std::size_t k = 0; k < group.vars.size(); ++k) {
    if (group.vars[k].input) net.inputs_.push_back(static_cast<int>(k));
    if (group.vars[k].role == Var::Role::Param && group.vars[k].perEntity) net.params_.push_back(static_cast<int>(k));
  }
  std::vector<ExprRef> summands;
  for (const Reduction &r : m.reductions)
    if (r.group == g) {
      net.sums_.push_back(r.var);
      summands.push_back(r.value);
    }
  auto position = [](const std::vector<int> &list, int v) {
    for (std::size_t k = 0; k < list.size(); ++k)
      if (list[k] == v) return static_cast<int>(k);
    return -1;
  };
  // A leaf of any tape: the neuron's (or a synapse's two neurons') states,
  // inputs, sums and per-neuron parameters are slots; everything else is a
  // constant of the analysis.
  auto resolver = [&](Bound &b, int synapseGroup, const std::vector<int> &synapseVars) {
    return [&, synapseGroup](const Expr &e) -> Tape::Leaf {
      auto slot = [&](Slot s) {
        b.slots.push_back(s);
        return Tape::Leaf{static_cast<int>(b.slots.size() - 1), 0};
      };
      if (e.op == Op::Dt) return {-1, m.experiment.dt};
      if (e.op == Op::Index) return slot({Slot::Kind::Index, e.index, 0});
      if (e.op != Op::Var) return {-1, 0}; // t = 0, no noise
      const VarRef &r = e.var;
      if (r.group == g) {
        if (int k = position(net.states_, r.var); k >= 0) return slot({Slot::Kind::State, r.space, k});
        if (int k = position(net.inputs_, r.var); k >= 0) return slot({Slot::Kind::Input, r.space, k});
        if (int k = position(net.sums_, r.var); k >= 0) return slot({Slot::Kind::Reduction, r.space, k});
        VarRef self{Space::Self, g, r.var};
        if (int k = position(net.params_, r.var); k >= 0 && !single.given(self))
          return slot({Slot::Kind::Param, r.space, k});
        return {-1, single.value(self)};
      }
      if (r.group == synapseGroup) {
        if (int k = position(synapseVars, r.var); k >= 0) return slot({Slot::Kind::SynapseVar, Space::Self, k});
        const Var &v = m.groups[r.group].vars[r.var];
        return {-1, v.init ? evaluateConstant(v.init).value_or(NAN) : v.defaultValue};
      }
      return {-1, single.value(r)}; // network parameters
    };
  };
  const std::vector<int> none;
  auto bind = [&](Bound &b, const std::vector<ExprRef> &outputs, int synapseGroup, const std::vector<int> &vars) {
    return b.tape.build(outputs, resolver(b, synapseGroup, vars), m.arrays, error);
  };

  // Per-neuron parameters, in declaration order (one may use an earlier one).
  net.paramValues_.assign(net.params_.size(), std::vector<double>(net.N_, 0));
  for (std::size_t k = 0; k < net.params_.size(); ++k) {
    const Var &v = group.vars[net.params_[k]];
    if (!v.init) {
      std::fill(net.paramValues_[k].begin(), net.paramValues_[k].end(), v.defaultValue);
      continue;
    }
    Bound b;
    if (!bind(b, {v.init}, -1, none)) return std::nullopt;
    for (const Slot &s : b.slots)
      if ((s.kind == Slot::Kind::Param && s.k >= static_cast<int>(k)) ||
          (s.kind != Slot::Kind::Param && s.kind != Slot::Kind::Index)) {
        error = "parameter '" + v.name + "' is computed from a later parameter or a state";
        return std::nullopt;
      }
    std::vector<double> env;
    for (std::int64_t i = 0; i < net.N_; ++i) {
      net.fill(b, Context{nullptr, nullptr, nullptr, i, i, 0, nullptr}, env);
      b.tape.run(env.data(), &net.paramValues_[k][i]);
    }
  }

  // The neuron's equations and their derivatives in its states, inputs and
  // population sums.
  std::vector<VarRef> wrt;
  for (const auto *list : {&net.states_, &net.inputs_, &net.sums_})
    for (int v : *list) wrt.push_back({Space::Self, g, v});
  auto gradients = [&](const std::vector<ExprRef> &fs, const std::vector<VarRef> &by, std::vector<ExprRef> &out) {
    for (const ExprRef &f : fs)
      for (const VarRef &r : by) {
        auto d = passes::differentiate(f, r);
        if (!d) {
          error = "an equation uses a function without a derivative here";
          return false;
        }
        out.push_back(*d);
      }
    return true;
  };
  std::vector<ExprRef> jac, sumGrad;
  std::vector<VarRef> states;
  for (int v : net.states_) states.push_back({Space::Self, g, v});
  if (!gradients(single.rhs(), wrt, jac) || !gradients(summands, states, sumGrad)) return std::nullopt;
  if (!bind(net.rhs_, single.rhs(), -1, none) || !bind(net.jac_, jac, -1, none) ||
      !bind(net.sum_, summands, -1, none) || !bind(net.sumGrad_, sumGrad, -1, none))
    return std::nullopt;

  // A coupling term as a sum of products of a synapse factor, a
  // presynaptic one and a postsynaptic one (Network::Product), when it is
  // one: then its sum over synapses is a matrix-vector product.
  auto products = [&](Coupling &c, const ExprRef &term, int sg, const std::vector<int> &synVars) {
    auto mask = [&](const ExprRef &e) {
      int bits = 0;
      dependsOnAny(e, [&](const Expr &x) {
        if (x.op == Op::Index) bits |= x.index == Space::Pre ? 2 : 4;
        if (x.op == Op::Var && x.var.group == sg && position(synVars, x.var.var) >= 0) bits |= 1;
        if (x.op == Op::Var && x.var.group == g) bits |= x.var.space == Space::Pre ? 2 : x.var.space == Space::Post ? 4 : 0;
        return false;
      });
      return bits;
    };
    struct Term {
      ExprRef part[3] = {constant(1), constant(1), constant(1)}; // synapse, pre, post
    };
    std::vector<Term> terms;
    std::function<void(const ExprRef &, std::vector<ExprRef> &)> factors = [&](const ExprRef &e, auto &out) {
      if (e->op == Op::Mul) {
        factors(e->args[0], out);
        factors(e->args[1], out);
      } else if (e->op == Op::Div) {
        factors(e->args[0], out);
        out.push_back(div(constant(1), e->args[1]));
      } else {
        out.push_back(e);
      }
    };
    std::function<bool(const ExprRef &, bool)> split = [&](const ExprRef &e, bool negative) {
      if (e->op == Op::Add) return split(e->args[0], negative) && split(e->args[1], negative);
      if (e->op == Op::Sub) return split(e->args[0], negative) && split(e->args[1], !negative);
      if (e->op == Op::Neg) return split(e->args[0], !negative);
      Term t;
      if (negative) t.part[0] = constant(-1);
      std::vector<ExprRef> fs;
      factors(e, fs);
      for (const ExprRef &f : fs) {
        int bits = mask(f);
        int k = bits == 0 || bits == 1 ? 0 : bits == 2 ? 1 : bits == 4 ? 2 : -1;
        if (k < 0) return false;
        t.part[k] = mul(t.part[k], f);
      }
      terms.push_back(t);
      return true;
    };
    if (!split(term, false)) return true; // not a sum of products: synapse by synapse
    std::vector<double> env;
    for (const Term &t : terms) {
      Product p;
      Bound w;
      if (!bind(w, {t.part[0]}, sg, synVars)) return false;
      p.W = Mat::Zero(net.N_, net.N_);
      for (std::size_t s = 0; s < c.pre.size(); ++s) {
        double v = 0;
        net.fill(w, Context{nullptr, nullptr, nullptr, c.post[s], c.pre[s], static_cast<std::int64_t>(s), &c}, env);
        w.tape.run(env.data(), &v);
        p.W(c.post[s], c.pre[s]) += v;
      }
      std::vector<ExprRef> dPre, dPost;
      for (int v : net.states_) {
        auto a = passes::differentiate(t.part[1], VarRef{Space::Pre, g, v});
        auto b = passes::differentiate(t.part[2], VarRef{Space::Post, g, v});
        if (!a || !b) {
          error = "a coupling term uses a function without a derivative here";
          return false;
        }
        dPre.push_back(*a);
        dPost.push_back(*b);
      }
      if (!bind(p.pre, {t.part[1]}, sg, synVars) || !bind(p.preGrad, dPre, sg, synVars) ||
          !bind(p.post, {t.part[2]}, sg, synVars) || !bind(p.postGrad, dPost, sg, synVars))
        return false;
      c.products.push_back(std::move(p));
    }
    return true;
  };

  // The couplings: continuous effects of the population's projections onto
  // itself.
  for (const Projection &pr : m.projections) {
    const std::string name = m.groups[pr.group].name;
    if (pr.post != pop) continue;
    if (pr.pre != pop) {
      notes.push_back("the projection " + name + " from another population is left out");
      continue;
    }
    if (!pr.onPre.empty() || !pr.onPost.empty())
      notes.push_back("the spike-driven effects of " + name + " are left out (the analysis is of the flow)");
    if (pr.continuous.empty()) continue;
    if (!pr.equations.empty() || pr.lumped) {
      error = "the synapses of " + name + " have states of their own, which the slow-point analysis does not treat";
      return std::nullopt;
    }
    if (pr.rule.kind != "all_to_all" && pr.rule.kind != "one_to_one") {
      error = "the synapses of " + name + " are drawn at random (connect " + pr.rule.kind +
              "): the slow-point analysis needs all_to_all or one_to_one, with or without a where";
      return std::nullopt;
    }
    const Group &sg = m.groups[pr.group];
    std::vector<int> synVars;
    for (std::size_t k = 0; k < sg.vars.size(); ++k)
      if (sg.vars[k].role == Var::Role::Param && sg.vars[k].perEntity) synVars.push_back(static_cast<int>(k));
    // The synapses: every pair the rule names where the condition holds.
    Coupling pairs;
    Bound where;
    if (pr.rule.where && !bind(where, {pr.rule.where}, pr.group, synVars)) return std::nullopt;
    std::vector<double> env;
    for (std::int64_t a = 0; a < net.N_; ++a)
      for (std::int64_t b = pr.rule.kind == "one_to_one" ? a : 0; b < (pr.rule.kind == "one_to_one" ? a + 1 : net.N_); ++b) {
        if (a == b && !pr.rule.autapses) continue;
        if (pr.rule.where) {
          double keep = 0;
          net.fill(where, Context{nullptr, nullptr, nullptr, b, a, 0, nullptr}, env);
          where.tape.run(env.data(), &keep);
          if (keep == 0) continue;
        }
        pairs.pre.push_back(a);
        pairs.post.push_back(b);
      }
    // Per-synapse values, from their initialisers, in declaration order.
    pairs.vars.assign(synVars.size(), std::vector<double>(pairs.pre.size(), 0));
    for (std::size_t k = 0; k < synVars.size(); ++k) {
      const Var &v = sg.vars[synVars[k]];
      if (!v.init) {
        std::fill(pairs.vars[k].begin(), pairs.vars[k].end(), v.defaultValue);
        continue;
      }
      Bound b;
      if (!bind(b, {v.init}, pr.group, synVars)) return std::nullopt;
      for (std::size_t s = 0; s < pairs.pre.size(); ++s) {
        net.fill(b, Context{nullptr, nullptr, nullptr, pairs.post[s], pairs.pre[s], static_cast<std::int64_t>(s), &pairs},
                 env);
        b.tape.run(env.data(), &pairs.vars[k][s]);
      }
    }
    // Each `post.I = post.I + c` of the block is one coupling term c.
    std::map<int, ExprRef> locals;
    for (const Stmt &st : pr.continuous) {
      if (st.kind == Stmt::Kind::Local) {
        locals[st.local] = substitute(st.value, {}, nullptr, &locals);
        continue;
      }
      const VarRef &t = st.target;
      int input = st.kind == Stmt::Kind::Assign && t.space == Space::Post && t.group == g ? position(net.inputs_, t.var)
                                                                                         : -1;
      ExprRef value = st.kind == Stmt::Kind::Assign ? substitute(st.value, {}, nullptr, &locals) : nullptr;
      double one = 0;
      auto d = value ? passes::differentiate(value, t) : std::nullopt;
      if (input < 0 || !d || !isConst(*d, &one) || one != 1) {
        error = "the continuous block of " + name + " does what the slow-point analysis cannot read: only " +
                "'post.I += ...' onto the population's inputs";
        return std::nullopt;
      }
      Coupling c = pairs;
      c.input = input;
      ExprRef term = substitute(value, {{t, constant(0)}});
      if (!products(c, term, pr.group, synVars)) return std::nullopt;
      std::vector<VarRef> ends;
      for (Space sp : {Space::Pre, Space::Post})
        for (int v : net.states_) ends.push_back({sp, g, v});
      std::vector<ExprRef> grads;
      if (!gradients({term}, ends, grads) || !bind(c.term, {term}, pr.group, synVars) ||
          !bind(c.grad, grads, pr.group, synVars))
        return std::nullopt;
      net.couplings_.push_back(std::move(c));
    }
  }
  return net;
}

void Network::fill(const Bound &b, const Context &c, std::vector<double> &env) const {
  env.resize(b.slots.size());
  for (std::size_t k = 0; k < b.slots.size(); ++k) {
    const Slot &s = b.slots[k];
    std::int64_t who = s.space == Space::Pre ? c.pre : c.self;
    double v = 0;
    switch (s.kind) {
    case Slot::Kind::State: v = c.x[who * n_ + s.k]; break;
    case Slot::Kind::Input: v = c.inputs[s.k]; break;
    case Slot::Kind::Reduction: v = c.reductions[s.k]; break;
    case Slot::Kind::Param: v = paramValues_[s.k][who]; break;
    case Slot::Kind::SynapseVar: v = c.coupling->vars[s.k][c.synapse]; break;
    case Slot::Kind::Index: v = static_cast<double>(who); break;
    }
    env[k] = v;
  }
}

void Network::inputsAndSums(const Vec &x, std::vector<double> &in, std::vector<double> &sums) const {
  std::vector<double> env, out(sums_.size());
  sums.assign(sums_.size(), 0);
  for (std::int64_t i = 0; i < N_ && !sums_.empty(); ++i) {
    fill(sum_, Context{x.data(), nullptr, nullptr, i, i, 0, nullptr}, env);
    sum_.tape.run(env.data(), out.data());
    for (std::size_t r = 0; r < sums.size(); ++r) sums[r] += out[r];
  }
  in.assign(static_cast<std::size_t>(N_) * inputs_.size(), 0);
  std::vector<double> a, b;
  for (const Coupling &c : couplings_) {
    for (const Product &p : c.products) {
      perNeuron(p.pre, x, a);
      perNeuron(p.post, x, b);
      Vec y = p.W * Eigen::Map<const Vec>(a.data(), N_);
      for (std::int64_t i = 0; i < N_; ++i) in[i * inputs_.size() + c.input] += b[i] * y[i];
    }
    if (!c.products.empty()) continue;
    for (std::size_t s = 0; s < c.pre.size(); ++s) {
      double v = 0;
      fill(c.term, Context{x.data(), nullptr, nullptr, c.post[s], c.pre[s], static_cast<std::int64_t>(s), &c}, env);
      c.term.tape.run(env.data(), &v);
      in[c.post[s] * inputs_.size() + c.input] += v;
    }
  }
}

void Network::perNeuron(const Bound &b, const Vec &x, std::vector<double> &out) const {
  std::vector<double> env;
  out.resize(N_ * b.tape.outputs());
  for (std::int64_t i = 0; i < N_; ++i) {
    fill(b, Context{x.data(), nullptr, nullptr, i, i, 0, nullptr}, env);
    b.tape.run(env.data(), out.data() + i * b.tape.outputs());
  }
}

Vec Network::f(const Vec &x) const {
  std::vector<double> in, sums, env;
  inputsAndSums(x, in, sums);
  Vec F(size());
  for (std::int64_t i = 0; i < N_; ++i) {
    fill(rhs_, Context{x.data(), in.data() + i * inputs_.size(), sums.data(), i, i, 0, nullptr}, env);
    rhs_.tape.run(env.data(), F.data() + i * n_);
  }
  return F;
}

Mat Network::jacobian(const Vec &x) const {
  std::vector<double> in, sums, env;
  inputsAndSums(x, in, sums);
  const int n = n_, nIn = static_cast<int>(inputs_.size()), nSum = static_cast<int>(sums_.size());
  const int width = n + nIn + nSum;
  Mat J = Mat::Zero(size(), size());
  // Each neuron's summands' gradients: d(sum r) / d x_j.
  Mat G(N_, std::max(1, nSum * n));
  std::vector<double> row(std::max(1, nSum * n));
  for (std::int64_t j = 0; j < N_ && nSum; ++j) {
    fill(sumGrad_, Context{x.data(), nullptr, nullptr, j, j, 0, nullptr}, env);
    sumGrad_.tape.run(env.data(), row.data());
    for (int k = 0; k < nSum * n; ++k) G(j, k) = row[k];
  }
  std::vector<double> local(static_cast<std::size_t>(n) * width), B(static_cast<std::size_t>(N_) * n * std::max(1, nIn));
  for (std::int64_t i = 0; i < N_; ++i) {
    fill(jac_, Context{x.data(), in.data() + i * nIn, sums.data(), i, i, 0, nullptr}, env);
    jac_.tape.run(env.data(), local.data());
    for (int a = 0; a < n; ++a) {
      for (int b = 0; b < n; ++b) J(i * n + a, i * n + b) += local[a * width + b];
      for (int k = 0; k < nIn; ++k) B[(i * n + a) * nIn + k] = local[a * width + n + k];
      // Through the population sums, every neuron reaches every other.
      for (int r = 0; r < nSum; ++r) {
        double c = local[a * width + n + nIn + r];
        if (c == 0) continue;
        for (std::int64_t j = 0; j < N_; ++j)
          for (int b = 0; b < n; ++b) J(i * n + a, j * n + b) += c * G(j, r * n + b);
      }
    }
  }
  std::vector<double> grad(2 * static_cast<std::size_t>(n));
  std::vector<double> pa, pb, da, db;
  for (const Coupling &c : couplings_) {
    // d/dx_a of C(b) sum_a W[b][a] P(a): C(b) W[b][a] P'(a), and on the
    // diagonal C'(b) (W P)(b).
    for (const Product &p : c.products) {
      perNeuron(p.pre, x, pa);
      perNeuron(p.post, x, pb);
      perNeuron(p.preGrad, x, da);
      perNeuron(p.postGrad, x, db);
      Vec y = p.W * Eigen::Map<const Vec>(pa.data(), N_);
      for (std::int64_t b = 0; b < N_; ++b)
        for (int r = 0; r < n; ++r) {
          double by = B[(b * n + r) * nIn + c.input];
          if (by == 0) continue;
          for (int q = 0; q < n; ++q) J(b * n + r, b * n + q) += by * db[b * n + q] * y[b];
          for (std::int64_t a = 0; a < N_; ++a) {
            double w = by * pb[b] * p.W(b, a);
            if (w == 0) continue;
            for (int q = 0; q < n; ++q) J(b * n + r, a * n + q) += w * da[a * n + q];
          }
        }
    }
    if (!c.products.empty()) continue;
    for (std::size_t s = 0; s < c.pre.size(); ++s) {
      const std::int64_t a = c.pre[s], b = c.post[s];
      fill(c.grad, Context{x.data(), nullptr, nullptr, b, a, static_cast<std::int64_t>(s), &c}, env);
      c.grad.tape.run(env.data(), grad.data());
      for (int r = 0; r < n; ++r) {
        double by = B[(b * n + r) * nIn + c.input];
        if (by == 0) continue;
        for (int q = 0; q < n; ++q) {
          J(b * n + r, a * n + q) += by * grad[q];
          J(b * n + r, b * n + q) += by * grad[n + q];
        }
      }
    }
  }
  return J;
}

} // namespace bdl::analysis
