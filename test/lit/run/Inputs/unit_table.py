"""Every unit spelling of the units table, in a model's source and on its
executable's command line (run/unit-table.test).

usage: unit_table.py BDLC TABLE WORKDIR

TABLE is bdl-unit-table's output (spelling, SI scale, natural unit). The
model gets one parameter per spelling with the default `3.7 <spelling>`; the
executable runs once with those defaults and once with `--set P.pK=3.7<spelling>`
for every K, and the manifests must hold the same value for every parameter,
bit for bit. Spellings that neither side takes must be refused by both, in
the same words (E0204's). Prints one summary line; exits 1 on a mismatch.
"""
import json
import os
import subprocess
import sys

# Units other tools take that the table does not: non-SI time (min, h, day),
# tesla/weber/henry, and the prefixes beyond the table's (da h d E P T a ...).
REFUSED = ["min", "h", "day", "T", "Wb", "H", "dam", "hm", "dm", "Tm", "Pm", "am", "ym", "zs", "msec"]
VALUE = "3.7"
# A few compound units as well: the two sides combine scales the same way.
COMPOUND = ["mS/cm^2", "uF/cm^2", "mV/ms", "nA*ms", "cm^-2", "m^(1/2)", "mmol/L", "kohm*cm"]


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def model(params):
    lines = ["neuron N {"]
    lines += [f"  param p{k} = {VALUE} {s}" for k, s in enumerate(params)]
    lines += ["  state v: mV = 0 mV", "  dv/dt = -v / (10 ms)", "}",
              "network Net {", "  P = N[1]", "}",
              "experiment main of Net {", "  dt = 0.1 ms", "  run 0.1 ms", "}"]
    return "\n".join(lines) + "\n"


def parameters(exe, out, extra):
    r = run([exe, "--quiet", "--overwrite", "--out", out] + extra)
    if r.returncode != 0:
        sys.exit(f"{exe} {' '.join(extra[:4])} ... failed:\n{r.stderr}")
    with open(os.path.join(out, "manifest.json")) as f:
        return json.load(f)["parameters"]


def main():
    bdlc, table, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    spellings = [line.split("\t")[0] for line in open(table, encoding="utf-8") if line.strip()]
    spellings += COMPOUND
    src = os.path.join(work, "units.bdl")
    with open(src, "w", encoding="utf-8") as f:
        f.write(model(spellings))
    exe = os.path.join(work, "units")
    r = run([bdlc, "build", src, "-o", exe])
    if r.returncode != 0:
        sys.exit(f"the source refused spellings of the table:\n{r.stderr}")
    defaults = parameters(exe, os.path.join(work, "defaults"), [])
    sets = []
    for k, s in enumerate(spellings):
        sets += ["--set", f"P.p{k}={VALUE}{s}"]
    overridden = parameters(exe, os.path.join(work, "sets"), sets)
    bad = 0
    for k, s in enumerate(spellings):
        a, b = defaults[f"P.p{k}"], overridden[f"P.p{k}"]
        if a != b:
            print(f"{s}: source {a}, --set {b}")
            bad += 1

    # Refused by both, in the same words.
    refused_src = os.path.join(work, "refused.bdl")
    with open(refused_src, "w", encoding="utf-8") as f:
        f.write(model(REFUSED))
    r = run([bdlc, "check", refused_src])
    for s in REFUSED:
        if f"unknown unit '{s}' [E0204]" not in r.stderr:
            print(f"{s}: the source did not refuse it as an unknown unit")
            bad += 1
        e = run([exe, "--set", f"P.p0={VALUE}{s}", "--out", os.path.join(work, "refused")])
        want = f"error: --set P.p0={VALUE}{s}: unknown unit '{s}'"
        if e.returncode == 0 or want not in e.stderr:
            print(f"{s}: --set said {e.stderr.strip()!r}, not {want!r}")
            bad += 1
    print(f"{len(spellings) - len(COMPOUND)} spellings and {len(COMPOUND)} compound units: same value from the source and --set; "
          f"{len(REFUSED)} refused by both; {bad} mismatches")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
