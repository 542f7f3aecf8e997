// SPDX-License-Identifier: Apache-2.0
//===- Formatter.cpp - layout of declarations, members and comments --------===//
//
// Items (declarations, members, statements) are printed one per line in
// source order. Comments are placed by position: a comment before an item
// goes on its own line above it, a comment on the line where an item ends
// stays at the end of that line. One blank line between items survives
// where the source had at least one.
#include "fmt/Formatter.h"

#include "fmt/Printers.h"
#include "support/Casting.h"

#include <algorithm>
#include <functional>

namespace bdl::fmt {

using namespace ast;
using support::cast;
using support::dynCast;
using support::SourceRange;

namespace {

std::string flags(const std::vector<Flag> &fs) {
  if (fs.empty()) return "";
  std::string s = " (";
  for (std::size_t i = 0; i < fs.size(); ++i) {
    if (i) s += ", ";
    s += spelling(fs[i].kind);
    if (fs[i].kind == Flag::Kind::Method)
      s += " " + fs[i].method.name + (fs[i].methodArgs.empty() ? "" : printArgs(fs[i].methodArgs));
  }
  return s + ")";
}

std::string typed(const std::string &kw, const Ident &name, const std::unique_ptr<UnitNode> &unit) {
  return kw + " " + name.name + (unit ? ": " + printUnit(*unit) : "");
}

std::string assign(const AssignStmt &a) {
  std::string t;
  if (a.target.scope) t = *a.target.scope == Scope::Pre ? "pre." : "post.";
  if (!a.target.base.empty()) t += a.target.base.name + ".";
  return t + a.target.name.name + " " + spelling(a.op) + " " + printExpr(*a.value);
}

class Layout {
public:
  Layout(const File &f, const support::SourceManager &sm) : f_(f), sm_(sm) {}

  std::string run() {
    struct Top {
      std::uint32_t at;
      std::function<void()> print;
    };
    std::vector<Top> tops;
    for (const ImportDecl &i : f_.imports) tops.push_back({i.range.begin, [&] { importDecl(i); }});
    for (const auto &m : f_.models) tops.push_back({m->range.begin, [&] { model(*m); }});
    for (const auto &n : f_.networks) tops.push_back({n->range.begin, [&] { network(*n); }});
    for (const auto &e : f_.experiments) tops.push_back({e->range.begin, [&] { experiment(*e); }});
    for (const auto &t : f_.tables)
      tops.push_back({t->range.begin, [&] { item("table " + t->name.name + " = " + printExpr(*t->value), t->range); }});
    std::stable_sort(tops.begin(), tops.end(), [](const Top &a, const Top &b) { return a.at < b.at; });
    bool previousWasImport = false;
    for (std::size_t k = 0; k < tops.size(); ++k) {
      bool isImport = k < f_.imports.size() && std::any_of(f_.imports.begin(), f_.imports.end(),
                                                           [&](const ImportDecl &i) { return i.range.begin == tops[k].at; });
      // Declarations are separated by one blank line; imports stay together.
      if (k > 0 && !(isImport && previousWasImport)) blankBefore_ = true;
      previousWasImport = isImport;
      tops[k].print();
    }
    comments(static_cast<std::uint32_t>(sm_.text(f_.id).size()));
    return out_;
  }

private:
  unsigned lineOf(std::uint32_t off) const { return sm_.lineCol(f_.id, off).line; }

  /// Own-line comments that start before `offset`.
  void comments(std::uint32_t offset) {
    while (next_ < f_.comments.size() && f_.comments[next_].range.begin < offset) {
      const Comment &c = f_.comments[next_++];
      emitLine(std::string(sm_.text(c.range)), c.range);
      out_ += "\n";
    }
  }

  /// Writes one line at the current indentation; `r` is the source range the
  /// line stands for (for blank-line and trailing-comment placement).
  void emitLine(const std::string &text, SourceRange r) {
    if (r.valid() && lastEnd_ && lineOf(r.begin) > lineOf(lastEnd_) + 1 && !out_.empty() && !justOpened_)
      blankBefore_ = true;
    if (blankBefore_ && !out_.empty() && !justOpened_) out_ += "\n";
    blankBefore_ = false;
    justOpened_ = false;
    out_ += std::string(2 * indent_, ' ') + text;
    if (r.valid()) lastEnd_ = r.end;
  }

