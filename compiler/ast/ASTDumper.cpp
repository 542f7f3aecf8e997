// SPDX-License-Identifier: Apache-2.0
//===- ASTDumper.cpp - the `bdlc emit --ast` printer ------------------------===//
#include "ast/ASTDumper.h"

#include "support/Casting.h"

#include <ostream>
#include <sstream>

namespace bdl::ast {
namespace {

using support::cast;
using support::dynCast;

class Dumper {
public:
  Dumper(const support::SourceManager &sm, std::ostream &os) : sm_(sm), os_(os) {}

  void file(const File &f) {
    line(0, "File", {}) << "\n";
    for (const ImportDecl &imp : f.imports) {
      line(1, "Import", imp.range) << " '" << imp.dottedName() << "'";
      for (const Ident &n : imp.names) os_ << " " << n.name;
      os_ << "\n";
    }
    for (const auto &m : f.models) model(*m, 1);
    for (const auto &n : f.networks) network(*n, 1);
    for (const auto &e : f.experiments) experiment(*e, 1);
    for (const auto &t : f.tables) {
      line(1, "Table", t->range) << " '" << t->name.name << "'\n";
      if (t->value) expr(*t->value, 2);
    }
  }

  void expr(const Expr &e, unsigned d) {
    switch (e.kind) {
    case ExprKind::Number: {
      auto &n = *cast<NumberExpr>(&e);
      line(d, "Number", e.range) << " " << n.text << "\n";
      return;
    }
    case ExprKind::Quantity: {
      auto &q = *cast<QuantityExpr>(&e);
      line(d, "Quantity", e.range) << " " << q.number->text;
      for (const UnitFactor &f : q.chain) {
        os_ << (f.divide ? " / " : (&f == &q.chain.front() ? " " : " * ")) << f.name.name;
        if (f.exponent != 1) os_ << "^" << f.exponent.str();
      }
      os_ << "\n";
      return;
    }
    case ExprKind::Bool:
      line(d, "Bool", e.range) << (cast<BoolExpr>(&e)->value ? " true" : " false") << "\n";
      return;
    case ExprKind::String:
      line(d, "String", e.range) << " \"" << cast<StringExpr>(&e)->value << "\"\n";
      return;
    case ExprKind::Name:
      line(d, "Name", e.range) << " '" << cast<NameExpr>(&e)->name.name << "'\n";
      return;
    case ExprKind::Scoped: {
      auto &s = *cast<ScopedExpr>(&e);
      line(d, "Scoped", e.range) << (s.scope == Scope::Pre ? " pre." : " post.") << s.name.name
                                 << "\n";
      return;
    }
    case ExprKind::Member: {
      auto &m = *cast<MemberExpr>(&e);
      line(d, "Member", e.range) << " " << m.base.name << "." << m.name.name << "\n";
      return;
    }
    case ExprKind::Call: {
      auto &c = *cast<CallExpr>(&e);
      line(d, "Call", e.range) << " '" << c.callee.name << "'\n";
      args(c.args, d + 1);
      return;
    }
    case ExprKind::Unary: {
      auto &u = *cast<UnaryExpr>(&e);
      const char *op = u.op == UnaryOp::Neg ? "-" : u.op == UnaryOp::Plus ? "+" : "not";
      line(d, "Unary", e.range) << " " << op << "\n";
      expr(*u.operand, d + 1);
      return;
    }
    case ExprKind::Binary: {
      auto &b = *cast<BinaryExpr>(&e);
      line(d, "Binary", e.range) << " " << spelling(b.op) << "\n";
      expr(*b.lhs, d + 1);
      expr(*b.rhs, d + 1);
      return;
    }
    case ExprKind::Cond: {
      auto &c = *cast<CondExpr>(&e);
      line(d, "Cond", e.range) << "\n";
      expr(*c.cond, d + 1);
      expr(*c.thenExpr, d + 1);
      expr(*c.elseExpr, d + 1);
      return;
    }
    case ExprKind::List: {
      line(d, "List", e.range) << "\n";
      for (const auto &el : cast<ListExpr>(&e)->elems) expr(*el, d + 1);
      return;
    }
    case ExprKind::Error:
      line(d, "Error", e.range) << "\n";
      return;
    }
  }

private:
  std::ostream &line(unsigned d, const char *what, SourceRange r) {
    for (unsigned i = 0; i < d; ++i) os_ << "  ";
    os_ << what;
    if (r.valid()) {
      auto b = sm_.lineCol(r.file, r.begin), e = sm_.lineCol(r.file, r.end);
      os_ << " <" << b.line << ":" << b.col << "-" << e.line << ":" << e.col << ">";
    }
    return os_;
  }

