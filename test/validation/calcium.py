#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The HH neuron with a high-threshold Ca current, a Ca pool and a
Ca-activated K (AHP) current (stdlib std.neurons.hh_adapting, channels of
std.channels.calcium after Wang 1998) under a 30 uA/cm^2 step from 50 to
550 ms (800 ms in all, RK4 as bdlc picks, dt = 0.01 ms):

* A (gAHP = 15 mS/cm^2) adapts: 37 spikes, ISIs 11.24 -> 11.06 -> ... ->
  14.09 ms, lengthening from the second on; adaptation ratio (last / first
  ISI) 1.254, required > 1.2.
* B (gAHP = 0) does not: 50 spikes, ISIs 10.76 -> 10.16 -> ... -> 10.12 ms,
  ratio 0.941, required within 0.1 of 1 (the first ISI, from rest, is the
  longest).
* [Ca] of A rises at every spike (by 0.1-0.4 uM from 0.5 ms before to 3 ms
  after it) and decays between spikes and after the step with tauCa = 80 ms
  (log-linear fits, within 2%: the Ca influx at subthreshold v is ~1% of the
  decay).

Spike counts and ISIs are those of Brian2 2.5.1 on the same equations and
method (`python3 test/validation/reference/calcium_brian2.py`); spike times
are whole steps in both, so the tolerance is one step (0.01 ms) per ISI; the
peak and final [Ca] of A agree within 1%.

Usage: calcium.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes, state

BRIAN2 = {
    "A": {"spikes": 37, "first": 11.24, "second": 11.06, "last": 14.09},
    "B": {"spikes": 50, "first": 10.76, "second": 10.16, "last": 10.12},
}
BRIAN2_CA = {"peak": 1.480457, "end": 0.057518}  # uM
STEP = 0.01  # ms
TAU_CA = 80.0  # ms


def main(bdlc, model):
    out = run_model(bdlc, model)
    c = Checks()
    isis = {}
    for pop, label in (("A", "gAHP = 15"), ("B", "gAHP = 0")):
        t, _ = spikes(out, pop)
        isi = np.diff(t) * 1e3
        isis[pop] = isi
        ref = BRIAN2[pop]
        c.check(len(t) == ref["spikes"], "Ca/K(Ca) %s: %d spikes (Brian2 %d)" % (label, len(t), ref["spikes"]))
        for name, got in (("first", isi[0]), ("second", isi[1]), ("last", isi[-1])):
            c.check(abs(got - ref[name]) <= STEP + 1e-9,
                    "Ca/K(Ca) %s: %s ISI %.2f ms (Brian2 %.2f ms)" % (label, name, got, ref[name]))
    a, b = isis["A"], isis["B"]
    ratio = a[-1] / a[0]
    c.check(ratio > 1.2, "Ca/K(Ca): adaptation ratio %.3f > 1.2 (Brian2 %.3f)"
            % (ratio, BRIAN2["A"]["last"] / BRIAN2["A"]["first"]))
    c.check(np.all(np.diff(a[1:]) >= -STEP - 1e-9), "Ca/K(Ca): ISIs lengthen from the second on (%.2f -> %.2f ms)"
            % (a[1], a[-1]))
    ratio0 = b[-1] / b[0]
    c.check(abs(ratio0 - 1) < 0.1, "Ca/K(Ca) gAHP = 0: no adaptation, ratio %.3f (Brian2 %.3f)"
            % (ratio0, BRIAN2["B"]["last"] / BRIAN2["B"]["first"]))

    t, _ = spikes(out, "A")
    ct, ca = state(out, "A", "Ca")
    ca = ca[:, 0]

    def at(x):
        return ca[int(round(x / (STEP * 1e-3)))]

    jumps = np.array([at(s + 3e-3) - at(s - 0.5e-3) for s in t])
    c.check(np.all((jumps > 0.1) & (jumps < 0.4)), "Ca/K(Ca): [Ca] rises by %.3f-%.3f uM at each spike"
            % (jumps.min(), jumps.max()))
    taus = []
    for s0, s1 in zip(t[:-1], t[1:]):
        m = (ct >= s0 + 4e-3) & (ct <= s1 - 2e-3)
        taus.append(-1e3 / np.polyfit(ct[m], np.log(ca[m]), 1)[0])
    taus = np.array(taus)
    c.check(np.all(np.abs(taus / TAU_CA - 1) < 0.02), "Ca/K(Ca): [Ca] decays between spikes with tau %.1f-%.1f ms (tauCa %g ms)"
            % (taus.min(), taus.max(), TAU_CA))
    m = (ct >= t[-1] + 20e-3) & (ct <= t[-1] + 200e-3)
    tau = -1e3 / np.polyfit(ct[m], np.log(ca[m]), 1)[0]
    c.check(abs(tau / TAU_CA - 1) < 0.02, "Ca/K(Ca): [Ca] decays after the step with tau %.1f ms (tauCa %g ms)" % (tau, TAU_CA))
    for name, got in (("peak", ca.max()), ("end", ca[-1])):
        c.check(abs(got / BRIAN2_CA[name] - 1) < 0.01,
                "Ca/K(Ca): %s [Ca] %.4f uM (Brian2 %.4f uM)" % (name, got, BRIAN2_CA[name]))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
