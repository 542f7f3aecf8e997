# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures of the Python tests: where they write, and models compiled
and run once per test process (the arrays the tests check are the ones the
executables wrote)."""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "python"))

# ctest sets BDL_TEST_OUTPUT to build/test-output/python; run by hand the
# tests write there too. The compile cache lives beside, not in ~/.cache.
OUT = Path(os.environ.get("BDL_TEST_OUTPUT", REPO / "build" / "test-output" / "python"))
OUT.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("BDL_CACHE_DIR", str(OUT / "cache"))

import bdl  # noqa: E402

EXAMPLES = REPO / "examples"
_runs = {}


def model(source, experiment=None):
    """A compiled model (cached by bdl.compile itself)."""
    return bdl.compile(str(source), experiment=experiment)


def run_once(name, source, experiment=None, **run_args):
    """The results of one run, made once per process into OUT/<name>."""
    if name not in _runs:
        _runs[name] = model(source, experiment).run(out=str(OUT / name), **run_args)
    return _runs[name]


def coba():
    """COBA (4000 LIF), 200 ms: spikes, rates every 1 ms, v of E[0:10]."""
    return run_once("coba", EXAMPLES / "coba.bdl", duration="200 ms")


def regular():
    """4 regular LIF neurons (v of 2 every step) and 200 Poisson trains at 20 Hz, 5 s."""
    return run_once("regular", HERE / "regular.bdl")


def fi():
    """The HH f-I curve example: 8 currents x 2 trials of 300 ms."""
    return run_once("fi", EXAMPLES / "hh_fi_curve.bdl", duration="300 ms",
                    sweep={"N.I": "0nA:0.7nA:8"}, trials=2)
