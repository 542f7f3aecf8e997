// SPDX-License-Identifier: Apache-2.0
//===- Sample.cpp - one sample forward, then backward over its tape --------===//
//
// One forward step is the plain simulation's order (StepLoop.cpp) with
// delays of zero: every population's update (and spike detection), the
// input's spikes from the sample, delivery of this step's spikes, resets.
// The tape holds x before the update, z after delivery and s per step; the
// backward step points the lane's variables at step t's tape and runs the
// adjoint kernels: resets, synapses (which add to pre `_sbar` and `_grad.`),
// updates, then continuous synapses (which add to pre's adjoints).
//
// A tape too large for --tape-memory is kept in segments (Griewank's
// checkpointing): the forward pass saves the neurons' state at the start of
// each segment and tapes nothing; the backward pass, from the last segment
// to the first, restores a segment's start, runs its steps forward again
// with the tape on, and then backward. The recomputed steps are the same
// operations on the same values, so the gradients are the same bits
// (train-tape-segments.test), for one more forward pass.
#include "Trainer.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace bdlrt {

void Trainer::startSample(Lane &lane, std::int64_t k, bool learn) {
  for (const PopulationDesc &pd : d_.populations)
    for (std::size_t v = 0; v < initial_[pd.group].size(); ++v) {
      if (kept_[pd.group][v]) continue;
      std::vector<double> &mine = lane.own[pd.group][v];
      std::copy(initial_[pd.group][v].begin(), initial_[pd.group][v].end(), mine.begin());
      lane.ptr[pd.group][v] = mine.data();
    }
  const std::size_t nOut = static_cast<std::size_t>(layout_[t_.output].n);
  lane.best.assign(nOut, -std::numeric_limits<double>::infinity());
  lane.counts.assign(nOut, 0.0);
  lane.argmax.assign(nOut, -1);
  lane.firstSpike.assign(nOut, -1);
  lane.secondSpike.assign(nOut, -1);
  lane.nspikes.assign(lane.pops.size(), 0);
  if (t_.ratePopulation >= 0) lane.rateCounts.assign(static_cast<std::size_t>(layout_[t_.ratePopulation].n), 0.0);
  lane.sse = 0;
  if (t_.trace && learn) lane.traceGrad.assign(static_cast<std::size_t>(t_.steps) * nOut, 0.0);
  lane.sample = k;
}

void Trainer::beginTape(Lane &lane, std::int64_t from, std::int64_t steps) {
  for (Neurons &nv : lane.pops) {
    nv.tapeFrom = from;
    nv.xTape.resize(static_cast<std::size_t>(steps * static_cast<std::int64_t>(nv.x.size()) * nv.n));
    nv.zTape.resize(nv.xTape.size());
    nv.sTape.assign(static_cast<std::size_t>(steps * nv.n), 0.0);
    nv.spikeTape.clear();
    nv.spikeStart.assign(static_cast<std::size_t>(steps + 1), 0);
  }
}

void Trainer::saveSegmentStart(Lane &lane, std::int64_t segment) {
  double *to = lane.segmentStarts.data() + segment * segmentStateValues_;
  for (const auto &[g, v, n] : forwardVars_) {
    std::memcpy(to, own(lane, g, v), static_cast<std::size_t>(n) * sizeof(double));
    to += n;
  }
}

void Trainer::restoreSegmentStart(Lane &lane, std::int64_t segment) {
  const double *from = lane.segmentStarts.data() + segment * segmentStateValues_;
  for (const auto &[g, v, n] : forwardVars_) {
    std::vector<double> &mine = lane.own[g][v];
    std::memcpy(mine.data(), from, static_cast<std::size_t>(n) * sizeof(double));
    lane.ptr[g][v] = mine.data();
    from += n;
  }
}

