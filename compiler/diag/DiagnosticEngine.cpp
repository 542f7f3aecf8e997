// SPDX-License-Identifier: Apache-2.0
//===- DiagnosticEngine.cpp - the registry and the collecting engine -------===//
#include "diag/DiagnosticEngine.h"

#include <algorithm>

namespace bdl::diag {

namespace {
struct Info {
  const char *code;
  Severity severity;
  const char *format;
};
constexpr Info kInfos[] = {
#define BDL_DIAG(ID, SEVERITY, FORMAT) {#ID, Severity::SEVERITY, FORMAT},
#include "diag/DiagnosticKinds.def"
};
constexpr std::size_t kDropped = static_cast<std::size_t>(-1);

/// Replaces {0}, {1}, ... by the arguments. A missing argument becomes empty
/// rather than staying "{1}", so a report site that forgets an argument still
/// yields a readable sentence; anything else in braces is copied verbatim.
std::string format(std::string_view fmt, const std::vector<std::string> &args) {
  std::string out;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    std::size_t j = i + 1, k = 0;
    for (; fmt[i] == '{' && j < fmt.size() && fmt[j] >= '0' && fmt[j] <= '9' && j < i + 4; ++j)
      k = k * 10 + static_cast<std::size_t>(fmt[j] - '0');
    if (fmt[i] == '{' && j > i + 1 && j < fmt.size() && fmt[j] == '}') {
      if (k < args.size()) out += args[k];
      i = j;
      continue;
    }
    out += fmt[i];
  }
  return out;
}
} // namespace

std::string_view diagCode(DiagId id) {
  return kInfos[static_cast<std::size_t>(id)].code;
}
Severity diagSeverity(DiagId id) {
  return kInfos[static_cast<std::size_t>(id)].severity;
}
std::string_view diagFormat(DiagId id) {
  return kInfos[static_cast<std::size_t>(id)].format;
}

Diagnostic *DiagBuilder::get() {
  if (!engine_ || index_ == kDropped || index_ >= engine_->diags_.size()) return nullptr;
  return &engine_->diags_[index_];
}

DiagBuilder &DiagBuilder::highlight(support::SourceRange r) {
  if (Diagnostic *d = get(); d && r.valid()) d->highlights.push_back(r);
  return *this;
}

DiagBuilder &DiagBuilder::note(support::SourceRange r, std::string message) {
  if (Diagnostic *d = get()) d->notes.push_back({r, std::move(message)});
  return *this;
}

DiagBuilder &DiagBuilder::help(std::string message) {
  if (Diagnostic *d = get(); d && !message.empty()) d->help = std::move(message);
  return *this;
}

DiagBuilder &DiagBuilder::fixit(support::SourceRange r, std::string replacement) {
  if (Diagnostic *d = get(); d && r.valid()) d->fixits.push_back({r, std::move(replacement)});
  return *this;
}

DiagBuilder DiagnosticEngine::report(DiagId id, support::SourceRange range, std::vector<std::string> args) {
  if (limitHit_) return {this, kDropped};
  std::string message = format(diagFormat(id), args);
  if (dropDuplicates_)
    for (const Diagnostic &seen : diags_)
      if (seen.id == id && seen.range == range && seen.message == message) return {this, kDropped};
  Severity sev = diagSeverity(id);
  if (sev == Severity::Error && errorLimit_ != 0 && errors_ >= errorLimit_) {
    // One marker at the first dropped error, then silence.
    limitHit_ = true;
    Diagnostic d;
    d.id = DiagId::E0903;
    d.severity = Severity::Error;
    d.range = range;
    d.message = format(diagFormat(DiagId::E0903), {std::to_string(errorLimit_)});
    diags_.push_back(std::move(d));
    return {this, kDropped};
  }
  Diagnostic d;
  d.id = id;
  d.severity = sev;
  d.range = range;
  d.message = std::move(message);
  if (sev == Severity::Error) ++errors_;
  if (sev == Severity::Warning) ++warnings_;
  diags_.push_back(std::move(d));
  return {this, diags_.size() - 1};
}

std::vector<Diagnostic> DiagnosticEngine::sorted() const {
  std::vector<Diagnostic> out = diags_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic &a, const Diagnostic &b) {
    if (a.range.valid() != b.range.valid()) return !a.range.valid();
    if (a.range.file != b.range.file) return a.range.file < b.range.file;
    return a.range.begin < b.range.begin;
  });
  // The error-limit marker closes the list wherever its range points: sema
  // does not report in source order, so sorted by offset it could land among
  // the kept errors and read as if everything after it had been dropped.
  std::stable_partition(out.begin(), out.end(), [](const Diagnostic &d) { return d.id != DiagId::E0903; });
  return out;
}

void DiagnosticEngine::clear() {
  diags_.clear();
  errors_ = warnings_ = 0;
  limitHit_ = false;
}

} // namespace bdl::diag
