#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Power spectra of the population rate in Brunel's (2000) sparse network
(examples/brunel.bdl): the asynchronous irregular state (experiment `ai`,
g = 5) has a broad spectrum, the synchronous regular state (`sr`, g = 3) a
sharp peak at its oscillation frequency and its harmonics.

    examples/python/brunel_psd.py [OUT] [--duration 1s] [--states ai,sr]

writes OUT/brunel_psd.png (default OUT: results/python). The first 100 ms
(the transient from the random start) are left out of the spectra. Needs a
built bdlc (make build) and python3-numpy, python3-matplotlib."""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

import numpy as np  # noqa: E402

import bdl  # noqa: E402
from bdl import analysis  # noqa: E402

TRANSIENT = 0.1  # s
FMAX = 1000  # Hz, shown and searched for the peak


def spectrum(res, pop="E"):
    """Welch PSD of the recorded rate (every 0.1 ms) after the transient."""
    rate = res.rate(pop)
    keep = rate.t >= TRANSIENT
    fs = 1.0 / float(rate.t[1] - rate.t[0])
    # 2048 samples at 10 kHz: 4.9 Hz resolution, several segments in 0.5 s.
    return analysis.psd(rate.rate[keep], fs, nperseg=min(2048, int(keep.sum())))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", default="results/python")
    p.add_argument("--duration", default="1 s", help="simulated time of each state (default 1 s)")
    p.add_argument("--states", default="ai,sr", help="experiments of brunel.bdl (default ai,sr)")
    a = p.parse_args(argv)

    import matplotlib
    matplotlib.use(os.environ.get("MPLBACKEND", "Agg"))
    import matplotlib.pyplot as plt
    from bdl import plot

    states = a.states.split(",")
    fig, axes = plt.subplots(2, len(states), figsize=(5.5 * len(states), 6.5), squeeze=False)
    for col, state in enumerate(states):
        model = bdl.compile(os.path.join(HERE, "..", "brunel.bdl"), experiment=state)
        res = model.run(duration=a.duration, out=os.path.join(a.out, "brunel-" + state))
        f, power = spectrum(res)
        peak = analysis.peak_frequency(f, power, fmin=20, fmax=FMAX)
        cv = np.nanmean(analysis.isi_cv(res.spikes("E")))
        print("%s: E %.2f Hz, ISI CV %.2f, PSD peak in 20-%d Hz at %.0f Hz"
              % (state, res.mean_rates["E"], cv, FMAX, peak))
        raster = axes[0, col]
        s = res.spikes("E")
        window = (s.t >= TRANSIENT) & (s.t < TRANSIENT + 0.1) & (s.i < 100)
        raster.plot(s.t[window] * 1e3, s.i[window], ".", ms=2, color="k")
        raster.set_xlabel("time (ms)")
        raster.set_ylabel("neuron")
        raster.set_title("%s: 100 E neurons, 100 ms" % state)
        plot.psd(f, power, ax=axes[1, col], fmax=FMAX)
        axes[1, col].axvline(peak, color="r", lw=0.8, ls="--")
        axes[1, col].set_title("E rate PSD, peak %.0f Hz" % peak)
    fig.tight_layout()
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "brunel_psd.png")
    fig.savefig(path, dpi=110)
    print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