  void unit(const UnitNode &u) {
    switch (u.kind) {
    case UnitNode::Kind::Name: os_ << u.name.name; return;
    case UnitNode::Kind::One: os_ << "1"; return;
    case UnitNode::Kind::Mul:
    case UnitNode::Kind::Div:
      os_ << "(";
      unit(*u.lhs);
      os_ << (u.kind == UnitNode::Kind::Mul ? "*" : "/");
      unit(*u.rhs);
      os_ << ")";
      return;
    case UnitNode::Kind::Pow:
      unit(*u.lhs);
      os_ << "^" << u.exponent.str();
      return;
    case UnitNode::Kind::Sqrt:
      os_ << "sqrt(";
      unit(*u.lhs);
      os_ << ")";
      return;
    }
  }

  void flags(const std::vector<Flag> &fs) {
    for (const Flag &f : fs) {
      os_ << " (" << spelling(f.kind);
      if (f.kind == Flag::Kind::Method) os_ << " " << f.method.name;
      for (const Arg &a : f.methodArgs) os_ << " " << (a.name.empty() ? "_" : a.name.name) << "=...";
      os_ << ")";
    }
  }

  void args(const std::vector<Arg> &as, unsigned d) {
    for (const Arg &a : as) {
      line(d, "Arg", a.range) << (a.name.empty() ? "" : " " + a.name.name) << "\n";
      expr(*a.value, d + 1);
    }
  }

  void var(const char *what, const VarMember &v, SourceRange r, unsigned d) {
    line(d, what, r) << " '" << v.name.name << "'";
    if (v.unit) {
      os_ << " : ";
      unit(*v.unit);
    }
    flags(v.flags);
    os_ << "\n";
    if (v.init) expr(*v.init, d + 1);
  }

  void block(const Block &b, unsigned d) {
    for (const auto &s : b) stmt(*s, d);
  }

  void stmt(const Stmt &s, unsigned d) {
    if (auto *a = dynCast<AssignStmt>(&s)) {
      line(d, "Assign", s.range) << " ";
      if (a->target.scope) os_ << (*a->target.scope == Scope::Pre ? "pre." : "post.");
      if (!a->target.base.empty()) os_ << a->target.base.name << ".";
      os_ << a->target.name.name << " " << spelling(a->op) << "\n";
      expr(*a->value, d + 1);
      return;
    }
    auto &i = *cast<IfStmt>(&s);
    line(d, "If", s.range) << "\n";
    expr(*i.cond, d + 1);
    line(d + 1, "Then", {}) << "\n";
    block(i.thenBlock, d + 2);
    if (!i.elseBlock.empty()) {
      line(d + 1, "Else", {}) << "\n";
      block(i.elseBlock, d + 2);
    }
  }

  void member(const Member &m, unsigned d) {
    switch (m.kind) {
    case MemberKind::Param: var("Param", *cast<ParamMember>(&m), m.range, d); return;
    case MemberKind::State: var("State", *cast<StateMember>(&m), m.range, d); return;
    case MemberKind::Input: {
      auto &i = *cast<InputMember>(&m);
      line(d, "Input", m.range) << " '" << i.name.name << "'";
      if (i.unit) {
        os_ << " : ";
        unit(*i.unit);
      }
      os_ << "\n";
      return;
    }
    case MemberKind::Let: {
      auto &l = *cast<LetMember>(&m);
      line(d, "Let", m.range) << " '" << l.name.name << "'";
      if (l.unit) {
        os_ << " : ";
        unit(*l.unit);
      }
      os_ << "\n";
      expr(*l.value, d + 1);
      return;
    }
    case MemberKind::Uses: {
      auto &u = *cast<UsesMember>(&m);
      line(d, "Uses", m.range) << " '" << u.name.name << "' : ";
      unit(*u.unit);
      os_ << "\n";
      return;
    }
    case MemberKind::Ode: {
      auto &o = *cast<OdeMember>(&m);
      line(d, "Ode", m.range) << " '" << o.target.name << "'";
      flags(o.flags);
      os_ << "\n";
      if (o.caputoOrder) {
        line(d + 1, "CaputoOrder", {}) << "\n";
        expr(*o.caputoOrder, d + 2);
      }
      expr(*o.rhs, d + 1);
      return;
    }
    case MemberKind::Spike: {
      auto &s = *cast<SpikeMember>(&m);
      line(d, "Spike", m.range) << "\n";
      expr(*s.cond, d + 1);
      block(s.body, d + 1);
      return;
    }
    case MemberKind::Event: {
      auto &e = *cast<EventMember>(&m);
      line(d, "Event", m.range) << " '" << e.name.name << "'\n";
      expr(*e.cond, d + 1);
      block(e.body, d + 1);
      return;
    }
    case MemberKind::Refractory:
      line(d, "Refractory", m.range) << "\n";
      expr(*cast<RefractoryMember>(&m)->duration, d + 1);
      return;
    case MemberKind::Method:
      line(d, "Method", m.range) << " " << cast<MethodMember>(&m)->method.name << "\n";
      args(cast<MethodMember>(&m)->args, d + 1);
      return;
    case MemberKind::ChannelInst: {
      auto &c = *cast<ChannelInstMember>(&m);
      line(d, "ChannelInst", m.range) << " '" << c.name.name << "' of " << c.model.name << "\n";
      args(c.args, d + 1);
      return;
    }
    case MemberKind::On: {
      auto &o = *cast<OnMember>(&m);
      line(d, "On", m.range) << (o.which == Scope::Pre ? " pre" : " post")
                             << (o.event.empty() ? "" : "." + o.event.name) << "\n";
      block(o.body, d + 1);
      return;
    }
    case MemberKind::Continuous:
      line(d, "Continuous", m.range) << "\n";
      block(cast<ContinuousMember>(&m)->body, d + 1);
      return;
    }
  }