void Trainer::forwardStep(Lane &lane, std::int64_t t, bool tape, bool score) {
  const std::int64_t T = t_.steps;
  const std::int64_t nOut = layout_[t_.output].n;
  std::vector<std::int64_t> &nspikes = lane.nspikes;
  const std::int64_t k = lane.sample;
  const std::int64_t nIn = t_.input >= 0 ? layout_[t_.input].n : 0;
  const double *raster = t_.input >= 0 ? sim_.arrays_[t_.inputArray].data() + k * T * nIn : nullptr;
  auto save = [&](Neurons &nv, int group, std::vector<double> &to, const std::vector<int> &vars) {
    std::int64_t r = t - nv.tapeFrom;
    for (std::size_t a = 0; a < vars.size(); ++a)
      std::memcpy(to.data() + (r * static_cast<std::int64_t>(vars.size()) + static_cast<std::int64_t>(a)) * nv.n,
                  own(lane, group, vars[a]), static_cast<std::size_t>(nv.n) * sizeof(double));
  };
  double time = static_cast<double>(t) * d_.experiment.dt;
  drive(lane, t);
  // Continuous synapses first: the updates read what they add.
  for (std::size_t k2 = 0; k2 < d_.projections.size(); ++k2) {
    const ProjectionDesc &pr = d_.projections[k2];
    if (pr.continuous < 0) continue;
    bdlrt_kernel_args &a = lane.postArgs[k2];
    a.begin = 0;
    a.end = layout_[pr.post].n;
    a.step = t;
    a.t = time;
    sim_.call(pr.continuous, a);
  }
  for (std::size_t p = 0; p < lane.pops.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    Neurons &nv = lane.pops[p];
    std::int32_t *spikes = lane.spikes[p].data();
    nspikes[p] = 0;
    if (!trained_[p]) {
      for (std::int64_t i = 0; i < nv.n; ++i)
        if (raster[t * nv.n + i] != 0) spikes[nspikes[p]++] = static_cast<std::int32_t>(i);
      continue;
    }
    if (tape) save(nv, pd.group, nv.xTape, nv.x);
    bdlrt_kernel_args &a = lane.popArgs[p];
    a.begin = 0;
    a.end = nv.n;
    a.step = t;
    a.t = time;
    a.spikes = spikes;
    a.nspikes = &nspikes[p];
    if (pd.update >= 0) sim_.call(pd.update, a);
    if (pd.threshold >= 0 && !pd.updateDetectsSpikes) sim_.call(pd.threshold, a);
  }
  if (tape)
    for (std::size_t p = 0; p < lane.pops.size(); ++p) {
      Neurons &nv = lane.pops[p];
      std::int64_t r = t - nv.tapeFrom;
      double *s = nv.sTape.data() + r * nv.n;
      for (std::int64_t q = 0; q < nspikes[p]; ++q) s[lane.spikes[p][q]] = 1;
      nv.spikeTape.insert(nv.spikeTape.end(), lane.spikes[p].begin(), lane.spikes[p].begin() + nspikes[p]);
      nv.spikeStart[static_cast<std::size_t>(r + 1)] = static_cast<std::int64_t>(nv.spikeTape.size());
    }
  for (std::size_t k2 = 0; k2 < d_.projections.size(); ++k2) {
    const ProjectionDesc &pr = d_.projections[k2];
    if (pr.onPre < 0 || nspikes[pr.pre] == 0) continue;
    bdlrt_kernel_args &a = lane.preArgs[k2];
    a.list = lane.spikes[pr.pre].data();
    a.begin = 0;
    a.end = nspikes[pr.pre];
    a.step = t;
    a.t = time;
    sim_.call(pr.onPre, a);
  }
  for (std::size_t p = 0; p < lane.pops.size(); ++p) {
    const PopulationDesc &pd = d_.populations[p];
    if (!trained_[p]) continue;
    if (tape) save(lane.pops[p], pd.group, lane.pops[p].zTape, lane.pops[p].x);
    if (pd.reset < 0 || nspikes[p] == 0) continue;
    bdlrt_kernel_args &a = lane.popArgs[p];
    a.list = lane.spikes[p].data();
    a.begin = 0;
    a.end = nspikes[p];
    a.step = t;
    a.t = time;
    sim_.call(pd.reset, a);
  }
  if (!score) return; // a segment run again: the loss has its figures
  if (t_.ratePopulation >= 0)
    for (std::int64_t q = 0; q < nspikes[t_.ratePopulation]; ++q) lane.rateCounts[lane.spikes[t_.ratePopulation][q]] += 1;
  if (t_.trace) {
    const double *trace = sim_.arrays_[t_.targetArray].data() + k * T * nOut;
    const double *v = own(lane, d_.populations[t_.output].group, t_.outputVar);
    const double norm = 1.0 / static_cast<double>(T * nOut);
    for (std::int64_t i = 0; i < nOut; ++i) {
      double e = t_.logitScale * v[i] - trace[t * nOut + i];
      lane.sse += e * e;
      if (!lane.traceGrad.empty()) lane.traceGrad[static_cast<std::size_t>(t * nOut + i)] = 2 * e * t_.logitScale * norm;
    }
  } else if (t_.countLogits) {
    for (std::int64_t q = 0; q < nspikes[t_.output]; ++q) lane.counts[lane.spikes[t_.output][q]] += 1;
  } else if (t_.firstSpikeLogits) {
    for (std::int64_t q = 0; q < nspikes[t_.output]; ++q) {
      std::size_t i = static_cast<std::size_t>(lane.spikes[t_.output][q]);
      if (lane.firstSpike[i] < 0) lane.firstSpike[i] = t;
      else if (lane.secondSpike[i] < 0) lane.secondSpike[i] = t;
    }
  } else {
    const double *v = own(lane, d_.populations[t_.output].group, t_.outputVar);
    for (std::int64_t i = 0; i < nOut; ++i)
      if (v[i] > lane.best[i]) lane.best[i] = v[i], lane.argmax[i] = t;
  }
}

