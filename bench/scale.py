#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Scale: set-up speed and memory of networks larger than one wants to store.

1. Set-up: COBA at 400,000 neurons (in-degree 80, 32 million synapses)
   stored sparse, built on 1 and 2 threads: the executable's set-up time
   (manifest "wall_seconds.setup"), as synapses per second, median of --reps.
2. Compile time of many populations of one model: a synfire chain of 200
   and 1,000 populations of one LIF neuron (and as many projections).
3. Procedural storage: COBA with in-degree 80 at 4k, 40k, 400k and 4M
   neurons, every projection `storage procedural`: peak memory (bytes per
   neuron) and run time per biological second, beside sparse storage at the
   sizes where it fits.

    bench/scale.py --bdlc build/bin/bdlc            # about 3 minutes
    bench/scale.py --bdlc build/bin/bdlc --quick    # 4k and 40k only
    bench/scale.py --microcircuit 55,56,57          # and the full-scale microcircuit,
                                                    # about 1.5 minutes and 4.5 GB a run
4. The Potjans-Diesmann microcircuit (examples/microcircuit.bdl): build time;
   with --microcircuit, full-scale runs (500 ms, then 1 s recorded): with DC
   background (microcircuit.py --dc) on 1 and 2 threads, set-up, real-time
   factor and peak memory; with Poisson background, one run per seed on 2
   threads, rates against the PyNEST run's.
Writes bench/results/scale.md.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import ROOT, scaled_source, timed, write_report  # noqa: E402


def with_storage(path, storage):
    """The scaled model with `storage KIND` on each connect line."""
    src = open(path).read()
    out = []
    for line in src.split("\n"):
        code = line.split("//")[0]
        if " connect " in code and "storage" not in code:
            line = code.rstrip() + " storage " + storage
        out.append(line)
    new = path.replace(".bdl", "_%s.bdl" % storage)
    with open(new, "w") as f:
        f.write("\n".join(out))
    return new


def run_exe(exe, work, duration, threads, tag):
    out = os.path.join(work, "out-" + tag)
    _, wall, rss = timed([exe, "--quiet", "--overwrite", "--out", out, "--duration", duration, "--threads",
                          str(threads)])
    with open(os.path.join(out, "manifest.json")) as f:
        m = json.load(f)
    spikes = sum(p.get("spikes", 0) for p in m.get("populations", {}).values()) if isinstance(
        m.get("populations"), dict) else None
    return m["wall_seconds"], rss, spikes


