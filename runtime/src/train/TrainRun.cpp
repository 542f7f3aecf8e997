// SPDX-License-Identifier: Apache-2.0
//===- TrainRun.cpp - epochs, evaluation and what training writes ----------===//
//
// The last `test_fraction` of the samples are held out; the others are
// shuffled each epoch (from the experiment's seed) and cut into batches.
// Each epoch prints one line (loss, accuracy, test accuracy, seconds) and
// the results folder gets the curves, the trained parameters as a synapse
// list (values in the parameter's unit, with pre and post indices, as
// `record w of P -> Q` writes them) and manifest.json.
#include "Trainer.h"

#include "../Error.h"
#include "../MemoryPlan.h"
#include "../Npy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

namespace bdlrt {

using nlohmann::json;

namespace {

double secondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

} // namespace

void Trainer::writeParams(const std::filesystem::path &dir) {
  for (const TrainingDesc::Param &p : t_.params) {
    const VarDesc &v = d_.groups[groupOf(p)].vars[p.var];
    std::int64_t n = countOf(p);
    std::vector<double> w(var(groupOf(p), p.var), var(groupOf(p), p.var) + n);
    for (double &x : w) x /= v.unitScale;
    std::string stem = stemOf(p);
    writeNpy(dir / (stem + ".npy"), w.data(), {n});
    if (p.projection < 0) continue; // a neuron parameter: its values alone
    const ProjectionDesc &pr = d_.projections[p.projection];
    std::vector<std::int32_t> pre, post;
    sim_.synapseEnds(p.projection, pre, post);
    writeNpy(dir / (stem + "_pre.npy"), pre.data(), {n});
    writeNpy(dir / (stem + "_post.npy"), post.data(), {n});
    // As a (pre, post) matrix, which `{ w = npy("..._matrix.npy") * 1 mV }`
    // loads into a plain run: where no pair has two synapses and it is not
    // too large (0 where there is no synapse).
    std::int64_t npre = sim_.groupSize(d_.populations[pr.pre].group), npost = sim_.groupSize(d_.populations[pr.post].group);
    if (npre * npost > 100'000'000) continue;
    std::vector<double> m(static_cast<std::size_t>(npre * npost), 0.0);
    std::vector<bool> seen(m.size(), false);
    bool unique = true;
    for (std::int64_t s = 0; s < n && unique; ++s) {
      std::size_t at = static_cast<std::size_t>(pre[s] * npost + post[s]);
      unique = !seen[at];
      seen[at] = true;
      m[at] = w[s];
    }
    if (unique) writeNpy(dir / (stem + "_matrix.npy"), m.data(), {npre, npost});
  }
}

json Trainer::tapeSummary() const {
  return {{"steps", t_.steps}, {"segment_steps", std::min(segmentSteps_, t_.steps)}, {"segments", segments()},
          {"bytes", static_cast<std::int64_t>(tapeBytes_)}};
}

void Trainer::reportTape() const {
  if (quiet_ || segments() == 1) return;
  std::printf("tapes in %lld segments of %lld steps (%s), each run forward again before its backward pass\n",
              static_cast<long long>(segments()), static_cast<long long>(segmentSteps_), formatBytes(tapeBytes_).c_str());
}

void Trainer::gradientCheck(const std::filesystem::path &dir) {
  std::int64_t nTest = static_cast<std::int64_t>(std::floor(static_cast<double>(t_.samples) * t_.testFraction));
  std::int64_t nTrain = t_.samples - nTest;
  std::vector<std::int64_t> order(static_cast<std::size_t>(nTrain));
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> losses, correct;
  reportTape();
  runBatch(order, 0, nTrain, true, losses, correct);
  double total = std::accumulate(losses.begin(), losses.end(), 0.0);
  double mean = total / static_cast<double>(nTrain);
  if (!quiet_) std::printf("gradient of the mean loss %.6g over %lld samples\n", mean, static_cast<long long>(nTrain));
  if (dir.empty()) return;
  writeParams(dir);
  json files = json::object();
  for (const TrainingDesc::Param &p : t_.params) {
    std::int64_t n = countOf(p);
    std::string name = "gradient_" + stemOf(p) + ".npy";
    std::vector<double> g = gradient(static_cast<std::size_t>(&p - t_.params.data()));
    writeNpy(dir / name, g.data(), {n}); // dL/dw per SI unit
    files[name] = {{"shape", {n}}, {"unit", "1/SI"}};
  }
  writeNpy(dir / "loss.npy", &mean, {1});
  json m = {{"kind", "gradient_check"}, {"experiment", d_.experiment.name}, {"samples", nTrain},
            {"loss", mean},          {"tape", tapeSummary()},            {"files", files}};
  writeFileAtomically(dir / "manifest.json", m.dump(2) + "\n");
}

void Trainer::train(const std::filesystem::path &dir) {
  std::int64_t nTest = static_cast<std::int64_t>(std::floor(static_cast<double>(t_.samples) * t_.testFraction));
  std::int64_t nTrain = t_.samples - nTest;
  if (nTrain < 1) throw Error("no training samples are left after the test fraction");
  std::vector<std::int64_t> order(static_cast<std::size_t>(nTrain));
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(d_.experiment.seed);
  std::vector<double> trainLoss, trainAcc, testLoss, testAcc, seconds;
  reportTape();
  for (int epoch = 0; epoch < t_.epochs; ++epoch) {
    auto start = std::chrono::steady_clock::now();
    std::shuffle(order.begin(), order.end(), rng);
    double lossSum = 0, right = 0;
    std::vector<double> losses, correct;
    for (std::int64_t b = 0; b < nTrain; b += t_.batch) {
      std::int64_t n = std::min<std::int64_t>(nTrain - b, t_.batch);
      runBatch(order, b, n, true, losses, correct);
      for (std::int64_t q = 0; q < n; ++q) {
        if (!std::isfinite(losses[q]))
          throw Error("the loss of sample " + std::to_string(order[b + q]) + " in epoch " + std::to_string(epoch + 1) +
                      " is not finite; lower the learning rate or the logit scale");
        lossSum += losses[q];
        if (!t_.trace) right += correct[q];
      }
      step();
    }
    trainLoss.push_back(lossSum / static_cast<double>(nTrain));
    if (!t_.trace) trainAcc.push_back(right / static_cast<double>(nTrain));
    if (nTest > 0) {
      std::vector<std::int64_t> held(static_cast<std::size_t>(nTest));
      std::iota(held.begin(), held.end(), nTrain);
      runBatch(held, 0, nTest, false, losses, correct);
      testLoss.push_back(std::accumulate(losses.begin(), losses.end(), 0.0) / static_cast<double>(nTest));
      if (!t_.trace) testAcc.push_back(std::accumulate(correct.begin(), correct.end(), 0.0) / static_cast<double>(nTest));
    }
    seconds.push_back(secondsSince(start));
    if (!quiet_) {
      std::printf("epoch %d/%d  loss %.4f", epoch + 1, t_.epochs, trainLoss.back());
      if (!t_.trace) std::printf("  accuracy %5.1f%%", 100 * trainAcc.back());
      if (nTest > 0) std::printf("  test loss %.4f", testLoss.back());
      if (nTest > 0 && !t_.trace) std::printf("  test accuracy %5.1f%%", 100 * testAcc.back());
      std::printf("  %.2f s\n", seconds.back());
      std::fflush(stdout);
    }
  }
  if (dir.empty()) return;
  writeParams(dir);
  auto curve = [&](const char *name, const std::vector<double> &v) {
    if (!v.empty()) writeNpy(dir / name, v.data(), {static_cast<std::int64_t>(v.size())});
  };
  curve("train_loss.npy", trainLoss);
  curve("train_accuracy.npy", trainAcc);
  curve("test_loss.npy", testLoss);
  curve("test_accuracy.npy", testAcc);
  curve("epoch_seconds.npy", seconds);
  json params = json::array();
  for (const TrainingDesc::Param &p : t_.params) {
    const VarDesc &v = d_.groups[groupOf(p)].vars[p.var];
    params.push_back({{"file", stemOf(p) + ".npy"}, {"unit", v.unit}, {"values", countOf(p)}});
  }
  json m = {{"kind", "training"},
            {"experiment", d_.experiment.name},
            {"epochs", t_.epochs},
            {"train_samples", nTrain},
            {"test_samples", nTest},
            {"final", {{"train_loss", trainLoss.back()}}},
            {"tape", tapeSummary()},
            {"parameters", params}};
  if (!t_.trace) m["final"]["train_accuracy"] = trainAcc.back();
  if (nTest > 0) m["final"]["test_loss"] = testLoss.back();
  if (nTest > 0 && !t_.trace) m["final"]["test_accuracy"] = testAcc.back();
  writeFileAtomically(dir / "manifest.json", m.dump(2) + "\n");
}

} // namespace bdlrt
