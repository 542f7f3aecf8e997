#!/usr/bin/python3
"""Brian2 reference for test/validation/adex.py: the AdEx neuron of
stdlib/std/neurons/adex.bdl at I = 1 nA for 1 s (RK4, dt = 0.01 ms).
Prints the spike count and the first, second and last inter-spike intervals.
Run: python3 test/validation/reference/adex_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
C = 281 * pF; gL = 30 * nS; EL = -70.6 * mV; VT = -50.4 * mV; DeltaT = 2 * mV
tauw = 144 * ms; a = 4 * nS; b = 0.0805 * nA; Vr = -70.6 * mV; I = 1 * nA
eqs = '''dv/dt = (gL*(EL - v) + gL*DeltaT*exp((v - VT)/DeltaT) + I - w)/C : volt
dw/dt = (a*(v - EL) - w)/tauw : amp'''
G = NeuronGroup(1, eqs, threshold="v > VT + 5*DeltaT", reset="v = Vr; w += b", method="rk4")
G.v = EL
S = SpikeMonitor(G)
run(1 * second)
isi = diff(S.t / ms)
print("spikes %d isi_first_ms %.6f isi_second_ms %.6f isi_last_ms %.6f" % (len(S.t), isi[0], isi[1], isi[-1]))
