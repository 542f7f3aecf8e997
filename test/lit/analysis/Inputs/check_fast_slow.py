"""bdlc analyze --fast-slow on Hindmarsh-Rose (a = 1, b = 3, c = 1, d = 5,
I = 2) against the fast subsystem's closed forms. Usage: check_fast_slow.py J"""
import json, math, sys

import numpy as np

fs = json.load(open(sys.argv[1]))["fast_slow"]
failed = False


def z_of(x):  # the fast subsystem's fixed points: z = -x^3 + (b - d) x^2 + c + I
    return -x ** 3 - 2 * x ** 2 + 3


def report(ok, text):
    global failed
    failed |= not ok
    print(("ok " if ok else "FAIL ") + text)


folds = sorted(s["p"] for s in fs["special"] if s["kind"] == "fold")
hopf = [s for s in fs["special"] if s["kind"] == "hopf"]
xh = 1 - math.sqrt(2 / 3)
expected = [("fold", z_of(-4 / 3), None), ("hopf", z_of(xh), xh), ("fold", z_of(0), None)]
found = [("fold", folds[0], None), ("hopf", hopf[0]["p"], hopf[0]["state"]["x"]) if hopf else ("hopf", math.nan, math.nan),
         ("fold", folds[-1], None)]
for (kind, z, x), (_, zb, xb) in zip(expected, found):
    ok = abs(zb - z) <= 1e-9 * abs(z) and (x is None or abs(xb - x) <= 1e-9)
    report(ok, "%s at z = %.9f%s (closed form %.9f%s)" % (
        kind, zb, "" if x is None else ", x = %.9f" % xb, z, "" if x is None else ", %.9f" % x))
orbits = fs["orbits"][0]
last = orbits["branch"][-1]
saddle = sorted(r.real for r in np.roots([-1, -2, 0, 3 - last["p"]]) if abs(r.imag) < 1e-12)[1]  # the middle branch
report("homoclinic" in orbits["end"] and abs(last["min"]["x"] - saddle) < 1e-6,
       "orbits from the Hopf point end on a homoclinic orbit at z = %.4f: lowest x %.7f, saddle %.7f" % (
           last["p"], last["min"]["x"], saddle))
spiking = fs["orbits"][1]
last = spiking["branch"][-1]
saddle = sorted(r.real for r in np.roots([-1, -2, 0, 3 - last["p"]]) if abs(r.imag) < 1e-12)[1]
z = np.array(fs["trajectory"]["z"])
report("homoclinic" in spiking["end"] and abs(last["min"]["x"] - saddle) < 1e-6 and folds[0] < last["p"] < z.max(),
       "spiking orbits through the cycle at z = 2 end on a homoclinic orbit at z = %.4f, where bursts end" % last["p"])
report(z.min() < folds[0] < z.max(), "the trajectory's z runs from %.3f to %.3f, across the lower fold" % (z.min(), z.max()))
sys.exit(1 if failed else 0)
