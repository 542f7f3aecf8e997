# SPDX-License-Identifier: Apache-2.0
"""BDL from Python: compile a model, run its experiment, read and analyse the results.

    import bdl
    model = bdl.compile("examples/coba.bdl")
    res = model.run(duration="200 ms", set={"we": 0.5})
    t, i = res.spikes("E")
    bdl.analysis.isi_cv(res.spikes("E"))

bdl.plot draws figures with matplotlib (imported only when used)."""
from . import analysis
from .compiler import BdlcNotFound, CompileError, Diagnostic, find_bdlc
from .model import Model, RunError, compile
from .results import DesignResults, Rate, Recording, Results, Spikes, Sweep, Trace, load

__version__ = "0.1.0"

__all__ = ["compile", "load", "Model", "Results", "DesignResults", "Spikes", "Trace", "Rate", "Recording",
           "Sweep", "CompileError", "RunError", "BdlcNotFound", "Diagnostic", "find_bdlc", "analysis", "plot"]


def __getattr__(name):
    # bdl.plot imports matplotlib, which takes a second: only on first use.
    if name == "plot":
        import importlib
        return importlib.import_module(__name__ + ".plot")
    raise AttributeError("module 'bdl' has no attribute %r" % name)
