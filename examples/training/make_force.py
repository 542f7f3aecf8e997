# SPDX-License-Identifier: Apache-2.0
"""Writes the target of examples/training/force.bdl: a sum of four sines (the
periodic target of Sussillo & Abbott 2009, Fig. 2), 1 s period, one value per
1 ms step.

    python3 examples/training/make_force.py [--steps 25000] [--out DIR]
"""
import argparse
import os

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=25000)
    ap.add_argument("--out", help="folder to write to (default: data/ beside this script)")
    a = ap.parse_args()
    t = np.arange(a.steps) * 1e-3
    f = (np.sin(2 * np.pi * t) + np.sin(4 * np.pi * t) / 2 + np.sin(6 * np.pi * t) / 6 + np.sin(8 * np.pi * t) / 3) / 1.5
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "force_target.npy"), f)
    print("wrote %d steps of the target to %s" % (a.steps, out))


if __name__ == "__main__":
    main()
