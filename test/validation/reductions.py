#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Population reductions (`sum`, `mean` in neuron equations), computed once
per step before the update (test/lit/run/Inputs/reductions.bdl):
dx/dt = (mean(x) - x)/tau conserves the mean and every deviation from it
decays as exp(-t/tau). The reduction is frozen over the step, which is exact
here (the mean does not change), so the tolerance is 1e-12 relative.

Usage: reductions.py BDLC MODEL.bdl
"""
import math
import sys

import numpy as np

from common import Checks, run_model, state


def main(bdlc, model):
    c = Checks()
    res = run_model(bdlc, model)
    for var in ("x", "z"):
        t, x = state(res, "P", var)
        m0 = x[0].mean()
        drift = np.max(np.abs(x.mean(axis=1) - m0)) / max(1.0, abs(m0))
        decay = np.exp(-t / 10e-3)[:, None]
        err = np.max(np.abs((x - m0) - (x[0] - m0) * decay)) / np.max(np.abs(x[0] - m0))
        c.check(drift < 1e-12 and err < 1e-12, "%s: mean %.6f conserved to %.1e, deviations follow exp(-t/tau) to %.1e"
                % (var, m0, drift, err))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
