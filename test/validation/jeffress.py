#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Sound localisation (examples/jeffress.bdl, Brian2's Jeffress example with
a 44.1 kHz sound in a table and a fixed direction per run) against Brian2
2.5.1 running the same example (reference/jeffress_brian2.py). The direction
is estimated from the 30 coincidence detectors' spike counts; each estimate
must be within one neuron index of Brian2's at each of the four directions.
Both sides draw their own noise, so the estimates differ by the run-to-run
spread of one detector's peak (about 0.3 index in both simulators): one index
is three times that, and one index is 8 degrees near the midline.

Usage: jeffress.py BDLC EXAMPLE.bdl
"""
import sys

import numpy as np

THETAS_DEG = [-60, -20, 20, 60]
TRIALS = 4  # per direction; the estimate is from the summed counts
# reference/jeffress_brian2.py's estimates (Brian2 2.5.1, 4 trials of 1 s per direction).
BRIAN2 = [2.96, 10.63, 18.99, 25.83]


def estimate(counts):
    """The detectors' centre of mass within 3 of the most active one, above
    the median count (the background of detectors far from coincidence)."""
    counts = np.asarray(counts, dtype=float)
    k = int(np.argmax(counts))
    lo, hi = max(k - 3, 0), min(k + 4, len(counts))
    w = np.clip(counts[lo:hi] - np.median(counts), 0, None)
    return float((np.arange(lo, hi) * w).sum() / w.sum()) if w.sum() > 0 else float(k)


def expected(deg):
    """Where the delays cancel: j = 29/2 (1 + sin(theta) / 1.1)."""
    return 29 / 2 * (1 + np.sin(np.radians(deg)) / 1.1)


def main(bdlc, model):
    import json
    import os
    from common import Checks, run_model
    out = run_model(bdlc, model)
    runs = json.load(open(os.path.join(out, "manifest.json")))["runs"]
    c = Checks()
    thetas = sorted(set(round(np.degrees(r["values"]["theta"])) for r in runs))
    c.check(thetas == THETAS_DEG and len(runs) == TRIALS * len(THETAS_DEG),
            "%d runs: %d trials at each of %s degrees" % (len(runs), TRIALS, thetas))
    totals = {}
    for r in runs:
        deg = round(np.degrees(r["values"]["theta"]))
        totals[deg] = totals.get(deg, 0) + np.load(os.path.join(out, r["folder"], "spike_counts_N.npy"))
    ests = [estimate(totals[d]) for d in THETAS_DEG]
    worst = max(abs(a - b) for a, b in zip(ests, BRIAN2)) if len(BRIAN2) == len(ests) else float("inf")
    c.check(worst <= 1, "estimated directions %s, Brian2 %s, delays cancel at %s (largest difference %.2f)" % (
        ["%.2f" % e for e in ests], ["%.2f" % e for e in BRIAN2], ["%.2f" % expected(d) for d in THETAS_DEG], worst))
    c.close()


if __name__ == "__main__":
    sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
    main(sys.argv[1], sys.argv[2])
