// SPDX-License-Identifier: Apache-2.0
//===- bdl_device_run.h - the time-step loop on a GPU ---------------------===//
//
// Compiled into each GPU model (after its kernels) by nvcc or hipcc, and
// linked with the host runtime (libbdlrt), which parses the command line,
// builds connectivity and runs the set-up kernels. Then this loop:
//   - plans the device memory per structure and refuses, with the figures,
//     a model the device cannot hold;
//   - copies state, synapse tables and arrays over;
//   - runs each step as the CPU does (reductions, continuous synapses,
//     updates, thresholds, delivery, resets) without waiting for the device;
//   - keeps spikes as flags and as lists, one row per step for as many steps
//     as the longest delay. Delivery is event-driven where the synapse only
//     adds to postsynaptic variables: a warp per arriving spike walks its row
//     and adds atomically (in any order: identical to the CPU when the added
//     values are equal, as with a shared weight). Otherwise, or with
//     BDL_GPU_DELIVERY=gather, a postsynaptic neuron's thread walks its
//     incoming synapses in presynaptic order and applies what arrives: the
//     CPU's operations in the CPU's order, with no atomics;
//   - counts and records spikes on the device, and gathers the recorded
//     entities' state into a buffer when a sample is due; both are copied
//     back once per block of steps and handed to the recorder in step order,
//     so the host waits for the device once a block, not once a sample.
#ifndef BDL_DEVICE_RUN_H
#define BDL_DEVICE_RUN_H

#include "bdl_device.h"

#include "Connectivity.h"
#include "DeviceRunner.h"
#include "Error.h"
#include "Progress.h"
#include "Recorder.h"
#include "Simulation.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace bdl_gpu {

using bdlrt::Error;

// ---- the device API, per dialect ------------------------------------------------

#if defined(BDL_DIALECT_EMULATED)
// cudaMalloc and hipMalloc return memory that holds anything; fresh emulated
// memory holds all-ones bytes (NaN doubles, set spike flags, huge counts),
// so a run that relied on zeroed memory fails here too instead of only on
// a device.
inline void *devAlloc(std::size_t n) {
  void *p = std::malloc(n ? n : 1);
  if (!p) throw Error("out of memory allocating " + std::to_string(n) + " bytes for the emulated device");
  std::memset(p, 0xff, n ? n : 1);
  return p;
}
inline void devFree(void *p) { std::free(p); }
inline void toDevice(void *d, const void *h, std::size_t n) { if (n) std::memcpy(d, h, n); }
inline void toHost(void *h, const void *d, std::size_t n) { if (n) std::memcpy(h, d, n); }
inline void devZero(void *d, std::size_t n) { if (n) std::memset(d, 0, n); }
inline void devSync() {}
/// BDL_EMULATED_DEVICE_MIB sets the memory the emulated device claims to
/// have free, so the refusal of models too large for a device can be tested.
inline std::string deviceName(std::size_t &freeBytes) {
  const char *mib = std::getenv("BDL_EMULATED_DEVICE_MIB");
  freeBytes = mib ? std::size_t(std::strtod(mib, nullptr) * 1048576.0) : std::size_t(1) << 40;
  return "host (emulated device)";
}
#else
inline void check(BDL_API(Error_t) e, const char *what) {
  if (e != BDL_API(Success)) throw Error(std::string(what) + ": " + BDL_API(GetErrorString)(e));
}
inline void *devAlloc(std::size_t n) {
  void *p = nullptr;
  check(BDL_API(Malloc)(&p, n ? n : 1), "allocating device memory");
  return p;
}
inline void devFree(void *p) { (void)BDL_API(Free)(p); }
inline void toDevice(void *d, const void *h, std::size_t n) {
  if (n) check(BDL_API(Memcpy)(d, h, n, BDL_API(MemcpyHostToDevice)), "copying to the device");
}
inline void toHost(void *h, const void *d, std::size_t n) {
  if (n) check(BDL_API(Memcpy)(h, d, n, BDL_API(MemcpyDeviceToHost)), "copying from the device");
}
inline void devZero(void *d, std::size_t n) {
  if (n) check(BDL_API(Memset)(d, 0, n), "clearing device memory");
}
inline void devSync() {
  check(BDL_API(GetLastError)(), "a kernel launch");
  check(BDL_API(DeviceSynchronize)(), "running kernels");
}
inline std::string deviceName(std::size_t &freeBytes) {
  int count = 0;
  BDL_API(Error_t) e = BDL_API(GetDeviceCount)(&count);
  if (e != BDL_API(Success) || count == 0)
    throw Error(std::string("no " BDL_DIALECT_NAME " device: ") +
                (e != BDL_API(Success) ? BDL_API(GetErrorString)(e) : "none found"));
  BDL_DEVICE_PROP prop;
  check(BDL_API(GetDeviceProperties)(&prop, 0), "querying the device");
  std::size_t total = 0;
  check(BDL_API(MemGetInfo)(&freeBytes, &total), "querying device memory");
  return prop.name;
}
#endif

