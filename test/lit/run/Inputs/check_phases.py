# SPDX-License-Identifier: Apache-2.0
"""Checks the results of Inputs/phases.bdl (see ../phases.test) against the
closed form of dv/dt = (I - v) / tau in each phase."""
import json, math, sys
import numpy as np

d = sys.argv[1]


def check(ok, msg):
    print(("ok " if ok else "FAIL ") + msg)


v, t = np.load(d + "/E_v.npy"), np.load(d + "/E_v_t.npy")
check(v.shape == (300, 3) and abs(t[0]) < 1e-12, "v recorded from 0 s: %s" % (v.shape,))
# Phase 2 (100-200 ms): I = 10 mV, tau = 5 ms from v(100 ms), no spikes.
two = (t > 0.1 - 1e-9) & (t < 0.2 - 1e-9)
v0 = v[two][0]
want = 10 + (v0 - 10) * np.exp(-(t[two] - 0.1)[:, None] / 5e-3)
err = np.abs(v[two] - want).max()
check(err < 1e-9, "set E.I = 10 mV, E.tau = 5 ms at 100 ms: max error %.1e mV" % err)
spikes = np.load(d + "/spikes_E_t.npy")
# Phase 3: I = 30 mV from v ~ 10 mV: the threshold 15 mV at 5 ms ln(20/15).
first = 0.2 + 5e-3 * math.log(20 / 15)
check(len(spikes) > 0 and spikes.min() > 0.2 and abs(spikes.min() - first) < 2e-4,
      "spikes recorded from 100 ms; the first at %.4f s (closed form %.4f s)" % (spikes.min(), first))
x, xt = np.load(d + "/E_x.npy"), np.load(d + "/E_x_t.npy")
check(x.shape == (2000, 1) and abs(xt[0] - 0.1) < 1e-12, "x recorded from 100 ms: %s" % (x.shape,))
before, after = x[xt < 0.25 - 1e-9], x[xt > 0.25 + 1e-9]
check(np.all(before == 0) and np.all(after > 4), "stimulus from its phase: x = 0 before 250 ms, > 4 mV after")
m = json.load(open(d + "/manifest.json"))
check(m["parameters"]["E.I"]["value"] == 30 and m["parameters"]["E.tau"]["value"] == 5,
      "manifest: the final E.I %g mV, E.tau %g ms" % (m["parameters"]["E.I"]["value"], m["parameters"]["E.tau"]["value"]))
