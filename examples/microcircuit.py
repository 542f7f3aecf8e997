#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes examples/microcircuit.bdl, the cortical microcircuit of Potjans &
Diesmann (2014), from the parameters of its PyNEST implementation, at any
scale.

    examples/microcircuit.py                  # full scale: 77,169 neurons, 3e8 synapses
    examples/microcircuit.py --scale 0.1 -o /tmp/mc.bdl
    examples/microcircuit.py --dc -o /tmp/mc_dc.bdl        # DC background only
    examples/microcircuit.py --thalamus -o /tmp/mc_th.bdl  # with the thalamic pulse at 700 ms

Every number comes from nest-simulator's pynest/examples/Potjans_2014 as of
commit e0a0745546eb75f7d50a7e433c32d0c2b7376513 (the last to hold it; the
model now lives in INM-6/microcircuit-PD14-model, PyNEST/src/microcircuit,
with the same values): network_params.py (net_dict), stimulus_params.py,
sim_params.py and helpers.py. Scaling follows helpers.py: neurons x scale,
synapses x scale^2 (N_scaling = K_scaling = scale), weights / sqrt(scale),
and a DC that restores the mean input lost with the synapses
(adjust_weights_and_input_to_synapse_scaling, from full_mean_rates).

What differs from NEST, and why it should not matter:
* delays below the time step are clipped to it (NEST draws them again):
  2.7% of excitatory and 2.7% of inhibitory synapses get one step;
* weights are not redrawn at zero: at 10% relative deviation a sign change
  has probability 1e-23;
* spikes need v > V_th rather than v >= V_th;
* the Poisson background is added to the synaptic current at each step, as
  one Poisson count of K_ext trains (NEST: through a 1.5 ms delay).