  void model(const ModelDecl &m, unsigned d) {
    const char *what = m.kind == ModelKind::Neuron    ? "Neuron"
                       : m.kind == ModelKind::Channel ? "Channel"
                                                      : "Synapse";
    line(d, what, m.range) << " '" << m.name.name << "'";
    if (m.aliasOf) os_ << " = " << m.aliasOf->name;
    os_ << "\n";
    args(m.aliasArgs, d + 1);
    for (const auto &mem : m.members) member(*mem, d + 1);
  }

  void inits(const std::vector<Init> &is, unsigned d) {
    for (const Init &i : is) {
      line(d, "Init", i.range) << " '" << i.name.name << "'\n";
      expr(*i.value, d + 1);
    }
  }

  void target(const Target &t) { os_ << " " << t.population.name << "." << t.name.name; }

  void network(const NetworkDecl &n, unsigned d) {
    line(d, "Network", n.range) << " '" << n.name.name << "'\n";
    for (const auto &p : n.params) var("Param", *p, p->range, d + 1);
    for (const auto &m : n.members) {
      if (auto *p = dynCast<PopulationDecl>(m.get())) {
        line(d + 1, "Population", m->range) << " '" << p->name.name << "' of " << p->model.name
                                            << "\n";
        expr(*p->size, d + 2);
        args(p->args, d + 2);
        inits(p->inits, d + 2);
        if (p->layout) {
          line(d + 2, "Layout", p->layout->range) << "\n";
          expr(*p->layout, d + 3);
        }
      } else if (auto *pr = dynCast<ProjectionDecl>(m.get())) {
        line(d + 1, "Projection", m->range) << " " << pr->source.name << " ->";
        for (const Ident &t : pr->targets) os_ << " " << t.name;
        if (pr->model) os_ << " : " << pr->model->name;
        os_ << "\n";
        args(pr->args, d + 2);
        inits(pr->inits, d + 2);
        for (const auto &mem : pr->inlineBody) member(*mem, d + 2);
        for (const ConnectClause &c : pr->connects) {
          line(d + 2, "Connect", c.range) << "\n";
          expr(*c.rule, d + 3);
          if (c.where) {
            line(d + 3, "Where", c.where->range) << "\n";
            expr(*c.where, d + 4);
          }
        }
        for (const auto &dl : pr->delays) {
          line(d + 2, "Delay", dl->range) << "\n";
          expr(*dl, d + 3);
        }
        for (const Ident &s : pr->storages) line(d + 2, "Storage", s.range) << " " << s.name << "\n";
      } else {
        auto &s = *cast<NetStimulusDecl>(m.get());
        line(d + 1, "Stimulus", m->range);
        target(s.target);
        os_ << (s.add ? " +=" : " =") << "\n";
        expr(*s.value, d + 2);
      }
    }
  }

