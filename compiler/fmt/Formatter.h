// SPDX-License-Identifier: Apache-2.0
//===- Formatter.h - canonical layout of BDL source (`bdlc fmt`) -----------===//
#pragma once

#include "ast/AST.h"
#include "support/SourceManager.h"

#include <string>

namespace bdl::fmt {

/// Prints `file` in the canonical layout: one declaration member per line,
/// two-space indentation, single spaces around binary operators, minimal
/// parentheses, and every comment kept (own-line comments before the item
/// that follows them, trailing comments after the item on their line).
/// Requires: `file` parsed without syntax errors from the buffer in `sm`.
/// Formatting the result again gives the same text.
std::string formatFile(const ast::File &file, const support::SourceManager &sm);

} // namespace bdl::fmt
