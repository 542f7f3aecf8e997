#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The validation figure of each stdlib neuron for docs/stdlib.md: the model
run by bdlc under its validation protocol, drawn over Brian2's run of the same
equations (the reference scripts of test/validation/reference/, traced here)
where one exists, or with the closed form the validation compares with.

    tools/gen_stdlib_figures.py ROOT BDLC        (needs python3-brian)

writes docs/figures/stdlib/MODULE.png and docs/figures/stdlib/captions.json,
which tools/gen_stdlib_docs.py puts under each module. `make docs` runs it;
the figures are committed, and the test docs.stdlib fails when the page does
not show them."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

# Brian2's reference script run with a StateMonitor on one neuron's variable:
# NeuronGroup and run are wrapped before the script's `from brian2 import *`.
TRACE = r"""
import runpy, sys, warnings
import numpy as np
warnings.filterwarnings("ignore")
import brian2
script, var, index, out, unit = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
window = float(sys.argv[6]) * brian2.second  # only what the figure shows is run
groups, state, original = [], {"elapsed": 0 * brian2.second}, brian2.run
class Group(brian2.NeuronGroup):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        groups.append(self)
def run(duration, *a, **k):
    if "M" not in state:
        g = next(g for g in groups if var in g.variables)
        state["M"] = brian2.StateMonitor(g, var, record=[index])
        sys._getframe(1).f_globals["_bdl_trace"] = state["M"]
    k["level"] = k.get("level", 0) + 1
    duration = min(duration, window - state["elapsed"])
    if duration > 0 * brian2.second:
        state["elapsed"] += duration
        original(duration, *a, **k)
brian2.NeuronGroup, brian2.run = Group, run
try:
    runpy.run_path(script, run_name="__main__")
except Exception:
    pass  # the script's summary of a run cut to the window; the trace is what is wanted
M = state["M"]
values = getattr(M, var)[0]
# In bdlc's display unit (its spelling as a Brian2 expression: uA/cm**2).
scale = 1 if unit in ("", "1") else eval(unit.replace("^", "**"), vars(brian2))
np.save(out, np.c_[np.asarray(M.t / brian2.second), np.asarray(values / scale)])
"""

