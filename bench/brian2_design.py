#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Brian2 2.5 side of bench/experiments.py: COBA (4,000 neurons, the model of
bench/brian2/networks.py) for every (we, trial) of a design, in
cpp_standalone mode, the way Brian2 2.5's documentation recommends for
several full runs in one script ("Multiple full simulation runs": call
device.reinit() and device.activate() before each, then device.build): one
code generation and compilation per run, into one project directory so that
make recompiles only what changed. Prints one JSON line with the total wall
time and the mean rates of each run.

Usage: brian2_design.py --we 0.3,0.4,... --trials 5 [--duration 1] [--dir DIR]
"""
import argparse
import json
import time
import warnings

warnings.filterwarnings("ignore")
p = argparse.ArgumentParser()
p.add_argument("--we", required=True)
p.add_argument("--trials", type=int, default=5)
p.add_argument("--duration", type=float, default=1.0)
p.add_argument("--seed", type=int, default=42)
p.add_argument("--dir", default="brian2_design")
a = p.parse_args()

t0 = time.time()
from brian2 import *  # noqa: E402,F403

runs = []
for we_value in [float(x) for x in a.we.split(",")]:
    for trial in range(a.trials):
        device.reinit()
        device.activate(directory=a.dir, build_on_run=False)
        set_device("cpp_standalone", directory=a.dir, build_on_run=False)
        prefs.devices.cpp_standalone.openmp_threads = 0
        seed(a.seed + trial)
        N, NE = 4000, 3200
        defaultclock.dt = 0.1 * ms
        taum = 20 * ms; taue = 5 * ms; taui = 10 * ms; Vt = -50 * mV; Vr = -60 * mV; El = -60 * mV
        Ee = 0 * mV; Ei = -80 * mV; I = 20 * mV; we = we_value; wi = 6.7
        eqs = '''dv/dt = (ge*(Ee-v) + gi*(Ei-v) - (v-El) + I)/taum : volt (unless refractory)
                 dge/dt = -ge/taue : 1
                 dgi/dt = -gi/taui : 1'''
        P = NeuronGroup(N, eqs, threshold='v>Vt', reset='v=Vr', refractory=5 * ms, method='euler')
        P.v = 'Vr + rand()*(Vt-Vr)'
        Ce = Synapses(P[:NE], P, on_pre='ge += we')
        Ci = Synapses(P[NE:], P, on_pre='gi += wi')
        Ce.connect(p=0.02)
        Ci.connect(p=0.02)
        sm = SpikeMonitor(P)
        run(a.duration * second)
        device.build(directory=a.dir, compile=True, run=True, debug=False)
        i = np.asarray(sm.i)
        runs.append({"we": we_value, "trial": trial, "rate_E_Hz": float((i < NE).sum()) / NE / a.duration,
                     "rate_I_Hz": float((i >= NE).sum()) / (N - NE) / a.duration})
print(json.dumps({"wall_s": round(time.time() - t0, 2), "runs": runs}))
