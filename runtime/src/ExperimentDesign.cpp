// SPDX-License-Identifier: Apache-2.0
//===- ExperimentDesign.cpp - trials and sweep points of one executable ----===//
//
//     sweep E.Ib in [10 mV, 20 mV, 30 mV]
//     trials 5
// is 15 runs of the compiled experiment in one process: the network is set
// up once, and each run starts from the initial values, with the point's
// values as defaults (as --set gives them) and the trial's seed for the
// dynamics. Trial k is therefore the same run whether it runs alone
// (--trial k) or in a design of any size.

#include "ExperimentDesign.h"

#include "Error.h"

#include <algorithm>
#include <cstdio>

namespace bdlrt {

std::int64_t Design::points() const {
  std::int64_t n = 1;
  for (const SweepAxis &a : axes) n *= static_cast<std::int64_t>(a.values.size());
  return n;
}

std::vector<double> Design::values(std::int64_t point) const {
  std::vector<double> out(axes.size());
  for (std::size_t a = axes.size(); a-- > 0;) {
    std::int64_t n = static_cast<std::int64_t>(axes[a].values.size());
    out[a] = axes[a].values[static_cast<std::size_t>(point % n)];
    point /= n;
  }
  return out;
}

std::vector<std::pair<std::string, double>> Design::apply(Descriptor &d, std::int64_t point) const {
  std::vector<double> at = values(point);
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    giveValue(d, axes[a].group, axes[a].var, at[a]);
    out.push_back({axes[a].name, at[a]});
  }
  return out;
}

std::vector<int> Design::trialList() const {
  if (onlyTrial >= 0) return {onlyTrial};
  std::vector<int> out(static_cast<std::size_t>(trials));
  for (int k = 0; k < trials; ++k) out[static_cast<std::size_t>(k)] = k;
  return out;
}

Design makeDesign(const Descriptor &d, const Options &o) {
  Design design;
  // A --set of a swept variable fixes it: the run made alone of a point.
  std::vector<std::pair<int, int>> fixed = setTargets(d, o.sets);
  for (const SweepDesc &sw : d.sweeps)
    if (std::find(fixed.begin(), fixed.end(), std::make_pair(sw.group, sw.var)) == fixed.end())
      design.axes.push_back({sw.group, sw.var, qualifiedName(d, sw.group, d.groups[sw.group].vars[sw.var]), sw.values});
  for (const std::string &text : o.sweeps) {
    SweepAxis axis = parseSweep(d, text);
    auto same = [&](const SweepAxis &a) { return a.group == axis.group && a.var == axis.var; };
    auto it = std::find_if(design.axes.begin(), design.axes.end(), same);
    if (it != design.axes.end())
      *it = std::move(axis);
    else
      design.axes.push_back(std::move(axis));
  }
  design.trials = o.trials.value_or(d.experiment.trials);
  if (o.trial) {
    if (*o.trial >= design.trials && !o.trials)
      design.trials = *o.trial + 1; // --trial 7 of a source with fewer trials: still trial 7's seed
    design.onlyTrial = *o.trial;
  }
  if (design.points() > 1000000) throw Error("the sweeps make " + std::to_string(design.points()) + " points, more than 1,000,000");
  return design;
}

std::uint64_t trialSeed(std::uint64_t seed, int trial) {
  if (trial == 0) return seed;
  // SplitMix64 (Steele et al. 2014) of seed + k * golden ratio: neighbouring
  // trials and seeds give unrelated streams.
  std::uint64_t z = seed + static_cast<std::uint64_t>(trial) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::string runFolder(const Design &design, std::int64_t point, int trial) {
  auto digits = [](std::int64_t n) {
    int w = 1;
    for (; n >= 10; n /= 10) ++w;
    return w;
  };
  char buf[64];
  std::snprintf(buf, sizeof buf, "p%0*lld_t%0*d", std::max(3, digits(design.points() - 1)),
                static_cast<long long>(point), std::max(2, digits(design.trials - 1)), trial);
  return buf;
}

} // namespace bdlrt