# module: the BDL model (its population N, record line added), what to plot,
# Brian2's reference (script, variable, neuron), and what the validation checks.
SPECS = {
    "adex": dict(model="N = AdEx[1](I = 1 nA)", imp="std.neurons.adex", dt="0.01 ms", run="300 ms", var="v",
                 brian="adex_brian2.py", check="31 spikes in 1 s and the first, second and last ISIs within 1% of "
                 "Brian2's (test/validation/adex.py)"),
    "exp_if": dict(model="N = ExpIF[1](I = 2 uA / cm^2)", imp="std.neurons.exp_if", dt="0.01 ms", run="200 ms",
                   var="v", brian="exp_if_brian2.py", index=2,
                   check="spike counts, first spikes and mean ISIs at 0.15, 0.5 and 2 uA/cm^2 as Brian2's "
                   "(test/validation/exp_if.py)"),
    "fitzhugh_nagumo": dict(model="N = FitzHughNagumo[1]", imp="std.neurons.fitzhugh_nagumo", dt="0.01 ms",
                            run="200 ms", var="v", brian="fhn_brian2.py",
                            check="the limit cycle's period equals Brian2's to 0.1% (test/validation/fhn.py), and "
                            "the period of the orbit continued by collocation (docs/analysis.md)"),
    "hh": dict(model="N = HodgkinHuxley[1](I_ext = 10 uA/cm^2)", imp="std.neurons.hh", dt="0.01 ms", run="100 ms",
               var="v", brian="hh_neuron_brian2.py",
               check="the rate at 10 uA/cm^2 within 2% of Brian2's (test/validation/hh_rate.py) and "
               "the rheobase 6.30 uA/cm^2 as Brian2's (test/validation/hh_rheobase.py)"),
    "hindmarsh_rose": dict(model="N = HindmarshRose[1]", imp="std.neurons.hindmarsh_rose", dt="0.01 ms",
                           run="1500 ms", var="x", brian="hindmarsh_rose_brian2.py",
                           check="bursts of 9 spikes every 430.8 ms as Brian2's (test/validation/hindmarsh_rose.py)"),
    "morris_lecar": dict(model="N = MorrisLecar[1]", imp="std.neurons.morris_lecar", dt="0.01 ms", run="500 ms",
                         var="v", brian="morris_lecar_brian2.py",
                         check="the period equals Brian2's to 0.1% (test/validation/morris_lecar.py); the "
                         "orbits continued from its Hopf point equal AUTO-07p's (test/lit/analysis/orbits.test)"),
    "wang_buzsaki": dict(model="N = WangBuzsaki[1](I = 1.5 uA / cm^2)", imp="std.neurons.wang_buzsaki",
                         dt="0.01 ms", run="100 ms", var="v", brian="wang_buzsaki_brian2.py", index=150,
                         check="the rheobase and the spike counts at 0.2, 0.5, 1 and 1.99 uA/cm^2 as Brian2's "
                         "(test/validation/wang_buzsaki.py)"),
    "wilson_cowan": dict(model="N = WilsonCowan[1]", imp="std.neurons.wilson_cowan", dt="0.01 ms", run="300 ms",
                         var="E", brian="wilson_cowan_brian2.py",
                         check="20 cycles, the period and the range of E as Brian2's "
                         "(test/validation/wilson_cowan.py); its fixed points equal scipy's (docs/analysis.md)"),
    "hh_adapting": dict(model="N = HHAdapting[1]\n  stimulus N.I_ext = step(amplitude = 30 uA/cm^2, start = 50 ms, "
                        "stop = 550 ms)", imp="std.neurons.hh_adapting", dt="0.01 ms", run="800 ms", var="Ca",
                        brian="calcium_brian2.py",
                        check="37 adapting spikes and their ISIs, and the calcium, as Brian2's "
                        "(test/validation/calcium.py)"),
    "lif": dict(model="N = LIF[1](I = 2.5 nA)", imp="std.neurons.lif", dt="0.01 ms", run="200 ms", var="v",
                check="rates equal the closed form 1 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th))), "
                "none below the rheobase (test/validation/lif.py)"),
    "qif": dict(model="N = QIF[1](I = 1)", imp="std.neurons.qif", dt="0.01 ms", run="200 ms", var="v",
                check="the period equals the closed form from reset to peak, 31.2159 ms at I = 1 "
                "(test/validation/qif.py)"),
    "rate": dict(model="N = LinearThresholdRate[1](I = 0.4 nA)", imp="std.neurons.rate", dt="0.01 ms",
                 run="60 ms", var="r", closed=("30 Hz (1 - exp(-t / 10 ms))",
                                               lambda t: 30 * (1 - np.exp(-t / 0.01))),
                 check="r(t) equals the closed form to 1e-9 for both rate models (test/validation/rate.py)"),
    "izhikevich": dict(model="N = RegularSpiking[1](I = 10 mV/ms)", imp="std.neurons.izhikevich", dt="0.05 ms",
                       run="300 ms", var="v",
                       check="regular spiking, bursting, chattering and fast spiking as in Izhikevich (2003) "
                       "(test/validation/izhikevich.py)"),
}


# Models whose validation is of a network, not of one neuron's trace.
NO_FIGURE = {
    "hopfield": "a network model: examples/hopfield.bdl retrieves each of its 5 stored patterns from a corrupted "
                "cue (test/lit/run/hopfield.test)",
}


