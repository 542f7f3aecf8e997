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

std::vector<const SweepAxis *> flattenAxes(const std::vector<SweepAxis> &axes) {
  std::vector<const SweepAxis *> out;
  for (const SweepAxis &a : axes) {
    out.push_back(&a);
    for (const SweepAxis &z : a.zipped) out.push_back(&z);
  }
  return out;
}

std::vector<const SweepAxis *> Design::flat() const { return flattenAxes(axes); }

std::vector<std::pair<std::string, double>> Design::apply(Descriptor &d, std::int64_t point) const {
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t a = axes.size(); a-- > 0;) { // the last axis varies fastest
    auto n = static_cast<std::int64_t>(axes[a].values.size());
    auto k = static_cast<std::size_t>(point % n);
    point /= n;
    // In flat() order: the axis, then its partners, at the same index.
    std::vector<std::pair<std::string, double>> here{{axes[a].name, axes[a].values[k]}};
    giveValue(d, axes[a].group, axes[a].var, axes[a].values[k]);
    for (const SweepAxis &z : axes[a].zipped) {
      giveValue(d, z.group, z.var, z.values[k]);
      here.push_back({z.name, z.values[k]});
    }
    out.insert(out.begin(), here.begin(), here.end());
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
  auto isFixed = [&](int g, int v) { return std::find(fixed.begin(), fixed.end(), std::make_pair(g, v)) != fixed.end(); };
  std::vector<int> axisOf(d.sweeps.size(), -1); // the source's sweeps' axes
  for (std::size_t k = 0; k < d.sweeps.size(); ++k) {
    const SweepDesc &sw = d.sweeps[k];
    // A --set of a swept parameter fixes it (with what steps with it, for the first).
    if (isFixed(sw.group, sw.var) || (sw.with >= 0 && axisOf[sw.with] < 0)) continue;
    SweepAxis axis{sw.group, sw.var, qualifiedName(d, sw.group, d.groups[sw.group].vars[sw.var]), sw.values, {}};
    if (sw.with >= 0) {
      design.axes[axisOf[sw.with]].zipped.push_back(std::move(axis));
      continue;
    }
    axisOf[k] = static_cast<int>(design.axes.size());
    design.axes.push_back(std::move(axis));
  }
  for (const std::string &text : o.sweeps) {
    SweepAxis axis = parseSweep(d, text);
    auto same = [&](const SweepAxis &a) { return a.group == axis.group && a.var == axis.var; };
    bool replaced = false;
    for (SweepAxis &a : design.axes) {
      if (same(a)) {
        a.values = axis.values;
        replaced = true;
      }
      for (SweepAxis &z : a.zipped)
        if (same(z)) {
          z.values = axis.values;
          replaced = true;
        }
    }
    if (!replaced) design.axes.push_back(std::move(axis));
  }
  for (const SweepAxis &a : design.axes)
    for (const SweepAxis &z : a.zipped)
      if (z.values.size() != a.values.size())
        throw Error("--sweep: '" + a.name + "' (" + std::to_string(a.values.size()) + " values) steps together with '" +
                    z.name + "' (" + std::to_string(z.values.size()) + " values) in the source; give both as many");
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
