"""bdlc analyze's FitzHugh-Nagumo results against the closed forms.

dv/dt = (v - v^3/3 - w + I) / tscale, dw/dt = (v + a - b w) / tau with
a = 0.7, b = 0.8, tau = 12.5 tscale, tscale = 1 ms. Fixed points: w = (v + a)
/ b and v - v^3/3 - (v + a)/b + I = 0 (one real root here). Hopf points:
trace J = 0, 1 - v^2 = b tscale / tau, so v = +-sqrt(1 - b/12.5) and
I = v^3/3 - v + (v + a)/b, with frequency sqrt(det J) / 2 pi. Tolerance
1e-8 (the issue's): the continuation refines each point to ~1e-13."""
import json, math, sys

import numpy as np

a, b, r = 0.7, 0.8, 12.5
fails = 0


def check(name, got, want, tol=1e-8):
    global fails
    err = abs(got - want)
    ok = err <= tol * max(1.0, abs(want))
    fails += not ok
    print("%s %s: %.12g (closed form %.12g, error %.1e)" % ("ok" if ok else "FAIL", name, got, want, err))


fixed = json.load(open(sys.argv[1]))
fp = fixed["fixed_points"]
roots = [x.real for x in np.roots([-1 / 3, 0, 1 - 1 / b, 0.5 - a / b]) if abs(x.imag) < 1e-12]
check("one fixed point at I = 0.5", len(fp), len(roots), 0)
check("v* at I = 0.5", fp[0]["state"]["v"], roots[0])
check("w* at I = 0.5", fp[0]["state"]["w"], (roots[0] + a) / b)
print("%s stability at I = 0.5: %s" % ("ok" if fp[0]["stability"]["kind"] == "unstable focus" else "FAIL",
                                        fp[0]["stability"]["kind"]))
cont = json.load(open(sys.argv[2]))["continuation"]
hopf = [s for s in cont["special"] if s["kind"] == "hopf"]
check("two Hopf points", len(hopf), 2, 0)
for s, v in zip(hopf, (-math.sqrt(1 - b / r), math.sqrt(1 - b / r))):
    check("Hopf I", s["p"], v ** 3 / 3 - v + (v + a) / b)
    check("Hopf v", s["state"]["v"], v)
    det = (-(1 - v * v) * b / r + 1 / r) * 1e6  # 1/s^2
    check("Hopf frequency (Hz)", s["frequency_hz"], math.sqrt(det) / (2 * math.pi))
stable = [p["stable"] for p in cont["branch"] if p["p"] < hopf[0]["p"] - 1e-3 or p["p"] > hopf[1]["p"] + 1e-3]
inside = [p["stable"] for p in cont["branch"] if hopf[0]["p"] + 1e-3 < p["p"] < hopf[1]["p"] - 1e-3]
print("%s stable outside the Hopf points, unstable between" % ("ok" if all(stable) and not any(inside) else "FAIL"))
sys.exit(1 if fails else 0)
