// SPDX-License-Identifier: Apache-2.0
//===- LowerToKernels.cpp - lower-to-kernels: the model as loops -----------===//
//
// Per group: `prepare` (shared values: non-constant parameter defaults,
// connection-rule arguments, delays, propagators) and `init` (per-entity
// initial values). Per population: `update` (one integration step),
// `threshold` (spike detection: pushes the index and starts the refractory
// period) and `reset` (over the spike list). Per projection: `on_pre` (over
// delivered spikes and their outgoing synapses), `on_post`, and `continuous`
// (every step over every synapse, by postsynaptic neuron).
#include "passes/Passes.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace bdl::passes {

using namespace ir;

namespace {

Kernel make(KernelKind kind, const Group &g, int group, const char *suffix = nullptr) {
  Kernel k;
  k.kind = kind;
  k.group = group;
  k.name = kernelSymbol(spelling(kind), g.name) + (suffix ? suffix : "");
  return k;
}

/// The variables of `g` computed at initialisation, each after those of its
/// group it reads, so that a chain follows a --set of its root:
///   param a = 2 * b     // computed after b,
///   param b = 3 * c     // which is computed from c first
std::vector<int> initOrder(const Group &g, int group) {
  std::vector<int> pending, order;
  for (std::size_t k = 0; k < g.vars.size(); ++k)
    if (g.vars[k].init) pending.push_back(static_cast<int>(k));
  while (!pending.empty()) {
    std::size_t before = pending.size();
    for (auto it = pending.begin(); it != pending.end();) {
      bool waits = dependsOnAny(g.vars[*it].init, [&](const Expr &x) {
        return x.op == Op::Var && x.var.group == group && x.var.var != *it &&
               std::find(pending.begin(), pending.end(), x.var.var) != pending.end();
      });
      if (waits) {
        ++it;
        continue;
      }
      order.push_back(*it);
      it = pending.erase(it);
    }
    // A cycle (not one sema lets through) keeps declaration order.
    if (pending.size() == before) {
      order.insert(order.end(), pending.begin(), pending.end());
      break;
    }
  }
  return order;
}

/// `v = init`, or for a parameter that may be given a value (Var::given),
/// `if (_given.v == 0) v = init`. In the network's own kernels its
/// parameters are read as its own (Self): backends take `net.` values for
/// constants of the kernel, but here `param half = wm / 2` must read the wm
/// just computed.
Stmt initialise(const Module &m, int group, int var) {
  const Group &g = m.groups[group];
  const Var &v = g.vars[var];
  ExprRef value = v.init;
  if (group == m.network) {
    std::map<VarRef, ExprRef> own;
    for (std::size_t k = 0; k < g.vars.size(); ++k)
      own[{Space::Net, group, static_cast<int>(k)}] = varRef({Space::Self, group, static_cast<int>(k)});
    value = substitute(value, own);
  }
  Stmt s = Stmt::assign({Space::Self, group, var}, value);
  if (v.given < 0) return s;
  return Stmt::ifThen(binary(Op::Eq, varRef({Space::Self, group, v.given}), constant(0)), {std::move(s)});
}

/// Each named event of a population is a second event source: a threshold
/// kernel that pushes the neurons whose condition holds into the event's own
/// list (no refractoriness: Brian2 tests custom events on every neuron), and
/// a reset kernel with its block over that list.
///   event burst when v > -45 mV and v < vt { ca += 1 }
/// becomes bdl_threshold_E.burst and bdl_reset_E.burst (a '.', which no
/// population name holds, so that no spike kernel has the same name).
void lowerNamedEvents(KernelModule &km) {
  const Module &m = km.model;
  for (const Population &p : m.populations)
    for (std::size_t e = 0; e < p.events.size(); ++e) {
      const NamedEvent &ev = p.events[e];
      const Group &g = m.groups[p.group];
      std::string suffix = "." + ev.name;
      Kernel th = make(KernelKind::Threshold, g, p.group, suffix.c_str());
      th.event = static_cast<int>(e);
      th.body.push_back(Stmt::ifThen(ev.condition, {Stmt::pushSpike()}));
      km.kernels.push_back(std::move(th));
      if (ev.body.empty()) continue;
      Kernel rs = make(KernelKind::Reset, g, p.group, suffix.c_str());
      rs.event = static_cast<int>(e);
      rs.body = ev.body;
      km.kernels.push_back(std::move(rs));
    }
}

} // namespace

