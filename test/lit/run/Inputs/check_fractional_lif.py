import sys
import numpy as np

d = sys.argv[1]
f = np.load(d + "/spikes_F_t.npy") * 1e3
c = np.load(d + "/spikes_C_t.npy") * 1e3
ci, fi = np.diff(c), np.diff(f)
print(("" if np.ptp(ci) <= 0.1 + 1e-9 else "FAIL ") + "classic: periodic, intervals %.1f..%.1f ms" % (ci.min(), ci.max()))
print(("" if f[0] > 2 * c[0] else "FAIL ") + "fractional: latency %.1f ms vs classic %.1f ms" % (f[0], c[0]))
print(("" if np.all(np.diff(fi) <= 0.1 + 1e-9) and fi[-1] < 0.7 * fi[0] else "FAIL ")
      + "fractional: intervals shorten, %.1f -> %.1f ms" % (fi[0], fi[-1]))
