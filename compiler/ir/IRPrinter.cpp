// SPDX-License-Identifier: Apache-2.0
//===- IRPrinter.cpp - stable text form of the model and kernel IR ---------===//
//
// The output is what `bdlc emit --ir` prints and what pass tests FileCheck,
// so it is deterministic: declaration order, shortest round-trip numbers.
#include "ir/IRPrinter.h"

#include <charconv>
#include <sstream>

namespace bdl::ir {

std::string formatNumber(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

namespace {

int precedence(Op op) {
  switch (op) {
  case Op::Or: return 1;
  case Op::And: return 2;
  case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::Eq: case Op::Ne: return 3;
  case Op::Add: case Op::Sub: return 4;
  case Op::Mul: case Op::Div: return 5;
  case Op::Neg: case Op::Not: return 6;
  case Op::Pow: return 7;
  default: return 8;
  }
}

const char *infix(Op op) {
  switch (op) {
  case Op::Add: return " + ";
  case Op::Sub: return " - ";
  case Op::Mul: return " * ";
  case Op::Div: return " / ";
  case Op::Pow: return "^";
  case Op::Lt: return " < ";
  case Op::Le: return " <= ";
  case Op::Gt: return " > ";
  case Op::Ge: return " >= ";
  case Op::Eq: return " == ";
  case Op::Ne: return " != ";
  case Op::And: return " and ";
  case Op::Or: return " or ";
  default: return nullptr;
  }
}

std::string varName(const Module &m, const VarRef &r) {
  std::string base = "?";
  if (r.group >= 0 && r.group < static_cast<int>(m.groups.size()) && r.var >= 0 &&
      r.var < static_cast<int>(m.groups[r.group].vars.size()))
    base = m.groups[r.group].vars[r.var].name;
  switch (r.space) {
  case Space::Self: return base;
  case Space::Pre: return "pre." + base;
  case Space::Post: return "post." + base;
  case Space::Net: return "net." + base;
  }
  return base;
}

void print(std::ostream &os, const Module &m, const Expr &e, int outer) {
  int p = precedence(e.op);
  switch (e.op) {
  case Op::Const:
    if (e.value < 0 && outer > 4) os << '(' << formatNumber(e.value) << ')';
    else os << formatNumber(e.value);
    return;
  case Op::Var: os << varName(m, e.var); return;
  case Op::Local: os << '%' << e.local; return;
  case Op::Noise: os << (e.local == 0 ? std::string("xi") : "xi_" + std::to_string(e.local)); return;
  case Op::Time: os << 't'; return;
  case Op::Dt: os << "dt"; return;
  case Op::Step: os << "step"; return;
  case Op::Index: os << (e.index == Space::Pre ? "i" : e.index == Space::Post ? "j" : "self"); return;
  case Op::Neg:
  case Op::Not:
    if (p < outer) os << '(';
    os << (e.op == Op::Neg ? "-" : "not ");
    print(os, m, *e.args[0], p);
    if (p < outer) os << ')';
    return;
  case Op::Select:
    os << "select(";
    for (std::size_t k = 0; k < 3; ++k) {
      if (k) os << ", ";
      print(os, m, *e.args[k], 0);
    }
    os << ')';
    return;
  case Op::Array:
    os << "npy" << e.local << '[';
    print(os, m, *e.args[0], 0);
    os << ']';
    return;
  case Op::Search:
    os << "search(npy" << e.local << '[' << static_cast<long long>(e.value) << "], ";
    print(os, m, *e.args[0], 0);
    os << ')';
    return;
  case Op::Call:
  case Op::Random:
    os << e.callee;
    if (e.op == Op::Random) os << '#' << e.stream;
    os << '(';
    for (std::size_t k = 0; k < e.args.size(); ++k) {
      if (k) os << ", ";
      print(os, m, *e.args[k], 0);
    }
    os << ')';
    return;
  default: break;
  }
  // Binary: left-associative, so the right operand needs parentheses at equal precedence.
  if (p < outer) os << '(';
  print(os, m, *e.args[0], e.op == Op::Pow ? p + 1 : p);
  os << infix(e.op);
  print(os, m, *e.args[1], p + 1);
  if (p < outer) os << ')';
}

void printBlock(std::ostream &os, const Module &m, const Block &b, int indent) {
  std::string pad(indent, ' ');
  for (const Stmt &s : b) {
    switch (s.kind) {
    case Stmt::Kind::Assign: os << pad << varName(m, s.target) << " = " << printExpr(m, s.value) << '\n'; break;
    case Stmt::Kind::Local: os << pad << '%' << s.local << " = " << printExpr(m, s.value) << '\n'; break;
    case Stmt::Kind::PushSpike: os << pad << "push_spike\n"; break;
    case Stmt::Kind::Expm: {
      os << pad << '[';
      for (std::size_t k = 0; k < s.targets.size(); ++k) os << (k ? ", " : "") << varName(m, s.targets[k]);
      os << "] = expm([";
      for (std::size_t k = 0; k < s.args.size(); ++k) os << (k ? ", " : "") << printExpr(m, s.args[k]);
      os << "])\n";
      break;
    }
    case Stmt::Kind::While:
      os << pad << "while " << printExpr(m, s.value) << " {\n";
      printBlock(os, m, s.thenBlock, indent + 2);
      os << pad << "}\n";
      break;
    case Stmt::Kind::If:
      os << pad << "if " << printExpr(m, s.value) << " {\n";
      printBlock(os, m, s.thenBlock, indent + 2);
      if (!s.elseBlock.empty()) {
        os << pad << "} else {\n";
        printBlock(os, m, s.elseBlock, indent + 2);
      }
      os << pad << "}\n";
      break;
    }
  }
}

const char *groupKind(GroupKind k) {
  switch (k) {
  case GroupKind::Neuron: return "population";
  case GroupKind::Synapse: return "synapses";
  case GroupKind::Network: return "network";
  }
  return "?";
}

const char *role(Var::Role r) {
  switch (r) {
  case Var::Role::Param: return "param";
  case Var::Role::State: return "state";
  case Var::Role::Internal: return "internal";
  }
  return "?";
}

void printGroup(std::ostream &os, const Module &m, const Group &g) {
  os << groupKind(g.kind) << ' ' << g.name;
  if (!g.model.empty()) os << " : " << g.model;
  os << " [" << g.size << "] {\n";
  for (const Var &v : g.vars) {
    os << "  " << role(v.role) << ' ' << v.name << (v.perEntity ? " per-entity" : " shared");
    if (!v.unit.empty()) os << " unit " << v.unit;
    if (v.init) os << " = " << printExpr(m, v.init);
    else if (v.role == Var::Role::Param) os << " = " << formatNumber(v.defaultValue);
    os << '\n';
  }
  os << "}\n";
}

} // namespace

std::string printExpr(const Module &m, const ExprRef &e) {
  if (!e) return "<null>";
  std::ostringstream os;
  print(os, m, *e, 0);
  return os.str();
}

std::string printModule(const Module &m) {
  std::ostringstream os;
  os << "module " << m.experiment.name << " dt " << formatNumber(m.experiment.dt) << " seed "
     << m.experiment.seed << " duration " << formatNumber(m.experiment.duration) << "\n";
  for (const Group &g : m.groups) printGroup(os, m, g);
  for (const Population &p : m.populations) {
    const Group &g = m.groups[p.group];
    os << "dynamics " << g.name << " {\n";
    for (const Equation &eq : p.equations) {
      os << "  d" << g.vars[eq.var].name << "/dt = " << printExpr(m, eq.rhs);
      if (eq.unlessRefractory) os << " (unless refractory)";
      os << "  ; method " << spelling(eq.chosen == Method::Auto ? eq.method : eq.chosen);
      if (!eq.reason.empty()) os << ": " << eq.reason;
      os << '\n';
    }
    if (p.threshold) os << "  spike when " << printExpr(m, p.threshold) << '\n';
    if (p.refractory) os << "  refractory " << printExpr(m, p.refractory) << '\n';
    if (!p.reset.empty()) {
      os << "  reset {\n";
      printBlock(os, m, p.reset, 4);
      os << "  }\n";
    }
    for (const NamedEvent &e : p.events) {
      os << "  event " << e.name << " when " << printExpr(m, e.condition) << " {\n";
      printBlock(os, m, e.body, 4);
      os << "  }\n";
    }
    if (!p.stimuli.empty()) {
      os << "  stimuli {\n";
      printBlock(os, m, p.stimuli, 4);
      os << "  }\n";
    }
    if (!p.prepare.empty()) {
      os << "  prepare {\n";
      printBlock(os, m, p.prepare, 4);
      os << "  }\n";
    }
    if (!p.update.empty()) {
      os << "  step {\n";
      printBlock(os, m, p.update, 4);
      os << "  }\n";
    }
    os << "}\n";
  }
  for (const Projection &pr : m.projections) {
    const Group &g = m.groups[pr.group];
    os << "projection " << g.name << " connect " << pr.rule.kind << '(';
    for (std::size_t k = 0; k < pr.rule.args.size(); ++k) {
      const Var &arg = g.vars[pr.rule.args[k].second];
      os << (k ? ", " : "") << pr.rule.args[k].first << " = "
         << (arg.init ? printExpr(m, arg.init) : formatNumber(arg.defaultValue));
    }
    os << ')';
    if (!pr.rule.autapses) os << " no-autapses";
    if (pr.delayVar >= 0) {
      const Var &d = g.vars[pr.delayVar];
      os << " delay " << (d.init ? printExpr(m, d.init) : formatNumber(d.defaultValue));
    }
    os << " {\n";
    if (!pr.storageReason.empty()) os << "  storage " << storageName(pr.storage) << "  ; " << pr.storageReason << '\n';
    if (!pr.deliveryReason.empty())
      os << "  delivery " << (pr.segmentDelivery ? "segments" : "synapses") << "  ; " << pr.deliveryReason << '\n';
    for (const Equation &eq : pr.equations) {
      os << "  d" << g.vars[eq.var].name << "/dt = " << printExpr(m, eq.rhs) << "  ; ";
      if (pr.clockDriven()) os << "every step, method " << spelling(eq.chosen == Method::Auto ? eq.method : eq.chosen) << ": ";
      os << (eq.reason.empty() ? "event-driven" : eq.reason) << '\n';
    }
    os << "  on pre {\n";
    printBlock(os, m, pr.onPre, 4);
    os << "  }\n";
    if (!pr.onPost.empty()) {
      os << "  on post {\n";
      printBlock(os, m, pr.onPost, 4);
      os << "  }\n";
    }
    if (pr.clockDriven()) {
      os << "  continuous {\n";
      printBlock(os, m, pr.continuous, 4);
      os << "  }\n";
    }
    if (!pr.update.empty()) {
      os << "  step {\n";
      printBlock(os, m, pr.update, 4);
      os << "  }\n";
    }
    os << "}\n";
  }
  for (const Recording &r : m.experiment.recordings) {
    // The window and smoothing, after what is recorded.
    auto options = [&] {
      if (r.from > 0) os << " from " << formatNumber(r.from);
      if (r.to < std::numeric_limits<double>::infinity()) os << " to " << formatNumber(r.to);
      if (r.smooth != Recording::Smooth::None)
        os << " smooth " << (r.smooth == Recording::Smooth::Gaussian ? "gaussian " : "flat ")
           << formatNumber(r.smoothWidth);
      os << '\n';
    };
    if (r.projection >= 0) {
      const Group &g = m.groups[m.projections[r.projection].group];
      os << "record";
      for (int v : r.vars) os << ' ' << g.vars[v].name;
      os << " of synapses " << g.name << " every " << formatNumber(r.every);
      options();
      continue;
    }
    const Group &g = m.groups[m.populations[r.population].group];
    auto neurons = [&] {
      if (r.indices.empty()) {
        os << '[' << r.begin << ':' << r.end << ']';
        return;
      }
      for (std::size_t k = 0; k < r.indices.size(); ++k) os << (k ? ", " : "[") << r.indices[k];
      os << ']';
    };
    if (r.kind != Recording::Kind::State) {
      os << "record " << (r.kind == Recording::Kind::Spikes ? "spikes " : "rate ") << g.name;
      if (!r.indices.empty() || r.begin != 0 || r.end != g.size) neurons();
      if (!r.vars.empty()) os << " with";
      for (std::size_t k = 0; k < r.vars.size(); ++k) os << (k ? ", " : " ") << g.vars[r.vars[k]].name;
      if (r.kind == Recording::Kind::Rate) os << " every " << formatNumber(r.every);
      options();
      continue;
    }
    os << "record";
    for (int v : r.vars) os << ' ' << g.vars[v].name;
    os << " of " << g.name;
    neurons();
    os << " every " << formatNumber(r.every);
    options();
  }
  for (const Sweep &sw : m.experiment.sweeps) {
    os << "sweep " << m.groups[sw.group].name << '.' << m.groups[sw.group].vars[sw.var].name << " in [";
    for (std::size_t k = 0; k < sw.values.size(); ++k) os << (k ? ", " : "") << formatNumber(sw.values[k]);
    os << "] (run-time data)\n";
  }
  if (m.experiment.trials > 1) os << "trials " << m.experiment.trials << '\n';
  // Phases: a value a `set` changes is run-time data of its group, which
  // the kernels read (never a constant folded into them).
  if (m.experiment.phases.size() > 1)
    for (const Phase &ph : m.experiment.phases) {
      os << "phase at " << formatNumber(ph.start) << " for " << formatNumber(ph.duration);
      for (const PhaseSet &set : ph.sets)
        os << " set " << m.groups[set.group].name << '.' << m.groups[set.group].vars[set.var].name << " = "
           << formatNumber(set.value) << " (run-time data)";
      os << '\n';
    }
  return os.str();
}

std::string printKernels(const KernelModule &km) {
  std::ostringstream os;
  const Module &m = km.model;
  for (const Kernel &k : km.kernels) {
    os << "kernel " << k.name << ' ' << spelling(k.kind) << " over " << m.groups[k.group].name;
    if (k.pre >= 0) os << " pre " << m.groups[k.pre].name;
    if (k.post >= 0) os << " post " << m.groups[k.post].name;
    if (k.perPost) os << " per-post";
    os << " {\n";
    if (!k.prologue.empty()) {
      os << "  once {\n";
      printBlock(os, m, k.prologue, 4);
      os << "  }\n";
    }
    printBlock(os, m, k.body, 2);
    os << "}\n";
  }
  return os.str();
}

} // namespace bdl::ir