"""
import argparse
import math
import random
import os

POPS = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
FULL_N = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]
# conn_probs[target][source]
CONN = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
]
K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]
V0_MEAN = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43]  # mV, "optimized"
V0_STD = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48]
# stimulus_params.py (INM-6/microcircuit-PD14-model): the optional thalamic
# pulse, 902 thalamic neurons (not scaled with N) firing as Poisson trains at
# 120 Hz for 10 ms from 700 ms, onto L4 and L6 with PSP_th and the
# excitatory delays.
N_TH, TH_RATE, TH_START, TH_DURATION = 902, 120.0, 700.0, 10.0  # -, Hz, ms, ms
CONN_TH = [0.0, 0.0, 0.0983, 0.0619, 0.0, 0.0, 0.0512, 0.0196]
PSP_TH = 0.15  # mV
FULL_MEAN_RATES = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829]  # Hz, net_dict
C_M, TAU_M, TAU_SYN = 250.0, 10.0, 0.5  # pF, ms, ms
PSP_EXC, G, W_REL_STD = 0.15, -4.0, 0.1  # mV
D_EXC, D_INH, D_REL_STD = 1.5, 0.75, 0.5  # ms
BG_RATE = 8.0  # Hz


def psc_over_psp():
    """helpers.postsynaptic_potential_to_current: the PSC amplitude (pA) whose
    PSP peaks at 1 mV."""
    sub = 1.0 / (TAU_SYN - TAU_M)
    pre = TAU_M * TAU_SYN / C_M * sub
    frac = (TAU_M / TAU_SYN) ** sub
    return 1.0 / (pre * (frac ** TAU_M - frac ** TAU_SYN))


def full_synapses(t, s):
    """helpers.num_synapses_from_conn_probs at full scale."""
    prod = FULL_N[t] * FULL_N[s]
    return math.log(1.0 - CONN[t][s]) / math.log((prod - 1.0) / prod) if CONN[t][s] > 0 else 0.0


def thalamic_synapses(t):
    """helpers.num_synapses_from_conn_probs(conn_probs_th, 902, N) at full scale."""
    prod = N_TH * FULL_N[t]
    return math.log(1.0 - CONN_TH[t]) / math.log((prod - 1.0) / prod) if CONN_TH[t] > 0 else 0.0


def thalamic_spikes(seed=1):
    """The pulse's spikes, (time in ms, neuron), in time order: each neuron
    a Poisson train at TH_RATE in [TH_START, TH_START + TH_DURATION) (NEST: a
    poisson_generator with start and stop into parrot neurons)."""
    rng = random.Random(seed)
    spikes = []
    for i in range(N_TH):
        t = TH_START + rng.expovariate(TH_RATE / 1000.0)
        while t < TH_START + TH_DURATION:
            spikes.append((round(t, 1), i))
            t += rng.expovariate(TH_RATE / 1000.0)
    return sorted(spikes)


def source(scale, dc=False, thalamus=False):
    k = psc_over_psp()
    w_exc = PSP_EXC * k
    psc = [[(PSP_EXC if s % 2 == 0 else PSP_EXC * G) * k for s in range(8)] for _ in range(8)]
    psc[0][2] = 2.0 * PSP_EXC * k  # L4E -> L23E doubled
    n = [round(x * scale) for x in FULL_N]
    synapses = [[round(full_synapses(t, s) * scale * scale) for s in range(8)] for t in range(8)]
    k_ext = [round(x * scale) for x in K_EXT]
    w_scale = 1.0 / math.sqrt(scale)
    # DC that keeps the mean input when the in-degrees shrink (Poisson mode).
    dc_poisson, dc_only = [], []
    for t in range(8):
        indeg = [full_synapses(t, s) / FULL_N[t] for s in range(8)]
        rec = sum(psc[t][s] * indeg[s] * FULL_MEAN_RATES[s] for s in range(8))
        ext = w_exc * K_EXT[t] * BG_RATE
        dc_poisson.append(0.001 * TAU_SYN * (1.0 - math.sqrt(scale)) * (rec + ext))
        # DC background instead of Poisson (dc_input_compensating_poisson).
        dc_only.append(0.001 * TAU_SYN * ((1.0 - math.sqrt(scale)) * rec + BG_RATE * K_EXT[t] * w_exc))
    out = []
    w = out.append
    w("// The cortical microcircuit of Potjans & Diesmann (2014), Cereb. Cortex 24:785,")
    w("// at scale %g: %d neurons, %d synapses. Written by examples/microcircuit.py" % (
        scale, sum(n), sum(map(sum, synapses))))
    w("// from the parameters of the PyNEST implementation (nest-simulator")
    w("// pynest/examples/Potjans_2014 at e0a0745, now INM-6/microcircuit-PD14-model):")
    w("// four layers of excitatory and inhibitory leaky integrate-and-fire neurons with")
    w("// exponential synaptic currents, fixed_total connectivity with multapses,")
    w("// weights and delays drawn per synapse, and Poisson background (or, with")
    w("// --set bg=0, the DC that replaces it). Run 500 ms to settle, then 1 s recorded.")
    w("//")
    w("//   bdlc run examples/microcircuit.bdl -- --threads 2")
    w("")
    w("neuron IafPscExp {")
    w("  param C_m: pF = %.1f pF" % C_M)
    w("  param tau_m: ms = %.1f ms" % TAU_M)
    w("  param tau_syn: ms = %.1f ms" % TAU_SYN)
    w("  param E_L: mV = -65 mV")
    w("  param V_th: mV = -50 mV")
    w("  param V_reset: mV = -65 mV")
    w("  param I_dc: pA = 0 pA")
    w("  state v: mV = -58 mV")
    w("  state I_ex: pA = 0 pA")
    w("  state I_in: pA = 0 pA")
    w("  dv/dt = (E_L - v) / tau_m + (I_ex + I_in + I_dc) / C_m (unless refractory)")
    w("  dI_ex/dt = -I_ex / tau_syn")
    w("  dI_in/dt = -I_in / tau_syn")
    w("  spike when v > V_th { v = V_reset }")
    w("  refractory 2 ms")
    w("  // As NEST's iaf_psc_exp: exponential Euler would hold the fast synaptic")
    w("  // current over each step, 10% more charge per spike.")
    w("  method exact")
    w("}")
    w("")
    w("synapse Exc {")
    w("  param w: pA = 0 pA (per synapse)")
    w("  on pre { post.I_ex += w }")
    w("}")
    w("")
    w("synapse Inh {")
    w("  param w: pA = 0 pA (per synapse)")
    w("  on pre { post.I_in += w }")
    w("}")
    w("")
    w("network Microcircuit {")
    if dc:
        w("  // The DC that replaces the Poisson background (its mean input).")
        for t in range(8):
            w("  %s = IafPscExp[%d](I_dc = %.6g pA) { v = normal(%g mV, %g mV) }" % (
                POPS[t], n[t], dc_only[t], V0_MEAN[t], V0_STD[t]))
    else:
        w("  // 1: Poisson background (8 Hz from K_ext inputs each); 0: its mean as a DC.")
        w("  param bg = 1")
        w("  param w_ext: pA = %.6g pA" % (w_exc * w_scale))
        for t in range(8):
            w("  %s = IafPscExp[%d](I_dc = (1 - bg) * %.6g pA + bg * %.6g pA) { v = normal(%g mV, %g mV) }" % (
                POPS[t], n[t], dc_only[t], dc_poisson[t], V0_MEAN[t], V0_STD[t]))
    for s in range(8):
        exc = s % 2 == 0
        d = D_EXC if exc else D_INH
        for t in range(8):
            if synapses[t][s] == 0:
                continue
            mean = psc[t][s] * w_scale
            w("  %s -> %s : %s { w = normal(%.6g pA, %.6g pA) } connect fixed_total(%d) delay normal(%g ms, %g ms, min = 0.1 ms)" % (
                POPS[s], POPS[t], "Exc" if exc else "Inh", mean, abs(mean) * W_REL_STD, synapses[t][s], d, d * D_REL_STD))
    if thalamus:
        # network.py: fixed_total (x K_scaling) onto each target, weights
        # PSP_th as a current over sqrt(K_scaling), weight_rel_std, and the
        # excitatory delays (delay_th_mean 1.5 ms, delay_th_rel_std 0.5).
        w_th = PSP_TH * k * w_scale
        spikes = thalamic_spikes()
        w("  // The thalamic pulse (stimulus_params.py): %d spikes of %d neurons at %g Hz, %g-%g ms." % (
            len(spikes), N_TH, TH_RATE, TH_START, TH_START + TH_DURATION))
        w("  Th = spike_times[%d](times = [%s], indices = [%s])" % (
            N_TH, ", ".join("%g ms" % t for t, _ in spikes), ", ".join("%d" % i for _, i in spikes)))
        for t in range(8):
            if CONN_TH[t] > 0:
                w("  Th -> %s : Exc { w = normal(%.6g pA, %.6g pA) } connect fixed_total(%d) delay normal(%g ms, %g ms, min = 0.1 ms)" % (
                    POPS[t], w_th, w_th * W_REL_STD, round(thalamic_synapses(t) * scale), D_EXC, D_EXC * D_REL_STD))
    for t in range(0 if dc else 8):
        w("  stimulus %s.I_ex += poisson(rate = bg * %g Hz, weight = w_ext, count = %d)" % (POPS[t], BG_RATE, k_ext[t]))
    w("}")
    w("")
    w("experiment main of Microcircuit {")
    w("  dt = 0.1 ms")
    w("  seed = 55")
    w("  run 500 ms")
    for p in POPS:
        w("  record spikes(%s)" % p)
    w("  run 1 s")
    w("}")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--dc", action="store_true",
                    help="DC background only (no Poisson stimuli, as --set bg=0 gives, without drawing zeros)")
    ap.add_argument("-o", "--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "microcircuit.bdl"))
    ap.add_argument("--thalamus", action="store_true",
                    help="the optional thalamic pulse: 902 neurons at 120 Hz from 700 to 710 ms")
    args = ap.parse_args()
    with open(args.out, "w") as f:
        f.write(source(args.scale, args.dc, args.thalamus))
    print("wrote", args.out)


if __name__ == "__main__":
    main()
