// SPDX-License-Identifier: Apache-2.0
//===- Verifier.cpp - `bdlc check --verify` for expected-error tests -------===//
//
//   // expected-error@+1 {{cannot add voltage [...] and conductance [...] [E0301]}}
//   dv/dt = (v + g) / tau
// Each directive names a line (relative with @+N/@-N, absolute with @N, or
// its own line) and text that must occur in "message [CODE]" of a
// diagnostic of that severity there.
#include "diag/DiagnosticEngine.h"

#include <algorithm>
#include <iterator>
#include <ostream>
#include <utility>

namespace bdl::diag {

namespace {

struct Expected {
  Severity severity;
  unsigned line;
  std::string text;
};

/// Something emitted in the verified file that a directive may claim.
struct Seen {
  Severity severity;
  unsigned line;
  std::string text; ///< "message [CODE]" for diagnostics, the message for notes
};

const char *severityName(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

bool isSpace(char c) {
  return c == ' ' || c == '\t';
}

/// Reads the directives of one file. Only `//` comments hold directives, and
/// prose that merely mentions "expected-" (say "expected-value") is ignored;
/// a directive that starts like one but is broken is an error, because a
/// silently skipped `expected-error@+1 'x'` would make a test pass vacuously.
class DirectiveParser {
public:
  DirectiveParser(const support::SourceManager &sm, support::FileId id) : sm_(sm), id_(id) {}

  void parse() {
    for (unsigned ln = 1; ln <= sm_.lineCount(id_); ++ln) {
      std::string_view line = sm_.lineText(id_, ln);
      std::size_t comment = line.find("//");
      if (comment != std::string_view::npos) parseComment(line.substr(comment), ln);
    }
    if (noDiagnosticsLine_ && !expected.empty())
      malformed.push_back("'expected-no-diagnostics' at line " + std::to_string(noDiagnosticsLine_) +
                          " cannot be combined with expected-* directives");
  }

  std::vector<Expected> expected;
  std::vector<std::string> malformed;

private:
  void parseComment(std::string_view s, unsigned ln) {
    static constexpr std::string_view kPrefix = "expected-";
    std::size_t pos = 0;
    while ((pos = s.find(kPrefix, pos)) != std::string_view::npos) {
      pos += kPrefix.size();
      std::string_view rest = s.substr(pos);
      if (rest.starts_with("no-diagnostics")) {
        noDiagnosticsLine_ = ln;
        pos += 14;
        continue;
      }
      static constexpr std::pair<std::string_view, Severity> kKinds[] = {
          {"error", Severity::Error}, {"warning", Severity::Warning}, {"note", Severity::Note}};
      const auto *kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                                      [&](const auto &k) { return rest.starts_with(k.first); });
      if (kind == std::end(kKinds)) continue;
      // "expected-errors" in prose is no directive; "expected-error@", "... {{" are.
      std::size_t len = kind->first.size();
      char next = len < rest.size() ? rest[len] : ' ';
      if (!isSpace(next) && next != '@' && next != '{') continue;
      pos += len;
      Severity sev = kind->second;
      pos = directive(s, pos, sev, ln);
    }
  }

  /// Parses `[@spec] {{text}}` from `pos`; returns where scanning resumes.
  std::size_t directive(std::string_view s, std::size_t pos, Severity sev, unsigned ln) {
    auto fail = [&](const std::string &why) {
      malformed.push_back("invalid expected-" + std::string(severityName(sev)) + " directive at line " +
                          std::to_string(ln) + ": " + why);
    };
    long target = ln;
    if (pos < s.size() && s[pos] == '@') {
      ++pos;
      char sign = pos < s.size() && (s[pos] == '+' || s[pos] == '-') ? s[pos++] : 0;
      std::size_t digits = pos;
      long n = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - digits < 9)
        n = n * 10 + (s[pos++] - '0');
      if (pos == digits || (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')) {
        fail("expected a line number such as @+1, @-1 or @7 after '@'");
        return pos;
      }
      target = sign == '+' ? target + n : sign == '-' ? target - n : n;
    }
    while (pos < s.size() && isSpace(s[pos]))
      ++pos;
    if (!s.substr(pos).starts_with("{{")) {
      fail("expected '{{' before the expected text");
      return pos;
    }
    std::size_t close = s.find("}}", pos + 2);
    if (close == std::string_view::npos) {
      fail("missing '}}' after the expected text");
      return s.size();
    }
    if (target < 1 || target > static_cast<long>(sm_.lineCount(id_))) {
      fail("line " + std::to_string(target) + " is outside the file");
      return close + 2;
    }
    expected.push_back({sev, static_cast<unsigned>(target), std::string(s.substr(pos + 2, close - pos - 2))});
    return close + 2;
  }

  const support::SourceManager &sm_;
  support::FileId id_;
  unsigned noDiagnosticsLine_ = 0;
};

bool matches(const Expected &e, const Seen &s) {
  return e.severity == s.severity && e.line == s.line && s.text.find(e.text) != std::string::npos;
}

/// Pairs diagnostics with directives, each used at most once, as many as
/// possible. A first-fit match could fail a correct test:
///   // expected-error@+1 {{'a'}}
///   // expected-error@+0 {{undeclared name 'a'}}   (same line, both seen)
/// if "undeclared name 'a'" took {{'a'}} first. Returns, per seen item, the
/// index of its directive or -1. (Kuhn's augmenting paths; tests are small.)
std::vector<long> matchAll(const std::vector<Expected> &expected, const std::vector<Seen> &seen) {
  std::vector<long> ownerOf(expected.size(), -1), partner(seen.size(), -1);
  std::vector<bool> visited;
  auto augment = [&](auto &self, std::size_t i) -> bool {
    for (std::size_t e = 0; e < expected.size(); ++e) {
      if (visited[e] || !matches(expected[e], seen[i])) continue;
      visited[e] = true;
      if (ownerOf[e] < 0 || self(self, static_cast<std::size_t>(ownerOf[e]))) {
        ownerOf[e] = static_cast<long>(i);
        partner[i] = static_cast<long>(e);
        return true;
      }
    }
    return false;
  };
  for (std::size_t i = 0; i < seen.size(); ++i) {
    visited.assign(expected.size(), false);
    augment(augment, i);
  }
  return partner;
}

} // namespace

bool verifyDiagnostics(const DiagnosticEngine &engine, support::FileId id, std::ostream &os) {
  const support::SourceManager &sm = engine.sourceManager();
  DirectiveParser parser(sm, id);
  parser.parse();
  const std::vector<Expected> &expected = parser.expected;

  // Errors and warnings elsewhere cannot be claimed by a directive here. An
  // error in an imported file still fails the test; a warning there does not,
  // or no test could import a module that warns.
  std::vector<Seen> seen;
  std::vector<std::string> unexpected;
  auto full = [](const Diagnostic &d) { return d.message + " [" + std::string(diagCode(d.id)) + "]"; };
  for (const Diagnostic &d : engine.sorted()) {
    if (d.range.valid() && d.range.file == id)
      seen.push_back({d.severity, sm.lineCol(id, d.range.begin).line, full(d)});
    else if (!d.range.valid() && d.severity != Severity::Note)
      unexpected.push_back("  (no location): " + std::string(severityName(d.severity)) + ": " + full(d));
    else if (d.range.valid() && d.severity == Severity::Error)
      unexpected.push_back("  " + std::string(sm.path(d.range.file)) + ":" +
                           std::to_string(sm.lineCol(d.range.file, d.range.begin).line) +
                           ": error: " + full(d));
    // Notes are checked wherever their diagnostic is, but only when expected.
    for (const Note &n : d.notes)
      if (n.range.valid() && n.range.file == id)
        seen.push_back({Severity::Note, sm.lineCol(id, n.range.begin).line, n.message});
  }

  std::vector<long> partner = matchAll(expected, seen);
  std::vector<bool> claimed(expected.size(), false);
  std::vector<std::string> unexpectedHere;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (partner[i] >= 0)
      claimed[static_cast<std::size_t>(partner[i])] = true;
    else if (seen[i].severity != Severity::Note)
      unexpectedHere.push_back("  line " + std::to_string(seen[i].line) + ": " +
                               severityName(seen[i].severity) + ": " + seen[i].text);
  }
  unexpected.insert(unexpected.begin(), unexpectedHere.begin(), unexpectedHere.end());
  std::vector<std::string> missing;
  for (std::size_t e = 0; e < expected.size(); ++e)
    if (!claimed[e])
      missing.push_back("  line " + std::to_string(expected[e].line) + ": " +
                        severityName(expected[e].severity) + ": " + expected[e].text);

  for (const std::string &m : parser.malformed)
    os << "error: " << m << "\n";
  if (!missing.empty()) os << "error: diagnostics expected but not seen:\n";
  for (const std::string &m : missing)
    os << m << "\n";
  if (!unexpected.empty()) os << "error: diagnostics seen but not expected:\n";
  for (const std::string &u : unexpected)
    os << u << "\n";
  return parser.malformed.empty() && missing.empty() && unexpected.empty();
}

} // namespace bdl::diag
