#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A block `where` equals the populations it stands for: runs a synfire
chain written as one population wired by `where floor(j / 100) == floor(i /
100) + 1` and as ten populations chained, and compares every spike (time
and neuron, block k's neuron n being neuron 100 k + n of the one
population).

Usage: synfire_where.py BDLC ONE.bdl TEN.bdl
"""
import os
import sys
import tempfile

import numpy as np

from common import Checks, run_model


def main(bdlc, one, ten):
    work = tempfile.mkdtemp(prefix="bdl-synfire-")
    a = run_model(bdlc, one, workdir=os.path.join(work, "one"))
    b = run_model(bdlc, ten, workdir=os.path.join(work, "ten"))
    ti, ii = np.load(os.path.join(a, "spikes_P_t.npy")), np.load(os.path.join(a, "spikes_P_i.npy"))
    tt, jj = [], []
    for k in range(10):
        tt.append(np.load(os.path.join(b, "spikes_P%d_t.npy" % k)))
        jj.append(np.load(os.path.join(b, "spikes_P%d_i.npy" % k)) + 100 * k)
    tt, jj = np.concatenate(tt), np.concatenate(jj)
    order = np.lexsort((jj, tt))
    tt, jj = tt[order], jj[order]
    c = Checks()
    c.check(len(ii) > 0, "one population: %d spikes in %d blocks" % (len(ii), len(set(ii // 100))))
    c.check(len(ii) == len(jj) and np.array_equal(ii, jj) and np.array_equal(ti, tt),
            "the block 'where' gives the spikes of the ten populations (%d against %d)" % (len(ii), len(jj)))
    c.close()


if __name__ == "__main__":
    os.makedirs(tempfile.gettempdir(), exist_ok=True)
    main(*sys.argv[1:4])