/// Marks the spikes of a generator population in this step's flag row.
BDL_GLOBAL void bdl_mark_spikes(bdl_gpu_args g) {
  int64_t t = bdl_thread_index();
  if (t < g.n) g.flags[g.k.list[t]] = 1;
}

/// One range of a state sample: n values from src to dst (the block's
/// sample buffer), in the device's number type.
struct bdl_gather_args {
  const bdl_real *src;
  bdl_real *dst;
  int64_t n;
};
BDL_GLOBAL void bdl_gather_sample(bdl_gather_args g) {
  int64_t t = bdl_thread_index();
  if (t < g.n) g.dst[t] = g.src[t];
}

// ---- the loop -------------------------------------------------------------------

class Runner {
public:
  Runner(const bdl_device_model &dm, bdlrt::Simulation &sim, bdlrt::Recorder &rec)
      : dm_(dm), sim_(sim), rec_(rec), d_(sim.descriptor()) {}
  ~Runner() {
    for (void *p : owned_) devFree(p);
  }

  void run(bdlrt::Progress &progress, bool verbose);

private:
  struct Pop {
    int64_t n = 0, slots = 1;
    uint8_t *ring = nullptr;
    unsigned long long *counts = nullptr, *recTotal = nullptr;
    int32_t *rec = nullptr;
    int64_t recCap = 0;
    int32_t *list = nullptr;                 ///< per ring slot: its step's spikes
    unsigned long long *listCount = nullptr; ///< per ring slot
    std::size_t nextGenerated = 0;
  };
  struct Proj {
    int64_t *postptr = nullptr;
    int32_t *postsyn = nullptr, *preIndex = nullptr, *synDelay = nullptr;
    int64_t delay = 0;
    bool event = false; ///< delivered event-driven (needs the rows by pre neuron)
    int64_t *fwdRowptr = nullptr;
    int32_t *fwdCol = nullptr;
  };

  template <class T> T *alloc(std::size_t count) {
    T *p = static_cast<T *>(devAlloc(count * sizeof(T)));
    owned_.push_back(p);
    return p;
  }
  template <class T> T *upload(const std::vector<T> &v) {
    T *p = alloc<T>(v.size());
    toDevice(p, v.data(), v.size() * sizeof(T));
    return p;
  }

  void plan(bool verbose);
  void copyIn();
  void copyVarsToHost(int group, int var);
  int64_t sampleCount(int64_t steps) const;
  void gatherSample(int64_t s);
  bdl_gpu_args argsFor(int group, int64_t step) const;
  bdl_gpu_args byPost(int projection, int64_t step) const;
  void launch(int kernel, bdl_gpu_args g, int64_t n);
  void step(int64_t s);
  void flush(int64_t firstStep, int64_t steps);
  void flushSamples(int64_t firstStep, int64_t steps);

