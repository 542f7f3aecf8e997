// SPDX-License-Identifier: Apache-2.0
//===- ASTBuilderExpr.cpp - expressions and units of the parse tree to AST -===//
#include "parse/ASTBuilder.h"

#include "parse/Parser.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace bdl::parse {

using namespace ast;
using diag::DiagId;
using support::SourceRange;

ExprPtr ASTBuilder::errorExpr(SourceRange r) { return std::make_unique<ErrorExpr>(r); }

ExprPtr ASTBuilder::expr(P::ExprContext *c) {
  if (!c) return errorExpr({});
  // The token scan bounds bracket and prefix nesting; long left-associative
  // chains (`a + a + ... + a`) still make deep trees, so bound them here.
  if (tooDeep_) return errorExpr(range(c));
  if (depth_ >= kMaxExprDepth) {
    tooDeep_ = true;
    reportTooDeep(diags_, range(c).start(), kMaxExprDepth);
    return errorExpr(range(c));
  }
  ++depth_;
  ExprPtr e = exprInner(c);
  --depth_;
  return e;
}

static BinaryOp binaryOp(size_t tokenType) {
  using P = gen::BDLParser;
  switch (tokenType) {
  case P::PLUS: return BinaryOp::Add;
  case P::MINUS: return BinaryOp::Sub;
  case P::STAR: return BinaryOp::Mul;
  case P::SLASH: return BinaryOp::Div;
  case P::LT: return BinaryOp::Lt;
  case P::LE: return BinaryOp::Le;
  case P::GT: return BinaryOp::Gt;
  case P::GE: return BinaryOp::Ge;
  case P::EQ_EQ: return BinaryOp::Eq;
  case P::NOT_EQ: return BinaryOp::Ne;
  case P::AND: return BinaryOp::And;
  case P::OR: return BinaryOp::Or;
  default: return BinaryOp::Pow;
  }
}

ExprPtr ASTBuilder::exprInner(P::ExprContext *c) {
  SourceRange r = range(c);
  auto binary = [&](auto *ctx, antlr4::Token *op, size_t fixedType) -> ExprPtr {
    auto es = ctx->expr();
    auto b = std::make_unique<BinaryExpr>(r);
    b->op = binaryOp(op ? op->getType() : fixedType);
    b->opRange = op ? map_.token(op) : SourceRange{};
    b->lhs = expr(es.size() > 0 ? es[0] : nullptr);
    b->rhs = expr(es.size() > 1 ? es[1] : nullptr);
    return b;
  };
  if (auto *p = dynamic_cast<P::PrimaryExprContext *>(c)) return primary(p->primary());
  if (auto *p = dynamic_cast<P::PowExprContext *>(c)) {
    auto b = binary(p, nullptr, P::CARET);
    if (p->op) static_cast<BinaryExpr *>(b.get())->opRange = map_.token(p->op);
    return b;
  }
  if (auto *m = dynamic_cast<P::MulExprContext *>(c)) return binary(m, m->op, 0);
  if (auto *a = dynamic_cast<P::AddExprContext *>(c)) return binary(a, a->op, 0);
  if (auto *cm = dynamic_cast<P::CmpExprContext *>(c)) return binary(cm, cm->op, 0);
  if (auto *an = dynamic_cast<P::AndExprContext *>(c)) {
    auto b = binary(an, nullptr, P::AND);
    static_cast<BinaryExpr *>(b.get())->opRange = range(an->AND());
    return b;
  }
  if (auto *o = dynamic_cast<P::OrExprContext *>(c)) {
    auto b = binary(o, nullptr, P::OR);
    static_cast<BinaryExpr *>(b.get())->opRange = range(o->OR());
    return b;
  }
  if (auto *u = dynamic_cast<P::UnaryExprContext *>(c)) {
    auto e = std::make_unique<UnaryExpr>(r);
    e->op = u->op && u->op->getType() == P::PLUS ? UnaryOp::Plus : UnaryOp::Neg;
    e->opRange = map_.token(u->op);
    e->operand = expr(u->expr());
    return e;
  }
  if (auto *n = dynamic_cast<P::NotExprContext *>(c)) {
    auto e = std::make_unique<UnaryExpr>(r);
    e->op = UnaryOp::Not;
    e->opRange = range(n->NOT());
    e->operand = expr(n->expr());
    return e;
  }
  if (auto *ce = dynamic_cast<P::CondExprContext *>(c)) {
    auto es = ce->expr();
    auto e = std::make_unique<CondExpr>(r);
    e->cond = expr(es.size() > 0 ? es[0] : nullptr);
    e->thenExpr = expr(es.size() > 1 ? es[1] : nullptr);
    e->elseExpr = expr(es.size() > 2 ? es[2] : nullptr);
    return e;
  }
  return errorExpr(r);
}

