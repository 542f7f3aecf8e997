#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Side-by-side benchmark of BDL against Brian2 (cpp_standalone, 1 thread).

For COBA, CUBA and COBAHH at 4,000 and 40,000 neurons (1 s of biological time,
dt = 0.1 ms), runs the Brian2 reference (bench/brian2/networks.py) and
the same model compiled by bdlc, alternating the two, and prints build time,
run time (medians), mean rates and ratios. The 40,000-neuron BDL models are
the examples with every population 10x larger and p 10x smaller, so the
in-degree stays 80, as the reference script does with --scale 10.

    bench/run.py                      # everything, 5 repetitions (about 15 minutes)
    bench/run.py --reps 3 --scales 1  # quicker
    bench/run.py --precision single   # BDL built with --precision single (float state)
Writes bench/results/latest.md (latest-single.md with --precision single).
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BRIAN2 = os.environ.get("BRIAN2_BENCH", os.path.join(ROOT, "bench", "brian2", "networks.py"))


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time; returns (stdout, wall seconds, peak RSS in MB)."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    rss_kb = int(r.stderr.strip().splitlines()[-1])
    return r.stdout, wall, rss_kb / 1024.0


def scaled_source(model, scale, work):
    """The example `model` with `scale` times the neurons, written to work.
    COBA, CUBA, COBAHH: as the reference script's --scale, in-degree kept at
    80. Brunel (scripts/gpu-check): population sizes times `scale`, its fixed
    in-degree unchanged."""
    src = open(os.path.join(ROOT, "examples", model + ".bdl")).read()
    if model == "brunel":
        src = src.replace("param N_E = 4000", "param N_E = %d" % (4000 * scale))
        src = src.replace("param N_I = 1000", "param N_I = %d" % (1000 * scale))
    elif scale != 1:
        src = re.sub(r"\[(3200|800)\]", lambda m: "[%d]" % (int(m.group(1)) * scale), src)
        src = src.replace("param p = 0.02", "param p = %r" % (0.02 / scale))
    path = os.path.join(work, "%s_x%d.bdl" % (model, scale))
    with open(path, "w") as f:
        f.write(src)
    return path


def write_report(lines, path):
    """Prints the report's lines and writes them to path (a Markdown file)."""
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def bdl_build(bdlc, source, exe, precision="double"):
    _, wall, _ = timed([bdlc, "build", source, "-o", exe, "--precision", precision])
    return wall


def bdl_run(exe, seed, out):
    stdout, wall, rss = timed([exe, "--quiet", "--seed", str(seed), "--overwrite", "--out", out])
    m = json.load(open(os.path.join(out, "manifest.json")))
    rates = {p["name"]: p["mean_rate_hz"] for p in m["populations"]}
    return m["wall_seconds"]["run"], wall, rss, rates


def brian2_run(model, scale, seed, work):
    out, wall, rss = timed(["/usr/bin/python3", BRIAN2, "--model", model, "--scale",
                            str(scale), "--seed", str(seed), "--dir", os.path.join(work, "b2_%s_%d_%d" % (model, scale, seed))])
    r = json.loads(out.strip().splitlines()[-1])
    return r["codegen_compile_s"], r["run_reported_s"], rss, {"E": r["rate_E_Hz"], "I": r["rate_I_Hz"]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bdlc", default=os.path.join(ROOT, "build", "bin", "bdlc"))
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--models", default="coba,cuba,cobahh")
    p.add_argument("--scales", default="1,10")
    p.add_argument("--precision", choices=["double", "single"], default="double",
                   help="bdlc build --precision for the BDL side (default double)")
    p.add_argument("--out", default=None, help="default bench/results/latest.md (latest-single.md in single)")
    a = p.parse_args()
    if a.out is None:
        a.out = os.path.join(ROOT, "bench", "results", "latest%s.md" % ("-single" if a.precision == "single" else ""))
    work = tempfile.mkdtemp(prefix="bdl-bench-")
    rows = []
    for model in a.models.split(","):
        for scale in [int(s) for s in a.scales.split(",")]:
            source = scaled_source(model, scale, work)
            exe = os.path.join(work, "%s_x%d" % (model, scale))
            b = {"build": [], "run": [], "rss": [], "E": [], "I": []}
            d = {"build": [], "run": [], "rss": [], "E": [], "I": []}
            for rep in range(a.reps):
                seed = rep + 1
                # Alternate which simulator goes first, so drift on a shared
                # machine does not favour one of them.
                order = ("bdl", "brian2") if rep % 2 == 0 else ("brian2", "bdl")
                for who in order:
                    if who == "bdl":
                        d["build"].append(bdl_build(a.bdlc, source, exe, a.precision))
                        run_s, _, rss, rates = bdl_run(exe, seed, os.path.join(work, "out"))
                        d["run"].append(run_s)
                        d["rss"].append(rss)
                    else:
                        build_s, run_s, rss, rates = brian2_run(model, scale, seed, work)
                        b["build"].append(build_s)
                        b["run"].append(run_s)
                        b["rss"].append(rss)
                    target = d if who == "bdl" else b
                    target["E"].append(rates["E"])
                    target["I"].append(rates["I"])
                print("%s x%d rep %d: BDL run %.3f s, Brian2 run %.3f s" % (model, scale, rep + 1, d["run"][-1],
                                                                           b["run"][-1]), flush=True)
            med = statistics.median
            rows.append(dict(model=model, n=4000 * scale, b2_build=med(b["build"]), bdl_build=med(d["build"]),
                             b2_run=med(b["run"]), bdl_run=med(d["run"]), b2_rss=max(b["rss"]), bdl_rss=max(d["rss"]),
                             b2_E=statistics.mean(b["E"]), b2_I=statistics.mean(b["I"]),
                             bdl_E=statistics.mean(d["E"]), bdl_I=statistics.mean(d["I"])))
    lines = ["# BDL vs Brian2 (cpp_standalone, 1 thread)", "",
             "`bench/run.py --reps %d --precision %s`, %s. Medians of %d runs (seeds 1-%d, alternating order); rates are means "
             "over the same runs. Build: Brian2 code generation + compilation in a fresh directory vs `bdlc build` (compile + link). "
             "Run: the simulation loop as each reports it (Brian2 `device._last_run_time`, BDL manifest "
             "`wall_seconds.run`), set-up excluded. Peak RSS: the BDL executable; for Brian2 the Python process "
             "that generates and compiles (the simulation runs in a child process)." % (
                 a.reps, a.precision, time.strftime("%Y-%m-%d"), a.reps, a.reps), "",
             "| model | neurons | Brian2 build s | BDL build s | build ratio | Brian2 run s | BDL run s | run ratio "
             "| rates E/I Brian2 (Hz) | rates E/I BDL (Hz) | peak RSS BDL MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| %s | %d | %.2f | %.3f | %.0fx | %.3f | %.3f | %.2fx | %.2f / %.2f | %.2f / %.2f | %.0f |" % (
            r["model"], r["n"], r["b2_build"], r["bdl_build"], r["b2_build"] / r["bdl_build"], r["b2_run"],
            r["bdl_run"], r["b2_run"] / r["bdl_run"], r["b2_E"], r["b2_I"], r["bdl_E"], r["bdl_I"], r["bdl_rss"]))
    write_report(lines, a.out)


if __name__ == "__main__":
    main()