  /// An item on one line, with the comments before it and a trailing one.
  void item(const std::string &text, SourceRange r) {
    comments(r.begin);
    emitLine(text, r);
    trailing(r);
    out_ += "\n";
  }

  void trailing(SourceRange r) {
    if (next_ < f_.comments.size()) {
      const Comment &c = f_.comments[next_];
      std::string_view between = c.range.begin >= r.end ? sm_.text(SourceRange{f_.id, r.end, c.range.begin}) : "x";
      // Only whitespace (or a closing `;`) may separate an item from its
      // trailing comment; otherwise the comment belongs to a later item.
      bool adjacent = between.find_first_not_of(" \t;") == std::string_view::npos;
      if (adjacent && lineOf(c.range.begin) == lineOf(r.end)) {
        out_ += "  " + std::string(sm_.text(c.range));
        lastEnd_ = c.range.end;
        ++next_;
      }
    }
  }

  /// `header {`; a comment right after the brace, before the first child
  /// (which starts at `firstChild`), stays on this line.
  void open(const std::string &header, SourceRange r, std::uint32_t firstChild) {
    comments(r.begin);
    emitLine(header + " {", r);
    lastEnd_ = r.begin;
    trailingOnLine(r.begin, firstChild);
    out_ += "\n";
    ++indent_;
    justOpened_ = true;
  }

  void trailingOnLine(std::uint32_t at, std::uint32_t before) {
    if (next_ < f_.comments.size() && f_.comments[next_].range.begin < before &&
        lineOf(f_.comments[next_].range.begin) == lineOf(at)) {
      out_ += "  " + std::string(sm_.text(f_.comments[next_].range));
      ++next_;
    }
  }

  void close(SourceRange whole, const std::string &suffix = "") {
    comments(whole.end);
    --indent_;
    justOpened_ = false;
    out_ += std::string(2 * indent_, ' ') + "}" + suffix;
    lastEnd_ = whole.end;
    trailing(whole);
    out_ += "\n";
  }

  bool commentsWithin(SourceRange r) const {
    return next_ < f_.comments.size() && f_.comments[next_].range.begin < r.end;
  }

  /// A block inline (`{ v = Vr }`) when it is one assignment without
  /// comments, else one statement per line.
  void blockItem(const std::string &header, const Block &b, SourceRange whole) {
    comments(whole.begin);
    if (b.empty() && !commentsWithin(whole)) return item(header + " { }", whole);
    if (b.size() == 1 && b[0]->kind == StmtKind::Assign && !commentsWithin(whole))
      return item(header + " { " + assign(*cast<AssignStmt>(b[0].get())) + " }", whole);
    open(header, whole, b.empty() ? whole.end : b.front()->range.begin);
    for (const StmtPtr &s : b) stmt(*s);
    close(whole);
  }

  void stmt(const Stmt &s) {
    if (auto *a = dynCast<AssignStmt>(&s)) return item(assign(*a), s.range);
    auto &i = *cast<IfStmt>(&s);
    open("if " + printExpr(*i.cond), s.range, i.thenBlock.empty() ? s.range.end : i.thenBlock.front()->range.begin);
    for (const StmtPtr &t : i.thenBlock) stmt(*t);
    if (i.elseBlock.empty()) return close(s.range);
    comments(i.elseBlock.front()->range.begin);
    --indent_;
    out_ += std::string(2 * indent_, ' ') + "} else {\n";
    ++indent_;
    justOpened_ = true;
    for (const StmtPtr &t : i.elseBlock) stmt(*t);
    close(s.range);
  }

