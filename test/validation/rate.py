#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The rate neurons of stdlib std.neurons.rate (tau = 10 ms) under constant
input relax to the analytic steady rate f(I):

    r(t) = f(I) (1 - exp(-t / tau))    from r(0) = 0

- LinearThresholdRate, gain 100 Hz/nA, theta = 0.1 nA: f(0.05 nA) = 0 (below
  threshold), f(0.4 nA) = 30 Hz;
- SigmoidRate, r_max = 100 Hz, theta = 0.5 nA, sigma = 0.1 nA:
  f(0.6 nA) = 100 / (1 + e^-1) Hz = 73.1059 Hz.

Checked at t = tau (63.2% of the way) and at the last sample, t = 299 ms
(the steady rate; exp(-29.9) = 1e-13). With a constant input the equation is linear with
constant coefficients and is integrated exactly (a propagator), so the
tolerance is 1e-9 relative, far above double rounding over 30000 steps and
far below any integration error (Euler at this dt would be off by 3e-4 at
t = tau).

Usage: rate.py BDLC MODEL.bdl
"""
import math
import sys

from common import Checks, run_model, state

TAU = 10e-3
STEADY = {"Below": 0.0, "Linear": 100 * (0.4 - 0.1), "Sigmoid": 100 / (1 + math.exp(-(0.6 - 0.5) / 0.1))}


def close(got, want):
    return abs(got - want) <= 1e-9 * max(abs(want), 1.0)


def main(bdlc, model):
    results = run_model(bdlc, model)
    c = Checks()
    for pop, steady in STEADY.items():
        t, r = state(results, pop, "r")
        r = r[:, 0]
        k = int(round(TAU / (t[1] - t[0])))
        at_tau = steady * (1 - math.exp(-t[k] / TAU))
        c.check(close(r[k], at_tau) and close(r[-1], steady),
                "rate %s: r(tau) %.9f Hz (analytic %.9f), r(%.0f ms) %.9f Hz (steady %.9f)"
                % (pop, r[k], at_tau, t[-1] * 1e3, r[-1], steady))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
