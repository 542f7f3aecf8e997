#!/usr/bin/python3
"""Brian2 reference for test/validation/brunel.py: the network of
examples/brunel.bdl (Brunel 2000; N_E = 4000, N_I = 1000, C_E = 1000,
C_I = 250, J = 0.1 mV, D = 1.5 ms, Euler, dt = 0.1 ms, 1 s). As in the BDL
model, input that arrives while a neuron is refractory is lost
(`int(not_refractory)` on the synapses and the Poisson input).
Prints the E and I rates over the whole run and the mean ISI CV of the
neurons with at least 3 spikes after 200 ms.
Run: python3 test/validation/reference/brunel_brian2.py --seed 1 [--g 3]
(needs python3-brian; cpp_standalone, about 30 s each)"""
import argparse
import warnings
warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *

ap = argparse.ArgumentParser()
ap.add_argument("--g", type=float, default=5)
ap.add_argument("--eta", type=float, default=2)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--duration", type=float, default=1.0)
ap.add_argument("--dir", default="/tmp/brunel_brian2")
a = ap.parse_args()

set_device("cpp_standalone", directory=a.dir)
seed(a.seed)
rng = np.random.default_rng(a.seed)
defaultclock.dt = 0.1 * ms
NE, NI, CE, CI = 4000, 1000, 1000, 250
N = NE + NI
J = 0.1 * mV; tau = 20 * ms; theta = 20 * mV; Vr = 10 * mV; g = a.g
nu_thr = theta / (J * CE * tau)
G = NeuronGroup(N, "dv/dt = -v / tau : volt (unless refractory)", threshold="v > theta",
                reset="v = Vr", refractory=2 * ms, method="euler")
G.v = "rand() * theta"


def indegree(nsrc, k, offset):
    """k distinct random sources per target, as fixed_indegree."""
    pre = np.concatenate([rng.choice(nsrc, k, replace=False) + offset for _ in range(N)])
    return pre, np.repeat(np.arange(N), k)


SE = Synapses(G, G, on_pre="v_post += J * int(not_refractory_post)", delay=1.5 * ms)
pre, post = indegree(NE, CE, 0)
SE.connect(i=pre, j=post)
SI = Synapses(G, G, on_pre="v_post += -g * J * int(not_refractory_post)", delay=1.5 * ms)
pre, post = indegree(NI, CI, NE)
SI.connect(i=pre, j=post)
P = PoissonInput(G, "v", CE, a.eta * nu_thr, weight="J * int(not_refractory)")
M = SpikeMonitor(G)
run(a.duration * second)

t, i = M.t_[:], M.i_[:]
keep = t >= 0.2
ts, is_ = t[keep], i[keep]
cvs = []
for n in range(N):
    isi = np.diff(np.sort(ts[is_ == n]))
    if len(isi) >= 2:
        cvs.append(isi.std() / isi.mean())
print("rate_E_Hz %.4f rate_I_Hz %.4f cv %.3f" % (np.sum(i < NE) / NE / a.duration,
                                                 np.sum(i >= NE) / NI / a.duration, np.mean(cvs)))
