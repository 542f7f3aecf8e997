#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Plots a results directory written by a BDL model (bdlc run / bdlc build).

    tools/bdlplot.py results/              # writes results/raster.png, rates.png, traces.png
    tools/bdlplot.py results/ --out figs/  # somewhere else
    tools/bdlplot.py sweep-results/        # a design (trials, sweeps): sweep.png, the rate
                                           # against the swept parameter, error bars over trials

As a library:
    from bdlplot import load
    r = load("results")            # manifest + every array, by file stem
    r.spikes("E")                  # (times in s, indices)
    r.state("E", "v")              # (times in s, values [T, n] in the manifest's unit)

Needs numpy and matplotlib (python3-numpy, python3-matplotlib).
"""
import argparse
import json
import os
import sys

import numpy as np


class Results:
    def __init__(self, path):
        self.path = path
        with open(os.path.join(path, "manifest.json")) as f:
            self.manifest = json.load(f)

    def _load(self, name):
        return np.load(os.path.join(self.path, name))

    def populations(self):
        return self.manifest["populations"]

    def spike_populations(self):
        pops = []
        for r in self.manifest["recordings"]:
            if r["kind"] == "spikes" and r["population"] not in pops:
                pops.append(r["population"])
        return pops

    def spikes(self, pop):
        return self._load("spikes_%s_t.npy" % pop), self._load("spikes_%s_i.npy" % pop)

    def rate(self, pop):
        """A recorded population rate (`record rate(E) every 1 ms`), or None."""
        for r in self.manifest["recordings"]:
            if r["kind"] == "rate" and r["population"] == pop:
                return self._load("rate_%s_t.npy" % pop), self._load("rate_%s.npy" % pop)
        return None

    def states(self):
        # One entry per recorded variable (the manifest also lists time arrays).
        return [r for r in self.manifest["recordings"] if r["kind"] == "state" and not r["file"].endswith("_t.npy")]

    def state(self, pop, var):
        return self._load("%s_%s_t.npy" % (pop, var)), self._load("%s_%s.npy" % (pop, var))


def load(path):
    return Results(path)


def sweep_rates(manifest, population, axis=0):
    """For a design's index: the values of sweep `axis`, and for each the mean
    and standard deviation over trials (and over the other axes' values, if
    any) of `population`'s mean rate (Hz)."""
    name = manifest["sweeps"][axis]["name"]
    by_value = {}
    for run in manifest["runs"]:
        for p in run["populations"]:
            if p["name"] == population:
                by_value.setdefault(run["values"][name], []).append(p["mean_rate_hz"])
    xs = sorted(by_value)
    return (np.array(xs), np.array([np.mean(by_value[x]) for x in xs]),
            np.array([np.std(by_value[x]) for x in xs]))


def plot_design(manifest, out, plt):
    """sweep.png: each population's rate against the first swept parameter,
    error bars over trials. Returns the files written."""
    if not manifest["sweeps"]:
        return []
    axis = manifest["sweeps"][0]
    fig, ax = plt.subplots(figsize=(6, 4))
    pops = [p["name"] for p in manifest["runs"][0]["populations"]]
    for pop in pops:
        x, mean, std = sweep_rates(manifest, pop)
        ax.errorbar(x, mean, yerr=std, marker="o", ms=3, capsize=3, label=pop)
    unit = "" if axis["unit"] in ("", "1") else " (%s)" % axis["unit"]
    ax.set_xlabel(axis["name"] + unit)
    ax.set_ylabel("mean rate (Hz)")
    trials = len(manifest["trials"])
    ax.set_title("%d points x %d trial%s" % (len(axis["values"]), trials, "s" if trials > 1 else ""))
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "sweep.png"), dpi=120)
    return ["sweep.png"]


def rate_histogram(times, n, duration, bin_s):
    edges = np.arange(0.0, duration + bin_s / 2, bin_s)
    counts, _ = np.histogram(times, edges)
    return edges[:-1], counts / (max(n, 1) * bin_s)


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
    import matplotlib.pyplot as plt

    out = a.out or a.results
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(a.results, "manifest.json")) as f:
        manifest = json.load(f)
    if manifest.get("design"):
        # A design: the sweep plot here, and each run's plots in its folder.
        written = plot_design(manifest, out, plt)
        print("wrote %s in %s" % (", ".join(written) or "nothing", out))
        return 0
    r = load(a.results)
    sizes = {q["name"]: q["size"] for q in r.populations()}
    duration = r.manifest["duration"]
    written = []

    pops = r.spike_populations()
    if pops:
        fig, ax = plt.subplots(figsize=(8, 4))
        offset = 0
        for pop in pops:
            t, i = r.spikes(pop)
            n = sizes.get(pop, int(i.max() + 1) if len(i) else 0)
            if a.max_neurons:
                n = min(n, a.max_neurons)
                t, i = t[i < n], i[i < n]
            ax.plot(t * 1e3, i + offset, ".", ms=1.5, label=pop)
            offset += n
        ax.set_xlabel("time (ms)")
        ax.set_ylabel("neuron")
        ax.set_xlim(0, duration * 1e3)
        ax.legend(loc="upper right", markerscale=8)
        fig.tight_layout()
        fig.savefig(os.path.join(out, "raster.png"), dpi=120)
        written.append("raster.png")

        fig, ax = plt.subplots(figsize=(8, 3))
        for pop in pops:
            recorded = r.rate(pop)
            if recorded is not None:
                x, rate = recorded
            else:
                t, _ = r.spikes(pop)
                x, rate = rate_histogram(t, sizes.get(pop, 1), duration, a.bin * 1e-3)
            ax.step(x * 1e3, rate, where="post", label=pop)
        ax.set_xlabel("time (ms)")
        ax.set_ylabel("rate (Hz)")
        ax.legend(loc="upper right")
        fig.tight_layout()
        fig.savefig(os.path.join(out, "rates.png"), dpi=120)
        written.append("rates.png")

    states = r.states()
    if states:
        fig, axes = plt.subplots(len(states), 1, figsize=(8, 2.5 * len(states)), squeeze=False)
        for ax, rec in zip(axes[:, 0], states):
            t, v = r.state(rec["population"], rec["variable"])
            ax.plot(t * 1e3, v, lw=0.8)
            ax.set_ylabel("%s.%s (%s)" % (rec["population"], rec["variable"], rec["unit"]))
        axes[-1, 0].set_xlabel("time (ms)")
        fig.tight_layout()
        fig.savefig(os.path.join(out, "traces.png"), dpi=120)
        written.append("traces.png")

    print("wrote %s in %s" % (", ".join(written) or "nothing", out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
