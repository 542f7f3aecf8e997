#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Three storages, one semantics: runs a model with every projection stored
sparse, and again with `storage KIND` (or, for KIND=auto, as the compiler
chooses), with 1 and 2 threads, and compares every spike and state array
bit for bit.

Usage: storage.py BDLC MODEL.bdl KIND [--compare-threads 1,2,3] [ARGS...]
"""
import glob
import os
import re
import sys
import tempfile

import numpy as np

from common import Checks, run_model


def variant(path, kind):
    """The model's text with `storage KIND` on every line that connects
    (appended to its clauses), and npy paths made absolute."""
    base = os.path.dirname(os.path.abspath(path))
    text = open(path).read()
    text = re.sub(r'npy\("([^"/][^"]*)"\)', lambda m: 'npy("%s")' % os.path.join(base, m.group(1)), text)
    if kind == "auto":
        return text
    lines = []
    for line in text.split("\n"):
        code = line.split("//")[0]
        if re.search(r"\bconnect\b", code) and "storage" not in code:
            line = code.rstrip() + " storage " + kind
        lines.append(line)
    return "\n".join(lines)


def main(bdlc, model, kind, extra):
    thread_counts = (1, 2)
    if extra[:1] == ["--compare-threads"]:
        thread_counts = tuple(int(t) for t in extra[1].split(","))
        extra = extra[2:]
    work = tempfile.mkdtemp(prefix="bdl-storage-")
    name = os.path.basename(model)
    c = Checks()
    for threads in thread_counts:
        args = ["--threads", str(threads)] + extra
        runs = {k: run_model(bdlc, None, args=args, workdir=os.path.join(work, "%s-%d" % (k, threads)),
                             text=variant(model, k)) for k in ("sparse", kind)}
        files = sorted(os.path.relpath(f, runs["sparse"])
                       for f in glob.glob(os.path.join(runs["sparse"], "**", "*.npy"), recursive=True))
        spikes = sum(np.load(os.path.join(runs["sparse"], f)).size
                     for f in files if re.match(r"spikes_.*_i\.npy$", os.path.basename(f)))
        c.check(len(files) > 0, "%s: %d arrays, %d spikes" % (name, len(files), spikes))
        differ = [f for f in files
                  if not np.array_equal(np.load(os.path.join(runs["sparse"], f)), np.load(os.path.join(runs[kind], f)))]
        c.check(not differ, "%s, %d thread(s): storage %s gives the same arrays as sparse%s"
                % (name, threads, kind, " (differ: %s)" % ", ".join(differ) if differ else ""))
    c.close()


if __name__ == "__main__":
    os.makedirs(tempfile.gettempdir(), exist_ok=True)
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
