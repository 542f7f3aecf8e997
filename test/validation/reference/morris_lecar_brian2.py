#!/usr/bin/python3
"""Brian2 reference for test/validation/morris_lecar.py: the Morris-Lecar
neuron of stdlib/std/neurons/morris_lecar.bdl (RK4, dt = 0.01 ms, 2 s).
Prints the spike count and the period from the mean ISI.
Run: python3 test/validation/reference/morris_lecar_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
from brian2 import *
prefs.codegen.target = "numpy"
defaultclock.dt = 0.01 * ms
C = 20 * uF / cm**2; gL = 2 * mS / cm**2; EL = -60 * mV; gK = 8 * mS / cm**2; EK = -84 * mV
gCa = 4.4 * mS / cm**2; ECa = 120 * mV; V1 = -1.2 * mV; V2 = 18 * mV; V3 = 2 * mV; V4 = 30 * mV
phi = 0.04; I = 90 * uA / cm**2
eqs = '''dv/dt = (I - gL*(v - EL) - gK*w*(v - EK) - gCa*m_inf*(v - ECa))/C : volt
dw/dt = phi*(w_inf - w)/tau_w : 1
m_inf = 0.5*(1 + tanh((v - V1)/V2)) : 1
w_inf = 0.5*(1 + tanh((v - V3)/V4)) : 1
tau_w = 1*ms/cosh((v - V3)/(2*V4)) : second'''
G = NeuronGroup(1, eqs, threshold="v > 0*mV", refractory=50 * ms, method="rk4")
G.v = -60 * mV; G.w = 0
S = SpikeMonitor(G)
run(2 * second)
t = S.t / ms
print("spikes %d period_ms %.6f" % (len(t), (t[-1] - t[0]) / (len(t) - 1)))
