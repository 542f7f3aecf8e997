// SPDX-License-Identifier: Apache-2.0
//===- Pipeline.h - wires the stages for one compilation -------------------===//
#pragma once

#include "ast/AST.h"
#include "diag/DiagnosticEngine.h"
#include "ir/kernel/Kernel.h"
#include "sema/Sema.h"
#include "support/SourceManager.h"

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace bdl::driver {

struct Options {
  std::vector<std::string> includeDirs; ///< -I, searched before BDL_PATH
  unsigned errorLimit = 20;
  /// --history-limit: the memory fractional equations may use, MiB (E0509).
  double historyLimitMiB = 1024;
};

/// How far Compilation::check goes.
enum class CheckDepth {
  Sema,    ///< parse and sema only (hover, completion, definition)
  /// Also lower each experiment of a clean file through every pass, so that
  /// what code generation refuses (E0905, E0503, ...) and warns about
  /// (W0608, W0713) is reported; `.npy` files are read to their headers only.
  Lowering,
  /// Lowering, and the values of `.npy` files are scanned (E0612), as
  /// `bdlc build` does: what `bdlc check` runs.
  Full,
};

/// One compilation: owns the sources, the diagnostics and the parsed files
/// (the main file and its imports).
class Compilation : public sema::ModuleLoader {
public:
  explicit Compilation(Options opts);

  support::SourceManager &sources() { return sm_; }
  diag::DiagnosticEngine &diags() { return diags_; }

  /// Reads `path`; reports E0901 and returns 0 when it cannot.
  support::FileId addFile(const std::string &path);
  /// Parses and checks `id` to `depth`; true when no errors. Sema runs only
  /// on files that parsed cleanly, lowering only on files sema found clean.
  bool check(support::FileId id, CheckDepth depth = CheckDepth::Full);
  /// Parses only (for `emit --ast`).
  const ast::File *parse(support::FileId id, bool &syntaxErrors);

  /// Parses, checks and lowers `experiment` of `id` (the first experiment
  /// when empty) through every pass. With `printAfter`, the IR after that
  /// pass is appended to `*printed`. Nullopt after errors (reported).
  std::optional<ir::KernelModule> compile(support::FileId id, const std::string &experiment,
                                          const std::string &printAfter = {}, std::string *printed = nullptr);

  /// Parses, checks and lowers `experiment` to the model IR, before any
  /// pass (what `bdlc analyze` reads). Nullopt after errors (reported).
  std::optional<ir::Module> lowerModule(support::FileId id, const std::string &experiment);

  const ast::File *load(const std::string &path) override;
  /// Every file parsed so far: the main file and its imports.
  const std::map<support::FileId, std::unique_ptr<ast::File>> &files() const { return files_; }

private:
  /// Lowers `experiment` of `f` from `a` and runs every pass.
  std::optional<ir::KernelModule> lower(sema::Analysis &a, const ast::File &f, const std::string &experiment,
                                        const std::string &printAfter, std::string *printed);

  Options opts_;
  support::SourceManager sm_;
  diag::DiagnosticEngine diags_;
  sema::SemaOptions semaOpts_;
  std::map<support::FileId, std::unique_ptr<ast::File>> files_;
  std::map<support::FileId, bool> syntaxErrors_;
  std::unique_ptr<sema::Analysis> analysis_;
};

/// The standard library root (the folder that holds `std/`).
std::string stdlibRoot();

} // namespace bdl::driver
