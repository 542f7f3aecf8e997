#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The adaptive method (rkf45: Dormand-Prince 5(4) substeps with per-neuron
step control inside the global step).

1. Tolerance: on dv/dt = (1 - v^2)/tau (solution tanh(t/tau + atanh(v0)))
   with a global step of 0.5 ms = tau/2, the error at 2 ms follows rtol:
   below 10 * rtol for rtol = 1e-4, 1e-6, 1e-8 and smaller with each.
2. Stiffness: dv/dt = (sin(w t) - v) / tau with tau = 10 us and dt = 0.1 ms
   (dt/tau = 10: RK4 at this step grows by 1e3 a step and overflows). rkf45
   takes the substeps stability needs and matches the closed form to 1e-5.

Usage: adaptive.py BDLC
"""
import math
import sys
import tempfile

import numpy as np

from common import Checks, run_model, state

RTOLS = [1e-4, 1e-6, 1e-8]

TOL_MODEL = """
neuron U{k} {{
  param tau: ms = 1 ms
  state v = -0.5
  dv/dt = (1 - v^2) / tau  (method rkf45(rtol = {rtol}))
}}
"""

STIFF_MODEL = """
neuron Stiff_{m} {
  param tau: ms = 0.01 ms
  param period: ms = 10 ms
  state v = 0
  dv/dt = (sin(2 * pi * t / period) - v) / tau  (method %s)
}
"""


def main(bdlc):
    c = Checks()
    workdir = tempfile.mkdtemp(prefix="bdl-adaptive-")
    text = "".join(TOL_MODEL.format(k=k, rtol=r) for k, r in enumerate(RTOLS))
    text += STIFF_MODEL.replace("{m}", "rkf45") % "rkf45" + STIFF_MODEL.replace("{m}", "rk4") % "rk4"
    text += "network Net {\n" + "".join("  P%d = U%d[1]\n" % (k, k) for k in range(len(RTOLS)))
    text += "  S_rkf45 = Stiff_rkf45[1]\n  S_rk4 = Stiff_rk4[1]\n}\n"
    text += "experiment tol of Net {\n  dt = 0.5 ms\n"
    text += "".join("  record v of P%d\n" % k for k in range(len(RTOLS))) + "  run 2.5 ms\n}\n"
    text += "experiment stiff of Net {\n  dt = 0.1 ms\n  record v of S_rkf45\n  record v of S_rk4\n  run 20 ms\n}\n"

    res = run_model(bdlc, None, text=text, experiment="tol", workdir=workdir)
    exact = math.tanh(2.0 + math.atanh(-0.5))
    errs = []
    for k, rtol in enumerate(RTOLS):
        t, v = state(res, "P%d" % k, "v")
        assert abs(t[4] - 2e-3) < 1e-12
        errs.append(abs(v[4, 0] - exact))
        c.check(errs[-1] < 10 * rtol, "rtol %.0e: error %.2e at 2 ms (bound %.0e)" % (rtol, errs[-1], 10 * rtol))
    c.check(errs[0] > errs[1] > errs[2], "errors shrink with rtol: %s" % ", ".join("%.2e" % e for e in errs))

    # RK4 overflows by design here: --allow-nonfinite lets the run go on.
    res = run_model(bdlc, None, text=text, experiment="stiff", workdir=workdir, args=["--allow-nonfinite"])
    t, v = state(res, "S_rkf45", "v")
    tau, w = 1e-5, 2 * math.pi / 1e-2
    # v' = (sin(wt) - v)/tau, v(0) = 0: forced response plus a decaying transient.
    a = w * tau
    closed = (np.sin(w * t) - a * np.cos(w * t) + a * np.exp(-t / tau)) / (1 + a * a)
    err = np.max(np.abs(v[:, 0] - closed))
    c.check(err < 1e-5, "stiff (dt = 10 tau): rkf45 max error %.2e (bound 1e-05)" % err)
    _, v4 = state(res, "S_rk4", "v")
    c.check(not np.all(np.isfinite(v4)) or np.max(np.abs(v4)) > 1e3,
            "rk4 at the same step diverges (max |v| %.1e)" % np.nanmax(np.abs(v4[np.isfinite(v4)])))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
