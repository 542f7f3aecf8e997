#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Brian2 side of the benchmarks: COBA, CUBA and COBAHH (Brette et al.
2007, benchmarks 1-3, as in the BrainPy benchmark suite) in Brian2 2.5's
cpp_standalone device, one thread, with the same equations, parameters and
initial conditions as examples/coba.bdl, cuba.bdl and cobahh.bdl.

    bench/brian2/networks.py --model coba|cuba|cobahh [--scale S] [--duration T]
                             [--seed N] [--dir DIR]

--scale multiplies the number of neurons (4000 at 1) and divides the
connection probability (0.02 at 1), so the in-degree stays 80. Prints one
JSON line: spike counts and rates of E and I, code generation + compilation
time, the run's wall time and the time Brian2 reports for it, and the number
of synapses. Needs python3-brian and g++ (Debian)."""
import argparse
import json
import time
import warnings

import numpy as np


def coba(b, P_size):
    """Leaky IF with conductances relative to the leak and a 20 mV bias."""
    ns = dict(taum=20 * b.ms, taue=5 * b.ms, taui=10 * b.ms, Vt=-50 * b.mV, Vr=-60 * b.mV, El=-60 * b.mV,
              Ee=0 * b.mV, Ei=-80 * b.mV, Ib=20 * b.mV, we=0.6, wi=6.7)
    eqs = """dv/dt = (ge * (Ee - v) + gi * (Ei - v) - (v - El) + Ib) / taum : volt (unless refractory)
             dge/dt = -ge / taue : 1
             dgi/dt = -gi / taui : 1"""
    group = b.NeuronGroup(P_size, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * b.ms, method="euler",
                          namespace=ns)
    group.v = "Vr + rand() * (Vt - Vr)"
    return group, ns, "ge += we", "gi += wi"


def cuba(b, P_size):
    """Leaky IF with exponential current synapses, integrated exactly."""
    ns = dict(taum=20 * b.ms, taue=5 * b.ms, taui=10 * b.ms, Vt=-50 * b.mV, Vr=-60 * b.mV, El=-49 * b.mV,
              we=(60 * 0.27 / 10) * b.mV, wi=(-20 * 4.5 / 10) * b.mV)
    eqs = """dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
             dge/dt = -ge / taue : volt
             dgi/dt = -gi / taui : volt"""
    group = b.NeuronGroup(P_size, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * b.ms, method="exact",
                          namespace=ns)
    group.v = "Vr + rand() * (Vt - Vr)"
    return group, ns, "ge += we", "gi += wi"


def cobahh(b, P_size):
    """Hodgkin-Huxley (Traub-Miles) neurons with conductance synapses."""
    area = 20000 * b.umetre ** 2
    ns = dict(area=area, Cm=1 * b.ufarad * b.cm ** -2 * area, gl=5e-5 * b.siemens * b.cm ** -2 * area,
              El=-60 * b.mV, EK=-90 * b.mV, ENa=50 * b.mV, g_na=100 * b.msiemens * b.cm ** -2 * area,
              g_kd=30 * b.msiemens * b.cm ** -2 * area, VT=-63 * b.mV, taue=5 * b.ms, taui=10 * b.ms,
              Ee=0 * b.mV, Ei=-80 * b.mV, we=6 * b.nS, wi=67 * b.nS)
    eqs = b.Equations("""
        dv/dt = (gl * (El - v) + ge * (Ee - v) + gi * (Ei - v)
                 - g_na * (m * m * m) * h * (v - ENa) - g_kd * (n * n * n * n) * (v - EK)) / Cm : volt
        dm/dt = alpha_m * (1 - m) - beta_m * m : 1
        dn/dt = alpha_n * (1 - n) - beta_n * n : 1
        dh/dt = alpha_h * (1 - h) - beta_h * h : 1
        dge/dt = -ge * (1. / taue) : siemens
        dgi/dt = -gi * (1. / taui) : siemens
        alpha_m = 0.32 * (mV ** -1) * 4 * mV / exprel((13 * mV - v + VT) / (4 * mV)) / ms : Hz
        beta_m = 0.28 * (mV ** -1) * 5 * mV / exprel((v - VT - 40 * mV) / (5 * mV)) / ms : Hz
        alpha_h = 0.128 * exp((17 * mV - v + VT) / (18 * mV)) / ms : Hz
        beta_h = 4. / (1 + exp((40 * mV - v + VT) / (5 * mV))) / ms : Hz
        alpha_n = 0.032 * (mV ** -1) * 5 * mV / exprel((15 * mV - v + VT) / (5 * mV)) / ms : Hz
        beta_n = .5 * exp((10 * mV - v + VT) / (40 * mV)) / ms : Hz""")
    group = b.NeuronGroup(P_size, eqs, threshold="v > -20 * mV", refractory=3 * b.ms, method="exponential_euler",
                          namespace=ns)
    group.v = "El + (randn() * 5 - 5) * mV"
    group.ge = "(randn() * 1.5 + 4) * 10. * nS"
    group.gi = "(randn() * 12 + 20) * 10. * nS"
    return group, ns, "ge += we", "gi += wi"


MODELS = {"coba": coba, "cuba": cuba, "cobahh": cobahh}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="coba", choices=sorted(MODELS))
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--duration", type=float, default=1.0, help="seconds")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--dir", default="brian2_out")
    a = p.parse_args()
    t_start = time.time()
    warnings.filterwarnings("ignore")
    import brian2 as b
    b.set_device("cpp_standalone", directory=a.dir, build_on_run=False)
    b.prefs.devices.cpp_standalone.openmp_threads = 0
    b.seed(a.seed)
    b.defaultclock.dt = 0.1 * b.ms
    n = int(4000 * a.scale)
    n_exc = int(0.8 * n)
    group, ns, on_exc, on_inh = MODELS[a.model](b, n)
    exc = b.Synapses(group[:n_exc], group, on_pre=on_exc, namespace=ns)
    inh = b.Synapses(group[n_exc:], group, on_pre=on_inh, namespace=ns)
    exc.connect(p=0.02 / a.scale)
    inh.connect(p=0.02 / a.scale)
    spikes = b.SpikeMonitor(group)
    b.run(a.duration * b.second)
    t_setup = time.time()
    b.device.build(directory=a.dir, compile=True, run=False, debug=False)
    t_built = time.time()
    b.device.run(a.dir, with_output=False, run_args=[])
    t_ran = time.time()
    idx = np.asarray(spikes.i)
    e, i = int((idx < n_exc).sum()), int((idx >= n_exc).sum())
    print(json.dumps({"sim": "brian2-cpp_standalone", "model": a.model, "N": n, "duration_s": a.duration,
                      "spikes_E": e, "spikes_I": i, "rate_E_Hz": e / n_exc / a.duration,
                      "rate_I_Hz": i / (n - n_exc) / a.duration, "python_setup_s": round(t_setup - t_start, 2),
                      "codegen_compile_s": round(t_built - t_setup, 2), "run_wall_s": round(t_ran - t_built, 3),
                      "run_reported_s": round(float(b.device._last_run_time), 3),
                      "synapses": int(len(exc) + len(inh))}))


if __name__ == "__main__":
    main()
