#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Rheobase of the HH neuron of stdlib std.neurons.hh: among 200 neurons
driven by I_ext = 0, 0.05, ..., 9.95 uA/cm^2 for 1 s, the smallest current
with repetitive firing (at least 3 spikes in the last 500 ms) is
6.30 uA/cm^2 with 26 late spikes, as in Brian2 2.5.1 on the same equations
(`python3 test/validation/reference/hh_rheobase_brian2.py`; exponential
Euler, dt = 0.01 ms). The classic value for these parameters is about
6.2-6.3 uA/cm^2 (the onset of the HH limit cycle); the tolerance is one
current step (0.05 uA/cm^2).

Usage: hh_rheobase.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes

BRIAN2 = (6.30, 26)


def main(bdlc, model):
    t, i = spikes(run_model(bdlc, model), "N")
    late = np.bincount(i[t >= 0.5], minlength=200)
    first = int(np.argmax(late >= 3))
    c = Checks()
    c.check(abs(first * 0.05 - BRIAN2[0]) <= 0.05 + 1e-9,
            "HH rheobase %.2f uA/cm^2 with %d late spikes (Brian2 %.2f, %d)" % (first * 0.05, late[first], *BRIAN2))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
