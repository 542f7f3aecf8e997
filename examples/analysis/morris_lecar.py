#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Morris-Lecar's phase plane at I = 60 uA/cm^2 (nullclines, streamlines, two
trajectories through the compiled step into the stable resting state) and its bifurcation diagram in I (the branch of fixed
points, stable solid, unstable dashed, between two Hopf points, and the
periodic orbits born at the first Hopf point, continued by collocation
through their folds), from `bdlc analyze` through bdl.dynamics.

    examples/analysis/morris_lecar.py [OUT]

writes OUT/morris_lecar_dynamics.png (default OUT: results/analysis) and
prints the fixed points and the Hopf currents. Needs a built bdlc."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

from bdl import dynamics  # noqa: E402

UA_CM2 = 0.01  # A/m^2


def main(argv):
    out = argv[0] if argv else "results/analysis"
    os.makedirs(out, exist_ok=True)
    model = os.path.join(HERE, "morris_lecar.bdl")
    ranges = {"v": ("-80mV", "40mV"), "w": (0, 1)}
    plane = dynamics.analyze(model, "N", ranges=ranges, phase_plane=80,
                             trajectories=[{"v": "-20mV", "w": 0.1}, {"v": "20mV", "w": 0.3}], duration="300ms")
    branch = dynamics.analyze(model, "N", ranges=ranges, continuation=("I", 0, 300), orbits=True)
    for fp in plane.fixed_points:
        print("fixed point v = %.3f mV, w = %.4f: %s" % (fp["state"]["v"] * 1e3, fp["state"]["w"],
                                                          fp["stability"]["kind"]))
    for p, state in branch.hopf_points():
        print("Hopf point at I = %.4f uA/cm^2, v = %.3f mV" % (p / UA_CM2, state["v"] * 1e3))
    for x in branch.orbits()[0]["special"]:
        print("fold of cycles at I = %.4f uA/cm^2, period %.3f ms" % (x["p"] / UA_CM2, x["period_s"] * 1e3))

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.5))
    dynamics.plot_phase_plane(plane, ax1)
    ax1.set_title("phase plane, I = 60 uA/cm^2")
    dynamics.plot_bifurcation(branch, "v", ax2)
    ax2.set_title("fixed points and periodic orbits against I")
    fig.tight_layout()
    path = os.path.join(out, "morris_lecar_dynamics.png")
    fig.savefig(path, dpi=100)
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
