// SPDX-License-Identifier: Apache-2.0
//===- MemoryPlan.cpp - the memory table and the refusal ------------------===//
#include "MemoryPlan.h"

#include "Error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>

namespace bdlrt {

double MemoryPlan::total() const {
  return std::accumulate(parts_.begin(), parts_.end(), 0.0, [](double s, const MemoryPart &p) { return s + p.bytes; });
}

std::string MemoryPlan::table() const {
  std::vector<const MemoryPart *> sorted;
  for (const MemoryPart &p : parts_) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto *a, auto *b) { return a->bytes > b->bytes; });
  std::size_t width = 5;
  for (const MemoryPart *p : sorted) width = std::max(width, p->name.size());
  std::ostringstream os;
  char line[512];
  for (const MemoryPart *p : sorted) {
    std::snprintf(line, sizeof line, "  %-*s %11s  %s\n", static_cast<int>(width), p->name.c_str(),
                  formatBytes(p->bytes).c_str(), p->detail.c_str());
    os << line;
  }
  std::snprintf(line, sizeof line, "  %-*s %11s\n", static_cast<int>(width), "total", formatBytes(total()).c_str());
  os << line;
  return os.str();
}

void MemoryPlan::check(double limit, const std::string &limitWhat) const {
  if (!(limit > 0) || total() <= limit || parts_.empty()) return;
  const MemoryPart &big = *std::max_element(parts_.begin(), parts_.end(),
                                            [](const MemoryPart &a, const MemoryPart &b) { return a.bytes < b.bytes; });
  std::string msg = "the model needs " + formatBytes(total()) + ", more than the " + formatBytes(limit) + " " +
                    limitWhat + "; the largest part is the " + big.name + " (" + formatBytes(big.bytes) + ", " +
                    big.detail + ")";
  if (!big.shrink.empty()) msg += ": " + big.shrink;
  throw Error(msg + " (--plan prints every part)");
}

double parseBytes(const std::string &text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception &) {
    used = 0;
  }
  std::string unit = text.substr(used);
  unit.erase(std::remove_if(unit.begin(), unit.end(), [](unsigned char c) { return std::isspace(c); }), unit.end());
  static const std::pair<const char *, double> units[] = {
      {"", 1},           {"B", 1},           {"kB", 1e3},          {"KB", 1e3},  {"MB", 1e6},
      {"GB", 1e9},       {"TB", 1e12},       {"KiB", 1024.0},      {"MiB", 1048576.0},
      {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};
  for (const auto &[name, scale] : units)
    if (used > 0 && unit == name && value > 0 && std::isfinite(value)) return value * scale;
  throw Error("--max-memory " + text + ": expected a size such as 8GB, 512MiB or 2e9");
}

std::string formatBytes(double b) {
  char buf[48];
  if (b >= 1099511627776.0) std::snprintf(buf, sizeof buf, "%.1f TiB", b / 1099511627776.0);
  else if (b >= 1073741824.0) std::snprintf(buf, sizeof buf, "%.1f GiB", b / 1073741824.0);
  else if (b >= 1048576.0) std::snprintf(buf, sizeof buf, "%.1f MiB", b / 1048576.0);
  else if (b >= 1024.0) std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
  else std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

double availableMemory() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024.0;
  return 0;
}

} // namespace bdlrt
