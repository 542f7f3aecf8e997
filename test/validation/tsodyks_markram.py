#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Tsodyks-Markram short-term plasticity (std.plasticity.tsodyks_markram):
the efficacies w u x delivered at each presynaptic spike, read as the jumps
of a postsynaptic variable that only accumulates them, match the recursion
of Markram, Wang & Tsodyks, PNAS 95:5323 (1998), evaluated here from the
recorded spike times,

    u_1 = U, x_1 = 1, efficacy_n = w u_n x_n,
    u_{n+1} = U + u_n (1 - U) exp(-D_n / tau_f),
    x_{n+1} = 1 + (x_n (1 - u_n) - 1) exp(-D_n / tau_d),

to 1e-12 relative error, for the depressing (U = 0.5, tau_d = 1.1 s,
tau_f = 50 ms) and the facilitating (U = 0.05, tau_d = 125 ms,
tau_f = 1.2 s) parameter sets, on a regular 20 Hz train of 10 spikes and an
irregular train of 8 (intervals 3 ms to 397 ms).

Usage: tsodyks_markram.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes, state

SETS = {"Dep": (0.5, 1.1, 0.05), "Fac": (0.05, 0.125, 1.2)}  # U, tau_d (s), tau_f (s)


def efficacies(times, U, tau_d, tau_f, w):
    u, x, out = U, 1.0, []
    for n, t in enumerate(times):
        out.append(w * u * x)
        if n + 1 < len(times):
            d = times[n + 1] - t
            u, x = U + u * (1 - U) * np.exp(-d / tau_f), 1 + (x * (1 - u) - 1) * np.exp(-d / tau_d)
    return np.array(out)


def main(bdlc, model):
    results = run_model(bdlc, model)
    st, si = spikes(results, "Pre")
    c = Checks()
    for pop, (U, tau_d, tau_f) in SETS.items():
        _, ge = state(results, pop, "ge")
        for k, train in enumerate(("regular 20 Hz", "irregular")):
            times = st[si == k]
            jumps = np.diff(ge[:, k])
            got = jumps[jumps != 0]
            want = efficacies(times, U, tau_d, tau_f, 2.0 + k)
            ok = len(got) == len(want)
            err = np.abs(got / want - 1).max() if ok else np.inf
            c.check(ok and err < 1e-12,
                    "%s, %s train: %d efficacies %.4f ... %.4f, max relative error %.1e (tolerance 1e-12)"
                    % (pop, train, len(got), got[0] / (2 + k), got[-1] / (2 + k), err))
    c.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
