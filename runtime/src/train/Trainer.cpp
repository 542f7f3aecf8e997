// SPDX-License-Identifier: Apache-2.0
//===- Trainer.cpp - the forward/backward loop of surrogate-gradient BPTT ---===//
//
// One forward step is the plain simulation's order (StepLoop.cpp) with
// delays of zero: every population's update (and spike detection), the
// input's spikes from the sample, delivery of this step's spikes, resets.
// The tape holds x before the update, z after delivery and s per step; the
// backward step restores them into the state arrays and runs the adjoint
// kernels: resets, synapses (which add to pre `_sbar` and `_grad.`), updates.
#include "Trainer.h"

#include "../Error.h"
#include "../Npy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>

namespace bdlrt {

using nlohmann::json;

TrainingDesc parseTraining(const std::string &text, const Descriptor &d) {
  json j = json::parse(text);
  TrainingDesc t;
  for (const json &p : j.at("params")) t.params.push_back({p.at("projection"), p.at("var"), p.at("grad")});
  t.input = j.at("input");
  t.inputArray = j.at("input_array");
  t.labelsArray = j.at("labels_array");
  t.countLogits = j.at("logits") == "count";
  t.output = j.at("output");
  t.outputVar = j.at("output_var");
  t.logitScale = j.at("logit_scale");
  t.adam = j.at("optimizer") == "adam";
  t.lr = j.at("lr");
  t.beta1 = j.at("beta1");
  t.beta2 = j.at("beta2");
  t.eps = j.at("eps");
  t.epochs = j.at("epochs");
  t.batch = j.at("batch");
  t.testFraction = j.at("test_fraction");
  t.samples = j.at("samples");
  t.steps = j.at("steps");
  for (const json &p : j.at("populations")) {
    t.adjointReset.push_back(p.at("adjoint_reset"));
    t.adjointUpdate.push_back(p.at("adjoint_update"));
  }
  for (const json &p : j.at("projections")) {
    t.adjointGrad.push_back(p.at("adjoint"));
    t.adjointSbar.push_back(p.at("adjoint_sbar"));
  }
  if (t.input < 0 || t.inputArray < 0 || t.labelsArray < 0 || t.output < 0 ||
      t.adjointReset.size() != d.populations.size() || t.adjointGrad.size() != d.projections.size())
    throw Error("the model's training description is incomplete");
  return t;
}

Trainer::Trainer(Simulation &sim, const Descriptor &d, TrainingDesc t, bool quiet)
    : sim_(sim), d_(d), t_(std::move(t)), quiet_(quiet) {
  if (d.single) throw Error("training runs in double precision: build the model without '--precision single'");
  pops_.resize(d.populations.size());
  trained_.assign(d.populations.size(), false);
  for (std::size_t p = 0; p < d.populations.size(); ++p) {
    const GroupDesc &g = d.groups[d.populations[p].group];
    Neurons &nv = pops_[p];
    nv.n = sim.groupSize(d.populations[p].group);
    auto find = [&](const std::string &name) {
      for (std::size_t v = 0; v < g.vars.size(); ++v)
        if (g.vars[v].name == name) return static_cast<int>(v);
      return -1;
    };
    trained_[p] = static_cast<int>(p) != t_.input;
    for (std::size_t v = 0; v < g.vars.size(); ++v)
      if (g.vars[v].name.starts_with("_adj.")) {
        std::string x = g.vars[v].name.substr(5);
        nv.x.push_back(find(x));
        nv.adj.push_back(static_cast<int>(v));
        nv.z.push_back(find("_z." + x));
      }
    nv.s = find("_s");
    nv.sbar = find("_sbar");
    spikes_.emplace_back(static_cast<std::size_t>(nv.n));
    every_.emplace_back(static_cast<std::size_t>(nv.n));
    std::iota(every_.back().begin(), every_.back().end(), 0);
  }
  // Every sample starts from the neurons' state after set-up.
  initial_.resize(d.groups.size());
  for (const PopulationDesc &pd : d.populations)
    for (std::size_t v = 0; v < d.groups[pd.group].vars.size(); ++v) {
      const StateArray &a = sim.state_[pd.group][v];
      const double *p = static_cast<const double *>(a.data());
      initial_[pd.group].emplace_back(p, p + a.size());
    }
  const Neurons &out = pops_[t_.output];
  auto at = std::find(out.x.begin(), out.x.end(), t_.outputVar);
  if (!t_.countLogits && at == out.x.end())
    throw Error("the loss reads '" + d.groups[d.populations[t_.output].group].vars[t_.outputVar].name +
                "', which is not a state of the output population");
  for (const TrainingDesc::Param &p : t_.params) {
    std::int64_t n = sim.synapses(p.projection).size();
    if (d.projections[p.projection].storage == ProjectionDesc::Storage::Dense)
      n = sim.projections_[p.projection].synapses();
    m1_.emplace_back(static_cast<std::size_t>(n), 0.0);
    m2_.emplace_back(static_cast<std::size_t>(n), 0.0);
  }
}

int Trainer::label(std::int64_t k) const {
  double v = sim_.arrays_[t_.labelsArray][static_cast<std::size_t>(k)];
  std::int64_t classes = pops_[t_.output].n;
  if (!(v >= 0) || v >= static_cast<double>(classes) || v != std::floor(v))
    throw Error("label " + std::to_string(v) + " of sample " + std::to_string(k) + " is not a class of the " +
                std::to_string(classes) + " output neurons");
  return static_cast<int>(v);
}

std::vector<double> Trainer::forward(std::int64_t k, bool tape) {
  for (const PopulationDesc &pd : d_.populations)
    for (std::size_t v = 0; v < initial_[pd.group].size(); ++v)
      std::memcpy(var(pd.group, static_cast<int>(v)), initial_[pd.group][v].data(), initial_[pd.group][v].size() * sizeof(double));
  const std::int64_t T = t_.steps;
  const Neurons &out = pops_[t_.output];
  std::vector<double> best(static_cast<std::size_t>(out.n), -std::numeric_limits<double>::infinity());
  std::vector<double> counts(static_cast<std::size_t>(out.n), 0.0);
  argmax_.assign(static_cast<std::size_t>(out.n), -1);
  std::vector<std::int64_t> nspikes(pops_.size(), 0);
  for (Neurons &nv : pops_)
    if (tape) {
      nv.xTape.resize(static_cast<std::size_t>(T * nv.x.size() * nv.n));
      nv.zTape.resize(nv.xTape.size());
      nv.sTape.resize(static_cast<std::size_t>(T * nv.n));
      nv.spikeTape.clear();
      nv.spikeStart.assign(static_cast<std::size_t>(T + 1), 0);
    }
  const Neurons &in = pops_[t_.input];
  const double *raster = sim_.arrays_[t_.inputArray].data() + k * T * in.n;
  auto save = [&](Neurons &nv, int group, std::vector<double> &to, const std::vector<int> &vars, std::int64_t t) {
    for (std::size_t a = 0; a < vars.size(); ++a)
      std::memcpy(to.data() + (t * vars.size() + a) * nv.n, var(group, vars[a]), nv.n * sizeof(double));
  };
  for (std::int64_t t = 0; t < T; ++t) {
    double time = static_cast<double>(t) * d_.experiment.dt;
    for (std::size_t p = 0; p < pops_.size(); ++p) {
      const PopulationDesc &pd = d_.populations[p];
      Neurons &nv = pops_[p];
      nspikes[p] = 0;
      if (!trained_[p]) {
        for (std::int64_t i = 0; i < nv.n; ++i)
          if (raster[t * nv.n + i] != 0) spikes_[p][nspikes[p]++] = static_cast<std::int32_t>(i);
        continue;
      }
      if (tape) save(nv, pd.group, nv.xTape, nv.x, t);
      bdlrt_kernel_args a = sim_.argsFor(pd.group);
      a.begin = 0;
      a.end = nv.n;
      a.step = t;
      a.t = time;
      a.spikes = spikes_[p].data();
      a.nspikes = &nspikes[p];
      if (pd.update >= 0) sim_.call(pd.update, a);
      if (pd.threshold >= 0 && !pd.updateDetectsSpikes) sim_.call(pd.threshold, a);
    }
    for (std::size_t p = 0; p < pops_.size(); ++p) {
      Neurons &nv = pops_[p];
      if (nv.s < 0) continue;
      double *s = var(d_.populations[p].group, nv.s);
      std::fill(s, s + nv.n, 0.0);
      for (std::int64_t q = 0; q < nspikes[p]; ++q) s[spikes_[p][q]] = 1;
      if (tape) {
        std::memcpy(nv.sTape.data() + t * nv.n, s, nv.n * sizeof(double));
        nv.spikeTape.insert(nv.spikeTape.end(), spikes_[p].begin(), spikes_[p].begin() + nspikes[p]);
        nv.spikeStart[t + 1] = static_cast<std::int64_t>(nv.spikeTape.size());
      }
    }
    for (std::size_t k2 = 0; k2 < d_.projections.size(); ++k2) {
      const ProjectionDesc &pr = d_.projections[k2];
      if (pr.onPre < 0 || nspikes[pr.pre] == 0) continue;
      bdlrt_kernel_args a = sim_.byPreArgs(static_cast<int>(k2), t, time);
      a.list = spikes_[pr.pre].data();
      a.begin = 0;
      a.end = nspikes[pr.pre];
      sim_.call(pr.onPre, a);
    }
    for (std::size_t p = 0; p < pops_.size(); ++p) {
      const PopulationDesc &pd = d_.populations[p];
      if (!trained_[p]) continue;
      if (tape) save(pops_[p], pd.group, pops_[p].zTape, pops_[p].x, t);
      if (pd.reset < 0 || nspikes[p] == 0) continue;
      bdlrt_kernel_args a = sim_.argsFor(pd.group);
      a.list = spikes_[p].data();
      a.begin = 0;
      a.end = nspikes[p];
      a.step = t;
      a.t = time;
      sim_.call(pd.reset, a);
    }
    if (t_.countLogits) {
      for (std::int64_t q = 0; q < nspikes[t_.output]; ++q) counts[spikes_[t_.output][q]] += 1;
    } else {
      const double *v = var(d_.populations[t_.output].group, t_.outputVar);
      for (std::int64_t i = 0; i < out.n; ++i)
        if (v[i] > best[i]) best[i] = v[i], argmax_[i] = t;
    }
  }
  std::vector<double> logits = t_.countLogits ? counts : best;
  for (double &l : logits) l *= t_.logitScale;
  return logits;
}

void Trainer::backward(const std::vector<double> &dlogits, double weight) {
  const std::int64_t T = t_.steps;
  const Neurons &out = pops_[t_.output];
  int outGroup = d_.populations[t_.output].group;
  int outAdj = -1;
  for (std::size_t a = 0; a < out.x.size(); ++a)
    if (out.x[a] == t_.outputVar) outAdj = out.adj[a];
  for (std::size_t p = 0; p < pops_.size(); ++p)
    for (int a : pops_[p].adj) std::fill(var(d_.populations[p].group, a), var(d_.populations[p].group, a) + pops_[p].n, 0.0);
  auto load = [&](Neurons &nv, int group, const std::vector<double> &from, const std::vector<int> &vars, std::int64_t t) {
    for (std::size_t a = 0; a < vars.size(); ++a)
      std::memcpy(var(group, vars[a]), from.data() + (t * vars.size() + a) * nv.n, nv.n * sizeof(double));
  };
  for (std::int64_t t = T - 1; t >= 0; --t) {
    double time = static_cast<double>(t) * d_.experiment.dt;
    // The loss reads x after step t: its adjoint enters before step t's reverse.
    if (!t_.countLogits)
      for (std::int64_t i = 0; i < out.n; ++i)
        if (argmax_[i] == t) var(outGroup, outAdj)[i] += dlogits[i] * t_.logitScale * weight;
    for (std::size_t p = 0; p < pops_.size(); ++p) {
      Neurons &nv = pops_[p];
      int g = d_.populations[p].group;
      if (nv.s >= 0) std::memcpy(var(g, nv.s), nv.sTape.data() + t * nv.n, nv.n * sizeof(double));
      if (!trained_[p]) continue;
      load(nv, g, nv.xTape, nv.x, t);
      load(nv, g, nv.zTape, nv.z, t);
      if (t_.adjointReset[p] < 0) continue;
      bdlrt_kernel_args a = sim_.argsFor(g);
      a.begin = 0;
      a.end = nv.n;
      a.step = t;
      a.t = time;
      sim_.call(t_.adjointReset[p], a);
    }
    if (t_.countLogits)
      for (std::int64_t i = 0; i < out.n; ++i) var(outGroup, out.sbar)[i] += dlogits[i] * t_.logitScale * weight;
    for (std::size_t k = 0; k < d_.projections.size(); ++k) {
      const Neurons &pre = pops_[d_.projections[k].pre];
      bdlrt_kernel_args a = sim_.byPreArgs(static_cast<int>(k), t, time);
      if (t_.adjointSbar[k] >= 0) {
        a.list = every_[d_.projections[k].pre].data();
        a.begin = 0;
        a.end = pre.n;
        sim_.call(t_.adjointSbar[k], a);
      }
      if (t_.adjointGrad[k] >= 0 && pre.spikeStart[t + 1] > pre.spikeStart[t]) {
        a.list = pre.spikeTape.data();
        a.begin = pre.spikeStart[t];
        a.end = pre.spikeStart[t + 1];
        sim_.call(t_.adjointGrad[k], a);
      }
    }
    for (std::size_t p = 0; p < pops_.size(); ++p) {
      if (!trained_[p] || t_.adjointUpdate[p] < 0) continue;
      bdlrt_kernel_args a = sim_.argsFor(d_.populations[p].group);
      a.begin = 0;
      a.end = pops_[p].n;
      a.step = t;
      a.t = time;
      sim_.call(t_.adjointUpdate[p], a);
    }
  }
}

double Trainer::loss(const std::vector<double> &logits, int label, std::vector<double> *grad) const {
  double top = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (double l : logits) sum += std::exp(l - top);
  if (grad) {
    grad->resize(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i)
      (*grad)[i] = std::exp(logits[i] - top) / sum - (static_cast<int>(i) == label ? 1.0 : 0.0);
  }
  return std::log(sum) + top - logits[static_cast<std::size_t>(label)];
}

void Trainer::zeroGradients() {
  for (const TrainingDesc::Param &p : t_.params) {
    int g = d_.projections[p.projection].group;
    std::fill(var(g, p.grad), var(g, p.grad) + sim_.projections_[p.projection].synapses(), 0.0);
  }
}

// Adam (Kingma & Ba 2015) or SGD in each parameter's display unit: a
// learning rate of 0.01 moves a weight in mV by about 0.01 mV per step.
void Trainer::step() {
  ++updates_;
  double c1 = 1 - std::pow(t_.beta1, static_cast<double>(updates_));
  double c2 = 1 - std::pow(t_.beta2, static_cast<double>(updates_));
  for (std::size_t q = 0; q < t_.params.size(); ++q) {
    const TrainingDesc::Param &p = t_.params[q];
    int g = d_.projections[p.projection].group;
    double unit = d_.groups[g].vars[p.var].unitScale;
    double *w = var(g, p.var);
    const double *grad = var(g, p.grad);
    std::int64_t n = sim_.projections_[p.projection].synapses();
    for (std::int64_t s = 0; s < n; ++s) {
      double gd = grad[s] * unit; // dL/dw per display unit
      if (!t_.adam) {
        w[s] -= unit * t_.lr * gd;
        continue;
      }
      double &m = m1_[q][s], &v = m2_[q][s];
      m = t_.beta1 * m + (1 - t_.beta1) * gd;
      v = t_.beta2 * v + (1 - t_.beta2) * gd * gd;
      w[s] -= unit * t_.lr * (m / c1) / (std::sqrt(v / c2) + t_.eps);
    }
  }
}

} // namespace bdlrt
