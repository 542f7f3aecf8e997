#!/usr/bin/python3
"""Brian2 reference for test/validation/hindmarsh_rose.py: the Hindmarsh-Rose
neuron of stdlib/std/neurons/hindmarsh_rose.bdl at I = 2 (RK4, dt = 0.01 ms,
5 s). Prints the spike count, the number of bursts (a burst ends at an ISI
over 100 ms), the spikes per complete burst and the inter-burst period from
the mean interval between burst onsets.
Run: python3 test/validation/reference/hindmarsh_rose_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
a = 1; b = 3; c = 1; d = 5; s = 4; x_R = -1.6; r = 0.001; I = 2; tscale = 1 * ms
eqs = '''dx/dt = (y - a*x**3 + b*x**2 - z + I)/tscale : 1
dy/dt = (c - d*x**2 - y)/tscale : 1
dz/dt = r*(s*(x - x_R) - z)/tscale : 1'''
G = NeuronGroup(1, eqs, threshold="x > 1", refractory=2 * ms, method="rk4")
G.x = -1.6; G.y = -11.8; G.z = 2
S = SpikeMonitor(G)
run(5 * second)
t = np.asarray(S.t / ms)
onsets = np.concatenate(([0], np.where(np.diff(t) > 100)[0] + 1))
sizes = np.diff(np.concatenate((onsets, [len(t)])))
print("spikes %d bursts %d spikes_per_burst %s period_ms %.6f" % (
    len(t), len(onsets), ",".join(str(k) for k in sizes[:-1]), np.diff(t[onsets]).mean()))
