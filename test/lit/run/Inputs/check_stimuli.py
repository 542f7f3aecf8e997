# SPDX-License-Identifier: Apache-2.0
"""Checks the results of Inputs/stimuli.bdl (see ../stimuli.test)."""
import math, sys
import numpy as np
d = sys.argv[1]
def v(p):
    return np.load("%s/%s_v.npy" % (d, p)), np.load("%s/%s_v_t.npy" % (d, p))
def check(ok, msg):
    print(("ok " if ok else "FAIL ") + msg)
a, t = v("A")
# step: 0.5 nA * 10 ms / 200 pF = 25 mV from 100 ms to 200 ms.
exp_a = np.where(t < 0.1, -70.0, -45 - 25 * np.exp(-(t - 0.1) / 0.01))
on = t < 0.2 + 1e-9
check(abs(a[on, 0] - exp_a[on]).max() < 1e-9, "step: max error %.1e mV" % abs(a[on, 0] - exp_a[on]).max())
dd, t = v("D")
exp_d = np.where(t < 0.1, -70.0, -20 - 50 * np.exp(-(t - 0.1) / 0.01))
check(abs(dd[:, 0] - exp_d).max() < 1e-9, "time_array: max error %.1e mV" % abs(dd[:, 0] - exp_d).max())
b, t = v("B")
late = t > 0.1
check(-73.5 < b[late, 0].min() < -70 and -60 < b[late, 0].max() < -55, "sine: range %.2f..%.2f mV" % (b[late, 0].min(), b[late, 0].max()))
c, t = v("C")
check(np.all(np.diff(c[:, 0]) >= -1e-12) and c[-1, 0] > -60, "ramp: rising to %.2f mV" % c[-1, 0])
e, t = v("E")
m = e[t > 0.1].mean()
check(abs(m - (-60)) < 0.5, "poisson input: mean %.3f mV (expected -60)" % m)
n = len(np.load("%s/spikes_P_t.npy" % d))
expected = 1000 * 20 * 0.3
check(abs(n - expected) < 4 * math.sqrt(expected), "poisson source: %d spikes (expected %d +- %d)" % (n, expected, 4 * math.sqrt(expected)))