  const bdl_device_model &dm_;
  bdlrt::Simulation &sim_;
  bdlrt::Recorder &rec_;
  const bdlrt::Descriptor &d_;
  std::vector<void *> owned_;
  std::vector<std::vector<bdl_real *>> vars_; ///< device arrays per group and var
  std::vector<bdl_real *const *> tables_;     ///< device tables of them, per group
  const double *const *arrays_ = nullptr;
  std::vector<Pop> pops_;
  std::vector<Proj> projs_;
  int64_t block_ = 1000; ///< steps between copies of spike counts and samples
  bool gatherOnly_ = false; ///< BDL_GPU_DELIVERY=gather
  std::vector<std::vector<unsigned long long>> hostCounts_;
  std::vector<int32_t> hostRec_;
  std::vector<bdlrt::Recorder::SampledRange> ranges_; ///< what a state sample reads
  bdl_real *samples_ = nullptr;  ///< this block's state samples, in step order
  int64_t samplesCap_ = 0, samplesFill_ = 0;
  std::vector<bdl_real> hostSamples_;
  std::vector<double> sampleValues_;
};

/// Values the state samples of any `steps` consecutive steps hold at most.
inline int64_t Runner::sampleCount(int64_t steps) const {
  int64_t n = 0;
  for (const auto &r : ranges_) n += (r.end - r.begin) * ((steps + r.stride - 1) / r.stride);
  return n;
}

inline void Runner::plan(bool verbose) {
  // Bytes per structure, before allocating anything.
  const auto &sizes = sim_.groupSizes();
  double states = 0, synapses = 0, spikes = 0, arrays = 0;
  for (std::size_t g = 0; g < d_.groups.size(); ++g)
    for (const bdlrt::VarDesc &v : d_.groups[g].vars) states += double(sizeof(bdl_real)) * (v.perEntity ? sizes[g] : 1);
  pops_.resize(d_.populations.size());
  projs_.resize(d_.projections.size());
  for (std::size_t p = 0; p < d_.populations.size(); ++p) pops_[p].n = d_.populationGroup(int(p)).size;
  const char *delivery = std::getenv("BDL_GPU_DELIVERY");
  gatherOnly_ = delivery && std::string(delivery) == "gather";
  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    const bdlrt::ProjectionDesc &pd = d_.projections[k];
    double n = double(sim_.synapses(int(k)).size());
    synapses += 8.0 * n + 8.0 * (pops_[pd.post].n + 1) + (sim_.synapseDelays(int(k)).empty() ? 0 : 4.0 * n);
    // Event-driven delivery where the kernel allows it (and delays are
    // uniform): the work follows the spikes instead of every synapse.
    projs_[k].event = !gatherOnly_ && pd.onPre >= 0 && dm_.kernels[pd.onPre].event;
    if (projs_[k].event) synapses += 4.0 * n + 8.0 * (pops_[pd.pre].n + 1);
    pops_[pd.pre].slots = std::max<int64_t>(pops_[pd.pre].slots, sim_.delaySteps(int(k)) + 1);
  }
  int64_t largest = 1;
  for (const Pop &p : pops_) largest = std::max(largest, p.n);
  // Spike indices for recordings: room for every neuron spiking in every
  // step of a block, at most 4 Mi entries (16 MiB) per population.
  block_ = std::max<int64_t>(1, std::min<int64_t>(1000, (int64_t(1) << 22) / largest));
  // State samples wait on the device until the block is copied back, so a
  // block holds no more of them than 16 MiB: recording 3 variables of
  // 100,000 neurons every step shrinks it to 6 steps in double precision.
  // One sample always fits (a block of one step), however large.
  ranges_ = rec_.sampledRanges(sizes);
  const int64_t sampleBytes = int64_t(16) << 20;
  if (sampleCount(block_) * int64_t(sizeof(bdl_real)) > sampleBytes) {
    int64_t lo = 1, hi = block_; // the largest block within the bound
    while (lo < hi) {
      int64_t mid = (lo + hi + 1) / 2;
      if (sampleCount(mid) * int64_t(sizeof(bdl_real)) <= sampleBytes) lo = mid;
      else hi = mid - 1;
    }
    block_ = lo;
  }
  samplesCap_ = sampleCount(block_);
  double samples = double(sizeof(bdl_real)) * double(samplesCap_);
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    if (rec_.recordsSpikes(int(p))) pops_[p].recCap = block_ * pops_[p].n;
    spikes += 5.0 * double(pops_[p].slots * pops_[p].n) + 8.0 * (block_ + pops_[p].slots) + 4.0 * pops_[p].recCap;
  }
  for (const auto &a : sim_.arrays()) arrays += 8.0 * a.size();
  double need = states + synapses + spikes + samples + arrays;
  std::size_t freeBytes = 0;
  std::string name = deviceName(freeBytes);
  auto mib = [](double b) { return b / 1048576.0; };
  char line[512];
  std::snprintf(line, sizeof line,
                "needs %.1f MiB (state %.1f, synapse tables %.1f, spike flags and buffers %.1f, state samples %.1f, "
                "arrays %.1f)",
                mib(need), mib(states), mib(synapses), mib(spikes), mib(samples), mib(arrays));
  if (need > 0.95 * double(freeBytes))
    throw Error(std::string("the model ") + line + " but " + name + " has " +
                std::to_string(static_cast<long long>(mib(double(freeBytes)))) + " MiB free");
  if (verbose) std::printf("device: %s; the model %s\n", name.c_str(), line);
}

