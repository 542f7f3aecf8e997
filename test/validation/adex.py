#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The AdEx neuron of stdlib std.neurons.adex (Brette & Gerstner 2005) at
I = 1 nA adapts like Brian2's on the same equations and method (RK4,
dt = 0.01 ms): 31 spikes in 1 s, ISIs 13.53 -> 15.76 -> ... -> 36.05 ms, an
adaptation ratio (last / first ISI) of 2.66. Reference from
`python3 test/validation/reference/adex_brian2.py` (Brian2 2.5.1). Spike
times are whole steps in both, so the tolerance is one step per ISI (1%).

Usage: adex.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes

BRIAN2 = {"spikes": 31, "first": 13.53, "second": 15.76, "last": 36.05}


def main(bdlc, model):
    t, _ = spikes(run_model(bdlc, model), "N")
    isi = np.diff(t) * 1e3
    c = Checks()
    c.check(len(t) == BRIAN2["spikes"], "AdEx: %d spikes (Brian2 %d)" % (len(t), BRIAN2["spikes"]))
    for name, got in (("first", isi[0]), ("second", isi[1]), ("last", isi[-1])):
        c.check(abs(got / BRIAN2[name] - 1) < 0.01, "AdEx: %s ISI %.2f ms (Brian2 %.2f ms)" % (name, got, BRIAN2[name]))
    ratio = isi[-1] / isi[0]
    c.check(abs(ratio / (BRIAN2["last"] / BRIAN2["first"]) - 1) < 0.02,
            "AdEx: adaptation ratio %.3f (Brian2 %.3f)" % (ratio, BRIAN2["last"] / BRIAN2["first"]))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
