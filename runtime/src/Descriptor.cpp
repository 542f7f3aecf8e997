// SPDX-License-Identifier: Apache-2.0
//===- Descriptor.cpp - read and check the model descriptor JSON ----------===//
//
// The descriptor is written by bdlc, not by users, so a problem here is a
// compiler/runtime mismatch; still, it must end in a clear message rather
// than an out-of-range index in the middle of a run.

#include "Descriptor.h"

#include "Error.h"

#include "Cli.h"
#include "Npy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bdlrt {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string &what) {
  throw Error("model descriptor: " + what);
}

/// `spike_times(npy("t.npy") * 1 ms, npy("i.npy"))`: the files are read
/// here, at start, and their spikes become steps sorted by step, as the
/// compiler does for lists. What the compiler could not see (the values of
/// a file) is checked here, with messages that name the file.
void generatorFromArrays(const Descriptor &d, const json &g, PopulationDesc &pop) {
  const std::string &name = d.groups[pop.group].name;
  std::int64_t size = d.groups[pop.group].size;
  auto values = [&](int id, std::string &path) {
    if (id < 0 || static_cast<std::size_t>(id) >= d.arrays.size()) bad("spike generator '" + name + "': bad array");
    const ArrayDesc &a = d.arrays[id];
    path = a.path;
    return a.path.empty() ? a.values : readNpy(a.path).data;
  };
  std::string timesPath, indicesPath;
  std::vector<double> times = values(g.at("times_array").get<int>(), timesPath);
  double scale = g.value("times_scale", 1.0);
  int indicesId = g.value("indices_array", -1);
  std::vector<double> indices;
  if (indicesId >= 0) indices = values(indicesId, indicesPath);
  if (indicesId >= 0 && indices.size() != times.size())
    throw Error("spike_times of '" + name + "': '" + timesPath + "' has " + std::to_string(times.size()) +
                " times but '" + indicesPath + "' has " + std::to_string(indices.size()) + " indices");
  double dt = d.experiment.dt;
  std::vector<std::pair<std::int64_t, std::int32_t>> bySteps;
  for (std::size_t k = 0; k < times.size(); ++k) {
    double t = times[k] * scale;
    if (!(t >= 0) || !(t / dt < 9e15))
      throw Error("spike_times of '" + name + "': time " + std::to_string(k) + " in '" + timesPath + "' is " +
                  formatNumber(t) + " s; spike times must be finite and not negative");
    std::int64_t step = std::llround(t / dt);
    if (indicesId < 0) {
      for (std::int64_t i = 0; i < size; ++i) bySteps.push_back({step, static_cast<std::int32_t>(i)});
      continue;
    }
    double i = indices[k];
    if (!(i >= 0 && i < double(size) && std::floor(i) == i))
      throw Error("spike_times of '" + name + "': index " + std::to_string(k) + " in '" + indicesPath + "' is " +
                  formatNumber(i) + ", not a neuron of its " + std::to_string(size));
    bySteps.push_back({step, static_cast<std::int32_t>(i)});
  }
  // Sorted or not in the file: by step here, in file order within a step.
  std::stable_sort(bySteps.begin(), bySteps.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  pop.generatedSteps.reserve(bySteps.size());
  pop.generatedIndices.reserve(bySteps.size());
  for (auto &[s, i] : bySteps) {
    pop.generatedSteps.push_back(s);
    pop.generatedIndices.push_back(i);
  }
}

template <typename Enum, std::size_t N>
Enum parseEnum(const json &j, const char *field, const std::pair<const char *, Enum> (&names)[N]) {
  std::string text = j.at(field).get<std::string>();
  for (const auto &[name, value] : names)
    if (text == name) return value;
  bad("unknown " + std::string(field) + " '" + text + "'");
}

const std::pair<const char *, VarRole> kRoles[] = {
    {"param", VarRole::Param}, {"state", VarRole::State}, {"internal", VarRole::Internal}};
const std::pair<const char *, GroupKind> kGroupKinds[] = {
    {"network", GroupKind::Network}, {"neuron", GroupKind::Neuron}, {"synapse", GroupKind::Synapse}};
const std::pair<const char *, KernelKind> kKernelKinds[] = {
    {"prepare", KernelKind::Prepare},     {"init", KernelKind::Init},   {"update", KernelKind::Update},
    {"threshold", KernelKind::Threshold}, {"reset", KernelKind::Reset}, {"on_pre", KernelKind::OnPre},
    {"on_pre_synapses", KernelKind::OnPreSynapses}, {"on_pre_segments", KernelKind::OnPreSegments},
    {"on_post", KernelKind::OnPost},
    {"continuous", KernelKind::Continuous}, {"reduce", KernelKind::Reduce}, {"where", KernelKind::Where},
    {"adjoint_neurons", KernelKind::AdjointNeurons}, {"adjoint_rows", KernelKind::AdjointRows}};
const std::pair<const char *, RecordingKind> kRecordingKinds[] = {{"spikes", RecordingKind::Spikes},
                                                                  {"state", RecordingKind::State},
                                                                  {"rate", RecordingKind::Rate},
                                                                  {"synapses", RecordingKind::Synapses},
                                                                  {"events", RecordingKind::Events}};

VarDesc parseVar(const json &j) {
  VarDesc v;
  v.name = j.at("name").get<std::string>();
  v.role = parseEnum(j, "role", kRoles);
  v.perEntity = j.value("per_entity", true);
  v.unit = j.value("unit", std::string("1"));
  v.unitScale = j.value("unit_scale", 1.0);
  if (!(v.unitScale > 0.0)) bad("variable '" + v.name + "' has unit_scale " + std::to_string(v.unitScale));
  const json &dims = j.at("dims");
  if (!dims.is_array() || dims.size() != v.dims.size())
    bad("variable '" + v.name + "': dims must list 7 exponents (m kg s A K mol cd)");
  for (std::size_t i = 0; i < v.dims.size(); ++i)
    v.dims[i] = dims[i].get<double>();
  v.defaultValue = j.value("default", 0.0);
  v.given = j.value("given", -1);
  v.formula = j.value("formula", std::string());
  for (const json &c : j.value("checks", json::array())) {
    ValueCheck check;
    check.what = c.at("what").get<std::string>();
    if (c.contains("min")) check.min = c.at("min").get<double>();
    if (c.contains("max")) check.max = c.at("max").get<double>();
    check.of = c.value("of", std::string());
    check.maxWhat = c.value("max_what", std::string());
    v.checks.push_back(std::move(check));
  }
  return v;
}

/// A kernel index that must be -1 or name a kernel of the given kind.
int kernelRef(const json &j, const char *field, const Descriptor &d, KernelKind kind, int group) {
  int k = j.value(field, -1);
  if (k == -1) return -1;
  if (k < 0 || k >= static_cast<int>(d.kernels.size()))
    bad(std::string(field) + " kernel " + std::to_string(k) + " is out of range");
  if (d.kernels[k].kind != kind || d.kernels[k].group != group)
    bad(std::string(field) + " kernel '" + d.kernels[k].name + "' has the wrong kind or group");
  return k;
}

void checkIndex(int index, std::size_t size, const std::string &what) {
  if (index < 0 || static_cast<std::size_t>(index) >= size)
    bad(what + " " + std::to_string(index) + " is out of range");
}

void parseTopLevel(const json &root, Descriptor &d, std::uint32_t numKernels) {
  d.bdlcVersion = root.value("bdlc_version", std::string());
  d.source = root.value("source", std::string());
  d.buildSeconds = root.value("build_seconds", 0.0);
  std::string precision = root.value("precision", std::string("double"));
  if (precision != "double" && precision != "single")
    throw Error("model descriptor: precision '" + precision + "' is neither 'double' nor 'single'");
  d.single = precision == "single";
  d.mpi = root.value("mpi", false);
  const json &exp = root.at("experiment");
  d.experiment.name = exp.value("name", std::string("main"));
  d.experiment.dt = exp.at("dt").get<double>();
  d.experiment.seed = exp.value("seed", std::uint64_t{0});
  d.experiment.duration = exp.value("duration", 0.0);
  d.experiment.historyLimit = exp.value("history_limit", d.experiment.historyLimit);
  d.experiment.trials = exp.value("trials", 1);
  if (d.experiment.trials < 1) bad("trials must be at least 1");
  if (!(d.experiment.dt > 0.0)) bad("dt must be positive");
  if (!(d.experiment.duration >= 0.0)) bad("duration must not be negative");

  for (const json &a : root.value("arrays", json::array())) {
    ArrayDesc ad;
    ad.path = a.value("path", std::string());
    ad.shape = a.at("shape").get<std::vector<std::int64_t>>();
    if (ad.path.empty()) {
      ad.values = a.at("values").get<std::vector<double>>();
      std::int64_t n = 1;
      for (std::int64_t s : ad.shape) n *= s;
      if (n != static_cast<std::int64_t>(ad.values.size())) bad("an array's values do not fill its shape");
    }
    ad.dtype = a.value("dtype", std::string());
    ad.ascending = a.value("ascending", false);
    d.arrays.push_back(std::move(ad));
  }
  for (const json &g : root.at("groups")) {
    GroupDesc group;
    group.name = g.at("name").get<std::string>();
    group.kind = parseEnum(g, "kind", kGroupKinds);
    group.model = g.value("model", std::string());
    group.size = g.value("size", std::int64_t{0});
    if (group.kind == GroupKind::Network) group.size = 1;
    // Neuron indices travel as int32 (spike lists, CSR columns).
    if (group.size < 0 || group.size > std::numeric_limits<std::int32_t>::max())
      bad("group '" + group.name + "' has size " + std::to_string(group.size));
    for (const json &v : g.at("vars"))
      group.vars.push_back(parseVar(v));
    for (const VarDesc &v : group.vars)
      if (v.given != -1 && (v.given < 0 || v.given >= static_cast<int>(group.vars.size()) ||
                            group.vars[v.given].perEntity))
        bad("variable '" + v.name + "' of group '" + group.name + "' has no shared flag at index " +
            std::to_string(v.given));
    if (group.kind == GroupKind::Network) {
      if (d.network != -1) bad("more than one network group");
      d.network = static_cast<int>(d.groups.size());
    }
    d.groups.push_back(std::move(group));
  }

  for (const json &k : root.at("kernels")) {
    KernelDesc kernel;
    kernel.name = k.value("name", std::string());
    kernel.kind = parseEnum(k, "kind", kKernelKinds);
    kernel.serial = k.value("serial", false);
    kernel.readsPre = k.value("reads_pre", true);
    kernel.draws = k.value("draws", true);
    kernel.group = k.at("group").get<int>();
    checkIndex(kernel.group, d.groups.size(), "kernel '" + kernel.name + "': group");
    int index = static_cast<int>(d.kernels.size());
    GroupDesc &g = d.groups[kernel.group];
    if (kernel.kind == KernelKind::Prepare || kernel.kind == KernelKind::Init) {
      int &slot = kernel.kind == KernelKind::Prepare ? g.prepare : g.init;
      if (slot != -1) bad("group '" + g.name + "' has two " + k.at("kind").get<std::string>() + " kernels");
      slot = index;
    }
    d.kernels.push_back(std::move(kernel));
  }
  if (d.kernels.size() != numKernels)
    bad("lists " + std::to_string(d.kernels.size()) + " kernels but the model has " +
        std::to_string(numKernels));
}

void parseSchedule(const json &root, Descriptor &d) {
  for (const json &p : root.value("populations", json::array())) {
    PopulationDesc pop;
    pop.group = p.at("group").get<int>();
    checkIndex(pop.group, d.groups.size(), "population group");
    if (d.groups[pop.group].kind != GroupKind::Neuron)
      bad("population group '" + d.groups[pop.group].name + "' is not a neuron group");
    pop.update = kernelRef(p, "update", d, KernelKind::Update, pop.group);
    pop.threshold = kernelRef(p, "threshold", d, KernelKind::Threshold, pop.group);
    pop.reset = kernelRef(p, "reset", d, KernelKind::Reset, pop.group);
    pop.reduce = kernelRef(p, "reduce", d, KernelKind::Reduce, pop.group);
    pop.updateDetectsSpikes = p.value("update_detects_spikes", false);
    if (pop.updateDetectsSpikes && (pop.update < 0 || pop.threshold < 0))
      bad("population '" + d.groups[pop.group].name + "': update_detects_spikes without update and threshold kernels");
    for (const json &e : p.value("events", json::array())) {
      EventDesc ev;
      ev.name = e.at("name").get<std::string>();
      ev.threshold = kernelRef(e, "threshold", d, KernelKind::Threshold, pop.group);
      ev.reset = kernelRef(e, "reset", d, KernelKind::Reset, pop.group);
      if (ev.threshold < 0) bad("event '" + ev.name + "' of '" + d.groups[pop.group].name + "' has no threshold kernel");
      pop.events.push_back(std::move(ev));
    }
    for (const json &h : p.value("fractional", json::array())) {
      HistoryDesc hd;
      const GroupDesc &g = d.groups[pop.group];
      hd.var = h.at("var").get<int>();
      hd.sum = h.at("sum").get<int>();
      checkIndex(hd.var, g.vars.size(), "fractional history of '" + g.name + "': variable");
      checkIndex(hd.sum, g.vars.size(), "fractional history of '" + g.name + "': sum");
      if (!g.vars[hd.var].perEntity || !g.vars[hd.sum].perEntity)
        bad("fractional history of '" + g.name + "': variables must be per neuron");
      std::string scheme = h.at("scheme").get<std::string>();
      if (scheme != "l1" && scheme != "gl") bad("fractional history of '" + g.name + "': unknown scheme " + scheme);
      hd.l1 = scheme == "l1";
      hd.order = h.at("order").get<double>();
      if (!(hd.order > 0 && hd.order <= 1)) bad("fractional history of '" + g.name + "': order out of (0, 1]");
      hd.window = h.value("window", std::int64_t{0});
      if (hd.window < 0) bad("fractional history of '" + g.name + "': negative window");
      pop.histories.push_back(hd);
    }
    if (p.contains("spike_times")) {
      const json &g = p.at("spike_times");
      pop.generator = true;
      std::int64_t size = d.groups[pop.group].size;
      if (g.contains("times_array")) {
        generatorFromArrays(d, g, pop);
      } else {
        pop.generatedSteps = g.at("steps").get<std::vector<std::int64_t>>();
        pop.generatedIndices = g.at("indices").get<std::vector<std::int32_t>>();
      }
      if (pop.generatedSteps.size() != pop.generatedIndices.size() ||
          !std::is_sorted(pop.generatedSteps.begin(), pop.generatedSteps.end()))
        bad("spike generator '" + d.groups[pop.group].name + "': steps and indices do not match");
      for (std::int32_t i : pop.generatedIndices)
        if (i < 0 || i >= size) bad("spike generator '" + d.groups[pop.group].name + "': index out of range");
    }
    d.populations.push_back(pop);
  }

  std::vector<bool> synapseGroupUsed(d.groups.size(), false);
  for (const json &p : root.value("projections", json::array())) {
    ProjectionDesc proj;
    proj.group = p.at("group").get<int>();
    checkIndex(proj.group, d.groups.size(), "projection group");
    const GroupDesc &g = d.groups[proj.group];
    if (g.kind != GroupKind::Synapse) bad("projection group '" + g.name + "' is not a synapse group");
    if (synapseGroupUsed[proj.group]) bad("synapse group '" + g.name + "' is used by two projections");
    synapseGroupUsed[proj.group] = true;
    proj.pre = p.at("pre").get<int>();
    proj.post = p.at("post").get<int>();
    checkIndex(proj.pre, d.populations.size(), "projection '" + g.name + "': pre population");
    checkIndex(proj.post, d.populations.size(), "projection '" + g.name + "': post population");
    proj.rule = p.at("rule").get<std::string>();
    // Bound to a name: items() of a temporary would outlive it in the loop.
    const json args = p.value("args", json::object());
    for (const auto &[name, var] : args.items()) {
      int index = var.get<int>();
      checkIndex(index, g.vars.size(), "projection '" + g.name + "': argument '" + name + "' variable");
      if (g.vars[index].perEntity)
        bad("projection '" + g.name + "': argument '" + name + "' must be a shared variable");
      proj.args.emplace_back(name, index);
    }
    proj.event = p.value("event", -1);
    if (proj.event != -1)
      checkIndex(proj.event, d.populations[proj.pre].events.size(), "projection '" + g.name + "': event");
    proj.autapses = p.value("autapses", true);
    std::string storage = p.value("storage", std::string("sparse"));
    if (storage == "dense") proj.storage = ProjectionDesc::Storage::Dense;
    else if (storage == "procedural") proj.storage = ProjectionDesc::Storage::Procedural;
    else if (storage != "sparse") throw Error("model descriptor: unknown storage '" + storage + "'");
    proj.array = p.value("array", -1);
    if (proj.array != -1) checkIndex(proj.array, d.arrays.size(), "projection '" + g.name + "': array");
    proj.delay = p.value("delay", -1);
    if (proj.delay != -1) checkIndex(proj.delay, g.vars.size(), "projection '" + g.name + "': delay variable");
    proj.onPre = kernelRef(p, "on_pre", d, KernelKind::OnPre, proj.group);
    proj.onPreSynapses = kernelRef(p, "on_pre_synapses", d, KernelKind::OnPreSynapses, proj.group);
    proj.onPost = kernelRef(p, "on_post", d, KernelKind::OnPost, proj.group);
    proj.continuous = kernelRef(p, "continuous", d, KernelKind::Continuous, proj.group);
    proj.where = kernelRef(p, "where", d, KernelKind::Where, proj.group);
    // A per-synapse delay queues synapses, not neurons, and needs the kernel
    // that walks a list of synapses.
    bool perSynapse = proj.delay != -1 && g.vars[proj.delay].perEntity;
    if (perSynapse != (proj.onPreSynapses != -1) || (perSynapse && proj.onPre != -1))
      bad("projection '" + g.name + "': per-synapse delays go with an on_pre_synapses kernel, and only then");
    proj.onPreSegments = kernelRef(p, "on_pre_segments", d, KernelKind::OnPreSegments, proj.group);
    if (proj.onPreSegments != -1 && (!perSynapse || proj.storage != ProjectionDesc::Storage::Sparse ||
                                     proj.onPost != -1 || proj.continuous != -1))
      bad("projection '" + g.name + "': an on_pre_segments kernel goes with sparse per-synapse delays, without "
          "on_post or continuous");
    d.projections.push_back(std::move(proj));
  }

  for (const json &r : root.value("recordings", json::array())) {
    RecordingDesc rec;
    rec.kind = parseEnum(r, "kind", kRecordingKinds);
    const GroupDesc *gp = nullptr;
    if (rec.kind == RecordingKind::Synapses) {
      rec.projection = r.at("projection").get<int>();
      checkIndex(rec.projection, d.projections.size(), "recording projection");
      gp = &d.groups[d.projections[rec.projection].group];
    } else {
      rec.population = r.at("population").get<int>();
      checkIndex(rec.population, d.populations.size(), "recording population");
      gp = &d.populationGroup(rec.population);
      if (rec.kind == RecordingKind::Events) {
        rec.event = r.at("event").get<int>();
        checkIndex(rec.event, d.populations[rec.population].events.size(), "recording event");
      }
    }
    const GroupDesc &g = *gp;
    for (const json &v : r.value("vars", json::array())) {
      int index = v.get<int>();
      checkIndex(index, g.vars.size(), "recording of '" + g.name + "': variable");
      rec.vars.push_back(index);
    }
    rec.every = r.value("every", 0.0);
    if (!(rec.every >= 0.0)) bad("recording of '" + g.name + "': negative interval");
    rec.from = r.value("from", 0.0);
    if (!(rec.from >= 0.0)) bad("recording of '" + g.name + "': negative start");
    rec.to = r.value("to", rec.to);
    if (!(rec.to > rec.from)) bad("recording of '" + g.name + "': empty window");
    if (rec.kind != RecordingKind::Synapses) {
      rec.begin = r.value("begin", std::int64_t{0});
      rec.end = r.value("end", g.size);
      if (rec.begin < 0 || rec.end > g.size || rec.begin > rec.end)
        bad("recording of '" + g.name + "': range [" + std::to_string(rec.begin) + ", " +
            std::to_string(rec.end) + ") is outside its " + std::to_string(g.size) + " neurons");
      rec.indices = r.value("indices", std::vector<std::int64_t>());
      for (std::int64_t i : rec.indices)
        if (i < 0 || i >= g.size)
          bad("recording of '" + g.name + "': neuron " + std::to_string(i) + " is outside its " +
              std::to_string(g.size) + " neurons");
    }
    if (r.contains("smooth")) {
      const json &sm = r.at("smooth");
      std::string window = sm.at("window").get<std::string>();
      rec.smooth = window == "gaussian" ? SmoothWindow::Gaussian : window == "flat" ? SmoothWindow::Flat : SmoothWindow::None;
      rec.smoothWidth = sm.at("width").get<double>();
      if (rec.kind != RecordingKind::Rate || rec.smooth == SmoothWindow::None || !(rec.smoothWidth > 0.0))
        bad("recording of '" + g.name + "': bad smoothing");
    }
    d.recordings.push_back(std::move(rec));
  }

  std::int64_t last = 0;
  for (const json &p : root.value("phases", json::array())) {
    PhaseDesc ph;
    ph.step = p.at("step").get<std::int64_t>();
    if (ph.step < last) bad("phases out of order");
    last = ph.step;
    for (const json &st : p.value("sets", json::array())) {
      PhaseDesc::Set set;
      set.group = st.at("group").get<int>();
      checkIndex(set.group, d.groups.size(), "phase set group");
      set.var = st.at("var").get<int>();
      checkIndex(set.var, d.groups[set.group].vars.size(), "phase set variable");
      set.value = st.at("value").get<double>();
      ph.sets.push_back(set);
    }
    d.phases.push_back(std::move(ph));
  }
  if (root.contains("training")) d.training = root.at("training").dump();
  for (const json &r : root.value("readouts", json::array())) {
    ReadoutDesc out;
    out.name = r.at("name").get<std::string>();
    out.force = r.value("kind", std::string("ridge")) == "force";
    out.group = r.at("group").get<int>();
    checkIndex(out.group, d.groups.size(), "readout group");
    out.var = r.at("var").get<int>();
    checkIndex(out.var, d.groups[out.group].vars.size(), "readout variable");
    out.recording = r.at("recording").get<int>();
    if (!out.force) checkIndex(out.recording, d.recordings.size(), "readout recording");
    if (out.force) {
      out.feedbackGroup = r.at("feedback_group").get<int>();
      checkIndex(out.feedbackGroup, d.groups.size(), "readout feedback group");
      out.feedbackVar = r.at("feedback_var").get<int>();
      checkIndex(out.feedbackVar, d.groups[out.feedbackGroup].vars.size(), "readout feedback variable");
      out.everySteps = std::max<std::int64_t>(1, r.at("every_steps").get<std::int64_t>());
    }
    out.targetArray = r.at("target_array").get<int>();
    checkIndex(out.targetArray, d.arrays.size(), "readout target");
    out.alpha = r.at("alpha").get<double>();
    out.washoutSteps = r.at("washout_steps").get<std::int64_t>();
    out.trainSteps = r.at("train_steps").get<std::int64_t>();
    d.readouts.push_back(std::move(out));
  }
  for (const json &sw : root.value("sweeps", json::array())) {
    SweepDesc out;
    out.group = sw.at("group").get<int>();
    checkIndex(out.group, d.groups.size(), "sweep group");
    out.var = sw.at("var").get<int>();
    checkIndex(out.var, d.groups[out.group].vars.size(), "sweep variable");
    out.values = sw.at("values").get<std::vector<double>>();
    if (out.values.empty()) bad("sweep without values");
    out.with = sw.value("with", -1);
    if (out.with >= 0 && (static_cast<std::size_t>(out.with) >= d.sweeps.size() || d.sweeps[out.with].with >= 0 ||
                          d.sweeps[out.with].values.size() != out.values.size()))
      bad("a sweep steps with one that does not match it");
    d.sweeps.push_back(std::move(out));
  }
}

} // namespace

Descriptor parseDescriptor(const char *text, std::uint32_t numKernels) {
  if (!text) bad("missing");
  Descriptor d;
  try {
    json root = json::parse(text);
    parseTopLevel(root, d, numKernels);
    parseSchedule(root, d);
  } catch (const json::exception &e) {
    bad(e.what());
  }
  return d;
}

void giveValue(Descriptor &d, int group, int var, double si) {
  VarDesc &v = d.groups[group].vars[var];
  v.defaultValue = si;
  if (v.given >= 0) d.groups[group].vars[v.given].defaultValue = 1;
}

const char *roleName(VarRole role) {
  switch (role) {
  case VarRole::Param: return "parameter";
  case VarRole::State: return "state variable";
  case VarRole::Internal: return "internal variable";
  }
  return "variable";
}

} // namespace bdlrt
