// SPDX-License-Identifier: Apache-2.0
//===- Simulation.cpp - storage, setup and the time-step loop -------------===//
//
// Setup order matters and is fixed by bdlrt.h's contract: a group's prepare
// kernel computes its derived constants (propagators, rule arguments, the
// delay) before its init kernel or the connectivity builder reads them.
//
//     connect E -> I: probability(p = 80 / N_E), delay = 1 ms
// runs E->I's prepare (p, delay), builds the CSR from p and the seed, then
// its init over every synapse. Each step then updates, thresholds, delivers
// through the delay ring and resets, in that order.

#include "Simulation.h"

#include "Cli.h"
#include "Error.h"
#include "FiniteCheck.h"
#include "Npy.h"
#include "Progress.h"
#include "Recorder.h"
#include "Rng.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>

namespace bdlrt {

Simulation::Simulation(const bdlrt_model &model, const Descriptor &d, std::uint64_t seed, double duration,
                       int threads)
    : model_(model), d_(d), seed_(seed), connectSeed_(seed), dt_(d.experiment.dt), duration_(duration),
      threads_(std::max(1, threads)) {
  spikeCounts_.assign(2 * d.populations.size() * static_cast<std::size_t>(threads_) * kCountStride, 0);
  double steps = std::round(duration / dt_);
  if (!(dt_ > 0) || !std::isfinite(dt_)) throw Error("model descriptor: dt is " + formatNumber(dt_) + " s");
  if (!(steps >= 0) || steps > 9e15)
    throw Error("a duration of " + formatNumber(duration) + " s is " + formatNumber(duration / dt_) + " steps of dt = " +
                formatNumber(dt_) + " s, more than the 9e15 a run can count; give a shorter --duration" +
                (dt_ < 1e-9 ? ", or build the model with a larger dt" : ""));
  nsteps_ = static_cast<std::int64_t>(steps);
  stepsRun_ = nsteps_;
  groups_.resize(d.groups.size());
  groupVars_.resize(d.groups.size());
  state_.resize(d.groups.size());
  for (std::size_t g = 0; g < d.groups.size(); ++g) {
    groups_[g].size = d.groups[g].kind == GroupKind::Synapse ? 0 : d.groups[g].size;
    state_[g].resize(d.groups[g].vars.size());
    groupVars_[g].assign(d.groups[g].vars.size(), nullptr);
  }
  populations_.resize(d.populations.size());
  projections_.resize(d.projections.size());
  for (const ArrayDesc &ad : d.arrays) {
    if (ad.path.empty()) {
      arrays_.push_back(ad.values);
      arrayPtrs_.push_back(arrays_.back().data());
      continue;
    }
    NpyArray a = readNpy(ad.path);
    // The file may have been rewritten since the build checked it.
    if (a.shape != ad.shape || (!ad.dtype.empty() && a.dtype != ad.dtype))
      throw Error("'" + ad.path + "' is now " + describeNpy(a.dtype, a.shape) + ", but the model was built for " +
                  describeNpy(ad.dtype, ad.shape) + "; rebuild it");
    if (ad.ascending)
      for (std::size_t k = 1; k < a.data.size(); ++k)
        if (!(a.data[k] > a.data[k - 1]))
          throw Error("'" + ad.path + "': the times of a time_array must increase, but element " + std::to_string(k) +
                      " is not later than element " + std::to_string(k - 1));
    arrays_.push_back(std::move(a.data));
    arrayPtrs_.push_back(arrays_.back().data());
  }
}

void Simulation::allocate(int group, bool perEntity) {
  const GroupDesc &desc = d_.groups[group];
  Group &g = groups_[group];
  for (std::size_t v = 0; v < desc.vars.size(); ++v) {
    const VarDesc &var = desc.vars[v];
    if (var.perEntity != perEntity) continue;
    std::int64_t n = perEntity ? g.size : 1;
    try {
      state_[group][v].assign(n, var.defaultValue, d_.single);
    } catch (const std::bad_alloc &) {
      double mib = double(n) * (d_.single ? 4 : 8) / 1048576.0;
      throw Error("out of memory: '" + desc.name + "." + var.name + "' needs " + std::to_string(n) +
                  " values (" + formatNumber(mib) + " MiB)");
    }
    groupVars_[group][v] = state_[group][v].data();
  }
}

bdlrt_kernel_args Simulation::argsFor(int group) const {
  // After setup: a copy of the group's arguments, built once (zeroing the
  // struct anew, a `rep stos`, cost ~100 cycles a call, ten calls a step).
  if (!baseArgs_.empty()) return baseArgs_[group];
  bdlrt_kernel_args a{};
  a.self = groupVars_[group].data();
  a.net = d_.network >= 0 ? groupVars_[d_.network].data() : nullptr;
  a.dt = dt_;
  a.seed = seed_;
  a.arrays = arrayPtrs_.data();
  return a;
}

/// An init kernel over entities [a.begin, a.end), on every thread: each
/// entity's draws are keyed by its index, so any split gives the same
/// values (the synapses of the full microcircuit: 6e8 normal draws).
void Simulation::callInit(int kernel, const bdlrt_kernel_args &a) const {
  std::int64_t n = a.end - a.begin;
  int parts = threads_ > 1 && !d_.kernels[kernel].serial && n >= 65536 ? threads_ : 1;
  if (parts == 1) {
    call(kernel, a);
    return;
  }
  bdlrt_kernel_fn fn = model_.kernels[kernel];
  if (!fn) throw Error("kernel '" + d_.kernels[kernel].name + "' is missing from the model's kernel table");
#pragma omp parallel for num_threads(parts) schedule(static, 1)
  for (int t = 0; t < parts; ++t) {
    bdlrt_kernel_args x = a;
    x.begin = a.begin + n * t / parts;
    x.end = a.begin + n * (t + 1) / parts;
    fn(&x);
  }
}

void Simulation::call(int kernel, const bdlrt_kernel_args &args) const {
  bdlrt_kernel_fn fn = model_.kernels[kernel];
  if (!fn) throw Error("kernel '" + d_.kernels[kernel].name + "' is missing from the model's kernel table");
  fn(&args);
}

bdlrt_kernel_args Simulation::byPreArgs(int projection, std::int64_t step, double t) const {
  const ProjectionDesc &pd = d_.projections[projection];
  const Projection &proj = projections_[projection];
  bdlrt_kernel_args a = argsFor(pd.group);
  a.pre = groupVars_[d_.populations[pd.pre].group].data();
  a.post = groupVars_[d_.populations[pd.post].group].data();
  // Rows in order of delay: the kernel walks segments (Segments.cpp).
  const std::vector<std::int64_t> &rows = proj.segmented ? proj.segPtr : proj.csr.rowptr;
  a.rowptr = rows.data();
  a.rowend = rows.data() + 1;
  a.col = proj.csr.col.data();
  a.pre_index = proj.csr.preIndex.data();
  a.stride = proj.stride;
  a.step = step;
  a.t = t;
  return a;
}

bdlrt_kernel_args Simulation::byPostArgs(int projection, std::int64_t step, double t) const {
  const Projection &proj = projections_[projection];
  bdlrt_kernel_args a = byPreArgs(projection, step, t);
  a.rowptr = proj.postptr.data();
  a.rowend = proj.postend.empty() ? proj.postptr.data() + 1 : proj.postend.data();
  a.col = proj.postsyn.data();
  return a;
}

double Simulation::sharedValue(int group, int var, const char *what) const {
  double v = state_[group][var][0];
  if (!std::isfinite(v))
    throw Error("projection '" + d_.groups[group].name + "': " + what + " is " + std::to_string(v));
  return v;
}

void Simulation::prepare(int group) {
  const GroupDesc &gd = d_.groups[group];
  if (gd.prepare < 0) return;
  bdlrt_kernel_args a = argsFor(group);
  if (gd.kind == GroupKind::Synapse) {
    // A projection's sees both ends (rule arguments may read them); it
    // computes shared values only, so its range stays empty.
    for (const ProjectionDesc &pd : d_.projections)
      if (pd.group == group) {
        a.pre = groupVars_[d_.populations[pd.pre].group].data();
        a.post = groupVars_[d_.populations[pd.post].group].data();
      }
  } else {
    a.end = groups_[group].size;
  }
  call(gd.prepare, a);
}

void Simulation::initGroup(int group) {
  allocate(group, false);
  allocate(group, true);
  prepare(group);
  if (d_.groups[group].init < 0) return;
  bdlrt_kernel_args a = argsFor(group);
  a.end = groups_[group].size;
  callInit(d_.groups[group].init, a);
}

void Simulation::setup() {
  // The neurons' part of the plan is checked before they are allocated, the
  // synapses' once their rules' arguments are prepared, before any is built.
  plan_ = MemoryPlan();
  expectedSynapses_.assign(d_.projections.size(), 0);
  planNeurons(plan_);
  plan_.check(memoryLimit_, memoryLimitWhat_);
  for (std::size_t g = 0; g < d_.groups.size(); ++g) {
    if (d_.groups[g].kind == GroupKind::Synapse) {
      allocate(static_cast<int>(g), false); // per-synapse storage waits for the CSR
      continue;
    }
    initGroup(static_cast<int>(g));
  }
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    populations_[p].spikes.assign(2 * d_.populationGroup(static_cast<int>(p)).size, 0);
    populations_[p].list.assign(d_.populationGroup(static_cast<int>(p)).size, 0);
    populations_[p].counts.assign(d_.populationGroup(static_cast<int>(p)).size, 0);
    setupHistories(static_cast<int>(p));
    setupEvents(static_cast<int>(p));
  }
  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    prepare(d_.projections[k].group);
    planProjection(static_cast<int>(k), plan_);
  }
  planRecordings(plan_);
  plan_.check(memoryLimit_, memoryLimitWhat_);
  if (planOnly_) return;
  for (std::size_t k = 0; k < d_.projections.size(); ++k)
    setupProjection(static_cast<int>(k));
  for (const Group &g : groups_) sizes_.push_back(g.size); // synapse groups are sized now
  std::vector<bdlrt_kernel_args> base;
  for (std::size_t g = 0; g < groups_.size(); ++g) base.push_back(argsFor(static_cast<int>(g)));
  baseArgs_ = std::move(base);
}

