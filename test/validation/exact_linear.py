#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""`exact` integration of a 3-state linear system with a constant input,

    dx/dt = -x / t1,  dy/dt = (x - y) / t2,  dz/dt = (y - z) / t3 + 0.5 / t3,

matches the closed form x(t) = x* + V exp(L t) V^-1 (x0 - x*) (eigen-
decomposition, x* = -A^-1 b) at every recorded time to 1e-12 relative error,
after 500 steps of the propagator computed once at initialisation.

Usage: exact_linear.py BDLC
"""
import sys

import numpy as np

from common import Checks, run_model, state

MODEL = """
neuron Chain {
  param t1: ms = 5 ms
  param t2: ms = 7 ms
  param t3: ms = 11 ms
  state x = 1
  state y = 0
  state z = 0
  dx/dt = -x / t1
  dy/dt = (x - y) / t2
  dz/dt = (y - z) / t3 + 0.5 / t3
  method exact
}
network Net {
  P = Chain[1]
}
experiment main of Net {
  dt = 0.1 ms
  record x, y, z of P every 1 ms
  run 50.1 ms
}
"""


def main(bdlc):
    results = run_model(bdlc, None, text=MODEL)
    t, x = state(results, "P", "x")
    _, y = state(results, "P", "y")
    _, z = state(results, "P", "z")
    got = np.stack([x[:, 0], y[:, 0], z[:, 0]], axis=1)
    t1, t2, t3 = 5e-3, 7e-3, 11e-3
    A = np.array([[-1 / t1, 0, 0], [1 / t2, -1 / t2, 0], [0, 1 / t3, -1 / t3]])
    b = np.array([0, 0, 0.5 / t3])
    star = -np.linalg.solve(A, b)
    lam, V = np.linalg.eig(A)
    c0 = np.linalg.solve(V, np.array([1.0, 0, 0]) - star)
    want = np.array([star + (V @ (np.exp(lam * ti) * c0)).real for ti in t])
    err = np.abs(got - want).max() / np.abs(want).max()
    c = Checks()
    c.check(len(t) == 51 and err < 1e-12, "exact: %d samples to 50 ms, max relative error %.1e (tolerance 1e-12)" % (len(t), err))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
