#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Fractional (Caputo) equations: the Grunwald-Letnikov and L1 schemes.

1. Relaxation D^a x = -x / tau^a, x(0) = 1, has x(t) = E_a(-(t/tau)^a), the
   Mittag-Leffler function (E_1/2(-z) = exp(z^2) erfc(z), E_1(-z) = exp(-z)).
   The solution behaves like 1 - t^a near 0, so both schemes are first order
   at fixed t > 0 and only O(dt^a) in the first steps. With dt = tau/100 the
   largest error over [tau, 5 tau] must be below 2.5e-3 (0.25 dt/tau) and
   over (0, tau) below 0.3 (dt/tau)^a.
2. Convergence on the smooth solution x = (t/tau)^2 of
   D^a x = -x + (t/tau)^2 + 2 (t/tau)^(2-a) / Gamma(3-a)   (times tau^-a):
   the L1 scheme's observed order is 2 - a, Grunwald-Letnikov's 1 (+-0.2).
3. A short-memory window as long as the run gives exactly the full-memory
   result, and shorter windows move the result away from it monotonically.

Usage: fractional.py BDLC
"""
import math
import sys
import tempfile

import numpy as np

from common import Checks, run_model, state

TAU = 1e-3  # s


def mittag_leffler(a, z):
    """E_a(z) for real z <= 0 by its power series (|z| <= 5 here: the terms
    stay below 1e3, so double precision keeps ~1e-13)."""
    if a == 0.5:
        return math.exp(z * z) * math.erfc(-z)
    if a == 1.0:
        return math.exp(z)
    s, k = 0.0, 0
    while True:
        term = z ** k / math.gamma(a * k + 1)
        s += term
        if k > 10 and abs(term) < 1e-17:
            return s
        k += 1


def model(name, order, method, rhs, memory=None):
    opts = "(memory = %g ms)" % memory if memory else ""
    return """
neuron %s {
  param tau: ms = 1 ms
  state x = %s
  caputo(%g) dx/dt = %s  (method %s%s)
}
""" % (name, "1" if "relax" in name.lower() else "0", order, rhs, method, opts)


def experiment(name, pops, dt_ms, t_ms):
    text = "experiment %s of Net {\n  dt = %g ms\n" % (name, dt_ms)
    text += "".join("  record x of %s\n" % p for p in pops)
    return text + "  run %g ms\n}\n" % (t_ms + dt_ms)


def main(bdlc):
    c = Checks()
    workdir = tempfile.mkdtemp(prefix="bdl-fractional-")

    # 1. Mittag-Leffler relaxation.
    text, pops = "", []
    for a in (0.5, 0.8, 1.0):
        for m in ("gl", "l1"):
            n = "Relax_%s_%d" % (m, round(a * 10))
            text += model(n, a, m, "-x / tau^%g" % a)
            pops.append(("P" + n, a, m))
    text += "network Net {\n" + "".join("  %s = %s[1]\n" % (p, p[1:]) for p, _, _ in pops) + "}\n"
    text += experiment("relax", [p for p, _, _ in pops], 0.01, 5)
    res = run_model(bdlc, None, text=text, experiment="relax", workdir=workdir)
    for p, a, m in pops:
        t, x = state(res, p, "x")
        exact = np.array([mittag_leffler(a, -(ti / TAU) ** a) for ti in t])
        err = np.abs(x[:, 0] - exact)
        late = t >= TAU - 1e-12
        early_bound = 0.3 * 0.01 ** a
        c.check(err[late].max() < 2.5e-3 and err[~late].max() < early_bound,
                "relaxation %-2s alpha %.1f: max error %.2e on [tau, 5 tau] (bound 2.5e-03), "
                "%.2e before tau (bound %.1e)" % (m, a, err[late].max(), err[~late].max(), early_bound))

    # 2. Convergence orders on a smooth solution.
    dts = [0.05, 0.025, 0.0125, 0.00625]  # ms
    cases = [(a, m) for a in (0.5, 0.8) for m in ("gl", "l1")]
    text = ""
    for a, m in cases:
        rhs = "(-x + (t/tau)^2 + %.17g * (t/tau)^%g) / tau^%g" % (2 / math.gamma(3 - a), 2 - a, a)
        text += model("Smooth_%s_%d" % (m, round(a * 10)), a, m, rhs)
    text += "network Net {\n" + "".join("  PS_%s_%d = Smooth_%s_%d[1]\n" % (m, round(a * 10), m, round(a * 10))
                                        for a, m in cases) + "}\n"
    for k, dt in enumerate(dts):
        text += experiment("c%d" % k, ["PS_%s_%d" % (m, round(a * 10)) for a, m in cases], dt, 1)
    errors = {case: [] for case in cases}
    for k, dt in enumerate(dts):
        res = run_model(bdlc, None, text=text, experiment="c%d" % k, workdir=workdir)
        for a, m in cases:
            t, x = state(res, "PS_%s_%d" % (m, round(a * 10)), "x")
            idx = int(round(1.0 / dt))
            assert abs(t[idx] - TAU) < 1e-12
            errors[(a, m)].append(abs(x[idx, 0] - 1.0))
    for (a, m), errs in errors.items():
        want = 2 - a if m == "l1" else 1
        slope = np.polyfit(np.log(dts), np.log(errs), 1)[0]
        c.check(abs(slope - want) < 0.2, "%-2s alpha %.1f order %.2f (expected %.1f +- 0.2); errors %s"
                % (m, a, slope, want, ", ".join("%.2e" % e for e in errs)))

    # 3. Short memory.
    windows = [0.5, 1, 2, 5.01]  # ms; the last covers the whole 5 ms run
    text = model("Full", 0.5, "l1", "-x / tau^0.5").replace("state x = 0", "state x = 1")
    for w in windows:
        text += model("Win%d" % round(w * 100), 0.5, "l1", "-x / tau^0.5", memory=w).replace(
            "state x = 0", "state x = 1")
    names = ["PFull"] + ["PWin%d" % round(w * 100) for w in windows]
    text += "network Net {\n" + "".join("  %s = %s[1]\n" % (p, p[1:]) for p in names) + "}\n"
    text += experiment("win", names, 0.01, 5)
    res = run_model(bdlc, None, text=text, experiment="win", workdir=workdir)
    full = state(res, "PFull", "x")[1][:, 0]
    dev = [np.max(np.abs(state(res, p, "x")[1][:, 0] - full)) for p in names[1:]]
    c.check(dev[-1] == 0.0, "a window covering the run gives the full-memory result exactly (%.1e)" % dev[-1])
    c.check(all(dev[k] > dev[k + 1] for k in range(len(dev) - 1)),
            "shorter windows deviate more: %s" % ", ".join("%g ms: %.2e" % (w, d) for w, d in zip(windows, dev)))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