inline void Runner::copyIn() {
  // Host state is read element by element (StateArray: double or float), so
  // any host precision converts to the device's bdl_real.
  const auto &hostState = sim_.state();
  const auto &sizes = sim_.groupSizes();
  vars_.resize(d_.groups.size());
  tables_.resize(d_.groups.size());
  for (std::size_t g = 0; g < d_.groups.size(); ++g) {
    for (std::size_t v = 0; v < d_.groups[g].vars.size(); ++v) {
      std::size_t n = d_.groups[g].vars[v].perEntity ? std::size_t(sizes[g]) : 1;
      bdl_real *p = alloc<bdl_real>(n);
      const bdlrt::StateArray &host = hostState[g][v];
      if (!host.empty()) {
        std::vector<bdl_real> converted(n);
        for (std::size_t i = 0; i < n; ++i) converted[i] = bdl_real(host[int64_t(i)]);
        toDevice(p, converted.data(), n * sizeof(bdl_real));
      }
      vars_[g].push_back(p);
    }
    tables_[g] = upload(vars_[g]);
  }
  std::vector<const double *> arrays;
  for (const auto &a : sim_.arrays()) arrays.push_back(upload(a));
  arrays_ = upload(arrays);
  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    const bdlrt::ProjectionDesc &pd = d_.projections[k];
    const bdlrt::Csr &csr = sim_.synapses(int(k));
    // In presynaptic order within each postsynaptic neuron: the delivery order.
    bdlrt::Csr byPost = bdlrt::incomingSynapses(csr, pops_[pd.post].n);
    projs_[k].postptr = upload(byPost.rowptr);
    projs_[k].postsyn = upload(byPost.col);
    projs_[k].preIndex = upload(csr.preIndex);
    if (!sim_.synapseDelays(int(k)).empty()) projs_[k].synDelay = upload(sim_.synapseDelays(int(k)));
    projs_[k].delay = sim_.delaySteps(int(k));
    if (projs_[k].event) {
      projs_[k].fwdRowptr = upload(csr.rowptr);
      projs_[k].fwdCol = upload(csr.col);
    }
    rec_.setSynapses(int(k), csr.preIndex, csr.col);
  }
  hostCounts_.assign(pops_.size(), std::vector<unsigned long long>(block_));
  if (samplesCap_ > 0) samples_ = alloc<bdl_real>(samplesCap_);
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    Pop &pop = pops_[p];
    pop.ring = alloc<uint8_t>(pop.slots * pop.n);
    devZero(pop.ring, pop.slots * pop.n);
    pop.counts = alloc<unsigned long long>(block_);
    devZero(pop.counts, block_ * sizeof(unsigned long long));
    pop.recTotal = alloc<unsigned long long>(1);
    devZero(pop.recTotal, sizeof(unsigned long long));
    if (pop.recCap > 0) pop.rec = alloc<int32_t>(pop.recCap);
    pop.list = alloc<int32_t>(std::max<int64_t>(1, pop.slots * pop.n));
    pop.listCount = alloc<unsigned long long>(pop.slots);
    devZero(pop.listCount, pop.slots * sizeof(unsigned long long));
  }
}

