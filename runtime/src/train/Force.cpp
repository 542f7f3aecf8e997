// SPDX-License-Identifier: Apache-2.0
//===- Force.cpp - FORCE learning by recursive least squares ---------------===//
#include "Force.h"

#include "../Error.h"
#include "../Npy.h"

#include <cmath>
#include <cstdio>

namespace bdlrt {

ForceReadouts::ForceReadouts(Simulation &sim, const Descriptor &d) : sim_(sim), d_(d) {
  const std::vector<std::vector<double>> &arrays = sim.arrays();
  for (const ReadoutDesc &r : d.readouts) {
    if (!r.force) continue;
    One o;
    o.desc = &r;
    o.n = sim.groupSize(r.group);
    o.trainSteps = r.trainSteps;
    o.w.assign(static_cast<std::size_t>(o.n), 0.0);
    o.P.assign(static_cast<std::size_t>(o.n * o.n), 0.0);
    for (std::int64_t i = 0; i < o.n; ++i) o.P[static_cast<std::size_t>(i * o.n + i)] = 1 / r.alpha;
    o.r.resize(static_cast<std::size_t>(o.n));
    o.k.resize(static_cast<std::size_t>(o.n));
    o.target = arrays[r.targetArray].data();
    o.targetRows = static_cast<std::int64_t>(arrays[r.targetArray].size());
    o.z.reserve(static_cast<std::size_t>(sim.steps()));
    readouts_.push_back(std::move(o));
  }
}

void ForceReadouts::step(std::int64_t step) {
  for (One &o : readouts_) {
    const StateArray &rs = sim_.state()[o.desc->group][o.desc->var];
    const std::int64_t n = o.n;
    double z = 0;
    for (std::int64_t i = 0; i < n; ++i) z += o.w[i] * (o.r[i] = rs[i]);
    if (step > 0 && step < o.trainSteps && step % o.desc->everySteps == 0 && step < o.targetRows) {
      double e = z - o.target[step];
      double rk = 0;
      for (std::int64_t i = 0; i < n; ++i) {
        const double *row = o.P.data() + i * n;
        double s = 0;
        for (std::int64_t j = 0; j < n; ++j) s += row[j] * o.r[j];
        o.k[i] = s;
        rk += o.r[i] * s;
      }
      double c = 1 / (1 + rk);
      for (std::int64_t i = 0; i < n; ++i) {
        double *row = o.P.data() + i * n;
        double ck = c * o.k[i];
        for (std::int64_t j = 0; j < n; ++j) row[j] -= ck * o.k[j];
        o.w[i] -= c * e * o.k[i];
      }
    }
    o.z.push_back(z);
    sim_.state(o.desc->feedbackGroup, o.desc->feedbackVar).set(0, z);
  }
}

void ForceReadouts::save(CheckpointWriter &w) const {
  for (const One &o : readouts_) {
    w.putVector(o.w);
    w.putVector(o.P);
    w.putVector(o.z);
  }
}

void ForceReadouts::load(CheckpointReader &r) {
  for (One &o : readouts_) {
    o.w = r.getVector<double>(o.w.size());
    o.P = r.getVector<double>(o.P.size());
    o.z = r.getVector<double>();
    if (o.z.size() > static_cast<std::size_t>(sim_.steps())) r.mismatch();
    o.z.reserve(static_cast<std::size_t>(sim_.steps()));
  }
}

void ForceReadouts::write(const std::filesystem::path &dir, std::vector<RecordedFile> &files, bool quiet) const {
  for (const One &o : readouts_) {
    auto nrmse = [&](std::int64_t from, std::int64_t to) {
      to = std::min({to, static_cast<std::int64_t>(o.z.size()), o.targetRows});
      if (to <= from) return std::nan("");
      double mean = 0, se = 0, var = 0;
      for (std::int64_t t = from; t < to; ++t) mean += o.target[t];
      mean /= static_cast<double>(to - from);
      for (std::int64_t t = from; t < to; ++t) {
        se += (o.z[t] - o.target[t]) * (o.z[t] - o.target[t]);
        var += (o.target[t] - mean) * (o.target[t] - mean);
      }
      return std::sqrt(se / var);
    };
    std::int64_t steps = static_cast<std::int64_t>(o.z.size());
    double errs[2] = {nrmse(0, o.trainSteps), nrmse(o.trainSteps, steps)};
    std::string stem = "readout_" + o.desc->name;
    const GroupDesc &g = d_.groups[o.desc->group];
    writeNpy(dir / (stem + ".npy"), o.z.data(), {steps});
    writeNpy(dir / (stem + "_weights.npy"), o.w.data(), {o.n});
    writeNpy(dir / (stem + "_nrmse.npy"), errs, {2});
    files.push_back({stem + ".npy", "readout", g.name, g.vars[o.desc->var].name, "1", {steps}, "float64"});
    files.push_back({stem + "_weights.npy", "readout", g.name, g.vars[o.desc->var].name, "1", {o.n}, "float64"});
    files.push_back({stem + "_nrmse.npy", "readout", g.name, g.vars[o.desc->var].name, "1", {2}, "float64"});
    if (!quiet)
      std::printf("readout %s: FORCE over %lld steps, NRMSE %.4g (while training), %.4g (after, %lld steps)\n",
                  o.desc->name.c_str(), static_cast<long long>(o.trainSteps), errs[0], errs[1],
                  static_cast<long long>(steps - o.trainSteps));
  }
}

} // namespace bdlrt
