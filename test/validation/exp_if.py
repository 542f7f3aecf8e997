#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The exponential integrate-and-fire neuron of stdlib std.neurons.exp_if
(Fourcaud-Trocme et al. 2003, fit to the Wang-Buzsaki cell) fires like
Brian2's on the same equations and method (RK4, dt = 0.01 ms, 1 s):

    I (uA/cm^2)  spikes  first spike (ms)  mean ISI (ms)
    0.15         0       -                 -      (below the rheobase 0.162)
    0.5          33      26.12             30.43
    2            118     7.05              8.42

from `python3 test/validation/reference/exp_if_brian2.py` (Brian2 2.5.1).
Spike times are whole steps in both, so the spike count must be equal and
the first spike time and mean ISI within one step (0.01 ms, 0.12% of the
shortest ISI).

Usage: exp_if.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes

BRIAN2 = {"Sub": (0.15, 0, None, None), "Low": (0.5, 33, 26.12, 30.43), "High": (2.0, 118, 7.05, 8.42)}
STEP_MS = 0.01


def main(bdlc, model):
    results = run_model(bdlc, model)
    c = Checks()
    for pop, (current, count, first, isi) in BRIAN2.items():
        t, _ = spikes(results, pop)
        t = t * 1e3
        if count == 0:
            c.check(len(t) == 0, "ExpIF: %.2f uA/cm^2: %d spikes (Brian2 0)" % (current, len(t)))
            continue
        got_first, got_isi = t[0], np.diff(t).mean()
        c.check(len(t) == count and abs(got_first - first) < STEP_MS + 1e-9 and abs(got_isi - isi) < STEP_MS + 1e-9,
                "ExpIF: %.2f uA/cm^2: %d spikes, first at %.2f ms, mean ISI %.4f ms (Brian2 %d, %.2f ms, %.4f ms)"
                % (current, len(t), got_first, got_isi, count, first, isi))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
