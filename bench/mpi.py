#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Ranks against threads: COBA 40,000 (in-degree 80, 1 s) and Brunel 12,500
(delay 1.4 ms, so ranks exchange every 14 steps), each run as 1 rank x 2
threads and as 2 ranks x 1 thread in alternation, both with the same MPI
executable; prints the medians of the simulation loop's time, the share of it
spent in exchanges (waiting for the slower rank included), the bytes a rank
receives per exchange, the peak memory per rank, and whether every array is
the same. The microcircuit at `--microcircuit-scale S` (default 0.1) too.

    bench/mpi.py                 # 5 pairs of runs per model (a few minutes)
    bench/mpi.py --reps 3 --microcircuit-scale 0
Writes bench/results/mpi.md. Needs mpirun and a bdlc built with MPI.
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

# Unbound: mpirun binds each rank to one core by default, where its threads
# would share it.
MPIRUN = ["mpirun", "--oversubscribe", "--allow-run-as-root", "--bind-to", "none"]
ENV = dict(os.environ, OMPI_MCA_btl_vader_single_copy_mechanism="none", OMPI_MCA_plm="isolated")


def run(exe, ranks, threads, out, extra):
    # Peak memory per rank: each rank under GNU time, which writes its own file.
    rss = out + ".rss"
    cmd = MPIRUN + ["-np", str(ranks), "sh", "-c",
                    '/usr/bin/time -f %%M -o %s.$OMPI_COMM_WORLD_RANK "$@"' % rss, "rank",
                    exe, "--quiet", "--threads", str(threads), "--overwrite", "--out", out] + extra
    subprocess.run(cmd, check=True, env=ENV)
    m = json.load(open(os.path.join(out, "manifest.json")))
    peak = max(int(open(f).read().split()[-1]) for f in glob.glob(rss + ".*")) / 1024
    for f in glob.glob(rss + ".*"):
        os.remove(f)
    ex = m.get("exchanges", {"count": 0, "bytes": 0, "seconds": 0.0})
    return m["wall_seconds"]["run"], ex, peak, m["steps"]


def same_arrays(a, b):
    files = sorted(os.path.relpath(f, a) for f in glob.glob(os.path.join(a, "**", "*.npy"), recursive=True))
    return len(files) > 0 and all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False) for f in files)


def measure(name, exe, reps, extra):
    work = os.path.dirname(exe)
    slug = name.split()[0].lower()
    outs = {k: os.path.join(work, "%s-%s" % (slug, k)) for k in ("threads", "ranks")}
    t, r = [], []
    for rep in range(reps):
        t.append(run(exe, 1, 2, outs["threads"], extra))
        r.append(run(exe, 2, 1, outs["ranks"], extra))
        print("%s rep %d: 1 rank x 2 threads %.3f s, 2 ranks x 1 thread %.3f s (exchanges %.3f s)" % (
            name, rep + 1, t[-1][0], r[-1][0], r[-1][1]["seconds"]), flush=True)
    med = statistics.median
    ex = r[-1][1]
    return {
        "name": name, "threads_s": med([x[0] for x in t]), "ranks_s": med([x[0] for x in r]),
        "share": med([x[1]["seconds"] / x[0] for x in r]), "exchanges": ex["count"],
        "bytes": ex["bytes"] / max(1, ex["count"]), "steps": r[-1][3],
        "peak_threads": med([x[2] for x in t]), "peak_ranks": med([x[2] for x in r]),
        "same": same_arrays(outs["threads"], outs["ranks"]),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bdlc", default=os.path.join(ROOT, "build", "bin", "bdlc"))
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--microcircuit-scale", type=float, default=0.1)
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "mpi.md"))
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="bdl-mpi-bench-")
    models = [("COBA 40,000", scaled_source("coba", 10, work), [])]
    models.append(("Brunel 12,500", os.path.join(ROOT, "examples", "brunel.bdl"), []))
    if a.microcircuit_scale > 0:
        src = os.path.join(work, "microcircuit.bdl")
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "examples", "microcircuit.py"), "--scale",
                        str(a.microcircuit_scale), "--out", src], check=True, stdout=subprocess.DEVNULL)
        models.append(("microcircuit x%g" % a.microcircuit_scale, src, ["--duration", "0.5s"]))
    rows = []
    for k, (name, src, extra) in enumerate(models):
        exe = os.path.join(work, "model%d" % k)
        subprocess.run([a.bdlc, "build", "--mpi", src, "-o", exe], check=True, stdout=subprocess.DEVNULL)
        rows.append(measure(name, exe, a.reps, extra))
    lines = ["# Ranks against threads", "",
             "`bench/mpi.py --reps %d`, %s, on this machine's 2 cores: the same MPI executable run as 1 rank x 2 "
             "threads and as 2 ranks x 1 thread, in alternation. Medians; run: the simulation loop (manifest "
             "`wall_seconds.run`); exchange share: the ranks' time in exchanges (spike lists, and neuron values "
             "where a step samples them), waiting for the slower rank included; peak: the largest rank's peak "
             "resident memory." % (a.reps, time.strftime("%Y-%m-%d")), "",
             "| model | steps | 1 rank x 2 threads | 2 ranks x 1 thread | ratio | exchange share | exchanges | "
             "bytes per exchange | peak per rank (threads / ranks) | same arrays |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| %s | %d | %.3f s | %.3f s | %.2fx | %.1f%% | %d | %.0f | %.0f / %.0f MiB | %s |" % (
            r["name"], r["steps"], r["threads_s"], r["ranks_s"], r["ranks_s"] / r["threads_s"], 100 * r["share"],
            r["exchanges"], r["bytes"], r["peak_threads"], r["peak_ranks"], "yes" if r["same"] else "NO"))
    lines += ["", "Ratio: 2 ranks' time over 2 threads'. Brunel's projections have a 1.4 ms delay, so its ranks "
              "exchange spikes every 14 steps; COBA's have none, so every step. docs/distributed.md models the "
              "cost at more ranks."]
    write_report(lines, a.out)
    return 0 if all(r["same"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
