#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Named events against Brian2's custom events. Ten leaky neurons, each with
its own constant drive I (7.3 mV + 0.55 mV i, so some reach the 10 mV
threshold alone and some only with input) and its own fixed train of 4.5 mV
input kicks (a Bernoulli draw of 30 Hz per 0.1 ms step, seeded), for 1 s.
Beside the spike (v > 10 mV, reset v = 0 and `armed = 1`; no refractory
period, whose clamp Brian2 also applies to synaptic writes and BDL does not)
each neuron has a second event, `burst`, when v is above 6 mV while armed;
its own block disarms the neuron and counts the event (`ca += 1`). A
synaptic pathway on `burst` with a 1 ms delay adds 1 to a decaying target
x of a second population (one to one); another on the spikes adds to y.

In Brian2 2.5.1 (numpy target) this is NeuronGroup(events={'burst': ...}),
run_on_event('burst', ...), Synapses(on_event={'pre': 'burst'}) and an
EventMonitor. Brian2 checks custom events after the spike threshold
('after_thresholds'), delivers both in 'synapses', and runs run_on_event
code after the spike reset ('after_resets'); BDL's order is the same. A
4.5 mV kick can take v from below 6 mV to above 10 mV in one step: the
neuron then spikes and emits `burst` in that step, the spike reset arms it
and the event's block, running after it, disarms it again, so its next
rise through 6 mV emits nothing. A different order (the event's block
first, or the event held back by the spike) changes the event list.

Both integrate exactly at dt = 0.1 ms (BDL through a matrix exponential,
Brian2 through sympy's closed form with numpy's exp): the propagators
differ by about 1e-16 relative, so the event and spike lists must be equal
and x, y equal to rounding; the tolerance 1e-9 leaves margin over the
~1e-14 that rounding reaches (x and y are sums of a few dozen decaying
unit steps) and is far below a missed or extra event (a step of 1).

Usage: custom_events.py BDLC     (needs python3-brian; skips without)
"""
import sys
import tempfile
import warnings

import numpy as np

from common import Checks, input_trains, run_model, spike_lists, spikes, state

N, STEPS, DT = 10, 10000, 1e-4


def bdl_model(steps, neurons):
    times, indices = spike_lists(steps, neurons, 100)
    return """
neuron Cell {
  state I: mV = 8 mV      // constant, a state so that the system is linear
  state v: mV = 0 mV
  state ca = 0
  state armed = 1
  dv/dt = (I - v) / (10 ms)
  dI/dt = 0 mV / ms
  spike when v > 10 mV { v = 0 mV  armed = 1 }
  event burst when v > 6 mV and armed > 0.5 { armed = 0  ca += 1 }
  method exact
}

neuron Target {
  state x = 0
  state y = 0
  dx/dt = -x / (50 ms)
  dy/dt = -y / (50 ms)
  method exact
}

network Net {
  In = spike_times[%d](times = [%s], indices = [%s])
  G = Cell[%d] { I = 7.3 mV + i * 0.55 mV }
  T = Target[%d]
  In -> G { on pre { post.v += 4.5 mV } } connect one_to_one
  G -> T { on pre.burst { post.x += 1 } } connect one_to_one delay 1 ms
  G -> T { on pre { post.y += 1 } } connect one_to_one
}