  void member(const Member &m) {
    SourceRange r = m.range;
    switch (m.kind) {
    case MemberKind::Param:
    case MemberKind::State: {
      const VarMember &v = m.kind == MemberKind::Param ? static_cast<const VarMember &>(*cast<ParamMember>(&m))
                                                       : static_cast<const VarMember &>(*cast<StateMember>(&m));
      std::string s = typed(m.kind == MemberKind::Param ? "param" : "state", v.name, v.unit);
      if (v.init) s += " = " + printExpr(*v.init);
      return item(s + flags(v.flags), r);
    }
    case MemberKind::Input: {
      auto &i = *cast<InputMember>(&m);
      return item(typed("input", i.name, i.unit), r);
    }
    case MemberKind::Let: {
      auto &l = *cast<LetMember>(&m);
      return item(typed("let", l.name, l.unit) + " = " + printExpr(*l.value), r);
    }
    case MemberKind::Uses: {
      auto &u = *cast<UsesMember>(&m);
      return item(typed("uses", u.name, u.unit), r);
    }
    case MemberKind::Ode: {
      auto &o = *cast<OdeMember>(&m);
      std::string s = o.caputoOrder ? "caputo(" + printExpr(*o.caputoOrder) + ") " : "";
      return item(s + "d" + o.target.name + "/dt = " + printExpr(*o.rhs) + flags(o.flags), r);
    }
    case MemberKind::Spike: {
      auto &s = *cast<SpikeMember>(&m);
      return blockItem("spike when " + printExpr(*s.cond), s.body, r);
    }
    case MemberKind::Event: {
      auto &e = *cast<EventMember>(&m);
      return blockItem("event " + e.name.name + " when " + printExpr(*e.cond), e.body, r);
    }
    case MemberKind::Refractory: return item("refractory " + printExpr(*cast<RefractoryMember>(&m)->duration), r);
    case MemberKind::Method: {
      const auto &mm = *cast<MethodMember>(&m);
      return item("method " + mm.method.name + (mm.args.empty() ? "" : printArgs(mm.args)), r);
    }
    case MemberKind::ChannelInst: {
      auto &c = *cast<ChannelInstMember>(&m);
      return item("channel " + c.name.name + " = " + c.model.name + (c.args.empty() ? "" : printArgs(c.args)), r);
    }
    case MemberKind::On: {
      auto &o = *cast<OnMember>(&m);
      return blockItem(onHead(o), o.body, r);
    }
    case MemberKind::Continuous: return blockItem("continuous", cast<ContinuousMember>(&m)->body, r);
    }
  }

  /// `on pre`, `on post`, `on pre.burst`.
  static std::string onHead(const OnMember &o) {
    return std::string(o.which == Scope::Pre ? "on pre" : "on post") + (o.event.empty() ? "" : "." + o.event.name);
  }

  void importDecl(const ImportDecl &i) {
    std::string s = "import " + (i.filePath ? "\"" + *i.filePath + "\"" : i.dottedName());
    if (!i.names.empty()) {
      s += " (";
      for (std::size_t k = 0; k < i.names.size(); ++k) s += (k ? ", " : "") + i.names[k].name;
      s += ")";
    }
    item(s, i.range);
  }

  void model(const ModelDecl &m) {
    std::string head = std::string(spelling(m.kind)) + " " + m.name.name;
    if (m.aliasOf) return item(head + " = " + m.aliasOf->name + printArgs(m.aliasArgs), m.range);
    open(head, m.range, m.members.empty() ? m.range.end : m.members.front()->range.begin);
    for (const MemberPtr &mem : m.members) member(*mem);
    close(m.range);
  }

  static std::string inits(const std::vector<Init> &is) {
    if (is.empty()) return "";
    std::string s = " {";
    for (const Init &i : is) s += " " + i.name.name + " = " + printExpr(*i.value) + ";";
    s.pop_back();
    return s + " }";
  }

  std::string clauses(const ProjectionDecl &p) {
    std::string s;
    for (const ConnectClause &c : p.connects) {
      s += " connect " + c.rule->callee.name + (c.rule->args.empty() ? "" : printArgs(c.rule->args));
      if (c.where) s += " where " + printExpr(*c.where);
    }
    for (const ExprPtr &d : p.delays) s += " delay " + printExpr(*d);
    for (const Ident &st : p.storages) s += " storage " + st.name;
    return s;
  }

