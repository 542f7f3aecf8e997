#!/usr/bin/python3
"""Brian2 reference for test/validation/exp_if.py: the exponential
integrate-and-fire neuron of stdlib/std/neurons/exp_if.bdl at I = 0.15, 0.5
and 2 uA/cm^2 for 1 s (RK4, dt = 0.01 ms). Prints, per current, the spike
count, the first spike time and the mean inter-spike interval.
Run: python3 test/validation/reference/exp_if_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
C = 1 * uF / cm**2; gL = 0.1 * mS / cm**2; EL = -65 * mV; VT = -59.9 * mV; DeltaT = 3.48 * mV
V_peak = -30 * mV; V_reset = -68 * mV
eqs = '''dv/dt = (gL*(EL - v) + gL*DeltaT*exp((v - VT)/DeltaT) + I)/C : volt
I : amp/meter**2'''
G = NeuronGroup(3, eqs, threshold="v > V_peak", reset="v = V_reset", method="rk4")
G.v = EL
G.I = [0.15, 0.5, 2] * uA / cm**2
S = SpikeMonitor(G)
run(1 * second)
for k, current in enumerate((0.15, 0.5, 2)):
    t = np.asarray(S.t / ms)[np.asarray(S.i) == k]
    isi = np.diff(t).mean() if len(t) > 1 else 0.0
    first = t[0] if len(t) else 0.0
    print("I_uA_cm2 %.2f spikes %d first_ms %.6f mean_isi_ms %.6f" % (current, len(t), first, isi))