experiment main of Net {
  dt = 0.1 ms
  record events(G.burst)
  record spikes(G)
  record x, y of T
  record ca of G every 1 s from 999.9 ms
  run 1 s
}
""" % (N, times, indices, N, N)


def brian2_run(steps, neurons):
    """Brian2's burst events, spikes (t in s, i), x and y ([step, neuron]) and
    ca at the end, or None without Brian2."""
    warnings.filterwarnings("ignore")
    try:
        import brian2 as b2
    except ImportError:
        return None
    b2.prefs.codegen.target = "numpy"
    b2.defaultclock.dt = 0.1 * b2.ms
    ms, mV = b2.ms, b2.mV
    eqs = """dv/dt = (I - v) / (10*ms) : volt
             I : volt
             ca : 1
             armed : 1"""
    g = b2.NeuronGroup(N, eqs, threshold="v > 10*mV", reset="v = 0*mV\narmed = 1", method="exact",
                       events={"burst": "v > 6*mV and armed > 0.5"})
    g.run_on_event("burst", "armed = 0\nca += 1")
    g.armed = 1
    g.I = "7.3*mV + i * 0.55*mV"
    t = b2.NeuronGroup(N, "dx/dt = -x / (50*ms) : 1\ndy/dt = -y / (50*ms) : 1", method="exact")
    source = b2.SpikeGeneratorGroup(N, neurons, steps * b2.defaultclock.dt)
    kick = b2.Synapses(source, g, on_pre="v += 4.5*mV")
    kick.connect(j="i")
    on_burst = b2.Synapses(g, t, on_pre="x_post += 1", on_event={"pre": "burst"}, delay=1 * ms)
    on_burst.connect(j="i")
    on_spike = b2.Synapses(g, t, on_pre="y_post += 1")
    on_spike.connect(j="i")
    events = b2.EventMonitor(g, "burst")
    spk = b2.SpikeMonitor(g)
    xy = b2.StateMonitor(t, ["x", "y"], record=True)
    net = b2.Network(g, t, source, kick, on_burst, on_spike, events, spk, xy)
    net.run(1 * b2.second)
    return (np.asarray(events.t / b2.second), np.asarray(events.i), np.asarray(spk.t / b2.second),
            np.asarray(spk.i), np.asarray(xy.x).T, np.asarray(xy.y).T, np.asarray(g.ca))


def main(bdlc):
    steps, neurons = input_trains(11, 30, N, STEPS, DT)
    ref = brian2_run(steps, neurons)
    if ref is None:
        print("UNSUPPORTED: brian2 is not importable")
        return
    bet, bei, bst, bsi, bx, by, bca = ref
    c = Checks()
    res = run_model(bdlc, None, text=bdl_model(steps, neurons), workdir=tempfile.mkdtemp(prefix="bdl-events-"))
    et, ei = np.load(res + "/events_G_burst_t.npy"), np.load(res + "/events_G_burst_i.npy")
    st, si = spikes(res, "G")
    _, x = state(res, "T", "x")
    _, y = state(res, "T", "y")
    counts = np.load(res + "/event_counts_G_burst.npy")
    _, ca = state(res, "G", "ca")

    same_events = len(et) == len(bet) and np.array_equal(ei, bei) and np.abs(et - bet).max() < 1e-9
    c.check(same_events, "the same %d burst events as Brian2's EventMonitor (%d)" % (len(et), len(bet)))
    same_spikes = len(st) == len(bst) and np.array_equal(si, bsi) and np.abs(st - bst).max() < 1e-9
    c.check(same_spikes, "the same %d spikes as Brian2 (%d)" % (len(st), len(bst)))
    spiked = set(zip(np.round(st / DT).astype(int).tolist(), si.tolist()))
    both = sum((int(round(t / DT)), int(i)) in spiked for t, i in zip(et, ei))
    c.check(both > 0, "%d burst events in the step of a spike of the same neuron (the order is exercised)" % both)
    c.check(np.array_equal(counts, np.bincount(ei, minlength=N)) and np.array_equal(ca[-1], counts)
            and np.array_equal(bca, counts),
            "event counts per neuron equal ca (the event's block) and Brian2's ca: %s" % counts.tolist())
    if x.shape == bx.shape and y.shape == by.shape:
        dx, dy = np.abs(x - bx).max(), np.abs(y - by).max()
        c.check(dx < 1e-9 and dy < 1e-9,
                "x (on pre.burst, 1 ms delay) and y (on pre) equal Brian2's StateMonitor: max |dx| %.1e, |dy| %.1e"
                " (x up to %.2f)" % (dx, dy, x.max()))
    else:
        c.check(False, "x has shape %s, Brian2's %s" % (x.shape, bx.shape))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