void Simulation::setupHistories(int pop) {
  const PopulationDesc &pd = d_.populations[pop];
  const GroupDesc &gd = d_.groups[pd.group];
  std::int64_t n = groups_[pd.group].size;
  for (const HistoryDesc &h : pd.histories) {
    // The whole run, or the window; never more than the run needs.
    std::int64_t steps = std::max<std::int64_t>(1, nsteps_);
    std::int64_t window = h.window > 0 ? std::min(h.window, steps) : steps;
    double bytes = double(window) * double(n) * sizeof(double); // the history is double in either precision
    if (bytes > d_.experiment.historyLimit) {
      char msg[160];
      std::snprintf(msg, sizeof msg, "needs %.4g MiB for %lld steps, more than the %.4g MiB", bytes / 1048576.0,
                    static_cast<long long>(window), d_.experiment.historyLimit / 1048576.0);
      throw Error("the memory of d" + gd.vars[h.var].name + "/dt in '" + gd.name + "' " + msg +
                  " the model was built with (bdlc --history-limit, or a shorter --duration)");
    }
    populations_[pop].histories.emplace_back(h.l1, h.order, window, n, state_[pd.group][h.var]);
  }
}

ConnectSpec Simulation::connectSpec(int index) const {
  const ProjectionDesc &pd = d_.projections[index];
  const GroupDesc &gd = d_.groups[pd.group];
  ConnectSpec spec;
  spec.rule = ruleFromName(pd.rule);
  spec.npre = d_.populationGroup(pd.pre).size;
  spec.npost = d_.populationGroup(pd.post).size;
  spec.excludeSelf = pd.pre == pd.post && !pd.autapses;
  spec.seed = connectSeed_;
  spec.stream = kConnectivityStream + static_cast<std::uint64_t>(index);
  spec.preName = d_.populationGroup(pd.pre).name;
  spec.postName = d_.populationGroup(pd.post).name;
  if (const char *argName = ruleArgName(spec.rule)) {
    auto it = std::find_if(pd.args.begin(), pd.args.end(), [&](const auto &arg) { return arg.first == argName; });
    if (it == pd.args.end())
      throw Error("model descriptor: projection '" + gd.name + "' (" + pd.rule + ") has no argument '" + argName +
                  "'");
    spec.arg = sharedValue(pd.group, it->second, argName);
  }
  if (pd.where >= 0) {
    // The where kernel over the row's candidates (i, cols[from + s]) pushes
    // the s it keeps, ascending; the kept columns close up in order.
    bdlrt_kernel_args base = byPreArgs(index, 0, 0.0);
    base.seed = connectSeed_;
    bdlrt_kernel_fn fn = model_.kernels[pd.where];
    spec.keep = [base, fn](std::int64_t row, std::vector<std::int32_t> &cols, std::size_t from) {
      thread_local std::vector<std::int32_t> pre, kept;
      std::size_t n = cols.size() - from;
      pre.assign(n, static_cast<std::int32_t>(row));
      kept.resize(n);
      std::int64_t count = 0;
      bdlrt_kernel_args a = base;
      a.begin = 0;
      a.end = static_cast<std::int64_t>(n);
      a.pre_index = pre.data();
      a.col = cols.data() + from;
      a.spikes = kept.data();
      a.nspikes = &count;
      fn(&a);
      for (std::int64_t t = 0; t < count; ++t) cols[from + t] = cols[from + kept[t]];
      cols.resize(from + count);
    };
  }
  return spec;
}

