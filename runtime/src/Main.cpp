// SPDX-License-Identifier: Apache-2.0
//===- Main.cpp - bdlrt_main: from command line to results directory ------===//
//
// The whole life of a generated executable:
//     $ ./coba --duration 2s --out run1
//     E: 3200 neurons, 13440 spikes, 4.20 Hz mean rate
//     wrote run1/ (manifest.json, 5 arrays) in 0.84 s
// Every failure, whether a user's --set or a full disk, ends here as one
// "error: ..." line and exit status 1; no exception crosses the C ABI.

#include "Cli.h"
#include "DeviceRunner.h"
#include "Descriptor.h"
#include "Error.h"
#include "Manifest.h"
#include "Progress.h"
#include "Recorder.h"
#include "ResultsDir.h"
#include "Signals.h"
#include "Simulation.h"
#include "bdlrt/bdlrt.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>

namespace bdlrt {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
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

int runMain(const bdlrt_model *model, int argc, char **argv, const DeviceRunner *device) {
  Clock::time_point start = Clock::now();
  if (!model) throw Error("no model");
  if (model->abi_version != BDLRT_ABI_VERSION)
    throw Error("the model was built for runtime ABI version " + std::to_string(model->abi_version) +
                ", but this runtime implements version " + std::to_string(BDLRT_ABI_VERSION) +
                "; rebuild it with a matching bdlc");
  if (model->num_kernels > 0 && !model->kernels) throw Error("the model has no kernel table");
  Descriptor d = parseDescriptor(model->descriptor, model->num_kernels);
  Options opts = parseCommandLine(argc, argv);
  if (opts.help) {
    std::fputs(helpText(d, argc > 0 ? argv[0] : nullptr).c_str(), stdout);
    return 0;
  }
  applySets(d, opts.sets);
  std::uint64_t seed = opts.seed.value_or(d.experiment.seed);
  double duration = opts.duration.value_or(d.experiment.duration);

  // The staging folder is made before the run, so that a typo in --out or
  // results already there fail in a second rather than after an hour.
  ResultsDir results(opts.outDir, opts.overwrite);

  if (device) {
    bool windows = false;
    for (const RecordingDesc &r : d.recordings) windows = windows || r.from > 0;
    if (!d.phases.empty() || windows)
      throw Error("this experiment changes between its 'run' phases ('set', or a 'record' after a 'run'), "
                  "which GPU builds do not run yet; build it for the CPU");
  }
  Simulation sim(*model, d, seed, duration, opts.threads);
  sim.checkFinite(!opts.allowNonFinite);
  Recorder recorder(d, d.experiment.dt);
  sim.setup();
  double setupSeconds = secondsSince(start);

  Clock::time_point runStart = Clock::now();
  {
    StopSignals signals;
    Progress progress(!opts.quiet, sim.steps(), duration);
    if (device)
      device->run(device->context, sim, recorder, progress, !opts.quiet);
    else
      sim.run(recorder, progress);
  }
  double runSeconds = secondsSince(runStart);

  std::vector<RecordedFile> files;
  RunInfo info;
  info.seed = seed;
  info.threads = opts.threads;
  info.dt = d.experiment.dt;
  info.duration = duration;
  info.populations = sim.populationSummaries();
  info.parameters = sim.parameterValues();
  info.setupSeconds = setupSeconds;
  info.runSeconds = runSeconds;
  describeEnd(info, sim, d.experiment.dt);
  try {
    files = recorder.write(results.staging());
    writeManifest(results.staging(), d, info, files);
  } catch (const Error &e) {
    // The staging folder goes; what --out named is as it was.
    throw Error(std::string(e.what()) + "; '" + opts.outDir + "' is left as it was");
  }
  results.commit();

  const Simulation::Stop &stop = sim.stop();
  if (!opts.quiet) {
    for (const PopulationSummary &p : info.populations)
      std::printf("%s: %lld neurons, %lld spikes, %.2f Hz mean rate\n", p.name.c_str(),
                  static_cast<long long>(p.size), static_cast<long long>(p.spikes), p.meanRateHz);
    std::string shown = opts.outDir;
    if (!shown.ends_with('/')) shown += '/';
    std::string mark = info.status == "complete" ? "" : ", marked " + info.status;
    std::printf("wrote %s (manifest.json, %zu arrays%s) in %.2f s\n", shown.c_str(), files.size(), mark.c_str(),
                secondsSince(start));
  }
  std::fflush(stdout);
  if (stop.kind == Simulation::Stop::Kind::Signal) {
    std::fprintf(stderr, "interrupted by %s at t = %g s (step %lld of %lld); the results so far are written\n",
                 signalName(stop.signal), info.interruptedAt, static_cast<long long>(sim.stepsRun()),
                 static_cast<long long>(sim.steps()));
    return 128 + stop.signal;
  }
  if (stop.kind == Simulation::Stop::Kind::NonFinite) {
    std::fprintf(stderr, "error: %s\n", stop.message.c_str());
    return 1;
  }
  return 0;
}

/// Every failure ends as one "error: ..." line and exit status 1.
int guarded(const bdlrt_model *model, int argc, char **argv, const DeviceRunner *device) {
  try {
    return runMain(model, argc, argv, device);
  } catch (const std::bad_alloc &) {
    std::fflush(stdout);
    std::fputs("error: out of memory\n", stderr);
  } catch (const std::exception &e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", e.what());
  } catch (...) {
    std::fflush(stdout);
    std::fputs("error: unexpected failure in the runtime\n", stderr);
  }
  return 1;
}

} // namespace

int mainWithDevice(const bdlrt_model *model, const DeviceRunner &runner, int argc, char **argv) {
  return guarded(model, argc, argv, &runner);
}

} // namespace bdlrt

extern "C" int bdlrt_main(const bdlrt_model *model, int argc, char **argv) {
  return bdlrt::guarded(model, argc, argv, nullptr);
}
