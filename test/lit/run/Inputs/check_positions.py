import sys
import numpy as np

d = sys.argv[1]
a = np.load(d + "/A_x.npy")[-1]
r = np.load(d + "/R_x.npy")[-1]
g = np.load(d + "/G_x.npy")[-1]
j = np.arange(20)
want_g = np.hypot((np.arange(12) % 4) * 20.0, (np.arange(12) // 4) * 20.0)
for name, got, want in (("line", a, np.exp(-10.0 * j / 50)), ("ring", r, np.ones(8)), ("grid", g, want_g)):
    err = np.max(np.abs(got - want) / np.maximum(1, np.abs(want)))
    print(("" if err < 1e-12 else "FAIL ") + "%s: weights from distance match to %.1e" % (name, err))
