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
#include <cstring>
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

std::int64_t sum(const std::vector<std::int64_t> &v) {
  std::int64_t s = 0;
  for (std::int64_t x : v) s += x;
  return s;
}

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
  ScopedExchange timed(exchanges_, sum(bytes));
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

void Simulation::exchangeSpikes(std::int64_t step) {
  int R = ranks_->size();
  std::size_t P = d_.populations.size();
  // One message of counts: this rank's spikes per population (generated
  // ones are the same on every rank and stay out), and the stop signal it
  // saw at the start of the step.
  std::vector<std::int64_t> mine(P + 1, 0);
  rankSpikes_.clear();
  for (std::size_t p = 0; p < P; ++p) {
    if (d_.populations[p].generator) continue;
    const Population &pop = populations_[p];
    mine[p] = pop.nspikes;
    rankSpikes_.insert(rankSpikes_.end(), pop.list.begin(), pop.list.begin() + pop.nspikes);
  }
  mine[P] = signalAt_[step & 1];
  rankCounts_.resize((P + 1) * R);
  ScopedExchange timed(exchanges_, static_cast<std::int64_t>(rankCounts_.size() * sizeof(std::int64_t)));
  ranks_->allgather(mine.data(), static_cast<int>(P + 1), rankCounts_.data());
  std::vector<std::int64_t> bytes(R, 0);
  std::int64_t total = 0;
  int signal = 0;
  for (int r = 0; r < R; ++r) {
    for (std::size_t p = 0; p < P; ++p) bytes[r] += rankCounts_[r * (P + 1) + p];
    total += bytes[r];
    bytes[r] *= static_cast<std::int64_t>(sizeof(std::int32_t));
    signal = std::max<int>(signal, static_cast<int>(rankCounts_[r * (P + 1) + P]));
  }
  // Every rank stops before the same step (stopBefore reads this slot).
  signalAt_[step & 1] = signal;
  allSpikes_.resize(static_cast<std::size_t>(total));
  exchanges_.bytes += total * static_cast<std::int64_t>(sizeof(std::int32_t));
  ranks_->allgatherBytes(rankSpikes_.data(), bytes, allSpikes_.data());
  // Rank r's part holds its populations' lists one after another; each
  // population's list is its parts in rank order.
  std::vector<std::int64_t> at(R, 0);
  for (int r = 1; r < R; ++r) at[r] = at[r - 1] + bytes[r - 1] / static_cast<std::int64_t>(sizeof(std::int32_t));
  for (std::size_t p = 0; p < P; ++p) {
    if (d_.populations[p].generator) continue;
    Population &pop = populations_[p];
    std::int64_t n = 0;
    for (int r = 0; r < R; ++r) {
      std::int64_t c = rankCounts_[r * (P + 1) + p];
      if (n + c > static_cast<std::int64_t>(pop.list.size()))
        throw Error("rank " + std::to_string(r) + " sent more spikes than population '" +
                    d_.populationGroup(static_cast<int>(p)).name + "' has neurons");
      std::copy(allSpikes_.begin() + at[r], allSpikes_.begin() + at[r] + c, pop.list.begin() + n);
      at[r] += c;
      n += c;
    }
    pop.nspikes = n;
  }
}

void Simulation::keepOwnSynapses(int index) {
  const ProjectionDesc &pd = d_.projections[index];
  Projection &proj = projections_[index];
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
  proj.owner.clear();
  bool recorded = std::any_of(d_.recordings.begin(), d_.recordings.end(),
                              [&](const RecordingDesc &r) { return r.projection == index; });
  if (recorded) {
    std::int64_t n = d_.populationGroup(pd.post).size;
    proj.owner.resize(csr.col.size());
    for (std::size_t s = 0; s < csr.col.size(); ++s) {
      // The last rank whose block starts at or before the column.
      int r = static_cast<int>((static_cast<std::int64_t>(csr.col[s]) * ranks_->size() + ranks_->size()) / n);
      while (r > 0 && ranks_->first(n, r) > csr.col[s]) --r;
      while (r + 1 < ranks_->size() && ranks_->first(n, r + 1) <= csr.col[s]) ++r;
      proj.owner[s] = static_cast<std::uint16_t>(r);
    }
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
