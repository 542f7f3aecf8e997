// SPDX-License-Identifier: Apache-2.0
//===- SimulationTest.cpp - a hand-written model through bdlrt_main -------===//
//
// The model, as bdlc would compile it from roughly:
//     neuron N: v (mV), vt = -1 mV, acc, nreset, tau = 20 ms
//         threshold: v > vt          reset: nreset += 1
//     connect N -> N: all_to_all, delay = 1 ms, on_pre: acc_post += w * we
// init sets v = [0, -2] mV, so neuron 0 spikes on every step and neuron 1
// never does; each spike of neuron 0 arrives 10 steps later at both posts.

#include "Simulation.h"
#include "Descriptor.h"
#include "Progress.h"
#include "Recorder.h"
#include "bdlrt/bdlrt.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Variable indices of group N (1) and of synapse group N->N (2).
enum { V, VT, ACC, NRESET, TAU };
enum { W, DELAY, INITPRE, K };

/// Variable v of a space as doubles (these descriptors are double precision).
double *at(void *const *space, int v) { return static_cast<double *>(space[v]); }

void prepareSyn(const bdlrt_kernel_args *a) {
  // A prepare kernel sees pre/post and the network; the delay is derived.
  if (a->pre && a->post && a->net) at(a->self, DELAY)[0] = 1e-3;
}
void initN(const bdlrt_kernel_args *a) {
  for (std::int64_t i = a->begin; i < a->end; ++i)
    at(a->self, V)[i] = i == 0 ? 0.0 : -2e-3;
}
void updateN(const bdlrt_kernel_args *a) {
  // The step time must be consistent with dt; a wrong t would stop spiking.
  if (std::fabs(a->t - static_cast<double>(a->step) * a->dt) > 1e-15) at(a->self, V)[0] = -1.0;
}
void thresholdN(const bdlrt_kernel_args *a) {
  for (std::int64_t i = a->begin; i < a->end; ++i)
    if (at(a->self, V)[i] > at(a->self, VT)[i]) a->spikes[(*a->nspikes)++] = static_cast<std::int32_t>(i);
}
void resetN(const bdlrt_kernel_args *a) {
  for (std::int64_t k = a->begin; k < a->end; ++k)
    at(a->self, NRESET)[a->list[k]] += 1.0;
}
void onPreSyn(const bdlrt_kernel_args *a) {
  for (std::int64_t k = a->begin; k < a->end; ++k) {
    std::int32_t i = a->list[k];
    for (std::int64_t s = a->rowptr[i]; s < a->rowend[i]; ++s)
      at(a->post, ACC)[a->col[s]] += at(a->self, W)[s] * at(a->net, 0)[0];
  }
}
void initSyn(const bdlrt_kernel_args *a) {
  for (std::int64_t s = a->begin; s < a->end; ++s)
    at(a->self, INITPRE)[s] = a->pre_index[s] * 10 + a->col[s];
}

const bdlrt_kernel_fn kKernels[] = {prepareSyn, initN, updateN, thresholdN, resetN, onPreSyn, initSyn};

json var(const char *name, const char *role, bool perEntity, const char *unit, double scale,
         std::vector<double> dims, double def) {
  return {{"name", name},        {"role", role}, {"per_entity", perEntity}, {"unit", unit},
          {"unit_scale", scale}, {"dims", dims}, {"default", def}};
}

