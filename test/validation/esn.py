# SPDX-License-Identifier: Apache-2.0
"""The ridge readout of examples/training/esn.bdl against numpy: the same
reservoir (weights and input from the example's generator) stepped by the
same discrete equations (h = Wᵀx from the step's start, then
x += dt/tau (tanh(h + win u) - x)), the same ridge regression (bias
unpenalised) on the same steps. The states agree to rounding (the reservoir
contracts, so rounding does not grow). The normal equations with alpha =
1e-6 are ill-conditioned, so two solvers (Eigen's LDLT, numpy's LU) differ
by that rounding times the condition number: predictions are required to
agree to 1e-6 of the target's range (6.5e-9 is seen), four orders below the
prediction error itself (NRMSE about 2e-2), and the NRMSEs to 1e-6 relative.

    esn.py BDLC
"""
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    bdlc = sys.argv[1]
    work = tempfile.mkdtemp(prefix="bdl-esn-")
    data = os.path.join(work, "data")
    subprocess.run([sys.executable, os.path.join(ROOT, "examples", "training", "make_esn.py"), "--out", data],
                   check=True, capture_output=True)
    shutil.copy(os.path.join(ROOT, "examples", "training", "esn.bdl"), work)
    out = os.path.join(work, "res")
    r = subprocess.run([bdlc, "run", os.path.join(work, "esn.bdl"), "--", "--quiet", "--out", out],
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit(r.stdout + r.stderr)
    u = np.load(os.path.join(data, "mg_u.npy"))
    y = np.load(os.path.join(data, "mg_target.npy"))
    w = np.load(os.path.join(data, "esn_W.npy"))
    win = np.load(os.path.join(data, "esn_win.npy"))
    dt, tau, alpha, washout, train = 1e-3, 3e-3, 1e-6, 200, 2000
    x = np.zeros(len(win))
    states = np.zeros((len(u), len(win)))
    for t in range(len(u)):
        states[t] = x
        x = x + dt / tau * (np.tanh(w.T @ x + win * u[t]) - x)
    a = np.hstack([states, np.ones((len(u), 1))])
    gram = a[washout:train].T @ a[washout:train]
    gram[np.arange(len(win)), np.arange(len(win))] += alpha
    weights = np.linalg.solve(gram, a[washout:train].T @ y[washout:train])
    pred = a @ weights

    def nrmse(p, t):
        return np.sqrt(np.mean((p - t) ** 2) / np.var(t))
    ours = np.load(os.path.join(out, "readout_ahead.npy"))[:, 0]
    errs = np.load(os.path.join(out, "readout_ahead_nrmse.npy"))
    ref = [nrmse(pred[washout:train], y[washout:train]), nrmse(pred[train:], y[train:])]
    diff = np.abs(ours - pred).max() / (y.max() - y.min())
    states_diff = np.abs(np.load(os.path.join(out, "R_x.npy")) - states).max()
    print("states: largest difference %.2e" % states_diff)
    print("NRMSE training: bdl %.6f numpy %.6f" % (errs[0], ref[0]))
    print("NRMSE test: bdl %.6f numpy %.6f" % (errs[1], ref[1]))
    print("predictions: largest difference %.2e of the target's range" % diff)
    ok = states_diff < 1e-12 and diff < 1e-6 and all(abs(e / f - 1) < 1e-6 for e, f in zip(errs, ref))
    print("readout %s numpy's" % ("matches" if ok else "DIFFERS FROM"))
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
