#!/usr/bin/python3
"""Brian2 reference for test/validation/wilson_cowan.py: the Wilson-Cowan
E/I pair of stdlib/std/neurons/wilson_cowan.bdl (RK4, dt = 0.01 ms, 1 s).
Prints the number of cycles (upward crossings of E = 0.2), the period from
the mean interval of the crossings after 300 ms, and the range of E over
the last 300 ms.
Run: python3 test/validation/reference/wilson_cowan_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
tau_e = 10 * ms; tau_i = 10 * ms; c1 = 16; c2 = 12; c3 = 15; c4 = 3
a_e = 1.3; theta_e = 4; a_i = 2; theta_i = 3.7; r_e = 1; r_i = 1; P = 1.25; Q = 0
k_e = 1 - 1 / (1 + exp(a_e * theta_e)); k_i = 1 - 1 / (1 + exp(a_i * theta_i))
eqs = '''dE/dt = (-E + (k_e - r_e*E)*S_e)/tau_e : 1
dI/dt = (-I + (k_i - r_i*I)*S_i)/tau_i : 1
S_e = 1/(1 + exp(-a_e*(c1*E - c2*I + P - theta_e))) - 1/(1 + exp(a_e*theta_e)) : 1
S_i = 1/(1 + exp(-a_i*(c3*E - c4*I + Q - theta_i))) - 1/(1 + exp(a_i*theta_i)) : 1'''
G = NeuronGroup(1, eqs, threshold="E > 0.2", refractory=20 * ms, method="rk4")
G.E = 0.1; G.I = 0.05
S = SpikeMonitor(G)
M = StateMonitor(G, "E", record=0, dt=0.1 * ms)
run(1 * second)
t = np.asarray(S.t / ms)
late = t[t >= 300]
E = np.asarray(M.E[0])[np.asarray(M.t / ms) >= 700]
print("cycles %d period_ms %.6f E_min %.6f E_max %.6f" % (len(t), np.diff(late).mean(), E.min(), E.max()))