  void projection(const ProjectionDecl &p) {
    std::string head = p.source.name + " ->";
    for (std::size_t k = 0; k < p.targets.size(); ++k) head += (k ? ", " : " ") + p.targets[k].name;
    if (p.model) head += " : " + p.model->name + (p.args.empty() ? "" : printArgs(p.args)) + inits(p.inits);
    if (!p.hasInlineBody) return item(head + clauses(p), p.range);
    comments(p.range.begin);
    // `E -> I { on pre { post.ge += we } } connect ...` fits on one line.
    if (p.inlineBody.size() == 1 && !commentsWithin(p.range)) {
      const Member &m = *p.inlineBody[0];
      const Block *b = m.kind == MemberKind::On ? &cast<OnMember>(&m)->body : nullptr;
      if (b && b->size() == 1 && (*b)[0]->kind == StmtKind::Assign) {
        std::string on = onHead(*cast<OnMember>(&m));
        return item(head + " { " + on + " { " + assign(*cast<AssignStmt>((*b)[0].get())) + " } }" + clauses(p),
                    p.range);
      }
    }
    open(head, p.range, p.inlineBody.empty() ? p.range.end : p.inlineBody.front()->range.begin);
    for (const MemberPtr &mem : p.inlineBody) member(*mem);
    close(p.range, clauses(p));
  }

  void network(const NetworkDecl &n) {
    struct Entry {
      std::uint32_t at;
      const ParamMember *param;
      const NetMember *member;
    };
    std::vector<Entry> es;
    for (const auto &p : n.params) es.push_back({p->range.begin, p.get(), nullptr});
    for (const auto &m : n.members) es.push_back({m->range.begin, nullptr, m.get()});
    std::stable_sort(es.begin(), es.end(), [](const Entry &a, const Entry &b) { return a.at < b.at; });
    open("network " + n.name.name, n.range, es.empty() ? n.range.end : es.front().at);
    for (const Entry &e : es) {
      if (e.param) {
        member(*e.param);
      } else if (auto *p = dynCast<PopulationDecl>(e.member)) {
        std::string s = p->name.name + " = " + p->model.name + "[" + printExpr(*p->size) + "]";
        if (!p->args.empty()) s += printArgs(p->args);
        s += inits(p->inits);
        if (p->layout) s += " at " + p->layout->callee.name + printArgs(p->layout->args);
        item(s, e.member->range);
      } else if (auto *pr = dynCast<ProjectionDecl>(e.member)) {
        projection(*pr);
      } else {
        auto &st = *cast<NetStimulusDecl>(e.member);
        item("stimulus " + st.target.population.name + "." + st.target.name.name + (st.add ? " += " : " = ") +
                 printExpr(*st.value),
             e.member->range);
      }
    }
    close(n.range);
  }

  static std::string selection(const Selection &s) {
    std::string out = s.population.name;
    if (s.projectionTarget) out += " -> " + s.projectionTarget->name;
    if (s.event) out += "." + s.event->name;
    for (std::size_t k = 0; k < s.indices.size(); ++k) {
      const SelectionIndex &x = s.indices[k];
      out += (k ? ", " : "[") + printExpr(*x.first);
      if (x.end) out += ":" + printExpr(*x.end);
      if (x.step) out += ":" + printExpr(*x.step);
    }
    if (!s.indices.empty()) out += "]";
    return out;
  }

  static std::string target(const Target &t) {
    return t.population.name.empty() ? t.name.name : t.population.name + "." + t.name.name;
  }