inline bdl_gpu_args Runner::argsFor(int group, int64_t step) const {
  bdl_gpu_args g{};
  g.k.self = g.k.pre = g.k.post = tables_[group];
  g.k.net = d_.network >= 0 ? tables_[d_.network] : nullptr;
  g.k.arrays = arrays_;
  g.k.step = step;
  g.k.t = bdl_real(double(step) * d_.experiment.dt);
  g.k.dt = bdl_real(d_.experiment.dt);
  g.k.seed = sim_.seed();
  return g;
}

inline bdl_gpu_args Runner::byPost(int projection, int64_t step) const {
  const bdlrt::ProjectionDesc &pd = d_.projections[projection];
  const Proj &pr = projs_[projection];
  bdl_gpu_args g = argsFor(pd.group, step);
  g.k.pre = tables_[d_.populations[pd.pre].group];
  g.k.post = tables_[d_.populations[pd.post].group];
  g.k.rowptr = pr.postptr;
  g.k.rowend = pr.postptr + 1;
  g.k.col = pr.postsyn;
  g.k.pre_index = pr.preIndex;
  const Pop &pre = pops_[pd.pre];
  g.preRing = pre.ring;
  g.preSlots = pre.slots;
  g.npre = pre.n;
  g.delay = pr.delay;
  g.synDelay = pr.synDelay;
  const Pop &post = pops_[pd.post];
  g.spiked = post.ring + (step % post.slots) * post.n;
  return g;
}

inline void Runner::launch(int kernel, bdl_gpu_args g, int64_t n) {
  const bdl_device_kernel &k = dm_.kernels[kernel];
  if (!k.launch) throw Error("kernel '" + d_.kernels[kernel].name + "' has no device version");
  g.n = n;
  // The launcher knows whether the kernel must run in one thread (it writes
  // shared or presynaptic storage); a prologue alone does not make it so.
  if (k.prologue) k.prologue(g, 1);
  if (n > 0) k.launch(g, n);
}

inline void Runner::copyVarsToHost(int group, int var) {
  const auto &sizes = sim_.groupSizes();
  std::size_t n = d_.groups[group].vars[var].perEntity ? std::size_t(sizes[group]) : 1;
  std::vector<bdl_real> converted(n);
  toHost(converted.data(), vars_[group][var], n * sizeof(bdl_real));
  bdlrt::StateArray &host = sim_.state(group, var);
  for (std::size_t i = 0; i < n; ++i) host.set(int64_t(i), double(converted[i]));
}

/// Copies the ranges due at step s into the sample buffer, in the order the
/// recorder reads them; the host knows each range's place, so nothing waits.
inline void Runner::gatherSample(int64_t s) {
  for (const auto &r : ranges_) {
    if (!r.due(s)) continue;
    bdl_gather_args a{vars_[r.group][r.var] + r.begin, samples_ + samplesFill_, r.end - r.begin};
    samplesFill_ += a.n;
    if (samplesFill_ > samplesCap_) throw Error("state samples overflow their device buffer");
    BDL_LAUNCH(bdl_gather_sample, bdl_blocks(a.n), BDL_BLOCK_SIZE, a);
  }
}