def bdl_trace(root, bdlc, spec, tmp):
    src = os.path.join(tmp, "model.bdl")
    with open(src, "w") as f:
        f.write("import %s\nnetwork One {\n  %s\n}\nexperiment main of One {\n  dt = %s\n  record %s of N\n"
                "  run %s\n}\n" % (spec["imp"], spec["model"], spec["dt"], spec["var"], spec["run"]))
    out = os.path.join(tmp, "bdl")
    subprocess.run([bdlc, "run", src, "--", "--quiet", "--overwrite", "--out", out], check=True)
    m = json.load(open(os.path.join(out, "manifest.json")))
    unit = next((r["unit"] for r in m["recordings"] if r["file"] == "N_%s.npy" % spec["var"]), "1")
    return np.load(os.path.join(out, "N_%s_t.npy" % spec["var"])), np.load(os.path.join(out, "N_%s.npy" %
                                                                                      spec["var"]))[:, 0], unit


def seconds(text):
    value, unit = text.split()
    return float(value) * {"ms": 1e-3, "s": 1.0}[unit]


def brian_trace(root, spec, unit, tmp):
    out = os.path.join(tmp, "brian2.npy")
    script = os.path.join(root, "test", "validation", "reference", spec["brian"])
    subprocess.run(["/usr/bin/python3", "-c", TRACE, script, spec["var"], str(spec.get("index", 0)), out, unit,
                    str(seconds(spec["run"]))], check=True, cwd=tmp, stdout=subprocess.DEVNULL)
    a = np.load(out)
    return a[:, 0], a[:, 1]


def main(argv):
    root, bdlc = os.path.abspath(argv[0]), os.path.abspath(argv[1])
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    folder = os.path.join(root, "docs", "figures", "stdlib")
    os.makedirs(folder, exist_ok=True)
    only = argv[argv.index("--only") + 1].split(",") if "--only" in argv else None
    path = os.path.join(folder, "captions.json")
    captions = json.load(open(path)) if only and os.path.exists(path) else {}
    for module, spec in sorted(SPECS.items()):
        if only and module not in only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            t, x, unit = bdl_trace(root, bdlc, spec, tmp)
            fig, ax = plt.subplots(figsize=(7, 2.6))
            ax.plot(t * 1e3, x, color="C0", linewidth=1.2, label="bdlc")
            compared = ""
            if "closed" in spec:
                label, f = spec["closed"]
                ax.plot(t * 1e3, f(t), "--", color="C1", linewidth=1, label=label)
                compared = "the closed form %s (largest difference %.2g%s)" % (
                    label, np.max(np.abs(x - f(t))), "" if unit == "1" else " " + unit)
            if "brian" in spec:
                tb, xb = brian_trace(root, spec, unit, tmp)
                keep = tb <= t[-1] + 1e-12
                ax.plot(tb[keep] * 1e3, xb[keep], "--", color="C1", linewidth=1, label="Brian2 2.5")
                n = min(len(x), int(keep.sum()))
                compared = "Brian2 (largest difference over the window %.2g%s)" % (
                    np.max(np.abs(x[:n] - xb[:n])), "" if unit == "1" else " " + unit)
            ax.set_xlabel("t (ms)")
            ax.set_ylabel("%s (%s)" % (spec["var"], unit) if unit != "1" else spec["var"])
            ax.set_title("std.neurons.%s: %s" % (module, spec["model"].split("\n")[0]), fontsize=9)
            ax.legend(loc="upper right", fontsize=8)
            fig.tight_layout()
            fig.savefig(os.path.join(folder, module + ".png"), dpi=80)
            plt.close(fig)
        captions["std.neurons." + module] = "`%s`, dt = %s%s. Checked: %s." % (
            spec["model"].split("\n")[0], spec["dt"], ", against " + compared if compared else "", spec["check"])
        print("%s: %s" % (module, captions["std.neurons." + module]))
    for module, text in NO_FIGURE.items():
        captions["std.neurons." + module] = text[0].upper() + text[1:] + "."
    with open(os.path.join(folder, "captions.json"), "w") as f:
        json.dump(captions, f, indent=1, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