std::vector<double> Trainer::forward(Lane &lane, std::int64_t k, bool learn) {
  startSample(lane, k, learn);
  const std::int64_t T = t_.steps;
  // Taped whole, or in segments whose starts are saved.
  bool whole = segments() == 1;
  if (learn && whole) beginTape(lane, 0, T);
  for (std::int64_t t = 0; t < T; ++t) {
    if (learn && !whole && t % segmentSteps_ == 0) saveSegmentStart(lane, t / segmentSteps_);
    forwardStep(lane, t, learn && whole, true);
  }
  lane.rateLoss = 0;
  if (t_.ratePopulation >= 0) {
    // weight * mean_i (r_i - target)^2, r_i = count_i / (T dt)
    const double duration = static_cast<double>(T) * d_.experiment.dt;
    for (double c : lane.rateCounts) lane.rateLoss += (c / duration - t_.rateTarget) * (c / duration - t_.rateTarget);
    lane.rateLoss *= t_.rateWeight / static_cast<double>(lane.rateCounts.size());
  }
  const std::int64_t nOut = layout_[t_.output].n;
  if (t_.trace) return {lane.sse / static_cast<double>(T * nOut)}; // the loss itself
  std::vector<double> logits = t_.countLogits ? lane.counts : lane.best;
  if (t_.firstSpikeLogits)
    for (std::int64_t i = 0; i < nOut; ++i) logits[i] = spikeTime(lane.firstSpike[i]);
  for (double &l : logits) l *= t_.logitScale;
  return logits;
}

void Trainer::backward(Lane &lane, const std::vector<double> &dlogits, double weight) {
  for (std::size_t p = 0; p < lane.pops.size(); ++p) {
    int g = d_.populations[p].group;
    for (int a : lane.pops[p].adj) std::fill(own(lane, g, a), own(lane, g, a) + lane.pops[p].n, 0.0);
  }
  const std::int64_t T = t_.steps;
  if (segments() == 1) {
    backwardSteps(lane, T - 1, 0, dlogits, weight);
    return;
  }
  for (std::int64_t seg = segments() - 1; seg >= 0; --seg) {
    std::int64_t from = seg * segmentSteps_, to = std::min(T, from + segmentSteps_);
    restoreSegmentStart(lane, seg);
    beginTape(lane, from, to - from);
    for (std::int64_t t = from; t < to; ++t) forwardStep(lane, t, true, false);
    backwardSteps(lane, to - 1, from, dlogits, weight);
  }
}

