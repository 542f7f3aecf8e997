// SPDX-License-Identifier: Apache-2.0
//===- ASTBuilder.cpp - ANTLR parse tree to AST ----------------------------===//
#include "parse/ASTBuilder.h"

#include "parse/Parser.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace bdl::parse {

using namespace ast;
using diag::DiagId;
using support::SourceRange;

namespace {
bool conjured(antlr4::tree::TerminalNode *n) {
  return !n || dynamic_cast<antlr4::tree::ErrorNode *>(n) ||
         n->getSymbol()->getTokenIndex() == static_cast<size_t>(-1);
}
template <class T> T *at(const std::vector<T *> &v, std::size_t i) {
  return i < v.size() ? v[i] : nullptr;
}
} // namespace

SourceRange ASTBuilder::range(antlr4::tree::TerminalNode *n) const {
  return n ? map_.token(n->getSymbol()) : SourceRange{};
}

Ident ASTBuilder::ident(antlr4::tree::TerminalNode *n) const {
  if (conjured(n)) return {};
  return {n->getText(), range(n)};
}

std::unique_ptr<File> ASTBuilder::build(P::FileContext *ctx) {
  auto f = std::make_unique<File>();
  f->id = map_.file();
  if (!ctx) return f;
  for (auto *child : ctx->children) {
    if (auto *imp = dynamic_cast<P::ImportDeclContext *>(child))
      f->imports.push_back(importDecl(imp));
    else if (auto *top = dynamic_cast<P::TopDeclContext *>(child))
      topDecl(top, *f);
  }
  return f;
}

ImportDecl ASTBuilder::importDecl(P::ImportDeclContext *c) {
  ImportDecl d;
  d.range = range(c);
  if (auto *mp = c->modulePath()) {
    d.pathRange = range(mp);
    if (auto *s = mp->STRING(); s && !conjured(s)) {
      std::string t = s->getText();
      d.filePath = t.size() >= 2 ? t.substr(1, t.size() - 2) : std::string();
    }
    for (auto *i : mp->IDENT()) d.path.push_back(ident(i));
  }
  for (auto *i : c->IDENT()) d.names.push_back(ident(i));
  return d;
}

void ASTBuilder::topDecl(P::TopDeclContext *c, File &f) {
  auto modelKind = [](antlr4::Token *k) {
    if (!k) return ModelKind::Neuron;
    switch (k->getType()) {
    case P::CHANNEL: return ModelKind::Channel;
    case P::SYNAPSE: return ModelKind::Synapse;
    default: return ModelKind::Neuron;
    }
  };
  if (auto *m = dynamic_cast<P::ModelDeclContext *>(c)) {
    auto d = std::make_unique<ModelDecl>();
    d->kind = modelKind(m->kind);
    d->name = ident(m->IDENT());
    d->range = range(m);
    d->members = members(m->member());
    f.models.push_back(std::move(d));
  } else if (auto *a = dynamic_cast<P::AliasDeclContext *>(c)) {
    auto d = std::make_unique<ModelDecl>();
    d->kind = modelKind(a->kind);
    d->name = ident(at(a->IDENT(), 0));
    d->range = range(a);
    d->aliasOf = ident(at(a->IDENT(), 1));
    d->aliasArgs = args(a->args());
    f.models.push_back(std::move(d));
  } else if (auto *n = dynamic_cast<P::NetworkDeclContext *>(c)) {
    f.networks.push_back(network(n));
  } else if (auto *e = dynamic_cast<P::ExperimentDeclContext *>(c)) {
    f.experiments.push_back(experiment(e));
  } else if (auto *t = dynamic_cast<P::TableDeclContext *>(c)) {
    auto d = std::make_unique<TableDecl>();
    d->name = ident(t->IDENT());
    d->range = range(t);
    d->value = expr(t->expr());
    f.tables.push_back(std::move(d));
  }
}

std::vector<MemberPtr> ASTBuilder::members(const std::vector<P::MemberContext *> &ms) {
  std::vector<MemberPtr> out;
  for (auto *m : ms)
    if (auto p = member(m)) out.push_back(std::move(p));
  return out;
}