void Simulation::setupProjection(int index) {
  const ProjectionDesc &pd = d_.projections[index];
  const GroupDesc &gd = d_.groups[pd.group];
  const GroupDesc &pre = d_.populationGroup(pd.pre);
  const GroupDesc &post = d_.populationGroup(pd.post);
  Projection &proj = projections_[index];

  if (pd.array >= 0) {
    // from_npy: the non-zero entries of the (pre x post) matrix, row by row.
    const std::vector<double> &w = arrays_[pd.array];
    std::vector<std::int32_t> rows, cols;
    for (std::int64_t i = 0; i < pre.size; ++i)
      for (std::int64_t j = 0; j < post.size; ++j)
        if (w[i * post.size + j] != 0 && !(pd.pre == pd.post && !pd.autapses && i == j)) {
          rows.push_back(static_cast<std::int32_t>(i));
          cols.push_back(static_cast<std::int32_t>(j));
        }
    proj.csr = csrFromPairs(pre.size, rows, cols);
  } else {
    ConnectSpec spec = connectSpec(index);
    proj.builtArg = spec.arg;
    if (buildsOwnOnly(index)) {
      spec.postFrom = ownFirst_[d_.populations[pd.post].group];
      spec.postTo = ownLast_[d_.populations[pd.post].group];
    }
    try {
      checkRule(spec);
      if (pd.storage == ProjectionDesc::Storage::Dense) {
        // Every pair (the compiler allows dense for all_to_all only).
        proj.stride = post.size;
        proj.csr.rowptr.resize(pre.size + 1);
        for (std::int64_t i = 0; i <= pre.size; ++i) proj.csr.rowptr[i] = i * post.size;
      } else if (pd.storage == ProjectionDesc::Storage::Procedural) {
        if (!drawsRows(spec.rule)) throw Error("procedural storage needs a rule that draws rows");
        proj.spec = spec;
      } else {
        proj.csr = buildConnectivity(spec, threads_);
      }
    } catch (const Error &e) {
      throw Error("projection '" + gd.name + "': " + e.what());
    } catch (const std::bad_alloc &) {
      throw Error("out of memory building the synapses of '" + gd.name + "' (" + pd.rule + " over " +
                  std::to_string(pre.size) + " x " + std::to_string(post.size) +
                  " neuron pairs; each synapse takes 8 bytes and 8 a variable)");
    }
  }
  proj.storage = pd.storage;

  bool perSynapseDelay = pd.delay >= 0 && gd.vars[pd.delay].perEntity;
  if (pd.delay >= 0 && !perSynapseDelay) {
    double delay = sharedValue(pd.group, pd.delay, "delay");
    if (delay < 0)
      throw Error("projection '" + gd.name + "': negative delay " + std::to_string(delay) + " s");
    proj.delaySteps = std::llround(delay / dt_);
    proj.builtDelay = delay;
  }
  proj.ring.resize(proj.delaySteps + 1);

  groups_[pd.group].size = proj.synapses();
  allocate(pd.group, true);
  bdlrt_kernel_args a = byPreArgs(index, 0, 0.0);
  a.end = proj.synapses();
  a.seed = connectSeed_; // synaptic initial values belong to the network, as its synapses do
  bool own = buildsOwnOnly(index);
  if (gd.init >= 0 && own && d_.kernels[gd.init].draws) initOwnSynapses(index, a);
  else if (gd.init >= 0) callInit(gd.init, a);
  // A rank keeps the synapses onto its own neurons, with the values drawn
  // for them above from the whole network's numbering (Ranks.h).
  if (ranks_) keepOwnSynapses(index, own);
  if (pd.onPost >= 0 || pd.continuous >= 0) {
    if (proj.storage == ProjectionDesc::Storage::Dense) {
      proj.postptr.assign(post.size + 1, 0);
      proj.postend.assign(post.size, pre.size);
    } else {
      Csr byPost = incomingSynapses(proj.csr, post.size);
      proj.postptr = std::move(byPost.rowptr);
      proj.postsyn = std::move(byPost.col);
    }
  }
  bool split = threads_ > 1 && pd.onPre >= 0 && !d_.kernels[pd.onPre].serial;
  if (proj.storage == ProjectionDesc::Storage::Procedural) {
    proj.drawn.resize(split ? threads_ : 1);
    for (Projection::Drawn &d : proj.drawn) {
      d.start.assign(pre.size, 0);
      d.end.assign(pre.size, 0);
    }
  } else if (split && proj.storage == ProjectionDesc::Storage::Dense) {
    // Thread t delivers to post neurons [j0, j1): offsets j0 .. j1 of each row.
    proj.rowStart.assign(threads_, std::vector<std::int64_t>(pre.size));
    proj.rowEnd.assign(threads_, std::vector<std::int64_t>(pre.size));
    auto [first, last] = owned(d_.populations[pd.post].group);
    for (int t = 0; t < threads_; ++t)
      for (std::int64_t i = 0; i < pre.size; ++i) {
        proj.rowStart[t][i] = i * post.size + first + chunkBegin(last - first, t);
        proj.rowEnd[t][i] = i * post.size + first + chunkBegin(last - first, t + 1);
      }
  } else if (split) {
    splitRuns(proj, d_.populations[pd.post].group, proj.csr.rowptr);
  }
  if (perSynapseDelay) {
    // Delays computed by the init kernel, rounded to whole steps.
    const StateArray &delays = state_[pd.group][pd.delay];
    proj.synapseDelay.resize(delays.size());
    proj.delaySteps = 0;
    for (std::int64_t s = 0; s < delays.size(); ++s) {
      double delay = delays[s];
      if (!(delay >= 0) || delay / dt_ > 1e9)
        throw Error("projection '" + gd.name + "': synapse " + std::to_string(s) + " has delay " +
                    std::to_string(delay) + " s");
      proj.synapseDelay[s] = static_cast<std::int32_t>(std::llround(delay / dt_));
      proj.delaySteps = std::max<std::int64_t>(proj.delaySteps, proj.synapseDelay[s]);
    }
    proj.ring.assign(proj.delaySteps + 1, {});
    segmentRows(index);
  }
}

