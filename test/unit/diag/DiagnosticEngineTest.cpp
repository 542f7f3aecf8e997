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
  for (int i = 0; i < 50; ++i)
    d.report(DiagId::E0201, {}, {"x"});
  EXPECT_EQ(d.errorCount(), 50u);
  EXPECT_FALSE(d.limitReached());
}

TEST(DiagnosticEngine, DefaultLimitAddsE0903AtTheTwentyFirstError) {
  support::SourceManager sm;
  auto f = sm.addBuffer("l.bdl", std::string(100, 'x'));
  DiagnosticEngine d(sm);
  for (std::uint32_t i = 0; i < 20; ++i)
    d.report(DiagId::E0201, {f, 50 + i, 51 + i}, {"x"});
  EXPECT_FALSE(d.limitReached());
  // The 21st error is replaced by the marker, at its range; later ones vanish,
  // and so do warnings: the user is told that nothing more is reported.
  d.report(DiagId::E0201, {f, 3, 4}, {"dropped"})
      .highlight({f, 0, 1})
      .note({f, 0, 1}, "n")
      .help("h")
      .fixit({f, 0, 1}, "y");
  d.report(DiagId::E0201, {f, 4, 5}, {"dropped too"}).note({}, "n");
  d.report(DiagId::W0904, {f, 5, 5});
  ASSERT_EQ(d.all().size(), 21u);
  const Diagnostic &marker = d.all()[20];
  EXPECT_EQ(marker.id, DiagId::E0903);
  EXPECT_EQ(marker.severity, Severity::Error);
  EXPECT_EQ(marker.message, "too many errors emitted (20); stopping now");
  EXPECT_EQ(marker.range, (support::SourceRange{f, 3, 4}));
  EXPECT_TRUE(marker.highlights.empty() && marker.notes.empty() && marker.help.empty() &&
              marker.fixits.empty());
  EXPECT_TRUE(d.limitReached());
  EXPECT_TRUE(d.hasErrors());
  EXPECT_EQ(d.errorCount(), 20u);
  EXPECT_EQ(d.warningCount(), 0u);
  // Its range is earlier than every kept error, yet it closes the sorted list.
  EXPECT_EQ(d.sorted().back().id, DiagId::E0903);
}

TEST(DiagnosticEngine, DropsDuplicatesOnlyWhenAsked) {
  support::SourceManager sm;
  auto f = sm.addBuffer("a.bdl", "0123456789");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {f, 1, 2}, {"x"});
  d.report(DiagId::E0201, {f, 1, 2}, {"x"});
  EXPECT_EQ(d.errorCount(), 2u);
  d.clear();
  d.setDropDuplicates(true);
  d.report(DiagId::E0201, {f, 1, 2}, {"x"}).note({}, "kept");
  d.report(DiagId::E0201, {f, 1, 2}, {"x"}).note({}, "dropped with its diagnostic");
  d.report(DiagId::E0201, {f, 1, 2}, {"y"}); // another message
  d.report(DiagId::E0201, {f, 2, 3}, {"x"}); // another range
  d.report(DiagId::E0905, {f, 1, 2}, {"x"}); // another code
  ASSERT_EQ(d.all().size(), 4u);
  EXPECT_EQ(d.errorCount(), 4u);
  ASSERT_EQ(d.all()[0].notes.size(), 1u);
  EXPECT_EQ(d.all()[0].notes[0].message, "kept");
}

TEST(DiagnosticEngine, WarningsDoNotCountTowardTheLimit) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.setErrorLimit(2);
  d.report(DiagId::W0904, {});
  d.report(DiagId::E0201, {}, {"a"});
  d.report(DiagId::W0904, {});
  d.report(DiagId::E0201, {}, {"b"});
  EXPECT_FALSE(d.limitReached());
  EXPECT_EQ(d.all().size(), 4u);
  EXPECT_EQ(d.warningCount(), 2u);
}

TEST(DiagnosticEngine, ClearForgetsEverything) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.setErrorLimit(1);
  d.report(DiagId::E0201, {}, {"a"});
  d.report(DiagId::E0201, {}, {"b"});
  EXPECT_TRUE(d.limitReached());
  d.clear();
  EXPECT_TRUE(d.all().empty());
  EXPECT_FALSE(d.limitReached());
  EXPECT_FALSE(d.hasErrors());
  EXPECT_EQ(d.warningCount(), 0u);
  d.report(DiagId::E0201, {}, {"c"}).help("still works");
  ASSERT_EQ(d.all().size(), 1u);
  EXPECT_EQ(d.all()[0].help, "still works");
}

TEST(DiagnosticEngine, SortIsStableForEqualPositions) {
  support::SourceManager sm;
  auto f = sm.addBuffer("s.bdl", "abc");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {f, 1, 2}, {"first"});
  d.report(DiagId::E0201, {f, 0, 1}, {"earlier"});
  d.report(DiagId::E0201, {f, 1, 3}, {"second"});
  d.report(DiagId::E0201, {}, {"nowhere"});
  auto s = d.sorted();
  EXPECT_EQ(s[0].message, "use of undeclared name 'nowhere'");
  EXPECT_EQ(s[1].message, "use of undeclared name 'earlier'");
  EXPECT_EQ(s[2].message, "use of undeclared name 'first'");
  EXPECT_EQ(s[3].message, "use of undeclared name 'second'");
  // all() keeps the order of reporting.
  EXPECT_EQ(d.all()[0].message, "use of undeclared name 'first'");
}

TEST(DiagnosticEngine, SubstitutesEveryPlaceholderAndRepeats) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.report(DiagId::E0416, {}, {"Na", "v", "its voltage", "N", "has none"});
  d.report(DiagId::E0402, {}, {"w", "a parameter"});
  d.report(DiagId::E0704, {}, {"0", "10", "v", "5"});
  EXPECT_EQ(d.all()[0].message, "channel 'Na' uses 'v' as its voltage, but neuron 'N' has none");
  EXPECT_EQ(d.all()[1].message, "'dw/dt' needs 'w' to be a state, but it is a parameter");
  EXPECT_EQ(d.all()[2].message, "slice [0:10] is out of range for 'v' of size 5");
}

TEST(DiagnosticEngine, BuilderIgnoresInvalidHighlightsAndEmptyHelp) {
  support::SourceManager sm;
  auto f = sm.addBuffer("b.bdl", "x");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {f, 0, 1}, {"x"}).highlight({}).fixit({}, "y").help("");
  const Diagnostic &g = d.all()[0];
  EXPECT_TRUE(g.highlights.empty());
  EXPECT_TRUE(g.fixits.empty());
  EXPECT_TRUE(g.help.empty());
}
