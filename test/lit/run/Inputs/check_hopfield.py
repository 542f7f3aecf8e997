import sys
import numpy as np

data, res = sys.argv[1], sys.argv[2]
xi = np.load(data + "/hopfield_patterns.npy").astype(float)
for k in range(len(xi)):
    s = np.load("%s/C%d_s.npy" % (res, k))
    m0, m = s[0] @ xi[k] / xi.shape[1], s[-1] @ xi[k] / xi.shape[1]
    ok = abs(m0 - 0.6) < 1e-12 and m > 0.95
    print(("" if ok else "FAIL ") + "C%d recalls pattern %d: overlap %.3f -> %.3f" % (k, k, m0, m))
