#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Same spikes for any number of threads: runs a model with --threads 1, 2
and 3 and compares every spike and state array bit for bit.

Usage: threads.py BDLC MODEL.bdl [ARGS...]
"""
import glob
import os
import sys
import tempfile

import numpy as np

from common import Checks, run_model


def main(bdlc, model, extra):
    work = tempfile.mkdtemp(prefix="bdl-threads-")
    runs = {t: run_model(bdlc, model, args=["--threads", str(t)] + extra, workdir=os.path.join(work, str(t)))
            for t in (1, 2, 3)}
    c = Checks()
    files = sorted(os.path.basename(f) for f in glob.glob(os.path.join(runs[1], "*.npy")))
    c.check(len(files) > 0, "%s: %d arrays" % (os.path.basename(model), len(files)))
    for t in (2, 3):
        same = all(np.array_equal(np.load(os.path.join(runs[1], f)), np.load(os.path.join(runs[t], f))) for f in files)
        c.check(same, "%s: --threads %d gives the same arrays as --threads 1" % (os.path.basename(model), t))
    c.close()


if __name__ == "__main__":
    os.makedirs(tempfile.gettempdir(), exist_ok=True)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
