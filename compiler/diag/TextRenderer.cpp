// SPDX-License-Identifier: Apache-2.0
//===- TextRenderer.cpp - clang-style diagnostics with carets --------------===//
//
//   coba.bdl:12:14: error: cannot add voltage [...] and conductance [...] [E0301]
//      12 |   dv/dt = (v + g) / tau
//         |            ~ ^ ~
// The marker line has one cell per code point of the source line, so carets
// sit under `µS` correctly, and a tab in the source is echoed as a tab.
#include "diag/DiagnosticEngine.h"

#include <algorithm>
#include <ostream>

namespace bdl::diag {

namespace {

const char *const kBold = "\033[1m";
const char *const kRed = "\033[1;31m";
const char *const kMagenta = "\033[1;35m";
const char *const kCyan = "\033[1;36m";
const char *const kGreen = "\033[1;32m";
const char *const kReset = "\033[0m";

/// Length of the well-formed UTF-8 sequence starting at s[i], or 0.
std::size_t sequenceLength(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  // C0/C1 would be overlong encodings and F5..FF lie beyond U+10FFFF.
  std::size_t n = c < 0x80                 ? 1
                  : c >= 0xC2 && c <= 0xDF ? 2
                  : c >= 0xE0 && c <= 0xEF ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

/// A source line or message as it is printed: invalid UTF-8 bytes and control
/// characters other than tab become '?', one cell each, so that terminals stay
/// sane. `cellOf[b]` is the cell that raw byte `b` falls in (the size of the
/// raw text maps to one past the last cell).
struct Cells {
  std::string text;
  std::vector<std::size_t> cellOf;
  std::vector<bool> tab;
  std::vector<std::size_t> textAt; ///< where each cell starts in `text` (and its end)
  std::size_t count() const { return tab.size(); }
};

Cells decode(std::string_view raw) {
  Cells out;
  out.cellOf.reserve(raw.size() + 1);
  std::size_t i = 0;
  while (i < raw.size()) {
    std::size_t n = sequenceLength(raw, i);
    unsigned char c = static_cast<unsigned char>(raw[i]);
    bool control = n == 1 && ((c < 0x20 && c != '\t') || c == 0x7F);
    out.textAt.push_back(out.text.size());
    if (n == 0 || control) {
      out.text += '?';
      n = 1;
    } else {
      out.text.append(raw.substr(i, n));
    }
    for (std::size_t k = 0; k < n; ++k)
      out.cellOf.push_back(out.count());
    out.tab.push_back(c == '\t');
    i += n;
  }
  out.cellOf.push_back(out.count());
  out.textAt.push_back(out.text.size());
  return out;
}

/// Lines longer than this many cells are shown as a window of kWindowCells
/// around the caret, "..." marking what is left out (a generated model can
/// have a line of 400 KB).
constexpr std::size_t kLongLineCells = 200, kWindowCells = 160;

std::string sanitize(std::string_view s) {
  return decode(s).text;
}

class Renderer {
public:
  Renderer(const DiagnosticEngine &e, std::ostream &os, bool color)
      : sm_(e.sourceManager()), os_(os), color_(color) {}

  void diagnostic(const Diagnostic &d) {
    bool error = d.severity == Severity::Error, warning = d.severity == Severity::Warning;
    location(d.range, true);
    paint(error ? kRed : warning ? kMagenta : kCyan, error ? "error:" : warning ? "warning:" : "note:");
    os_ << " ";
    paint(kBold, sanitize(d.message) + " [" + std::string(diagCode(d.id)) + "]");
    os_ << "\n";
    snippet(d.range, d.highlights);
    for (const Note &n : d.notes) {
      // A note without a location stays unprefixed: "note: searched in: ...".
      location(n.range, false);
      paint(kCyan, "note:");
      os_ << " " << sanitize(n.message) << "\n";
      snippet(n.range, {});
    }
    if (!d.help.empty()) {
      paint(kGreen, "help:");
      os_ << " " << sanitize(d.help) << "\n";
      fixedLine(d);
    }
  }

private:
  void paint(const char *c, const std::string &s) {
    if (color_)
      os_ << c << s << kReset;
    else
      os_ << s;
  }

  /// "path:line:col: ", or "bdlc: " for a located-nowhere diagnostic.
  void location(support::SourceRange r, bool toolPrefix) {
    if (!r.valid()) {
      if (toolPrefix) {
        paint(kBold, "bdlc:");
        os_ << " ";
      }
      return;
    }
    support::LineCol lc = sm_.lineCol(r.file, r.begin);
    paint(kBold,
          sanitize(sm_.path(r.file)) + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + ":");
    os_ << " ";
  }

  /// Like clang's `%5u | `, but wide enough for any line number so that the
  /// marker line below still aligns.
  static std::size_t gutterWidth(unsigned line) {
    return std::max<std::size_t>(5, std::to_string(line).size());
  }

  void snippet(support::SourceRange r, const std::vector<support::SourceRange> &highlights) {
    if (!r.valid()) return;
    unsigned line = sm_.lineCol(r.file, r.begin).line;
    std::uint32_t lineStart = sm_.offsetOf(r.file, line, 1);
    std::string_view raw = sm_.lineText(r.file, line);
    std::uint32_t lineEnd = lineStart + static_cast<std::uint32_t>(raw.size());
    Cells cells = decode(raw);
    // Offsets past the end of the line (its newline, or beyond the file) map
    // to the cell just after the last character.
    auto cellAt = [&](std::uint32_t off) {
      return off <= lineStart ? 0 : off >= lineEnd ? cells.count() : cells.cellOf[off - lineStart];
    };
    std::size_t caret = cellAt(r.begin);
    std::string marks;
    for (std::size_t k = 0; k <= std::max(caret, cells.count()); ++k)
      marks += k < cells.count() && cells.tab[k] ? '\t' : ' ';
    // Only the part of each range on the caret's line is underlined.
    auto underline = [&](support::SourceRange h) {
      if (!h.valid() || h.file != r.file || h.end <= h.begin || h.end <= lineStart || h.begin > lineEnd)
        return;
      for (std::size_t k = cellAt(h.begin); k < cellAt(h.end); ++k)
        marks[k] = '~';
    };
    for (const support::SourceRange &h : highlights)
      underline(h);
    underline(r);
    marks[caret] = '^';
    marks.erase(marks.find_last_not_of(' ') + 1);

    std::string shown = window(cells, caret, &marks);
    std::string num = std::to_string(line);
    std::size_t width = gutterWidth(line);
    os_ << std::string(width - num.size(), ' ') << num << " | " << shown << "\n";
    os_ << std::string(width, ' ') << " | ";
    paint(kGreen, marks);
    os_ << "\n";
  }

  /// Shows the caret's line with the fix-its on that line applied. Fix-its on
  /// other lines (or overlapping an earlier one) are left to the JSON form.
  void fixedLine(const Diagnostic &d) {
    if (d.fixits.empty() || !d.range.valid()) return;
    unsigned line = sm_.lineCol(d.range.file, d.range.begin).line;
    std::uint32_t lineStart = sm_.offsetOf(d.range.file, line, 1);
    std::string_view raw = sm_.lineText(d.range.file, line);
    std::uint32_t lineEnd = lineStart + static_cast<std::uint32_t>(raw.size());
    std::vector<FixIt> onLine;
    for (const FixIt &f : d.fixits)
      if (f.range.file == d.range.file && f.range.begin >= lineStart && f.range.end <= lineEnd &&
          f.range.begin <= f.range.end)
        onLine.push_back(f);
    std::stable_sort(onLine.begin(), onLine.end(),
                     [](const FixIt &a, const FixIt &b) { return a.range.begin < b.range.begin; });
    std::string out;
    std::uint32_t pos = lineStart;
    bool applied = false;
    for (const FixIt &f : onLine) {
      if (f.range.begin < pos) continue;
      out.append(raw.substr(pos - lineStart, f.range.begin - pos));
      out += f.replacement;
      pos = f.range.end;
      applied = true;
    }
    if (!applied) return;
    out.append(raw.substr(pos - lineStart));
    Cells cells = decode(out);
    std::size_t first = onLine.front().range.begin - lineStart; // unchanged bytes before the first fix
    os_ << std::string(gutterWidth(line), ' ') << " | " << window(cells, cells.cellOf[first], nullptr) << "\n";
  }

  /// The line, or for a long one the window around `caret` with "..." for
  /// what is left out; `marks` (one per cell) is cut to match.
  static std::string window(const Cells &cells, std::size_t caret, std::string *marks) {
    if (cells.count() <= kLongLineCells) return cells.text;
    // Starts a third of itself before the caret, kept inside the line.
    std::size_t from = caret > kWindowCells / 3 ? caret - kWindowCells / 3 : 0;
    from = std::min(from, cells.count() - kWindowCells);
    std::size_t to = from + kWindowCells;
    if (marks) {
      *marks = (from > 0 ? "   " : "") + marks->substr(std::min(from, marks->size()), to - from);
      marks->erase(marks->find_last_not_of(' ') + 1);
    }
    return (from > 0 ? "..." : "") + cells.text.substr(cells.textAt[from], cells.textAt[to] - cells.textAt[from]) +
           (to < cells.count() ? "..." : "");
  }

  const support::SourceManager &sm_;
  std::ostream &os_;
  bool color_;
};

std::string plural(unsigned n, const char *what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

} // namespace

void renderText(const DiagnosticEngine &engine, std::ostream &os, bool color) {
  std::vector<Diagnostic> ds = engine.sorted();
  if (ds.empty()) return;
  Renderer r(engine, os, color);
  // Counted from the list, so the error-limit marker is included, as clang
  // counts its fatal "too many errors": 20 kept + 1 marker = "21 errors".
  unsigned errors = 0, warnings = 0;
  for (const Diagnostic &d : ds) {
    r.diagnostic(d);
    errors += d.severity == Severity::Error;
    warnings += d.severity == Severity::Warning;
  }
  if (errors && warnings)
    os << plural(errors, "error") << " and " << plural(warnings, "warning") << " generated.\n";
  else if (errors)
    os << plural(errors, "error") << " generated.\n";
  else if (warnings)
    os << plural(warnings, "warning") << " generated.\n";
}

} // namespace bdl::diag
