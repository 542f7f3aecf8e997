// SPDX-License-Identifier: Apache-2.0
//===- SourceManagerTest.cpp - line tables, columns and ranges -------------===//
#include "support/Rational.h"
#include "support/SourceManager.h"

#include <gtest/gtest.h>

using namespace bdl::support;

TEST(SourceManager, LineAndColumnCountCodePoints) {
  SourceManager sm;
  FileId id = sm.addBuffer("a.bdl", "ab\nµS x\n\nlast");
  EXPECT_EQ(sm.lineCount(id), 4u);
  LineCol lc = sm.lineCol(id, 0);
  EXPECT_EQ(lc.line, 1u);
  EXPECT_EQ(lc.col, 1u);
  // "µ" is two bytes: 'x' is byte 7 of line 2 but the 4th character.
  lc = sm.lineCol(id, 3 + 4);
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.col, 4u);
  EXPECT_EQ(sm.lineText(id, 2), "µS x");
  EXPECT_EQ(sm.lineText(id, 3), "");
  EXPECT_EQ(sm.lineText(id, 4), "last");
  EXPECT_EQ(sm.offsetOf(id, 2, 4), 7u);
}

TEST(SourceManager, OffsetsPastTheEndClamp) {
  SourceManager sm;
  FileId id = sm.addBuffer("b.bdl", "xy");
  LineCol lc = sm.lineCol(id, 99);
  EXPECT_EQ(lc.line, 1u);
  EXPECT_EQ(lc.col, 3u);
  EXPECT_EQ(sm.text(SourceRange{id, 1, 99}), "y");
}

TEST(SourceManager, MissingFileReportsError) {
  SourceManager sm;
  std::string err;
  EXPECT_FALSE(sm.addFile("/nonexistent/file.bdl", err));
  EXPECT_FALSE(err.empty());
}

TEST(SourceRange, CoverSpansBoth) {
  SourceRange a{1, 4, 6}, b{1, 10, 12};
  EXPECT_EQ(a.cover(b), (SourceRange{1, 4, 12}));
  EXPECT_EQ(b.cover(a), (SourceRange{1, 4, 12}));
  EXPECT_EQ(SourceRange{}.cover(a), a);
}

TEST(Rational, ArithmeticIsExactAndNormalised) {
  Rational half(1, 2), third(1, 3);
  EXPECT_EQ(half + third, Rational(5, 6));
  EXPECT_EQ(half * Rational(4), Rational(2));
  EXPECT_EQ(Rational(2, -4), Rational(-1, 2));
  EXPECT_EQ((half - half).str(), "0");
  EXPECT_EQ(Rational(-3, 2).str(), "-3/2");
  EXPECT_TRUE((half / Rational(0)).overflowed());
  Rational big(std::int64_t(1) << 39);
  EXPECT_TRUE((big * big).overflowed());
}

TEST(Rational, ConstructingAHugeValueOverflows) {
  EXPECT_TRUE(Rational(std::int64_t(1) << 50, 1).overflowed());
  EXPECT_FALSE(Rational(std::int64_t(1) << 30, 1).overflowed());
}
