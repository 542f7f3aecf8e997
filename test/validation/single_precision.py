#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""--precision single against double on COBA, CUBA and COBAHH (4000 neurons,
dt 0.1 ms), the same seeds.

(a) Trajectories, first 20 ms, v of E[0:200] at every step: the largest
|v_single - v_double| until the first step where the two builds' spikes
differ (after that, chaos separates the trajectories by millivolts). Each
of the N <= 200 steps rounds the state to float (relative u = 2^-24 =
6e-8, so at most u |v|max, |v| <= 100 mV) and computes with float-rounded
constants; how far one such rounding moves v is measured on the double
build, by perturbing E.El by a factor (1 + u) (S, the largest change of
v over the 20 ms). Errors adding linearly over the steps bound the
difference by N max(S, u |v|max); the HH model amplifies perturbations
(its gates depend exponentially on v), so its S, and its bound, are
larger.

(b) Mean rates over 1 s, seeds 1-3: the 3-seed means of single and double
agree within 5% and within 3 standard errors of their difference, from
the double build's seed-to-seed spread.

Usage: single_precision.py BDLC SOURCE_ROOT [MODEL...]
"""
import math
import os
import sys
import tempfile

import numpy as np

from common import Checks, manifest, rate, run_model, spikes, state

U = 2.0**-24
VMAX = 100.0  # mV, bounds |v| in all three models
STEPS = 200   # 20 ms at dt = 0.1 ms
SEEDS = [1, 2, 3]
PERTURBED = {"coba": -60.0, "cuba": -49.0, "cobahh": -60.0}  # E.El, mV


def traced(root, model):
    """The example, recording v of E[0:200] at every step."""
    with open(os.path.join(root, "examples", model + ".bdl")) as f:
        text = f.read()
    old = "record v of E[0:10] every 1 ms"
    if old not in text:
        sys.exit("%s.bdl no longer records '%s'" % (model, old))
    return text.replace(old, "record v of E[0:200]")


def run(bdlc, text, seed, duration, single=False, args=()):
    return run_model(bdlc, None, text=text, workdir=tempfile.mkdtemp(prefix="bdl-single-"),
                     bdlc_args=["--precision", "single"] if single else [],
                     args=["--seed", str(seed), "--duration", duration] + list(args))


def first_spike_difference(a, b, dt=1e-4):
    """The first step at which the two runs' spikes differ (a large number if never)."""
    first = 1 << 62
    for pop in ("E", "I"):
        (ta, ia), (tb, ib) = spikes(a, pop), spikes(b, pop)
        sa = set(zip(np.rint(ta / dt).astype(int).tolist(), ia.tolist()))
        sb = set(zip(np.rint(tb / dt).astype(int).tolist(), ib.tolist()))
        if sa ^ sb:
            first = min(first, min(sa ^ sb)[0])
    return first


def trajectories(c, bdlc, root, model):
    text = traced(root, model)
    for seed in SEEDS[:2]:
        d = run(bdlc, text, seed, "20ms")
        s = run(bdlc, text, seed, "20ms", single=True)
        el = PERTURBED[model] * (1 + U)
        p = run(bdlc, text, seed, "20ms", args=["--set", "E.El=%.17gmV" % el])
        _, vd = state(d, "E", "v")
        _, vs = state(s, "E", "v")
        _, vp = state(p, "E", "v")
        listed = {f["file"]: f["dtype"] for f in manifest(s)["recordings"]}
        c.check(vs.dtype == np.float32 and vd.dtype == np.float64 and listed.get("E_v.npy") == "float32"
                and manifest(s)["precision"] == "single" and manifest(d)["precision"] == "double",
                "%-6s seed %d: v is <f4 in single, <f8 in double, as the manifests say" % (model, seed))
        sens = float(np.abs(vp - vd).max())
        # Sample k is taken before step k's update: it still agrees if the
        # spikes of steps < k did.
        n = min(STEPS, first_spike_difference(d, s) + 1, len(vd))
        diff = float(np.abs(vs[:n].astype(np.float64) - vd[:n]).max())
        tol = n * max(sens, U * VMAX)
        c.check(diff <= tol, "%-6s seed %d: max |v_single - v_double| over %.1f ms = %.3g mV <= %.3g mV "
                "(N = %d steps x max(S = %.3g mV, u |v|max = %.3g mV))"
                % (model, seed, n * 0.1, diff, tol, n, sens, U * VMAX))


def rates(c, bdlc, root, model):
    src = os.path.join(root, "examples", model + ".bdl")
    per = {False: {"E": [], "I": []}, True: {"E": [], "I": []}}
    for single in (False, True):
        for seed in SEEDS:
            r = run(bdlc, open(src).read(), seed, "1s", single=single)
            for pop in ("E", "I"):
                per[single][pop].append(rate(r, pop))
    for pop in ("E", "I"):
        d, s = np.mean(per[False][pop]), np.mean(per[True][pop])
        sd = float(np.std(per[False][pop], ddof=1))
        se = sd * math.sqrt(2.0 / len(SEEDS))
        rel = (s - d) / d
        c.check(abs(rel) <= 0.05 and abs(s - d) <= 3 * se,
                "%-6s %s: mean rate single %.3f Hz, double %.3f Hz (%+.2f%%; seed-to-seed sd %.3f Hz, "
                "difference %.2f standard errors)" % (model, pop, s, d, 100 * rel, sd, abs(s - d) / se))


def main(bdlc, root, models):
    c = Checks()
    for model in models:
        trajectories(c, bdlc, root, model)
        rates(c, bdlc, root, model)
    c.close()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:] or ["coba", "cuba", "cobahh"])
