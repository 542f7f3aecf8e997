// SPDX-License-Identifier: Apache-2.0
//===- AST.cpp - spellings of AST operators and kinds ----------------------===//
#include "ast/AST.h"

namespace bdl::ast {

const char *spelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add: return "+";
  case BinaryOp::Sub: return "-";
  case BinaryOp::Mul: return "*";
  case BinaryOp::Div: return "/";
  case BinaryOp::Pow: return "^";
  case BinaryOp::Lt: return "<";
  case BinaryOp::Le: return "<=";
  case BinaryOp::Gt: return ">";
  case BinaryOp::Ge: return ">=";
  case BinaryOp::Eq: return "==";
  case BinaryOp::Ne: return "!=";
  case BinaryOp::And: return "and";
  case BinaryOp::Or: return "or";
  }
  return "?";
}

const char *spelling(AssignOp op) {
  switch (op) {
  case AssignOp::Set: return "=";
  case AssignOp::Add: return "+=";
  case AssignOp::Sub: return "-=";
  case AssignOp::Mul: return "*=";
  case AssignOp::Div: return "/=";
  }
  return "?";
}

const char *spelling(Flag::Kind k) {
  switch (k) {
  case Flag::Kind::UnlessRefractory: return "unless refractory";
  case Flag::Kind::PerNeuron: return "per neuron";
  case Flag::Kind::PerSynapse: return "per synapse";
  case Flag::Kind::Shared: return "shared";
  case Flag::Kind::Method: return "method";
  }
  return "?";
}

const char *spelling(ModelKind k) {
  switch (k) {
  case ModelKind::Neuron: return "neuron";
  case ModelKind::Channel: return "channel";
  case ModelKind::Synapse: return "synapse";
  }
  return "?";
}

std::string ImportDecl::dottedName() const {
  if (filePath) return *filePath;
  std::string s;
  for (const Ident &p : path) {
    if (!s.empty()) s += '.';
    s += p.name;
  }
  return s;
}

} // namespace bdl::ast
