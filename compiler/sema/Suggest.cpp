// SPDX-License-Identifier: Apache-2.0
//===- Suggest.cpp - "did you mean" candidates by edit distance -------------===//
#include "sema/SemaContext.h"

#include <algorithm>

namespace bdl::sema {

static std::size_t editDistance(const std::string &a, const std::string &b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closestName(const std::string &name, const std::vector<std::string> &candidates) {
  // Up to a third of the name may differ: `tau_m` finds `taum`, while
  // unrelated short names are not offered.
  if (name.size() < 3) return {}; // any two-letter name is one edit from many
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::string best;
  std::size_t bestD = limit + 1;
  for (const std::string &c : candidates) {
    if (c == name) continue;
    std::size_t d = editDistance(name, c);
    if (d < bestD || (d == bestD && c < best)) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : std::string();
}

} // namespace bdl::sema
