#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The quadratic integrate-and-fire neuron of stdlib std.neurons.qif
(tau dv/dt = v^2 + I, tau = 10 ms, v_peak = -v_reset = 100) fires with the
analytic period of the trajectory from reset to peak,

    T = tau / sqrt(I) (atan(v_peak / sqrt(I)) - atan(v_reset / sqrt(I))),

31.2159 ms at I = 1 and 15.5080 ms at I = 4, and not at all at I = -1
(it settles at the stable rest v = -1). The infinite-peak limit
pi tau / sqrt(I) (31.4159 and 15.7080 ms) is 0.2 ms longer, 20 steps, so
the check tells the two apart. Tolerance: one step (dt = 0.01 ms, 0.03% and
0.06%) on the first spike time (the neuron starts at the reset) and on the
mean ISI, because a spike is registered on the step in which v passes
v_peak, so spike times fall on whole steps and each is off by less than one
step; RK4's own error is far smaller (dt v_peak / tau = 0.1 at the peak).

Usage: qif.py BDLC MODEL.bdl
"""
import math
import sys

import numpy as np

from common import Checks, run_model, spikes

TAU_MS, V_PEAK, V_RESET, DT_MS = 10.0, 100.0, -100.0, 0.01
CURRENTS = {"One": 1.0, "Four": 4.0}


def main(bdlc, model):
    results = run_model(bdlc, model)
    c = Checks()
    t, _ = spikes(results, "Rest")
    c.check(len(t) == 0, "QIF: I = -1: %d spikes (excitable: rests at v = -1)" % len(t))
    for pop, current in CURRENTS.items():
        s = math.sqrt(current)
        period = TAU_MS / s * (math.atan(V_PEAK / s) - math.atan(V_RESET / s))
        t, _ = spikes(results, pop)
        t = t * 1e3
        isi = np.diff(t).mean()
        c.check(len(t) > 10 and abs(t[0] - period) < DT_MS and abs(isi - period) < DT_MS,
                "QIF: I = %g: first spike %.2f ms, mean ISI %.4f ms, analytic %.4f ms (infinite peak %.4f ms)"
                % (current, t[0], isi, period, math.pi * TAU_MS / s))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
