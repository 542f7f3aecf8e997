#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Izhikevich (2003) neuron of stdlib std.neurons.izhikevich shows its
classic firing types at I = 10 mV/ms, by inter-spike-interval statistics:

- regular spiking: adapts (first ISI < 0.7 of the steady one), then fires
  tonically (CV of the last 10 ISIs < 0.05), never in bursts (no ISI < 10 ms);
- intrinsically bursting: an initial burst (first two ISIs < 10 ms), then
  tonic spikes (every later ISI > 20 ms, CV < 0.05);
- chattering: repeated bursts (most ISIs < 10 ms, at least 5 pauses > 20 ms);
- fast spiking: high rate (> 100 Hz) with little adaptation (last ISI < 2x
  the first) and no pauses (no ISI > 10 ms).

Usage: izhikevich.py BDLC MODEL.bdl
"""
import sys

import numpy as np

from common import Checks, run_model, spikes


def cv(x):
    return np.std(x) / np.mean(x)


def main(bdlc, model):
    r = run_model(bdlc, model)
    isi = {p: np.diff(spikes(r, p)[0]) * 1e3 for p in ("RS", "IB", "CH", "FS")}  # ms
    c = Checks()
    rs = isi["RS"]
    c.check(rs[0] < 0.7 * rs[-1] and cv(rs[-10:]) < 0.05 and rs.min() > 10,
            "regular spiking: first ISI %.1f ms, steady %.1f ms (CV %.3f)" % (rs[0], rs[-1], cv(rs[-10:])))
    ib = isi["IB"]
    c.check(ib[0] < 10 and ib[1] < 10 and ib[2:].min() > 20 and cv(ib[-10:]) < 0.05,
            "intrinsically bursting: burst ISIs %.1f, %.1f ms, then %.1f ms" % (ib[0], ib[1], ib[-1]))
    ch = isi["CH"]
    c.check(np.mean(ch < 10) > 0.6 and np.sum(ch > 20) >= 5,
            "chattering: %.0f%% of ISIs < 10 ms, %d pauses > 20 ms" % (100 * np.mean(ch < 10), np.sum(ch > 20)))
    fs = isi["FS"]
    c.check(len(fs) + 1 > 100 and fs[-1] < 2 * fs[0] and fs.max() < 10,
            "fast spiking: %d spikes in 1 s, ISIs %.1f -> %.1f ms" % (len(fs) + 1, fs[0], fs[-1]))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
