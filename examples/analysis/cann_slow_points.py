#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The slow points of the continuous attractor network of examples/cann.bdl
without its stimulus (A = 0): from random states, the network settles into
a bump of activity anywhere on the ring, and each bump is a fixed point
with one eigenvalue at zero (moving along the ring costs nothing) and the
rest negative. `bdlc analyze --slow-points` finds them (Sussillo & Barak
2013) through bdl.dynamics; the figure shows the bumps and the spectrum at
one of them.

    examples/analysis/cann_slow_points.py [OUT]

writes OUT/cann_slow_points.png (default OUT: results/analysis) and prints
each point's centre, height and leading eigenvalues. Needs a built bdlc."""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

from bdl import dynamics  # noqa: E402


def main(argv):
    out = argv[0] if argv else "results/analysis"
    os.makedirs(out, exist_ok=True)
    model = os.path.join(HERE, "..", "cann.bdl")
    a = dynamics.analyze(model, "P", sets={"A": 0}, ranges={"u": (0, 1)}, slow_points=4, settle=0.2)
    theta = -np.pi + np.arange(512) * 2 * np.pi / 512
    for p in a.slow_points:
        u = np.array(p["state"]["u"])
        lam = [complex(*z) for z in p["eigenvalues_per_s"][:3]]
        print("%s: centre %+.3f rad, height %.6f, speed %.1e /s, eigenvalues %s /s" % (
            "fixed point" if p["fixed"] else "slow point", np.angle(np.sum(u * np.exp(1j * theta))), u.max(),
            p["speed"], ", ".join("%.4g" % z.real for z in lam)))

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    for p in a.slow_points:
        ax1.plot(theta, p["state"]["u"])
    ax1.set_xlabel("preferred angle theta (rad)")
    ax1.set_ylabel("u at the fixed point")
    ax1.set_title("%d fixed points: one bump, anywhere on the ring" % len(a.slow_points))
    lam = np.array([complex(*z) for z in a.slow_points[0]["eigenvalues_per_s"]])
    ax2.plot(np.arange(1, 21), lam.real[:20], "o")
    ax2.axhline(0, color="0.6", linewidth=0.8)
    ax2.set_xlabel("eigenvalue, by decreasing real part")
    ax2.set_ylabel("real part (1/s)")
    ax2.set_title("spectrum at a bump: one zero, the rest negative")
    fig.tight_layout()
    path = os.path.join(out, "cann_slow_points.png")
    fig.savefig(path, dpi=100)
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