MemberPtr ASTBuilder::member(P::MemberContext *c) {
  SourceRange r = range(c);
  auto var = [&](auto out, auto *ctx) {
    out->name = ident(ctx->IDENT());
    if (ctx->unitExpr()) out->unit = unitExpr(ctx->unitExpr());
    if (ctx->expr()) out->init = expr(ctx->expr());
    out->flags = flags(ctx->flags());
    return out;
  };
  if (auto *p = dynamic_cast<P::ParamMemberContext *>(c))
    return var(std::make_unique<ParamMember>(r), p);
  if (auto *s = dynamic_cast<P::StateMemberContext *>(c))
    return var(std::make_unique<StateMember>(r), s);
  if (auto *i = dynamic_cast<P::InputMemberContext *>(c)) {
    auto m = std::make_unique<InputMember>(r);
    m->name = ident(i->IDENT());
    if (i->unitExpr()) m->unit = unitExpr(i->unitExpr());
    return m;
  }
  if (auto *l = dynamic_cast<P::LetMemberContext *>(c)) {
    auto m = std::make_unique<LetMember>(r);
    m->name = ident(l->IDENT());
    if (l->unitExpr()) m->unit = unitExpr(l->unitExpr());
    m->value = expr(l->expr());
    return m;
  }
  if (auto *u = dynamic_cast<P::UsesMemberContext *>(c)) {
    auto m = std::make_unique<UsesMember>(r);
    m->name = ident(u->IDENT());
    m->unit = unitExpr(u->unitExpr());
    return m;
  }
  if (auto *o = dynamic_cast<P::OdeMemberContext *>(c)) {
    auto m = std::make_unique<OdeMember>(r);
    auto exprs = o->expr();
    bool caputo = o->CAPUTO() != nullptr;
    if (caputo) m->caputoOrder = expr(at(exprs, 0));
    m->rhs = expr(at(exprs, caputo ? 1 : 0));
    m->flags = flags(o->flags());
    if (auto *u = o->unitExpr()) {
      // Brian2's equation strings end in ': volt'; in BDL the state carries
      // the unit (`state v: mV`), so the annotation is removed, not checked.
      support::SourceRange unit = range(u), annotation = range(o->COLON()).cover(unit);
      support::SourceRange cut{unit.file, range(at(exprs, caputo ? 1 : 0)).end, unit.end};
      diags_.report(DiagId::E0111, annotation, {": " + std::string(map_.text(unit))})
          .help("declare the unit with the state ('state x: UNIT') and remove it here")
          .fixit(cut, "");
    }
    if (auto *d = o->derivative()) {
      m->lhsRange = range(d);
      // `dv/dt` lexes as IDENT(dv) / IDENT(dt); `d v/dt` as IDENT(d) IDENT(v) / IDENT(dt).
      auto ids = d->IDENT();
      Ident first = ident(at(ids, 0));
      Ident last = ident(ids.size() > 1 ? ids.back() : nullptr);
      bool ok = ids.size() >= 2 && last.name == "dt" && !first.empty();
      if (ok && ids.size() == 3) {
        ok = first.name == "d";
        m->target = ident(ids[1]);
      } else if (ok) {
        ok = first.name.size() > 1 && first.name[0] == 'd';
        m->target = {first.name.substr(1), {first.range.file, first.range.begin + 1, first.range.end}};
      }
      if (!ok && !first.empty()) {
        diags_.report(DiagId::E0104, m->lhsRange, {std::string(map_.text(m->lhsRange))})
            .help("a differential equation reads 'dx/dt = ...' for a state 'x'");
        m->target = {};
      }
    }
    return m;
  }
  if (auto *s = dynamic_cast<P::SpikeMemberContext *>(c)) {
    auto m = std::make_unique<SpikeMember>(r);
    m->cond = expr(s->expr());
    m->body = block(s->block());
    return m;
  }
  if (auto *e = dynamic_cast<P::EventMemberContext *>(c)) {
    auto m = std::make_unique<EventMember>(r);
    m->name = ident(e->IDENT());
    m->cond = expr(e->expr());
    m->body = block(e->block());
    return m;
  }
  if (auto *rf = dynamic_cast<P::RefractoryMemberContext *>(c)) {
    auto m = std::make_unique<RefractoryMember>(r);
    m->duration = expr(rf->expr());
    return m;
  }
  if (auto *me = dynamic_cast<P::MethodMemberContext *>(c)) {
    auto m = std::make_unique<MethodMember>(r);
    m->method = ident(me->IDENT());
    if (me->args()) m->args = args(me->args());
    return m;
  }
  if (auto *ch = dynamic_cast<P::ChannelMemberContext *>(c)) {
    auto m = std::make_unique<ChannelInstMember>(r);
    m->name = ident(at(ch->IDENT(), 0));
    m->model = ident(at(ch->IDENT(), 1));
    m->args = args(ch->args());
    return m;
  }
  if (auto *on = dynamic_cast<P::OnMemberContext *>(c)) {
    auto m = std::make_unique<OnMember>(r);
    m->which = on->which && on->which->getType() == P::POST ? Scope::Post : Scope::Pre;
    m->keywordRange = range(on->ON()).cover(map_.token(on->which));
    if (on->event) {
      m->event = ident(on->IDENT());
      m->keywordRange = m->keywordRange.cover(m->event.range);
    }
    m->body = block(on->block());
    return m;
  }
  if (auto *co = dynamic_cast<P::ContinuousMemberContext *>(c)) {
    auto m = std::make_unique<ContinuousMember>(r);
    m->body = block(co->block());
    return m;
  }
  return nullptr; // `;` or an unrecognised (error-recovered) member
}