void Trainer::backwardSteps(Lane &lane, std::int64_t last, std::int64_t first, const std::vector<double> &dlogits,
                            double weight) {
  const std::int64_t T = t_.steps;
  const Neurons &out = lane.pops[t_.output];
  int outGroup = d_.populations[t_.output].group;
  int outAdj = -1;
  for (std::size_t a = 0; a < out.x.size(); ++a)
    if (out.x[a] == t_.outputVar) outAdj = out.adj[a];
  for (std::int64_t t = last; t >= first; --t) {
    double time = static_cast<double>(t) * d_.experiment.dt;
    // The loss reads x after step t: its adjoint enters before step t's reverse.
    if (t_.trace)
      for (std::int64_t i = 0; i < out.n; ++i) own(lane, outGroup, outAdj)[i] += lane.traceGrad[t * out.n + i] * weight;
    else if (!t_.countLogits && !t_.firstSpikeLogits)
      for (std::int64_t i = 0; i < out.n; ++i)
        if (lane.argmax[i] == t) own(lane, outGroup, outAdj)[i] += dlogits[i] * t_.logitScale * weight;
    drive(lane, t);
    // The kernels read step t's x, z and s where the tape keeps them.
    for (std::size_t p = 0; p < lane.pops.size(); ++p) {
      Neurons &nv = lane.pops[p];
      std::int64_t r = t - nv.tapeFrom;
      std::vector<void *> &ptr = lane.ptr[d_.populations[p].group];
      if (nv.s >= 0) ptr[nv.s] = nv.sTape.data() + r * nv.n;
      for (std::size_t a = 0; a < nv.x.size(); ++a) {
        std::int64_t at = (r * static_cast<std::int64_t>(nv.x.size()) + static_cast<std::int64_t>(a)) * nv.n;
        ptr[nv.x[a]] = nv.xTape.data() + at;
        ptr[nv.z[a]] = nv.zTape.data() + at;
      }
      if (!trained_[p] || t_.adjointReset[p] < 0) continue;
      bdlrt_kernel_args &a = lane.popArgs[p];
      a.begin = 0;
      a.end = nv.n;
      a.step = t;
      a.t = time;
      sim_.call(t_.adjointReset[p], a);
    }
    if (t_.countLogits)
      for (std::int64_t i = 0; i < out.n; ++i) own(lane, outGroup, out.sbar)[i] += dlogits[i] * t_.logitScale * weight;
    if (t_.firstSpikeLogits)
      for (std::int64_t i = 0; i < out.n; ++i)
        own(lane, outGroup, out.sbar)[i] += dlogits[i] * t_.logitScale * weight * firstSpikeSlope(lane, i, t);
    if (t_.ratePopulation >= 0) {
      // d/ds_it of weight * mean_i (count_i / D - target)^2, the same for
      // every step of the sample: 2 weight (r_i - target) / (N D).
      const Neurons &rp = lane.pops[t_.ratePopulation];
      const double duration = static_cast<double>(T) * d_.experiment.dt;
      const double scale = 2 * t_.rateWeight / (static_cast<double>(rp.n) * duration) * weight;
      double *sbar = own(lane, d_.populations[t_.ratePopulation].group, rp.sbar);
      for (std::int64_t i = 0; i < rp.n; ++i) sbar[i] += scale * (lane.rateCounts[i] / duration - t_.rateTarget);
    }
    for (std::size_t k = 0; k < d_.projections.size(); ++k) {
      const Neurons &pre = lane.pops[d_.projections[k].pre];
      bdlrt_kernel_args &a = lane.preArgs[k];
      a.step = t;
      a.t = time;
      // A spike source's spike adjoint reaches nothing (its spikes are data).
      if (t_.adjointSbar[k] >= 0 && trained_[d_.projections[k].pre]) {
        a.list = every_[d_.projections[k].pre].data();
        a.begin = 0;
        a.end = pre.n;
        sim_.call(t_.adjointSbar[k], a);
      }
      std::size_t r = static_cast<std::size_t>(t - pre.tapeFrom);
      if (t_.adjointGrad[k] >= 0 && pre.spikeStart[r + 1] > pre.spikeStart[r]) {
        a.list = pre.spikeTape.data();
        a.begin = pre.spikeStart[r];
        a.end = pre.spikeStart[r + 1];
        sim_.call(t_.adjointGrad[k], a);
      }
    }
    for (std::size_t p = 0; p < lane.pops.size(); ++p) {
      if (!trained_[p] || t_.adjointUpdate[p] < 0) continue;
      bdlrt_kernel_args &a = lane.popArgs[p];
      a.begin = 0;
      a.end = lane.pops[p].n;
      a.step = t;
      a.t = time;
      sim_.call(t_.adjointUpdate[p], a);
    }
    for (std::size_t k = 0; k < d_.projections.size(); ++k)
      for (int kernel : {t_.adjointCont[k], t_.adjointContGrad[k]}) {
        if (kernel < 0 || (kernel == t_.adjointCont[k] && !trained_[d_.projections[k].pre])) continue;
        bdlrt_kernel_args &a = lane.preArgs[k];
        a.step = t;
        a.t = time;
        a.list = every_[d_.projections[k].pre].data();
        a.begin = 0;
        a.end = lane.pops[d_.projections[k].pre].n;
        sim_.call(kernel, a);
      }
  }
}

} // namespace bdlrt
