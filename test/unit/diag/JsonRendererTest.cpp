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