std::vector<Flag> ASTBuilder::flags(P::FlagsContext *c) {
  std::vector<Flag> out;
  if (!c) return out;
  for (auto *f : c->flag()) {
    Flag fl{Flag::Kind::Shared, {}, {}, range(f)};
    if (dynamic_cast<P::UnlessRefractoryFlagContext *>(f)) {
      fl.kind = Flag::Kind::UnlessRefractory;
    } else if (auto *p = dynamic_cast<P::PerFlagContext *>(f)) {
      fl.kind = p->which && p->which->getType() == P::SYNAPSE ? Flag::Kind::PerSynapse
                                                              : Flag::Kind::PerNeuron;
    } else if (auto *m = dynamic_cast<P::MethodFlagContext *>(f)) {
      fl.kind = Flag::Kind::Method;
      fl.method = ident(m->IDENT());
      if (m->args()) fl.methodArgs = args(m->args());
    } else if (!dynamic_cast<P::SharedFlagContext *>(f)) {
      continue;
    }
    out.push_back(std::move(fl));
  }
  return out;
}

Block ASTBuilder::block(P::BlockContext *c) {
  Block b;
  if (!c) return b;
  for (auto *s : c->stmt())
    if (auto st = stmt(s)) b.push_back(std::move(st));
  return b;
}

StmtPtr ASTBuilder::stmt(P::StmtContext *c) {
  if (auto *a = dynamic_cast<P::AssignStmtContext *>(c)) {
    auto s = std::make_unique<AssignStmt>(range(c));
    if (auto *sl = dynamic_cast<P::ScopedLvalueContext *>(a->lvalue())) {
      s->target.scope = sl->scope && sl->scope->getType() == P::POST ? Scope::Post : Scope::Pre;
      s->target.name = ident(sl->IDENT());
    } else if (auto *pl = dynamic_cast<P::PlainLvalueContext *>(a->lvalue())) {
      auto ids = pl->IDENT();
      if (ids.size() == 2) {
        s->target.base = ident(ids[0]);
        s->target.name = ident(ids[1]);
      } else {
        s->target.name = ident(at(ids, 0));
      }
    }
    s->target.range = range(a->lvalue());
    if (a->op) {
      s->opRange = map_.token(a->op);
      switch (a->op->getType()) {
      case P::PLUS_EQ: s->op = AssignOp::Add; break;
      case P::MINUS_EQ: s->op = AssignOp::Sub; break;
      case P::STAR_EQ: s->op = AssignOp::Mul; break;
      case P::SLASH_EQ: s->op = AssignOp::Div; break;
      default: s->op = AssignOp::Set; break;
      }
    }
    s->value = expr(a->expr());
    return s;
  }
  if (auto *i = dynamic_cast<P::IfStmtContext *>(c)) {
    auto s = std::make_unique<IfStmt>(range(c));
    s->cond = expr(i->expr());
    auto blocks = i->block();
    s->thenBlock = block(at(blocks, 0));
    if (blocks.size() > 1)
      s->elseBlock = block(blocks[1]);
    else if (i->elseIf)
      if (auto e = stmt(i->elseIf)) s->elseBlock.push_back(std::move(e));
    return s;
  }
  return nullptr;
}

