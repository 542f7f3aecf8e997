// SPDX-License-Identifier: Apache-2.0
//===- ASTSummary.cpp - the short per-declaration summary of a file --------===//
#include "ast/ASTDumper.h"

#include "support/Casting.h"

#include <map>
#include <ostream>

namespace bdl::ast {

using support::cast;
using support::dynCast;

static std::string plural(std::size_t n, const char *one, const char *many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void summarizeFile(const File &file, const support::SourceManager &sm, std::ostream &os) {
  os << sm.path(file.id) << ":\n";
  for (const auto &m : file.models) {
    os << "  " << spelling(m->kind) << " " << m->name.name;
    if (m->aliasOf) {
      os << " = " << m->aliasOf->name << " with " << plural(m->aliasArgs.size(), "override", "overrides") << "\n";
      continue;
    }
    std::map<MemberKind, std::size_t> n;
    for (const auto &mem : m->members) ++n[mem->kind];
    os << ": " << plural(n[MemberKind::Param], "parameter", "parameters") << ", "
       << plural(n[MemberKind::State], "state", "states") << ", "
       << plural(n[MemberKind::Ode], "equation", "equations");
    if (n[MemberKind::Let]) os << ", " << plural(n[MemberKind::Let], "definition", "definitions");
    if (n[MemberKind::ChannelInst]) os << ", " << plural(n[MemberKind::ChannelInst], "channel", "channels");
    if (n[MemberKind::Spike]) os << ", spike event";
    for (const auto &mem : m->members)
      if (auto *r = dynCast<RefractoryMember>(mem.get())) os << ", refractory " << sm.text(r->duration->range);
    os << "\n";
  }
  for (const auto &net : file.networks) {
    std::size_t projections = 0;
    std::string pops;
    for (const auto &mem : net->members) {
      if (auto *p = dynCast<PopulationDecl>(mem.get()))
        pops += (pops.empty() ? "" : ", ") + p->name.name + " = " + p->model.name + "[" +
                std::string(sm.text(p->size->range)) + "]";
      projections += mem->kind == NetMemberKind::Projection ? 1 : 0;
    }
    os << "  network " << net->name.name << ": " << pops << "; "
       << plural(projections, "projection", "projections") << "\n";
  }
  for (const auto &e : file.experiments) {
    std::size_t records = 0;
    std::string runs, design;
    for (const auto &s : e->stmts) {
      records += s->kind == ExpStmtKind::Record ? 1 : 0;
      if (auto *r = dynCast<RunStmt>(s.get()))
        runs += (runs.empty() ? "" : ", ") + std::string(sm.text(r->duration->range));
      if (auto *sw = dynCast<SweepStmt>(s.get())) {
        auto *list = dynCast<ListExpr>(sw->values.get());
        std::string name = sw->target.population.name.empty() ? sw->target.name.name
                                                              : sw->target.population.name + "." + sw->target.name.name;
        design += "; sweep " + name + (list ? " (" + std::to_string(list->elems.size()) + " values)" : "");
      }
      if (auto *t = dynCast<TrialsStmt>(s.get())) design += "; " + std::string(sm.text(t->count->range)) + " trials";
    }
    os << "  experiment " << e->name.name << " of " << e->network.name << ": "
       << plural(records, "recorder", "recorders") << ", run " << (runs.empty() ? "nothing" : runs) << design << "\n";
  }
}

} // namespace bdl::ast
