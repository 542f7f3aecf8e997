// SPDX-License-Identifier: Apache-2.0
//===- JsonRenderer.cpp - diagnostics as JSON for editors and tools --------===//
#include "diag/DiagnosticEngine.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace bdl::diag {

using nlohmann::json;

namespace {

json position(const support::SourceManager &sm, support::FileId f, std::uint32_t off) {
  support::LineCol lc = sm.lineCol(f, off);
  return {{"line", lc.line}, {"col", lc.col}, {"offset", off}};
}

json range(const support::SourceManager &sm, support::SourceRange r) {
  if (!r.valid()) return nullptr;
  return {{"start", position(sm, r.file, r.begin)}, {"end", position(sm, r.file, r.end)}};
}

json file(const support::SourceManager &sm, support::SourceRange r) {
  if (!r.valid()) return nullptr;
  return std::string(sm.path(r.file));
}

const char *severity(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

} // namespace

void renderJson(const DiagnosticEngine &engine, std::ostream &os) {
  const support::SourceManager &sm = engine.sourceManager();
  json list = json::array();
  unsigned errors = 0, warnings = 0;
  for (const Diagnostic &d : engine.sorted()) {
    errors += d.severity == Severity::Error;
    warnings += d.severity == Severity::Warning;
    json notes = json::array(), highlights = json::array(), fixits = json::array();
    for (const Note &n : d.notes)
      notes.push_back({{"message", n.message}, {"file", file(sm, n.range)}, {"range", range(sm, n.range)}});
    for (const auto &h : d.highlights)
      highlights.push_back(range(sm, h));
    for (const FixIt &f : d.fixits)
      fixits.push_back(
          {{"file", file(sm, f.range)}, {"range", range(sm, f.range)}, {"replacement", f.replacement}});
    list.push_back({{"code", std::string(diagCode(d.id))},
                    {"severity", severity(d.severity)},
                    {"message", d.message},
                    {"file", file(sm, d.range)},
                    {"range", range(sm, d.range)},
                    {"highlights", highlights},
                    {"notes", notes},
                    {"help", d.help.empty() ? json(nullptr) : json(d.help)},
                    {"fixits", fixits}});
  }
  json doc = {{"diagnostics", list}, {"errors", errors}, {"warnings", warnings}};
  // Messages quote user text, which may not be valid UTF-8.
  os << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

} // namespace bdl::diag
