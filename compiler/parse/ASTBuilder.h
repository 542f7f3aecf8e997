// SPDX-License-Identifier: Apache-2.0
//===- ASTBuilder.h - ANTLR parse tree to AST (internal to parse/) ---------===//
#pragma once

#include "BDLParser.h"
#include "ast/AST.h"
#include "parse/SyntaxErrors.h"

namespace bdl::parse {

/// Walks a parse tree, which may be partial after syntax errors: every
/// accessor result is checked, and missing pieces become ErrorExpr or empty
/// identifiers. Reports E0104 (bad derivative), E0106 (number out of range)
/// and E0107 (too deep).
class ASTBuilder {
public:
  ASTBuilder(const OffsetMap &map, diag::DiagnosticEngine &d) : map_(map), diags_(d) {}
  std::unique_ptr<ast::File> build(gen::BDLParser::FileContext *ctx);

private:
  using P = gen::BDLParser;
  ast::Ident ident(antlr4::tree::TerminalNode *n) const;
  support::SourceRange range(antlr4::ParserRuleContext *c) const { return map_.context(c); }
  support::SourceRange range(antlr4::tree::TerminalNode *n) const;

  void topDecl(P::TopDeclContext *c, ast::File &f);
  ast::ImportDecl importDecl(P::ImportDeclContext *c);
  std::vector<ast::MemberPtr> members(const std::vector<P::MemberContext *> &ms);
  ast::MemberPtr member(P::MemberContext *c);
  std::vector<ast::Flag> flags(P::FlagsContext *c);
  ast::Block block(P::BlockContext *c);
  ast::StmtPtr stmt(P::StmtContext *c);
  std::unique_ptr<ast::NetworkDecl> network(P::NetworkDeclContext *c);
  ast::NetMemberPtr netMember(P::NetMemberContext *c);
  std::unique_ptr<ast::ExperimentDecl> experiment(P::ExperimentDeclContext *c);
  ast::ExpStmtPtr expStmt(P::ExpStmtContext *c);
  ast::Target target(P::TargetContext *c);
  ast::Target paramTarget(P::ParamTargetContext *c);
  ast::Selection selection(P::SelectionContext *c);
  ast::Ident recordVar(P::RecordVarContext *c);
  void recordOption(ast::RecordStmt &st, P::RecordOptionContext *c);
  std::vector<ast::Arg> args(P::ArgsContext *c);
  std::vector<ast::Init> inits(P::InitBlockContext *c);
  std::unique_ptr<ast::CallExpr> call(P::CallContext *c);

  ast::ExprPtr expr(P::ExprContext *c);
  ast::ExprPtr exprInner(P::ExprContext *c);
  ast::ExprPtr primary(P::PrimaryContext *c);
  ast::ExprPtr errorExpr(support::SourceRange r);
  std::unique_ptr<ast::NumberExpr> number(antlr4::tree::TerminalNode *n);
  void exponent(P::UnitExponentContext *c, support::Rational &out, bool &bad,
                support::SourceRange &r);
  std::unique_ptr<ast::UnitNode> unitExpr(P::UnitExprContext *c);
  std::unique_ptr<ast::UnitNode> unitTerm(P::UnitTermContext *c);

  const OffsetMap &map_;
  diag::DiagnosticEngine &diags_;
  unsigned depth_ = 0;
  bool tooDeep_ = false;
};

} // namespace bdl::parse
