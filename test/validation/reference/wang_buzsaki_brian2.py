#!/usr/bin/python3
"""Brian2 reference for test/validation/wang_buzsaki.py: 200 Wang-Buzsaki
neurons of stdlib/std/neurons/wang_buzsaki.bdl with I = i * 0.01 uA/cm^2
(RK4, dt = 0.01 ms, 1 s). Prints the rheobase (the smallest current with a
spike in the last 500 ms) and the spike counts in 1 s at 0.2, 0.5, 1 and
1.99 uA/cm^2.
Run: python3 test/validation/reference/wang_buzsaki_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
C = 1 * uF / cm**2; gNa = 35 * mS / cm**2; ENa = 55 * mV; gK = 9 * mS / cm**2; EK = -90 * mV
gL = 0.1 * mS / cm**2; EL = -65 * mV; phi = 5
eqs = '''dv/dt = (I - gNa*m_inf**3*h*(v - ENa) - gK*n**4*(v - EK) - gL*(v - EL))/C : volt
dh/dt = phi*(alpha_h*(1 - h) - beta_h*h) : 1
dn/dt = phi*(alpha_n*(1 - n) - beta_n*n) : 1
m_inf = alpha_m/(alpha_m + beta_m) : 1
alpha_m = 1/ms/exprel(-(v + 35*mV)/(10*mV)) : Hz
beta_m = 4/ms*exp(-(v + 60*mV)/(18*mV)) : Hz
alpha_h = 0.07/ms*exp(-(v + 58*mV)/(20*mV)) : Hz
beta_h = 1/ms/(1 + exp(-(v + 28*mV)/(10*mV))) : Hz
alpha_n = 0.1/ms/exprel(-(v + 34*mV)/(10*mV)) : Hz
beta_n = 0.125/ms*exp(-(v + 44*mV)/(80*mV)) : Hz
I : amp/meter**2'''
G = NeuronGroup(200, eqs, threshold="v > -20*mV", refractory=2 * ms, method="rk4")
G.v = -64 * mV; G.h = 0.78; G.n = 0.09
G.I = "i * 0.01 * uA / cm**2"
S = SpikeMonitor(G)
run(1 * second)
t, i = np.asarray(S.t / ms), np.asarray(S.i)
late = np.bincount(i[t >= 500], minlength=200)
total = np.bincount(i, minlength=200)
print("rheobase_uA_cm2 %.2f late_spikes %d" % (np.argmax(late >= 1) * 0.01, late[np.argmax(late >= 1)]))
print("spikes_at_0.2_0.5_1_1.99 %d %d %d %d" % (total[20], total[50], total[100], total[199]))
