// SPDX-License-Identifier: Apache-2.0
//===- DiagnosticEngineTest.cpp - registry, formatting, sorting, limits ----===//
#include "diag/DiagnosticEngine.h"

#include <gtest/gtest.h>

using namespace bdl;
using namespace bdl::diag;

TEST(DiagnosticEngine, RegistryKnowsCodesAndSeverities) {
  EXPECT_EQ(diagCode(DiagId::E0301), "E0301");
  EXPECT_EQ(diagSeverity(DiagId::E0301), Severity::Error);
  EXPECT_EQ(diagSeverity(DiagId::W0904), Severity::Warning);
  EXPECT_EQ(diagFormat(DiagId::E0201), "use of undeclared name '{0}'");
}

TEST(DiagnosticEngine, SubstitutesArgumentsAndCounts) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.report(DiagId::E0301, {}, {"add", "voltage", "time"});
  d.report(DiagId::W0904, {});
  ASSERT_EQ(d.all().size(), 2u);
  EXPECT_EQ(d.all()[0].message, "cannot add voltage and time");
  EXPECT_EQ(d.errorCount(), 1u);
  EXPECT_EQ(d.warningCount(), 1u);
  EXPECT_TRUE(d.hasErrors());
}

TEST(DiagnosticEngine, MissingArgumentsBecomeEmpty) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {});
  EXPECT_EQ(d.all()[0].message, "use of undeclared name ''");
}

TEST(DiagnosticEngine, SortsByFileAndOffset) {
  support::SourceManager sm;
  auto a = sm.addBuffer("a.bdl", "0123456789");
  auto b = sm.addBuffer("b.bdl", "0123456789");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {b, 1, 2}, {"b1"});
  d.report(DiagId::E0201, {a, 5, 6}, {"a5"});
  d.report(DiagId::E0201, {a, 2, 3}, {"a2"});
  d.report(DiagId::E0901, {}, {"x", "y"});
  auto s = d.sorted();
  EXPECT_EQ(s[0].id, DiagId::E0901);
  EXPECT_EQ(s[1].message, "use of undeclared name 'a2'");
  EXPECT_EQ(s[2].message, "use of undeclared name 'a5'");
  EXPECT_EQ(s[3].message, "use of undeclared name 'b1'");
}

TEST(DiagnosticEngine, ErrorLimitAddsOneMarkerAndDropsTheRest) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.setErrorLimit(3);
  for (int i = 0; i < 10; ++i)
    d.report(DiagId::E0201, {}, {std::to_string(i)}).note({}, "ignored after the limit").help("h");
  ASSERT_EQ(d.all().size(), 4u);
  EXPECT_EQ(d.all()[3].id, DiagId::E0903);
  EXPECT_EQ(d.all()[3].message, "too many errors emitted (3); stopping now");
  EXPECT_TRUE(d.limitReached());
  EXPECT_EQ(d.errorCount(), 3u);
  EXPECT_TRUE(d.all()[3].notes.empty());
}

TEST(DiagnosticEngine, BuilderAttachesNotesHelpAndFixits) {
  support::SourceManager sm;
  auto f = sm.addBuffer("a.bdl", "param x = 1");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0304, {f, 10, 11}, {"x", "voltage", "dimensionless"})
      .highlight({f, 6, 7})
      .note({f, 6, 7}, "'x' declared here")
      .help("add a unit")
      .fixit({f, 11, 11}, " mV");
  const Diagnostic &g = d.all()[0];
  EXPECT_EQ(g.highlights.size(), 1u);
  EXPECT_EQ(g.notes[0].message, "'x' declared here");
  EXPECT_EQ(g.help, "add a unit");
  EXPECT_EQ(g.fixits[0].replacement, " mV");
}

TEST(DiagnosticEngine, UnlimitedWhenLimitIsZero) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.setErrorLimit(0);
  for (int i = 0; i < 50; ++i) d.report(DiagId::E0201, {}, {"x"});
  EXPECT_EQ(d.errorCount(), 50u);
  EXPECT_FALSE(d.limitReached());
}
