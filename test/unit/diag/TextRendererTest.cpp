// SPDX-License-Identifier: Apache-2.0
//===- TextRendererTest.cpp - exact clang-style output ----------------------===//
#include "diag/DiagnosticEngine.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace bdl;
using namespace bdl::diag;

namespace {
std::string render(const DiagnosticEngine &d) {
  std::ostringstream os;
  renderText(d, os, false);
  return os.str();
}
} // namespace

TEST(TextRenderer, CaretOperandsNoteAndHelp) {
  support::SourceManager sm;
  auto f = sm.addBuffer("coba.bdl", "neuron N {\n  dv/dt = (v + g) / tau\n}\n");
  DiagnosticEngine d(sm);
  // `+` at byte 24; `v` at 22, `g` at 26.
  d.report(DiagId::E0301, {f, 24, 25}, {"add", "voltage", "conductance"})
      .highlight({f, 22, 23})
      .highlight({f, 26, 27})
      .note({f, 22, 23}, "'v' declared here")
      .help("check the units");
  EXPECT_EQ(render(d), "coba.bdl:2:14: error: cannot add voltage and conductance [E0301]\n"
                       "    2 |   dv/dt = (v + g) / tau\n"
                       "      |            ~ ^ ~\n"
                       "coba.bdl:2:12: note: 'v' declared here\n"
                       "    2 |   dv/dt = (v + g) / tau\n"
                       "      |            ^\n"
                       "help: check the units\n"
                       "1 error generated.\n");
}

TEST(TextRenderer, ColumnsCountCodePoints) {
  support::SourceManager sm;
  auto f = sm.addBuffer("u.bdl", "x = 1 µS + y\n");
  DiagnosticEngine d(sm);
  // '+' is byte 10 (µ takes two bytes) but column 10.
  d.report(DiagId::E0201, {f, 10, 11}, {"+"});
  std::string out = render(d);
  EXPECT_NE(out.find("u.bdl:1:10:"), std::string::npos) << out;
  EXPECT_NE(out.find("      |          ^\n"), std::string::npos) << out;
}

TEST(TextRenderer, TabsAlignAndFixitsApply) {
  support::SourceManager sm;
  auto f = sm.addBuffer("t.bdl", "\tparam x: mV = 5\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0304, {f, 15, 16}, {"x", "voltage", "dimensionless"})
      .help("add a unit")
      .fixit({f, 16, 16}, " mV");
  std::string out = render(d);
  EXPECT_NE(out.find("      | \t              ^\n"), std::string::npos) << out;
  EXPECT_NE(out.find("help: add a unit\n      | \tparam x: mV = 5 mV\n"), std::string::npos) << out;
}

TEST(TextRenderer, EmptyAndPastTheEndRanges) {
  support::SourceManager sm;
  auto f = sm.addBuffer("e.bdl", "ab\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0101, {f, 2, 2}, {"missing"});
  std::string out = render(d);
  EXPECT_NE(out.find("e.bdl:1:3: error: missing [E0101]\n    1 | ab\n      |   ^\n"), std::string::npos)
      << out;
}

TEST(TextRenderer, NoLocationAndWarningsSummary) {
  support::SourceManager sm;
  auto f = sm.addBuffer("w.bdl", "");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0901, {}, {"x.bdl", "no such file"});
  d.report(DiagId::W0904, {f, 0, 0});
  d.report(DiagId::W0904, {f, 0, 0});
  std::string out = render(d);
  EXPECT_EQ(out.rfind("bdlc: error: cannot read 'x.bdl': no such file [E0901]\n", 0), 0u) << out;
  EXPECT_NE(out.find("1 error and 2 warnings generated.\n"), std::string::npos) << out;
}

TEST(TextRenderer, InvalidUtf8IsReplaced) {
  support::SourceManager sm;
  auto f = sm.addBuffer("b.bdl", std::string("x \xff y\n"));
  DiagnosticEngine d(sm);
  d.report(DiagId::E0102, {f, 2, 3}, {"?"});
  std::string out = render(d);
  EXPECT_NE(out.find("    1 | x ? y\n"), std::string::npos) << out;
}

TEST(TextRenderer, NothingWhenClean) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  EXPECT_EQ(render(d), "");
}

TEST(TextRenderer, ColourOnlyWhenAsked) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.report(DiagId::E0901, {}, {"x", "y"});
  std::ostringstream os;
  renderText(d, os, true);
  EXPECT_NE(os.str().find("\033[1;31merror:"), std::string::npos);
  EXPECT_EQ(render(d).find('\033'), std::string::npos);
}