/// Thread t delivers to post neurons [j0, j1) of `group`: within each run of
/// columns ptr[r] .. ptr[r + 1] - 1 (a row, or a segment of one), columns
/// ascend, so its synapses are one contiguous part of the run.
void Simulation::splitRuns(Projection &proj, int group, const std::vector<std::int64_t> &ptr) {
  std::int64_t runs = static_cast<std::int64_t>(ptr.size()) - 1;
  proj.rowStart.assign(threads_, std::vector<std::int64_t>(runs));
  proj.rowEnd.assign(threads_, std::vector<std::int64_t>(runs));
  auto [first, last] = owned(group);
  for (int t = 0; t < threads_; ++t) {
    std::int32_t j0 = static_cast<std::int32_t>(first + chunkBegin(last - first, t));
    std::int32_t j1 = static_cast<std::int32_t>(first + chunkBegin(last - first, t + 1));
#pragma omp parallel for num_threads(threads_) schedule(static) if (runs >= 65536)
    for (std::int64_t r = 0; r < runs; ++r) {
      const std::int32_t *b = proj.csr.col.data() + ptr[r];
      const std::int32_t *e = proj.csr.col.data() + ptr[r + 1];
      proj.rowStart[t][r] = ptr[r] + (std::lower_bound(b, e, j0) - b);
      proj.rowEnd[t][r] = ptr[r] + (std::lower_bound(b, e, j1) - b);
    }
  }
}

