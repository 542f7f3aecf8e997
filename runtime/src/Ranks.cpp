// SPDX-License-Identifier: Apache-2.0
//===- Ranks.cpp - a Simulation's part in a distributed run ---------------===//
//
// What a rank does beyond one process's step loop (see Ranks.h): it updates
// its own block of each population, so after each step's detection the
// ranks exchange their spike lists (two collectives a step, whatever the
// number of populations), and where a step reads every neuron (samples,
// population sums, finite scans) they first exchange the neuron state. The
// blocks are in index order, so every joined list is the ascending list one
// process would have built, and every later step sees the same values.
#include "Simulation.h"

#include "Error.h"
#include "Ranks.h"
#include "Recorder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <tuple>

namespace bdlrt {

void Simulation::setRanks(const Ranks *ranks) {
  ranks_ = ranks && ranks->size() > 1 ? ranks : nullptr;
  ownFirst_.clear();
  ownLast_.clear();
  if (!ranks_) return;
  ownFirst_.assign(d_.groups.size(), 0);
  ownLast_.resize(d_.groups.size());
  for (std::size_t g = 0; g < d_.groups.size(); ++g) ownLast_[g] = groups_[g].size;
  for (const PopulationDesc &pd : d_.populations) {
    std::int64_t n = groups_[pd.group].size;
    ownFirst_[pd.group] = ranks_->first(n, ranks_->rank());
    ownLast_[pd.group] = ranks_->first(n, ranks_->rank() + 1);
  }
}

namespace {

/// Times one exchange into `e` (ScopedExchange x(e, bytes)).
struct ScopedExchange {
  Simulation::Exchanges &e;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  ScopedExchange(Simulation::Exchanges &x, std::int64_t bytes) : e(x) {
    ++e.count;
    e.bytes += bytes;
  }
  ~ScopedExchange() { e.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

} // namespace

void Simulation::gatherBlock(int group, int var, std::int64_t begin, std::int64_t end) {
  int R = ranks_->size();
  std::int64_t n = groups_[group].size;
  StateArray &a = state_[group][var];
  if (a.size() != n || begin >= end) return; // a shared value: every rank has it
  auto *data = static_cast<char *>(a.data());
  auto elem = static_cast<std::int64_t>(a.elementSize());
  // Rank r's part of [begin, end): its block, clipped.
  auto part = [&](int r) {
    return std::pair{std::clamp(ranks_->first(n, r), begin, end), std::clamp(ranks_->first(n, r + 1), begin, end)};
  };
  std::vector<std::int64_t> bytes(R);
  for (int r = 0; r < R; ++r) bytes[r] = (part(r).second - part(r).first) * elem;
  // This rank's part already sits where the result puts it; a copy keeps
  // the send and receive buffers apart, as MPI requires.
  auto [lo, hi] = part(ranks_->rank());
  std::vector<char> mine(data + lo * elem, data + hi * elem);
  ScopedExchange timed(exchanges_, std::accumulate(bytes.begin(), bytes.end(), std::int64_t{0}));
  ranks_->allgatherBytes(mine.data(), bytes, data + begin * elem);
}

void Simulation::gatherNeurons() {
  for (const PopulationDesc &pd : d_.populations)
    for (std::size_t v = 0; v < state_[pd.group].size(); ++v)
      gatherBlock(pd.group, static_cast<int>(v), 0, groups_[pd.group].size);
}

void Simulation::gatherSampled(std::int64_t step) {
  // Per variable, the span of the neurons sampled now: for `record v of
  // E[0:10]`, ten values, not the population.
  std::vector<std::tuple<int, int, std::int64_t, std::int64_t>> spans;
  for (const Recorder::SampledRange &r : sampled_) {
    if (!r.due(step) || d_.groups[r.group].kind == GroupKind::Synapse) continue;
    auto same = [&](const auto &s) { return std::get<0>(s) == r.group && std::get<1>(s) == r.var; };
    auto it = std::find_if(spans.begin(), spans.end(), same);
    if (it == spans.end()) spans.emplace_back(r.group, r.var, r.begin, r.end);
    else *it = {r.group, r.var, std::min(std::get<2>(*it), r.begin), std::max(std::get<3>(*it), r.end)};
  }
  for (auto [g, v, begin, end] : spans) gatherBlock(g, v, begin, end);
}

void Simulation::batchSpikes(std::int64_t step, Recorder &recorder, bool now) {
  if (populations_.empty()) return;
  // This step's lists, as detected here (generators: whole on every rank).
  for (const Population &pop : populations_) {
    batchCounts_.push_back(pop.nspikes);
    batchLists_.insert(batchLists_.end(), pop.list.begin(), pop.list.begin() + pop.nspikes);
  }
  std::int64_t steps = static_cast<std::int64_t>(batchCounts_.size() / populations_.size());
  if (now || steps >= exchangeEvery_ || step + 1 >= nsteps_) exchangeBatch(step, recorder);
  // Otherwise each list stays this rank's until the exchange: the resets
  // and `on post` of this step read their own neurons' spikes only.
}

void Simulation::exchangeBatch(std::int64_t last, Recorder &recorder) {
  int R = ranks_->size();
  std::size_t P = populations_.size();
  std::size_t K = P == 0 ? 0 : batchCounts_.size() / P; // steps last - K + 1 .. last
  if (K == 0) return;
  // One message of counts: this rank's spikes per step and population
  // (generated ones are the same on every rank and stay out), then the stop
  // signal it saw during the interval.
  std::size_t M = K * P + 1;
  std::vector<std::int64_t> mine(M, 0);
  rankSpikes_.clear();
  std::size_t at = 0;
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t p = 0; p < P; ++p) {
      std::int64_t c = batchCounts_[k * P + p];
      if (!d_.populations[p].generator) {
        mine[k * P + p] = c;
        rankSpikes_.insert(rankSpikes_.end(), batchLists_.begin() + at, batchLists_.begin() + at + c);
      }
      at += static_cast<std::size_t>(c);
    }
  mine[K * P] = batchSignal_;
  rankCounts_.resize(M * R);
  ScopedExchange timed(exchanges_, static_cast<std::int64_t>(rankCounts_.size() * sizeof(std::int64_t)));
  ranks_->allgather(mine.data(), static_cast<int>(M), rankCounts_.data());
  std::vector<std::int64_t> bytes(R, 0), from(R, 0);
  int signal = 0;
  for (int r = 0; r < R; ++r) {
    for (std::size_t x = 0; x < K * P; ++x) bytes[r] += rankCounts_[r * M + x];
    if (r > 0) from[r] = from[r - 1] + bytes[r - 1];
    signal = std::max<int>(signal, static_cast<int>(rankCounts_[r * M + K * P]));
  }
  std::int64_t total = from[R - 1] + bytes[R - 1];
  for (std::int64_t &b : bytes) b *= static_cast<std::int64_t>(sizeof(std::int32_t));
  allSpikes_.resize(static_cast<std::size_t>(total));
  exchanges_.bytes += total * static_cast<std::int64_t>(sizeof(std::int32_t));
  ranks_->allgatherBytes(rankSpikes_.data(), bytes, allSpikes_.data());
  // Every rank stops before the same step (stopBefore reads this slot).
  signalAt_[last & 1] = signal;
  batchSignal_ = 0;

