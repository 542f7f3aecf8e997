#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Hindmarsh-Rose bursting, dissected fast-slow: the fast (x, y) subsystem's
fixed points against the slow state z (the Z-shaped branch: rest below, a
saddle in the middle, the upper branch with its Hopf point), the periodic
orbits born at the Hopf point and the spiking orbits continued from a cycle
simulated at z = 2 (each ending on a homoclinic orbit), and the full model's
trajectory over them, from `bdlc analyze --fast-slow` through
bdl.dynamics.

    examples/analysis/hindmarsh_rose.py [OUT]

writes OUT/hindmarsh_rose_fast_slow.png (default OUT: results/analysis) and
prints the fast subsystem's special points. Needs a built bdlc."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

from bdl import dynamics  # noqa: E402


def main(argv):
    out = argv[0] if argv else "results/analysis"
    os.makedirs(out, exist_ok=True)
    model = os.path.join(HERE, "hindmarsh_rose.bdl")
    a = dynamics.analyze(model, "N", ranges={"x": (-3, 3), "y": (-20, 3)}, fast_slow=("z", 1.5, 3.5), orbits=True,
                         orbit_from=[2])
    for s in a.fast_slow["special"]:
        print("%s of the fast subsystem at z = %.6f, x = %.6f" % (s["kind"], s["p"], s["state"]["x"]))
    print("orbits from the Hopf point: %s" % a.orbits()[0]["end"])
    spiking = a.orbits()[1]
    print("spiking orbits through the cycle at z = 2: %s, at z = %.5f" % (spiking["end"], spiking["branch"][-1]["p"]))

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4.5))
    dynamics.plot_fast_slow(a, "x", ax)
    ax.set_xlim(1.5, 3.2)
    ax.set_xlabel("z (slow state)")
    ax.set_ylabel("x")
    ax.set_title("Hindmarsh-Rose: fast subsystem against z, with the bursting trajectory")
    fig.tight_layout()
    path = os.path.join(out, "hindmarsh_rose_fast_slow.png")
    fig.savefig(path, dpi=100)
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
