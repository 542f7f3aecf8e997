"""bdlc analyze --trajectory against the executable's run of the same model
from the same state (ml_trajectory.bdl): the trajectory goes through the
step the compiler lowered (RK4 here), so the states agree to rounding
(1e-12; the run records in mV, the analysis in V) and the spike times exactly.
Usage: check_trajectory.py ANALYSIS.json RESULTS"""
import json, os, sys

import numpy as np

a = json.load(open(sys.argv[1]))["trajectories"][0]
v = np.load(os.path.join(sys.argv[2], "N_v.npy"))[:, 0]
w = np.load(os.path.join(sys.argv[2], "N_w.npy"))[:, 0]
spikes = np.load(os.path.join(sys.argv[2], "spikes_N_t.npy"))
n = len(v)
dv = np.max(np.abs(np.array(a["state"]["v"][:n]) * 1e3 - v) / np.maximum(1, np.abs(v)))
dw = np.max(np.abs(np.array(a["state"]["w"][:n]) - w))
same = np.array_equal(np.array(a["spikes"]), spikes)
ok = dv < 1e-12 and dw < 1e-12 and same
print("%s %d steps through %s: largest difference v %.0e, w %.0e; %d spikes at the same times" % (
    "ok" if ok else "FAIL", n, a["integrator"], dv, dw, len(spikes)))
sys.exit(0 if ok else 1)
