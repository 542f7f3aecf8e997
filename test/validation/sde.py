#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Stochastic equations.

1. Ornstein-Uhlenbeck (stdlib std.inputs.ou, mu = 1, sigma = 0.5, tau = 10 ms,
   dt = 0.2 ms): over 10^6 samples (1000 processes, every 5 ms after 50 ms) the
   stationary mean and variance are within 2% of mu and sigma^2. Euler-Maruyama
   itself is biased by 1 / (1 - dt / (2 tau)) = +1% in the variance at this dt.
2. Geometric Brownian motion dX = lam X dt + s X dW (lam = 2/s, s = 1/sqrt(s),
   T = 1 s, 2000 paths, dt = 2^-5 .. 2^-9 s, as in Higham, SIAM Review 2001):
   the strong error E|X_T - X(T)| against the exact solution on the same
   Brownian path (W is integrated alongside: dW/dt = xi uses the same draws)
   falls with order ~0.5 for Euler-Maruyama and ~1 for Milstein (Ito,
   X(T) = exp((lam - s^2/2) T + s W_T)), and ~1 for stochastic Heun
   (Stratonovich, X(T) = exp(lam T + s W_T)). Tolerance 0.2 on each order.

Usage: sde.py BDLC
"""
import math
import sys
import tempfile

import numpy as np

from common import Checks, run_model, state

OU = """
import std.inputs.ou
network Net {
  P = OUProcess[1000](mu = 1, sigma = 0.5) { x = 1 }
}
experiment main of Net {
  dt = 0.2 ms
  seed = 11
  record x of P every 5 ms
  run 5.05 s
}
"""

GBM_MODEL = """
neuron GBM_{m} {{
  param lam: Hz = 2 Hz
  param sig: 1/sqrt(s) = 1 / sqrt(s)
  state X = 1
  state W: sqrt(s) = 0
  dX/dt = lam * X + sig * X * xi
  dW/dt = xi
  method {m}
}}
"""
METHODS = {"euler": (0.5, "ito"), "milstein": (1.0, "ito"), "heun": (1.0, "stratonovich")}
EXPONENTS = [5, 6, 7, 8, 9]


def main(bdlc):
    c = Checks()
    results = run_model(bdlc, None, text=OU)
    _, x = state(results, "P", "x")
    samples = x[10:].ravel()  # after 50 ms = 5 tau
    mean, var = samples.mean(), samples.var()
    c.check(samples.size >= 10**6, "OU: %d samples" % samples.size)
    c.check(abs(mean - 1) < 0.02, "OU: stationary mean %.4f (theory 1, tolerance 2%%)" % mean)
    c.check(abs(var / 0.25 - 1) < 0.02, "OU: stationary variance %.5f (theory 0.25, tolerance 2%%; Euler-Maruyama "
            "at dt/tau = 0.02 gives %.5f)" % (var, 0.25 / (1 - 0.01)))

    text = "".join(GBM_MODEL.format(m=m) for m in METHODS)
    text += "network Net {\n" + "".join("  P_%s = GBM_%s[2000]\n" % (m, m) for m in METHODS) + "}\n"
    for e in EXPONENTS:
        dt_ms = 1000.0 / 2**e
        text += "experiment e%d of Net {\n  dt = %r ms\n  seed = 3\n" % (e, dt_ms)
        text += "".join("  record X, W of P_%s every 1 s\n" % m for m in METHODS)
        text += "  run %r ms\n}\n" % (1000.0 + dt_ms)
    work = tempfile.mkdtemp(prefix="bdl-sde-")
    errors = {m: [] for m in METHODS}
    for e in EXPONENTS:
        res = run_model(bdlc, None, text=text, experiment="e%d" % e, workdir=work)
        for m, (_, calculus) in METHODS.items():
            t, X = state(res, "P_" + m, "X")
            _, W = state(res, "P_" + m, "W")
            assert abs(t[1] - 1.0) < 1e-12
            drift = 2.0 - (0.5 if calculus == "ito" else 0.0)
            exact = np.exp(drift + W[1])
            errors[m].append(np.mean(np.abs(X[1] - exact)))
    dts = [2.0**-e for e in EXPONENTS]
    for m, (order, calculus) in METHODS.items():
        slope = np.polyfit(np.log(dts), np.log(errors[m]), 1)[0]
        c.check(abs(slope - order) < 0.2, "GBM %-8s strong order %.2f (expected %.1f +- 0.2, %s); errors %s" % (
            m, slope, order, calculus, ", ".join("%.2e" % x for x in errors[m])))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