TEST(TextRenderer, NoteWithoutLocationHasNoPrefix) {
  support::SourceManager sm;
  auto f = sm.addBuffer("n.bdl", "x\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0206, {f, 0, 1}, {"m"}).note({}, "searched in: a, b");
  std::string out = render(d);
  EXPECT_NE(out.find("      | ^\nnote: searched in: a, b\n"), std::string::npos) << out;
}

namespace {
/// Byte range of 1-based `line`, code-point columns [col, col + len).
support::SourceRange at(const support::SourceManager &sm, support::FileId f, unsigned line, unsigned col,
                        unsigned len = 1) {
  return {f, sm.offsetOf(f, line, col), sm.offsetOf(f, line, col + len)};
}
} // namespace

TEST(TextRenderer, ReferenceExampleWholeOutput) {
  support::SourceManager sm;
  auto f = sm.addBuffer("coba.bdl", "neuron Coba {\n"
                                    "  param tau: ms = 10 ms\n"
                                    "  param E: mV = 0 mV\n"
                                    "  state v: mV = -65 mV\n"
                                    "  state g: nS = 0 nS\n"
                                    "\n"
                                    "\n"
                                    "\n"
                                    "\n"
                                    "\n"
                                    "\n"
                                    "  dv/dt = (v + g) / tau\n"
                                    "}\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0301, at(sm, f, 12, 14),
           {"add", "voltage [kg m^2 s^-3 A^-1]", "conductance [kg^-1 m^-2 s^3 A^2]"})
      .highlight(at(sm, f, 12, 12))
      .highlight(at(sm, f, 12, 16))
      .note(at(sm, f, 5, 9), "'g' declared here")
      .help("insert ' mV'")
      // On another line than the caret: shown in JSON only, not as a fixed line.
      .fixit(at(sm, f, 5, 21, 0), " mV");
  EXPECT_EQ(
      render(d),
      "coba.bdl:12:14: error: cannot add voltage [kg m^2 s^-3 A^-1] and conductance [kg^-1 m^-2 s^3 A^2] "
      "[E0301]\n"
      "   12 |   dv/dt = (v + g) / tau\n"
      "      |            ~ ^ ~\n"
      "coba.bdl:5:9: note: 'g' declared here\n"
      "    5 |   state g: nS = 0 nS\n"
      "      |         ^\n"
      "help: insert ' mV'\n"
      "1 error generated.\n");
}

TEST(TextRenderer, FixitsOnTheCaretLineAreApplied) {
  support::SourceManager sm;
  auto f = sm.addBuffer("f.bdl", "x = a + b\ny\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {f, 4, 5}, {"a"})
      .help("fix it")
      .fixit({f, 9, 9}, " mV")
      .fixit({f, 4, 5}, "aa")
      .fixit({f, 4, 6}, "overlaps and is skipped")
      .fixit({f, 10, 11}, "other line");
  std::string out = render(d);
  EXPECT_NE(out.find("help: fix it\n      | x = aa + b mV\n1 error generated.\n"), std::string::npos) << out;
}

TEST(TextRenderer, NoFixedLineWithoutFixitsOnTheCaretLine) {
  support::SourceManager sm;
  auto f = sm.addBuffer("f.bdl", "x\ny\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {f, 0, 1}, {"x"}).help("h").fixit({f, 2, 3}, "z");
  EXPECT_NE(render(d).find("help: h\n1 error generated.\n"), std::string::npos) << render(d);
}

TEST(TextRenderer, MultiLineRangeIsUnderlinedOnTheCaretLineOnly) {
  support::SourceManager sm;
  auto f = sm.addBuffer("m.bdl", "  ab\ncd\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {f, 2, 7}, {"x"}).highlight({f, 5, 6}).highlight({f, 0, 1});
  std::string out = render(d);
  EXPECT_NE(out.find("    1 |   ab\n      | ~ ^~\n"), std::string::npos) << out;
}

TEST(TextRenderer, PastTheEndOfFileAndCarriageReturns) {
  support::SourceManager sm;
  auto f = sm.addBuffer("p.bdl", "ab");
  auto g = sm.addBuffer("crlf.bdl", "ab\r\ncd\r\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0105, {f, 7, 9});
  d.report(DiagId::E0101, {g, 2, 3}, {"at the carriage return"});
  std::string out = render(d);
  EXPECT_NE(out.find("p.bdl:1:3: error: unterminated string literal [E0105]\n    1 | ab\n      |   ^\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("crlf.bdl:1:3: error: at the carriage return [E0101]\n    1 | ab\n      |   ^\n"),
            std::string::npos)
      << out;
}

TEST(TextRenderer, InvalidBytesKeepTheCaretAligned) {
  support::SourceManager sm;
  // A stray continuation byte and a truncated 3-byte sequence print as '?',
  // one cell per byte, and the caret follows the printed text.
  auto f = sm.addBuffer("b.bdl", std::string("x \x80 \xe2\x82 y\n"));
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {f, 7, 8}, {"y"});
  std::string out = render(d);
  EXPECT_NE(out.find("    1 | x ? ?? y\n      |        ^\n"), std::string::npos) << out;
}

TEST(TextRenderer, UnderlineSpansMultiByteCharacters) {
  support::SourceManager sm;
  auto f = sm.addBuffer("u.bdl", "g = 5 µS\n");
  DiagnosticEngine d(sm);
  // The whole `5 µS` literal: bytes 4..9, code points 5..8.
  d.report(DiagId::E0304, {f, 4, 9}, {"g", "conductance", "x"});
  std::string out = render(d);
  EXPECT_NE(out.find("u.bdl:1:5: error:"), std::string::npos) << out;
  EXPECT_NE(out.find("    1 | g = 5 µS\n      |     ^~~~\n"), std::string::npos) << out;
}

TEST(TextRenderer, WideLineNumbersKeepTheGutterAligned) {
  support::SourceManager sm;
  auto f = sm.addBuffer("big.bdl", std::string(99999, '\n') + "zz\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, at(sm, f, 100000, 2), {"z"});
  std::string out = render(d);
  EXPECT_NE(out.find("big.bdl:100000:2: error:"), std::string::npos) << out;
  EXPECT_NE(out.find("100000 | zz\n       |  ^\n"), std::string::npos) << out;
}

TEST(TextRenderer, SummaryLines) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.report(DiagId::W0904, {});
  EXPECT_NE(render(d).find("\n1 warning generated.\n"), std::string::npos);
  d.report(DiagId::W0904, {});
  EXPECT_NE(render(d).find("\n2 warnings generated.\n"), std::string::npos);
  d.clear();
  for (int i = 0; i < 3; ++i)
    d.report(DiagId::E0201, {}, {"x"});
  EXPECT_NE(render(d).find("\n3 errors generated.\n"), std::string::npos);
  d.report(DiagId::W0904, {});
  EXPECT_NE(render(d).find("\n3 errors and 1 warning generated.\n"), std::string::npos);
}

TEST(TextRenderer, WarningsAndNotesInOtherFiles) {
  support::SourceManager sm;
  auto f = sm.addBuffer("main.bdl", "import lib\n");
  auto g = sm.addBuffer("lib.bdl", "\n  x\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::W0904, {f, 0, 6}).note({g, 3, 4}, "from here");
  EXPECT_EQ(render(d), "main.bdl:1:1: warning: file is empty [W0904]\n"
                       "    1 | import lib\n"
                       "      | ^~~~~~\n"
                       "lib.bdl:2:3: note: from here\n"
                       "    2 |   x\n"
                       "      |   ^\n"
                       "1 warning generated.\n");
}

TEST(TextRenderer, ColoursEachPart) {
  support::SourceManager sm;
  auto f = sm.addBuffer("c.bdl", "x\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::W0904, {f, 0, 1}).note({f, 0, 1}, "n");
  std::ostringstream os;
  renderText(d, os, true);
  std::string out = os.str();
  EXPECT_NE(out.find("\033[1mc.bdl:1:1:\033[0m \033[1;35mwarning:\033[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\033[1;36mnote:\033[0m n"), std::string::npos) << out;
  EXPECT_NE(out.find("      | \033[1;32m^\033[0m\n"), std::string::npos) << out;
}

TEST(TextRenderer, ControlCharactersInUserTextAreNeutralised) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {}, {"\033[2Jx"}).note({}, "\033]0;title\007");
  std::string out = render(d);
  EXPECT_EQ(out.find('\033'), std::string::npos) << out;
  EXPECT_NE(out.find("use of undeclared name '?[2Jx'"), std::string::npos) << out;
}
