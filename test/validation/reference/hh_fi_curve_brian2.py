#!/usr/bin/python3
"""Brian2 reference for test/validation/hh_fi_curve.py: Brian2's example
IF_curve_Hodgkin_Huxley.py (its equations, threshold and condition
refractoriness) with the 15 currents of examples/hh_fi_curve.bdl, one neuron
each, 2 s at dt = 0.1 ms, exponential Euler. Prints the spike count of each.
Run: python3 test/validation/reference/hh_fi_curve_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *
prefs.codegen.target = "numpy"
area = 20000 * umetre**2
Cm = 1 * ufarad * cm**-2 * area
gl = 5e-5 * siemens * cm**-2 * area
El = -65 * mV; EK = -90 * mV; ENa = 50 * mV
g_na = 100 * msiemens * cm**-2 * area
g_kd = 30 * msiemens * cm**-2 * area
VT = -63 * mV
eqs = Equations('''
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4.*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5.*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5.*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
''')
group = NeuronGroup(15, eqs, threshold='v > -40*mV', refractory='v > -40*mV', method='exponential_euler')
group.v = El
group.I = np.arange(15) * 0.05 * nA
monitor = SpikeMonitor(group)
run(2 * second)
print(list(int(c) for c in monitor.count))
