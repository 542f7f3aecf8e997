#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Plots a results directory written by a BDL model (bdlc run / bdlc build).

    tools/bdlplot.py results/              # writes results/raster.png, rates.png, traces.png
    tools/bdlplot.py results/ --out figs/  # somewhere else
    tools/bdlplot.py sweep-results/        # a design (trials, sweeps): sweep.png, the rate
                                           # against the swept parameter, error bars over trials

A command-line front of the Python package in python/bdl (docs/python.md),
which it finds beside this file. As a library, use that package:
    import bdl
    r = bdl.load("results")
    t, i = r.spikes("E")           # times in s, indices
    t, v = r.state("E", "v")       # times in s, values [T, n] in the manifest's unit

Needs numpy and matplotlib (python3-numpy, python3-matplotlib).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

from bdl import analysis  # noqa: E402
from bdl.results import Results, load  # noqa: E402,F401  (load: the library entry point kept from before)


def sweep_rates(manifest, population, axis=0):
    """For a design's index: the values of sweep `axis`, and for each the mean
    and standard deviation over trials (and over the other axes' values, if
    any) of `population`'s mean rate (Hz)."""
    return analysis.fi_curve(manifest, population, manifest["sweeps"][axis]["name"])


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results")
    p.add_argument("--out", help="folder for the PNG files (default: the results folder)")
    p.add_argument("--bin", type=float, default=5.0, help="rate histogram bin in ms (default 5)")
    p.add_argument("--max-neurons", type=int, default=400,
                   help="neurons per population in the raster (default 400; 0: all)")
    a = p.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")
    from bdl import plot

    out = a.out or a.results
    r = load(a.results)
    if r.design:
        written = plot.save_design_figures(r, out)
    else:
        written = plot.save_figures(r, out, bin=a.bin * 1e-3, max_neurons=a.max_neurons)
    print("wrote %s in %s" % (", ".join(written) or "nothing", out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
