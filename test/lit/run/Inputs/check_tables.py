"""Recorded table values against numpy: J = ramp_in(t - lag_i) (linear),
D = drive(t, i) (Brian2's TimedArray index, column i). Exact to 1e-12 of
the unit: each lookup is a load or one interpolation."""
import os, sys
import numpy as np

out, data = sys.argv[1], sys.argv[2]
dt = 0.1e-3
# A definition's sample k is taken at t_k after step k-1's update, from the
# values at t_(k-1): sample 0 is the initial state.
# A `let` without a unit is recorded in SI units: A and V.
J = np.load(os.path.join(out, "A_J.npy"))[1:] * 1e9
D = np.load(os.path.join(out, "A_D.npy"))[1:] * 1e3
t = np.arange(J.shape[0]) * dt
fails = 0
ramp = np.array([0, 1, 2, 4.0])
for i in range(2):
    x = (t - i * 0.35e-3) / 1e-3
    k0 = np.floor(x).astype(int)
    lo, hi = ramp[np.clip(k0, 0, 3)], ramp[np.clip(k0 + 1, 0, 3)]
    want = np.where(x < 0, ramp[0], np.where(x >= 3, ramp[3], lo + (x - k0) * (hi - lo)))
    err = np.abs(J[:, i] - want).max()
    fails += err > 1e-12
    print("%s ramp_in(t - lag) neuron %d: max error %.3g nA" % ("ok" if err < 1e-12 else "FAIL", i, err))
m = np.load(os.path.join(data, "drive.npy"))
K = 2.0 ** np.ceil(np.log2(8 * 0.5e-3 / dt))
idx = np.clip(np.floor((t * K / 0.5e-3 + 0.5) / K).astype(int), 0, m.shape[0] - 1)
err = np.abs(D - m[idx, :2]).max()
fails += err > 1e-12
print("%s drive(t, i): max error %.3g mV" % ("ok" if err < 1e-12 else "FAIL", err))
sys.exit(1 if fails else 0)
