# SPDX-License-Identifier: Apache-2.0
"""Checks the results of examples/adex_bifurcation.bdl (../adex-bifurcation.test):
w at spike times, run by run, along the swept Vr."""
import json, sys
import numpy as np

d = sys.argv[1]
m = json.load(open(d + "/manifest.json"))
rows = []
for r in m["runs"]:
    f = d + "/" + r["folder"]
    rows.append((np.load(f + "/spikes_N_t.npy"), np.load(f + "/N_w.npy")[:, 0], np.load(f + "/N_w_t.npy")))
print("after transient", all(t.min() >= 3.0 and abs(wt[0] - 3.0) < 1e-9 and len(wt) == 100000 for t, _, wt in rows))
# Distinct values of w at spike times: the number of points of the cycle.
n = [len(np.unique(np.round(w[np.rint((t - wt[0]) / 1e-5).astype(int)], 4))) for t, w, wt in rows]
print("cycle", n[0] <= 3, "doubling", n[0] < n[2] < n[4], "chaos", max(n[5:8]) > 30, n)
