"""bdlc analyze --orbits against AUTO-07p (auto_reference.py) on the same
model: the orbits at the requested parameter values (matched by value and
stability, as two coexist on either side of a fold of cycles) and the folds
of cycles (matched by current). Tolerance 1e-4 relative on the period, the
fold's current and the amplitude max v - min v, the issue's; both sides use
collocation of degree 4 (80 adaptive intervals here, 200 in AUTO), whose
periods agree with finer meshes to 1e-10, so the differences printed are
far smaller.

Usage: check_orbits.py BDL.json AUTO.json"""
import json, sys

bdl = json.load(open(sys.argv[1]))["continuation"]
ref = json.load(open(sys.argv[2]))
v = next(k for k in bdl["branch"][0]["state"] if k == "v")
scale = 100.0  # A/m^2 -> uA/cm^2


def ours(o):
    return {"I": o["p"] * scale, "period_ms": o["period_s"] * 1e3, "v_min": o["min"][v] * 1e3,
            "v_max": o["max"][v] * 1e3, "stable": o["stable"]}


branches = [b for b in bdl["orbits"] if "branch" in b]
special = [ours(x) | {"kind": x["kind"]} for x in branches[0]["special"]]
failed = False


def compare(what, a, b, keys):
    global failed
    worst = max(abs(a[k] - b[k]) / abs(b[k]) for k in keys)
    amp = abs((a["v_max"] - a["v_min"]) - (b["v_max"] - b["v_min"])) / abs(b["v_max"] - b["v_min"])
    ok = worst <= 1e-4 and amp <= 1e-4
    failed |= not ok
    print("%s %s: period %.6f ms (AUTO %.6f), amplitude %.4f mV; relative difference %.0e" % (
        "ok" if ok else "FAIL", what, a["period_ms"], b["period_ms"], a["v_max"] - a["v_min"], max(worst, amp)))


for c in ref["cycles"]:
    match = [x for x in special if x["kind"] == "at" and abs(x["I"] - c["I"]) < 1e-9 * c["I"] and x["stable"] == c["stable"]]
    if not match:
        failed = True
        print("FAIL no %s orbit at I = %g" % ("stable" if c["stable"] else "unstable", c["I"]))
        continue
    compare("%s orbit at I = %g uA/cm^2" % ("stable" if c["stable"] else "unstable", c["I"]), match[0], c, ["period_ms"])
# AUTO's run stops at its last requested current: folds beyond are not compared.
reach = max(c["I"] for c in ref["cycles"])
folds = [x for x in special if x["kind"] == "fold" and x["I"] <= reach]
for f in ref["folds"]:
    match = sorted(folds, key=lambda x: abs(x["I"] - f["I"]))
    if not match or abs(match[0]["I"] - f["I"]) > 1e-4 * f["I"]:
        failed = True
        print("FAIL no fold of cycles near I = %g" % f["I"])
        continue
    compare("fold of cycles at I = %.6f uA/cm^2" % f["I"], match[0], f, ["I", "period_ms"])
if len(folds) != len(ref["folds"]):
    failed = True
    print("FAIL %d folds of cycles, AUTO %d" % (len(folds), len(ref["folds"])))
sys.exit(1 if failed else 0)
