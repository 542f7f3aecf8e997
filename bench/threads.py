#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Thread scaling: one COBA 40,000 executable (the benchmark's model, in-degree
80) run with --threads 1 and --threads 2 in alternation; prints the medians of
the simulation loop's time (manifest wall_seconds.run), the speed-up, and
whether every recorded array is identical between the two; then the same with
a competing busy process, where two threads must not be slower than one.

    bench/threads.py                  # 9 pairs of runs (about a minute)
    bench/threads.py --reps 15 --threads 3
Writes bench/results/threads.md. The machine's second core is shared with its
host: repeat a series that looks slow rather than trusting one.
"""
import argparse
import filecmp
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import ROOT, scaled_source, write_report  # noqa: E402


def run(exe, threads, out):
    subprocess.run([exe, "--quiet", "--threads", str(threads), "--overwrite", "--out", out], check=True)
    return json.load(open(os.path.join(out, "manifest.json")))["wall_seconds"]["run"]


def same_arrays(a, b):
    files = sorted(os.path.basename(f) for f in glob.glob(os.path.join(a, "*.npy")))
    return len(files) > 0 and all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False) for f in files)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bdlc", default=os.path.join(ROOT, "build", "bin", "bdlc"))
    p.add_argument("--reps", type=int, default=9)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "threads.md"))
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="bdl-threads-")
    exe = os.path.join(work, "coba_x10")
    subprocess.run([a.bdlc, "build", scaled_source("coba", 10, work), "-o", exe], check=True, stdout=subprocess.DEVNULL)
    outs = {t: os.path.join(work, "out%d" % t) for t in (1, a.threads)}

    def series(label):
        one, many = [], []
        for rep in range(a.reps):
            one.append(run(exe, 1, outs[1]))
            many.append(run(exe, a.threads, outs[a.threads]))
            print("%srep %d: 1 thread %.3f s, %d threads %.3f s" % (label, rep + 1, one[-1], a.threads, many[-1]),
                  flush=True)
        return one, many

    one, many = series("")
    same = same_arrays(outs[1], outs[a.threads])
    # The same with a competing process spinning on one core: threads that
    # spin at barriers waste the time slices their descheduled partner needs.
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        busy_one, busy_many = series("busy: ")
    finally:
        busy.kill()
    med = statistics.median
    lines = ["# Thread scaling, COBA 40,000 neurons (1 s, in-degree 80)", "",
             "`bench/threads.py --reps %d --threads %d`, %s. Medians of %d alternating runs of one executable; "
             "run: the simulation loop (manifest `wall_seconds.run`)." % (a.reps, a.threads, time.strftime("%Y-%m-%d"),
                                                                          a.reps), "",
             "| threads | run s (median) | min s | max s |", "|---|---|---|---|",
             "| 1 | %.4f | %.4f | %.4f |" % (med(one), min(one), max(one)),
             "| %d | %.4f | %.4f | %.4f |" % (a.threads, med(many), min(many), max(many)), "",
             "Speed-up (ratio of medians): %.2fx. Arrays identical to one thread's: %s." % (
                 med(one) / med(many), "yes" if same else "NO"), "",
             "With a competing process spinning on one of the cores (`python3 -c 'while True: pass'`):", "",
             "| threads | run s (median) | min s | max s |", "|---|---|---|---|",
             "| 1 | %.4f | %.4f | %.4f |" % (med(busy_one), min(busy_one), max(busy_one)),
             "| %d | %.4f | %.4f | %.4f |" % (a.threads, med(busy_many), min(busy_many), max(busy_many)), "",
             "%d threads against 1 on the busy machine: %.2fx the time (target: at most 1.05x)." % (
                 a.threads, med(busy_many) / med(busy_one))]
    write_report(lines, a.out)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
