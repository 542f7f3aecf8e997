// SPDX-License-Identifier: Apache-2.0
//===- TextRenderer.cpp - clang-style diagnostics with carets --------------===//
//
//   coba.bdl:12:20: error: cannot add voltage [...] and conductance [...] [E0301]
//      12 |   dv/dt = (v + g) / tau
//         |            ~ ^ ~
#include "diag/DiagnosticEngine.h"

#include <algorithm>
#include <ostream>

namespace bdl::diag {

namespace {

const char *kBold = "\033[1m", *kRed = "\033[1;31m", *kMagenta = "\033[1;35m", *kCyan = "\033[1;36m",
           *kGreen = "\033[1;32m", *kReset = "\033[0m";

/// Invalid UTF-8 bytes become '?', so that terminals and columns stay sane.
std::string sanitize(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!ok) {
      out += '?';
      ++i;
      continue;
    }
    if (n == 1 && c < 0x20 && c != '\t') out += '?';
    else out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

class Renderer {
public:
  Renderer(const DiagnosticEngine &e, std::ostream &os, bool color)
      : sm_(e.sourceManager()), os_(os), color_(color) {}

  void diagnostic(const Diagnostic &d) {
    const char *label = d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "note";
    const char *col = d.severity == Severity::Error ? kRed : d.severity == Severity::Warning ? kMagenta : kCyan;
    location(d.range);
    paint(col, std::string(label) + ":");
    os_ << " ";
    paint(kBold, sanitize(d.message) + " [" + std::string(diagCode(d.id)) + "]");
    os_ << "\n";
    snippet(d.range, d.highlights);
    for (const Note &n : d.notes) {
      if (n.range.valid()) location(n.range);
      paint(kCyan, "note:");
      os_ << " " << sanitize(n.message) << "\n";
      snippet(n.range, {});
    }
    if (!d.help.empty()) {
      paint(kGreen, "help:");
      os_ << " " << sanitize(d.help) << "\n";
      fixed(d);
    }
  }

private:
  void paint(const char *c, const std::string &s) {
    if (color_) os_ << c << s << kReset;
    else os_ << s;
  }

  void location(support::SourceRange r) {
    if (!r.valid()) {
      paint(kBold, "bdlc:");
      os_ << " ";
      return;
    }
    support::LineCol lc = sm_.lineCol(r.file, r.begin);
    paint(kBold, sanitize(sm_.path(r.file)) + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + ":");
    os_ << " ";
  }

  /// Columns (0-based code points) of [b, e) clipped to `line`.
  static void span(const support::SourceManager &sm, support::SourceRange r, unsigned line, std::size_t &b,
                   std::size_t &e) {
    support::LineCol lb = sm.lineCol(r.file, r.begin), le = sm.lineCol(r.file, r.end);
    b = lb.line < line ? 0 : lb.line == line ? lb.col - 1 : std::string::npos;
    e = le.line > line ? std::string::npos - 1 : le.line == line ? le.col - 1 : 0;
  }

  void gutter(const std::string &num) {
    std::string pad(num.size() < 5 ? 5 - num.size() : 0, ' ');
    os_ << pad << num << " | ";
  }

  void snippet(support::SourceRange r, const std::vector<support::SourceRange> &highlights) {
    if (!r.valid()) return;
    support::LineCol lc = sm_.lineCol(r.file, r.begin);
    std::string text = sanitize(sm_.lineText(r.file, lc.line));
    gutter(std::to_string(lc.line));
    os_ << text << "\n";
    // One marker cell per code point of the source line (+1 for past-the-end).
    std::vector<std::string> cells;
    std::size_t i = 0;
    while (i < text.size()) {
      std::size_t n = 1;
      while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
      cells.push_back(text[i] == '\t' ? "\t" : " ");
      i += n;
    }
    std::size_t width = cells.size();
    cells.resize(std::max<std::size_t>(width, lc.col) + 1, " ");
    auto mark = [&](support::SourceRange h) {
      if (!h.valid() || h.file != r.file) return;
      std::size_t b, e;
      span(sm_, h, lc.line, b, e);
      if (b == std::string::npos) return;
      e = std::min(e, width);
      for (std::size_t k = b; k < e && k < cells.size(); ++k)
        if (cells[k] != "^") cells[k] = "~";
    };
    for (const auto &h : highlights) mark(h);
    mark(r);
    cells[lc.col - 1] = "^";
    std::string line;
    for (const std::string &c : cells) line += c;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    os_ << std::string(5, ' ') << " | ";
    paint(kGreen, line);
    os_ << "\n";
  }

  /// Shows the caret line with fix-its applied, when they are on that line.
  void fixed(const Diagnostic &d) {
    if (d.fixits.empty() || !d.range.valid()) return;
    support::LineCol lc = sm_.lineCol(d.range.file, d.range.begin);
    std::string_view lineText = sm_.lineText(d.range.file, lc.line);
    std::uint32_t lineStart = sm_.offsetOf(d.range.file, lc.line, 1);
    std::string out(lineText);
    std::vector<FixIt> fs = d.fixits;
    std::sort(fs.begin(), fs.end(), [](const FixIt &a, const FixIt &b) { return a.range.begin > b.range.begin; });
    for (const FixIt &f : fs) {
      if (f.range.file != d.range.file || f.range.begin < lineStart || f.range.end > lineStart + lineText.size())
        return;
      out.replace(f.range.begin - lineStart, f.range.end - f.range.begin, f.replacement);
    }
    os_ << std::string(5, ' ') << " | " << sanitize(out) << "\n";
  }

  const support::SourceManager &sm_;
  std::ostream &os_;
  bool color_;
};

} // namespace

void renderText(const DiagnosticEngine &engine, std::ostream &os, bool color) {
  std::vector<Diagnostic> ds = engine.sorted();
  if (ds.empty()) return;
  Renderer r(engine, os, color);
  unsigned errors = 0, warnings = 0;
  for (const Diagnostic &d : ds) {
    r.diagnostic(d);
    errors += d.severity == Severity::Error;
    warnings += d.severity == Severity::Warning;
  }
  auto count = [](unsigned n, const char *what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  if (errors && warnings) os << count(errors, "error") << " and " << count(warnings, "warning") << " generated.\n";
  else if (errors) os << count(errors, "error") << " generated.\n";
  else if (warnings) os << count(warnings, "warning") << " generated.\n";
}

} // namespace bdl::diag
