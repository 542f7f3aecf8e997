// SPDX-License-Identifier: Apache-2.0
//===- Lowering.h - shared state of LowerToIR (internal to sema) -----------===//
#pragma once

#include "ir/model/Module.h"
#include "sema/SemaContext.h"

#include <map>
#include <memory>

namespace bdl::sema {

/// One instance of a model's names bound to storage: a population (Self),
/// the pre- or postsynaptic side of a projection (Pre/Post), a synapse group,
/// or a channel instance inside a neuron (with a name prefix such as `na.`).
struct Binding {
  ModelInfo *model = nullptr;
  ir::Space space = ir::Space::Self;
  int group = -1;
  std::string prefix; ///< `na.` for a channel instance
  /// Host variables that `uses v` refers to.
  std::map<std::string, ir::VarRef> uses;
  std::map<std::string, std::unique_ptr<Binding>> channels;
  /// Definitions already lowered here (lets are shared DAG nodes).
  std::map<std::string, ir::ExprRef> lets;
  std::vector<std::string> letStack;
};

/// Where an expression is lowered: its own model, the synapse's pre/post
/// neurons and the network parameters.
struct LowerEnv {
  Binding *self = nullptr;
  Binding *pre = nullptr;
  Binding *post = nullptr;
  int network = -1; ///< group of network parameters
  const std::map<std::string, int> *netParams = nullptr;
};

class Lowerer {
public:
  Lowerer(SemaContext &cx, ir::Module &m) : cx_(cx), m_(m) {}
  ir::ExprRef expr(const ast::Expr &e, const LowerEnv &env);
  ir::Block block(const ast::Block &b, const LowerEnv &env);
  /// The variable `name` of `b` (prefixed for channels), or nullopt.
  std::optional<ir::VarRef> var(Binding &b, const std::string &name);
  /// The single site of E0905.
  void unsupported(support::SourceRange r, const std::string &what);
  bool failed() const { return failed_; }
  ir::Module &module() { return m_; }
  SemaContext &context() { return cx_; }

private:
  ir::ExprRef name(const ast::Ident &id, const LowerEnv &env);
  ir::ExprRef symbol(Binding &b, const ast::Ident &id, const LowerEnv &env);
  ir::ExprRef callExpr(const ast::CallExpr &c, const LowerEnv &env);
  ir::ExprRef assignValue(const ast::AssignStmt &a, const ir::VarRef &t, const LowerEnv &env);
  SemaContext &cx_;
  ir::Module &m_;
  bool failed_ = false;
};

} // namespace bdl::sema
