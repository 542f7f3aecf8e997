# SPDX-License-Identifier: Apache-2.0
"""Shared helpers of the validation scripts: run a model with `bdlc run` and
read its results directory."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def run_model(bdlc, source, args=(), experiment=None, workdir=None, text=None, bdlc_args=()):
    """Runs `source` (a path, or `text` written to a temporary .bdl) through
    `bdlc run` (with `bdlc_args`, e.g. --precision single) and returns the
    results directory."""
    workdir = workdir or tempfile.mkdtemp(prefix="bdl-validation-")
    os.makedirs(workdir, exist_ok=True)
    if text is not None:
        source = os.path.join(workdir, "model.bdl")
        with open(source, "w") as f:
            f.write(text)
    out = os.path.join(workdir, "results" + ("-" + experiment if experiment else ""))
    cmd = [bdlc, "run", source] + list(bdlc_args)
    if experiment:
        cmd += ["--experiment", experiment]
    cmd += ["--", "--quiet", "--overwrite", "--out", out] + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("command failed (%d): %s\n%s%s" % (r.returncode, " ".join(cmd), r.stdout, r.stderr))
    return out


def manifest(results):
    with open(os.path.join(results, "manifest.json")) as f:
        return json.load(f)


def spikes(results, pop):
    return (np.load(os.path.join(results, "spikes_%s_t.npy" % pop)),
            np.load(os.path.join(results, "spikes_%s_i.npy" % pop)))


def state(results, pop, var):
    return (np.load(os.path.join(results, "%s_%s_t.npy" % (pop, var))),
            np.load(os.path.join(results, "%s_%s.npy" % (pop, var))))


def rate(results, pop):
    """Mean firing rate (Hz) of a population from the manifest."""
    for p in manifest(results)["populations"]:
        if p["name"] == pop:
            return p["mean_rate_hz"]
    sys.exit("no population %s in %s" % (pop, results))


def input_trains(seed, rate, n, steps, dt):
    """(step, neuron) of n independent Bernoulli trains (probability rate * dt
    per step), sorted by step then neuron: the same input for BDL (as a
    spike_times source) and Brian2 (a SpikeGeneratorGroup)."""
    import numpy as np
    rng = np.random.RandomState(seed)
    out_steps, neurons = [], []
    for k in range(n):
        at = np.nonzero(rng.rand(steps) < rate * dt)[0]
        out_steps += list(at)
        neurons += [k] * len(at)
    order = np.lexsort((neurons, out_steps))
    return np.array(out_steps)[order], np.array(neurons)[order]


def spike_lists(steps, neurons, dt_us):
    """The two lists of a spike_times source, "times" and "indices", as BDL text."""
    return ", ".join("%d us" % (dt_us * k) for k in steps), ", ".join(str(k) for k in neurons)


class Checks:
    """Collects pass/fail lines; exits non-zero if any check failed."""

    def __init__(self):
        self.failed = 0

    def check(self, ok, message):
        print(("ok   " if ok else "FAIL ") + message)
        self.failed += 0 if ok else 1

    def close(self):
        if self.failed:
            sys.exit("%d check(s) failed" % self.failed)
