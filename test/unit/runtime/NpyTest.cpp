// SPDX-License-Identifier: Apache-2.0
//===- NpyTest.cpp - exact .npy bytes and atomic writes -------------------===//

#include "Npy.h"
#include "Error.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class NpyTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bdlrt-npy-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(NpyTest, HeaderOfA2x3Float64Array) {
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
  std::string h = bdlrt::npyHeader("<f8", {2, 3});
  ASSERT_EQ(h.size(), 128u); // 10 + 59 + '\n' = 70, padded to 128
  EXPECT_EQ(h.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(static_cast<unsigned char>(h[8]), 118); // HEADER_LEN = 128 - 10, little-endian
  EXPECT_EQ(static_cast<unsigned char>(h[9]), 0);
  EXPECT_EQ(h.substr(10, dict.size()), dict);
  EXPECT_EQ(h.substr(10 + dict.size(), 128 - 11 - dict.size()), std::string(128 - 11 - dict.size(), ' '));
  EXPECT_EQ(h.back(), '\n');
}

TEST_F(NpyTest, OneDimensionalShapeHasATrailingComma) {
  std::string h = bdlrt::npyHeader("<i4", {5});
  EXPECT_NE(h.find("'descr': '<i4', 'fortran_order': False, 'shape': (5,), }"), std::string::npos);
  EXPECT_EQ(h.size() % 64, 0u);
  EXPECT_NE(bdlrt::npyHeader("<f8", {0}).find("'shape': (0,)"), std::string::npos);
}

TEST_F(NpyTest, WritesHeaderThenLittleEndianData) {
  const double data[6] = {1, 2, 3, 4, 5, 6.5};
  fs::path p = dir_ / "a.npy";
  bdlrt::writeNpy(p, data, {2, 3});
  std::string bytes = slurp(p);
  ASSERT_EQ(bytes.size(), 128u + 6 * 8);
  EXPECT_EQ(bytes.substr(0, 128), bdlrt::npyHeader("<f8", {2, 3}));
  double back[6];
  std::memcpy(back, bytes.data() + 128, sizeof back);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(back[i], data[i]);
  EXPECT_FALSE(fs::exists(dir_ / "a.npy.tmp"));
}

TEST_F(NpyTest, WritesInt32AndEmptyArrays) {
  const std::int32_t data[3] = {7, -1, 2147483647};
  bdlrt::writeNpy(dir_ / "i.npy", data, {3});
  std::string bytes = slurp(dir_ / "i.npy");
  ASSERT_EQ(bytes.size(), 128u + 12); // 10 + 58 + '\n' = 69, padded to 128
  std::int32_t back[3];
  std::memcpy(back, bytes.data() + 128, sizeof back);
  EXPECT_EQ(back[1], -1);
  EXPECT_EQ(back[2], 2147483647);

  bdlrt::writeNpy(dir_ / "e.npy", static_cast<const double *>(nullptr), {0});
  EXPECT_EQ(slurp(dir_ / "e.npy").size(), 128u);
}

TEST_F(NpyTest, AtomicWriteReplacesAndReportsFailure) {
  bdlrt::writeFileAtomically(dir_ / "m.json", "old");
  bdlrt::writeFileAtomically(dir_ / "m.json", "new");
  EXPECT_EQ(slurp(dir_ / "m.json"), "new");
  EXPECT_THROW(bdlrt::writeFileAtomically(dir_ / "missing" / "m.json", "x"), bdlrt::Error);
}

} // namespace

