#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A raster with population rates: COBA (examples/coba.bdl, 3200 excitatory
and 800 inhibitory conductance-based LIF neurons), with the statistics of
asynchronous irregular activity: mean rates, ISI CV, Fano factor and the mean
pairwise spike-count correlation.

    examples/python/raster_rates.py [OUT] [--duration 1s] [--we 0.6]

writes OUT/raster_rates.png (default OUT: results/python). Needs a built
bdlc (make build) and python3-numpy, python3-matplotlib."""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

import numpy as np  # noqa: E402

import bdl  # noqa: E402
from bdl import analysis  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", default="results/python")
    p.add_argument("--duration", default="1 s", help="simulated time (default 1 s)")
    p.add_argument("--we", type=float, default=0.6, help="excitatory weight (default 0.6, the model's)")
    a = p.parse_args(argv)

    model = bdl.compile(os.path.join(HERE, "..", "coba.bdl"))
    res = model.run(duration=a.duration, set={"we": a.we}, out=os.path.join(a.out, "coba"))
    for pop in ("E", "I"):
        s = res.spikes(pop)
        cv = analysis.isi_cv(s)
        fano = analysis.fano_factor(s, window=0.05)
        corr = analysis.correlations(s, 0.005, neurons=np.arange(200))
        print("%s: %.2f Hz, ISI CV %.2f, Fano factor (50 ms) %.2f, correlation of 200 neurons (5 ms) %.3f"
              % (pop, s.rates().mean(), np.nanmean(cv), np.nanmean(fano), analysis.mean_correlation(corr)))

    import matplotlib
    matplotlib.use(os.environ.get("MPLBACKEND", "Agg"))
    import matplotlib.pyplot as plt
    from bdl import plot

    fig = plt.figure(figsize=(10, 6))
    grid = fig.add_gridspec(2, 3, height_ratios=[2, 1])
    raster = fig.add_subplot(grid[0, :2])
    plot.raster(res, ax=raster, max_neurons=200)
    raster.set_title("COBA: 200 neurons of each population")
    rates = fig.add_subplot(grid[1, :2], sharex=raster)
    plot.rates(res, ax=rates, window="gaussian", width=2e-3)
    rates.set_title("population rates, Gaussian window of 2 ms (as Brian2's smooth_rate)")
    isi = fig.add_subplot(grid[:, 2])
    plot.isi_histogram(res.spikes("E"), ax=isi, bins=40, max_isi=0.25)
    isi.set_title("E inter-spike intervals")
    fig.tight_layout()
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "raster_rates.png")
    fig.savefig(path, dpi=110)
    print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
