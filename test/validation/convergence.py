#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Convergence orders of the explicit integrators on a nonlinear neuron
(Euler, midpoint RK2, Heun, RK4, exponential Euler).

    dv/dt = (1 - v^2) / tau,  v(0) = v0   has   v(t) = tanh(t / tau + atanh(v0))

(a bistable unit; nonlinear in v, so exp_euler is only first order here).
v(2 ms) is compared with the solution for dt = 0.2, 0.1, 0.05, 0.025 ms; the
slope of log(error) against log(dt) must be within 0.2 of the method's order.

Usage: convergence.py BDLC
"""
import math
import sys

import numpy as np

from common import Checks, run_model, state

ORDERS = {"euler": 1, "rk2": 2, "heun": 2, "rk4": 4, "exp_euler": 1}
DTS = [0.2, 0.1, 0.05, 0.025]  # ms
TAU, V0, T = 1e-3, -0.5, 2e-3

MODEL = """
neuron U_{m} {{
  param tau: ms = 1 ms
  state v = -0.5
  dv/dt = (1 - v^2) / tau
  method {m}
}}
"""


def main(bdlc):
    text = "".join(MODEL.format(m=m) for m in ORDERS)
    text += "network Net {\n" + "".join("  P_%s = U_%s[1]\n" % (m, m) for m in ORDERS) + "}\n"
    for k, dt in enumerate(DTS):
        text += "experiment e%d of Net {\n  dt = %g ms\n" % (k, dt)
        text += "".join("  record v of P_%s every %g ms\n" % (m, dt) for m in ORDERS)
        text += "  run %g ms\n}\n" % (T * 1e3 + dt)
    exact = math.tanh(T / TAU + math.atanh(V0))
    errors = {m: [] for m in ORDERS}
    workdir = None
    for k, dt in enumerate(DTS):
        import tempfile
        workdir = workdir or tempfile.mkdtemp(prefix="bdl-convergence-")
        results = run_model(bdlc, None, text=text, experiment="e%d" % k, workdir=workdir)
        for m in ORDERS:
            t, v = state(results, "P_" + m, "v")
            idx = int(round(T / (dt * 1e-3)))
            assert abs(t[idx] - T) < 1e-12, (t[idx], T)
            errors[m].append(abs(v[idx, 0] - exact))
    c = Checks()
    for m, order in ORDERS.items():
        slope = np.polyfit(np.log(DTS), np.log(errors[m]), 1)[0]
        c.check(abs(slope - order) < 0.2, "%-9s order %.2f (expected %d +- 0.2); errors %s" % (
            m, slope, order, ", ".join("%.2e" % e for e in errors[m])))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
