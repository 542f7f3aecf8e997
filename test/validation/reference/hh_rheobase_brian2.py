#!/usr/bin/python3
"""Brian2 reference for test/validation/hh_rheobase.py: 200 HH neurons of
stdlib/std/neurons/hh.bdl with I_ext = i * 0.05 uA/cm^2 (exponential Euler,
dt = 0.01 ms, 1 s). Prints the smallest current with repetitive firing
(at least 3 spikes in the last 500 ms) and the spike count there.
Run: python3 test/validation/reference/hh_rheobase_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
eqs = '''
dv/dt = (INa + IK + IL + I_ext) / Cm : volt
INa = gNa * m**3 * h * (ENa - v) : amp/meter**2
IK = gK * n**4 * (EK - v) : amp/meter**2
IL = gL * (EL - v) : amp/meter**2
dm/dt = alpha_m * (1 - m) - beta_m * m : 1
dh/dt = alpha_h * (1 - h) - beta_h * h : 1
dn/dt = alpha_n * (1 - n) - beta_n * n : 1
alpha_m = 1 / ms / exprel(-(v + 40*mV) / (10*mV)) : Hz
beta_m = 4 / ms * exp(-(v + 65*mV) / (18*mV)) : Hz
alpha_h = 0.07 / ms * exp(-(v + 65*mV) / (20*mV)) : Hz
beta_h = 1 / ms / (1 + exp(-(v + 35*mV) / (10*mV))) : Hz
alpha_n = 0.1 / ms / exprel(-(v + 55*mV) / (10*mV)) : Hz
beta_n = 0.125 / ms * exp(-(v + 65*mV) / (80*mV)) : Hz
I_ext : amp/meter**2
'''
Cm = 1 * uF / cm**2
gNa = 120 * mS / cm**2; ENa = 50 * mV; gK = 36 * mS / cm**2; EK = -77 * mV
gL = 0.3 * mS / cm**2; EL = -54.387 * mV
G = NeuronGroup(200, eqs, threshold="v > 0*mV", refractory=2 * ms, method="exponential_euler")
G.v = -65 * mV; G.m = 0.0529; G.h = 0.5961; G.n = 0.3177
G.I_ext = "i * 0.05 * uA / cm**2"
S = SpikeMonitor(G)
run(1 * second)
late = np.bincount(np.asarray(S.i)[np.asarray(S.t / ms) >= 500], minlength=200)
first = int(np.argmax(late >= 3))
print("rheobase_uA_cm2 %.2f late_spikes %d" % (first * 0.05, late[first]))
