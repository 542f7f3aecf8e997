// SPDX-License-Identifier: Apache-2.0
//===- Main.cpp - bdlrt_main: from command line to results directory ------===//
//
// The whole life of a generated executable:
//     $ ./coba --duration 2s --out run1
//     E: 3200 neurons, 13440 spikes, 4.20 Hz mean rate
//     wrote run1/ (manifest.json, 5 arrays) in 0.84 s
// Every failure, whether a user's --set or a full disk, ends here as one
// "error: ..." line and exit status 1; no exception crosses the C ABI.

#include "Checkpoint.h"
#include "Cli.h"
#include "Descriptor.h"
#include "DesignCheckpoint.h"
#include "DeviceRunner.h"
#include "Error.h"
#include "ExperimentDesign.h"
#include "Manifest.h"
#include "MemoryPlan.h"
#include "Npy.h"
#include "Progress.h"
#include "Ranks.h"
#include "Recorder.h"
#include "ResultsDir.h"
#include "train/Force.h"
#include "train/Readout.h"
#include "train/Trainer.h"
#include "Signals.h"
#include "Simulation.h"
#include "bdlrt/bdlrt.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <new>
#include <optional>

namespace bdlrt {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// "results" as "results/", for the summary line.
std::string asFolder(std::string dir) {
  if (!dir.ends_with('/')) dir += '/';
  return dir;
}

/// The manifest's account of how the run ended (see docs/running.md).
void describeEnd(RunInfo &info, const Simulation &sim, double dt) {
  const Simulation::Stop &stop = sim.stop();
  info.steps = sim.stepsRun();
  if (stop.kind == Simulation::Stop::Kind::Signal) {
    info.status = "interrupted";
    info.interruptedAt = static_cast<double>(sim.stepsRun()) * dt;
    info.stopReason = std::string("received ") + signalName(stop.signal);
  } else if (stop.kind == Simulation::Stop::Kind::NonFinite) {
    info.status = "failed";
    info.stopReason = stop.message;
  }
}

/// spike_counts_E.npy: each neuron's spikes in the run (Brian2's
/// SpikeMonitor.count), for every population, recorded or not.
/// A device copies back the spikes of recorded populations only: the
/// others' counts are not written.
void writeSpikeCounts(const std::filesystem::path &dir, const Descriptor &d, const Simulation &sim,
                      std::vector<RecordedFile> &files) {
  for (std::size_t p = 0; p < d.populations.size(); ++p) {
    const GroupDesc &g = d.populationGroup(static_cast<int>(p));
    if (!sim.spikeCountsKnown(static_cast<int>(p))) continue;
    const std::vector<std::int64_t> &counts = sim.spikeCounts(static_cast<int>(p));
    RecordedFile f{"spike_counts_" + g.name + ".npy", "spike_counts", g.name, "", "1",
                   {static_cast<std::int64_t>(counts.size())}, "int64"};
    writeNpy(dir / f.file, counts.data(), f.shape);
    files.push_back(std::move(f));
    // event_counts_E_burst.npy: the same for each named event.
    const PopulationDesc &pd = d.populations[p];
    for (std::size_t e = 0; e < pd.events.size(); ++e) {
      const std::vector<std::int64_t> &n = sim.eventCounts(static_cast<int>(p), static_cast<int>(e));
      RecordedFile ef{"event_counts_" + g.name + "_" + pd.events[e].name + ".npy", "event_counts", g.name,
                      pd.events[e].name, "1", {static_cast<std::int64_t>(n.size())}, "int64"};
      writeNpy(dir / ef.file, n.data(), ef.shape);
      files.push_back(std::move(ef));
    }
  }
}

struct Context {
  const bdlrt_model &model;
  Descriptor &d;
  const Options &opts;
  const DeviceRunner *device;
  std::uint64_t seed;
  double duration;
  /// After the recorder is made: loads a checkpoint's state (--resume).
  std::function<void(Simulation &, Recorder &)> resume;
  /// --checkpoint: writes the state at a step.
  std::function<void(const Simulation &, std::int64_t, const Recorder &)> checkpoint;
  /// A distributed run's ranks (Ranks.h), or null.
  const Ranks *ranks = nullptr;
  /// FORCE readouts, which learn during the run (train/Force.h), or null.
  ForceReadouts *force = nullptr;
  /// A design's progress, which its checkpoints keep, or null (one run).
  DesignProgress *progress = nullptr;
  /// Whether this process writes results and prints: rank 0's job.
  bool writes() const { return !ranks || ranks->rank() == 0; }
};

/// One run of the experiment into `dir` (arrays and manifest), from a
/// simulation set up or restarted for it.
RunInfo runOnce(const Context &c, Simulation &sim, const std::filesystem::path &dir, RunInfo info) {
  Recorder recorder(c.d, c.d.experiment.dt);
  if (c.resume) c.resume(sim, recorder);
  if (c.checkpoint && c.opts.checkpointEvery)
    sim.onCheckpoint(std::max<std::int64_t>(1, std::llround(*c.opts.checkpointEvery / c.d.experiment.dt)),
                     [&](std::int64_t step, const Recorder &rec) { c.checkpoint(sim, step, rec); });
  Clock::time_point runStart = Clock::now();
  {
    Progress progress(!c.opts.quiet, sim.steps(), c.duration);
    if (c.device)
      c.device->run(c.device->context, sim, recorder, progress, !c.opts.quiet);
    else
      sim.run(recorder, progress);
  }
  info.runSeconds = secondsSince(runStart);
  // The state it ended in, so that a longer --duration can go on from it,
  // or an interrupted run be finished.
  if (c.checkpoint && sim.stop().kind != Simulation::Stop::Kind::NonFinite) c.checkpoint(sim, sim.stepsRun(), recorder);
  info.seed = c.seed;
  info.threads = c.opts.threads;
  info.ranks = c.ranks ? c.ranks->size() : 1;
  info.exchanges = sim.exchanges().count;
  info.exchangeBytes = sim.exchanges().bytes;
  info.exchangeSeconds = sim.exchanges().seconds;
  info.dt = c.d.experiment.dt;
  info.duration = c.duration;
  info.populations = sim.populationSummaries();
  info.parameters = sim.parameterValues();
  describeEnd(info, sim, c.d.experiment.dt);
  // Every rank has every spike and, after the run, every neuron's state:
  // rank 0 writes them all.
  if (!c.writes()) return info;
  try {
    std::filesystem::create_directories(dir);
    std::vector<RecordedFile> files = recorder.write(dir);
    writeSpikeCounts(dir, c.d, sim, files);
    if (!c.d.readouts.empty()) fitReadouts(dir, c.d, sim.arrays(), files, c.opts.quiet);
    if (c.force) c.force->write(dir, files, c.opts.quiet);
    info.arrays = files.size();
    writeManifest(dir, c.d, info, files);
  } catch (const Error &e) {
    // The staging folder goes; what --out named is as it was.
    throw Error(std::string(e.what()) + "; '" + c.opts.outDir + "' is left as it was");
  }
  return info;
}

void printPopulations(const RunInfo &info) {
  for (const PopulationSummary &p : info.populations)
    std::printf("%s: %lld neurons, %lld spikes, %.2f Hz mean rate\n", p.name.c_str(), static_cast<long long>(p.size),
                static_cast<long long>(p.spikes), p.meanRateHz);
}

/// The exit status, and the message (unless `quiet`: a rank other than 0), of
/// a run that stopped.
int reportStop(const Simulation::Stop &stop, const RunInfo &info, const Simulation &sim, bool quiet) {
  if (stop.kind == Simulation::Stop::Kind::Signal) {
    if (!quiet)
      std::fprintf(stderr, "interrupted by %s at t = %g s (step %lld of %lld); the results so far are written\n",
                   signalName(stop.signal), info.interruptedAt, static_cast<long long>(sim.stepsRun()),
                   static_cast<long long>(sim.steps()));
    return 128 + stop.signal;
  }
  if (stop.kind == Simulation::Stop::Kind::NonFinite) {
    if (!quiet) std::fprintf(stderr, "error: %s\n", stop.message.c_str());
    return 1;
  }
  return 0;
}

/// Every run of a design, one folder each, and the index of them all.
/// `resumed`: a design checkpoint's progress (--resume), whose finished runs
/// are restored and whose run in progress is resumed (c.resume), or null.
int runDesign(Context &c, Simulation &sim, const Design &design, std::optional<ResultsDir> &results,
              Clock::time_point start, double setupSeconds, const DesignProgress *resumed) {
  DesignInfo index;
  index.axes = design.axes;
  index.trials = design.trialList();
  // The finished runs, which a checkpoint keeps; the index's at the end.
  DesignProgress progress;
  if (results) progress.results = results->staging();
  c.progress = &progress;
  int status = 0, failed = 0;
  bool first = true;
  for (std::int64_t point = 0; point < design.points() && status < 128; ++point) {
    std::vector<std::pair<std::string, double>> values = design.apply(c.d, point);
    for (int trial : design.trialList()) {
      std::size_t run = progress.done.size();
      if (resumed && run < resumed->done.size()) {
        // Finished before the checkpoint: its folder as it was written.
        const DesignInfo::Run &done = resumed->done[run];
        if (results) restoreFinishedRun(c.opts.resumeDir, done.folder, results->staging());
        progress.done.push_back(done);
        first = false; // the simulation is no longer as set up for the first run
        continue;
      }
      if (resumed && run > resumed->done.size()) c.resume = nullptr; // only the run in progress
      if (!first)
        sim.restart(trialSeed(c.seed, trial),
                    c.opts.newConnectivity ? std::optional(trialSeed(c.seed, trial)) : std::nullopt);
      first = false;
      RunInfo info;
      info.trial = trial;
      info.trialSeed = trialSeed(c.seed, trial);
      info.point = values;
      info.setupSeconds = setupSeconds;
      std::string folder = runFolder(design, point, trial);
      info = runOnce(c, sim, results ? results->staging() / folder : std::filesystem::path(), info);
      progress.done.push_back({folder, point, info});
      if (!c.opts.quiet) {
        std::printf("%s", folder.c_str());
        std::vector<const SweepAxis *> flat = design.flat();
        for (std::size_t a = 0; a < flat.size() && a < values.size(); ++a)
          std::printf(" %s=%s", flat[a]->name.c_str(),
                      formatInUnit(values[a].second, c.d.groups[flat[a]->group].vars[flat[a]->var]).c_str());
        for (const PopulationSummary &p : info.populations) std::printf("  %s %.2f Hz", p.name.c_str(), p.meanRateHz);
        std::printf("%s\n", info.status == "complete" ? "" : ("  " + info.status).c_str());
      }
      if (sim.stop().kind == Simulation::Stop::Kind::Signal) {
        status = reportStop(sim.stop(), info, sim, !c.writes());
        break;
      }
      if (sim.stop().kind == Simulation::Stop::Kind::NonFinite) {
        if (c.writes()) std::fprintf(stderr, "%s: error: %s\n", folder.c_str(), sim.stop().message.c_str());
        ++failed;
      }
    }
  }
  c.progress = nullptr;
  index.runs = std::move(progress.done);
  index.status = status >= 128 ? "interrupted" : failed ? "failed" : "complete";
  index.wallSeconds = secondsSince(start);
  if (!results) return status;
  writeDesignManifest(results->staging(), c.d, c.seed, index);
  results->commit();
  if (!c.opts.quiet) {
    std::printf("wrote %s (manifest.json, %zu runs) in %.2f s\n", asFolder(c.opts.outDir).c_str(), index.runs.size(),
                secondsSince(start));
  }
  std::fflush(stdout);
  if (failed && status == 0) {
    std::fprintf(stderr, "error: %d of %zu runs stopped on a non-finite state\n", failed, index.runs.size());
    status = 1;
  }
  return status;
}

int runMain(const bdlrt_model *model, int argc, char **argv, const DeviceRunner *device, const Ranks *ranks) {
  Clock::time_point start = Clock::now();
  if (!model) throw Error("no model");
  if (model->abi_version != BDLRT_ABI_VERSION)
    throw Error("the model was built for runtime ABI version " + std::to_string(model->abi_version) +
                ", but this runtime implements version " + std::to_string(BDLRT_ABI_VERSION) +
                "; rebuild it with a matching bdlc");
  if (model->num_kernels > 0 && !model->kernels) throw Error("the model has no kernel table");
  Descriptor d = parseDescriptor(model->descriptor, model->num_kernels);
  Options opts = parseCommandLine(argc, argv);
  if (ranks && ranks->rank() != 0) opts.quiet = true; // rank 0 speaks for all
  if (ranks && !d.mpi)
    throw Error("this model was linked with the MPI runtime but not built by 'bdlc build --mpi', which checks "
                "that every part of it can run on ranks; build it that way");
  if (opts.help) {
    std::fputs(helpText(d, argc > 0 ? argv[0] : nullptr).c_str(), stdout);
    return 0;
  }
  // A design's checkpoint brings the options that made the design.
  DesignProgress resumedDesign;
  bool resumingDesign = !opts.resumeDir.empty() && readDesignCheckpoint(opts.resumeDir, opts, resumedDesign);
  applySets(d, opts.sets);
  // A device queues per-synapse delays synapse by synapse
  // (bdl_device_run.h), with the synapses in the order they were made.
  if (device)
    for (ProjectionDesc &pd : d.projections) pd.onPreSegments = -1;
  Design design = makeDesign(d, opts);
  Context c{*model, d, opts, device, opts.seed.value_or(d.experiment.seed),
            opts.duration.value_or(d.experiment.duration), {}, {}, ranks};
  if (ranks && (!opts.resumeDir.empty() || !opts.checkpointDir.empty()))
    throw Error("--checkpoint and --resume do not work on MPI runs yet; run on one rank to checkpoint");
  std::uint64_t fingerprint = modelFingerprint(model->descriptor);
  CheckpointInfo resumed;
  std::vector<char> resumedState;
  if (!opts.resumeDir.empty()) {
    if (!resumingDesign && (!opts.sets.empty() || opts.seed || design.several()))
      throw Error("--resume continues a run with the seed and parameters it was started with; it takes no "
                  "--set, --seed, --sweep or --trials");
    resumed = readCheckpoint(opts.resumeDir, d, fingerprint, resumedState);
    for (const auto &[g, v, value] : resumed.params) d.groups[g].vars[v].defaultValue = value;
    c.seed = resumed.seed;
    c.resume = [&](Simulation &sim, Recorder &recorder) {
      CheckpointReader r(std::move(resumedState), "'" + opts.resumeDir + "/state.bin'");
      sim.loadState(r);
      recorder.load(r);
      if (c.force) c.force->load(r);
      if (!r.done()) r.mismatch();
    };
  }
  if (opts.checkpointEvery && opts.checkpointDir.empty())
    throw Error("--checkpoint-every needs --checkpoint DIR, the folder to write to");

  // --plan: what set-up would allocate, part by part, and nothing else.
  if (opts.plan) {
    if (!c.writes()) return 0;
    design.apply(d, 0);
    Simulation sim(*model, d, c.seed, c.duration, opts.threads);
    sim.setRanks(ranks); // rank 0's share
    sim.setPlanOnly(true);
    sim.setup();
    std::string where = ranks && ranks->size() > 1 ? " of rank 0 of " + std::to_string(ranks->size()) : "";
    std::printf("memory plan%s of '%s' for %lld steps on %d thread%s:\n%s", where.c_str(), d.experiment.name.c_str(),
                static_cast<long long>(sim.steps()), opts.threads, opts.threads == 1 ? "" : "s",
                sim.plan().table().c_str());
    if (double avail = availableMemory(); avail > 0)
      std::printf("  (%s available)\n", formatBytes(avail).c_str());
    return 0;
  }

  // The staging folder is made before the run, so that a typo in --out or
  // results already there fail in a second rather than after an hour.
  std::optional<ResultsDir> results;
  if (c.writes()) results.emplace(opts.outDir, opts.overwrite);
  // A device samples each recording from its own first step to its last
  // (Recorder::SampledRange::due), so windows and a `record` after a `run`
  // need nothing more.
  if (device && (!d.phases.empty() || design.several()))
    throw Error("this experiment changes between its 'run' phases ('set') or makes several runs (trials, "
                "sweeps), which GPU builds do not run yet; build it for the CPU");

  // Point 0's values, and the first trial's seed, before the set-up.
  std::vector<std::pair<std::string, double>> values = design.apply(d, 0);
  int firstTrial = design.trialList().front();
  StopSignals signals;
  Simulation sim(*model, d, c.seed, c.duration, opts.threads);
  sim.setRanks(ranks);
  sim.checkFinite(!opts.allowNonFinite);
  if (opts.maxMemory) sim.setMemoryLimit(*opts.maxMemory, "given by --max-memory");
  else sim.setMemoryLimit(availableMemory(), "available (MemAvailable of /proc/meminfo; --max-memory sets the limit)");
  std::uint64_t dynamicsSeed = opts.resumeDir.empty() ? trialSeed(c.seed, firstTrial) : resumed.dynamicsSeed;
  sim.setDynamicsSeed(dynamicsSeed);
  // --new-connectivity: the first trial's synapses from its own seed too (a
  // plain run, trial 0, keeps the seed's: trialSeed(seed, 0) is the seed).
  if (opts.newConnectivity) sim.setConnectSeed(trialSeed(c.seed, firstTrial));
  if (!opts.checkpointDir.empty()) {
    CheckpointInfo base;
    base.seed = c.seed;
    base.dynamicsSeed = dynamicsSeed;
    for (std::size_t g = 0; g < d.groups.size(); ++g)
      for (std::size_t v = 0; v < d.groups[g].vars.size(); ++v)
        // Parameters, and the flags that say which computed ones were given
        // a value (Descriptor.h, giveValue): the descriptor as set up.
        if (d.groups[g].vars[v].role == VarRole::Param || d.groups[g].vars[v].name.starts_with("_given."))
          base.params.emplace_back(static_cast<int>(g), static_cast<int>(v), d.groups[g].vars[v].defaultValue);
    c.checkpoint = [&c, &d, &opts, fingerprint, base](const Simulation &s, std::int64_t step, const Recorder &rec) {
      CheckpointWriter w;
      s.saveState(w, step);
      rec.save(w);
      if (c.force) c.force->save(w);
      CheckpointInfo info = base;
      info.step = step;
      if (c.progress) {
        info.design = designCheckpointJson(*c.progress, opts);
        info.finishedRuns = c.progress->folders();
      }
      writeCheckpoint(opts.checkpointDir, d, fingerprint, info, w);
    };
  }
  sim.setup();
  double setupSeconds = secondsSince(start);
  if (!d.training.empty()) {
    Trainer trainer(sim, d, parseTraining(d.training, d), opts.quiet, opts.threads);
    if (opts.tapeMemory) trainer.planTape(*opts.tapeMemory, "given by --tape-memory");
    else trainer.planTape(sim.memoryLimit() / 4, "that a quarter of the memory limit allows (--tape-memory sets it)");
    std::filesystem::path dir = results ? results->staging() : std::filesystem::path();
    if (opts.gradientCheck) trainer.gradientCheck(dir);
    else trainer.train(dir);
    if (results) results->commit();
    if (!opts.quiet && results)
      std::printf("wrote %s in %.2f s\n", asFolder(opts.outDir).c_str(), secondsSince(start));
    return 0;
  }
  if (opts.gradientCheck) throw Error("--gradient-check needs an experiment that trains ('train { ... }')");
  if (opts.tapeMemory) throw Error("--tape-memory needs an experiment that trains ('train { ... }')");
  ForceReadouts force(sim, d);
  if (!force.empty()) {
    sim.onStep([&force](std::int64_t step) { force.step(step); });
    c.force = &force;
  }
  if (design.several())
    return runDesign(c, sim, design, results, start, setupSeconds, resumingDesign ? &resumedDesign : nullptr);

  RunInfo info;
  info.setupSeconds = setupSeconds;
  if (opts.trial) {
    info.trial = firstTrial;
    info.trialSeed = trialSeed(c.seed, firstTrial);
  }
  info.point = values;
  info = runOnce(c, sim, results ? results->staging() : std::filesystem::path(), info);
  if (results) results->commit();
  if (!opts.quiet) {
    printPopulations(info);
    std::string mark = info.status == "complete" ? "" : ", marked " + info.status;
    std::printf("wrote %s (manifest.json, %zu arrays%s) in %.2f s\n", asFolder(opts.outDir).c_str(), info.arrays, mark.c_str(),
                secondsSince(start));
  }
  std::fflush(stdout);
  return reportStop(sim.stop(), info, sim, !c.writes());
}

/// Every failure ends as one "error: ..." line and exit status 1. On ranks
/// a failure may be one rank's alone (its memory, its node's files) while
/// the others wait for it in an exchange: it names its rank and ends the
/// whole job.
int guarded(const bdlrt_model *model, int argc, char **argv, const DeviceRunner *device, const Ranks *ranks) {
  std::string message;
  try {
    return runMain(model, argc, argv, device, ranks);
  } catch (const std::bad_alloc &) {
    message = "out of memory";
  } catch (const std::exception &e) {
    message = e.what();
  } catch (...) {
    message = "unexpected failure in the runtime";
  }
  std::fflush(stdout);
  if (ranks && ranks->size() > 1) {
    std::fprintf(stderr, "error: rank %d of %d: %s\n", ranks->rank(), ranks->size(), message.c_str());
    std::fflush(stderr);
    ranks->abort(1);
  }
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return 1;
}

/// The rank count an MPI launcher gave this process (1 outside one).
int launchedRanks() {
  // Open MPI's mpirun; MPICH's and Slurm's PMI; an srun step.
  for (const char *var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"})
    if (const char *v = std::getenv(var)) return std::max(1, std::atoi(v));
  return 1;
}

} // namespace

int mainWithDevice(const bdlrt_model *model, const DeviceRunner &runner, int argc, char **argv) {
  return guarded(model, argc, argv, &runner, nullptr);
}

int mainWithRanks(const bdlrt_model *model, const Ranks &ranks, int argc, char **argv) {
  return guarded(model, argc, argv, nullptr, &ranks);
}

int mainAlone(const bdlrt_model *model, int argc, char **argv) {
  // R copies of a plain build would each run the whole experiment and race
  // for the same results folder.
  if (int n = launchedRanks(); n > 1) {
    std::fprintf(stderr,
                 "error: started as one of %d processes (mpirun/srun), but this executable was built without "
                 "--mpi and would run the whole experiment in each; rebuild it with 'bdlc build --mpi', or start "
                 "one process\n",
                 n);
    return 1;
  }
  return guarded(model, argc, argv, nullptr, nullptr);
}

} // namespace bdlrt