void Simulation::restart(std::uint64_t dynamicsSeed, std::optional<std::uint64_t> connectSeed) {
  seed_ = dynamicsSeed;
  startStep_ = 0; // a run resumed from a checkpoint started later (a design's)
  bool reconnect = connectSeed && *connectSeed != connectSeed_;
  if (connectSeed) connectSeed_ = *connectSeed;
  for (bdlrt_kernel_args &a : baseArgs_) a.seed = seed_;
  for (std::size_t g = 0; g < d_.groups.size(); ++g) {
    if (d_.groups[g].kind != GroupKind::Synapse) initGroup(static_cast<int>(g));
  }
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    Population &pop = populations_[p];
    std::fill(pop.spikes.begin(), pop.spikes.end(), 0);
    std::fill(pop.counts.begin(), pop.counts.end(), 0);
    pop.nspikes = pop.total = 0;
    pop.countsKnown = true;
    pop.nextGenerated = 0;
    pop.histories.clear();
    setupHistories(static_cast<int>(p));
    setupEvents(static_cast<int>(p));
  }
  for (std::size_t k = 0; k < d_.projections.size(); ++k) restartProjection(static_cast<int>(k), reconnect);
  std::fill(spikeCounts_.begin(), spikeCounts_.end(), 0);
  // Storage moved: the kernels' argument blocks point at it through
  // groupVars_, and the synapse groups' sizes may have changed.
  for (std::size_t g = 0; g < groups_.size(); ++g) sizes_[g] = groups_[g].size;
}

