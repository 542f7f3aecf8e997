# SPDX-License-Identifier: Apache-2.0
"""A compiled model and its runs: Python arguments to the executable's command line."""
import numbers
import os
import re
import subprocess
import tempfile
from pathlib import Path

from . import compiler
from .results import load


class RunError(Exception):
    """The executable exited with an error. `text` is its stderr; `results` the
    Results it wrote anyway (a run stopped by a non-finite state or a signal
    writes what it recorded), or None."""

    def __init__(self, text, returncode, command, results=None):
        self.text = text
        self.returncode = returncode
        self.command = command
        self.results = results
        super().__init__(text.rstrip() or "%s exited with status %d" % (command[0], returncode))


def format_value(value):
    """A parameter value as the executable reads it: a string as it is
    ('15 ms', '15ms'), a number as a dimensionless value, a (number, unit)
    pair as '<number> <unit>'."""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple) and len(value) == 2:
        return "%s %s" % (format_value(value[0]), value[1])
    if isinstance(value, bool):
        raise TypeError("a parameter value cannot be a bool: %r" % (value,))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))  # shortest string that reads back as the same double
    raise TypeError("cannot pass %r as a parameter value (give a string with a unit, "
                    "a number, or a (number, unit) pair)" % (value,))


def format_sweep(values):
    """A sweep's values: a string as it is ('10mV:30mV:21' or '10mV,20mV'), a
    list of values, or a (numbers, unit) pair such as (np.linspace(0, 1, 5), 'nA')."""
    if isinstance(values, str):
        return values
    if isinstance(values, tuple) and len(values) == 2 and isinstance(values[1], str):
        numbers_, unit = values
        return ",".join(format_value((v, unit)).replace(" ", "") for v in numbers_)
    return ",".join(format_value(v).replace(" ", "") for v in values)


def format_duration(duration):
    """A duration: a string with a unit ('500 ms') or a number of seconds."""
    if isinstance(duration, str):
        return duration
    return format_value(float(duration)) + "s"


class Model:
    """An experiment compiled to an executable (cached; see compile()).

    `source`, `experiment`, `executable` and `bdlc` name what was built;
    `warnings` holds bdlc's warnings, if any."""

    def __init__(self, source, experiment, executable, bdlc, warnings="", mpi=False):
        self.source = str(source)
        self.experiment = experiment
        self.executable = executable
        self.bdlc = bdlc
        self.warnings = warnings
        self.mpi = mpi

    def __repr__(self):
        return "<bdl.Model %s%s>" % (self.source, (" experiment " + self.experiment) if self.experiment else "")

    def help(self):
        """The executable's --help text: its options and parameters with defaults."""
        return subprocess.run([self.executable, "--help"], capture_output=True, text=True, check=True).stdout

    def defaults(self):
        """{parameter: default value with its unit, as text}, from --help."""
        text = self.help()
        out = {}
        if "parameters (defaults):" not in text:
            return out
        for line in text.split("parameters (defaults):", 1)[1].splitlines():
            m = re.match(r"^\s+(\S+)\s+(.*?)\s+\(([^()]*)\)\s*$", line)
            if m:
                out[m[1]] = m[2]
        return out

    def command(self, duration=None, seed=None, set=None, sweep=None, trials=None, trial=None,
                threads=None, out="results", overwrite=True, args=(), ranks=None):
        """The command line run() runs, as a list."""
        cmd = [self.executable, "--quiet", "--out", str(out)]
        if ranks is not None:
            if not self.mpi:
                raise ValueError("ranks= needs a model compiled with mpi=True (bdlc build --mpi)")
            # Unbound, so that a rank's threads get cores of their own; more
            # ranks than cores allowed, and as root (containers).
            launcher = ["mpirun", "-np", str(int(ranks)), "--bind-to", "none"]
            if int(ranks) > (os.cpu_count() or 1):
                launcher.append("--oversubscribe")
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                launcher.append("--allow-run-as-root")
            cmd = launcher + cmd
        if overwrite:
            cmd.append("--overwrite")
        if duration is not None:
            cmd += ["--duration", format_duration(duration)]
        if seed is not None:
            cmd += ["--seed", str(int(seed))]
        for name, value in (set or {}).items():
            cmd += ["--set", "%s=%s" % (name, format_value(value))]
        for name, values in (sweep or {}).items():
            cmd += ["--sweep", "%s=%s" % (name, format_sweep(values))]
        if trials is not None:
            cmd += ["--trials", str(int(trials))]
        if trial is not None:
            cmd += ["--trial", str(int(trial))]
        if threads is not None:
            cmd += ["--threads", str(int(threads))]
        return cmd + [str(a) for a in args]

    def run(self, duration=None, seed=None, set=None, sweep=None, trials=None, trial=None,
            threads=None, out=None, overwrite=True, args=(), timeout=None, ranks=None):
        """Runs the experiment and returns its Results (a DesignResults when the
        design has several runs: sweeps or trials).

        duration: --duration, a string with a unit or seconds (default: the
                  experiment's phases).
        seed:     --seed.       set:    {name: value} -> --set name=value.
        sweep:    {name: values} -> --sweep (a grid when several).
        trials:   --trials N.   trial:  --trial K (one run of a design).
        threads:  --threads N (results are the same for any N).
        ranks:    run on N MPI ranks with mpirun (a model compiled with
                  mpi=True; the same results for any N; docs/distributed.md).
        out:      the results folder; default a new temporary folder.
        overwrite: replace `out` if it exists (a notebook cell run twice).
        args:     further options, e.g. ['--checkpoint', 'ck'].
        Raises RunError when the executable fails."""
        if out is None:
            out = tempfile.mkdtemp(prefix="bdl-results-")
        cmd = self.command(duration, seed, set, sweep, trials, trial, threads, out, overwrite, args, ranks)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if p.returncode != 0:
            written = None
            if os.path.isfile(os.path.join(out, "manifest.json")):
                written = load(out)
            raise RunError(p.stderr or p.stdout, p.returncode, cmd, written)
        return load(out)


def compile(path, experiment=None, include=(), precision=None, mcpu=None, opt=None,
            bdlc=None, cache=None, force=False, mpi=False):
    """Compiles `path` (its `experiment`, by default the first) with `bdlc build`
    into the cache and returns a Model. The cache is keyed by the source, the
    files it imports, the options and the bdlc binary; `force` rebuilds.

    include:   import folders (-I).   precision: 'double' or 'single'.
    mcpu, opt: --mcpu and -O.         bdlc: the compiler (default: find_bdlc()).
    mpi:       bdlc build --mpi: run() then takes ranks=N.
    cache:     the cache folder (default: compiler.cache_dir()).
    Raises CompileError with bdlc's diagnostics."""
    exe, bdlc, warnings = compiler.build(path, experiment, include, precision, mcpu, opt, bdlc, cache, force, mpi)
    return Model(Path(path), experiment, exe, bdlc, warnings, mpi)