std::string kernelSymbol(const std::string &what, const std::string &group) {
  std::string name = "bdl_" + what + "_";
  for (char c : group) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

void lowerToKernels(KernelModule &km) {
  Module &m = km.model;
  km.kernels.clear();
  for (std::size_t gi = 0; gi < m.groups.size(); ++gi) {
    const Group &g = m.groups[gi];
    int group = static_cast<int>(gi);
    Kernel prep = make(KernelKind::Prepare, g, group), init = make(KernelKind::Init, g, group);
    for (int vi : initOrder(g, group))
      (g.vars[vi].perEntity ? init : prep).body.push_back(initialise(m, group, vi));
    for (const Population &p : m.populations)
      if (p.group == group) prep.body.insert(prep.body.end(), p.prepare.begin(), p.prepare.end());
    for (const Projection &pr : m.projections)
      if (pr.group == group) {
        init.pre = prep.pre = m.populations[pr.pre].group;
        init.post = prep.post = m.populations[pr.post].group;
        prep.body.insert(prep.body.end(), pr.prepare.begin(), pr.prepare.end());
      }
    if (!prep.body.empty()) km.kernels.push_back(std::move(prep));
    if (!init.body.empty()) km.kernels.push_back(std::move(init));
  }
  for (const Population &p : m.populations) {
    const Group &g = m.groups[p.group];
    Kernel red = make(KernelKind::Reduce, g, p.group);
    for (const Reduction &r : m.reductions)
      if (r.group == p.group) {
        VarRef total{Space::Self, r.group, r.var};
        red.prologue.push_back(Stmt::assign(total, constant(0)));
        red.body.push_back(Stmt::assign(total, add(varRef(total), r.value)));
      }
    if (!red.body.empty()) km.kernels.push_back(std::move(red));
    Kernel up = make(KernelKind::Update, g, p.group);
    // Stimuli on shared parameters run once per step, before the loop; on
    // per-neuron variables, inside it, before the equations.
    for (const Stmt &s : p.stimuli)
      (s.kind == Stmt::Kind::Assign && !g.vars[s.target.var].perEntity ? up.prologue : up.body).push_back(s);
    up.body.insert(up.body.end(), p.update.begin(), p.update.end());
    up.body.insert(up.body.end(), p.observe.begin(), p.observe.end());
    up.locals = p.locals;
    if (!up.body.empty() || !up.prologue.empty()) km.kernels.push_back(std::move(up));
    if (!p.threshold) continue; // named events are lowered below
    Kernel th = make(KernelKind::Threshold, g, p.group);
    ExprRef cond = p.threshold;
    Block fire;
    if (p.refUntil >= 0) {
      VarRef ru{Space::Self, p.group, p.refUntil};
      cond = binary(Op::And, cond, binary(Op::Ge, leaf(Op::Step), varRef(ru)));
      // Refractory for round(refractory / dt) steps after the spike, as
      // Brian2 counts it: the neuron is clamped on steps n+1 .. n+k-1.
      fire.push_back(Stmt::assign(ru, add(leaf(Op::Step), call("round", {div(p.refractory, leaf(Op::Dt))}))));
    }
    fire.push_back(Stmt::pushSpike());
    th.body.push_back(Stmt::ifThen(cond, std::move(fire)));
    km.kernels.push_back(std::move(th));
    if (!p.reset.empty()) {
      Kernel rs = make(KernelKind::Reset, g, p.group);
      rs.body = p.reset;
      km.kernels.push_back(std::move(rs));
    }
  }
  lowerNamedEvents(km);
  for (const Projection &pr : m.projections) {
    // A synapse with only a `continuous` block (a gap junction) needs no
    // spike delivery.
    bool deliver = !pr.onPre.empty() || !pr.clockDriven() || pr.perSynapseDelay;
    if (pr.rule.where) {
      // At set-up: of the candidate pairs the rule drew, those to keep.
      Kernel w = make(KernelKind::Where, m.groups[pr.group], pr.group);
      w.pre = m.populations[pr.pre].group;
      w.post = m.populations[pr.post].group;
      w.body.push_back(Stmt::ifThen(pr.rule.where, {Stmt::pushSpike()}));
      km.kernels.push_back(std::move(w));
    }
    Kernel k = make(pr.perSynapseDelay ? KernelKind::OnPreSynapses : KernelKind::OnPre, m.groups[pr.group], pr.group);
    k.pre = m.populations[pr.pre].group;
    k.post = m.populations[pr.post].group;
    k.body = pr.onPre;
    k.locals = pr.locals;
    // Segments keep the synapse queue's kernel for back ends that queue
    // synapses (GPU), or a run whose synapses are recorded in their order.
    if (pr.segmentDelivery) {
      Kernel seg = make(KernelKind::OnPreSegments, m.groups[pr.group], pr.group);
      seg.pre = k.pre;
      seg.post = k.post;
      seg.body = k.body;
      seg.locals = k.locals;
      km.kernels.push_back(std::move(seg));
    }
    if (deliver) km.kernels.push_back(std::move(k));
    if (pr.clockDriven()) {
      Kernel c = make(KernelKind::Continuous, m.groups[pr.group], pr.group);
      c.pre = m.populations[pr.pre].group;
      c.post = m.populations[pr.post].group;
      c.body = pr.continuous;
      c.body.insert(c.body.end(), pr.update.begin(), pr.update.end());
      c.locals = pr.locals;
      c.perPost = pr.lumped;
      km.kernels.push_back(std::move(c));
    }
    if (pr.onPost.empty()) continue;
    Kernel post = make(KernelKind::OnPost, m.groups[pr.group], pr.group);
    post.pre = m.populations[pr.pre].group;
    post.post = m.populations[pr.post].group;
    post.body = pr.onPost;
    post.locals = pr.locals;
    km.kernels.push_back(std::move(post));
  }
}

} // namespace bdl::passes
