// SPDX-License-Identifier: Apache-2.0
//===- Manifest.cpp - results/manifest.json, the index of a run -----------===//
//
// The manifest lets a plotting script find every array without knowing the
// model, and records what produced it (source, seed, final parameters) so a
// results directory can be reproduced with `model --seed 42 --set ...`.

#include "Manifest.h"

#include "Npy.h"

#include <nlohmann/json.hpp>

namespace bdlrt {

std::string manifestJson(const Descriptor &d, const RunInfo &run, const std::vector<RecordedFile> &files) {
  using nlohmann::ordered_json;
  ordered_json m;
  m["bdlc_version"] = d.bdlcVersion;
  m["source"] = d.source;
  m["experiment"] = d.experiment.name;
  m["seed"] = run.seed;
  m["dt"] = run.dt;
  m["duration"] = run.duration;
  m["threads"] = run.threads;
  m["ranks"] = run.ranks;
  if (run.ranks > 1)
    m["exchanges"] = {{"count", run.exchanges}, {"bytes", run.exchangeBytes}, {"seconds", run.exchangeSeconds}};
  // How the run ended: readers check this before trusting the arrays.
  m["status"] = run.status;
  m["steps"] = run.steps;
  if (run.status == "interrupted") m["interrupted_at"] = run.interruptedAt;
  if (!run.stopReason.empty()) m["stop_reason"] = run.stopReason;
  if (run.trial >= 0) {
    m["trial"] = run.trial;
    m["trial_seed"] = run.trialSeed;
  }
  // How the state was stored and computed on the CPU: "single" state arrays
  // are float32 (GPU builds keep double host state whatever their device
  // precision).
  m["precision"] = d.single ? "single" : "double";

  ordered_json pops = ordered_json::array();
  for (const PopulationSummary &p : run.populations)
    pops.push_back({{"name", p.name},
                    {"model", p.model},
                    {"size", p.size},
                    {"spikes", p.spikes},
                    {"mean_rate_hz", p.meanRateHz}});
  m["populations"] = std::move(pops);

  ordered_json recs = ordered_json::array();
  for (const RecordedFile &f : files) {
    ordered_json r;
    r["file"] = f.file;
    r["kind"] = f.kind;
    r["population"] = f.population;
    if (!f.variable.empty()) r["variable"] = f.variable;
    r["unit"] = f.unit;
    r["shape"] = f.shape;
    r["dtype"] = f.dtype;
    recs.push_back(std::move(r));
  }
  m["recordings"] = std::move(recs);

  ordered_json params = ordered_json::object();
  for (const ParameterValue &p : run.parameters) {
    ordered_json v = {{"value", p.value}, {"unit", p.unit}};
    if (p.min != p.max) {
      v["min"] = p.min;
      v["max"] = p.max;
    }
    params[p.name] = std::move(v);
  }
  m["parameters"] = std::move(params);
  m["wall_seconds"] = {{"build", d.buildSeconds}, {"setup", run.setupSeconds}, {"run", run.runSeconds}};
  return m.dump(2) + "\n";
}

namespace {

/// A swept value in its display unit, e.g. 0.02 V -> 20 (mV).
double displayValue(const Descriptor &d, const SweepAxis &a, double si) {
  return si / d.groups[a.group].vars[a.var].unitScale;
}

} // namespace

void writeDesignManifest(const std::filesystem::path &dir, const Descriptor &d, std::uint64_t seed,
                         const DesignInfo &design) {
  using nlohmann::ordered_json;
  ordered_json m;
  m["bdlc_version"] = d.bdlcVersion;
  m["source"] = d.source;
  m["experiment"] = d.experiment.name;
  m["design"] = true; // readers: the arrays are in the runs' folders
  m["status"] = design.status;
  m["seed"] = seed;
  ordered_json axes = ordered_json::array();
  std::vector<const SweepAxis *> flat = flattenAxes(design.axes);
  for (const SweepAxis &a : design.axes) {
    auto entry = [&](const SweepAxis &x) {
      ordered_json values = ordered_json::array();
      for (double v : x.values) values.push_back(displayValue(d, x, v));
      return ordered_json{{"name", x.name}, {"unit", d.groups[x.group].vars[x.var].unit}, {"values", values}};
    };
    axes.push_back(entry(a));
    for (const SweepAxis &z : a.zipped) {
      axes.push_back(entry(z));
      axes.back()["with"] = a.name; // stepped together: not a further axis of the grid
    }
  }
  m["sweeps"] = std::move(axes);
  m["trials"] = design.trials;
  ordered_json runs = ordered_json::array();
  for (const DesignInfo::Run &r : design.runs) {
    ordered_json run;
    run["folder"] = r.folder;
    run["point"] = r.point;
    ordered_json values = ordered_json::object();
    for (std::size_t a = 0; a < flat.size() && a < r.info.point.size(); ++a)
      values[flat[a]->name] = displayValue(d, *flat[a], r.info.point[a].second);
    run["values"] = std::move(values);
    run["trial"] = r.info.trial;
    run["trial_seed"] = r.info.trialSeed;
    run["status"] = r.info.status;
    ordered_json pops = ordered_json::array();
    for (const PopulationSummary &p : r.info.populations)
      pops.push_back({{"name", p.name}, {"spikes", p.spikes}, {"mean_rate_hz", p.meanRateHz}});
    run["populations"] = std::move(pops);
    run["run_seconds"] = r.info.runSeconds;
    runs.push_back(std::move(run));
  }
  m["runs"] = std::move(runs);
  m["wall_seconds"] = design.wallSeconds;
  writeFileAtomically(dir / "manifest.json", m.dump(2) + "\n");
}

void writeManifest(const std::filesystem::path &dir, const Descriptor &d, const RunInfo &run,
                   const std::vector<RecordedFile> &files) {
  writeFileAtomically(dir / "manifest.json", manifestJson(d, run, files));
}

} // namespace bdlrt