void Simulation::restartProjection(int index, bool reconnect) {
  const ProjectionDesc &pd = d_.projections[index];
  const GroupDesc &gd = d_.groups[pd.group];
  Projection &proj = projections_[index];
  allocate(pd.group, false);
  prepare(pd.group);
  bool changed = reconnect;
  if (pd.array < 0)
    if (const char *argName = ruleArgName(ruleFromName(pd.rule)))
      for (const auto &[name, var] : pd.args)
        if (name == argName) changed = changed || state_[pd.group][var][0] != proj.builtArg;
  if (pd.delay >= 0 && !gd.vars[pd.delay].perEntity) changed = changed || state_[pd.group][pd.delay][0] != proj.builtDelay;
  // Per-synapse delays size the queues: built again, from the same seed.
  // A rank's synapses were numbered in the whole network when their values
  // were drawn: drawn again from there (Ranks.cpp).
  if (changed || ranks_ || (pd.delay >= 0 && gd.vars[pd.delay].perEntity)) {
    proj = Projection();
    setupProjection(index);
    return;
  }
  allocate(pd.group, true);
  bdlrt_kernel_args a = byPreArgs(index, 0, 0.0);
  a.end = proj.synapses();
  a.seed = connectSeed_;
  if (gd.init >= 0) callInit(gd.init, a);
  for (auto &slot : proj.ring) slot.clear();
  for (auto &ring : proj.rings)
    for (auto &slot : ring) slot.clear();
}

