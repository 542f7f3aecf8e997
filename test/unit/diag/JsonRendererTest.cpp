// SPDX-License-Identifier: Apache-2.0
//===- JsonRendererTest.cpp - the machine-readable form --------------------===//
#include "diag/DiagnosticEngine.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace bdl;
using namespace bdl::diag;

TEST(JsonRenderer, CarriesCodeRangeNotesAndFixits) {
  support::SourceManager sm;
  auto f = sm.addBuffer("j.bdl", "param x: mV = 5\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0304, {f, 14, 15}, {"x", "voltage", "dimensionless"})
      .highlight({f, 6, 7})
      .note({f, 6, 7}, "'x' declared here")
      .note({}, "without location")
      .help("add a unit")
      .fixit({f, 15, 15}, " mV");
  std::ostringstream os;
  renderJson(d, os);
  auto j = nlohmann::json::parse(os.str());
  EXPECT_EQ(j["errors"], 1);
  EXPECT_EQ(j["warnings"], 0);
  const auto &g = j["diagnostics"][0];
  EXPECT_EQ(g["code"], "E0304");
  EXPECT_EQ(g["severity"], "error");
  EXPECT_EQ(g["file"], "j.bdl");
  EXPECT_EQ(g["range"]["start"]["line"], 1);
  EXPECT_EQ(g["range"]["start"]["col"], 15);
  EXPECT_EQ(g["range"]["start"]["offset"], 14);
  EXPECT_EQ(g["range"]["end"]["col"], 16);
  EXPECT_EQ(g["highlights"][0]["start"]["col"], 7);
  EXPECT_EQ(g["notes"][0]["message"], "'x' declared here");
  EXPECT_TRUE(g["notes"][1]["range"].is_null());
  EXPECT_EQ(g["help"], "add a unit");
  EXPECT_EQ(g["fixits"][0]["replacement"], " mV");
}

TEST(JsonRenderer, InvalidUtf8DoesNotThrow) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.report(DiagId::E0102, {}, {std::string("'\xff'")});
  std::ostringstream os;
  EXPECT_NO_THROW(renderJson(d, os));
  EXPECT_TRUE(nlohmann::json::accept(os.str()));
}

TEST(JsonRenderer, EmptyDocument) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  std::ostringstream os;
  renderJson(d, os);
  auto j = nlohmann::json::parse(os.str());
  EXPECT_TRUE(j["diagnostics"].empty());
  EXPECT_EQ(j["errors"], 0);
}

TEST(JsonRenderer, UnlocatedDiagnosticsAndNullHelp) {
  support::SourceManager sm;
  auto f = sm.addBuffer("w.bdl", "");
  DiagnosticEngine d(sm);
  d.report(DiagId::W0904, {f, 0, 0});
  d.report(DiagId::E0901, {}, {"x.bdl", "no such file"});
  std::ostringstream os;
  renderJson(d, os);
  auto j = nlohmann::json::parse(os.str());
  EXPECT_EQ(j["errors"], 1);
  EXPECT_EQ(j["warnings"], 1);
  ASSERT_EQ(j["diagnostics"].size(), 2u);
  // Sorted: no location first.
  const auto &e = j["diagnostics"][0];
  EXPECT_EQ(e["code"], "E0901");
  EXPECT_EQ(e["message"], "cannot read 'x.bdl': no such file");
  EXPECT_TRUE(e["file"].is_null());
  EXPECT_TRUE(e["range"].is_null());
  EXPECT_TRUE(e["help"].is_null());
  EXPECT_TRUE(e["notes"].is_array() && e["notes"].empty());
  EXPECT_TRUE(e["highlights"].is_array() && e["highlights"].empty());
  EXPECT_TRUE(e["fixits"].is_array() && e["fixits"].empty());
  const auto &w = j["diagnostics"][1];
  EXPECT_EQ(w["severity"], "warning");
  EXPECT_EQ(w["range"]["start"]["line"], 1);
  EXPECT_EQ(w["range"]["start"]["col"], 1);
  EXPECT_EQ(w["range"]["end"]["offset"], 0);
}

TEST(JsonRenderer, NotesAndFixitsCarryTheirOwnFilesAndCodePointColumns) {
  support::SourceManager sm;
  auto f = sm.addBuffer("a.bdl", "x = 1 µS + y\n");
  auto g = sm.addBuffer("b.bdl", "\nparam y\n");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0301, {f, 10, 11}, {"add", "a", "b"})
      .note({g, 7, 8}, "'y' declared here")
      .fixit({g, 8, 8}, ": mV");
  std::ostringstream os;
  renderJson(d, os);
  auto j = nlohmann::json::parse(os.str());
  const auto &e = j["diagnostics"][0];
  EXPECT_EQ(e["range"]["start"]["col"], 10);
  EXPECT_EQ(e["range"]["start"]["offset"], 10);
  EXPECT_EQ(e["notes"][0]["file"], "b.bdl");
  EXPECT_EQ(e["notes"][0]["range"]["start"]["line"], 2);
  EXPECT_EQ(e["notes"][0]["range"]["start"]["col"], 7);
  EXPECT_EQ(e["fixits"][0]["file"], "b.bdl");
  EXPECT_EQ(e["fixits"][0]["range"]["end"]["col"], 8);
}

TEST(JsonRenderer, PrettyPrintedWithTrailingNewline) {
  support::SourceManager sm;
  DiagnosticEngine d(sm);
  d.report(DiagId::E0103, {});
  std::ostringstream os;
  renderJson(d, os);
  std::string out = os.str();
  EXPECT_EQ(out.rfind("{\n  \"diagnostics\": [\n    {\n", 0), 0u) << out;
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find("\n\n"), std::string::npos);
  // One document per call.
  EXPECT_TRUE(nlohmann::json::accept(out));
}

TEST(JsonRenderer, InvalidUtf8IsReplacedNotDropped) {
  support::SourceManager sm;
  auto f = sm.addBuffer(std::string("p\xfe.bdl"), "x");
  DiagnosticEngine d(sm);
  d.report(DiagId::E0201, {f, 0, 1}, {std::string("a\xffz")}).note({f, 0, 1}, std::string("\xc0"));
  std::ostringstream os;
  renderJson(d, os);
  auto j = nlohmann::json::parse(os.str());
  const auto &e = j["diagnostics"][0];
  EXPECT_EQ(e["message"], "use of undeclared name 'a\xEF\xBF\xBDz'");
  EXPECT_EQ(e["file"], "p\xEF\xBF\xBD.bdl");
}
