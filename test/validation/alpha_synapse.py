#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A neuron driven through std.synapses.conductance.AlphaConductance (a
lumped `continuous` synapse) against Brian2 2.5.1 on the same model
(clock-driven synaptic equations, a summed current, exact integration,
dt = 0.1 ms): the membrane potential every 5 ms, from
`python3 test/validation/reference/alpha_synapse_brian2.py`. Both integrate
the same arithmetic in the same order of operations per step (Brian2: summed
variable, then state updates), so the tolerance is 1e-9 mV.

Usage: alpha_synapse.py BDLC
"""
import sys
import tempfile

import numpy as np

from common import Checks, run_model, state

BRIAN2_MV = [float(x) for x in """
-70.000000000000 -70.000000000000 -66.389269621176 -61.950589801755 -56.520287096874 -56.747791367785
-58.867678510046 -53.335968094941 -47.356616930466 -48.832268194444 -52.454758184977 -56.048807057605
-59.062742906288 -56.001693500247 -54.513940491168 -56.369286489395 -58.937878643150 -61.269646769229
-63.172943042176 -61.370610296376 -60.955753387150 -62.188588303785 -63.705204819767 -65.044618052796
""".split()]

MODEL = """
import std.synapses.conductance (AlphaConductance)

neuron Cell {
  param C: pF = 200 pF
  param gL: nS = 10 nS
  input I_syn: nA
  state v: mV = -70 mV
  dv/dt = (gL * (-70 mV - v) + I_syn) / C
}

network Net {
  S = spike_times[1](times = [5 ms, 12 ms, 13 ms, 30 ms, 31 ms, 32 ms, 33 ms, 60 ms, 61 ms, 90 ms])
  N = Cell[1]
  S -> N : AlphaConductance(w = 3 nS, tau = 3 ms, E = 0 mV) connect all_to_all
}

experiment main of Net {
  dt = 0.1 ms
  record v of N every 5 ms
  run 120 ms
}
"""


def main(bdlc):
    c = Checks()
    res = run_model(bdlc, None, text=MODEL, workdir=tempfile.mkdtemp(prefix="bdl-alpha-"))
    v = state(res, "N", "v")[1][:, 0]
    err = np.max(np.abs(v - np.array(BRIAN2_MV)))
    c.check(len(v) == len(BRIAN2_MV) and err < 1e-9,
            "alpha conductance: v every 5 ms matches Brian2 to %.1e mV (peak %.4f mV)" % (err, v.max()))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
