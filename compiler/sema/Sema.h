// SPDX-License-Identifier: Apache-2.0
//===- Sema.h - imports, names, units and semantic checks ------------------===//
#pragma once

#include "ast/AST.h"
#include "diag/DiagnosticEngine.h"
#include "ir/model/Module.h"
#include "support/SourceManager.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bdl::sema {

/// Parses imported modules for sema, which must not depend on the parser.
/// The driver implements it with compiler/parse.
class ModuleLoader {
public:
  virtual ~ModuleLoader() = default;
  /// Loads and parses `path` (an existing file). Returns null when it cannot
  /// be read or has syntax errors (already reported). Repeated calls with
  /// the same path return the same File.
  virtual const ast::File *load(const std::string &path) = 0;
};

struct SemaOptions {
  /// Folders searched for `import a.b.c` after the importing file's own
  /// folder: the standard library root (holding `std/`), then BDL_PATH.
  std::vector<std::string> searchPaths;
  /// Whether lowering reads the values of `.npy` files to refuse NaN and
  /// infinity (E0612), or only their headers (existence, dtype and shape:
  /// E0610, E0611), as the language server does on every keystroke.
  bool scanArrayValues = true;
};

/// Names of the built-in functions, distributions, stimuli, connection rules
/// and layouts (for completion).
std::vector<std::string> builtinNames();

/// Checks `file` and every module it imports: name resolution, dimensions of
/// every expression, and the semantic rules of the language. Reports 02xx to
/// 07xx diagnostics. Requires: `file` parsed without syntax errors.
/// Returns true when no error was found.
bool analyze(const ast::File &file, const support::SourceManager &sm, ModuleLoader &loader,
             const SemaOptions &options, diag::DiagnosticEngine &diags);

/// What a clean analysis resolved (models, networks, imports), kept for
/// lowering. The AST, sources and loader passed to analyze() must outlive it.
class Analysis {
public:
  Analysis();
  ~Analysis();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// As above, and on success also returns what lowering needs.
std::unique_ptr<Analysis> analyzeForLowering(const ast::File &file, const support::SourceManager &sm,
                                             ModuleLoader &loader, const SemaOptions &options,
                                             diag::DiagnosticEngine &diags);

/// Lowers `experiment` of `main` (the first one when empty) to the model IR.
/// Reports E0905 for constructs code generation does not support yet and
/// E0906 when there is no such experiment; returns nullopt then.
std::optional<ir::Module> lowerToIR(Analysis &a, const ast::File &main, const std::string &experiment);

} // namespace bdl::sema
