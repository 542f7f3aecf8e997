// SPDX-License-Identifier: Apache-2.0
//===- Trainer.cpp - the forward/backward loop of surrogate-gradient BPTT ---===//
//
// One forward step is the plain simulation's order (StepLoop.cpp) with
// delays of zero: every population's update (and spike detection), the
// input's spikes from the sample, delivery of this step's spikes, resets.
// The tape holds x before the update, z after delivery and s per step; the
// backward step points the lane's variables at step t's tape and runs the
// adjoint kernels: resets, synapses (which add to pre `_sbar` and `_grad.`),
// updates, then continuous synapses (which add to pre's adjoints).
#include "Trainer.h"

#include "../Error.h"
#include "../MemoryPlan.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>

namespace bdlrt {

using nlohmann::json;

TrainingDesc parseTraining(const std::string &text, const Descriptor &d) {
  json j = json::parse(text);
  TrainingDesc t;
  for (const json &p : j.at("params"))
    t.params.push_back({p.at("projection"), p.at("var"), p.at("grad"), p.value("population", -1)});
  t.input = j.at("input");
  t.inputArray = j.at("input_array");
  t.labelsArray = j.at("labels_array");
  t.countLogits = j.at("logits") == "count";
  t.firstSpikeLogits = j.at("logits") == "first_spike";
  t.trace = j.at("logits") == "trace";
  t.targetArray = j.value("target_array", -1);
  t.output = j.at("output");
  t.outputVar = j.at("output_var");
  t.logitScale = j.at("logit_scale");
  t.ratePopulation = j.value("rate_population", -1);
  t.rateTarget = j.value("rate_target", 0.0);
  t.rateWeight = j.value("rate_weight", 0.0);
  t.drivenPopulation = j.value("driven_population", -1);
  t.drivenVar = j.value("driven_var", -1);
  t.drivenArray = j.value("driven_array", -1);
  t.drivenScale = j.value("driven_scale", 1.0);
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
    t.adjointCont.push_back(p.value("adjoint_cont", -1));
    t.adjointContGrad.push_back(p.value("adjoint_cgrad", -1));
  }
  if ((t.input < 0 && t.drivenPopulation < 0) || (t.input >= 0 && t.inputArray < 0) || (t.labelsArray < 0 && !t.trace) || (t.trace && t.targetArray < 0) || t.output < 0 ||
      t.adjointReset.size() != d.populations.size() || t.adjointGrad.size() != d.projections.size())
    throw Error("the model's training description is incomplete");
  return t;
}

