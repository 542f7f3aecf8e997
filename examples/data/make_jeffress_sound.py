#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes jeffress_sound.npy: 1 s of white noise sampled at 44.1 kHz (44,100
float32 values, standard deviation 10), the sound of examples/jeffress.bdl
and of its Brian2 reference (test/validation/reference/jeffress_brian2.py).
Seeded, so rerunning it gives the same file."""
import os

import numpy as np

rng = np.random.default_rng(20261207)
sound = (10 * rng.standard_normal(44100)).astype(np.float32)
np.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "jeffress_sound.npy"), sound)
