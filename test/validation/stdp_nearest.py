#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Nearest-neighbour pair STDP (std.plasticity.stdp_nearest): with 4 to 6
presynaptic and 6 to 8 postsynaptic spikes per synapse, the weight change
matches the nearest-neighbour rule evaluated here from the spike times:
each postsynaptic spike at t adds Apre exp(-(t - t_pre) / taupre) for the
latest presynaptic spike t_pre < t only, each presynaptic spike at t adds
Apost exp(-(t - t_post) / taupost) for the latest postsynaptic spike only,
the weight clipped to [0, wmax] after each change; to 1e-12 of the largest
change, without and with clipping (wmax = 0.515). The same spikes through
the all-to-all std.plasticity.stdp (every earlier spike of the other side
counts) match the all-to-all rule, and differ from the nearest-neighbour
result.

Usage: stdp_nearest.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes, state

TAUPRE = TAUPOST = 20e-3
APRE, APOST, W0, READOUT = 0.01, -0.0105, 0.5, 0.4


def rule(pre, post, wmax, nearest):
    w = W0
    events = sorted([(t, 0) for t in pre] + [(t, 1) for t in post])
    assert len({t for t, _ in events}) == len(events), "simultaneous spikes"
    for t, side in events:
        other = np.asarray(post if side == 0 else pre)
        other = other[other < t]
        if nearest:
            other = other[-1:]
        if side == 0:
            w += APOST * np.exp(-(t - other) / TAUPOST).sum()
        else:
            w += APRE * np.exp(-(t - other) / TAUPRE).sum()
        w = min(max(w, 0.0), wmax)
    return w


def main(bdlc, model):
    results = run_model(bdlc, model)
    pt, pi = spikes(results, "Pre")
    c = Checks()
    got_all = {}
    for pop, wmax, nearest in (("Nearest", 1.0, True), ("Clipped", 0.515, True), ("AllToAll", 1.0, False)):
        qt, qi = spikes(results, pop)
        t, ge = state(results, pop, "ge")
        before, after = np.searchsorted(t, READOUT - 1e-3 - 1e-9), len(t) - 1
        got = ge[after] - ge[before] - W0  # the final weight, added at the readout spike
        want = np.array([rule(np.sort(pt[(pi == k) & (pt < READOUT - 1e-9)]), np.sort(qt[qi == k]), wmax, nearest)
                         - W0 for k in range(ge.shape[1])])
        err = np.abs(got - want).max() / np.abs(want).max()
        got_all[pop] = got
        c.check(len(qt) == 42 and err < 1e-12,
                "%s: %d post spikes, dw %s, max error %.1e of the largest (tolerance 1e-12)"
                % (pop, len(qt), " ".join("%.6f" % x for x in got), err))
    diff = np.abs(got_all["Nearest"] - got_all["AllToAll"]).max()
    c.check(diff > 1e-3, "nearest-neighbour vs all-to-all on the same spikes: differ by up to %.6f" % diff)
    clipped = (got_all["Clipped"] < got_all["Nearest"] - 1e-12).sum()
    c.check(clipped > 0, "wmax = 0.515 clips %d of 6 synapses" % clipped)
    c.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
