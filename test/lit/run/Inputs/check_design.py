# SPDX-License-Identifier: Apache-2.0
"""Checks a design's results (see ../design.test): the index, the f-I curve
against the closed form, spike counts, shared synapses across trials, and
each run against the same run made alone (--set, --trial). Usage:
check_design.py EXE RESULTS"""
import json, math, os, subprocess, sys
import numpy as np

exe, d = sys.argv[1], sys.argv[2]


def check(ok, msg):
    print(("ok " if ok else "FAIL ") + msg)


m = json.load(open(d + "/manifest.json"))
runs = m["runs"]
check(m["design"] and m["status"] == "complete" and len(runs) == 15 and m["trials"] == [0, 1, 2],
      "index: %d runs, trials %s, sweep %s" % (len(runs), m["trials"], m["sweeps"][0]["values"]))
# The f-I curve: rate against I, the same in every trial (F has no noise).
tau, vt, tref, T = 10e-3, 10.0, 2e-3, 0.5
worst = 0
for r in runs:
    i = r["values"]["F.I"]
    n = r["populations"][0]["spikes"]
    want = 0 if i <= vt else math.floor(T / (tref + tau * math.log(i / (i - vt))))
    worst = max(worst, abs(n - want))
check(worst <= 1, "f-I curve: spike counts within 1 of the closed form in all 15 runs")
ok = True
for r in runs:
    f = d + "/" + r["folder"]
    counts, idx = np.load(f + "/spike_counts_N.npy"), np.load(f + "/spikes_N_i.npy")
    ok = ok and counts.dtype == np.int64 and np.array_equal(counts, np.bincount(idx, minlength=50))
check(ok, "spike_counts_N.npy is the bincount of spikes_N_i.npy in every run")
pre = [np.load(d + "/" + r["folder"] + "/N_to_N_pre.npy") for r in runs]
w0 = [np.load(d + "/" + r["folder"] + "/N_to_N_w.npy")[0] for r in runs]
n0 = [np.load(d + "/" + r["folder"] + "/spikes_N_t.npy") for r in runs]
check(all(np.array_equal(pre[0], p) for p in pre) and all(np.array_equal(w0[0], w) for w in w0),
      "trials share synapses and their initial weights")
check(not np.array_equal(n0[0], n0[1]) and np.array_equal(n0[0], n0[3]),
      "trials differ in their noise; trial 0 of every point is the same run")
# Run 7 (point 2, trial 1) and run 14 (point 4, trial 2) made alone.
for k in (7, 14):
    r = runs[k]
    alone = d + ".alone%d" % k
    subprocess.run([exe, "--quiet", "--overwrite", "--out", alone, "--set", "F.I=%gmV" % r["values"]["F.I"],
                    "--trial", str(r["trial"])], check=True)
    files = sorted(f for f in os.listdir(alone) if f.endswith(".npy"))
    same = all(open(alone + "/" + f, "rb").read() == open(d + "/" + r["folder"] + "/" + f, "rb").read() for f in files)
    check(same and len(files) == 10, "%s equals the run made alone with --set and --trial (%d arrays)" % (r["folder"], len(files)))
# bdlplot's sweep summary: F's rate per value, the same in every trial.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "tools"))
import bdlplot  # noqa: E402
x, mean, std = bdlplot.sweep_rates(m, "F")
check(list(x) == [5, 12, 15, 20, 40] and mean[0] == 0 and np.all(std == 0) and
      abs(mean[-1] * T - math.floor(T / (tref + tau * math.log(40 / 30)))) <= 1,
      "bdlplot.sweep_rates: F at 40 mV %.1f Hz, no spread over trials" % mean[-1])
