#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The f-I curve of examples/hh_fi_curve.bdl (one sweep of 15 currents, 2 s
each) against Brian2 2.5.1 running its example IF_curve_Hodgkin_Huxley.py
with the same currents (`python3 test/validation/reference/hh_fi_curve_brian2.py`:
exponential Euler, dt = 0.1 ms). The counts are equal; the tolerance is one
spike in 2 s (the two threshold rules may differ by a step at onset).

Usage: hh_fi_curve.py BDLC EXAMPLE.bdl
"""
import sys

from common import Checks, manifest, run_model

BRIAN2 = [0, 27, 45, 60, 73, 86, 98, 109, 120, 131, 141, 152, 161, 171, 180]


def main(bdlc, model):
    m = manifest(run_model(bdlc, model))
    counts = [r["populations"][0]["spikes"] for r in m["runs"]]
    currents = [r["values"]["N.I"] for r in m["runs"]]
    c = Checks()
    c.check(currents == [round(0.05 * k, 2) for k in range(15)] and len(counts) == 15,
            "15 currents, 0 to 0.7 nA, one run each")
    worst = max(abs(a - b) for a, b in zip(counts, BRIAN2))
    c.check(worst <= 1, "HH f-I curve: spike counts %s, Brian2 %s (largest difference %d)" % (counts, BRIAN2, worst))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
