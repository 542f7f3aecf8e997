#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Hindmarsh-Rose neuron of stdlib std.neurons.hindmarsh_rose (the 1984
parameters, r = 0.001, I = 2) bursts like Brian2's on the same equations
and method (RK4, dt = 0.01 ms, 5 s): 103 spikes in 12 bursts, 9 spikes in
every complete burst, bursts every 430.775455 ms (mean interval between
burst onsets; a burst ends at an ISI over 100 ms), from
`python3 test/validation/reference/hindmarsh_rose_brian2.py` (Brian2 2.5.1).
The spike counts must be equal. The period is a mean of 11 intervals whose
ends are whole steps, so the tolerance is 0.01% (4 steps, 0.04 ms).

Usage: hindmarsh_rose.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes

BRIAN2 = {"spikes": 103, "bursts": 12, "per_burst": 9, "period_ms": 430.775455}


def main(bdlc, model):
    t, _ = spikes(run_model(bdlc, model), "N")
    t = t * 1e3
    onsets = np.concatenate(([0], np.where(np.diff(t) > 100)[0] + 1))
    sizes = np.diff(np.concatenate((onsets, [len(t)])))[:-1]
    period = np.diff(t[onsets]).mean()
    c = Checks()
    c.check(len(t) == BRIAN2["spikes"] and len(onsets) == BRIAN2["bursts"] and (sizes == BRIAN2["per_burst"]).all(),
            "Hindmarsh-Rose: %d spikes in %d bursts, spikes per complete burst %s (Brian2 %d, %d, all %d)"
            % (len(t), len(onsets), ",".join(str(k) for k in sizes), BRIAN2["spikes"], BRIAN2["bursts"],
               BRIAN2["per_burst"]))
    c.check(abs(period / BRIAN2["period_ms"] - 1) < 1e-4,
            "Hindmarsh-Rose: burst period %.4f ms (Brian2 %.4f ms)" % (period, BRIAN2["period_ms"]))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