void Simulation::saveState(CheckpointWriter &w, std::int64_t step) const {
  w.put(step);
  for (const std::vector<StateArray> &vars : state_)
    for (const StateArray &a : vars) w.putBytes(a.data(), static_cast<std::uint64_t>(a.size()) * a.elementSize());
  for (const Population &p : populations_) {
    w.put(p.total);
    w.putVector(p.counts);
    w.put(static_cast<std::uint64_t>(p.nextGenerated));
    for (const FractionalHistory &h : p.histories) h.save(w);
    for (const Population::Event &e : p.events) {
      w.put(e.total);
      w.putVector(e.counts);
    }
  }
  // The spike queues: with per-thread queues (StepLoop.cpp) every thread's
  // holds the same spikes, so one is saved, and restored for any thread count.
  for (const Projection &proj : projections_) {
    const auto &ring = proj.rings.empty() ? proj.ring : proj.rings[0];
    w.put<std::uint64_t>(ring.size());
    for (const std::vector<std::int32_t> &slot : ring) w.putVector(slot);
  }
}

void Simulation::loadState(CheckpointReader &r) {
  startStep_ = r.get<std::int64_t>();
  if (startStep_ < 0 || startStep_ > nsteps_)
    throw Error("the checkpoint is at step " + std::to_string(startStep_) + ", beyond the " +
                std::to_string(nsteps_) + " steps of this run; give a longer --duration");
  for (std::vector<StateArray> &vars : state_)
    for (StateArray &a : vars) a.empty() ? r.getBytes(nullptr, 0) : r.getBytes(a.data(), static_cast<std::uint64_t>(a.size()) * a.elementSize());
  for (Population &p : populations_) {
    p.total = r.get<std::int64_t>();
    p.counts = r.getVector<std::int64_t>(p.counts.size());
    p.nextGenerated = static_cast<std::size_t>(r.get<std::uint64_t>());
    for (FractionalHistory &h : p.histories) h.load(r);
    for (Population::Event &e : p.events) {
      e.total = r.get<std::int64_t>();
      e.counts = r.getVector<std::int64_t>(e.counts.size());
    }
  }
  for (Projection &proj : projections_) {
    if (r.get<std::uint64_t>() != proj.ring.size()) r.mismatch();
    for (std::vector<std::int32_t> &slot : proj.ring) slot = r.getVector<std::int32_t>();
  }
}

void Simulation::applyPhase(const PhaseDesc &phase) {
  std::vector<int> changed;
  for (const PhaseDesc::Set &set : phase.sets) {
    StateArray &a = state_[set.group][set.var];
    for (std::int64_t i = 0; i < a.size(); ++i) a.set(i, set.value);
    if (std::find(changed.begin(), changed.end(), set.group) == changed.end()) changed.push_back(set.group);
    // Any group's derived values may read the network's parameters (a
    // projection's `w = wm`); its synapses stay as built (E0714 refuses a
    // `set` of what they were built from).
    if (set.group == d_.network)
      for (std::size_t g = 0; g < d_.groups.size(); ++g)
        if (d_.groups[g].kind != GroupKind::Network &&
            std::find(changed.begin(), changed.end(), static_cast<int>(g)) == changed.end())
          changed.push_back(static_cast<int>(g));
  }
  for (int g : changed) prepare(g);
}