json descriptor() {
  std::vector<double> none(7, 0.0), volt = {2, 1, -3, -1, 0, 0, 0}, time = {0, 0, 1, 0, 0, 0, 0};
  json d;
  d["bdlc_version"] = "0.1.0";
  d["source"] = "test/tiny.bdl";
  d["build_seconds"] = 0.25;
  d["experiment"] = {{"name", "main"}, {"dt", 1e-4}, {"seed", 42}, {"duration", 0.01}};
  d["groups"] = json::array(
      {{{"name", "network"},
        {"kind", "network"},
        {"model", "Tiny"},
        {"size", 1},
        {"vars", {var("we", "param", false, "1", 1.0, none, 0.6)}}},
       {{"name", "N"},
        {"kind", "neuron"},
        {"model", "Spiker"},
        {"size", 2},
        {"vars",
         {var("v", "state", true, "mV", 1e-3, volt, 0.0), var("vt", "param", true, "mV", 1e-3, volt, -1e-3),
          var("acc", "state", true, "1", 1.0, none, 0.0), var("nreset", "state", true, "1", 1.0, none, 0.0),
          var("tau", "param", false, "ms", 1e-3, time, 0.02)}}},
       {{"name", "N->N"},
        {"kind", "synapse"},
        {"model", ""},
        {"size", 0},
        {"vars",
         {var("w", "param", true, "1", 1.0, none, 1.0), var("d", "internal", false, "ms", 1e-3, time, 0.0),
          var("initpre", "state", true, "1", 1.0, none, -1.0),
          var("k", "internal", false, "1", 1.0, none, 5.0)}}}});
  d["populations"] = json::array({{{"group", 1}, {"update", 2}, {"threshold", 3}, {"reset", 4}}});
  d["projections"] = json::array({{{"group", 2},
                                   {"pre", 0},
                                   {"post", 0},
                                   {"rule", "all_to_all"},
                                   {"args", json::object()},
                                   {"autapses", true},
                                   {"delay", DELAY},
                                   {"on_pre", 5}}});
  d["kernels"] = json::array({{{"name", "bdl_prepare_NN"}, {"kind", "prepare"}, {"group", 2}},
                              {{"name", "bdl_init_N"}, {"kind", "init"}, {"group", 1}},
                              {{"name", "bdl_update_N"}, {"kind", "update"}, {"group", 1}},
                              {{"name", "bdl_threshold_N"}, {"kind", "threshold"}, {"group", 1}},
                              {{"name", "bdl_reset_N"}, {"kind", "reset"}, {"group", 1}},
                              {{"name", "bdl_on_pre_NN"}, {"kind", "on_pre"}, {"group", 2}},
                              {{"name", "bdl_init_NN"}, {"kind", "init"}, {"group", 2}}});
  d["recordings"] = json::array({{{"kind", "spikes"}, {"population", 0}},
                                 {{"kind", "state"},
                                  {"population", 0},
                                  {"vars", {ACC, V}},
                                  {"begin", 0},
                                  {"end", 2},
                                  {"every", 0.001}}});
  return d;
}

/// Runs bdlrt_main on the descriptor with the given arguments; returns the
/// exit status and captures stdout/stderr.
struct RunResult {
  int status;
  std::string out, err;
};

RunResult runMain(const json &desc, std::vector<std::string> args) {
  std::string text = desc.dump();
  bdlrt_model model{BDLRT_ABI_VERSION, 7, kKernels, text.c_str()};
  args.insert(args.begin(), "tiny");
  std::vector<char *> argv;
  for (std::string &a : args)
    argv.push_back(a.data());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int status = bdlrt_main(&model, static_cast<int>(argv.size()), argv.data());
  std::string out = testing::internal::GetCapturedStdout();
  std::string err = testing::internal::GetCapturedStderr();
  return {status, out, err};
}

/// The data of a .npy file written by the runtime (header length from bytes 8-9).
template <typename T> std::vector<T> npyData(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  EXPECT_GE(bytes.size(), 10u);
  std::size_t start = 10 + static_cast<unsigned char>(bytes[8]) + (static_cast<unsigned char>(bytes[9]) << 8);
  std::vector<T> out((bytes.size() - start) / sizeof(T));
  std::memcpy(out.data(), bytes.data() + start, out.size() * sizeof(T));
  return out;
}

class SimulationTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto *info = testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("bdlrt-sim-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SimulationTest, SetupAndLoopFollowTheSchedule) {
  std::string text = descriptor().dump();
  bdlrt_model model{BDLRT_ABI_VERSION, 7, kKernels, text.c_str()};
  bdlrt::Descriptor d = bdlrt::parseDescriptor(text.c_str(), 7);
  bdlrt::Simulation sim(model, d, 42, 0.01);
  sim.setup();
  EXPECT_EQ(sim.steps(), 100);
  EXPECT_EQ(sim.delaySteps(0), 10);
  ASSERT_EQ(sim.synapses(0).size(), 4);
  EXPECT_EQ(sim.groupSize(2), 4);
  const auto &syn = sim.state()[2];
  EXPECT_EQ(syn[INITPRE][0], 0); // pre 0 -> post 0
  EXPECT_EQ(syn[INITPRE][1], 1); // pre 0 -> post 1
  EXPECT_EQ(syn[INITPRE][3], 11);
  EXPECT_EQ(syn[W][2], 1.0); // per-synapse default fill

  bdlrt::Recorder recorder(d, d.experiment.dt);
  bdlrt::Progress progress(false, sim.steps(), 0.01);
  sim.run(recorder, progress);
  EXPECT_EQ(sim.spikeCount(0), 100);
  const auto &n = sim.state()[1];
  // 90 of neuron 0's spikes arrive within the run (steps 10..99), w * we each.
  EXPECT_NEAR(n[ACC][0], 90 * 0.6, 1e-12);
  EXPECT_NEAR(n[ACC][1], 90 * 0.6, 1e-12);
  EXPECT_EQ(n[NRESET][0], 100);
  EXPECT_EQ(n[NRESET][1], 0);
}

TEST_F(SimulationTest, WithoutDelaySpikesArriveInTheSameStep) {
  json desc = descriptor();
  desc["projections"][0]["delay"] = -1;
  desc["projections"][0]["autapses"] = false;
  std::string text = desc.dump();
  bdlrt_model model{BDLRT_ABI_VERSION, 7, kKernels, text.c_str()};
  bdlrt::Descriptor d = bdlrt::parseDescriptor(text.c_str(), 7);
  bdlrt::Simulation sim(model, d, 42, 0.01);
  sim.setup();
  EXPECT_EQ(sim.synapses(0).size(), 2); // no autapses
  bdlrt::Recorder recorder(d, d.experiment.dt);
  bdlrt::Progress progress(false, sim.steps(), 0.01);
  sim.run(recorder, progress);
  EXPECT_DOUBLE_EQ(sim.state()[1][ACC][0], 0.0);
  EXPECT_NEAR(sim.state()[1][ACC][1], 100 * 0.6, 1e-12);
}