Trainer::Trainer(Simulation &sim, const Descriptor &d, TrainingDesc t, bool quiet, int threads)
    : sim_(sim), d_(d), t_(std::move(t)), quiet_(quiet), threads_(std::max(1, threads)) {
  if (d.single) throw Error("training runs in double precision: build the model without '--precision single'");
  layout_.resize(d.populations.size());
  trained_.assign(d.populations.size(), false);
  for (std::size_t p = 0; p < d.populations.size(); ++p) {
    const GroupDesc &g = d.groups[d.populations[p].group];
    Neurons &nv = layout_[p];
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
  const Neurons &out = layout_[t_.output];
  if (!t_.countLogits && !t_.firstSpikeLogits && std::find(out.x.begin(), out.x.end(), t_.outputVar) == out.x.end())
    throw Error("the loss reads '" + d.groups[d.populations[t_.output].group].vars[t_.outputVar].name +
                "', which is not a state of the output population");
  kept_.resize(d.groups.size());
  for (std::size_t g = 0; g < d.groups.size(); ++g) kept_[g].assign(d.groups[g].vars.size(), false);
  for (const TrainingDesc::Param &p : t_.params) {
    std::size_t n = static_cast<std::size_t>(countOf(p));
    m1_.emplace_back(n, 0.0);
    m2_.emplace_back(n, 0.0);
    kept_[groupOf(p)][p.var] = kept_[groupOf(p)][p.grad] = true;
  }
  // The driven parameter's values in its unit, once for every epoch; each
  // step (and its reverse) points the parameter at its own.
  if (t_.drivenPopulation >= 0) {
    const std::vector<double> &a = sim.arrays_[t_.drivenArray];
    driven_.resize(a.size());
    for (std::size_t q = 0; q < a.size(); ++q) driven_[q] = a[q] * t_.drivenScale;
  }
  // What a segment's start saves: every variable the forward pass reads
  // or writes and does not keep across samples.
  for (std::size_t p = 0; p < layout_.size(); ++p) {
    const Neurons &nv = layout_[p];
    int g = d.populations[p].group;
    for (std::size_t v = 0; v < d.groups[g].vars.size(); ++v) {
      int var = static_cast<int>(v);
      bool backwardOnly = var == nv.s || var == nv.sbar || std::find(nv.adj.begin(), nv.adj.end(), var) != nv.adj.end() ||
                          std::find(nv.z.begin(), nv.z.end(), var) != nv.z.end();
      if (kept_[g][v] || backwardOnly) continue;
      std::int64_t n = static_cast<std::int64_t>(initial_[g][v].size());
      forwardVars_.emplace_back(g, var, n);
      segmentStateValues_ += n;
    }
  }
  // Lanes: as many as a batch has samples, at most 8.
  std::int64_t lanes = std::min<std::int64_t>(8, std::max(1, t_.batch));
  lanes_.resize(static_cast<std::size_t>(lanes));
  for (Lane &lane : lanes_) {
    lane.own = initial_;
    lane.ptr.resize(d.groups.size());
    for (std::size_t g = 0; g < d.groups.size(); ++g) lane.ptr[g] = sim.groupVars_[g]; // shared: network, synapses
    for (const TrainingDesc::Param &p : t_.params) {
      lane.grad.emplace_back(static_cast<std::size_t>(countOf(p)), 0.0);
      lane.ptr[groupOf(p)][p.grad] = lane.grad.back().data();
      lane.ptr[groupOf(p)][p.var] = sim.groupVars_[groupOf(p)][p.var]; // shared, as the optimiser moves it
    }
    lane.pops = layout_;
    for (const Neurons &nv : layout_) lane.spikes.emplace_back(static_cast<std::size_t>(nv.n));
    for (const PopulationDesc &pd : d.populations) lane.popArgs.push_back(args(lane, pd.group));
    for (std::size_t k = 0; k < d.projections.size(); ++k) {
      lane.preArgs.push_back(onLane(lane, static_cast<int>(k), sim.byPreArgs(static_cast<int>(k), 0, 0)));
      lane.postArgs.push_back(onLane(lane, static_cast<int>(k), sim.byPostArgs(static_cast<int>(k), 0, 0)));
    }
  }
}

void Trainer::planTape(double bytes, const std::string &what) {
  // A lane's tape per step: x and z of every differentiated variable and s
  // of every neuron (doubles), and at most every neuron's index in the
  // spike list; a segment's start: the forward variables.
  double perStep = 0;
  for (const Neurons &nv : layout_)
    perStep += static_cast<double>(nv.n) * (8.0 * static_cast<double>(2 * nv.x.size() + 1) + 4.0);
  const double lanes = static_cast<double>(lanes_.size());
  const double start = 8.0 * static_cast<double>(segmentStateValues_);
  const std::int64_t T = t_.steps;
  auto need = [&](std::int64_t k) {
    std::int64_t segments = (T + k - 1) / k;
    return lanes * (static_cast<double>(k) * perStep + (segments > 1 ? static_cast<double>(segments) * start : 0.0));
  };
  // The longest segments that fit; failing that, say what the least is.
  std::int64_t k = T, least = T;
  while (k > 1 && need(k) > bytes) {
    if (need(k) < need(least)) least = k;
    --k;
  }
  if (need(k) > bytes)
    throw Error("the tapes of back-propagation need at least " + formatBytes(std::min(need(least), need(1))) +
                " in segments (" + std::to_string(lanes_.size()) + " lanes of samples of " + std::to_string(T) +
                " steps), more than the " + formatBytes(bytes) + " " + what);
  segmentSteps_ = k;
  tapeBytes_ = need(k);
  if (segments() > 1)
    for (Lane &lane : lanes_) lane.segmentStarts.assign(static_cast<std::size_t>(segments() * segmentStateValues_), 0.0);
}

int Trainer::groupOf(const TrainingDesc::Param &p) const {
  return p.projection >= 0 ? d_.projections[p.projection].group : d_.populations[p.population].group;
}

std::int64_t Trainer::countOf(const TrainingDesc::Param &p) const {
  if (p.projection >= 0) return sim_.projections_[p.projection].synapses();
  return d_.groups[groupOf(p)].vars[p.var].perEntity ? sim_.groupSize(groupOf(p)) : 1;
}

std::string Trainer::stemOf(const TrainingDesc::Param &p) const {
  const GroupDesc &g = d_.groups[groupOf(p)];
  return Recorder::stem(g.name) + "_" + g.vars[p.var].name; // as `record w of P -> Q` names it
}

int Trainer::label(std::int64_t k) const {
  double v = sim_.arrays_[t_.labelsArray][static_cast<std::size_t>(k)];
  std::int64_t classes = layout_[t_.output].n;
  if (!(v >= 0) || v >= static_cast<double>(classes) || v != std::floor(v))
    throw Error("label " + std::to_string(v) + " of sample " + std::to_string(k) + " is not a class of the " +
                std::to_string(classes) + " output neurons");
  return static_cast<int>(v);
}

void Trainer::drive(Lane &lane, std::int64_t t) {
  if (t_.drivenPopulation < 0) return;
  const std::int64_t n = layout_[t_.drivenPopulation].n;
  lane.ptr[d_.populations[t_.drivenPopulation].group][t_.drivenVar] = driven_.data() + (lane.sample * t_.steps + t) * n;
}

bdlrt_kernel_args Trainer::args(Lane &lane, int group) const {
  bdlrt_kernel_args a = sim_.argsFor(group);
  a.self = lane.ptr[group].data();
  return a;
}

bdlrt_kernel_args Trainer::onLane(Lane &lane, int projection, bdlrt_kernel_args a) const {
  const ProjectionDesc &pr = d_.projections[projection];
  a.self = lane.ptr[pr.group].data();
  a.pre = lane.ptr[d_.populations[pr.pre].group].data();
  a.post = lane.ptr[d_.populations[pr.post].group].data();
  return a;
}

void Trainer::runBatch(const std::vector<std::int64_t> &order, std::int64_t first, std::int64_t count, bool learn,
                       std::vector<double> &losses, std::vector<double> &correct) {
  losses.assign(static_cast<std::size_t>(count), 0.0);
  correct.assign(static_cast<std::size_t>(count), 0.0);
  const int lanes = static_cast<int>(lanes_.size());
  std::vector<std::exception_ptr> failed(lanes_.size());
#pragma omp parallel for num_threads(std::min(threads_, lanes)) schedule(static, 1)
  for (int l = 0; l < lanes; ++l) {
    try {
      Lane &lane = lanes_[static_cast<std::size_t>(l)];
      std::vector<double> g;
      for (std::int64_t q = l; q < count; q += lanes) {
        std::int64_t k = order[static_cast<std::size_t>(first + q)];
        std::vector<double> logits = forward(lane, k, learn);
        if (t_.trace) {
          losses[q] = logits[0] + lane.rateLoss;
          correct[q] = std::nan(""); // a trace has no classes
        } else {
          int y = label(k);
          losses[q] = loss(logits, y, learn ? &g : nullptr) + lane.rateLoss;
          correct[q] = std::max_element(logits.begin(), logits.end()) - logits.begin() == y;
        }
        if (learn) backward(lane, g, 1.0 / static_cast<double>(count));
      }
    } catch (...) {
      failed[static_cast<std::size_t>(l)] = std::current_exception();
    }
  }
  for (const std::exception_ptr &e : failed)
    if (e) std::rethrow_exception(e);
}

std::vector<double> Trainer::gradient(std::size_t q) const {
  std::vector<double> sum(lanes_[0].grad[q].size(), 0.0);
  for (const Lane &lane : lanes_)
    for (std::size_t s = 0; s < sum.size(); ++s) sum[s] += lane.grad[q][s];
  return sum;
}

double Trainer::spikeTime(std::int64_t step) const {
  return static_cast<double>(step < 0 ? t_.steps : step) * d_.experiment.dt;
}

// The first spike time as a function of the spikes s_k (0 or 1) of every
// step k: t1 = sum_k t_k s_k prod_{j<k} (1 - s_j) + D prod_j (1 - s_j), D the
// sample's duration. Its derivative in s_k, where the spikes are 0 and 1:
// t_k - t1 before the first spike (spiking then would have been earlier),
// t1 - t2 at it (not spiking would move the first spike to the second, t2,
// or to D), and 0 after it. The surrogate carries it to the membrane, as it
// does a spike count's 1 per spike; PyTorch's autograd of the same product
// gives the same (test/validation/train_gradients.py --loss first).
double Trainer::firstSpikeSlope(const Lane &lane, std::int64_t i, std::int64_t step) const {
  std::int64_t first = lane.firstSpike[static_cast<std::size_t>(i)];
  if (first >= 0 && step > first) return 0;
  if (step == first) return spikeTime(first) - spikeTime(lane.secondSpike[static_cast<std::size_t>(i)]);
  return spikeTime(step) - spikeTime(first);
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

// Adam (Kingma & Ba 2015) or SGD in each parameter's display unit: a
// learning rate of 0.01 moves a weight in mV by about 0.01 mV per step.
void Trainer::step() {
  ++updates_;
  double c1 = 1 - std::pow(t_.beta1, static_cast<double>(updates_));
  double c2 = 1 - std::pow(t_.beta2, static_cast<double>(updates_));
  for (std::size_t q = 0; q < t_.params.size(); ++q) {
    const TrainingDesc::Param &p = t_.params[q];
    int g = groupOf(p);
    double unit = d_.groups[g].vars[p.var].unitScale;
    double *w = var(g, p.var);
    std::vector<double> grad = gradient(q);
    for (Lane &lane : lanes_) std::fill(lane.grad[q].begin(), lane.grad[q].end(), 0.0);
    std::int64_t n = static_cast<std::int64_t>(grad.size());
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