std::unique_ptr<NetworkDecl> ASTBuilder::network(P::NetworkDeclContext *c) {
  auto n = std::make_unique<NetworkDecl>();
  n->name = ident(c->IDENT());
  n->range = range(c);
  for (auto *m : c->netMember()) {
    if (auto *p = dynamic_cast<P::NetParamContext *>(m)) {
      auto pm = std::make_unique<ParamMember>(range(p));
      pm->name = ident(p->IDENT());
      if (p->unitExpr()) pm->unit = unitExpr(p->unitExpr());
      if (p->expr()) pm->init = expr(p->expr());
      pm->flags = flags(p->flags());
      n->params.push_back(std::move(pm));
    } else if (auto nm = netMember(m)) {
      n->members.push_back(std::move(nm));
    }
  }
  return n;
}

NetMemberPtr ASTBuilder::netMember(P::NetMemberContext *c) {
  if (auto *p = dynamic_cast<P::PopulationDeclContext *>(c)) {
    auto d = std::make_unique<PopulationDecl>(range(c));
    d->name = ident(at(p->IDENT(), 0));
    d->model = ident(at(p->IDENT(), 1));
    d->size = expr(p->expr());
    d->args = args(p->args());
    d->inits = inits(p->initBlock());
    if (p->call()) d->layout = call(p->call());
    return d;
  }
  if (auto *pr = dynamic_cast<P::ProjectionDeclContext *>(c)) {
    auto d = std::make_unique<ProjectionDecl>(range(c));
    auto refs = pr->popRef();
    if (!refs.empty()) d->source = ident(refs[0]->IDENT());
    for (std::size_t i = 1; i < refs.size(); ++i) d->targets.push_back(ident(refs[i]->IDENT()));
    if (auto *ns = dynamic_cast<P::NamedSynapseContext *>(pr->synapseSpec())) {
      d->model = ident(ns->IDENT());
      d->args = args(ns->args());
      d->inits = inits(ns->initBlock());
    } else if (auto *is = dynamic_cast<P::InlineSynapseContext *>(pr->synapseSpec())) {
      d->hasInlineBody = true;
      d->inlineBody = members(is->member());
    }
    for (auto *cl : pr->projClause()) {
      if (auto *cc = dynamic_cast<P::ConnectClauseContext *>(cl)) {
        ConnectClause k;
        k.range = range(cc);
        k.rule = call(cc->call());
        if (cc->expr()) k.where = expr(cc->expr());
        d->connects.push_back(std::move(k));
      } else if (auto *dc = dynamic_cast<P::DelayClauseContext *>(cl)) {
        d->delays.push_back(expr(dc->expr()));
      } else if (auto *sc = dynamic_cast<P::StorageClauseContext *>(cl)) {
        d->storages.push_back(ident(sc->IDENT()));
      }
    }
    return d;
  }
  if (auto *s = dynamic_cast<P::NetStimulusContext *>(c)) {
    auto d = std::make_unique<NetStimulusDecl>(range(c));
    d->target = target(s->target());
    d->add = s->op && s->op->getType() == P::PLUS_EQ;
    d->value = expr(s->expr());
    return d;
  }
  return nullptr;
}

std::unique_ptr<ExperimentDecl> ASTBuilder::experiment(P::ExperimentDeclContext *c) {
  auto e = std::make_unique<ExperimentDecl>();
  e->name = ident(at(c->IDENT(), 0));
  e->network = ident(at(c->IDENT(), 1));
  e->range = range(c);
  for (auto *s : c->expStmt())
    if (auto st = expStmt(s)) e->stmts.push_back(std::move(st));
  return e;
}

