#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The HH neuron of examples/hh_neuron.bdl (10 uA/cm^2, exponential Euler,
dt 0.01 ms) fires at the rate Brian2 gives for the same equations.

Reference: 67.964415 Hz (68 spikes in 1 s, rate from the inter-spike
intervals), from `python3 test/validation/reference/hh_neuron_brian2.py`
with Brian2 2.5.1 (Debian python3-brian). Tolerance 2% (the issue's).

Usage: hh_rate.py BDLC SOURCE_ROOT
"""
import os
import sys

from common import Checks, run_model, spikes

BRIAN2_RATE_HZ = 67.964415


def main(bdlc, root):
    results = run_model(bdlc, os.path.join(root, "examples", "hh_neuron.bdl"), args=["--duration", "1s"])
    t, _ = spikes(results, "N")
    rate = (len(t) - 1) / (t[-1] - t[0])
    c = Checks()
    c.check(abs(rate / BRIAN2_RATE_HZ - 1) < 0.02, "HH rate %.4f Hz, Brian2 %.4f Hz, relative difference %.2e (tolerance 2e-2)"
            % (rate, BRIAN2_RATE_HZ, rate / BRIAN2_RATE_HZ - 1))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
