// SPDX-License-Identifier: Apache-2.0
//===- VerifierTest.cpp - expected-error directives ------------------------===//
#include "diag/DiagnosticEngine.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace bdl;
using namespace bdl::diag;

namespace {
struct Fixture {
  support::SourceManager sm;
  support::FileId f;
  DiagnosticEngine d{sm};
  explicit Fixture(std::string text) { f = sm.addBuffer("v.bdl", std::move(text)); }
  /// Reports E0201 for `name` at the start of 1-based `line`.
  void at(unsigned line, const char *name) {
    std::uint32_t off = sm.offsetOf(f, line, 1);
    d.report(DiagId::E0201, {f, off, off + 1}, {name});
  }
  bool verify(std::string *out = nullptr) {
    std::ostringstream os;
    bool ok = verifyDiagnostics(d, f, os);
    if (out) *out = os.str();
    return ok;
  }
};
} // namespace

TEST(Verifier, RelativeAbsoluteAndSameLine) {
  Fixture t("// expected-error@+1 {{undeclared name 'a' [E0201]}}\n"
            "x\n"
            "y // expected-error {{'b'}}\n"
            "// expected-error@5 {{'c'}}\n"
            "z\n"
            "w\n"
            "// expected-error@-1 {{'d'}}\n");
  t.at(2, "a");
  t.at(3, "b");
  t.at(5, "c");
  t.at(6, "d");
  std::string out;
  EXPECT_TRUE(t.verify(&out)) << out;
}

TEST(Verifier, MissingAndUnexpected) {
  Fixture t("// expected-error@+1 {{'a'}}\nx\ny\n");
  t.at(3, "b");
  std::string out;
  EXPECT_FALSE(t.verify(&out));
  EXPECT_NE(out.find("expected but not seen"), std::string::npos) << out;
  EXPECT_NE(out.find("line 2: error: 'a'"), std::string::npos) << out;
  EXPECT_NE(out.find("seen but not expected"), std::string::npos) << out;
  EXPECT_NE(out.find("line 3: error: use of undeclared name 'b' [E0201]"), std::string::npos) << out;
}

TEST(Verifier, EachDiagnosticSatisfiesOneDirective) {
  Fixture t("// expected-error@+1 {{'a'}}\n// expected-error@+0 {{'a'}}\nx\n");
  // Two directives name line 2/3 differently; only one diagnostic on line 2.
  t.at(2, "a");
  EXPECT_FALSE(t.verify());
}

TEST(Verifier, NotesAreCheckedOnlyWhenExpected) {
  Fixture t("x // expected-error {{'a'}}\n"
            "y // expected-note {{declared here}}\n");
  std::uint32_t y = t.sm.offsetOf(t.f, 2, 1);
  t.at(1, "a");
  EXPECT_FALSE(t.verify());
  Fixture u("x // expected-error {{'a'}}\n"
            "y // expected-note {{declared here}}\n");
  std::uint32_t ux = u.sm.offsetOf(u.f, 1, 1);
  u.d.report(DiagId::E0201, {u.f, ux, ux + 1}, {"a"}).note({u.f, y, y + 1}, "'a' declared here");
  EXPECT_TRUE(u.verify());
}

TEST(Verifier, MalformedDirectiveFails) {
  Fixture t("// expected-error@+1 'a'\nx\n");
  std::string out;
  EXPECT_FALSE(t.verify(&out));
  EXPECT_NE(out.find("invalid expected-error directive at line 1"), std::string::npos) << out;
}

TEST(Verifier, NoDirectivesAndNoDiagnosticsPasses) {
  Fixture t("// expected-no-diagnostics\nneuron N {}\n");
  EXPECT_TRUE(t.verify());
  t.at(2, "q");
  EXPECT_FALSE(t.verify());
}

TEST(Verifier, ErrorsInOtherFilesAreUnexpected) {
  Fixture t("x\n");
  auto other = t.sm.addBuffer("lib.bdl", "y\n");
  t.d.report(DiagId::E0201, {other, 0, 1}, {"y"});
  std::string out;
  EXPECT_FALSE(t.verify(&out));
  EXPECT_NE(out.find("lib.bdl:1"), std::string::npos) << out;
}

TEST(Verifier, ReportFormat) {
  Fixture t("// expected-error@+1 {{'a'}}\nx\ny\n");
  t.at(3, "b");
  std::string out;
  EXPECT_FALSE(t.verify(&out));
  EXPECT_EQ(out, "error: diagnostics expected but not seen:\n"
                 "  line 2: error: 'a'\n"
                 "error: diagnostics seen but not expected:\n"
                 "  line 3: error: use of undeclared name 'b' [E0201]\n");
}

TEST(Verifier, SeveralDirectivesOnOneLine) {
  Fixture t("x // expected-error {{'a'}} expected-error {{'b'}} expected-warning{{empty}}\n");
  t.at(1, "b");
  t.at(1, "a");
  t.d.report(DiagId::W0904, {t.f, 0, 0});
  std::string out;
  EXPECT_TRUE(t.verify(&out)) << out;
}

