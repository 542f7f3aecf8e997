#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A whole experiment design, end to end: COBA (4,000 neurons), 10 values of
`we` x 5 trials, 1 s each.

- BDL: one `bdlc build`, then one process runs the 50 runs
  (`--sweep we=0.3:1.2:10 --trials 5`), the network set up once.
- BDL, 50 separate processes of the same executable (`--set we=... --trial k`).
- Brian2 2.5.1 cpp_standalone, one build per run as its documentation
  recommends for 2.5 (bench/brian2_design.py).
Prints wall times end to end (build included) and the ratios, and writes
bench/results/experiments.md.

    bench/experiments.py                  # about 5 minutes, most of it Brian2
    bench/experiments.py --reps 3 --skip-brian2
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import ROOT, write_report  # noqa: E402

WE = [round(0.3 + 0.1 * k, 1) for k in range(10)]
TRIALS = 5


def wall(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bdlc", default=os.path.join(ROOT, "build", "bin", "bdlc"))
    p.add_argument("--reps", type=int, default=3, help="repetitions of the two BDL variants (medians)")
    p.add_argument("--skip-brian2", action="store_true")
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "experiments.md"))
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="bdl-experiments-")
    exe = os.path.join(work, "coba")
    source = os.path.join(ROOT, "examples", "coba.bdl")
    sweep = "we=%g:%g:%d" % (WE[0], WE[-1], len(WE))
    batch, separate, builds = [], [], []
    for rep in range(a.reps):
        builds.append(wall([a.bdlc, "build", source, "-o", exe]))
        batch.append(builds[-1] + wall([exe, "--quiet", "--overwrite", "--out", os.path.join(work, "design"),
                                        "--sweep", sweep, "--trials", str(TRIALS)]))
        t = builds[-1]
        for we in WE:
            for trial in range(TRIALS):
                t += wall([exe, "--quiet", "--overwrite", "--out", os.path.join(work, "one"),
                           "--set", "we=%g" % we, "--trial", str(trial)])
        separate.append(t)
        print("rep %d: build %.2f s, one process %.2f s, 50 processes %.2f s" % (rep + 1, builds[-1], batch[-1],
                                                                              separate[-1]), flush=True)
    m = json.load(open(os.path.join(work, "design", "manifest.json")))
    rates = {}
    for r in m["runs"]:
        rates.setdefault(r["values"]["we"], []).append(r["populations"][0]["mean_rate_hz"])
    med = statistics.median
    lines = ["# Experiment design end to end: COBA 4,000 neurons, 10 values of `we` x 5 trials, 1 s each", "",
             "`bench/experiments.py --reps %d`, %s, 1 thread. Wall times include `bdlc build` (%.2f s)." % (
                 a.reps, time.strftime("%Y-%m-%d"), med(builds)), "",
             "| variant | wall s (median of %d) |" % a.reps, "|---|---|",
             "| BDL, one process (`--sweep %s --trials %d`) | %.2f |" % (sweep, TRIALS, med(batch)),
             "| BDL, 50 processes (`--set we=... --trial k`) | %.2f |" % med(separate)]
    ratio_sep = med(separate) / med(batch)
    brian = None
    if not a.skip_brian2:
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "brian2_design.py"), "--we",
                            ",".join("%g" % w for w in WE), "--trials", str(TRIALS), "--dir",
                            os.path.join(work, "brian2")], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("Brian2 failed:\n" + r.stderr[-2000:])
        brian = time.perf_counter() - t0
        b = json.loads(r.stdout.strip().splitlines()[-1])
        lines.append("| Brian2 2.5.1 cpp_standalone, one build per run (`bench/brian2_design.py`) | %.1f |" % brian)
        b_rates = {}
        for run in b["runs"]:
            b_rates.setdefault(run["we"], []).append(run["rate_E_Hz"])
    lines += ["", "One process against 50: %.2fx faster (target 1.5x)." % ratio_sep]
    if brian:
        lines.append("One process against Brian2: %.1fx faster (target 20x)." % (brian / med(batch)))
    lines += ["", "| we | BDL E rate, mean of 5 trials (Hz) |" + (" Brian2 (Hz) |" if brian else ""),
              "|---|---|" + ("---|" if brian else "")]
    for we in sorted(rates):
        row = "| %g | %.2f |" % (we, statistics.mean(rates[we]))
        if brian:
            row += " %.2f |" % statistics.mean(b_rates[min(b_rates, key=lambda x: abs(x - we))])
        lines.append(row)
    write_report(lines, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
