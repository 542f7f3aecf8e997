import sys
import numpy as np

d = sys.argv[1]


def period(pop):
    t = np.load("%s/spikes_%s_t.npy" % (d, pop)) * 1e3
    return np.median(np.diff(t[1:]))


p1, p09, p08 = period("F1"), period("F09"), period("F08")
print(("" if abs(p1 / 39.47 - 1) < 0.01 else "FAIL ") + "alpha 1: period %.2f ms (ODE 39.47 ms)" % p1)
print(("" if p09 > 1.2 * p1 else "FAIL ") + "alpha 0.9: period %.2f ms" % p09)
print(("" if p08 > 1.5 * p09 else "FAIL ") + "alpha 0.8: period %.2f ms" % p08)
