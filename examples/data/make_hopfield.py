#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the data of examples/hopfield.bdl (deterministic, seed 2000):
  hopfield_patterns.npy  (5, 200) int8: five random +-1 patterns
  hopfield_W.npy         (200, 200) int8: sum_p xi_p xi_p^T, zero diagonal
                         (the example divides by N = 200: the Hebb rule)
  hopfield_cue<k>.npy    (200,) int8: pattern k with 20% of its units flipped
Run from anywhere: python3 examples/data/make_hopfield.py"""
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2000)
n, p = 200, 5
xi = rng.choice([-1, 1], size=(p, n)).astype(np.int8)
w = (xi.T.astype(np.int64) @ xi.astype(np.int64))
np.fill_diagonal(w, 0)
np.save(os.path.join(here, "hopfield_patterns.npy"), xi)
np.save(os.path.join(here, "hopfield_W.npy"), w.astype(np.int8))
for k in range(p):
    cue = xi[k].copy()
    flip = rng.choice(n, size=n // 5, replace=False)
    cue[flip] *= -1
    np.save(os.path.join(here, "hopfield_cue%d.npy" % k), cue)
