#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""How far each benchmark is from this machine's limits (one thread).

Runs the microbenchmark (build/bin/bdl_limits: state sweeps, vector FMAs,
scattered additions; see bench/limits.cpp), then each benchmark model, and
sets its run time beside a floor: neuron-steps times the update's floor plus
synaptic events (spikes x 80, the benchmark's mean out-degree) times the
scattered-addition time with every index known ahead. Per neuron-step, the
update's floor is the larger of its memory traffic at the swept bandwidth and
its FMA-pipe operations (FMAs, products, vscalefpd, divisions, counted in the
vectorised loop of `bdlc emit --llvm`) at the measured FMA rate.

    bench/limits.py            # writes bench/results/limits.md (about 2 minutes)
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import ROOT, scaled_source, write_report  # noqa: E402

DEGREE = 80
STEPS = 10000  # 1 s at dt = 0.1 ms


def microbenchmarks(exe):
    out = subprocess.run([exe, "--benchmark_format=json", "--benchmark_min_time=0.3"], check=True,
                         capture_output=True, text=True).stdout
    return {b["name"]: b for b in json.loads(out)["benchmarks"]}


def loop_profile(bdlc, source):
    """Per neuron of the update's vector loop: bytes loaded and stored, and
    512-bit operations that need the FMA pipes."""
    ir = subprocess.run([bdlc, "emit", "--llvm", source], check=True, capture_output=True, text=True).stdout
    fn = re.search(r"define void @bdl_update_E\(.*?\n}\n", ir, re.S).group(0)
    body = re.search(r"\nvector\.body:.*?\nmiddle\.block:", fn, re.S).group(0)
    step = int(re.search(r"%index\.next = add nuw i64 %index, (\d+)", body).group(1))
    bits = {"double": 64, "float": 32}
    mem = fma = 0.0
    for line in body.splitlines():
        t = re.search(r"<(\d+) x (double|float)>", line)
        if not t:
            continue
        width = int(t.group(1)) * bits[t.group(2)]
        if re.search(r"= load <", line) or re.match(r"\s*store <", line):
            mem += width / 8
        elif re.search(r"= (fmul|fdiv) |@llvm\.(fma|fmuladd)\.|scalef", line):
            fma += width / 512
    return mem / step, fma / step


def median_run(exe, out, extra, reps):
    times, spikes = [], 0
    for _ in range(reps):
        subprocess.run([exe, "--quiet", "--overwrite", "--out", out] + extra, check=True)
        m = json.load(open(os.path.join(out, "manifest.json")))
        times.append(m["wall_seconds"]["run"])
        spikes = sum(p["spikes"] for p in m["populations"])
    return statistics.median(times), spikes


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bdlc", default=os.path.join(ROOT, "build", "bin", "bdlc"))
    p.add_argument("--limits", default=os.path.join(ROOT, "build", "bin", "bdl_limits"))
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "limits.md"))
    a = p.parse_args()
    if not os.path.exists(a.limits):
        sys.exit("%s is missing: it is built where libbenchmark-dev is installed" % a.limits)
    mb = microbenchmarks(a.limits)
    t_fma = 1e9 / mb["Fma"]["items_per_second"]  # ns per 512-bit FMA (8 doubles)
    work = tempfile.mkdtemp(prefix="bdl-limits-")
    lines = ["# Distance from this machine's limits (1 thread)", "",
             "`bench/limits.py`, %s. Microbenchmark (`bench/limits.cpp`): vector FMA %.3f ns (%d doubles); "
             "state sweeps %.0f GB/s (4 arrays of 4,000), %.0f GB/s (7 of 40,000); scattered additions "
             "%.2f ns (4,000 targets), %.2f ns (40,000), a plain CSR loop %.2f / %.2f ns." % (
                 time.strftime("%Y-%m-%d"), t_fma, mb["Fma"]["lanes"],
                 mb["StateSweep/4/4000"]["bytes_per_second"] / 1e9, mb["StateSweep/7/40000"]["bytes_per_second"] / 1e9,
                 1e9 / mb["ScatterFlat/4000"]["items_per_second"], 1e9 / mb["ScatterFlat/40000"]["items_per_second"],
                 1e9 / mb["ScatterAdd/4000/80"]["items_per_second"],
                 1e9 / mb["ScatterAdd/40000/80"]["items_per_second"]), "",
             "| model | neurons | run s | bytes, FMA-pipe ops / neuron-step | update floor ns / neuron-step "
             "(memory, FMA) | events | event floor ns | floor s (update + events) | run / floor |",
             "|---|---|---|---|---|---|---|---|---|"]
    for model in ("coba", "cuba", "cobahh"):
        for scale in (1, 10):
            n = 4000 * scale
            src = scaled_source(model, scale, work)
            exe = os.path.join(work, "%s_x%d" % (model, scale))
            subprocess.run([a.bdlc, "build", src, "-o", exe], check=True, stdout=subprocess.DEVNULL)
            out = os.path.join(work, "out")
            full, spikes = median_run(exe, out, [], a.reps)
            mem, fma = loop_profile(a.bdlc, src)
            sweep = mb["StateSweep/%d/%d" % (4 if model != "cobahh" else 7, n)]["bytes_per_second"]
            floor_mem, floor_fma = mem / sweep * 1e9, fma * t_fma
            update_floor = max(floor_mem, floor_fma)
            events = spikes * DEGREE
            event_floor = 1e9 / mb["ScatterFlat/%d" % n]["items_per_second"]
            floor = (n * STEPS * update_floor + events * event_floor) * 1e-9
            lines.append("| %s | %d | %.3f | %.0f, %.1f | %.2f (%.2f, %.2f) | %.1fM | %.2f | %.3f | %.2f |" % (
                model, n, full, mem, fma, update_floor, floor_mem, floor_fma, events / 1e6, event_floor, floor,
                full / floor))
            print(lines[-1], flush=True)
    lines += ["", "Run: the simulation loop (manifest `wall_seconds.run`), median of %d. The floor leaves out "
              "the work per spike (detection, recording, resets) and per step (the runtime's glue)." % a.reps]
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
