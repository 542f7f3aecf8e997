#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Synapses with `continuous` blocks (stdlib std.synapses): kernels, the
NMDA magnesium block and a gap junction.

1. Postsynaptic currents. One presynaptic spike at 1 ms drives `Meter`
   neurons whose charge Q integrates I_syn by Euler, so Q[n+1] - Q[n] is
   exactly dt times the current of step n. The current lags the spike by one
   step (the `on pre` of step n is summed at the start of step n + 1, as
   Brian2's summed variables) and then follows the analytic kernel on the
   grid: exp w e^(-t/tau); alpha w (t/tau) e^(1-t/tau), peak w at tau;
   dual exponential normalised to peak w at tau_d tau_r/(tau_d - tau_r)
   ln(tau_d/tau_r). The synaptic states are linear and integrated exactly,
   so the tolerance is 1e-12 of w; the peak is at the grid point nearest the
   analytic peak time.
2. NMDA block. The same conductance into neurons clamped at -100 ... 0 mV
   gives charges proportional to B(v) (E - v) with
   B(v) = 1/(1 + [Mg]/3.57 mM exp(-0.062 v/mV)) (Jahr & Stevens 1990):
   B(v)/B(-60 mV) from the charges vs the formula, to 1e-12.
3. Gap junction. Two passive neurons (tau = 10 ms, R = 100 MOhm) coupled by
   w = 2 nS from v = 10 mV and 0 mV: the difference obeys the one-step
   recursion d' = d (e^-h - 2 R w (1 - e^-h)), h = dt/tau (current held over
   the step, exact propagator for v), to 1e-12; and the continuous solution
   d(t) = d0 e^(-(1 + 2 R w) t / tau) to 2% at 5 ms (a first-order splitting
   error of about (1 + 2Rw) dt / 2 tau = 0.7%).

Usage: synapses.py BDLC
"""
import math
import sys
import tempfile

import numpy as np

from common import Checks, run_model, state

MODEL = """
import std.synapses.current (ExpCurrent, AlphaCurrent, DualExpCurrent)
import std.synapses.receptors (NMDA)
import std.synapses.gap_junction (GapJunction)

neuron Meter {
  input I_syn: nA
  state v: mV = -60 mV
  state Q: nA * ms = 0 nA * ms
  dQ/dt = I_syn  (method euler)
}

neuron Passive {
  param tau: ms = 10 ms
  param R: Mohm = 100 Mohm
  input I_syn: nA
  state v: mV = 0 mV
  dv/dt = (-v + R * I_syn) / tau
}

network Net {
  S = spike_times[1](times = [1 ms], indices = [0])
  A = Meter[1]
  B = Meter[1]
  C = Meter[1]
  P = Meter[11] { v = -100 mV + i * 10 mV }
  G = Passive[2] { v = (1 - i) * 10 mV }
  S -> A : ExpCurrent(w = 0.5 nA, tau = 5 ms) connect all_to_all
  S -> B : AlphaCurrent(w = 0.5 nA, tau = 3 ms) connect all_to_all
  S -> C : DualExpCurrent(w = 0.5 nA, tau_r = 1 ms, tau_d = 5 ms) connect all_to_all
  S -> P : NMDA(w = 1 nS) connect all_to_all
  G -> G : GapJunction(w = 2 nS) connect probability(1, autapses = false)
}

experiment main of Net {
  dt = 0.1 ms
  record Q of A
  record Q of B
  record Q of C
  record Q of P
  record v of G
  run 30 ms
}
"""

DT, W = 0.1, 0.5  # ms, nA


def kernels():
    t = np.arange(0, 25, DT)
    tp = 5 * 1 / (5 - 1) * math.log(5 / 1)
    f = 1 / (math.exp(-tp / 5) - math.exp(-tp / 1))
    return {
        "A": ("exp", W * np.exp(-t / 5), 0.0),
        "B": ("alpha", W * (t / 3) * np.exp(1 - t / 3), 3.0),
        "C": ("dual exp", W * f * (np.exp(-t / 5) - np.exp(-t / 1)), tp),
    }


def main(bdlc):
    c = Checks()
    res = run_model(bdlc, None, text=MODEL, workdir=tempfile.mkdtemp(prefix="bdl-synapses-"))
    first = int(round(1.0 / DT)) + 1  # the step after the spike's
    for pop, (name, want, tpeak) in kernels().items():
        q = state(res, pop, "Q")[1][:, 0]
        current = np.diff(q) / DT
        assert np.all(current[:first] == 0), current[:first]
        got = current[first:first + len(want)]
        err = np.max(np.abs(got - want)) / W
        lag = (np.argmax(current) - first) * DT
        c.check(err < 1e-12 and abs(lag - tpeak) <= DT / 2 + 1e-9,
                "%s current: max deviation from the kernel %.1e of w; peak %.4f nA at %.1f ms (analytic %.4f ms)"
                % (name, err, current.max(), lag, tpeak))

    q = state(res, "P", "Q")[1][-1]
    v = np.arange(11) * 10.0 - 100
    block = lambda x: 1 / (1 + 1 / 3.57 * np.exp(-0.062 * x))
    ref = 4  # -60 mV
    keep = v != 0  # no current at the reversal potential
    measured = (q[keep] / (0 - v[keep])) / (q[ref] / (0 - v[ref]))
    err = np.max(np.abs(measured - block(v[keep]) / block(v[ref])))
    c.check(err < 1e-12, "NMDA block B(v)/B(-60 mV) at -100..-10 mV: %s, max deviation %.1e"
            % (", ".join("%.4f" % m for m in measured), err))

    t, vg = state(res, "G", "v")
    d = vg[:, 0] - vg[:, 1]
    h, rw = DT / 10, 100e6 * 2e-9
    ratio = math.exp(-h) - 2 * rw * (1 - math.exp(-h))
    pred = 10 * ratio ** np.arange(len(d))
    err = np.max(np.abs(d - pred)) / 10
    c.check(err < 1e-12, "gap junction: v1 - v2 follows the one-step recursion to %.1e" % err)
    k = int(round(5 / DT))
    exact = 10 * math.exp(-(1 + 2 * rw) * 5 / 10)
    c.check(abs(d[k] / exact - 1) < 0.02, "gap junction: v1 - v2 at 5 ms %.4f mV vs %.4f mV continuous (%.2f%%)"
            % (d[k], exact, 100 * (d[k] / exact - 1)))
    c.check(abs((vg[k, 0] + vg[k, 1]) - 10 * math.exp(-0.5)) < 1e-9,
            "gap junction: the sum decays with the membrane alone (%.6f mV)" % (vg[k, 0] + vg[k, 1]))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
