// SPDX-License-Identifier: Apache-2.0
//===- ASTDumper.h - readable, stable AST print for `bdlc emit --ast` ------===//
#pragma once

#include "ast/AST.h"
#include "support/SourceManager.h"

#include <iosfwd>

namespace bdl::ast {

/// Prints one node per line, indented two spaces per level, each with its
/// range as <line:col-line:col>. The format is stable: lit tests check it.
void dumpFile(const File &file, const support::SourceManager &sm, std::ostream &os);
void dumpExpr(const Expr &e, const support::SourceManager &sm, std::ostream &os, unsigned indent = 0);

} // namespace bdl::ast

namespace bdl::ast {
/// A few lines per declaration for `bdlc check --summary`: models with their
/// member counts, networks with population sizes, experiments with phases.
void summarizeFile(const File &file, const support::SourceManager &sm, std::ostream &os);
} // namespace bdl::ast
