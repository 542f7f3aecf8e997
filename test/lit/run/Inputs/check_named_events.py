# SPDX-License-Identifier: Apache-2.0
"""Checks a run of named_events.bdl (named-events.test): RESULTS."""
import json
import sys

import numpy as np

d = sys.argv[1] + "/"
load = lambda f: np.load(d + f)
ok = lambda c, m: print(("ok " if c else "FAIL ") + m)

spikes = load("spike_counts_E.npy")
ticks = load("event_counts_E_tick.npy")
ok(spikes.min() > 0 and np.all(ticks == 2000),
   "tick on each of 2000 steps of every neuron, through %d refractory periods" % spikes.sum())
x = load("T_x.npy")
expect = np.maximum(0, np.arange(2000) - 10)[:, None]
ok(np.array_equal(x, np.broadcast_to(expect, x.shape)), "on pre.tick with delay 1 ms: x = max(0, step - 10)")
halves = load("event_counts_E_half.npy")
ok(set((halves - spikes).tolist()) <= {0, 1}, "half once per rise through 5 mV: %d events, %d spikes"
   % (halves.sum(), spikes.sum()))
ht, hi = load("events_E_half_t.npy"), load("events_E_half_i.npy")
ok(np.array_equal(np.bincount(hi, minlength=40), halves), "events_E_half_i.npy counts equal event_counts_E_half.npy")
y = load("T_y.npy")
before = np.bincount(hi[ht < 0.19985], minlength=40)
ok(np.array_equal(y[-1], before), "on pre.half without delay: y at the last step counts the earlier events")
tt, ti = load("events_E_tick_t.npy"), load("events_E_tick_i.npy")
ok(len(tt) == 400 and set(ti.tolist()) == {0, 1, 2, 3} and abs(tt.min() - 0.01) < 1e-12 and abs(tt.max() - 0.0199) < 1e-12,
   "events(E.tick[0:4]) from 10 ms to 20 ms: %d events" % len(tt))
files = {f["file"]: f for f in json.load(open(d + "manifest.json"))["recordings"]}
f = files.get("events_E_half_t.npy", {})
ok(f.get("kind") == "events" and f.get("variable") == "half" and f.get("unit") == "s"
   and files.get("event_counts_E_tick.npy", {}).get("kind") == "event_counts",
   "manifest: events_E_half_t.npy (kind events, variable half, s), event_counts_E_tick.npy")
