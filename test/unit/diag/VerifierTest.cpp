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
