#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Same seed, same spikes: `bdlc run` (JIT) and the executable from
`bdlc build` write identical spike files for a model, and a different seed
gives different spikes.

Usage: jit_vs_build.py BDLC MODEL.bdl DURATION
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

from common import Checks, manifest, run_model, spikes


def main(bdlc, model, duration):
    work = tempfile.mkdtemp(prefix="bdl-jit-vs-build-")
    jit = run_model(bdlc, model, args=["--duration", duration, "--seed", "7"], workdir=work)
    exe = os.path.join(work, "model")
    subprocess.run([bdlc, "build", model, "-o", exe], check=True)
    built = os.path.join(work, "built")
    subprocess.run([exe, "--quiet", "--overwrite", "--out", built, "--duration", duration, "--seed", "7"], check=True)
    other = os.path.join(work, "other")
    subprocess.run([exe, "--quiet", "--overwrite", "--out", other, "--duration", duration, "--seed", "8"], check=True)
    c = Checks()
    pops = [p["name"] for p in manifest(jit)["populations"]]
    total = 0
    for pop in pops:
        tj, ij = spikes(jit, pop)
        tb, ib = spikes(built, pop)
        total += len(tj)
        c.check(np.array_equal(tj, tb) and np.array_equal(ij, ib),
                "%s: %d spikes from the JIT, %d from the executable, identical" % (pop, len(tj), len(tb)))
    c.check(total > 0, "the model spiked (%d spikes)" % total)
    to, io = spikes(other, pops[0])
    tj, ij = spikes(jit, pops[0])
    c.check(not (np.array_equal(tj, to) and np.array_equal(ij, io)), "seed 8 gives different spikes than seed 7")
    c.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
