# SPDX-License-Identifier: Apache-2.0
"""Checks the results of Inputs/monitors.bdl (see ../monitors.test).

Usage: check_monitors.py DRIVEN ALL SOME FLAT   (results directories)"""
import json
import sys

import numpy as np

driven, full, some, flat = sys.argv[1:5]


def check(ok, msg):
    print(("ok " if ok else "FAIL ") + msg)


def load(d, name):
    return np.load("%s/%s.npy" % (d, name))


# The step of docs/running.md, one neuron: the state update (exact), the
# threshold, values at spikes read, the delivery of this step's input, the
# reset.
dt, steps = 1e-4, 400
inputs = set(round(t * 10) for t in [1, 2, 3, 4, 4.1, 5, 6, 6.5, 7, 8, 8.1, 9, 10, 11, 12, 13, 13.2, 14, 15, 16, 17,
                                     18, 18.2])
v, vt = 0.0, 10.0
want = []
for n in range(steps):
    v = v * np.exp(-dt / 10e-3)
    vt = 10 + (vt - 10) * np.exp(-dt / 15e-3)
    spiked = v > vt
    if spiked:
        want.append((n * dt, v, vt))
    if n in inputs:
        v += 3
    if spiked:
        v, vt = 0.0, vt + 3
t, vs, vts = load(driven, "spikes_N_t"), load(driven, "spikes_N_v"), load(driven, "spikes_N_vt")
w = np.array(want)
same = len(w) == len(t) and np.abs(t - w[:, 0]).max() < 1e-12
err = max(np.abs(vs - w[:, 1]).max(), np.abs(vts - w[:, 2]).max()) if same else float("inf")
coincide = sum(1 for s in w[:, 0] if round(s / dt) in inputs)
check(same and err < 1e-9 and coincide > 0,
      "values at %d spikes before delivery and reset (%d with an input in the same step): max error %.1e mV"
      % (len(t), coincide, err))
m = json.load(open(driven + "/manifest.json"))
files = {r["file"]: r for r in m["recordings"]}
r = files.get("spikes_N_v.npy", {})
check(r.get("unit") == "mV" and r.get("variable") == "v" and r.get("shape") == [len(t)] and r.get("dtype") == "float64",
      "manifest: spikes_N_v.npy in %s, %s, shape %s" % (r.get("unit"), r.get("dtype"), r.get("shape")))

# The recurrent network: every value crossed its threshold.
t, i = load(full, "spikes_E_t"), load(full, "spikes_E_i")
vs, vts = load(full, "spikes_E_v"), load(full, "spikes_E_vt")
check(len(t) > 100 and len(vs) == len(t) and np.all(vs > vts), "%d spikes, each v above vt" % len(t))

# Windows and index lists, against the full recording of the same run.
V, T = load(full, "E_v"), load(full, "E_v_t")
v, vt_ = load(some, "E_v"), load(some, "E_v_t")
cols = [3, 1, 20, 27, 34]
rows = [int(round(x / dt)) for x in vt_]
check(list(load(some, "E_v_i")) == cols and rows == list(range(100, 220, 20)) and np.array_equal(v, V[rows][:, cols]),
      "v of E[3, 1, 20:40:7] every 2 ms from 10 ms to 21 ms: columns %s, %d samples, equal to the full recording"
      % (list(load(some, "E_v_i")), len(rows)))
st, si = load(some, "spikes_E_t"), load(some, "spikes_E_i")
keep = (t > 0.05 - 5e-5) & (t < 0.15 - 5e-5) & (np.isin(i, [0, 1, 2, 3, 4, 30]))
check(np.array_equal(st, t[keep]) and np.array_equal(si, i[keep]) and len(st) > 0,
      "spikes(E[0:5, 30]) from 50 ms to 150 ms: %d of %d spikes" % (len(st), len(t)))


def smooth(rate, window, width, bin):
    """Brian2 2.5.1's PopulationRateMonitor.smooth_rate with dt = bin."""
    if window == "gaussian":
        half = int(np.round(2 * width / bin))
        win = np.exp(-np.arange(-half, half + 1) ** 2 * 1. / (2 * (width / bin) ** 2))
    else:
        win = np.ones(int(width / 2 / bin) * 2 + 1)
    return np.convolve(rate, win * 1. / sum(win), mode="same")


# rate(E[0:20]): the spikes of neurons 0-19 per 0.5 ms bin over 20 neurons.
counts = np.bincount((t[i < 20] / 5e-4 + 1e-6).astype(int), minlength=400)[:400]
rate = load(some, "rate_E")
check(np.allclose(rate, counts / (20 * 5e-4), rtol=0, atol=1e-9), "rate(E[0:20]) counts neurons 0-19 only")
for d, window, width in [(some, "gaussian", 2e-3), (flat, "flat", 3e-3)]:
    got, r = load(d, "rate_E_smooth"), load(d, "rate_E")
    ref = smooth(r, window, width, 5e-4)
    err = np.abs(got - ref).max() / np.abs(ref).max()
    check(len(got) == len(r) and err < 1e-12, "smooth %s(%g ms) equals numpy's convolve of Brian2's window: %.1e relative"
          % (window, width * 1e3, err))
