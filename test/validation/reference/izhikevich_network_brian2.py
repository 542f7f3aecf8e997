#!/usr/bin/python3
"""Brian2 reference for test/validation/izhikevich_network.py: the network of
examples/izhikevich_network.bdl (Izhikevich 2003: 800 RS + 200 FS neurons,
heterogeneous by r, all-to-all weights 0.5 rand / -rand added to v, thalamic
white noise 5 and 2 mV/sqrt(ms); Euler, dt = 0.5 ms, 1 s).
Prints the E and I rates and the share of the population spike count's power
(1 ms bins, after 100 ms) in 8-14 Hz and in 30-80 Hz, with the peak frequency
above 2 Hz.
Run: python3 test/validation/reference/izhikevich_network_brian2.py --seed 1
(needs python3-brian; numpy target, about a minute)"""
import argparse
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
prefs.codegen.target = "numpy"
seed(a.seed)
defaultclock.dt = 0.5 * ms
eqs = """dv/dt = (0.04/mV*v**2 + 5*v + 140*mV - u)/ms + sigma*xi : volt
du/dt = a*(b*v - u) : volt
a : 1/second
b : 1
c : volt
d : volt
sigma : volt/second**0.5"""
G = NeuronGroup(1000, eqs, threshold="v >= 30*mV", reset="v = c; u += d", method="euler")
E, I = G[:800], G[800:]
re, ri = np.random.rand(800), np.random.rand(200)
E.a = 0.02 / ms; E.b = 0.2; E.c = (-65 + 15 * re**2) * mV; E.d = (8 - 6 * re**2) * mV
I.a = (0.02 + 0.08 * ri) / ms; I.b = 0.25 - 0.05 * ri; I.c = -65 * mV; I.d = 2 * mV
E.sigma = 5 * mV / sqrt(ms); I.sigma = 2 * mV / sqrt(ms)
G.v = -65 * mV
G.u = "b * v"
SE = Synapses(E, G, "w : volt", on_pre="v_post += w")
SE.connect()
SE.w = "0.5 * rand() * mV"
SI = Synapses(I, G, "w : volt", on_pre="v_post += w")
SI.connect()
SI.w = "-rand() * mV"
M = SpikeMonitor(G)
run(1 * second)

t, i = M.t_[:], M.i_[:]
c = np.histogram(t, np.arange(0, 1.0 + 1e-9, 1e-3))[0][100:].astype(float)
f = np.fft.rfftfreq(len(c), 1e-3)
P = np.abs(np.fft.rfft(c - c.mean()))**2
share = lambda lo, hi: P[(f >= lo) & (f < hi)].sum() / P[f > 0].sum()
print("rate_E_Hz %.4f rate_I_Hz %.4f alpha %.3f gamma %.3f peak_Hz %.2f" % (
    np.sum(i < 800) / 800, np.sum(i >= 800) / 200, share(8, 14), share(30, 80), f[f >= 2][np.argmax(P[f >= 2])]))