def chain_source(n, path):
    """A synfire chain of n populations of 100 LIF neurons, each all-to-all
    onto the next with a 1 ms delay, started by three volleys."""
    lines = ["neuron LIF {", "  param tau = 10 ms", "  state v = 0", "  dv/dt = -v / tau",
             "  spike when v > 1 { v = 0 }", "  refractory 2 ms", "}", "", "network Chain {",
             "  In = spike_times[100](times = [1 ms, 2 ms, 3 ms])"]
    lines += ["  P%d = LIF[100]" % k for k in range(n)]
    lines.append("  In -> P0 { on pre { post.v += 0.05 } } connect all_to_all")
    lines += ["  P%d -> P%d { on pre { post.v += 0.05 } } connect all_to_all delay 1 ms" % (k, k + 1)
              for k in range(n - 1)]
    lines += ["}", "", "experiment main of Chain {", "  dt = 0.1 ms", "  record spikes(P%d)" % (n - 1),
              "  run %d ms" % (2 * n + 20), "}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def limit_analysis(source, manifest):
    """How far the run is from this machine's limit: synaptic events (each
    population's spikes times its out-degree, from the source's fixed_total
    counts), wall time per event, and the bytes each reads in order."""
    import re
    text = open(source).read()
    out = {}
    for m in re.finditer(r"(\w+) -> (\w+) : \w+ .*fixed_total\((\d+)\)", text):
        out[m.group(1)] = out.get(m.group(1), 0) + int(m.group(3))
    duration = manifest["duration"]
    spikes = sum(p["mean_rate_hz"] * p["size"] * duration for p in manifest["populations"])
    events = sum(p["mean_rate_hz"] * duration * out.get(p["name"], 0) for p in manifest["populations"])
    run = manifest["wall_seconds"]["run"]
    threads = manifest["threads"]
    return ["Limit analysis of the %d-thread DC run: %.0f spikes, %.3g synaptic events in %.2f s: %.2f ns an event" % (
                threads, spikes, events, run, run / events * 1e9),
            "(%.1f ns a core). Each event reads a column and a weight in order (12 bytes: %.1f GB/s, far" % (
                run / events * 1e9 * threads, events * 12 / run / 1e9),
            "below the memory's bandwidth) and adds into a post variable whose array stays in cache; streaming",
            "alone would take about %.1f s at 16 GB/s (one core's numpy sum of 1.6 GB here). What costs is per" % (
                events * 12 / 16e9),
            "segment (a row's run of one delay, about 18 synapses here): its queue entry and the misses at its",
            "start that prefetching hides in part.", ""]


def irregularity_synchrony(out, pops, t0=0.5, t1=1.5):
    """Per population over [t0, t1): the mean ISI CV of neurons with at least
    3 spikes, and the synchrony: the variance of the population's spike count
    in 3 ms bins over its mean."""
    import numpy as np
    cvs, syncs = [], []
    for p in pops:
        t = np.load(os.path.join(out, "spikes_%s_t.npy" % p))
        i = np.load(os.path.join(out, "spikes_%s_i.npy" % p))
        keep = (t >= t0) & (t < t1)
        t, i = t[keep], i[keep]
        order = np.lexsort((t, i))
        t, i = t[order], i[order]
        cv = []
        for n in np.unique(i):
            isi = np.diff(t[i == n])
            if len(isi) >= 2:
                cv.append(isi.std() / isi.mean())
        cvs.append(float(np.mean(cv)) if cv else float("nan"))
        counts = np.histogram(t, bins=np.arange(t0, t1 + 1e-9, 0.003))[0]
        syncs.append(float(counts.var() / counts.mean()) if counts.mean() > 0 else float("nan"))
    return cvs, syncs


def seconds(text):
    return float(text[:-2]) / 1000 if text.endswith("ms") else float(text[:-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bdlc", default=os.path.join(ROOT, "build", "bin", "bdlc"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--microcircuit", default="", help="seeds of full-scale microcircuit runs, e.g. 55,56,57")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="bdl-scale-")
    lines = ["# Scale: set-up and procedural storage", "",
             "Machine: %d cores; medians of %d runs." % (os.cpu_count(), args.reps), ""]

    # 1. Set-up speed, sparse.
    scale = 10 if args.quick else 100
    src = with_storage(scaled_source("coba", scale, work), "sparse")
    exe = os.path.join(work, "coba_setup")
    timed([args.bdlc, "build", src, "-o", exe])
    synapses = 80 * 4000 * scale
    lines += ["## Set-up of COBA at %d neurons (%d million synapses, sparse)" % (4000 * scale, synapses // 10**6), "",
              "| threads | set-up (s) | synapses per second | ns per synapse |", "|---|---|---|---|"]
    for threads in (1, 2):
        setups = [run_exe(exe, work, "1ms", threads, "setup")[0]["setup"] for _ in range(args.reps)]
        s = statistics.median(setups)
        lines.append("| %d | %.3f | %.1f M | %.1f |" % (threads, s, synapses / s / 1e6, s / synapses * 1e9))
    lines.append("")

    # 2. Compile time against the number of populations of one model.
    lines += ["## Build time of a synfire chain (one neuron model, one synapse)", "",
              "| populations | projections | kernels | build (s) |", "|---|---|---|---|"]
    for n in (200, 1000):
        src = chain_source(n, os.path.join(work, "chain%d.bdl" % n))
        builds = [timed([args.bdlc, "build", src, "-o", os.path.join(work, "chain%d" % n)])[1] for _ in range(args.reps)]
        lines.append("| %d | %d | %d | %.2f |" % (n, n, 5 * n, statistics.median(builds)))
    lines.append("")

    # 3. Procedural storage at growing sizes.
    sizes = [(1, "1s"), (10, "200ms")] + ([] if args.quick else [(100, "50ms"), (1000, "10ms")])
    lines += ["## COBA, in-degree 80, procedural against sparse storage", "",
              "| neurons | storage | threads | peak memory (MB) | bytes per neuron | set-up (s) | run (s per biological s) |",
              "|---|---|---|---|---|---|---|"]
    for scale, duration in sizes:
        n = 4000 * scale
        for storage in ("procedural", "sparse"):
            if storage == "sparse" and scale >= 1000:
                continue  # 320 million synapses: 2.6 GB of indices; the point is not to store them
            src = with_storage(scaled_source("coba", scale, work), storage)
            exe = os.path.join(work, "coba_%d_%s" % (scale, storage))
            timed([args.bdlc, "build", src, "-o", exe])
            for threads in (1, 2):
                runs = [run_exe(exe, work, duration, threads, "%d-%s" % (scale, storage)) for _ in range(args.reps)]
                rss = statistics.median(r[1] for r in runs)
                setup = statistics.median(r[0]["setup"] for r in runs)
                run = statistics.median(r[0]["run"] for r in runs)
                lines.append("| %d | %s | %d | %.0f | %.0f | %.3f | %.2f |" % (
                    n, storage, threads, rss, rss * 1048576 / n, setup, run / seconds(duration)))
    lines += ["", "Peak memory is the process's maximum resident set (/usr/bin/time), recordings and",
              "the executable included. Durations: 1 s at 4k, 200 ms at 40k, 50 ms at 400k, 10 ms at 4M.", ""]

    # 4. The microcircuit.
    exe = os.path.join(work, "microcircuit")
    mc = os.path.join(ROOT, "examples", "microcircuit.bdl")
    builds = [timed([args.bdlc, "build", mc, "-o", exe]) for _ in range(args.reps)]
    kernels = builds[0][0].split("(")[1].split(" ")[0] if "(" in builds[0][0] else "?"
    lines += ["## The Potjans-Diesmann microcircuit, full scale", "",
              "77,169 neurons, 2.99e8 synapses, 64 projections (%s kernels): `bdlc build` %.2f s." % (
                  kernels, statistics.median(b[1] for b in builds)), ""]
    seeds = [int(s) for s in args.microcircuit.split(",") if s]
    pops = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
    if seeds:
        # DC background (`microcircuit.py --dc`: the Poisson stimuli replaced
        # by their mean), the input of the real-time target: 1 and 2 threads.
        dc_src = os.path.join(work, "microcircuit_dc.bdl")
        subprocess.run([sys.executable, os.path.join(ROOT, "examples", "microcircuit.py"), "--dc", "-o", dc_src],
                       check=True, capture_output=True)
        dc = os.path.join(work, "microcircuit_dc")
        timed([args.bdlc, "build", dc_src, "-o", dc])
        lines += ["DC background (`examples/microcircuit.py --dc`), seed %d, 500 ms then 1 s recorded:" % seeds[0], "",
                  "| threads | set-up (s) | run (s) | real-time factor | peak memory (GB) | " + " | ".join(pops) + " |",
                  "|---|---|---|---|---|" + "---|" * 8]
        for threads in (1, 2):
            out = os.path.join(work, "mc-dc-%d" % threads)
            _, wall, rss = timed([dc, "--quiet", "--overwrite", "--out", out, "--threads", str(threads),
                                  "--seed", str(seeds[0])])
            with open(os.path.join(out, "manifest.json")) as f:
                m = json.load(f)
            lines.append("| %d | %.1f | %.1f | %.2f | %.2f | %s |" % (
                threads, m["wall_seconds"]["setup"], m["wall_seconds"]["run"], m["wall_seconds"]["run"] / 1.5,
                rss / 1024, " | ".join("%.3f" % p["mean_rate_hz"] for p in m["populations"])))
        lines.append("")
        lines += limit_analysis(dc_src, m)
        ref = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829]
        lines += ["Poisson background, 500 ms then 1 s recorded, 2 threads. Reference: `full_mean_rates` of",
                  "nest-simulator pynest/examples/Potjans_2014/network_params.py (one PyNEST run, full scale).", "",
                  "| seed | set-up (s) | run (s) | real-time factor | peak memory (GB) | " + " | ".join(pops) + " |",
                  "|---|---|---|---|---|" + "---|" * 8]
        for seed in seeds:
            out = os.path.join(work, "mc-%d" % seed)
            _, wall, rss = timed([exe, "--quiet", "--overwrite", "--out", out, "--threads", "2", "--seed", str(seed)])
            with open(os.path.join(out, "manifest.json")) as f:
                m = json.load(f)
            rates = [p["mean_rate_hz"] for p in m["populations"]]
            lines.append("| %d | %.0f | %.0f | %.1f | %.1f | %s |" % (
                seed, m["wall_seconds"]["setup"], m["wall_seconds"]["run"], m["wall_seconds"]["run"] / 1.5, rss / 1024,
                " | ".join("%.3f (%+.0f%%)" % (r, 100 * (r / x - 1)) for r, x in zip(rates, ref))))
        lines += ["", "Reference (Hz): " + ", ".join("%g" % x for x in ref), ""]
        lines += ["Irregularity and synchrony of the same runs over the recorded second: the mean ISI CV of",
                  "neurons with 3 spikes or more, and the variance over the mean of the population's spike count",
                  "in 3 ms bins over all its neurons (1 for independent Poisson neurons; it grows with the",
                  "population's size). The INM-6 reference's analysis (reference_data/analyze_reference_data.py)",
                  "computes per-neuron ISI CVs and pairwise spike count correlations; they are not compared here.", "",
                  "| seed | measure | " + " | ".join(pops) + " |", "|---|---|" + "---|" * 8]
        for seed in seeds:
            cvs, syncs = irregularity_synchrony(os.path.join(work, "mc-%d" % seed), pops)
            lines.append("| %d | ISI CV | %s |" % (seed, " | ".join("%.2f" % x for x in cvs)))
            lines.append("| %d | synchrony | %s |" % (seed, " | ".join("%.1f" % x for x in syncs)))
        lines.append("")
    write_report(lines, os.path.join(ROOT, "bench", "results", "scale.md"))


if __name__ == "__main__":
    main()
