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
  d.report(DiagId::E0304, {f, 15, 16}, {"x", "voltage", "dimensionless"}).help("add a unit").fixit({f, 16, 16}, " mV");
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
  EXPECT_NE(out.find("e.bdl:1:3: error: missing [E0101]\n    1 | ab\n      |   ^\n"), std::string::npos) << out;
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
