// SPDX-License-Identifier: Apache-2.0
//===- Printers.h - expression and unit printing shared by the formatter ---===//
#pragma once

#include "ast/AST.h"

#include <string>

namespace bdl::fmt {

/// `e` in canonical spelling, parenthesised if it binds more loosely than
/// `minPrec` (0 = never).
std::string printExpr(const ast::Expr &e, int minPrec = 0);
/// `(a, name = b)`.
std::string printArgs(const std::vector<ast::Arg> &args);
/// `mS/cm^2`, `1/sqrt(Hz)`.
std::string printUnit(const ast::UnitNode &u);

} // namespace bdl::fmt
