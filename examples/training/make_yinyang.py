# SPDX-License-Identifier: Apache-2.0
"""Writes the Yin-Yang dataset (Kriener, Goeltz & Petrovici 2021) as spike
inputs for examples/training/yinyang.bdl, generated from its definition (no
download): points of the disc of radius r_big = 0.5 centred at (0.5, 0.5),
classes yin, yang and the two dots (radius r_small = 0.1), drawn in equal
numbers. Each point (x, y) becomes five input neurons, x, y, 1 - x, 1 - y and
a bias, each spiking once at a time proportional to its value (latency
coding) within the first `steps_in` steps; the sample lasts `steps` steps.

    python3 examples/training/make_yinyang.py [--samples 6000] [--steps 30]
writes data/yinyang_x.npy (samples, steps, 5) and data/yinyang_y.npy.
"""
import argparse
import os

import numpy as np

R_SMALL, R_BIG = 0.1, 0.5


def which(x, y):
    d_right = np.hypot(x - 1.5 * R_BIG, y - R_BIG)
    d_left = np.hypot(x - 0.5 * R_BIG, y - R_BIG)
    if d_right < R_SMALL or d_left < R_SMALL:
        return 2
    yin = d_right <= R_SMALL or (R_SMALL < d_left <= 0.5 * R_BIG) or (y > R_BIG and d_right > 0.5 * R_BIG)
    return int(yin)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=6000)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", help="folder to write to (default: data/ beside this script)")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    points, labels = [], []
    while len(points) < a.samples:
        x, y = rng.random(2) * 2 * R_BIG
        if np.hypot(x - R_BIG, y - R_BIG) > R_BIG:
            continue
        c = which(x, y)
        if labels.count(c) >= (a.samples + 2) // 3:  # equal classes, as the paper's sets
            continue
        points.append((x, y))
        labels.append(c)
    # Drawn until each class is full, the last points are all dots: shuffle.
    perm = rng.permutation(a.samples)
    points = [points[k] for k in perm]
    labels = [labels[k] for k in perm]
    steps_in = a.steps * 2 // 3
    raster = np.zeros((a.samples, a.steps, 5))
    for k, (x, y) in enumerate(points):
        for n, v in enumerate((x, y, 1 - x, 1 - y, 0.0)):
            raster[k, int(round(v * (steps_in - 1))), n] = 1
    here = a.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    os.makedirs(here, exist_ok=True)
    np.save(os.path.join(here, "yinyang_x.npy"), raster)
    np.save(os.path.join(here, "yinyang_y.npy"), np.array(labels, dtype=np.int64))
    print("wrote %d samples of %d steps to %s" % (a.samples, a.steps, here))


if __name__ == "__main__":
    main()
