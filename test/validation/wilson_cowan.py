#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Wilson-Cowan E/I pair of stdlib std.neurons.wilson_cowan (the 1972
limit-cycle parameters, tau = 10 ms) oscillates like Brian2's on the same
equations and method (RK4, dt = 0.01 ms, 1 s): 20 cycles (upward crossings
of E = 0.2), a period of 49.959231 ms (mean interval of the crossings after
300 ms, once the transient has died out), E between 0.102559 and 0.269659
over the last 300 ms, from
`python3 test/validation/reference/wilson_cowan_brian2.py` (Brian2 2.5.1).
The crossings are whole steps, so the period of the 13 intervals is exact to
2 steps / 13 periods = 0.003%; the tolerance is 1e-4 (0.01%). E is sampled
every 0.1 ms in both; its extremes must agree within 1e-4 (0.06% of the
swing).

Usage: wilson_cowan.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes, state

BRIAN2 = {"cycles": 20, "period_ms": 49.959231, "E_min": 0.102559, "E_max": 0.269659}


def main(bdlc, model):
    results = run_model(bdlc, model)
    t, _ = spikes(results, "N")
    t = t * 1e3
    period = np.diff(t[t >= 300]).mean()
    te, e = state(results, "N", "E")
    e = e[te * 1e3 >= 700, 0]
    c = Checks()
    c.check(len(t) == BRIAN2["cycles"] and abs(period / BRIAN2["period_ms"] - 1) < 1e-4,
            "Wilson-Cowan: %d cycles, period %.4f ms (Brian2 %d, %.4f ms)"
            % (len(t), period, BRIAN2["cycles"], BRIAN2["period_ms"]))
    c.check(abs(e.min() - BRIAN2["E_min"]) < 1e-4 and abs(e.max() - BRIAN2["E_max"]) < 1e-4,
            "Wilson-Cowan: E from %.6f to %.6f (Brian2 %.6f to %.6f)"
            % (e.min(), e.max(), BRIAN2["E_min"], BRIAN2["E_max"]))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
