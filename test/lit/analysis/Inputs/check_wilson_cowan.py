"""bdlc analyze's Wilson-Cowan fixed points across P against scipy: the
number of fixed points in the box, each one's position (to 1e-8) and its
class. scipy side: the equations written here again, fsolve from the same
24 x 24 grid of seeds, duplicates merged, classes from the eigenvalues of a
central-difference Jacobian. Usage: check_wilson_cowan.py P1=FILE1 ..."""
import json, sys

import numpy as np
from scipy.optimize import fsolve

c1, c2, c3, c4, ae, te, ai, ti = 12, 4, 13, 11, 1.2, 2.8, 1, 4
lo, hi = np.array([-0.05, -0.05]), np.array([0.5, 0.5])


def S(x, a, t):
    return 1 / (1 + np.exp(-a * (x - t))) - 1 / (1 + np.exp(a * t))


def f(y, P):
    E, I = y
    ke, ki = 1 - 1 / (1 + np.exp(ae * te)), 1 - 1 / (1 + np.exp(ai * ti))
    return np.array([-E + (ke - E) * S(c1 * E - c2 * I + P, ae, te), -I + (ki - I) * S(c3 * E - c4 * I, ai, ti)])


def kind(y, P, h=1e-7):
    J = np.array([(f(y + h * e, P) - f(y - h * e, P)) / (2 * h) for e in np.eye(2)]).T
    lam = np.linalg.eigvals(J)
    if lam[0].real * lam[1].real < 0:
        return "saddle"
    return ("stable " if lam[0].real < 0 else "unstable ") + ("focus" if abs(lam[0].imag) > 1e-12 else "node")


def scipy_points(P):
    found = []
    for a in range(24):
        for b in range(24):
            seed = lo + (hi - lo) * (np.array([a, b]) + 0.5) / 24
            y, info, ok, msg = fsolve(f, seed, args=(P,), full_output=True, xtol=1e-14)
            if np.abs(f(y, P)).max() > 1e-12 or np.any(y < lo - 1e-9) or np.any(y > hi + 1e-9):
                continue
            if not any(np.abs(y - z).max() <= 1e-7 * 0.55 for z in found):
                found.append(y)
    return sorted(found, key=lambda y: y[0])


fails = 0
for arg in sys.argv[1:]:
    P, path = arg.split("=", 1)
    P = float(P)
    mine = json.load(open(path))["fixed_points"]
    ref = scipy_points(P)
    ok = len(mine) == len(ref)
    kinds = []
    for m, r in zip(mine, ref):
        ok &= abs(m["state"]["E"] - r[0]) < 1e-8 and abs(m["state"]["I"] - r[1]) < 1e-8
        ok &= m["stability"]["kind"] == kind(r, P)
        kinds.append(m["stability"]["kind"])
    fails += not ok
    print("%s P = %g: %d fixed points (scipy %d): %s" % ("ok" if ok else "FAIL", P, len(mine), len(ref),
                                                           ", ".join(kinds)))
sys.exit(1 if fails else 0)