TEST_F(SimulationTest, MainWritesArraysManifestAndSummary) {
  RunResult r = runMain(descriptor(), {"--out", dir_.string(), "--set", "we=0.5", "--set=N.tau=15ms"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("N: 2 neurons, 100 spikes, 5000.00 Hz mean rate\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wrote " + dir_.string() + "/ (manifest.json, 7 arrays) in "), std::string::npos)
      << r.out;

  std::vector<double> t = npyData<double>(dir_ / "spikes_N_t.npy");
  std::vector<std::int32_t> i = npyData<std::int32_t>(dir_ / "spikes_N_i.npy");
  ASSERT_EQ(t.size(), 100u);
  ASSERT_EQ(i.size(), 100u);
  EXPECT_DOUBLE_EQ(t[37], 37 * 1e-4);
  EXPECT_EQ(i[37], 0);

  // acc sampled every 10 steps before the update: shape [10, 2].
  std::vector<double> acc = npyData<double>(dir_ / "N_acc.npy");
  std::vector<double> accT = npyData<double>(dir_ / "N_acc_t.npy");
  ASSERT_EQ(acc.size(), 20u);
  ASSERT_EQ(accT.size(), 10u);
  EXPECT_DOUBLE_EQ(accT[2], 20 * 1e-4);
  EXPECT_DOUBLE_EQ(acc[2 * 2 + 0], 0.0 + 0.5 * 10 * 1); // step 20: arrivals of steps 10..19
  EXPECT_DOUBLE_EQ(acc[9 * 2 + 1], 0.5 * 80);           // step 90
  std::vector<double> v = npyData<double>(dir_ / "N_v.npy");
  ASSERT_EQ(v.size(), 20u);
  EXPECT_DOUBLE_EQ(v[1], -2.0); // in mV, the display unit
  EXPECT_TRUE(fs::exists(dir_ / "N_v_t.npy"));

  std::ifstream in(dir_ / "manifest.json");
  json m = json::parse(in);
  EXPECT_EQ(m["bdlc_version"], "0.1.0");
  EXPECT_EQ(m["source"], "test/tiny.bdl");
  EXPECT_EQ(m["experiment"], "main");
  EXPECT_EQ(m["seed"], 42);
  EXPECT_EQ(m["threads"], 1);
  EXPECT_EQ(m["populations"][0]["name"], "N");
  EXPECT_EQ(m["populations"][0]["model"], "Spiker");
  EXPECT_EQ(m["populations"][0]["spikes"], 100);
  EXPECT_DOUBLE_EQ(m["populations"][0]["mean_rate_hz"].get<double>(), 5000.0);
  ASSERT_EQ(m["recordings"].size(), 7u);
  EXPECT_EQ(m["recordings"][6]["file"], "spike_counts_N.npy");
  EXPECT_EQ(m["recordings"][6]["dtype"], "int64");
  EXPECT_EQ(m["status"], "complete");
  EXPECT_EQ(m["recordings"][2]["file"], "N_acc.npy");
  EXPECT_EQ(m["recordings"][2]["variable"], "acc");
  EXPECT_EQ(m["recordings"][2]["shape"], json::array({10, 2}));
  EXPECT_EQ(m["recordings"][4]["unit"], "mV");
  EXPECT_EQ(m["recordings"][1]["dtype"], "int32");
  EXPECT_DOUBLE_EQ(m["parameters"]["we"]["value"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(m["parameters"]["N.tau"]["value"].get<double>(), 15.0);
  EXPECT_EQ(m["parameters"]["N.tau"]["unit"], "ms");
  EXPECT_DOUBLE_EQ(m["parameters"]["N.vt"]["value"].get<double>(), -1.0);
  EXPECT_DOUBLE_EQ(m["parameters"]["N->N.w"]["value"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(m["wall_seconds"]["build"].get<double>(), 0.25);
  for (const auto &entry : fs::directory_iterator(dir_))
    EXPECT_NE(entry.path().extension(), ".tmp");
}

TEST_F(SimulationTest, SeedDurationAndQuiet) {
  RunResult r = runMain(descriptor(), {"--out=" + dir_.string(), "--duration", "5 ms", "--seed", "7",
                                       "--quiet", "--set", "N.vt=-3mV"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  std::ifstream in(dir_ / "manifest.json");
  json m = json::parse(in);
  EXPECT_EQ(m["seed"], 7);
  EXPECT_DOUBLE_EQ(m["duration"].get<double>(), 0.005);
  EXPECT_EQ(m["populations"][0]["spikes"], 100); // vt = -3 mV: both neurons, 50 steps
}

std::string errorOf(const json &desc, std::vector<std::string> args) {
  RunResult r = runMain(desc, std::move(args));
  EXPECT_EQ(r.status, 1);
  return r.err;
}

TEST_F(SimulationTest, CommandLineErrors) {
  json d = descriptor();
  std::string out = "--out=" + dir_.string();
  EXPECT_EQ(errorOf(d, {out, "--set", "N.tau=15 mV"}),
            "error: --set N.tau=15 mV: 'tau' is a time [s], but 15 mV is a voltage [kg m^2 s^-3 A^-1]\n");
  EXPECT_EQ(errorOf(d, {out, "--set", "N.taux=1ms"}),
            "error: --set: no parameter 'taux' in 'N'; parameters: vt, tau\n");
  EXPECT_EQ(errorOf(d, {out, "--set", "vt=1mV"}),
            "error: --set: no parameter 'vt' in the network; parameters: we; did you mean N.vt?\n");
  EXPECT_EQ(errorOf(d, {out, "--set", "X.vt=1mV"}),
            "error: --set: no parameter 'X.vt'; write GROUP.NAME with GROUP one of: N, N->N\n");
  EXPECT_EQ(errorOf(d, {out, "--set", "N.v=1mV"}),
            "error: --set: 'v' in 'N' is a state variable, not a parameter; parameters: vt, tau\n");
  EXPECT_EQ(
      errorOf(d, {out, "--set", "N.tau=15"}),
      "error: --set N.tau=15: 'tau' is a time [s], but 15 is dimensionless (give a unit, e.g. N.tau=15ms)\n");
  EXPECT_EQ(errorOf(d, {out, "--duration", "2"}),
            "error: --duration 2: give the time with a unit, e.g. --duration 2s or \"2 ms\"\n");
  EXPECT_EQ(errorOf(d, {out, "--duration=2 mV"}),
            "error: --duration 2 mV: expected a time [s], but 2 mV is a voltage [kg m^2 s^-3 A^-1]\n");
  EXPECT_EQ(errorOf(d, {out, "--seed", "-1"}),
            "error: --seed -1: expected a whole number from 0 to 18446744073709551615\n");
  // The words of the source's E0204, from the same units table.
  EXPECT_EQ(errorOf(d, {out, "--set", "we=1 foo"}), "error: --set we=1 foo: unknown unit 'foo'\n");
  EXPECT_EQ(errorOf(d, {out, "--set", "N.tau=0.25min"}), "error: --set N.tau=0.25min: unknown unit 'min'\n");
  EXPECT_NE(errorOf(d, {out, "--frobnicate"}).find("error: unknown argument '--frobnicate'; usage: tiny "),
            std::string::npos);
  // CLI11 splits the arguments; what it refuses is still said in these words.
  EXPECT_EQ(errorOf(d, {out, "--duration"}), "error: --duration needs a value (see --help)\n");
  EXPECT_EQ(errorOf(d, {out, "--quiet=x"}), "error: --quiet takes no value (see --help)\n");
  EXPECT_NE(errorOf(d, {out, "--set", "N.tau=1ms", "N.vt=1mV"}).find("error: unknown argument 'N.vt=1mV'; usage: "),
            std::string::npos);
  EXPECT_EQ(errorOf(d, {out, "--threads=0"}), "error: --threads 0: give a number of threads from 1 to 1024\n");
}

TEST_F(SimulationTest, ConnectivityErrorNamesTheProjection) {
  json d = descriptor();
  d["projections"][0]["rule"] = "fixed_indegree";
  d["projections"][0]["args"] = {{"k", K}};
  EXPECT_EQ(errorOf(d, {"--out=" + dir_.string()}),
            "error: projection 'N->N': fixed_indegree k = 5 exceeds the 2 candidate neurons of 'N'\n");
}

TEST_F(SimulationTest, AbiMismatchIsAnError) {
  std::string text = descriptor().dump();
  bdlrt_model model{BDLRT_ABI_VERSION + 1, 7, kKernels, text.c_str()};
  char name[] = "tiny";
  char *argv[] = {name, nullptr};
  testing::internal::CaptureStderr();
  EXPECT_EQ(bdlrt_main(&model, 1, argv), 1);
  EXPECT_NE(
      testing::internal::GetCapturedStderr().find("error: the model was built for runtime ABI version " +
                                                  std::to_string(BDLRT_ABI_VERSION + 1)),
      std::string::npos);
}

TEST_F(SimulationTest, HelpListsParametersWithDefaults) {
  RunResult r = runMain(descriptor(), {"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("usage: tiny [--duration T]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  we      0.6    (dimensionless)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  N.vt    -1 mV  (voltage)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  N.tau   20 ms  (time)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  N->N.w  1      (dimensionless)\n"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_));
}

} // namespace
