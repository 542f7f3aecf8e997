"""The recorded stimulus values against numpy's version of each lookup.

Exact up to 1e-12 nA: every lookup is a load (and for `linear` one fused
multiply-add), so anything beyond rounding means a wrong index."""
import json, os, sys
import numpy as np

out, data = sys.argv[1], sys.argv[2]
dt = 0.05e-3
fails = 0


def check(name, got, want):
    global fails
    err = np.abs(got - want * 1e9).max()  # recorded in the declared unit, nA
    ok = err < 1e-12
    fails += not ok
    print("%s %s: max error %.3g nA" % ("ok" if ok else "FAIL", name, err))


def rec(pop):
    # Sample k is taken at t_k, before step k sets the stimulus: it shows the
    # value step k-1 set, looked up at t_(k-1) (sample 0: the initial 0 nA).
    return np.load(os.path.join(out, pop + "_I.npy"))[1:]


n = rec("A").shape[0]
t = np.arange(n) * dt


def steps(times, values, t):
    k = np.searchsorted(times, t + dt / 16, side="right")  # times <= t + dt/16
    return np.where(k > 0, values[np.maximum(k - 1, 0)], 0.0)


check("list steps", rec("A")[:, 0], steps(np.array([0.25, 1, 1.05, 2.5]) * 1e-3, np.array([1, -2, 3, 0.5]) * 1e-9, t))
times, values = np.load(os.path.join(data, "times.npy")), np.load(os.path.join(data, "values.npy"))
check("npy steps", rec("B")[:, 0], steps(times * 1e-3, values * 1e-9, t))
grid = np.load(os.path.join(data, "grid.npy")) * 1e-9
h = 0.3e-3
K = 2.0 ** np.ceil(np.log2(8 * h / dt))
idx = np.clip(np.floor((t * K / h + 0.5) / K).astype(int), 0, len(grid) - 1)
check("grid nearest", rec("C")[:, 0], grid[idx])
x = t / h
k0 = np.floor(x).astype(int)
lo, hi = grid[np.clip(k0, 0, len(grid) - 1)], grid[np.clip(k0 + 1, 0, len(grid) - 1)]
lin = np.where(x >= len(grid) - 1, grid[-1], lo + (x - k0) * (hi - lo))
check("grid linear", rec("D")[:, 0], lin)
m = np.load(os.path.join(data, "matrix.npy")) * 1e-9
K = 2.0 ** np.ceil(np.log2(8 * 0.5e-3 / dt))
idx = np.clip(np.floor((t * K / 0.5e-3 + 0.5) / K).astype(int), 0, m.shape[0] - 1)
check("grid per neuron", rec("E"), m[idx, :])
sys.exit(1 if fails else 0)
