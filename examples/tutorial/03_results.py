#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Tutorial, part 3 (docs/tutorial.md): the results of parts 1 and 2 in Python.

    examples/tutorial/03_results.py RESULTS OUT

reads RESULTS/step, RESULTS/fi and RESULTS/network (written by the commands
in 01_hh.bdl and 02_network.bdl), prints what it finds and writes
OUT/step.png, OUT/fi.png and OUT/network.png."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

import numpy as np  # noqa: E402

import bdl  # noqa: E402
from bdl import analysis  # noqa: E402


def main(results, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    os.makedirs(out, exist_ok=True)

    # Part 1: the voltage and the gates during the current step.
    step = bdl.load(os.path.join(results, "step"))
    v = step.state("N", "v")
    fig, (a1, a2) = plt.subplots(2, 1, sharex=True, figsize=(7, 5))
    a1.plot(v.t * 1e3, v.values[:, 0])
    a1.set_ylabel("v (%s)" % v.unit)
    for gate in ("na.m", "na.h", "k.n"):
        g = step.state("N", gate)
        a2.plot(g.t * 1e3, g.values[:, 0], label=gate)
    a2.set_xlabel("t (ms)")
    a2.legend()
    fig.savefig(os.path.join(out, "step.png"))
    print("step: %d spikes in the 100 ms step" % len(step.spikes("N").t))

    # The f-I curve: one run per current, the rate of each.
    fi = bdl.load(os.path.join(results, "fi"))
    currents = fi.points[:, 0]
    rates = np.array([r.firing_rates("N")[0] for r in fi])
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.plot(currents, rates, "o-")
    ax.set_xlabel("I_ext (%s)" % fi.sweeps[0].unit)
    ax.set_ylabel("rate (Hz)")
    fig.savefig(os.path.join(out, "fi.png"))
    # Below the onset the step from rest gives a spike or two, not a train.
    onset = currents[np.argmax(rates > 10)] if (rates > 10).any() else float("nan")
    print("f-I: repetitive firing from %g %s; %.1f Hz at %g %s" % (onset, fi.sweeps[0].unit, rates[-1], currents[-1],
                                                                   fi.sweeps[0].unit))

    # Part 2: raster, smoothed population rate and irregularity.
    net = bdl.load(os.path.join(results, "network"))
    t, i = net.spikes("E")
    rate = net.rate("E")
    fig, (a1, a2) = plt.subplots(2, 1, sharex=True, figsize=(7, 5))
    a1.plot(t * 1e3, i, ",k")
    a1.set_ylabel("neuron")
    a2.plot(rate.t * 1e3, rate.smoothed)
    a2.set_xlabel("t (ms)")
    a2.set_ylabel("E rate (Hz)")
    fig.savefig(os.path.join(out, "network.png"))
    cv = np.nanmean(analysis.isi_cv(net.spikes("E")))
    print("network: E fires at %.1f Hz on average, ISI CV %.2f (irregular)" % (net.firing_rates("E").mean(), cv))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