inline void Runner::step(int64_t s) {
  // Launched before the step's kernels, in the same stream: the state at
  // the start of the step, as the CPU samples it.
  if (!ranges_.empty()) gatherSample(s);
  for (const bdlrt::PopulationDesc &pd : d_.populations)
    if (pd.reduce >= 0) launch(pd.reduce, argsFor(pd.group, s), d_.groups[pd.group].size);
  for (std::size_t k = 0; k < d_.projections.size(); ++k)
    if (d_.projections[k].continuous >= 0)
      launch(d_.projections[k].continuous, byPost(int(k), s), pops_[d_.projections[k].post].n);
  for (const bdlrt::PopulationDesc &pd : d_.populations)
    if (pd.update >= 0) launch(pd.update, argsFor(pd.group, s), d_.groups[pd.group].size);
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const bdlrt::PopulationDesc &pd = d_.populations[p];
    Pop &pop = pops_[p];
    int64_t slot = s % pop.slots;
    uint8_t *row = pop.ring + slot * pop.n;
    devZero(pop.listCount + slot, sizeof(unsigned long long));
    if (pd.generator) {
      // Spike times are known on the host: mark them and record them here.
      std::vector<int32_t> list(pop.n);
      list.resize(pd.generatedAt(s, pop.nextGenerated, list.data(), pop.n));
      devZero(row, pop.n);
      if (!list.empty()) {
        // The step's list (read by event-driven delivery) also says which
        // flags to set.
        unsigned long long count = list.size();
        int32_t *slotList = pop.list + slot * pop.n;
        toDevice(slotList, list.data(), list.size() * sizeof(int32_t));
        toDevice(pop.listCount + slot, &count, sizeof count);
        bdl_gpu_args g{};
        g.flags = row;
        g.k.list = slotList;
        g.n = int64_t(list.size());
        BDL_LAUNCH(bdl_mark_spikes, bdl_blocks(g.n), BDL_BLOCK_SIZE, g);
      }
      sim_.addSpikes(int(p), list.data(), int64_t(list.size()));
      rec_.recordSpikes(int(p), double(s) * d_.experiment.dt, list.data(), int64_t(list.size()));
      continue;
    }
    // The device runs the threshold kernel even where the descriptor says
    // the CPU's update detects spikes (update_detects_spikes): that fusion is
    // the LLVM back end's, and the device update kernels do not do it.
    if (pd.threshold < 0) continue;
    bdl_gpu_args g = argsFor(pd.group, s);
    g.flags = row;
    g.count = pop.counts + (s % block_);
    g.rec = pop.rec;
    g.recTotal = pop.recTotal;
    g.recCap = pop.recCap;
    g.slotList = pop.list + slot * pop.n;
    g.slotCount = pop.listCount + slot;
    launch(pd.threshold, g, pop.n);
  }
  for (std::size_t k = 0; k < d_.projections.size(); ++k) {
    const bdlrt::ProjectionDesc &pd = d_.projections[k];
    int kernel = pd.onPreSynapses >= 0 ? pd.onPreSynapses : pd.onPre;
    if (projs_[k].event) {
      int64_t from = s - projs_[k].delay;
      if (from >= 0) {
        const Pop &pre = pops_[pd.pre];
        bdl_gpu_args g = byPost(int(k), s);
        g.arrived = pre.list + (from % pre.slots) * pre.n;
        g.arrivedCount = pre.listCount + (from % pre.slots);
        g.fwdRowptr = projs_[k].fwdRowptr;
        g.fwdCol = projs_[k].fwdCol;
        // Warps stride over the arriving spikes: enough to fill a large GPU,
        // never more than one per presynaptic neuron.
        g.n = std::max<int64_t>(1, std::min<int64_t>(pre.n, 4096));
        dm_.kernels[kernel].event(g, g.n * BDL_WARP_SIZE);
      }
    } else if (kernel >= 0) {
      launch(kernel, byPost(int(k), s), pops_[pd.post].n);
    }
    if (pd.onPost >= 0) launch(pd.onPost, byPost(int(k), s), pops_[pd.post].n);
  }
  for (std::size_t p = 0; p < d_.populations.size(); ++p) {
    const bdlrt::PopulationDesc &pd = d_.populations[p];
    if (pd.reset < 0) continue;
    bdl_gpu_args g = argsFor(pd.group, s);
    g.spiked = pops_[p].ring + (s % pops_[p].slots) * pops_[p].n;
    launch(pd.reset, g, pops_[p].n);
  }
}

