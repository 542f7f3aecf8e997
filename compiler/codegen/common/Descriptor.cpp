// SPDX-License-Identifier: Apache-2.0
//===- Descriptor.cpp - the model descriptor the runtime reads -------------===//
//
// Everything the runtime needs besides the kernels: groups and their
// variables (names, SI dimensions, display units, defaults), projections
// with their rules, which kernel does what, and the experiment. It is JSON
// so that the manifest of a results directory can carry it forward and any
// tool can read it. The schema is documented in runtime/include/bdlrt/bdlrt.h
// and docs/runtime.md.
#include "codegen/Backend.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <limits>

namespace bdl::codegen {

using nlohmann::json;

namespace {

const char *kindName(ir::GroupKind k) {
  switch (k) {
  case ir::GroupKind::Neuron: return "neuron";
  case ir::GroupKind::Synapse: return "synapse";
  case ir::GroupKind::Network: return "network";
  }
  return "?";
}

const char *roleName(ir::Var::Role r) {
  switch (r) {
  case ir::Var::Role::Param: return "param";
  case ir::Var::Role::State: return "state";
  case ir::Var::Role::Internal: return "internal";
  }
  return "?";
}

/// The parameter a value comes from: `probability(p)` lowers to an internal
/// var initialised to `p`, a constant `delay 1 ms` to a parameter of the
/// projection. {-1, -1} when the value is an expression of several things.
std::pair<int, int> sourceParam(const ir::Module &m, int group, int var) {
  for (int depth = 0; depth < 8 && group >= 0 && var >= 0; ++depth) {
    const ir::Var &v = m.groups[group].vars[var];
    if (v.role == ir::Var::Role::Param && !v.perEntity) return {group, var};
    if (!v.init || v.init->op != ir::Op::Var) break;
    group = v.init->var.group;
    var = v.init->var.var;
  }
  return {-1, -1};
}

/// The checks sema applies to the values parameters feed (E0602 connection
/// probability in [0, 1], E0604 degree at most the population size, E0424
/// no negative delay or refractory period), keyed by the parameter, so that
/// the executable's `--set` refuses what `bdlc check` refuses in the source.
std::map<std::pair<int, int>, json> valueChecks(const ir::Module &m) {
  std::map<std::pair<int, int>, json> out;
  auto attach = [&](std::pair<int, int> param, json check) {
    if (param.first >= 0) out[param].push_back(std::move(check));
  };
  for (const ir::Projection &pr : m.projections) {
    const ir::Group &pre = m.groups[m.populations[pr.pre].group], &post = m.groups[m.populations[pr.post].group];
    for (auto &[name, var] : pr.rule.args) {
      std::pair<int, int> param = sourceParam(m, pr.group, var);
      if (pr.rule.kind == "probability" && name == "p")
        attach(param, {{"what", "connection probability"}, {"min", 0}, {"max", 1}});
      bool in = pr.rule.kind == "fixed_indegree", outDegree = pr.rule.kind == "fixed_outdegree";
      if ((in || outDegree) && name == "k")
        attach(param, {{"what", in ? "in-degree" : "out-degree"},
                       {"of", pre.name + " -> " + post.name},
                       {"max", in ? pre.size : post.size},
                       {"max_what", in ? "source population size" : "target population size"}});
    }
    if (pr.delayVar >= 0 && !pr.perSynapseDelay)
      attach(sourceParam(m, pr.group, pr.delayVar), {{"what", "synaptic delay"}, {"min", 0}});
  }
  for (const ir::Population &p : m.populations)
    if (p.refractory && p.refractory->op == ir::Op::Var)
      attach(sourceParam(m, p.refractory->var.group, p.refractory->var.var),
             {{"what", "refractory period"}, {"min", 0}});
  return out;
}

} // namespace

/// `train { ... }` (runtime/src/train/): the data, loss and optimiser, and
/// the backward kernels by population and projection (passes/Adjoint.cpp
/// names them; their variables are found by name, `_adj.v`, `_z.v`, ...).
static json trainingJson(const ir::KernelModule &km, const ir::Training &tr) {
  const ir::Module &m = km.model;
  auto kernelNamed = [&](const std::string &prefix, int group) {
    for (std::size_t k = 0; k < km.kernels.size(); ++k)
      if (km.kernels[k].group == group && km.kernels[k].name.rfind(prefix, 0) == 0) return static_cast<int>(k);
    return -1;
  };
  json pops = json::array();
  for (const ir::Population &p : m.populations)
    pops.push_back({{"adjoint_reset", kernelNamed("bdl_adjoint_reset_", p.group)},
                    {"adjoint_update", kernelNamed("bdl_adjoint_update_", p.group)}});
  json projs = json::array();
  for (const ir::Projection &pr : m.projections)
    projs.push_back({{"adjoint", kernelNamed("bdl_adjoint_on_pre_", pr.group)},
                     {"adjoint_sbar", kernelNamed("bdl_adjoint_sbar_", pr.group)},
                     {"adjoint_cont", kernelNamed("bdl_adjoint_cont_", pr.group)},
                     {"adjoint_cgrad", kernelNamed("bdl_adjoint_cgrad_", pr.group)}});
  json params = json::array();
  for (const ir::Training::Param &p : tr.params)
    params.push_back({{"projection", p.projection}, {"var", p.var}, {"grad", p.grad}, {"population", p.population}});
  const char *surrogates[] = {"fast_sigmoid", "sigmoid", "arctan", "triangle"};
  return {{"params", params},
          {"input", tr.inputPopulation},
          {"input_array", tr.inputArray},
          {"labels_array", tr.labelsArray},
          {"logits", tr.logits == ir::Training::Logits::SpikeCount   ? "count"
                     : tr.logits == ir::Training::Logits::FirstSpike ? "first_spike"
                     : tr.logits == ir::Training::Logits::Trace      ? "trace"
                                                                     : "max"},
          {"target_array", tr.targetArray},
          {"output", tr.outputPopulation},
          {"output_var", tr.outputVar},
          {"logit_scale", tr.logitScale},
          {"rate_population", tr.ratePopulation},
          {"driven_population", tr.drivenPopulation},
          {"driven_var", tr.drivenVar},
          {"driven_array", tr.drivenArray},
          {"driven_scale", tr.drivenScale},
          {"rate_target", tr.rateTarget},
          {"rate_weight", tr.rateWeight},
          {"surrogate", surrogates[static_cast<int>(tr.surrogate)]},
          {"surrogate_scale", tr.surrogateScale},
          {"detach_reset", tr.detachReset},
          {"optimizer", tr.optimizer == ir::Training::Optimizer::Sgd ? "sgd" : "adam"},
          {"lr", tr.lr},
          {"beta1", tr.beta1},
          {"beta2", tr.beta2},
          {"eps", tr.eps},
          {"epochs", tr.epochs},
          {"batch", tr.batch},
          {"test_fraction", tr.testFraction},
          {"samples", tr.samples},
          {"steps", tr.steps},
          {"populations", pops},
          {"projections", projs}};
}

std::string buildDescriptor(const ir::KernelModule &km, const std::string &version, double buildSeconds,
                            bool single, bool mpi) {
  const ir::Module &m = km.model;
  json d;
  d["bdlc_version"] = version;
  // Element type of every variable array (absent: double, as before).
  if (single) d["precision"] = "single";
  if (mpi) d["mpi"] = true; // checked for ranks (bdlc build --mpi)
  d["source"] = m.sourceFile;
  d["build_seconds"] = buildSeconds;
  d["experiment"] = {{"name", m.experiment.name},
                     {"dt", m.experiment.dt},
                     {"seed", m.experiment.seed},
                     {"duration", m.experiment.duration},
                     {"history_limit", m.experiment.historyLimit}};
  json groups = json::array();
  std::map<std::pair<int, int>, json> checks = valueChecks(m);
  for (const ir::Group &g : m.groups) {
    json vars = json::array();
    for (const ir::Var &v : g.vars) {
      vars.push_back({{"name", v.name},
                      {"role", roleName(v.role)},
                      {"per_entity", v.perEntity},
                      {"unit", v.unit.empty() ? "1" : v.unit},
                      {"unit_scale", v.unitScale},
                      {"dims", v.dims},
                      {"default", v.defaultValue}});
      auto it = checks.find({static_cast<int>(groups.size()), static_cast<int>(vars.size()) - 1});
      if (it != checks.end()) vars.back()["checks"] = it->second;
      // A computed parameter: the flag --set raises, and the formula --help shows.
      if (v.given >= 0) vars.back()["given"] = v.given;
      if (!v.formula.empty()) vars.back()["formula"] = v.formula;
    }
    groups.push_back({{"name", g.name}, {"kind", kindName(g.kind)}, {"model", g.model}, {"size", g.size}, {"vars", vars}});
  }
  d["groups"] = groups;
  json arrays = json::array();
  for (const ir::ArrayFile &a : m.arrays) {
    if (a.path.empty()) arrays.push_back({{"values", a.values}, {"shape", a.shape}});
    else arrays.push_back({{"path", a.path}, {"shape", a.shape}, {"dtype", a.dtype}, {"ascending", a.ascending}});
  }
  d["arrays"] = arrays;
  json pops = json::array();
  for (const ir::Population &p : m.populations) {
    json pop = {{"group", p.group},
                {"update", km.find(ir::KernelKind::Update, p.group)},
                {"threshold", km.find(ir::KernelKind::Threshold, p.group)},
                {"reset", km.find(ir::KernelKind::Reset, p.group)},
                {"reduce", km.find(ir::KernelKind::Reduce, p.group)},
                {"update_detects_spikes", km.fusedThreshold(p.group) >= 0}};
    // Named events, only where there are some (older runtimes never see the key).
    if (!p.events.empty()) {
      json evs = json::array();
      for (std::size_t e = 0; e < p.events.size(); ++e) {
        int ev = static_cast<int>(e);
        evs.push_back({{"name", p.events[e].name},
                       {"threshold", km.find(ir::KernelKind::Threshold, p.group, ev)},
                       {"reset", km.find(ir::KernelKind::Reset, p.group, ev)}});
      }
      pop["events"] = evs;
    }
    if (!p.histories.empty()) {
      json hs = json::array();
      for (const ir::FractionalHistory &h : p.histories)
        hs.push_back({{"var", h.var}, {"sum", h.sum}, {"scheme", h.l1 ? "l1" : "gl"}, {"order", h.order},
                      {"window", h.window}});
      pop["fractional"] = hs;
    }
    if (p.generator && p.timesArray >= 0) {
      pop["spike_times"] = {{"times_array", p.timesArray}, {"times_scale", p.timesScale},
                            {"indices_array", p.indicesArray}};
    } else if (p.generator) {
      // Spike times become steps here, where dt is known; sorted by step.
      std::vector<std::pair<std::int64_t, std::int64_t>> byStep;
      for (auto &[t, i] : p.spikeTimes) byStep.push_back({std::llround(t / m.experiment.dt), i});
      std::stable_sort(byStep.begin(), byStep.end());
      json steps = json::array(), indices = json::array();
      for (auto &[s, i] : byStep) {
        steps.push_back(s);
        indices.push_back(i);
      }
      pop["spike_times"] = {{"steps", steps}, {"indices", indices}};
    }
    pops.push_back(pop);
  }
  d["populations"] = pops;
  json projs = json::array();
  for (const ir::Projection &pr : m.projections) {
    json args = json::object();
    for (auto &[name, var] : pr.rule.args) args[name] = var;
    projs.push_back({{"group", pr.group},
                     {"pre", pr.pre},
                     {"post", pr.post},
                     {"rule", pr.rule.kind},
                     {"args", args},
                     {"autapses", pr.rule.autapses},
                     {"storage", ir::storageName(pr.storage)},
                     {"array", pr.rule.array},
                     {"delay", pr.delayVar},
                     {"on_pre", km.find(ir::KernelKind::OnPre, pr.group)},
                     {"on_pre_synapses", km.find(ir::KernelKind::OnPreSynapses, pr.group)},
                     {"on_post", km.find(ir::KernelKind::OnPost, pr.group)},
                     {"continuous", km.find(ir::KernelKind::Continuous, pr.group)},
                     {"where", km.find(ir::KernelKind::Where, pr.group)}});
  }
  for (std::size_t k = 0; k < m.projections.size(); ++k)
    if (m.projections[k].preEvent >= 0) projs[k]["event"] = m.projections[k].preEvent;
  for (std::size_t k = 0; k < m.projections.size(); ++k)
    if (int seg = km.find(ir::KernelKind::OnPreSegments, m.projections[k].group); seg >= 0)
      projs[k]["on_pre_segments"] = seg;
  d["projections"] = projs;
  json kernels = json::array();
  for (const ir::Kernel &k : km.kernels) {
    // The runtime splits kernels across threads by ranges of their own
    // entities (post neurons for on_pre). A kernel that also writes shared
    // storage (a stimulus on a shared parameter) or presynaptic variables,
    // or reads through pre what it writes through post, must run in one
    // piece.
    bool serial = !k.prologue.empty() || ir::readsWhatOthersWrite(m, k) || ir::writesSharedStorage(m, k.body);
    kernels.push_back({{"name", k.name}, {"kind", ir::spelling(k.kind)}, {"group", k.group}, {"serial", serial},
                       {"reads_pre", ir::readsPre(m, k)}, {"draws", ir::drawsRandom(k)}});
  }
  d["kernels"] = kernels;
  json recs = json::array();
  for (const ir::Recording &r : m.experiment.recordings) {
    if (r.kind == ir::Recording::Kind::Spikes) {
      recs.push_back({{"kind", "spikes"}, {"population", r.population}});
      continue;
    }
    if (r.kind == ir::Recording::Kind::Events) {
      recs.push_back({{"kind", "events"}, {"population", r.population}, {"event", r.event}});
      continue;
    }
    if (r.kind == ir::Recording::Kind::Rate) {
      recs.push_back({{"kind", "rate"}, {"population", r.population}, {"every", r.every}});
      continue;
    }
    if (r.projection >= 0) {
      recs.push_back({{"kind", "synapses"}, {"projection", r.projection}, {"vars", r.vars}, {"every", r.every}});
      continue;
    }
    recs.push_back({{"kind", "state"},
                    {"population", r.population},
                    {"vars", r.vars},
                    {"begin", r.begin},
                    {"end", r.end},
                    {"every", r.every}});
  }
  // What older descriptors lacked is written only when used.
  for (std::size_t k = 0; k < recs.size(); ++k) {
    const ir::Recording &r = m.experiment.recordings[k];
    if (r.from > 0) recs[k]["from"] = r.from;
    if (r.to < std::numeric_limits<double>::infinity()) recs[k]["to"] = r.to;
    if (!r.indices.empty()) recs[k]["indices"] = r.indices;
    if (r.kind == ir::Recording::Kind::Spikes && !r.vars.empty()) recs[k]["vars"] = r.vars;
    if (r.kind != ir::Recording::Kind::State) {
      recs[k]["begin"] = r.begin;
      recs[k]["end"] = r.end;
    }
    if (r.smooth != ir::Recording::Smooth::None)
      recs[k]["smooth"] = {{"window", r.smooth == ir::Recording::Smooth::Gaussian ? "gaussian" : "flat"},
                           {"width", r.smoothWidth}};
  }
  d["recordings"] = recs;
  // Phases after the first, as steps: what the runtime applies as each starts.
  json phases = json::array();
  for (const ir::Phase &ph : m.experiment.phases) {
    if (ph.sets.empty()) continue;
    json sets = json::array();
    for (const ir::PhaseSet &set : ph.sets)
      sets.push_back({{"group", set.group}, {"var", set.var}, {"value", set.value}});
    phases.push_back({{"step", std::llround(ph.start / m.experiment.dt)}, {"sets", sets}});
  }
  if (!phases.empty()) d["phases"] = phases;
  if (m.experiment.trials > 1) d["experiment"]["trials"] = m.experiment.trials;
  json sweeps = json::array();
  for (const ir::Sweep &sw : m.experiment.sweeps) {
    sweeps.push_back({{"group", sw.group}, {"var", sw.var}, {"values", sw.values}});
    if (sw.with >= 0) sweeps.back()["with"] = sw.with;
  }
  if (!sweeps.empty()) d["sweeps"] = sweeps;
  if (const auto &tr = m.experiment.training) d["training"] = trainingJson(km, *tr);
  json readouts = json::array();
  for (const ir::Readout &r : m.experiment.readouts)
    readouts.push_back({{"name", r.name},
                        {"kind", r.kind == ir::Readout::Kind::Force ? "force" : "ridge"},
                        {"group", m.populations[r.population].group},
                        {"var", r.var},
                        {"feedback_group", r.feedbackGroup},
                        {"feedback_var", r.feedbackVar},
                        {"every_steps", std::max<long long>(1, std::llround(r.every / m.experiment.dt))},
                        {"recording", r.recording},
                        {"target_array", r.targetArray},
                        {"alpha", r.alpha},
                        {"washout_steps", std::llround(r.washout / m.experiment.dt)},
                        {"train_steps", std::llround(r.train / m.experiment.dt)}});
  if (!readouts.empty()) d["readouts"] = readouts;
  return d.dump();
}

} // namespace bdl::codegen
