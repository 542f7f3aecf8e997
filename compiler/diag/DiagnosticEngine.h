// SPDX-License-Identifier: Apache-2.0
//===- DiagnosticEngine.h - typed diagnostics: codes, ranges, notes, fix-its ===//
#pragma once

#include "support/SourceManager.h"
#include "support/SourceRange.h"

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace bdl::diag {

enum class Severity { Error, Warning, Note };

/// Every diagnostic the compiler can emit, declared once in DiagnosticKinds.def.
enum class DiagId : unsigned short {
#define BDL_DIAG(ID, SEVERITY, FORMAT) ID,
#include "diag/DiagnosticKinds.def"
  NumDiags
};

/// "E0301".
std::string_view diagCode(DiagId id);
Severity diagSeverity(DiagId id);
/// The format string from the .def file, with {0}, {1}, ... placeholders.
std::string_view diagFormat(DiagId id);

struct FixIt {
  support::SourceRange range; ///< text to replace (empty range = insertion)
  std::string replacement;
};

struct Note {
  support::SourceRange range; ///< may be invalid: then the note has no location
  std::string message;
};

struct Diagnostic {
  DiagId id{};
  Severity severity = Severity::Error;
  /// Caret at range.begin; the rest of the range is underlined with '~'.
  support::SourceRange range;
  /// Further ranges underlined with '~' (e.g. the operands of a bad '+').
  std::vector<support::SourceRange> highlights;
  std::string message; ///< formatted, without the code
  std::vector<Note> notes;
  std::string help;            ///< optional "help:" line
  std::vector<FixIt> fixits;   ///< machine-applicable edits for the help
};

class DiagnosticEngine;

/// Returned by DiagnosticEngine::report so callers can attach notes and help.
/// A builder for a suppressed diagnostic (past the error limit) ignores calls.
class DiagBuilder {
public:
  DiagBuilder(DiagnosticEngine *engine, std::size_t index) : engine_(engine), index_(index) {}
  DiagBuilder &highlight(support::SourceRange r);
  DiagBuilder &note(support::SourceRange r, std::string message);
  DiagBuilder &help(std::string message);
  DiagBuilder &fixit(support::SourceRange r, std::string replacement);

private:
  Diagnostic *get();
  DiagnosticEngine *engine_;
  std::size_t index_;
};

/// Collects diagnostics for one compilation. User mistakes only: compiler
/// bugs go through BDL_ASSERT instead.
class DiagnosticEngine {
public:
  explicit DiagnosticEngine(const support::SourceManager &sm) : sm_(sm) {}

  /// Formats diagFormat(id) with `args` substituted for {0}, {1}, ...
  /// Past the error limit, errors are dropped and a single E0903 is added.
  DiagBuilder report(DiagId id, support::SourceRange range, std::vector<std::string> args = {});

  /// 0 means unlimited. Default 20.
  void setErrorLimit(unsigned limit) { errorLimit_ = limit; }
  /// Drop a diagnostic with the code, range and message of one already
  /// reported (off by default). `bdlc check` lowers every experiment of a
  /// file, and two experiments of one network meet the same model twice.
  void setDropDuplicates(bool drop) { dropDuplicates_ = drop; }
  unsigned errorCount() const { return errors_; }
  unsigned warningCount() const { return warnings_; }
  bool hasErrors() const { return errors_ > 0; }
  /// True once the error limit was hit: callers may stop early.
  bool limitReached() const { return limitHit_; }

  /// Diagnostics sorted by (file, offset), stable for equal positions.
  std::vector<Diagnostic> sorted() const;
  const std::vector<Diagnostic> &all() const { return diags_; }
  const support::SourceManager &sourceManager() const { return sm_; }
  /// Forget everything (used by --verify between `// -----` chunks).
  void clear();

private:
  friend class DiagBuilder;
  const support::SourceManager &sm_;
  std::vector<Diagnostic> diags_;
  unsigned errorLimit_ = 20;
  bool dropDuplicates_ = false;
  unsigned errors_ = 0;
  unsigned warnings_ = 0;
  bool limitHit_ = false;
};

/// clang-style text: `file:line:col: error: message [E0301]`, the source line
/// with a line-number gutter, caret and `~~~` ranges, then `note:`/`help:`.
/// `color` adds ANSI colours (only when writing to a terminal).
void renderText(const DiagnosticEngine &engine, std::ostream &os, bool color = false);
/// One JSON document: {"diagnostics":[...],"errors":N,"warnings":M}. Each
/// diagnostic has code, severity, message, file, range (1-based line/col and
/// byte offsets), highlights, notes, help and fixits.
void renderJson(const DiagnosticEngine &engine, std::ostream &os);

/// Checks emitted diagnostics against `expected-error@+N {{text}}` (also
/// `@-N`, `@N` absolute, no `@` = same line; `expected-warning`,
/// `expected-note`; `expected-no-diagnostics`) comments in file `id`.
/// An expected text matches when it is a substring of "message [CODE]".
/// Every error and warning must be expected; notes are checked only when
/// expected. Mismatches are written to `os`; returns true when all match.
bool verifyDiagnostics(const DiagnosticEngine &engine, support::FileId id, std::ostream &os);

} // namespace bdl::diag