std::unique_ptr<NumberExpr> ASTBuilder::number(antlr4::tree::TerminalNode *n) {
  auto num = std::make_unique<NumberExpr>(range(n));
  if (!n || dynamic_cast<antlr4::tree::ErrorNode *>(n)) return num;
  num->text = n->getText();
  errno = 0;
  num->value = std::strtod(num->text.c_str(), nullptr);
  // Too large (inf) or so small that it underflows to 0: either way not the
  // number written (`1e-99999 ms` would silently be 0). Subnormals stay.
  if (errno == ERANGE && (std::isinf(num->value) || num->value == 0)) {
    diags_.report(DiagId::E0106, num->range, {num->text});
    num->value = 0;
  }
  return num;
}

ExprPtr ASTBuilder::primary(P::PrimaryContext *c) {
  SourceRange r = range(c);
  if (!c) return errorExpr(r);
  if (auto *q = dynamic_cast<P::QuantityContext *>(c)) {
    auto num = number(q->NUMBER());
    auto *chain = q->unitChain();
    if (!chain) return num;
    auto e = std::make_unique<QuantityExpr>(r);
    e->number = std::move(num);
    bool divide = false;
    for (auto *child : chain->children) {
      if (auto *t = dynamic_cast<antlr4::tree::TerminalNode *>(child)) {
        divide = t->getSymbol()->getType() == P::SLASH;
        continue;
      }
      auto *atom = dynamic_cast<P::UnitAtomContext *>(child);
      if (!atom) continue;
      UnitFactor f;
      f.divide = divide;
      f.name = ident(atom->IDENT());
      f.range = range(atom);
      if (atom->unitExponent()) exponent(atom->unitExponent(), f.exponent, f.badExponent, f.exponentRange);
      e->chain.push_back(std::move(f));
    }
    return e;
  }
  if (auto *b = dynamic_cast<P::BoolLitContext *>(c)) {
    auto e = std::make_unique<BoolExpr>(r);
    e->value = b->TRUE() != nullptr;
    return e;
  }
  if (auto *s = dynamic_cast<P::StringLitContext *>(c)) {
    auto e = std::make_unique<StringExpr>(r);
    std::string t = s->STRING() ? s->STRING()->getText() : "\"\"";
    for (std::size_t i = 1; i + 1 < t.size(); ++i) {
      if (t[i] == '\\' && i + 2 < t.size()) ++i;
      e->value += t[i];
    }
    return e;
  }
  if (auto *call = dynamic_cast<P::CallExprContext *>(c)) {
    auto e = std::make_unique<CallExpr>(r);
    e->callee = ident(call->IDENT());
    e->args = args(call->args());
    e->argsRange = range(call->args());
    return e;
  }
  if (auto *s = dynamic_cast<P::ScopedRefContext *>(c)) {
    auto e = std::make_unique<ScopedExpr>(r);
    e->scope = s->scope && s->scope->getType() == P::POST ? Scope::Post : Scope::Pre;
    e->scopeRange = map_.token(s->scope);
    e->name = ident(s->IDENT());
    return e;
  }
  if (auto *m = dynamic_cast<P::MemberRefContext *>(c)) {
    auto e = std::make_unique<MemberExpr>(r);
    auto ids = m->IDENT();
    e->base = ident(ids.size() > 0 ? ids[0] : nullptr);
    e->name = ident(ids.size() > 1 ? ids[1] : nullptr);
    return e;
  }
  if (auto *n = dynamic_cast<P::NameRefContext *>(c)) {
    auto e = std::make_unique<NameExpr>(r);
    e->name = ident(n->IDENT());
    return e;
  }
  if (auto *p = dynamic_cast<P::ParenExprContext *>(c)) {
    ExprPtr inner = expr(p->expr());
    // Keep the parentheses in the range so carets cover what was written.
    inner->range = r;
    return inner;
  }
  if (auto *l = dynamic_cast<P::ListExprContext *>(c)) {
    auto e = std::make_unique<ListExpr>(r);
    for (auto *x : l->expr()) e->elems.push_back(expr(x));
    return e;
  }
  return errorExpr(r);
}

