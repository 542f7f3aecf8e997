"""bdlc analyze's Hopf current of the Hodgkin-Huxley resting state against
scipy, and the simulated onset of repetitive firing beside it.

Independent: the stdlib's HH equations written here again (mV, ms,
uA/cm^2), the resting state by scipy.optimize.fsolve, its Jacobian by central
differences, and the current where the leading complex pair's real part
crosses zero by scipy.optimize.brentq (xtol 1e-12). Tolerance 1e-6 relative
(the issue's). The onset is the smallest swept current whose run (500 ms
from rest) fires at least 10 spikes: HH's Hopf is subcritical, so repetitive
firing from rest starts below it."""
import json, os, sys

import numpy as np
from scipy.optimize import brentq, fsolve


def exprel(x):
    return np.expm1(x) / x if x != 0 else 1.0


def rhs(y, I):
    v, m, h, n = y
    am, bm = 1 / exprel(-(v + 40) / 10), 4 * np.exp(-(v + 65) / 18)
    ah, bh = 0.07 * np.exp(-(v + 65) / 20), 1 / (1 + np.exp(-(v + 35) / 10))
    an, bn = 0.1 / exprel(-(v + 55) / 10), 0.125 * np.exp(-(v + 65) / 80)
    dv = 120 * m ** 3 * h * (50 - v) + 36 * n ** 4 * (-77 - v) + 0.3 * (-54.387 - v) + I
    return np.array([dv, am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n])


def rest(I):
    return fsolve(lambda y: rhs(y, I), [-65, 0.053, 0.596, 0.318], xtol=1e-14)


def lead(I, h=1e-6):
    y = rest(I)
    J = np.array([(rhs(y + h * e, I) - rhs(y - h * e, I)) / (2 * h) for e in np.eye(4)]).T
    lam = np.linalg.eigvals(J)
    return max(l.real for l in lam if abs(l.imag) > 1e-9)


analysis, design = sys.argv[1], sys.argv[2]
special = json.load(open(analysis))["continuation"]["special"]
hopf = [s for s in special if s["kind"] == "hopf"]
I_bdl = hopf[0]["p"] / 0.01 if hopf else float("nan")  # A/m^2 -> uA/cm^2
I_scipy = brentq(lead, 5, 15, xtol=1e-12)
err = abs(I_bdl - I_scipy) / I_scipy
print("%s Hopf current of the resting state: %.6f uA/cm^2 (scipy %.6f, relative difference %.1e)" % (
    "ok" if err <= 1e-6 else "FAIL", I_bdl, I_scipy, err))
runs = json.load(open(os.path.join(design, "manifest.json")))["runs"]  # values in display units
firing = sorted(r["values"]["N.I_ext"] for r in runs if r["populations"][0]["spikes"] >= 10)
onset = firing[0] if firing else float("nan")
print("%s simulated onset of repetitive firing from rest: %.2f uA/cm^2, below the Hopf current (subcritical)" % (
    "ok" if onset < I_bdl else "FAIL", onset))
sys.exit(0 if err <= 1e-6 and onset < I_bdl else 1)