  void experiment(const ExperimentDecl &e) {
    open("experiment " + e.name.name + " of " + e.network.name, e.range,
         e.stmts.empty() ? e.range.end : e.stmts.front()->range.begin);
    for (const ExpStmtPtr &s : e.stmts) {
      std::string text;
      switch (s->kind) {
      case ExpStmtKind::Setting: {
        auto &st = *cast<SettingStmt>(s.get());
        text = st.name.name + " = " + printExpr(*st.value);
        break;
      }
      case ExpStmtKind::Record: {
        auto &r = *cast<RecordStmt>(s.get());
        text = "record ";
        if (r.functionForm) {
          text += r.function.name + "(";
          for (std::size_t k = 0; k < r.selections.size(); ++k) text += (k ? ", " : "") + selection(r.selections[k]);
          text += ")";
        } else {
          for (std::size_t k = 0; k < r.variables.size(); ++k) text += (k ? ", " : "") + r.variables[k].name;
          text += " of " + (r.selections.empty() ? std::string() : selection(r.selections[0]));
        }
        for (std::size_t k = 0; k < r.withVars.size(); ++k) text += (k ? ", " : " with ") + r.withVars[k].name;
        if (r.every) text += " every " + printExpr(*r.every);
        if (r.from) text += " from " + printExpr(*r.from);
        if (r.to) text += " to " + printExpr(*r.to);
        if (r.smooth) text += " smooth " + printExpr(*r.smooth);
        break;
      }
      case ExpStmtKind::Run: text = "run " + printExpr(*cast<RunStmt>(s.get())->duration); break;
      case ExpStmtKind::Set: {
        auto &st = *cast<SetStmt>(s.get());
        text = "set " + target(st.target) + " = " + printExpr(*st.value);
        break;
      }
      case ExpStmtKind::ExpStimulus: {
        auto &st = *cast<ExpStimulusStmt>(s.get());
        text = "stimulus " + target(st.target) + (st.add ? " += " : " = ") + printExpr(*st.value);
        break;
      }
      case ExpStmtKind::Trials: text = "trials " + printExpr(*cast<TrialsStmt>(s.get())->count); break;
      case ExpStmtKind::Sweep: {
        auto &st = *cast<SweepStmt>(s.get());
        text = "sweep " + target(st.target) + " in " + printExpr(*st.values);
        for (const SweepItem &z : st.zipped) text += ", " + target(z.target) + " in " + printExpr(*z.values);
        break;
      }
      case ExpStmtKind::Train: trainBlock(*cast<TrainStmt>(s.get())); continue;
      case ExpStmtKind::Readout: {
        auto &st = *cast<ReadoutStmt>(s.get());
        text = "readout " + st.name.name + " = " + printExpr(*st.value);
        break;
      }
      }
      item(text, s->range);
    }
    close(e.range);
  }

  /// `train { ... }`: its lines in source order.
  void trainBlock(const TrainStmt &st) {
    std::vector<std::pair<SourceRange, std::string>> lines;
    for (std::size_t k = 0; k < st.trainableLines.size(); ++k) {
      std::string text = "trainable ";
      bool first = true;
      for (const TrainTarget &t : st.trainables) {
        if (t.item != static_cast<int>(k)) continue;
        text += (first ? "" : ", ") + t.pre.name + (t.post.empty() ? "" : " -> " + t.post.name) + "." + t.name.name;
        first = false;
      }
      lines.emplace_back(st.trainableLines[k], text);
    }
    for (const auto &in : st.inputs)
      lines.emplace_back(in.range, "input " + in.population.name + (in.var.empty() ? "" : "." + in.var.name) + " = " +
                                       printExpr(*in.value));
    for (const auto &set : st.settings) lines.emplace_back(set.range, set.name.name + " = " + printExpr(*set.value));
    std::sort(lines.begin(), lines.end(), [](const auto &a, const auto &b) { return a.first.begin < b.first.begin; });
    open("train", st.range, lines.empty() ? st.range.end : lines.front().first.begin);
    for (const auto &[r, text] : lines) item(text, r);
    close(st.range);
  }

  const File &f_;
  const support::SourceManager &sm_;
  std::string out_;
  std::size_t next_ = 0;
  unsigned indent_ = 0;
  std::uint32_t lastEnd_ = 0;
  bool blankBefore_ = false;
  bool justOpened_ = true;
};

} // namespace

std::string formatFile(const File &file, const support::SourceManager &sm) { return Layout(file, sm).run(); }

} // namespace bdl::fmt
