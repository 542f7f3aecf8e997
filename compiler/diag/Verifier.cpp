// SPDX-License-Identifier: Apache-2.0
//===- Verifier.cpp - `bdlc check --verify` for expected-error tests -------===//
//
//   // expected-error@+1 {{cannot add voltage [...] and conductance [...] [E0301]}}
//   dv/dt = (v + g) / tau
// Each directive names a line (relative with @+N/@-N, absolute with @N, or
// its own line) and text that must occur in "message [CODE]" of a
// diagnostic of that severity there.
#include "diag/DiagnosticEngine.h"

#include <ostream>
#include <regex>

namespace bdl::diag {

namespace {

struct Expected {
  Severity severity;
  unsigned line;
  std::string text;
  unsigned directiveLine;
  bool matched = false;
};

const char *name(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

} // namespace

bool verifyDiagnostics(const DiagnosticEngine &engine, support::FileId id, std::ostream &os) {
  const support::SourceManager &sm = engine.sourceManager();
  std::vector<Expected> expected;
  std::vector<std::string> malformed;
  bool noDiagnostics = false;
  static const std::regex directive(R"(expected-(error|warning|note)(@([+-]?)(\d+))?\s*(\{\{(.*?)\}\})?)");
  for (unsigned ln = 1; ln <= sm.lineCount(id); ++ln) {
    std::string line(sm.lineText(id, ln));
    std::size_t comment = line.find("//");
    if (comment == std::string::npos) continue;
    std::string body = line.substr(comment);
    if (body.find("expected-no-diagnostics") != std::string::npos) noDiagnostics = true;
    for (std::sregex_iterator it(body.begin(), body.end(), directive), end; it != end; ++it) {
      const std::smatch &m = *it;
      Severity sev = m[1] == "error" ? Severity::Error : m[1] == "warning" ? Severity::Warning : Severity::Note;
      if (!m[5].matched) {
        malformed.push_back("invalid expected-" + m[1].str() + " directive at line " + std::to_string(ln) +
                            ": expected {{text}}");
        continue;
      }
      long target = ln;
      if (m[2].matched) {
        long n = std::stol(m[4].str());
        target = m[3] == "+" ? ln + n : m[3] == "-" ? static_cast<long>(ln) - n : n;
      }
      if (target < 1) {
        malformed.push_back("invalid expected-" + m[1].str() + " directive at line " + std::to_string(ln) +
                            ": line " + std::to_string(target) + " is before the file");
        continue;
      }
      expected.push_back({sev, static_cast<unsigned>(target), m[6].str(), ln});
    }
  }

  std::vector<std::string> unexpected;
  auto matchOne = [&](Severity sev, unsigned line, const std::string &full) {
    for (Expected &e : expected)
      if (!e.matched && e.severity == sev && e.line == line && full.find(e.text) != std::string::npos) {
        e.matched = true;
        return true;
      }
    return false;
  };
  for (const Diagnostic &d : engine.sorted()) {
    std::string full = d.message + " [" + std::string(diagCode(d.id)) + "]";
    if (d.range.valid() && d.range.file == id) {
      unsigned line = sm.lineCol(id, d.range.begin).line;
      if (!matchOne(d.severity, line, full))
        unexpected.push_back("  line " + std::to_string(line) + ": " + name(d.severity) + ": " + full);
    } else if (d.severity != Severity::Note) {
      std::string where = d.range.valid() ? std::string(sm.path(d.range.file)) + ":" +
                                                std::to_string(sm.lineCol(d.range.file, d.range.begin).line)
                                          : "(no location)";
      unexpected.push_back("  " + where + ": " + name(d.severity) + ": " + full);
    }
    for (const Note &n : d.notes)
      if (n.range.valid() && n.range.file == id) matchOne(Severity::Note, sm.lineCol(id, n.range.begin).line, n.message);
  }

  bool ok = malformed.empty() && unexpected.empty();
  for (const std::string &m : malformed) os << "error: " << m << "\n";
  std::vector<std::string> missing;
  for (const Expected &e : expected)
    if (!e.matched)
      missing.push_back("  line " + std::to_string(e.line) + ": " + name(e.severity) + ": " + e.text);
  if (!missing.empty()) {
    ok = false;
    os << "error: diagnostics expected but not seen (" << sm.path(id) << "):\n";
    for (const std::string &m : missing) os << m << "\n";
  }
  if (!unexpected.empty()) {
    os << "error: diagnostics seen but not expected (" << sm.path(id) << "):\n";
    for (const std::string &u : unexpected) os << u << "\n";
  }
  (void)noDiagnostics; // any error or warning is already unexpected without directives
  return ok;
}

} // namespace bdl::diag