void Simulation::planFiniteChecks() {
  neuronCheckEvery_ = synapseCheckEvery_ = 0;
  if (!checkFinite_) return;
  // A scan reads every state once; spread over this many steps it costs
  // well under 1% of them (a step updates every neuron, and a scan of 64
  // values costs less than one neuron's update). Synapses, which may be
  // a thousand times as many, are scanned less often but at least at the end.
  std::int64_t neuronValues = 0, synapseValues = 0;
  for (std::size_t g = 0; g < d_.groups.size(); ++g)
    for (std::size_t v = 0; v < d_.groups[g].vars.size(); ++v) {
      if (d_.groups[g].vars[v].role == VarRole::Param) continue;
      (d_.groups[g].kind == GroupKind::Synapse ? synapseValues : neuronValues) += state_[g][v].size();
    }
  neuronCheckEvery_ = std::max<std::int64_t>(256, neuronValues / 64);
  synapseCheckEvery_ = std::max<std::int64_t>(neuronCheckEvery_, synapseValues / 64);
  synapseCheckEvery_ = (synapseCheckEvery_ + neuronCheckEvery_ - 1) / neuronCheckEvery_ * neuronCheckEvery_;
  lastFiniteAt_[0] = lastFiniteAt_[1] = 0.0;
}

bool Simulation::findNonFiniteState(std::int64_t step, bool synapses) {
  double t = static_cast<double>(step) * dt_;
  for (std::size_t g = 0; g < d_.groups.size(); ++g) {
    bool synapse = d_.groups[g].kind == GroupKind::Synapse;
    if (!synapses && synapse) continue;
    if (auto bad = findNonFinite(d_, state_[g], static_cast<int>(g))) {
      stop_.kind = Stop::Kind::NonFinite;
      stop_.message = nonFiniteMessage(d_, state_, *bad, t, lastFiniteAt_[synapse]);
      stepsRun_ = step;
      return true;
    }
  }
  lastFiniteAt_[0] = t;
  if (synapses) lastFiniteAt_[1] = t;
  return false;
}

std::vector<PopulationSummary> Simulation::populationSummaries() const {
  std::vector<PopulationSummary> out;
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const GroupDesc &g = d_.populationGroup(static_cast<int>(p));
    PopulationSummary s{g.name, g.model, g.size, populations_[p].total, 0.0};
    double simulated = static_cast<double>(stepsRun_) * dt_;
    if (g.size > 0 && simulated > 0)
      s.meanRateHz = static_cast<double>(s.spikes) / (static_cast<double>(g.size) * simulated);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<ParameterValue> Simulation::parameterValues() const {
  std::vector<ParameterValue> out;
  for (std::size_t g = 0; g < d_.groups.size(); ++g) {
    const GroupDesc &gd = d_.groups[g];
    for (std::size_t v = 0; v < gd.vars.size(); ++v) {
      const VarDesc &var = gd.vars[v];
      if (var.role != VarRole::Param) continue;
      ParameterValue pv;
      pv.name = static_cast<int>(g) == d_.network ? var.name : gd.name + "." + var.name;
      pv.unit = var.unit;
      const StateArray &data = state_[g][v];
      if (data.empty()) {
        pv.value = pv.min = pv.max = var.defaultValue / var.unitScale;
      } else {
        double sum = 0.0, lo = data[0], hi = data[0];
        for (std::int64_t i = 0; i < data.size(); ++i) {
          double x = data[i];
          sum += x;
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
        pv.value = sum / static_cast<double>(data.size()) / var.unitScale;
        pv.min = lo / var.unitScale;
        pv.max = hi / var.unitScale;
        if (pv.min == pv.max) pv.value = pv.min; // no rounding noise from the mean
      }
      out.push_back(std::move(pv));
    }
  }
  return out;
}

} // namespace bdlrt
