#!/usr/bin/python3
"""Brian2 reference for test/validation/calcium.py: the HH neuron with a
high-threshold Ca current, a Ca pool and a Ca-activated K (AHP) current of
stdlib/std/neurons/hh_adapting.bdl (channels of stdlib/std/channels/calcium.bdl,
after Wang 1998), driven by a 30 uA/cm^2 step from 50 to 550 ms, 800 ms in
all (RK4, as bdlc picks for it; dt = 0.01 ms). A has gAHP = 15 mS/cm^2,
B gAHP = 0. Prints, for each, the spike count, the first, second and last
inter-spike intervals, and for A the peak [Ca] and [Ca] at the end.
Run: python3 test/validation/reference/calcium_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
eqs = '''
dv/dt = (INa + IK + IL + ICa + IAHP + I_ext) / Cm : volt
INa = gNa * m**3 * h * (ENa - v) : amp/meter**2
IK = gK * n**4 * (EK - v) : amp/meter**2
IL = gL * (EL - v) : amp/meter**2
ICa = gCa * m_inf**2 * (ECa - v) : amp/meter**2
m_inf = 1 / (1 + exp(-(v + 20*mV) / (9*mV))) : 1
IAHP = gAHP * Ca / (Ca + KD) * (EK - v) : amp/meter**2
dCa/dt = alpha * ICa - (Ca - Ca_rest) / tauCa : mmolar
dm/dt = alpha_m * (1 - m) - beta_m * m : 1
dh/dt = alpha_h * (1 - h) - beta_h * h : 1
dn/dt = alpha_n * (1 - n) - beta_n * n : 1
alpha_m = 1 / ms / exprel(-(v + 40*mV) / (10*mV)) : Hz
beta_m = 4 / ms * exp(-(v + 65*mV) / (18*mV)) : Hz
alpha_h = 0.07 / ms * exp(-(v + 65*mV) / (20*mV)) : Hz
beta_h = 1 / ms / (1 + exp(-(v + 35*mV) / (10*mV))) : Hz
alpha_n = 0.1 / ms / exprel(-(v + 55*mV) / (10*mV)) : Hz
beta_n = 0.125 / ms * exp(-(v + 65*mV) / (80*mV)) : Hz
gAHP : siemens/meter**2
I_ext : amp/meter**2
'''
Cm = 1 * uF / cm**2
gNa = 120 * mS / cm**2; ENa = 50 * mV; gK = 36 * mS / cm**2; EK = -77 * mV
gL = 0.3 * mS / cm**2; EL = -54.387 * mV
gCa = 1 * mS / cm**2; ECa = 120 * mV
alpha = 0.002 * umolar * cm**2 / (ms * uA); tauCa = 80 * ms; Ca_rest = 0 * umolar
KD = 30 * umolar
G = NeuronGroup(2, eqs, threshold="v > 0*mV", refractory=2 * ms, method="rk4")
G.v = -65 * mV; G.m = 0.0529; G.h = 0.5961; G.n = 0.3177; G.Ca = 0 * umolar
G.gAHP = [15, 0] * mS / cm**2
S = SpikeMonitor(G)
M = StateMonitor(G, "Ca", record=[0])
run(50 * ms)
G.I_ext = 30 * uA / cm**2
run(500 * ms)
G.I_ext = 0 * uA / cm**2
run(250 * ms)
for k, name in enumerate("AB"):
    t = np.asarray(S.t / ms)[np.asarray(S.i) == k]
    isi = np.diff(t)
    print("%s spikes %d isi_first_ms %.6f isi_second_ms %.6f isi_last_ms %.6f" % (name, len(t), isi[0], isi[1], isi[-1]))
ca = np.asarray(M.Ca[0] / umolar)
print("A ca_peak_uM %.6f ca_end_uM %.6f" % (ca.max(), ca[-1]))
