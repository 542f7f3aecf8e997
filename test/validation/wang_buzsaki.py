#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""f-I curve of the Wang-Buzsaki interneuron of stdlib std.neurons.wang_buzsaki:
among 200 neurons driven by I = 0, 0.01, ..., 1.99 uA/cm^2 for 1 s, the
rheobase (the smallest current with a spike in the last 500 ms) is
0.17 uA/cm^2 (2 spikes in the last 500 ms), and the spike counts in 1 s at
0.2, 0.5, 1 and 1.99 uA/cm^2 are 8, 32, 60 and 101, as in Brian2 2.5.1 on
the same equations and method
(`python3 test/validation/reference/wang_buzsaki_brian2.py`; RK4,
dt = 0.01 ms). The cell is type I: the rate starts from a few Hz at the
rheobase. Tolerance: one current step (0.01 uA/cm^2) on the rheobase, and
one spike on each count (a spike near the end of the run may fall on either
side of it).

Usage: wang_buzsaki.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes

BRIAN2_RHEOBASE = 0.17
BRIAN2_COUNTS = {0.2: 8, 0.5: 32, 1.0: 60, 1.99: 101}


def main(bdlc, model):
    t, i = spikes(run_model(bdlc, model), "N")
    late = np.bincount(i[t >= 0.5], minlength=200)
    total = np.bincount(i, minlength=200)
    first = int(np.argmax(late >= 1))
    c = Checks()
    c.check(abs(first * 0.01 - BRIAN2_RHEOBASE) <= 0.01 + 1e-9,
            "Wang-Buzsaki: rheobase %.2f uA/cm^2 with %d late spikes (Brian2 %.2f)"
            % (first * 0.01, late[first], BRIAN2_RHEOBASE))
    for current, want in BRIAN2_COUNTS.items():
        got = total[int(round(current / 0.01))]
        c.check(abs(got - want) <= 1, "Wang-Buzsaki: %.2f uA/cm^2: %d spikes in 1 s (Brian2 %d)" % (current, got, want))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
