#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The device code path against the CPU build, without a GPU.

`bdlc build --target gpu-emulator` compiles the CUDA/HIP printer's output and
the device runtime (runtime/device) for the host, each launch running its
threads one after another. Every results array must equal the CPU build's
bit for bit when the CPU build rounds every operation as written
(--fp-contract=off; by default it fuses multiply-adds): same spikes, same
recorded states (gathered on the device and copied back in blocks of
steps). The exceptions are models
whose step computes exp/log (HH gates): the CPU build computes exp with its
own inline polynomial and log with libmvec, which may differ from libm in
the last bit,
so those states are compared to 1e-9 of their unit and the spikes must still
be identical over the short run. Spike delivery is checked both ways:
event-driven (a warp per spike, the default where a synapse only adds to
postsynaptic variables) and by postsynaptic neuron (BDL_GPU_DELIVERY=gather).
The emulator runs threads in order, so it cannot show that atomic additions
on a GPU come in any order: that only matters for per-synapse weights.

usage: gpu_emulator.py BDLC [WORKDIR]"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from common import Checks

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INPUTS = os.path.join(SRC, "test", "lit", "run", "Inputs")
EXAMPLES = os.path.join(SRC, "examples")

# (source, duration, exact): what each adds to the coverage.
MODELS = [
    (os.path.join(EXAMPLES, "coba.bdl"), "100ms", True),          # on_pre, refractoriness, recordings
    (os.path.join(EXAMPLES, "cuba.bdl"), "100ms", True),          # exact propagators
    (os.path.join(EXAMPLES, "brunel.bdl"), "100ms", True),        # delays, Poisson sources
    (os.path.join(EXAMPLES, "cobahh.bdl"), "100ms", False),       # HH gates (exp)
    (os.path.join(EXAMPLES, "gap_junctions.bdl"), "100ms", False),  # reductions, lumped continuous
    (os.path.join(INPUTS, "continuous-net.bdl"), "100ms", True),  # per-synapse continuous kernels
    (os.path.join(INPUTS, "stdp-record-weights.bdl"), "100ms", True),  # on_post, synapse recordings
    (os.path.join(INPUTS, "delays.bdl"), "100ms", True),          # per-synapse delays
    (os.path.join(INPUTS, "generator.bdl"), "100ms", True),       # spike_times sources
    (os.path.join(INPUTS, "stimuli.bdl"), "100ms", True),         # stimuli, shared-parameter prologues
    (os.path.join(INPUTS, "poisson-sources.bdl"), "100ms", True),  # geometric waiting times
    (os.path.join(INPUTS, "tsodyks_markram.bdl"), "100ms", True),  # event-driven synapse states
    (os.path.join(INPUTS, "weights.bdl"), "100ms", True),         # random weights, rules
    (os.path.join(INPUTS, "reductions.bdl"), "100ms", True),      # sum/mean
    # State samples gathered on the device, copied back per block: several
    # variables of a subset every 0.7 ms (not a divisor of the block), all of
    # a population every step (a block shrunk to 699 steps), and 2,533 steps
    # (not a multiple of the block).
    (os.path.join(INPUTS, "record-blocks.bdl"), "253.3ms", True),
    (os.path.join(INPUTS, "record-empty.bdl"), "10ms", True),  # samples of no synapses
    # Windows (`from`, `to`), index lists and stepped slices: each sampled
    # range from its own first step to its last; spikes and rates of subsets.
    (os.path.join(INPUTS, "monitors-device.bdl"), "200ms", True),
]
# Delivery by postsynaptic neuron instead of by spike (BDL_GPU_DELIVERY).
GATHER = [
    (os.path.join(EXAMPLES, "coba.bdl"), "100ms", True),
    (os.path.join(INPUTS, "stdp-record-weights.bdl"), "100ms", True),
]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("command failed (%d): %s\n%s%s" % (r.returncode, " ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def check(checks, message, ok):
    checks.check(bool(ok), message)


def compare(checks, name, cpu, emu, exact):
    # A device copies back the spikes of recorded populations (and of spike
    # generators) only, so it writes spike_counts_P.npy for those alone.
    emu_files = sorted(f for f in os.listdir(emu) if f.endswith(".npy"))
    files = sorted(f for f in os.listdir(cpu) if f.endswith(".npy")
                   and (not f.startswith("spike_counts_") or f in emu_files))
    check(checks, "%s: same result files" % name, files == emu_files)
    worst = 0.0
    for f in files:
        a, b = np.load(os.path.join(cpu, f)), np.load(os.path.join(emu, f))
        if a.shape != b.shape:
            check(checks, "%s: %s shape %s == %s" % (name, f, a.shape, b.shape), False)
            continue
        if exact or f.startswith("spikes_") or a.dtype.kind == "i":
            check(checks, "%s: %s identical" % (name, f), np.array_equal(a, b))
        elif a.size:
            worst = max(worst, float(np.max(np.abs(a - b))))
    if not exact:
        check(checks, "%s: states within 1e-9 (max %.2g)" % (name, worst), worst <= 1e-9)
    pa = json.load(open(os.path.join(cpu, "manifest.json")))["populations"]
    pb = json.load(open(os.path.join(emu, "manifest.json")))["populations"]
    counts = [(p["name"], p["spikes"], q["spikes"]) for p, q in zip(pa, pb)]
    check(checks, "%s: spike counts %s" % (name, ", ".join("%s %d/%d" % c for c in counts)),
                 all(c[1] == c[2] for c in counts))


def main():
    bdlc = sys.argv[1]
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="bdl-gpu-emulator-")
    os.makedirs(work, exist_ok=True)
    checks = Checks()
    for source, duration, exact in MODELS:
        name = os.path.splitext(os.path.basename(source))[0]
        cpu, emu = os.path.join(work, name + "-cpu"), os.path.join(work, name + "-emu")
        # Without FMA contraction: every operation rounds as the device's do.
        run([bdlc, "build", "--fp-contract=off", source, "-o", cpu])
        run([bdlc, "build", "--target", "gpu-emulator", source, "-o", emu])
        run([cpu, "--quiet", "--overwrite", "--duration", duration, "--out", cpu + ".out"])
        run([emu, "--quiet", "--overwrite", "--duration", duration, "--out", emu + ".out"])
        compare(checks, name, cpu + ".out", emu + ".out", exact)
    for source, duration, exact in GATHER:
        name = os.path.splitext(os.path.basename(source))[0]
        cpu, emu = os.path.join(work, name + "-cpu"), os.path.join(work, name + "-emu")
        env = dict(os.environ, BDL_GPU_DELIVERY="gather")
        subprocess.run([emu, "--quiet", "--overwrite", "--duration", duration, "--out", emu + ".gather"], env=env, check=True)
        compare(checks, name + " (gather)", cpu + ".out", emu + ".gather", exact)
    checks.close()


if __name__ == "__main__":
    main()
