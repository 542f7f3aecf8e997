#!/usr/bin/python3
"""Brian2 reference for test/validation/fhn.py: the FitzHugh-Nagumo neuron
of stdlib/std/neurons/fitzhugh_nagumo.bdl (RK4, dt = 0.01 ms, 1 s).
Prints the spike count and the limit-cycle period from the mean ISI.
Run: python3 test/validation/reference/fhn_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
a = 0.7; b = 0.8; tau = 12.5 * ms; tscale = 1 * ms; I = 0.5
eqs = '''dv/dt = (v - v**3/3 - w + I)/tscale : 1
dw/dt = (v + a - b*w)/tau : 1'''
G = NeuronGroup(1, eqs, threshold="v > 1", refractory=20 * ms, method="rk4")
G.v = -1; G.w = 1
S = SpikeMonitor(G)
run(1 * second)
t = S.t / ms
print("spikes %d period_ms %.6f" % (len(t), (t[-1] - t[0]) / (len(t) - 1)))