  // Step by step, each population's list is its ranks' parts in rank
  // order (each rank's part holds its steps' lists one after another):
  // the ascending list one process detects. Then as collectSpikes and
  // queueSpikes do in one process.
  at = 0;
  for (std::size_t k = 0; k < K; ++k) {
    std::int64_t step = last - static_cast<std::int64_t>(K - 1 - k);
    for (std::size_t p = 0; p < P; ++p) {
      Population &pop = populations_[p];
      std::int64_t own = batchCounts_[k * P + p];
      if (d_.populations[p].generator) {
        std::copy(batchLists_.begin() + at, batchLists_.begin() + at + own, pop.list.begin());
        pop.nspikes = own;
      } else {
        std::int64_t n = 0;
        for (int r = 0; r < R; ++r) {
          std::int64_t c = rankCounts_[r * M + k * P + p];
          if (c < 0 || n + c > static_cast<std::int64_t>(pop.list.size()))
            throw Error("rank " + std::to_string(r) + " sent more spikes than population '" +
                        d_.populationGroup(static_cast<int>(p)).name + "' has neurons");
          std::copy(allSpikes_.begin() + from[r], allSpikes_.begin() + from[r] + c, pop.list.begin() + n);
          from[r] += c;
          n += c;
        }
        pop.nspikes = n;
      }
      at += static_cast<std::size_t>(own);
      pop.total += pop.nspikes;
      for (std::int64_t n = 0; n < pop.nspikes; ++n) ++pop.counts[pop.list[n]];
      recorder.recordSpikes(static_cast<int>(p), static_cast<double>(step) * dt_, pop.list.data(), pop.nspikes, nullptr);
    }
    for (std::size_t j = 0; j < projections_.size(); ++j) queueProjection(static_cast<int>(j), step);
  }
  batchCounts_.clear();
  batchLists_.clear();
}

bool Simulation::synapsesRecorded(int index) const {
  return std::any_of(d_.recordings.begin(), d_.recordings.end(),
                     [&](const RecordingDesc &r) { return r.projection == index; });
}

bool Simulation::buildsOwnOnly(int index) const {
  const ProjectionDesc &pd = d_.projections[index];
  return ranks_ && pd.storage == ProjectionDesc::Storage::Sparse && pd.array < 0 && !synapsesRecorded(index);
}

void Simulation::initOwnSynapses(int index, const bdlrt_kernel_args &a) {
  const ProjectionDesc &pd = d_.projections[index];
  const Csr &csr = projections_[index].csr;
  std::int64_t npre = static_cast<std::int64_t>(csr.rowptr.size()) - 1;
  // Row i's synapses onto this rank are, in the whole table, a run that
  // starts after every synapse of rows 0 .. i - 1 and the lower ranks'
  // synapses of row i: its first number there.
  std::vector<std::int64_t> below(npre), rows(npre);
  for (std::int64_t i = 0; i < npre; ++i) below[i] = rows[i] = csr.rowptr[i + 1] - csr.rowptr[i];
  ranks_->exscanSum(below.data(), npre);
  ranks_->allreduceSum(rows.data(), npre);
  std::int64_t whole = 0;
  for (std::int64_t i = 0; i < npre; ++i) {
    below[i] += whole;
    whole += rows[i];
  }
  std::vector<std::int64_t>().swap(rows);
  // The kernel runs over [first, first + length) of the whole numbering,
  // which its draws use, with every per-synapse pointer moved so that
  // number lands on the rank's own synapse.
  const GroupDesc &gd = d_.groups[pd.group];
  bdlrt_kernel_fn fn = model_.kernels[gd.init];
  constexpr std::size_t kMaxVars = 256;
  if (gd.vars.size() > kMaxVars) throw Error("projection '" + gd.name + "' has more than 256 variables");
  int parts = threads_ > 1 && !d_.kernels[gd.init].serial ? threads_ : 1;
#pragma omp parallel for num_threads(parts) schedule(static) if (parts > 1)
  for (std::int64_t i = 0; i < npre; ++i) {
    std::int64_t mine = csr.rowptr[i], n = csr.rowptr[i + 1] - mine;
    if (n == 0) continue;
    std::int64_t shift = mine - below[i];
    void *self[kMaxVars];
    for (std::size_t v = 0; v < gd.vars.size(); ++v) {
      auto *p = static_cast<char *>(groupVars_[pd.group][v]);
      self[v] = gd.vars[v].perEntity ? p + shift * static_cast<std::int64_t>(state_[pd.group][v].elementSize()) : p;
    }
    bdlrt_kernel_args x = a;
    x.self = self;
    x.begin = below[i];
    x.end = below[i] + n;
    x.col = a.col + shift;
    x.pre_index = a.pre_index + shift;
    fn(&x);
  }
}

void Simulation::keepOwnSynapses(int index, bool built) {
  const ProjectionDesc &pd = d_.projections[index];
  Projection &proj = projections_[index];
  if (proj.storage != ProjectionDesc::Storage::Sparse)
    throw Error("projection '" + d_.groups[pd.group].name + "' is not stored sparse, which ranks need (bdlc build "
                "--mpi stores every projection sparse)");
  // The shortest delay of the whole projection, the same on every rank:
  // what the ranks' exchange interval may be (run()).
  const GroupDesc &group = d_.groups[pd.group];
  if (pd.delay >= 0 && group.vars[pd.delay].perEntity) {
    const StateArray &delays = state_[pd.group][pd.delay];
    double shortest = std::numeric_limits<double>::infinity();
    for (std::int64_t s = 0; s < delays.size(); ++s) shortest = std::min<double>(shortest, delays[s]);
    std::int64_t steps = std::numeric_limits<std::int64_t>::max();
    if (delays.size() > 0) steps = !(shortest >= 0) || shortest / dt_ > 1e9 ? 0 : std::llround(shortest / dt_);
    if (built) {
      // Each rank saw its own synapses: the shortest of all of them.
      std::vector<std::int64_t> all(ranks_->size());
      ranks_->allgather(&steps, 1, all.data());
      steps = *std::min_element(all.begin(), all.end());
    }
    proj.minDelaySteps = steps == std::numeric_limits<std::int64_t>::max() ? 0 : steps;
  } else {
    proj.minDelaySteps = proj.delaySteps;
  }
  proj.owner.clear();
  if (built) return;
  std::int32_t lo = static_cast<std::int32_t>(ownFirst_[d_.populations[pd.post].group]);
  std::int32_t hi = static_cast<std::int32_t>(ownLast_[d_.populations[pd.post].group]);
  Csr &csr = proj.csr;
  // Synapse s moves to kept[s]; within each row, columns ascend, so the
  // kept ones are one run of it.
  std::vector<std::int64_t> from;
  Csr out;
  out.rowptr.assign(csr.rowptr.size(), 0);
  for (std::size_t i = 0; i + 1 < csr.rowptr.size(); ++i) {
    const std::int32_t *b = csr.col.data() + csr.rowptr[i];
    const std::int32_t *e = csr.col.data() + csr.rowptr[i + 1];
    std::int64_t s0 = csr.rowptr[i] + (std::lower_bound(b, e, lo) - b);
    std::int64_t s1 = csr.rowptr[i] + (std::lower_bound(b, e, hi) - b);
    for (std::int64_t s = s0; s < s1; ++s) from.push_back(s);
    out.rowptr[i + 1] = static_cast<std::int64_t>(from.size());
  }
  out.col.resize(from.size());
  out.preIndex.resize(from.size());
  for (std::size_t k = 0; k < from.size(); ++k) {
    out.col[k] = csr.col[from[k]];
    out.preIndex[k] = csr.preIndex[from[k]];
  }
  // A recorded projection remembers which rank holds each synapse, to put
  // the ranks' values back in the whole network's order (wholeArray).
  if (synapsesRecorded(index)) {
    std::int64_t n = d_.populationGroup(pd.post).size;
    std::vector<std::int64_t> starts(ranks_->size());
    for (int r = 0; r < ranks_->size(); ++r) starts[r] = ranks_->first(n, r);
    proj.owner.resize(csr.col.size());
    for (std::size_t s = 0; s < csr.col.size(); ++s) // the last block starting at or before the column
      proj.owner[s] = static_cast<std::uint16_t>(std::upper_bound(starts.begin(), starts.end(), csr.col[s]) -
                                                 starts.begin() - 1);
  }
  const GroupDesc &gd = d_.groups[pd.group];
  for (std::size_t v = 0; v < gd.vars.size(); ++v) {
    if (!gd.vars[v].perEntity) continue;
    StateArray &a = state_[pd.group][v];
    StateArray kept;
    kept.assign(static_cast<std::int64_t>(from.size()), 0.0, d_.single);
    for (std::size_t k = 0; k < from.size(); ++k)
      std::memcpy(static_cast<char *>(kept.data()) + k * a.elementSize(),
                  static_cast<const char *>(a.data()) + from[k] * a.elementSize(), a.elementSize());
    a = std::move(kept);
    groupVars_[pd.group][v] = a.data();
  }
  csr = std::move(out);
  groups_[pd.group].size = csr.size();
}

namespace {

/// Every rank's `elem`-byte values of a projection's synapses, gathered and
/// put in the whole network's order through `owner` (the rank of each
/// synapse there; each rank's own come in that order too).
void wholeArray(const Ranks &ranks, const std::vector<std::uint16_t> &owner, const void *mine, std::int64_t count,
                std::size_t elem, void *out) {
  int R = ranks.size();
  std::vector<std::int64_t> counts(R, 0), bytes(R), at(R, 0);
  for (std::uint16_t r : owner) ++counts[r];
  if (counts[ranks.rank()] != count) throw Error("a rank's synapses do not match the network's");
  for (int r = 0; r < R; ++r) bytes[r] = counts[r] * static_cast<std::int64_t>(elem);
  for (int r = 1; r < R; ++r) at[r] = at[r - 1] + counts[r - 1];
  std::vector<char> joined(owner.size() * elem);
  ranks.allgatherBytes(mine, bytes, joined.data());
  auto *dst = static_cast<char *>(out);
  for (std::size_t s = 0; s < owner.size(); ++s)
    std::memcpy(dst + s * elem, joined.data() + (at[owner[s]]++) * elem, elem);
}

} // namespace

void Simulation::swapWholeSynapses(std::int64_t step, const Recorder &recorder, bool back) {
  for (std::size_t k = 0; k < projections_.size(); ++k) {
    Projection &proj = projections_[k];
    int g = d_.projections[k].group;
    if (back) {
      for (auto &[v, a] : proj.whole) std::swap(state_[g][v], a);
      if (!proj.whole.empty()) sizes_[g] = proj.csr.size();
      proj.whole.clear();
      continue;
    }
    if (proj.owner.empty() || !recorder.samplesAt(g, step)) continue;
    const GroupDesc &gd = d_.groups[g];
    for (std::size_t v = 0; v < gd.vars.size(); ++v) {
      if (!gd.vars[v].perEntity) continue;
      StateArray whole;
      whole.assign(static_cast<std::int64_t>(proj.owner.size()), 0.0, d_.single);
      const StateArray &mine = state_[g][v];
      wholeArray(*ranks_, proj.owner, mine.data(), mine.size(), mine.elementSize(), whole.data());
      std::swap(state_[g][v], whole);
      proj.whole.emplace_back(static_cast<int>(v), std::move(whole));
    }
    sizes_[g] = static_cast<std::int64_t>(proj.owner.size());
  }
}

void Simulation::wholeEnds(int k, std::vector<std::int32_t> &pre, std::vector<std::int32_t> &post) const {
  const Projection &proj = projections_[k];
  pre.resize(proj.owner.size());
  post.resize(proj.owner.size());
  wholeArray(*ranks_, proj.owner, proj.csr.preIndex.data(), proj.csr.size(), sizeof(std::int32_t), pre.data());
  wholeArray(*ranks_, proj.owner, proj.csr.col.data(), proj.csr.size(), sizeof(std::int32_t), post.data());
}

void Simulation::agreeOnStop(std::int64_t step) {
  int R = ranks_->size();
  bool found = stop_.kind == Stop::Kind::NonFinite;
  std::int64_t mine[2] = {found ? 1 : 0, found ? static_cast<std::int64_t>(stop_.message.size()) : 0};
  std::vector<std::int64_t> all(2 * R);
  ranks_->allgather(mine, 2, all.data());
  std::vector<std::int64_t> bytes(R);
  std::int64_t total = 0;
  int first = -1;
  for (int r = 0; r < R; ++r) {
    bytes[r] = all[2 * r + 1];
    total += bytes[r];
    if (first < 0 && all[2 * r]) first = r;
  }
  if (first < 0) return;
  // The first rank's message (its neuron, or its own synapse numbering).
  std::string text(static_cast<std::size_t>(total), '\0');
  ranks_->allgatherBytes(stop_.message.data(), bytes, text.data());
  std::int64_t at = 0;
  for (int r = 0; r < first; ++r) at += bytes[r];
  stop_.kind = Stop::Kind::NonFinite;
  stepsRun_ = step;
  stop_.message = text.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(bytes[first]));
  if (first != 0) stop_.message += " (found by rank " + std::to_string(first) + ")";
}

} // namespace bdlrt
