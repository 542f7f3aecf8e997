#!/usr/bin/python3
"""Brian2 reference for test/validation/alpha_synapse.py: one neuron
(C = 200 pF, gL = 10 nS, EL = -70 mV) receiving 10 spikes through an alpha
conductance (std.synapses.conductance.AlphaConductance: w = 3 nS, tau = 3 ms,
E = 0 mV) as clock-driven synaptic equations and a summed current, exact
integration, dt = 0.1 ms. Prints v (mV) every 5 ms from 0 to 115 ms.
Run: python3 test/validation/reference/alpha_synapse_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
from brian2 import *
import numpy as np
prefs.codegen.target = "numpy"
defaultclock.dt = 0.1 * ms
C = 200 * pF; gL = 10 * nS; EL = -70 * mV
times = np.array([5, 12, 13, 30, 31, 32, 33, 60, 61, 90]) * ms
G = SpikeGeneratorGroup(1, np.zeros(len(times), dtype=int), times)
N = NeuronGroup(1, "dv/dt = (gL*(EL - v) + I_syn)/C : volt\nI_syn : amp", method="exact")
N.v = EL
S = Synapses(G, N, """dx/dt = -x/tau : siemens (clock-driven)
dg/dt = (exp(1)*x - g)/tau : siemens (clock-driven)
I_syn_post = g*(E - v_post) : amp (summed)
tau : second (shared)
E : volt (shared)""", on_pre="x += w", method="exact", namespace={"w": 3 * nS})
S.connect()
S.tau = 3 * ms
S.E = 0 * mV
M = StateMonitor(N, "v", record=0)
run(120 * ms)
print(" ".join("%.12f" % x for x in M.v[0][::50] / mV))
