// SPDX-License-Identifier: Apache-2.0
//===- ResultsDir.cpp - a results folder that appears whole or not at all -===//
//
// Before, arrays were renamed into place one by one: a full disk half-way
// through an overwrite left new arrays beside old ones under the old
// manifest, and two runs into one folder could finish with arrays of two
// seeds. Now a run owns a staging folder of its own (mkdtemp) until the one
// rename(2) or renameat2(RENAME_EXCHANGE) that publishes it. As NEST does,
// results already there are kept unless --overwrite says otherwise.

#include "ResultsDir.h"

#include "Error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace bdlrt {
namespace fs = std::filesystem;

namespace {

bool isEmptyDir(const fs::path &p) {
  std::error_code ec;
  return fs::is_empty(p, ec) && !ec;
}

std::string refusal(const fs::path &dest) {
  return "results folder '" + dest.string() +
         "' already exists; pass --overwrite to replace it, or --out another folder";
}

/// renameat2(RENAME_EXCHANGE): both names stay valid throughout.
bool exchange(const fs::path &a, const fs::path &b) {
#ifdef RENAME_EXCHANGE
  return renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
#else
  (void)a;
  (void)b;
  errno = ENOSYS;
  return false;
#endif
}

} // namespace

ResultsDir::ResultsDir(const fs::path &dest, bool overwrite) : dest_(dest), overwrite_(overwrite) {
  std::error_code ec;
  fs::file_status st = fs::status(dest_, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st))
      throw Error("cannot write results to '" + dest_.string() + "': it exists and is not a folder");
    if (!overwrite_ && !isEmptyDir(dest_)) throw Error(refusal(dest_));
  }
  fs::path parent = dest_.has_parent_path() ? dest_.parent_path() : fs::path(".");
  if (dest_.filename().empty() || dest_.filename() == "." || dest_.filename() == "..")
    throw Error("--out " + dest_.string() + ": name the results folder itself, e.g. --out results/run1");
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent))
    throw Error("cannot create results folder '" + dest_.string() + "': " +
                (ec ? ec.message() : std::string("'" + parent.string() + "' is not a folder")));
  std::string pattern = (parent / ("." + dest_.filename().string() + ".partial-" +
                                   std::to_string(static_cast<long>(getpid())) + "-XXXXXX"))
                            .string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data()))
    throw Error("cannot create results folder '" + dest_.string() + "': " + std::strerror(errno));
  staging_ = buf.data();
  // mkdtemp makes it private (0700); results are shared like any folder.
  mode_t mask = umask(0);
  umask(mask);
  chmod(staging_.c_str(), 0777 & ~mask);
}

ResultsDir::~ResultsDir() {
  if (committed_ || staging_.empty()) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void ResultsDir::commit() {
  std::error_code ec;
  // A fresh destination, or an empty folder: one rename.
  if (std::rename(staging_.c_str(), dest_.c_str()) == 0) {
    committed_ = true;
    return;
  }
  int renameErr = errno;
  if (renameErr != EEXIST && renameErr != ENOTEMPTY)
    throw Error("cannot move the results into '" + dest_.string() + "': " + std::strerror(renameErr));
  if (!overwrite_)
    // Another run created it while this one ran.
    throw Error(refusal(dest_) + " (another run wrote it meanwhile)");
  if (exchange(staging_, dest_)) {
    committed_ = true;
    fs::remove_all(staging_, ec); // now the old results
    return;
  }
  // No RENAME_EXCHANGE (old kernels, some file systems): move the old folder
  // aside first. Between the two renames the name is briefly absent, never
  // half-filled.
  fs::path old = staging_;
  old += ".old";
  if (std::rename(dest_.c_str(), old.c_str()) != 0)
    throw Error("cannot replace '" + dest_.string() + "': " + std::strerror(errno));
  if (std::rename(staging_.c_str(), dest_.c_str()) != 0) {
    int err = errno;
    std::rename(old.c_str(), dest_.c_str());
    throw Error("cannot replace '" + dest_.string() + "': " + std::strerror(err));
  }
  committed_ = true;
  fs::remove_all(old, ec);
}

void linkFolder(const std::filesystem::path &from, const std::filesystem::path &to) {
  std::filesystem::create_directories(to);
  for (const auto &f : std::filesystem::directory_iterator(from)) {
    std::error_code ec;
    std::filesystem::create_hard_link(f.path(), to / f.path().filename(), ec);
    if (ec) std::filesystem::copy_file(f.path(), to / f.path().filename());
  }
}

} // namespace bdlrt
