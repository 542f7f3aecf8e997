#!/usr/bin/python3
"""Brian2 reference for test/validation/stdp_song.py: Brian2's example of
Song, Miller & Abbott (2000) (1000 Poisson inputs at 15 Hz, pair STDP,
gmax = 0.01), as examples/stdp_song2000.bdl, cpp_standalone, 100 s. Prints,
every 10 s, the fraction of weights below 0.1 gmax or at least 0.9 gmax, the
mean weight / gmax, the post rate over the preceding 10 s and a histogram.
Run: python3 test/validation/reference/stdp_song_brian2.py   (needs python3-brian)"""
import warnings
warnings.filterwarnings("ignore")
from brian2 import *
import numpy as np
import tempfile
set_device('cpp_standalone', directory=tempfile.mkdtemp(prefix='brian2-song-'))
N = 1000; taum = 10*ms; taupre = 20*ms; taupost = taupre; Ee = 0*mV; vt = -54*mV; vr = -60*mV; El = -74*mV; taue = 5*ms
F = 15*Hz; gmax = .01; dApre = .01; dApost = -dApre * taupre / taupost * 1.05; dApost *= gmax; dApre *= gmax
eqs_neurons = '''dv/dt = (ge * (Ee-v) + El - v) / taum : volt
dge/dt = -ge / taue : 1'''
poisson_input = PoissonGroup(N, rates=F)
neurons = NeuronGroup(1, eqs_neurons, threshold='v>vt', reset='v = vr', method='euler')
S = Synapses(poisson_input, neurons, '''w : 1
dApre/dt = -Apre / taupre : 1 (event-driven)
dApost/dt = -Apost / taupost : 1 (event-driven)''',
             on_pre='''ge += w
Apre += dApre
w = clip(w + Apost, 0, gmax)''',
             on_post='''Apost += dApost
w = clip(w + Apre, 0, gmax)''')
S.connect()
S.w = 'rand() * gmax'
neurons.v = vr
mon = StateMonitor(S, 'w', record=np.arange(N), dt=10*second)
s_mon = SpikeMonitor(neurons)
run(100*second)
t = np.asarray(s_mon.t / second)
for k in range(mon.w.shape[1]):
    w = mon.w[:, k] / gmax
    print("t %d s: extremes %.4f mean %.4f rate %.2f Hz hist %s" % (
        k * 10, np.mean((w < 0.1) | (w >= 0.9)), w.mean(), np.sum((t >= k * 10 - 10) & (t < k * 10)) / 10.0,
        np.histogram(w, bins=10, range=(0, 1))[0].tolist()))
