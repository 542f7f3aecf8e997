# SPDX-License-Identifier: Apache-2.0
"""Writes the data of examples/training/esn.bdl: the Mackey-Glass series
(tau = 17, beta = 0.2, gamma = 0.1, n = 10; Euler steps of 0.1 sampled every
time unit, squashed by tanh(x - 1)) as the reservoir's input u, one value per
1 ms step; the target, u five steps later; and a random reservoir of 200
units (10% of pairs connected, Gaussian weights scaled to spectral radius
0.9) with uniform input weights in [-0.5, 0.5].

    python3 examples/training/make_esn.py [--steps 3000] [--out DIR]
"""
import argparse
import os

import numpy as np

AHEAD = 5


def mackey_glass(n, tau=17.0, beta=0.2, gamma=0.1, power=10, h=0.1, every=10, seed=0):
    rng = np.random.default_rng(seed)
    lag = int(round(tau / h))
    x = list(1.2 + 0.1 * rng.random(lag + 1))
    out = []
    while len(out) < n:
        for _ in range(every):
            xt, xl = x[-1], x[-lag - 1]
            x.append(xt + h * (beta * xl / (1 + xl ** power) - gamma * xt))
        out.append(x[-1])
    return np.tanh(np.array(out[:n]) - 1)


def reservoir(n=200, density=0.1, radius=0.9, seed=1):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(n, n)) * (rng.random((n, n)) < density)
    w *= radius / np.max(np.abs(np.linalg.eigvals(w)))
    return w, rng.uniform(-0.5, 0.5, n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--out", help="folder to write to (default: data/ beside this script)")
    a = ap.parse_args()
    u = mackey_glass(a.steps + AHEAD + 500)[500:]  # past the transient of the delay equation
    w, win = reservoir()
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "mg_u.npy"), u[:a.steps])
    np.save(os.path.join(out, "mg_target.npy"), u[AHEAD:a.steps + AHEAD])
    np.save(os.path.join(out, "esn_W.npy"), w)
    np.save(os.path.join(out, "esn_win.npy"), win)
    print("wrote %d steps of Mackey-Glass and a reservoir of %d units to %s" % (a.steps, len(win), out))


if __name__ == "__main__":
    main()
