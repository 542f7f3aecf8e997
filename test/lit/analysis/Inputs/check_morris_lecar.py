"""bdlc analyze's Morris-Lecar bifurcations against scipy.

Independent: the right-hand side written here again in mV, ms, uA/cm^2, its
Jacobian by central differences, and scipy.optimize.fsolve on f(v, w, I) = 0
with trace J = 0 (Hopf) or det J = 0 (saddle-node), started near the point
bdlc reports. Rinzel & Ermentrout (1989/1998): class II gCa = 4.4, V3 = 2,
V4 = 30, phi = 0.04; class I gCa = 4, V3 = 12, V4 = 17.4, phi = 1/15.
Tolerance 1e-6 relative in I (the issue's); the finite differences
(h = 1e-6) are good to about 1e-9 here."""
import json, sys

import numpy as np
from scipy.optimize import fsolve

UA_CM2 = 0.01  # A/m^2 in one uA/cm^2


def rhs(v, w, I, gCa, V3, V4, phi):
    C, gL, EL, gK, EK, ECa, V1, V2 = 20, 2, -60, 8, -84, 120, -1.2, 18
    m = 0.5 * (1 + np.tanh((v - V1) / V2))
    winf = 0.5 * (1 + np.tanh((v - V3) / V4))
    tau = 1 / np.cosh((v - V3) / (2 * V4))
    return np.array([(I - gL * (v - EL) - gK * w * (v - EK) - gCa * m * (v - ECa)) / C, phi * (winf - w) / tau])


def jac(v, w, I, p, h=1e-6):
    cols = [(rhs(v + h, w, I, *p) - rhs(v - h, w, I, *p)) / (2 * h),
            (rhs(v, w + h, I, *p) - rhs(v, w - h, I, *p)) / (2 * h)]
    return np.array(cols).T


def solve_at(kind, I, p):
    """Hopf or fold current near I with the other parameters p."""
    y = None
    for v0 in (-40, -20, 0, 10):
        y0 = fsolve(lambda y: rhs(y[0], y[1], I, *p), [v0, 0.2], xtol=1e-13)
        if np.abs(rhs(y0[0], y0[1], I, *p)).max() < 1e-9:
            z = solve(kind, [y0[0], y0[1], I], p)
            if z is not None and (y is None or abs(z[2] - I) < abs(y[2] - I)):
                y = z
    return y


def solve(kind, guess, p):
    def eqs(z):
        v, w, I = z
        J = jac(v, w, I, p)
        return list(rhs(v, w, I, *p)) + [np.trace(J) if kind == "hopf" else np.linalg.det(J)]
    z = fsolve(eqs, guess, xtol=1e-13)
    # fsolve stops at the differences' noise (trace ~1e-9): judge the residual.
    return z if np.abs(eqs(z)).max() < 1e-7 else None


fails = 0
for name, path, p, kinds in [("class II", sys.argv[1], (4.4, 2, 30, 0.04), ["hopf"]),
                             ("class I", sys.argv[2], (4.0, 12, 17.4, 1 / 15), ["fold"])]:
    special = json.load(open(path))["continuation"]["special"]
    for kind in kinds:
        found = [s for s in special if s["kind"] == kind]
        if not found:
            fails += 1
            print("FAIL %s: no %s point" % (name, kind))
        for s in found:
            v, w, I = s["state"]["v"] * 1e3, s["state"]["w"], s["p"] / UA_CM2
            z = solve(kind, [v, w, I], p)
            err = abs(z[2] - I) / abs(z[2]) if z is not None else float("inf")
            fails += err > 1e-6
            print("%s %s %s: I = %.6f uA/cm^2 (scipy %.6f, relative difference %.1e)" % (
                "ok" if err <= 1e-6 else "FAIL", name, kind, I, z[2] if z is not None else float("nan"), err))
if len(sys.argv) > 3:
    # Points of the Hopf curves in (I, gCa) (class II): each I equals the
    # Hopf current scipy finds at that gCa.
    curves = json.load(open(sys.argv[3]))["two_parameter"]["curves"]
    worst, count = 0.0, 0
    for c in curves:
        pts = c["points"]
        for I_si, g_si in pts[:: max(1, len(pts) // 6)]:
            I, gCa = I_si / UA_CM2, g_si / 10  # S/m^2 -> mS/cm^2
            z = solve_at(c["kind"], I, (gCa, 2, 30, 0.04))
            worst = max(worst, abs(z[2] - I) / max(abs(z[2]), 1) if z is not None else float("inf"))
            count += 1
    fails += worst > 1e-6
    print("%s %d points of %d Hopf curves in (I, gCa): largest relative difference from scipy %.1e" % (
        "ok" if worst <= 1e-6 else "FAIL", count, len(curves), worst))
sys.exit(1 if fails else 0)