void ASTBuilder::exponent(P::UnitExponentContext *c, support::Rational &out, bool &bad,
                          SourceRange &r) {
  r = range(c);
  auto nums = c->NUMBER();
  auto integer = [&](antlr4::tree::TerminalNode *n, long long &v) {
    if (!n) return false;
    std::string t = n->getText();
    if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos)
      return false;
    v = std::stoll(t);
    return true;
  };
  long long num = 0, den = 1;
  bool ok = integer(nums.size() > 0 ? nums[0] : nullptr, num);
  if (ok && nums.size() > 1) ok = integer(nums[1], den) && den != 0;
  if (!ok) {
    bad = true;
    return;
  }
  out = support::Rational(c->MINUS() ? -num : num, den);
}

std::unique_ptr<UnitNode> ASTBuilder::unitTerm(P::UnitTermContext *c) {
  auto prim = c ? c->unitPrimary() : nullptr;
  std::unique_ptr<UnitNode> base = std::make_unique<UnitNode>();
  base->kind = UnitNode::Kind::One;
  base->range = range(prim);
  if (auto *n = dynamic_cast<P::UnitNameContext *>(prim)) {
    base->kind = UnitNode::Kind::Name;
    base->name = ident(n->IDENT());
  } else if (auto *f = dynamic_cast<P::UnitFuncContext *>(prim)) {
    base->kind = UnitNode::Kind::Sqrt;
    base->name = ident(f->IDENT()); // sema checks that it says `sqrt`
    base->lhs = unitExpr(f->unitExpr());
  } else if (auto *p = dynamic_cast<P::UnitParenContext *>(prim)) {
    base = unitExpr(p->unitExpr());
    base->range = range(prim);
  } else if (auto *o = dynamic_cast<P::UnitOneContext *>(prim)) {
    // Only `1` is a unit; sema reports any other number (E0312 covers it).
    base->badExponent = !o->NUMBER() || o->NUMBER()->getText() != "1";
    base->exponentRange = base->range;
  }
  if (!c || !c->unitExponent()) return base;
  auto pow = std::make_unique<UnitNode>();
  pow->kind = UnitNode::Kind::Pow;
  pow->range = range(c);
  exponent(c->unitExponent(), pow->exponent, pow->badExponent, pow->exponentRange);
  pow->lhs = std::move(base);
  return pow;
}

std::unique_ptr<UnitNode> ASTBuilder::unitExpr(P::UnitExprContext *c) {
  if (!c) {
    auto one = std::make_unique<UnitNode>();
    one->kind = UnitNode::Kind::One;
    return one;
  }
  std::unique_ptr<UnitNode> acc;
  bool divide = false;
  for (auto *child : c->children) {
    if (auto *t = dynamic_cast<antlr4::tree::TerminalNode *>(child)) {
      divide = t->getSymbol()->getType() == P::SLASH;
      continue;
    }
    auto *term = dynamic_cast<P::UnitTermContext *>(child);
    if (!term) continue;
    auto rhs = unitTerm(term);
    if (!acc) {
      acc = std::move(rhs);
      continue;
    }
    auto bin = std::make_unique<UnitNode>();
    bin->kind = divide ? UnitNode::Kind::Div : UnitNode::Kind::Mul;
    bin->range = acc->range.cover(rhs->range);
    bin->lhs = std::move(acc);
    bin->rhs = std::move(rhs);
    acc = std::move(bin);
  }
  if (!acc) return unitExpr(nullptr);
  return acc;
}

} // namespace bdl::parse