  void experiment(const ExperimentDecl &e, unsigned d) {
    line(d, "Experiment", e.range) << " '" << e.name.name << "' of " << e.network.name << "\n";
    for (const auto &s : e.stmts) {
      switch (s->kind) {
      case ExpStmtKind::Setting: {
        auto &st = *cast<SettingStmt>(s.get());
        line(d + 1, "Setting", s->range) << " " << st.name.name << "\n";
        expr(*st.value, d + 2);
        break;
      }
      case ExpStmtKind::Record: {
        auto &r = *cast<RecordStmt>(s.get());
        line(d + 1, "Record", s->range);
        if (r.functionForm) os_ << " " << r.function.name << "()";
        for (const Ident &v : r.variables) os_ << " " << v.name;
        os_ << "\n";
        for (const Selection &sel : r.selections) {
          line(d + 2, "Selection", sel.range) << " " << sel.population.name;
          if (sel.projectionTarget) os_ << " -> " << sel.projectionTarget->name;
          if (sel.event) os_ << "." << sel.event->name;
          os_ << "\n";
          for (const SelectionIndex &x : sel.indices) {
            line(d + 3, x.end ? "Slice" : "Index", x.range) << "\n";
            for (const ExprPtr *e : {&x.first, &x.end, &x.step})
              if (*e) expr(**e, d + 4);
          }
        }
        auto option = [&](const char *name, const ExprPtr &e) {
          if (!e) return;
          line(d + 2, name, e->range) << "\n";
          expr(*e, d + 3);
        };
        option("Every", r.every);
        if (!r.withVars.empty()) {
          line(d + 2, "With", r.withRange);
          for (const Ident &v : r.withVars) os_ << " " << v.name;
          os_ << "\n";
        }
        option("From", r.from);
        option("To", r.to);
        if (r.smooth) {
          line(d + 2, "Smooth", r.smooth->range) << "\n";
          expr(*r.smooth, d + 3);
        }
        break;
      }
      case ExpStmtKind::Run:
        line(d + 1, "Run", s->range) << "\n";
        expr(*cast<RunStmt>(s.get())->duration, d + 2);
        break;
      case ExpStmtKind::Set: {
        auto &st = *cast<SetStmt>(s.get());
        line(d + 1, "Set", s->range);
        target(st.target);
        os_ << "\n";
        expr(*st.value, d + 2);
        break;
      }
      case ExpStmtKind::ExpStimulus: {
        auto &st = *cast<ExpStimulusStmt>(s.get());
        line(d + 1, "Stimulus", s->range);
        target(st.target);
        os_ << (st.add ? " +=" : " =") << "\n";
        expr(*st.value, d + 2);
        break;
      }
      case ExpStmtKind::Trials:
        line(d + 1, "Trials", s->range) << "\n";
        expr(*cast<TrialsStmt>(s.get())->count, d + 2);
        break;
      case ExpStmtKind::Sweep: {
        auto &st = *cast<SweepStmt>(s.get());
        line(d + 1, "Sweep", s->range);
        target(st.target);
        os_ << "\n";
        expr(*st.values, d + 2);
        break;
      }
      case ExpStmtKind::Readout: {
        auto &st = *cast<ReadoutStmt>(s.get());
        line(d + 1, "Readout", s->range) << " " << st.name.name << "\n";
        expr(*st.value, d + 2);
        break;
      }
      case ExpStmtKind::Train: {
        auto &st = *cast<TrainStmt>(s.get());
        line(d + 1, "Train", s->range) << "\n";
        for (const TrainTarget &t : st.trainables) {
          line(d + 2, "Trainable", t.range) << " " << t.pre.name;
          if (!t.post.empty()) os_ << " -> " << t.post.name;
          os_ << "." << t.name.name << "\n";
        }
        for (const auto &in : st.inputs) {
          line(d + 2, "Input", in.range) << " " << in.population.name << (in.var.empty() ? "" : "." + in.var.name) << "\n";
          expr(*in.value, d + 3);
        }
        for (const auto &set : st.settings) {
          line(d + 2, "Setting", set.range) << " " << set.name.name << "\n";
          expr(*set.value, d + 3);
        }
        break;
      }
      }
    }
  }

  const support::SourceManager &sm_;
  std::ostream &os_;
};

} // namespace

void dumpFile(const File &file, const support::SourceManager &sm, std::ostream &os) {
  Dumper(sm, os).file(file);
}

void dumpExpr(const Expr &e, const support::SourceManager &sm, std::ostream &os, unsigned indent) {
  Dumper(sm, os).expr(e, indent);
}

} // namespace bdl::ast