ExpStmtPtr ASTBuilder::expStmt(P::ExpStmtContext *c) {
  SourceRange r = range(c);
  if (auto *s = dynamic_cast<P::SettingStmtContext *>(c)) {
    auto st = std::make_unique<SettingStmt>(r);
    st->name = ident(s->IDENT());
    st->value = expr(s->expr());
    return st;
  }
  if (auto *s = dynamic_cast<P::RecordStmtContext *>(c)) {
    auto st = std::make_unique<RecordStmt>(r);
    if (auto *f = dynamic_cast<P::RecordFuncContext *>(s->recordWhat())) {
      st->functionForm = true;
      st->function = ident(f->IDENT());
      for (auto *sel : f->selection()) st->selections.push_back(selection(sel));
    } else if (auto *v = dynamic_cast<P::RecordVarsContext *>(s->recordWhat())) {
      for (auto *rv : v->recordVar()) st->variables.push_back(recordVar(rv));
      if (v->selection()) st->selections.push_back(selection(v->selection()));
    }
    for (auto *o : s->recordOption()) recordOption(*st, o);
    return st;
  }
  if (auto *s = dynamic_cast<P::RunStmtContext *>(c)) {
    auto st = std::make_unique<RunStmt>(r);
    st->duration = expr(s->expr());
    return st;
  }
  if (auto *s = dynamic_cast<P::SetStmtContext *>(c)) {
    auto st = std::make_unique<SetStmt>(r);
    st->target = paramTarget(s->paramTarget());
    st->value = expr(s->expr());
    return st;
  }
  if (auto *s = dynamic_cast<P::ExpStimulusContext *>(c)) {
    auto st = std::make_unique<ExpStimulusStmt>(r);
    st->target = target(s->target());
    st->add = s->op && s->op->getType() == P::PLUS_EQ;
    st->value = expr(s->expr());
    return st;
  }
  if (auto *s = dynamic_cast<P::TrialsStmtContext *>(c)) {
    auto st = std::make_unique<TrialsStmt>(r);
    st->count = expr(s->expr());
    return st;
  }
  if (auto *s = dynamic_cast<P::SweepStmtContext *>(c)) {
    auto st = std::make_unique<SweepStmt>(r);
    auto targets = s->paramTarget();
    auto values = s->expr();
    st->target = paramTarget(targets.empty() ? nullptr : targets[0]);
    st->values = expr(values.empty() ? nullptr : values[0]);
    for (std::size_t k = 1; k < targets.size() && k < values.size(); ++k)
      st->zipped.push_back({paramTarget(targets[k]), expr(values[k])});
    return st;
  }
  if (auto *s = dynamic_cast<P::ReadoutStmtContext *>(c)) {
    auto st = std::make_unique<ReadoutStmt>(r);
    st->name = ident(at(s->IDENT(), 1));
    st->value = expr(s->expr());
    return st;
  }
  if (auto *s = dynamic_cast<P::TrainStmtContext *>(c)) {
    auto st = std::make_unique<TrainStmt>(r);
    for (auto *item : s->trainItem()) {
      if (auto *t = dynamic_cast<P::TrainableItemContext *>(item)) {
        st->trainableLines.push_back(range(t));
        for (auto *tt : t->trainTarget()) {
          auto ids = tt->IDENT();
          TrainTarget target;
          target.range = range(tt);
          target.pre = ident(at(ids, 0));
          if (tt->ARROW()) target.post = ident(at(ids, 1));
          target.name = ident(at(ids, ids.size() - 1));
          target.item = static_cast<int>(st->trainableLines.size()) - 1;
          st->trainables.push_back(std::move(target));
        }
      } else if (auto *in = dynamic_cast<P::TrainInputItemContext *>(item)) {
        auto ids = in->IDENT();
        st->inputs.push_back({ident(at(ids, 0)), ids.size() > 1 ? ident(ids[1]) : Ident{}, expr(in->expr()), range(in)});
      } else if (auto *set = dynamic_cast<P::TrainSettingItemContext *>(item)) {
        st->settings.push_back({ident(set->IDENT()), expr(set->expr()), range(set)});
      }
    }
    return st;
  }
  return nullptr;
}

Target ASTBuilder::paramTarget(P::ParamTargetContext *c) {
  // `we` alone is the network's parameter: an empty population.
  Target t;
  if (!c) return t;
  auto ids = c->IDENT();
  if (ids.size() == 1) {
    t.name = ident(at(ids, 0));
    t.population.range = t.name.range;
  } else {
    t.population = ident(at(ids, 0));
    t.name = ident(at(ids, 1));
  }
  t.range = range(c);
  return t;
}

