#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Morris-Lecar neuron of stdlib std.neurons.morris_lecar (Rinzel &
Ermentrout parameters, I = 90 uA/cm^2) fires with Brian2's period on the
same equations (RK4, dt = 0.01 ms, 2 s): 20 spikes, 102.813684 ms from the
mean ISI (the first cycle, from rest, is 104.37 ms), from
`python3 test/validation/reference/morris_lecar_brian2.py` (Brian2 2.5.1).
Tolerance 0.1%.

Usage: morris_lecar.py BDLC MODEL.bdl
"""
import sys

from common import Checks, run_model, spikes

BRIAN2 = (20, 102.813684)


def main(bdlc, model):
    t, _ = spikes(run_model(bdlc, model), "N")
    t = t * 1e3
    period = (t[-1] - t[0]) / (len(t) - 1)
    c = Checks()
    c.check(len(t) == BRIAN2[0] and abs(period / BRIAN2[1] - 1) < 1e-3,
            "Morris-Lecar: %d spikes, period %.4f ms (Brian2 %d, %.4f ms)" % (len(t), period, BRIAN2[0], BRIAN2[1]))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
