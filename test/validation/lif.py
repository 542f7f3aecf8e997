#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The LIF neuron of stdlib std.neurons.lif (tau_m = 8 ms, R = 10 Mohm,
EL = -70 mV, V_th = -50 mV, V_reset = -65 mV, t_ref = 2 ms) under constant
currents fires at the analytic rate

    V_inf = EL + R I,  rate = 1 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th)))

and not at all below the rheobase (V_th - EL) / R = 2 nA (1.99 nA: no spike
in 1 s). The equation is linear, so it is integrated exactly; the only error
is that spikes fall on whole steps, which moves each ISI by less than one
step. The tolerance is therefore one step on the mean ISI:
|mean ISI - analytic period| < dt = 0.01 ms (0.19% of the shortest period
here, 5.2 ms at 5 nA).

Usage: lif.py BDLC MODEL.bdl
"""
import math
import sys

import numpy as np

from common import Checks, run_model, spikes

TAU, R, EL, VT, VR, TREF, DT = 8e-3, 10e6, -70e-3, -50e-3, -65e-3, 2e-3, 1e-5
CURRENTS = {"A": 2.5e-9, "B": 3e-9, "C": 5e-9}


def main(bdlc, model):
    results = run_model(bdlc, model)
    c = Checks()
    t, _ = spikes(results, "Sub")
    c.check(len(t) == 0, "LIF: no spike at 1.99 nA, below the rheobase 2 nA (%d spikes)" % len(t))
    for pop, current in CURRENTS.items():
        vinf = EL + R * current
        period = TREF + TAU * math.log((vinf - VR) / (vinf - VT))
        t, _ = spikes(results, pop)
        isi = np.diff(t).mean()
        c.check(len(t) > 10 and abs(isi - period) < DT,
                "LIF: %.1f nA: %.3f Hz, analytic %.3f Hz (mean ISI %.4f ms vs %.4f ms, tolerance one step)"
                % (current * 1e9, 1 / isi, 1 / period, isi * 1e3, period * 1e3))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