TEST(Verifier, MatchingIsNotFirstFit) {
  // Reported in this order, a first-fit match would give "undeclared name 'a'"
  // to {{'a'}} and then fail on "redefinition of 'a'".
  Fixture t("// expected-error@+2 {{'a'}}\n"
            "// expected-error@+1 {{undeclared name 'a'}}\n"
            "a\n");
  t.at(3, "a");
  std::uint32_t off = t.sm.offsetOf(t.f, 3, 1);
  t.d.report(DiagId::E0202, {t.f, off, off + 1}, {"a"});
  std::string out;
  EXPECT_TRUE(t.verify(&out)) << out;
}

TEST(Verifier, SeverityMustMatch) {
  Fixture t("x // expected-warning {{'a'}}\n");
  t.at(1, "a");
  std::string out;
  EXPECT_FALSE(t.verify(&out));
  EXPECT_NE(out.find("line 1: warning: 'a'"), std::string::npos) << out;
  EXPECT_NE(out.find("line 1: error: use of undeclared name 'a'"), std::string::npos) << out;
}

TEST(Verifier, UnexpectedWarningsFail) {
  Fixture t("x\n");
  t.d.report(DiagId::W0904, {t.f, 0, 0});
  std::string out;
  EXPECT_FALSE(t.verify(&out));
  EXPECT_NE(out.find("line 1: warning: file is empty [W0904]"), std::string::npos) << out;
}

TEST(Verifier, ExpectedNoteMustBeOnItsLine) {
  Fixture t("x // expected-error {{'a'}}\n"
            "y\n"
            "z // expected-note {{declared here}}\n");
  std::uint32_t x = t.sm.offsetOf(t.f, 1, 1), y = t.sm.offsetOf(t.f, 2, 1);
  t.d.report(DiagId::E0201, {t.f, x, x + 1}, {"a"}).note({t.f, y, y + 1}, "'a' declared here");
  std::string out;
  EXPECT_FALSE(t.verify(&out));
  EXPECT_NE(out.find("line 3: note: declared here"), std::string::npos) << out;
  // The unclaimed note on line 2 is not itself a failure.
  EXPECT_EQ(out.find("seen but not expected"), std::string::npos) << out;
}

TEST(Verifier, NotesOfDiagnosticsInOtherFilesCount) {
  Fixture t("param x // expected-note {{first declared}}\n");
  auto other = t.sm.addBuffer("lib.bdl", "param x\n");
  t.d.report(DiagId::W0904, {other, 6, 7}).note({t.f, 6, 7}, "first declared here");
  std::string out;
  // A warning in another file is not this test's business.
  EXPECT_TRUE(t.verify(&out)) << out;
}

TEST(Verifier, ErrorLimitMarkerIsAnOrdinaryError) {
  Fixture t("a // expected-error {{'a'}}\n"
            "b // expected-error {{too many errors emitted (1); stopping now [E0903]}}\n"
            "c\n");
  t.d.setErrorLimit(1);
  t.at(1, "a");
  t.at(2, "b");
  t.at(3, "c");
  std::string out;
  EXPECT_TRUE(t.verify(&out)) << out;
}

TEST(Verifier, ExpectedNoDiagnostics) {
  Fixture t("// expected-no-diagnostics\nx\n");
  t.d.report(DiagId::W0904, {t.f, 0, 0});
  EXPECT_FALSE(t.verify());
  Fixture u("// expected-no-diagnostics\n// expected-error@+1 {{'a'}}\nx\n");
  u.at(3, "a");
  std::string out;
  EXPECT_FALSE(u.verify(&out));
  EXPECT_NE(out.find("cannot be combined"), std::string::npos) << out;
}

TEST(Verifier, NoDirectivesButDiagnosticsFails) {
  Fixture t("x\n");
  t.at(1, "x");
  EXPECT_FALSE(t.verify());
  t.d.clear();
  EXPECT_TRUE(t.verify());
}

TEST(Verifier, UnlocatedErrorsAreUnexpected) {
  Fixture t("x\n");
  t.d.report(DiagId::E0901, {}, {"y.bdl", "gone"});
  std::string out;
  EXPECT_FALSE(t.verify(&out));
  EXPECT_NE(out.find("(no location): error: cannot read 'y.bdl': gone [E0901]"), std::string::npos) << out;
}

TEST(Verifier, MalformedDirectiveKinds) {
  struct Case {
    const char *text, *why;
  } cases[] = {
      {"// expected-error@+1 {{'a'\nx\n", "missing '}}'"},
      {"// expected-error@+ {{'a'}}\nx\n", "line number"},
      {"// expected-error@x {{'a'}}\nx\n", "line number"},
      {"// expected-warning@-1 {{'a'}}\n", "line 0 is outside the file"},
      {"// expected-note@99 {{'a'}}\n", "line 99 is outside the file"},
      {"// expected-error 'a'\n", "expected '{{'"},
  };
  for (const Case &c : cases) {
    Fixture t(c.text);
    std::string out;
    EXPECT_FALSE(t.verify(&out)) << c.text;
    EXPECT_NE(out.find("directive at line 1: "), std::string::npos) << out;
    EXPECT_NE(out.find(c.why), std::string::npos) << c.text << "\n" << out;
  }
}

TEST(Verifier, ProseMentioningExpectedIsNotADirective) {
  Fixture t("// the expected-value is ignored, as are expected-errors\nx\n");
  std::string out;
  EXPECT_TRUE(t.verify(&out)) << out;
}

TEST(Verifier, DirectivesOutsideCommentsAreIgnored) {
  Fixture t("x expected-error {{'x'}}\n");
  t.at(1, "x");
  EXPECT_FALSE(t.verify());
}
