"""The orbit reported at mu (--orbit-at) against the normal form's closed
forms. Usage: check_normal_form_orbits.py ANALYSIS.json SIGMA MU"""
import json, math, sys

o = [x for x in json.load(open(sys.argv[1]))["continuation"]["orbits"][0]["special"] if x["kind"] == "at"][0]
sigma, mu = float(sys.argv[2]), float(sys.argv[3])
T = 2 * math.pi / 10  # omega = 10 / s
mult = sorted(o["multipliers"], key=lambda z: abs(z[0] - 1))[1][0]  # the non-trivial one
print("period", abs(o["period_s"] - T) < 1e-10, "radius", abs(o["max"]["x"] - math.sqrt(-mu / sigma)) < 1e-10,
      "multiplier", abs(mult - math.exp(-2 * mu * T)) < 1e-10, "stable" if o["stable"] else "unstable")
