# SPDX-License-Identifier: Apache-2.0
"""Writes the digits dataset bundled with scikit-learn (Debian's
python3-sklearn: 1,797 8x8 images of handwritten digits, 16 grey levels, no
download) as spike inputs for examples/training/digits.bdl. Latency coding:
each of the 64 pixels spikes once, earlier the darker it is (a pixel of value
p in 1..16 at step round((1 - p / 16) (steps_in - 1))), and not at all where
it is blank; the sample lasts `steps` steps. The samples are shuffled (seeded)
so that the held-out last fifth has every digit.

    python3 examples/training/make_digits.py [--steps 20] [--out DIR]
writes DIR/digits_x.npy (1797, steps, 64) and DIR/digits_y.npy.
"""
import argparse
import os

import numpy as np
from sklearn.datasets import load_digits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="folder to write to (default: data/ beside this script)")
    a = ap.parse_args()
    digits = load_digits()
    order = np.random.default_rng(a.seed).permutation(len(digits.target))
    images, labels = digits.data[order], digits.target[order]
    steps_in = a.steps * 3 // 4
    raster = np.zeros((len(labels), a.steps, 64))
    for k, img in enumerate(images):
        for n, p in enumerate(img):
            if p > 0:
                raster[k, int(round((1 - p / 16) * (steps_in - 1))), n] = 1
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "digits_x.npy"), raster)
    np.save(os.path.join(out, "digits_y.npy"), labels.astype(np.int64))
    print("wrote %d samples of %d steps to %s" % (len(labels), a.steps, out))


if __name__ == "__main__":
    main()
