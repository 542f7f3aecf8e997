#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The FitzHugh-Nagumo neuron of stdlib std.neurons.fitzhugh_nagumo
(a = 0.7, b = 0.8, tau = 12.5 ms, I = 0.5) settles on a limit cycle whose
period matches Brian2's on the same equations (RK4, dt = 0.01 ms):
39.474583 ms from 25 spikes in 1 s, from
`python3 test/validation/reference/fhn_brian2.py` (Brian2 2.5.1). The ISIs
are whole steps, so the tolerance is 0.1% (4 steps over the mean).

Usage: fhn.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes

BRIAN2_PERIOD_MS = 39.474583


def main(bdlc, model):
    t, _ = spikes(run_model(bdlc, model), "N")
    t = t * 1e3
    period = (t[-1] - t[0]) / (len(t) - 1)
    isi = np.diff(t)
    c = Checks()
    c.check(abs(period / BRIAN2_PERIOD_MS - 1) < 1e-3,
            "FitzHugh-Nagumo: period %.4f ms (Brian2 %.4f ms), ISI spread %.2f ms" % (
                period, BRIAN2_PERIOD_MS, isi.max() - isi.min()))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