Target ASTBuilder::target(P::TargetContext *c) {
  Target t;
  if (!c) return t;
  t.population = ident(at(c->IDENT(), 0));
  t.name = ident(at(c->IDENT(), 1));
  t.range = range(c);
  return t;
}

Selection ASTBuilder::selection(P::SelectionContext *c) {
  Selection s;
  s.range = range(c);
  auto ids = c->IDENT();
  s.population = ident(at(ids, 0));
  if (c->ARROW()) s.projectionTarget = ident(at(ids, 1));
  if (c->DOT()) s.event = ident(at(ids, 1));
  for (auto *x : c->selectIndex()) {
    SelectionIndex item;
    item.range = range(x);
    auto es = x->expr();
    item.first = expr(at(es, 0));
    if (es.size() > 1) item.end = expr(es[1]);
    if (es.size() > 2) item.step = expr(es[2]);
    s.indices.push_back(std::move(item));
  }
  return s;
}

/// `v`, or `na.m` as one name.
Ident ASTBuilder::recordVar(P::RecordVarContext *c) {
  auto ids = c->IDENT();
  Ident id = ident(at(ids, 0));
  if (ids.size() == 2) {
    Ident member = ident(ids[1]);
    id.name += "." + member.name;
    id.range = id.range.cover(member.range);
  }
  return id;
}

// Options in any order, each once:
//     record spikes(E) with v, w from 1 s
//     record rate(E) every 1 ms smooth gaussian(2 ms)
// A repeated one is kept aside for sema's E0418.
void ASTBuilder::recordOption(RecordStmt &st, P::RecordOptionContext *c) {
  auto repeated = [&](bool given, const char *word) {
    if (given) st.repeatedOptions.push_back({word, range(c)});
    return given;
  };
  if (auto *o = dynamic_cast<P::EveryOptionContext *>(c)) {
    if (!repeated(st.every != nullptr, "every")) st.every = expr(o->expr());
  } else if (auto *o = dynamic_cast<P::WithOptionContext *>(c)) {
    if (repeated(!st.withVars.empty(), "with")) return;
    st.withRange = range(c);
    for (auto *rv : o->recordVar()) st.withVars.push_back(recordVar(rv));
  } else if (auto *o = dynamic_cast<P::FromOptionContext *>(c)) {
    if (!repeated(st.from != nullptr, "from")) st.from = expr(o->expr());
  } else if (auto *o = dynamic_cast<P::ToOptionContext *>(c)) {
    if (!repeated(st.to != nullptr, "to")) st.to = expr(o->expr());
  } else if (auto *o = dynamic_cast<P::SmoothOptionContext *>(c)) {
    if (!repeated(st.smooth != nullptr, "smooth")) st.smooth = call(o->call());
  }
}

std::vector<Arg> ASTBuilder::args(P::ArgsContext *c) {
  std::vector<Arg> out;
  if (!c) return out;
  for (auto *a : c->arg()) {
    Arg arg;
    arg.range = range(a);
    if (a->METHOD()) { // `method = euler`: the name as a NameExpr (sema: aliases only)
      arg.name = Ident{"method", range(a->METHOD())};
      auto e = std::make_unique<NameExpr>(range(a->IDENT()));
      e->name = ident(a->IDENT());
      arg.value = std::move(e);
      out.push_back(std::move(arg));
      continue;
    }
    if (a->IDENT()) arg.name = ident(a->IDENT());
    arg.value = expr(a->expr());
    out.push_back(std::move(arg));
  }
  return out;
}

std::vector<Init> ASTBuilder::inits(P::InitBlockContext *c) {
  std::vector<Init> out;
  if (!c) return out;
  auto ids = c->IDENT();
  auto es = c->expr();
  for (std::size_t i = 0; i < ids.size() && i < es.size(); ++i) {
    Init in;
    in.name = ident(ids[i]);
    in.value = expr(es[i]);
    in.range = in.name.range.cover(in.value->range);
    out.push_back(std::move(in));
  }
  return out;
}

std::unique_ptr<CallExpr> ASTBuilder::call(P::CallContext *c) {
  auto e = std::make_unique<CallExpr>(c ? range(c) : SourceRange{});
  if (!c) return e;
  e->callee = ident(c->IDENT());
  if (c->args()) {
    e->args = args(c->args());
    e->argsRange = range(c->args());
  }
  return e;
}

} // namespace bdl::parse
