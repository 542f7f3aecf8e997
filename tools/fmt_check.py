#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Checks `bdlc fmt` on files: idempotent, same syntax tree, and still clean."""

# The formatted text is written beside the original (imports resolve the
# same way) under a dot name, and always removed.

import argparse
import os
import re
import subprocess
import sys


def run(args):
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def tree(bdlc, path):
    out = run([bdlc, "emit", "--ast", path]).stdout
    return re.sub(r" <[^>]*>", "", out)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bdlc", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    if not os.access(a.bdlc, os.X_OK):
        print(f"fmt_check: no executable bdlc at {a.bdlc}", file=sys.stderr)
        return 2
    failures = []
    for path in a.files:
        first = run([a.bdlc, "fmt", path])
        if first.returncode != 0:
            failures.append(f"{path}: bdlc fmt failed: {first.stderr.strip()}")
            continue
        tmp = os.path.join(os.path.dirname(path), f".fmt_{os.getpid()}_{os.path.basename(path)}")
        try:
            with open(tmp, "w") as f:
                f.write(first.stdout)
            second = run([a.bdlc, "fmt", tmp])
            if second.stdout != first.stdout:
                failures.append(f"{path}: formatting twice changes the text")
            if tree(a.bdlc, tmp) != tree(a.bdlc, path):
                failures.append(f"{path}: the formatted file has a different syntax tree")
            orig, fmtd = run([a.bdlc, "check", path]), run([a.bdlc, "check", tmp])
            if (orig.returncode, fmtd.returncode) != (0, 0):
                failures.append(f"{path}: check gives {orig.returncode} before and {fmtd.returncode} after")
            if run([a.bdlc, "fmt", "--check", tmp]).returncode != 0:
                failures.append(f"{path}: fmt --check rejects formatted text")
        finally:
            os.remove(tmp)
    for f in failures:
        print(f)
    if failures:
        print(f"fmt check: {len(failures)} failures")
        return 1
    print(f"fmt check: {len(a.files)} files, idempotent, same trees, clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
