#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""lump-synapses: a linear synapse summed per post neuron gives the same
result as the same synapse integrated per synapse; an all-to-all coupling
summed once over the presynaptic population gives the same result as the
coupling evaluated per synapse.

Two copies of a network of 50 passive neurons, each receiving 40 Poisson
inputs (20 Hz) through an exponential conductance: `Lumped` uses
std.synapses.conductance.ExpConductance (lumped: one sum per post neuron),
`PerSynapse` the same synapse with its time constant declared per synapse,
which keeps the states per synapse (exponential Euler, exact on this
equation). The membrane potentials must agree to 1e-9 relative: only the
order of the additions differs (recorded in mV). The IR must show that one is lumped and the
other is not.

Likewise 40 rate units coupled all-to-all without autapses by
`post.I += w * pre.r` (`PreLumped`: one presynaptic sum per step, minus the
unit's own term) and the same with `w` per synapse (`PerPair`): rates agree
to 1e-9 relative.

Usage: lumping.py BDLC
"""
import subprocess
import sys
import tempfile

import numpy as np

from common import Checks, run_model, state

MODEL = """
import std.synapses.conductance (ExpConductance)

synapse PerSynapseExp {
  param w: nS = 1 nS
  param tau: ms = 5 ms  (per synapse)
  param E: mV = 0 mV
  state g: nS = 0 nS
  dg/dt = -g / tau
  on pre {
    g += w
  }
  continuous {
    post.I_syn += g * (E - post.v)
  }
}

synapse RateCoupling {
  param w = 0.05
  continuous {
    post.I += w * pre.r
  }
}

synapse RateCouplingPerPair {
  param w = 0.05 (per synapse)
  continuous {
    post.I += w * pre.r
  }
}

neuron RateUnit {
  param tau: ms = 10 ms
  param drive = 0 (per neuron)
  input I
  state r = 0
  dr/dt = (-r + tanh(I + drive)) / tau
}

neuron Passive {
  param C: pF = 200 pF
  param gL: nS = 10 nS
  input I_syn: nA
  state v: mV = -70 mV
  dv/dt = (gL * (-70 mV - v) + I_syn) / C
}

network Net {
  S = poisson[40](rate = 20 Hz)
  Lumped = Passive[50]
  PerSynapse = Passive[50]
  S -> Lumped : ExpConductance(w = 2 nS, tau = 5 ms) connect all_to_all
  S -> PerSynapse : PerSynapseExp(w = 2 nS) connect all_to_all
  PreLumped = RateUnit[40] { drive = sin(i) }
  PerPair = RateUnit[40] { drive = sin(i) }
  PreLumped -> PreLumped : RateCoupling connect all_to_all where i != j
  PerPair -> PerPair : RateCouplingPerPair connect all_to_all where i != j
}

experiment main of Net {
  dt = 0.1 ms
  seed = 7
  record v of Lumped
  record v of PerSynapse
  record r of PreLumped
  record r of PerPair
  run 200 ms
}
"""


def main(bdlc):
    c = Checks()
    workdir = tempfile.mkdtemp(prefix="bdl-lumping-")
    res = run_model(bdlc, None, text=MODEL, workdir=workdir)
    _, a = state(res, "Lumped", "v")
    _, b = state(res, "PerSynapse", "v")
    depol = np.max(a) - np.min(a)
    err = np.max(np.abs(a - b)) / np.max(np.abs(a))
    c.check(err < 1e-9 and depol > 1, "lumped and per-synapse membranes agree to %.1e (inputs move v by %.1f mV)"
            % (err, depol))
    _, ra = state(res, "PreLumped", "r")
    _, rb = state(res, "PerPair", "r")
    err = np.max(np.abs(ra - rb)) / np.max(np.abs(ra))
    c.check(err < 1e-9 and np.max(np.abs(ra)) > 0.1, "presynaptic sum and per-pair coupling agree to %.1e" % err)
    ir = subprocess.run([bdlc, "emit", "--ir", workdir + "/model.bdl"], capture_output=True, text=True).stdout
    c.check(ir.count("per-post {") == 2 and "_presum.PreLumped->PreLumped" in ir,
            "only the shared-parameter synapses are lumped (%d per-post kernels)" % ir.count("per-post {"))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1])
