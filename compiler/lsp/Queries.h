// SPDX-License-Identifier: Apache-2.0
//===- Queries.h - answers about names in a checked file (hover, outline) -===//
#pragma once

#include "ast/AST.h"
#include "lsp/Server.h"
#include "support/SourceManager.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bdl::lsp {

/// The files of one check: the open document and what it imports.
using Files = std::map<support::FileId, std::unique_ptr<ast::File>>;

Range range(const support::SourceManager &sm, support::SourceRange r);
/// The identifier around byte `off` (letters incl. UTF-8, digits, `_`).
ast::Ident wordAt(std::string_view text, std::uint32_t off, support::FileId f);
/// Declarations and their members, for the editor's outline.
std::vector<Symbol> outline(const ast::File &f, const support::SourceManager &sm);

/// What a name means: a member of the model around it, a declaration of this
/// file or of an imported one, or a unit.
struct Meaning {
  std::string markdown;
  support::SourceRange declared; ///< invalid for units
};
std::optional<Meaning> meaningOf(const Files &files, const support::SourceManager &sm, support::FileId id,
                                 const ast::Ident &w);

/// Names starting with `prefix` that fit at `off`: members of the model
/// around it, models and networks, built-ins, units and keywords.
std::vector<std::pair<std::string, std::string>> completions(const Files &files, support::FileId id,
                                                             std::uint32_t off, const std::string &prefix);

} // namespace bdl::lsp
