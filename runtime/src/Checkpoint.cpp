// SPDX-License-Identifier: Apache-2.0
//===- Checkpoint.cpp - saving a run at a step and resuming it ------------===//
//
//     ./coba --duration 2s --checkpoint-every 500ms --checkpoint ck
//     ./coba --duration 2s --resume ck      # after a crash, a kill, a time limit
// A checkpoint is the state at the start of a step: every variable, the
// spike queues of the delays, spike counts, fractional histories and what
// the recorders hold. Random numbers are drawn from counters keyed by the
// step, so nothing else is needed for the resumed run to write the same
// arrays as one that was never stopped. checkpoint.json says which model,
// format, step and seeds; state.bin holds the bytes.

#include "Checkpoint.h"

#include "Error.h"
#include "Npy.h"
#include "ResultsDir.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

namespace bdlrt {

namespace {
constexpr int kFormatVersion = 1;
constexpr const char *kFormat = "bdl-checkpoint";
} // namespace

void CheckpointReader::mismatch() const {
  throw Error("checkpoint " + what_ + " is truncated, or does not match this model's storage");
}

std::uint64_t modelFingerprint(const char *descriptorJson) {
  std::uint64_t h = 1469598103934665603ull; // FNV-1a
  for (const char *p = descriptorJson; p && *p; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 1099511628211ull;
  return h;
}

void writeCheckpoint(const std::filesystem::path &dir, const Descriptor &d, std::uint64_t fingerprint,
                     const CheckpointInfo &info, const CheckpointWriter &state) {
  ResultsDir out(dir, true);
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["version"] = kFormatVersion;
  j["bdlc_version"] = d.bdlcVersion;
  j["source"] = d.source;
  j["model"] = fingerprint;
  j["step"] = info.step;
  j["t"] = static_cast<double>(info.step) * d.experiment.dt;
  j["seed"] = info.seed;
  j["dynamics_seed"] = info.dynamicsSeed;
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  for (const auto &[g, v, value] : info.params) params.push_back({g, v, value});
  j["params"] = std::move(params);
  if (!info.design.empty()) j["design"] = nlohmann::ordered_json::parse(info.design);
  for (const std::filesystem::path &run : info.finishedRuns) linkFolder(run, out.staging() / "runs" / run.filename());
  writeFileAtomically(out.staging() / "checkpoint.json", j.dump(2) + "\n");
  writeFileAtomically(out.staging() / "state.bin", std::string_view(state.bytes().data(), state.bytes().size()));
  out.commit();
}

CheckpointInfo readCheckpoint(const std::filesystem::path &dir, const Descriptor &d, std::uint64_t fingerprint,
                              std::vector<char> &state) {
  std::string where = "'" + dir.string() + "'";
  std::ifstream jf(dir / "checkpoint.json");
  if (!jf) throw Error("cannot resume from " + where + ": it holds no checkpoint.json");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(jf);
  } catch (const std::exception &) {
    throw Error("cannot resume from " + where + ": checkpoint.json is not valid JSON");
  }
  if (!j.is_object() || j.value("format", std::string()) != kFormat)
    throw Error("cannot resume from " + where + ": not a BDL checkpoint");
  if (j.value("version", 0) != kFormatVersion)
    throw Error("cannot resume from " + where + ": checkpoint format version " + std::to_string(j.value("version", 0)) +
                ", but this runtime reads version " + std::to_string(kFormatVersion));
  if (j.value("model", std::uint64_t{0}) != fingerprint)
    throw Error("cannot resume from " + where + ": it was written by another model (" +
                j.value("source", std::string("?")) + ", bdlc " + j.value("bdlc_version", std::string("?")) +
                ") or another build of it");
  CheckpointInfo info;
  try {
    info.step = j.at("step").get<std::int64_t>();
    info.seed = j.at("seed").get<std::uint64_t>();
    info.dynamicsSeed = j.at("dynamics_seed").get<std::uint64_t>();
    for (const auto &p : j.at("params")) {
      int g = p.at(0).get<int>(), v = p.at(1).get<int>();
      if (g < 0 || g >= static_cast<int>(d.groups.size()) || v < 0 || v >= static_cast<int>(d.groups[g].vars.size()))
        throw Error("bad parameter");
      info.params.emplace_back(g, v, p.at(2).get<double>());
    }
  } catch (const std::exception &) {
    throw Error("cannot resume from " + where + ": checkpoint.json is incomplete");
  }
  if (info.step < 0) throw Error("cannot resume from " + where + ": negative step");
  std::ifstream bf(dir / "state.bin", std::ios::binary);
  if (!bf) throw Error("cannot resume from " + where + ": it holds no state.bin");
  state.assign(std::istreambuf_iterator<char>(bf), std::istreambuf_iterator<char>());
  return info;
}

} // namespace bdlrt
