#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The f-I curve of a Hodgkin-Huxley neuron (examples/hh_fi_curve.bdl, after
Brian2's IF_curve_Hodgkin_Huxley): one compiled executable runs a sweep of
input currents, and bdl turns its index into the curve.

    examples/python/fi_curve.py [OUT] [--points 15] [--duration 2s]

writes OUT/fi_curve.png (default OUT: results/python). Needs a built bdlc
(make build) and python3-numpy, python3-matplotlib."""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

import bdl  # noqa: E402
from bdl import analysis  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", default="results/python")
    p.add_argument("--points", type=int, default=15, help="currents from 0 to 0.7 nA (default 15)")
    p.add_argument("--duration", default="2 s", help="simulated time per current (default 2 s)")
    a = p.parse_args(argv)

    model = bdl.compile(os.path.join(HERE, "..", "hh_fi_curve.bdl"))
    design = model.run(duration=a.duration, sweep={"N.I": "0nA:0.7nA:%d" % a.points},
                       out=os.path.join(a.out, "hh_fi_curve"))
    curve = analysis.fi_curve(design, "N")
    for current, rate in zip(curve.x, curve.mean):
        print("I = %.3f %s: %6.2f Hz" % (current, curve.unit, rate))
    rheobase = curve.x[curve.mean > 0]
    print("lowest current that fires: %s" % ("%.3f nA" % rheobase[0] if len(rheobase) else "none"))

    import matplotlib
    matplotlib.use(os.environ.get("MPLBACKEND", "Agg"))
    import matplotlib.pyplot as plt
    from bdl import plot

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    plot.fi_curve(curve, ax=left)
    left.set_title("f-I curve, %d currents, %s each" % (len(curve.x), a.duration))
    # Each run's spikes in its first 300 ms, one row per current: the runs of
    # the design are ordinary results folders.
    for k, current in enumerate(curve.x):
        t = design.run(point=k).spikes("N").t
        t = t[t < 0.3]
        right.plot(t * 1e3, [current] * len(t), "|", color="k", ms=6)
    right.set_xlabel("time (ms)")
    right.set_ylabel("N.I (nA)")
    right.set_title("spikes in the first 300 ms")
    fig.tight_layout()
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "fi_curve.png")
    fig.savefig(path, dpi=110)
    print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