/// Copies the spike counts (and recorded indices) of steps
/// [firstStep, firstStep + steps) back and hands them to the recorder.
inline void Runner::flush(int64_t firstStep, int64_t steps) {
  devSync();
  for (std::size_t p = 0; p < pops_.size(); ++p) {
    const bdlrt::PopulationDesc &pd = d_.populations[p];
    if (pd.generator) continue;
    Pop &pop = pops_[p];
    std::vector<unsigned long long> &counts = hostCounts_[p];
    toHost(counts.data(), pop.counts, steps * sizeof(unsigned long long));
    unsigned long long total = 0;
    for (int64_t k = 0; k < steps; ++k) total += counts[k];
    if (pop.rec) {
      hostRec_.resize(total);
      toHost(hostRec_.data(), pop.rec, total * sizeof(int32_t));
    }
    unsigned long long at = 0;
    for (int64_t k = 0; k < steps; ++k) {
      int64_t n = int64_t(counts[k]);
      if (n > pop.n) throw Error("device threshold kernel reported " + std::to_string(n) + " spikes");
      // Threads append a step's spikes in any order; the CPU lists them
      // ascending. Without a spike recording only the count matters (rates).
      int32_t *list = pop.rec ? hostRec_.data() + at : nullptr;
      if (list) std::sort(list, list + n);
      sim_.addSpikes(int(p), list, n);
      rec_.recordSpikes(int(p), double(firstStep + k) * d_.experiment.dt, list, n);
      at += counts[k];
    }
    devZero(pop.counts, steps * sizeof(unsigned long long));
    devZero(pop.recTotal, sizeof(unsigned long long));
  }
  flushSamples(firstStep, steps);
}

/// Hands the block's state samples to the recorder, step by step. Called
/// after flush's devSync.
inline void Runner::flushSamples(int64_t firstStep, int64_t steps) {
  // Not "nothing gathered": a sample of no entities (a projection without
  // synapses) still has its time.
  if (ranges_.empty()) return;
  hostSamples_.resize(samplesFill_);
  toHost(hostSamples_.data(), samples_, samplesFill_ * sizeof(bdl_real));
  // Converted as copyVarsToHost converts state (float -> double when single).
  sampleValues_.assign(hostSamples_.begin(), hostSamples_.end());
  int64_t at = 0;
  for (int64_t k = 0; k < steps; ++k) {
    int64_t s = firstStep + k;
    if (rec_.samplesAt(s))
      at += rec_.sampleGathered(s, double(s) * d_.experiment.dt, sampleValues_.data() + at, sim_.groupSizes());
  }
  if (at != samplesFill_) throw Error("state samples of the block do not match what the recorder read");
  samplesFill_ = 0;
}

inline void Runner::run(bdlrt::Progress &progress, bool verbose) {
  plan(verbose);
  copyIn();
  int64_t n = sim_.steps();
  for (int64_t s = 0; s < n; ++s) {
    step(s);
    if ((s + 1) % block_ == 0 || s + 1 == n) flush(s + 1 - ((s % block_) + 1), (s % block_) + 1);
    progress.update(s + 1);
  }
  progress.finish();
  devSync();
  for (std::size_t g = 0; g < d_.groups.size(); ++g)
    for (std::size_t v = 0; v < d_.groups[g].vars.size(); ++v) copyVarsToHost(int(g), int(v));
}

} // namespace bdl_gpu

inline int bdl_device_main(const bdlrt_model *model, const bdl_device_model *device, int argc, char **argv) {
  bdlrt::DeviceRunner runner{
      [](const void *context, bdlrt::Simulation &sim, bdlrt::Recorder &recorder, bdlrt::Progress &progress,
         bool verbose) {
        bdl_gpu::Runner r(*static_cast<const bdl_device_model *>(context), sim, recorder);
        r.run(progress, verbose);
      },
      device};
  return bdlrt::mainWithDevice(model, runner, argc, argv);
}

#endif // BDL_DEVICE_RUN_H
