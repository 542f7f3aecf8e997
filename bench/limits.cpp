// SPDX-License-Identifier: Apache-2.0
//===- limits.cpp - what this machine can do, per neuron-step and per event ===//
//
// The three rates that bound a spiking network's step on one core, measured
// with Google Benchmark for bench/limits.py, which sets them beside what the
// compiled benchmarks achieve:
//
//   StateSweep  in-place sweeps over k arrays of n doubles (x = x a + b): the
//               memory traffic of an update loop whose state is k variables
//               of n neurons, at that working-set size (bytes_per_second);
//   Fma         independent vector FMAs, the arithmetic an update loop's
//               polynomials and products need (items_per_second: vector
//               FMA instructions, `lanes` doubles each);
//   ScatterAdd  spike delivery's pattern: for random spiking rows of a CSR
//               with `degree` random targets among `targets` neurons,
//               target[col] += w, as a plain loop (items_per_second:
//               synaptic events);
//   ScatterFlat the same additions with every target index known ahead, in
//               one streamed array: the machine's rate for scattered
//               read-modify-writes of `targets` doubles, which a delivery
//               that prefetched its rows perfectly would reach.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {

void StateSweep(benchmark::State &state) {
  const auto arrays = static_cast<std::size_t>(state.range(0));
  const auto n = static_cast<std::size_t>(state.range(1));
  std::vector<std::vector<double>> x(arrays, std::vector<double>(n, 1.0));
  const double a = 0.999, b = 1e-3;
  for (auto _ : state) {
    for (auto &v : x) {
      double *p = v.data();
      for (std::size_t i = 0; i < n; ++i) p[i] = p[i] * a + b;
    }
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * arrays * n * 2 * sizeof(double)));
}
BENCHMARK(StateSweep)->ArgsProduct({{4, 7}, {4000, 40000}});

#if defined(__AVX512F__)
using Vec = __m512d;
constexpr int kLanes = 8;
inline Vec splat(double v) { return _mm512_set1_pd(v); }
inline Vec fma(Vec a, Vec b, Vec c) { return _mm512_fmadd_pd(a, b, c); }
inline double sum(Vec v) { return _mm512_reduce_add_pd(v); }
#elif defined(__FMA__)
using Vec = __m256d;
constexpr int kLanes = 4;
inline Vec splat(double v) { return _mm256_set1_pd(v); }
inline Vec fma(Vec a, Vec b, Vec c) { return _mm256_fmadd_pd(a, b, c); }
inline double sum(Vec v) {
  alignas(32) double t[4];
  _mm256_store_pd(t, v);
  return t[0] + t[1] + t[2] + t[3];
}
#else // no vector FMA: scalar fused multiply-adds
using Vec = double;
constexpr int kLanes = 1;
inline Vec splat(double v) { return v; }
inline Vec fma(Vec a, Vec b, Vec c) { return std::fma(a, b, c); }
inline double sum(Vec v) { return v; }
#endif

void Fma(benchmark::State &state) {
  // Twelve independent chains: more than latency (4) x pipes (2), so the
  // pipes, not the chains, are the limit.
  constexpr int kChains = 12, kRounds = 1000;
  Vec acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = splat(1.0 + c * 1e-3);
  const Vec m = splat(0.999999), d = splat(1e-9);
  for (auto _ : state) {
    for (int r = 0; r < kRounds; ++r)
      for (auto &v : acc) v = fma(v, m, d);
    benchmark::DoNotOptimize(acc);
  }
  double s = 0;
  for (auto &v : acc) s += sum(v);
  benchmark::DoNotOptimize(s);
  state.SetItemsProcessed(state.iterations() * kChains * kRounds);
  state.counters["lanes"] = kLanes;
}
BENCHMARK(Fma);

void ScatterAdd(benchmark::State &state) {
  const auto targets = static_cast<std::int32_t>(state.range(0));
  const auto degree = static_cast<std::int32_t>(state.range(1));
  const std::int32_t sources = targets; // rows: one per presynaptic neuron
  constexpr int kSteps = 1024, kSpikesPerStep = 100;
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::int32_t> pick(0, targets - 1), row(0, sources - 1);
  // CSR rows of `degree` distinct random targets, ascending as bdlc's are.
  std::vector<std::int64_t> rowptr(sources + 1);
  std::vector<std::int32_t> col;
  col.reserve(static_cast<std::size_t>(sources) * degree);
  std::vector<std::int32_t> r;
  for (std::int32_t i = 0; i < sources; ++i) {
    rowptr[i] = static_cast<std::int64_t>(col.size());
    r.clear();
    while (static_cast<std::int32_t>(r.size()) < degree) {
      while (static_cast<std::int32_t>(r.size()) < degree) r.push_back(pick(rng));
      std::sort(r.begin(), r.end());
      r.erase(std::unique(r.begin(), r.end()), r.end());
    }
    col.insert(col.end(), r.begin(), r.end());
  }
  rowptr[sources] = static_cast<std::int64_t>(col.size());
  // Each step's spiking rows, ascending, drawn before timing.
  std::vector<std::int32_t> spikes(static_cast<std::size_t>(kSteps) * kSpikesPerStep);
  for (int t = 0; t < kSteps; ++t) {
    auto first = spikes.begin() + t * kSpikesPerStep;
    for (auto s = first; s != first + kSpikesPerStep; ++s) *s = row(rng);
    std::sort(first, first + kSpikesPerStep);
  }
  std::vector<double> g(targets, 0.0);
  std::int64_t events = 0;
  int step = 0;
  for (auto _ : state) {
    const std::int32_t *list = spikes.data() + step * kSpikesPerStep;
    for (int k = 0; k < kSpikesPerStep; ++k) {
      std::int32_t i = list[k];
      for (std::int64_t s = rowptr[i]; s < rowptr[i + 1]; ++s) g[col[s]] += 0.5;
      events += rowptr[i + 1] - rowptr[i];
    }
    benchmark::ClobberMemory();
    step = (step + 1) % kSteps;
  }
  state.SetItemsProcessed(events);
}
void ScatterFlat(benchmark::State &state) {
  const auto targets = static_cast<std::int32_t>(state.range(0));
  constexpr std::size_t kEvents = 1 << 20;
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::int32_t> pick(0, targets - 1);
  std::vector<std::int32_t> idx(kEvents);
  for (auto &i : idx) i = pick(rng);
  std::vector<double> g(targets, 0.0);
  for (auto _ : state) {
    for (std::int32_t i : idx) g[i] += 0.5;
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kEvents));
}
BENCHMARK(ScatterFlat)->Arg(4000)->Arg(40000);

// The benchmark networks' E->E shape: 80 synapses a row over 4,000 or 40,000
// neurons.
BENCHMARK(ScatterAdd)->ArgsProduct({{4000, 40000}, {80}});

} // namespace

BENCHMARK_MAIN();
