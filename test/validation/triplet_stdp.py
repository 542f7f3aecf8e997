#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Triplet STDP (std.plasticity.triplet_stdp, Pfister & Gerstner 2006,
all-to-all): the weight change of pair protocols (pre-post and post-pre at
5 and 10 ms), triplets (pre-post-pre and post-pre-post with intervals
(5, 5), (10, 10), (15, 5), (5, 15) ms) and 5 pairings at 50 Hz (+-5 ms)
matches the rule evaluated here directly from the recorded spike times, with
each trace written as a sum over earlier spikes,

    pre at t:  w -= o1(t) (A2- + A3- r2(t)),  post at t: w += r1(t) (A2+ + A3+ o2(t)),
    r(t) = sum over pre spikes t' < t of exp(-(t - t') / tau), o likewise,

to 1e-12 of the largest change, for three parameter sets: the minimal
visual-cortex model (the stdlib defaults), the full visual-cortex model,
and one with large A2+ and A3- so that every term counts.

Usage: triplet_stdp.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes, state

TAU = dict(plus=16.8e-3, minus=33.7e-3, x=101e-3, y=125e-3)
SETS = {  # A2+, A3+, A2-, A3-
    "PostMin": (0.0, 6.5e-3, 7.1e-3, 0.0),
    "PostFull": (5e-10, 6.2e-3, 7e-3, 2.3e-4),
    "PostAll": (5e-3, 6.2e-3, 7e-3, 3e-3),
}
W0, READOUT = 0.5, 0.4


def trace(times, t, tau):
    times = np.asarray(times)
    return np.exp(-(t - times[times < t]) / tau).sum()


def rule(pre, post, a2p, a3p, a2m, a3m):
    w = W0
    events = sorted([(t, 0) for t in pre] + [(t, 1) for t in post])
    assert len({t for t, _ in events}) == len(events), "simultaneous spikes"
    for t, side in events:
        if side == 0:
            w -= trace(post, t, TAU["minus"]) * (a2m + a3m * trace(pre, t, TAU["x"]))
        else:
            w += trace(pre, t, TAU["plus"]) * (a2p + a3p * trace(post, t, TAU["y"]))
        w = min(max(w, 0.0), 1.0)
    return w


def main(bdlc, model):
    results = run_model(bdlc, model)
    pt, pi = spikes(results, "Pre")
    c = Checks()
    for pop, amps in SETS.items():
        qt, qi = spikes(results, pop)
        t, ge = state(results, pop, "ge")
        before, after = np.searchsorted(t, READOUT - 1e-3 - 1e-9), len(t) - 1
        got = ge[after] - ge[before] - W0  # the final weight, added at the readout spike
        want = np.array([rule(pt[(pi == k) & (pt < READOUT - 1e-9)], qt[qi == k], *amps) - W0
                         for k in range(ge.shape[1])])
        err = np.abs(got - want).max() / np.abs(want).max()
        c.check(err < 1e-12, "%s: %d protocols, dw %s, max error %.1e of the largest (tolerance 1e-12)"
                % (pop, len(want), " ".join("%.6f" % x for x in got), err))
    c.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