namespace {

TEST(NpyRead, ReadsWhatWasWrittenAndConvertsIntegers) {
  auto dir = std::filesystem::temp_directory_path() / "bdl-npy-read";
  std::filesystem::create_directories(dir);
  std::vector<double> x = {1.5, -2.0, 3.25, 0.0, 1e-300, -7.0};
  bdlrt::writeNpy(dir / "x.npy", x.data(), {2, 3});
  bdlrt::NpyArray a = bdlrt::readNpy(dir / "x.npy");
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(a.data, x);
  std::vector<std::int32_t> k = {-3, 0, 7};
  bdlrt::writeNpy(dir / "k.npy", k.data(), {3});
  bdlrt::NpyArray b = bdlrt::readNpy(dir / "k.npy");
  EXPECT_EQ(b.shape, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(b.data, (std::vector<double>{-3, 0, 7}));
  std::filesystem::remove_all(dir);
}

TEST(NpyRead, RejectsWhatItCannotRead) {
  auto dir = std::filesystem::temp_directory_path() / "bdl-npy-bad";
  std::filesystem::create_directories(dir);
  EXPECT_THROW(bdlrt::readNpy(dir / "missing.npy"), bdlrt::Error);
  bdlrt::writeFileAtomically(dir / "junk.npy", "not numpy at all");
  EXPECT_THROW(bdlrt::readNpy(dir / "junk.npy"), bdlrt::Error);
  std::string big = bdlrt::npyHeader(">f8", {2}) + std::string(16, '\0');
  bdlrt::writeFileAtomically(dir / "big.npy", big);
  EXPECT_THROW(bdlrt::readNpy(dir / "big.npy"), bdlrt::Error);
  std::string shortData = bdlrt::npyHeader("<f8", {4}) + std::string(8, '\0');
  bdlrt::writeFileAtomically(dir / "short.npy", shortData);
  EXPECT_THROW(bdlrt::readNpy(dir / "short.npy"), bdlrt::Error);
  std::filesystem::remove_all(dir);
}

/// The message readNpy throws for this file.
std::string readError(const std::filesystem::path &p) {
  try {
    bdlrt::readNpy(p);
  } catch (const bdlrt::Error &e) {
    return e.what();
  }
  return "no error";
}

/// The message readNpy throws for a file of these bytes.
std::string readError(const std::filesystem::path &p, const std::string &bytes) {
  bdlrt::writeFileAtomically(p, bytes);
  return readError(p);
}

TEST(NpyRead, RefusesHostileHeadersWithAReason) {
  auto dir = std::filesystem::temp_directory_path() / ("bdl-npy-hostile-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / "h.npy";
  std::string prefix = "cannot read '" + p.string() + "': ";
  // Before: -3 read as 3, 2^64 threw std::out_of_range, '<f2' was refused
  // only here, at run time, and a 4 GiB header length was allocated.
  EXPECT_EQ(readError(p, bdlrt::npyHeader("<f8", {-3}) + std::string(24, '\0')),
            prefix + "malformed, negative or too large shape");
  std::string huge = bdlrt::npyHeader("<f8", {7});
  huge.replace(huge.find("(7,)"), 4, "(18446744073709551616,)");
  EXPECT_EQ(readError(p, huge), prefix + "malformed, negative or too large shape");
  EXPECT_EQ(readError(p, bdlrt::npyHeader("<f2", {3}) + std::string(6, '\0')),
            prefix + "float16 arrays are not supported; save them as float32 or float64");
  EXPECT_EQ(readError(p, bdlrt::npyHeader("<f99999999999999999999", {3})),
            prefix + "unsupported dtype '<f99999999999999...'");
  EXPECT_EQ(readError(p, std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff{'descr'", 20)),
            prefix + "header of 4294967295 bytes is larger than 1 MiB");
  std::string v9 = bdlrt::npyHeader("<f8", {1}) + std::string(8, '\0');
  v9[6] = 9;
  EXPECT_EQ(readError(p, v9), prefix + "unsupported .npy format version 9.0");
  EXPECT_EQ(readError("/dev/zero"), "cannot read '/dev/zero': not a regular file");
  // The dtype comes back, for the check against the descriptor.
  std::vector<std::int32_t> k = {1, 2};
  bdlrt::writeNpy(p, k.data(), {2});
  EXPECT_EQ(bdlrt::readNpy(p).dtype, "<i4");
  std::filesystem::remove_all(dir);
}

} // namespace
