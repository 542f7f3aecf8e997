#!/usr/bin/python3
"""Brian2 reference for test/validation/jeffress.py: Brian2's example
sound_localisation_Jeffress (frompapers), with the sound of
examples/data/jeffress_sound.npy (1 s of white noise at 44.1 kHz, in a
TimedArray of dt = 1/44.1 kHz) and a fixed direction per run instead of a
rotating one: theta = -60, -20, 20 and 60 degrees, 4 trials of 1 s each at
dt = 0.02 ms, Euler-Maruyama. Prints, per direction, the coincidence
detectors' spike counts summed over the trials and the estimated direction
(validation/jeffress.py's estimate()). About 20 minutes (numpy target).
Run: python3 test/validation/reference/jeffress_brian2.py   (needs python3-brian)"""
import os
import sys
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from jeffress import estimate, THETAS_DEG, TRIALS

prefs.codegen.target = "numpy"
here = os.path.dirname(os.path.abspath(__file__))
samples = np.load(os.path.join(here, "..", "..", "..", "examples", "data", "jeffress_sound.npy")).astype(float)
defaultclock.dt = .02 * ms
sound = TimedArray(samples, dt=1 * second / 44100)
sound_speed = 300 * metre / second
interaural_distance = 20 * cm
max_delay = interaural_distance / sound_speed
tau_ear = 1 * ms
sigma_ear = .1
num_neurons = 30
tau = 1 * ms
sigma = .1
eqs_ears = '''
dx/dt = (sound(t-delay)-x)/tau_ear+sigma_ear*(2./tau_ear)**.5*xi : 1 (unless refractory)
delay = distance*sin(theta) : second
distance : second
theta : radian
'''
for k, deg in enumerate(THETAS_DEG):
    total = np.zeros(num_neurons, dtype=int)
    for trial in range(TRIALS):
        seed(1000 + 10 * k + trial)
        ears = NeuronGroup(2, eqs_ears, threshold='x>1', reset='x = 0', refractory=2.5 * ms, method='euler')
        ears.distance = [-.5 * max_delay, .5 * max_delay]
        ears.theta = deg * np.pi / 180
        neurons = NeuronGroup(num_neurons, 'dv/dt = -v / tau + sigma * (2 / tau)**.5 * xi : 1',
                              threshold='v>1', reset='v = 0', method='euler')
        synapses = Synapses(ears, neurons, on_pre='v += .5')
        synapses.connect()
        synapses.delay['i==0'] = '(1.0*j)/(num_neurons-1)*1.1*max_delay'
        synapses.delay['i==1'] = '(1.0*(num_neurons-j-1))/(num_neurons-1)*1.1*max_delay'
        spikes = SpikeMonitor(neurons)
        Network(ears, neurons, synapses, spikes).run(1 * second)
        total += np.bincount(np.asarray(spikes.i), minlength=num_neurons)
    print("theta %+d deg: estimate %.2f counts %s" % (deg, estimate(total), total.tolist()), flush=True)
