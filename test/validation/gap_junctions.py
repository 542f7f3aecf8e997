#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""examples/gap_junctions.bdl: gap junctions synchronise Wang-Buzsaki
interneurons (Wang & Buzsaki 1996, J Neurosci 16:6402) with heterogeneous
drive. Two copies of 100 cells with constant drives 0.8, 0.804, ...,
1.196 uA/cm^2 and random initial potentials (seed 1, 1 s, dt 0.01 ms):
`Uncoupled`, and `Coupled` with a 0.2 nS junction between every pair.

1. Synchrony. chi (Golomb & Hansel 2000, Neural Comput 12:1095) is the
   standard deviation of the population-average potential over the root
   mean variance of the single cells' potentials, from v of all cells every
   0.2 ms after a 200 ms transient (the coupled cells lock within 50 ms): 1
   for identical traces, about 1/sqrt(N) = 0.1 for independent cells.
   Measured 0.10 and 0.83 (also with seeds 2 and 3). Thresholds: Uncoupled
   < 0.25 (2.5/sqrt(N): the uncoupled cells' frequencies differ, so their
   phases drift through each other and chi stays at the independent value),
   Coupled > 0.6 (the locked state is below 1 because faster-driven cells
   lead by a phase lag and their spikes differ). With 0.1 nS per junction
   the cells are only partly locked (chi 0.42), with 0.02 nS not at all
   (0.08).
2. Rates and locking, after the transient. Uncoupled cells fire at the
   rate of the single cell's f-I curve, 50 to 69 Hz (mean 59.5 Hz; the
   stdlib test has 60 Hz at 1 uA/cm^2): mean in [50, 70] Hz and spike counts
   spread over at least 10 (about 15 measured). Coupled cells all fire at one
   rate (62.5 Hz measured, near the uncoupled mean; the spikelets speed the
   slow cells up more than the leak slows the fast ones down): mean in
   [50, 75] Hz and counts spread over at most 1 (the window's edges may cut
   a cycle).
3. The copy. The example's Interneuron repeats std.neurons.wang_buzsaki with
   an input; without junctions (I_syn = 0) it gives the stdlib cell's spike
   times exactly (20 cells, 0 to 1.9 uA/cm^2, 300 ms; test/lit/run/Inputs/
   gap_junctions_checks.bdl, experiment `copy`).
4. The coupling currents, network-wide. The same network recorded at every
   step for 30 ms (experiment `steps`): q, the charge through a cell's
   junctions, grows by dt I_syn each step (Euler), and all-to-all junctions
   give I_syn = g (sum_j v_j - N v_i) from the potentials at the start of the
   step, that is N g (mean potential - v_i). Checked on every step and cell
   to 1e-9 of the largest step (rounding only: the kernel sums 100 products
   in another order). The junctions are symmetric, so charge moves between
   cells but is conserved: sum_i q_i = 0 at every step, to 1e-9 of
   sum_i |q_i|. (A junction from a single pair is tested in synapses.py.)

Usage: gap_junctions.py BDLC SOURCE_ROOT
"""
import math
import os
import sys

import numpy as np

from common import Checks, run_model, spikes, state

N, G, DT, T0 = 100, 0.2, 0.01, 0.2  # cells, nS per junction, ms, transient (s)


def chi(v):
    return math.sqrt(v.mean(axis=1).var() / v.var(axis=0).mean())


def main(bdlc, root):
    c = Checks()
    res = run_model(bdlc, os.path.join(root, "examples", "gap_junctions.bdl"))
    duration = 1.0
    stats = {}
    for pop in ("Uncoupled", "Coupled"):
        t, v = state(res, pop, "v")
        ts, i = spikes(res, pop)
        counts = np.bincount(i[ts >= T0], minlength=N)
        stats[pop] = (chi(v[t >= T0]), counts.mean() / (duration - T0), counts.max() - counts.min(),
                      counts.min() / (duration - T0), counts.max() / (duration - T0))
    cu, cc = stats["Uncoupled"][0], stats["Coupled"][0]
    c.check(cu < 0.25, "Uncoupled asynchronous: chi %.3f (independent cells 1/sqrt(N) = %.3f)" % (cu, 1 / math.sqrt(N)))
    c.check(cc > 0.6, "Coupled synchronous: chi %.3f" % cc)
    rate, spread, lo, hi = stats["Uncoupled"][1:]
    c.check(50 <= rate <= 70 and spread >= 10, "Uncoupled rates: mean %.1f Hz, %.1f to %.1f Hz (counts spread %d)"
            % (rate, lo, hi, spread))
    rate, spread, lo, hi = stats["Coupled"][1:]
    c.check(50 <= rate <= 75 and spread <= 1, "Coupled locked: mean %.1f Hz, %.1f to %.1f Hz (counts spread %d)"
            % (rate, lo, hi, spread))

    checks = os.path.join(root, "test", "lit", "run", "Inputs", "gap_junctions_checks.bdl")
    res = run_model(bdlc, checks, experiment="copy", workdir=os.path.dirname(res))
    ta, ia = spikes(res, "A")
    tb, ib = spikes(res, "B")
    same = len(ta) == len(tb) and np.array_equal(ia, ib) and np.array_equal(ta, tb)
    c.check(same and len(ta) > 100, "copy of the stdlib cell: %d and %d spikes, identical: %s" % (len(ta), len(tb), same))

    res = run_model(bdlc, checks, experiment="steps", workdir=os.path.dirname(res))
    _, v = state(res, "Coupled", "v")
    _, q = state(res, "Coupled", "q")
    dq = np.diff(q, axis=0)  # pC per step
    want = DT * G * (v.sum(axis=1, keepdims=True) - N * v)[:-1] * 1e-3  # ms nS mV = fC
    err = np.max(np.abs(dq - want)) / np.max(np.abs(want))
    c.check(err < 1e-9, "coupling current N g (mean v - v_i) on %d steps x %d cells: max deviation %.1e of the largest "
            "(%.2f pA)" % (dq.shape[0], N, err, np.max(np.abs(want)) / DT * 1e3))
    leak = np.max(np.abs(q.sum(axis=1))) / np.max(np.abs(q).sum(axis=1))
    c.check(leak < 1e-9, "charge conserved: max |sum_i q_i| %.1e of sum_i |q_i| (%.3f pC)"
            % (leak, np.max(np.abs(q).sum(axis=1))))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
