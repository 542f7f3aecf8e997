// SPDX-License-Identifier: Apache-2.0
//===- DesignCheckpoint.cpp - checkpoints of a design of runs -------------===//
#include "DesignCheckpoint.h"

#include "Error.h"
#include "ResultsDir.h"

#include <fstream>
#include <optional>
#include <nlohmann/json.hpp>

namespace bdlrt {

using nlohmann::json;

namespace {

/// What the design's index and its printed lines use of a finished run.
json runJson(const DesignInfo::Run &r) {
  json pops = json::array(), point = json::array();
  for (const PopulationSummary &p : r.info.populations) pops.push_back({p.name, p.model, p.size, p.spikes, p.meanRateHz});
  for (const auto &[name, value] : r.info.point) point.push_back({name, value});
  return {{"folder", r.folder},    {"point", r.point},         {"trial", r.info.trial},
          {"trial_seed", r.info.trialSeed}, {"status", r.info.status}, {"run_seconds", r.info.runSeconds},
          {"values", point},       {"populations", pops}};
}

DesignInfo::Run runFromJson(const json &j) {
  DesignInfo::Run r;
  r.folder = j.at("folder").get<std::string>();
  if (r.folder.empty() || r.folder.find('/') != std::string::npos || r.folder[0] == '.') throw Error("bad folder");
  r.point = j.at("point").get<std::int64_t>();
  r.info.trial = j.at("trial").get<int>();
  r.info.trialSeed = j.at("trial_seed").get<std::uint64_t>();
  r.info.status = j.at("status").get<std::string>();
  r.info.runSeconds = j.at("run_seconds").get<double>();
  for (const json &v : j.at("values")) r.info.point.emplace_back(v.at(0).get<std::string>(), v.at(1).get<double>());
  for (const json &p : j.at("populations"))
    r.info.populations.push_back({p.at(0).get<std::string>(), p.at(1).get<std::string>(), p.at(2).get<std::int64_t>(),
                                  p.at(3).get<std::int64_t>(), p.at(4).get<double>()});
  return r;
}

} // namespace

std::vector<std::filesystem::path> DesignProgress::folders() const {
  std::vector<std::filesystem::path> out;
  if (!results.empty())
    for (const DesignInfo::Run &r : done) out.push_back(results / r.folder);
  return out;
}

std::string designCheckpointJson(const DesignProgress &p, const Options &o) {
  json done = json::array();
  for (const DesignInfo::Run &r : p.done) done.push_back(runJson(r));
  json options = {{"set", o.sets}, {"sweep", o.sweeps}, {"new_connectivity", o.newConnectivity}};
  if (o.duration) options["duration"] = *o.duration;
  if (o.trials) options["trials"] = *o.trials;
  if (o.trial) options["trial"] = *o.trial;
  return json{{"run", p.done.size()}, {"options", options}, {"done", done}}.dump();
}

bool readDesignCheckpoint(const std::filesystem::path &dir, Options &o, DesignProgress &p) {
  std::ifstream f(dir / "checkpoint.json");
  json j = json::parse(f, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("design")) return false;
  std::string where = "'" + dir.string() + "'";
  if (!o.sets.empty() || !o.sweeps.empty() || o.trials || o.trial || o.newConnectivity || o.seed)
    throw Error("--resume continues the design of runs in " + where +
                " with the options it was started with; it takes no --set, --seed, --sweep, --trials, --trial "
                "or --new-connectivity");
  std::optional<double> duration;
  std::int64_t run = -1;
  try {
    const json &d = j.at("design");
    const json &opt = d.at("options");
    o.sets = opt.at("set").get<std::vector<std::string>>();
    o.sweeps = opt.at("sweep").get<std::vector<std::string>>();
    o.newConnectivity = opt.at("new_connectivity").get<bool>();
    if (opt.contains("duration")) duration = opt.at("duration").get<double>();
    if (opt.contains("trials")) o.trials = opt.at("trials").get<int>();
    if (opt.contains("trial")) o.trial = opt.at("trial").get<int>();
    run = d.at("run").get<std::int64_t>();
    for (const json &r : d.at("done")) p.done.push_back(runFromJson(r));
  } catch (const std::exception &) {
    throw Error("cannot resume from " + where + ": its design in checkpoint.json is incomplete");
  }
  // Every run of a design lasts as long: a resumed one may not run longer.
  if (o.duration && o.duration != duration)
    throw Error("--resume continues the design of runs in " + where + ", whose runs last " +
                (duration ? formatNumber(*duration) + " s" : std::string("the experiment's duration")) +
                "; it takes no other --duration");
  o.duration = duration;
  if (run < 0 || static_cast<std::int64_t>(p.done.size()) != run)
    throw Error("cannot resume from " + where + ": its design in checkpoint.json is inconsistent");
  return true;
}

void restoreFinishedRun(const std::filesystem::path &dir, const std::string &folder, const std::filesystem::path &to) {
  std::filesystem::path from = dir / "runs" / folder;
  if (!std::filesystem::is_directory(from))
    throw Error("cannot resume from '" + dir.string() + "': it lacks the finished run " + folder);
  linkFolder(from, to / folder);
}

} // namespace bdlrt
