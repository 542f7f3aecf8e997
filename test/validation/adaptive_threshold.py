#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Values at spikes against Brian2: the adaptive-threshold neuron of Brian2's
examples (v decays with tau 10 ms, its threshold vt jumps by 3 mV at each
spike and decays back to 10 mV with 15 ms; each input spike adds 3 mV), ten
neurons each driven by its own fixed train of input spikes (a Bernoulli
draw of 500 Hz per 0.1 ms step, seeded), for 1 s.

BDL records `record spikes(N) with v, vt`; Brian2 2.5.1 (numpy target)
records SpikeMonitor(G, variables=['v', 'vt']) on the same trains. Both
integrate with the exact (exponential) step at dt = 0.1 ms and order a step
alike (state update, threshold, the monitor reads the values, synaptic
delivery, reset), so the spikes must be the same and the values equal up
to rounding: the propagators are exp(-dt/tau) computed in two ways (BDL
through a matrix exponential, Brian2 through numpy's exp), which differ by
about 1e-16 relative; v restarts from 0 at every spike and vt relaxes, so
rounding cannot grow past about 1e-13 mV. The tolerance, 1e-9 mV, keeps
margin over that and is far below what a different step order would give
(a delivery read before the monitor shifts v by 3 mV; a value read after
the reset gives 0).

Usage: adaptive_threshold.py BDLC     (needs python3-brian; skips without)
"""
import sys
import tempfile
import warnings

import numpy as np

from common import Checks, input_trains, run_model, spike_lists, spikes

N, STEPS, DT = 10, 10000, 1e-4


def bdl_model(steps, neurons):
    times, indices = spike_lists(steps, neurons, 100)
    return """
neuron AdaptiveThreshold {
  state v: mV = 0 mV
  state vt: mV = 10 mV
  dv/dt = -v / (10 ms)
  dvt/dt = (10 mV - vt) / (15 ms)
  spike when v > vt {
    v = 0 mV
    vt += 3 mV
  }
  method exact
}

network Net {
  In = spike_times[%d](times = [%s], indices = [%s])
  N = AdaptiveThreshold[%d]
  In -> N { on pre { post.v += 3 mV } } connect one_to_one
}

experiment main of Net {
  dt = 0.1 ms
  record spikes(N) with v, vt
  run 1 s
}
""" % (N, times, indices, N)


def brian2_run(steps, neurons):
    """Brian2's spikes (t in s, i) and v, vt at them (mV), or None without Brian2."""
    warnings.filterwarnings("ignore")
    try:
        import brian2 as b2
    except ImportError:
        return None
    b2.prefs.codegen.target = "numpy"
    b2.defaultclock.dt = 0.1 * b2.ms
    eqs = """dv/dt = -v / (10*ms) : volt
             dvt/dt = (10*mV - vt) / (15*ms) : volt"""
    g = b2.NeuronGroup(N, eqs, threshold="v > vt", reset="v = 0*mV\nvt += 3*mV", method="exact")
    g.vt = 10 * b2.mV
    source = b2.SpikeGeneratorGroup(N, neurons, steps * b2.defaultclock.dt)
    syn = b2.Synapses(source, g, on_pre="v += 3*mV")
    syn.connect(j="i")
    mon = b2.SpikeMonitor(g, variables=["v", "vt"])
    net = b2.Network(g, source, syn, mon)
    net.run(1 * b2.second)
    return (np.asarray(mon.t / b2.second), np.asarray(mon.i), np.asarray(mon.v / b2.mV),
            np.asarray(mon.vt / b2.mV))


def main(bdlc):
    steps, neurons = input_trains(7, 500, N, STEPS, DT)
    ref = brian2_run(steps, neurons)
    if ref is None:
        print("UNSUPPORTED: brian2 is not importable")
        return
    c = Checks()
    res = run_model(bdlc, None, text=bdl_model(steps, neurons), workdir=tempfile.mkdtemp(prefix="bdl-adaptive-"))
    t, i = spikes(res, "N")
    v, vt = np.load(res + "/spikes_N_v.npy"), np.load(res + "/spikes_N_vt.npy")
    # Brian2 lists a step's spikes by neuron, as BDL does.
    bt, bi, bv, bvt = ref
    same = len(t) == len(bt) and np.array_equal(i, bi) and np.abs(t - bt).max() < 1e-9
    c.check(same, "the same %d spikes as Brian2 (%d)" % (len(t), len(bt)))
    if same:
        dv, dvt = np.abs(v - bv).max(), np.abs(vt - bvt).max()
        c.check(dv < 1e-9 and dvt < 1e-9,
                "v at spikes equals Brian2's SpikeMonitor(variables='v'): max |dv| %.1e mV, |dvt| %.1e mV"
                " (v from %.3f to %.3f mV)" % (dv, dvt, v.min(), v.max()))
        inputs = set(zip(steps.tolist(), neurons.tolist()))
        both = sum((int(round(x / DT)), int(n)) in inputs for x, n in zip(t, i))
        c.check(np.all(v > vt), "every recorded v is above its threshold (read before the reset); %d spikes"
                " fell in a step with an input, whose 3 mV is not in v (read before the delivery)" % both)
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
