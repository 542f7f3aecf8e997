# SPDX-License-Identifier: Apache-2.0
"""Reading a results folder (docs/running.md §4, docs/experiments.md): arrays with their units."""
import json
import os
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from . import analysis


@dataclass(frozen=True)
class Recording:
    """One array of a results folder, as the manifest lists it."""
    file: str
    kind: str          # spikes, rate, state, synapses, spike_counts, or a later kind
    population: str    # a population, or 'Pre->Post' for a projection
    variable: str      # '' when the kind has none
    unit: str          # '1' when dimensionless
    shape: tuple
    dtype: str
    extra: dict = field(default_factory=dict, compare=False)  # fields this reader does not know


@dataclass(frozen=True)
class Spikes:
    """A population's recorded spikes: times `t` (s) and neuron indices `i`.
    Unpacks as `t, i = results.spikes('E')`."""
    t: np.ndarray
    i: np.ndarray
    size: int
    population: str
    t_stop: float      # the simulated time (s)
    t_start: float = 0.0
    unit: str = "s"
    values: dict = field(default_factory=dict)  # `record spikes(E) with v`: {var: one value per spike}
    units: dict = field(default_factory=dict)   # {var: unit of values[var]}

    def __iter__(self):
        return iter((self.t, self.i))

    def trains(self):
        """One array of spike times (s) per neuron."""
        return analysis.spike_trains(self)

    def counts(self):
        """Spikes per neuron (int64)."""
        return analysis.spike_counts(self)

    def rates(self):
        """Each neuron's mean rate over the run (Hz)."""
        return analysis.firing_rates(self)


@dataclass(frozen=True)
class Trace:
    """A recorded variable: sample times `t` (s) and `values` [samples, columns]
    in `unit`. For a synaptic variable `pre` and `post` name each column's
    synapse. Unpacks as `t, v = results.state('E', 'v')`."""
    t: np.ndarray
    values: np.ndarray
    unit: str
    population: str
    variable: str
    indices: Optional[np.ndarray] = None  # the neurons of the columns, when the manifest says
    pre: Optional[np.ndarray] = None
    post: Optional[np.ndarray] = None

    def __iter__(self):
        return iter((self.t, self.values))


@dataclass(frozen=True)
class Rate:
    """A population rate (Hz) per window starting at `t` (s)."""
    t: np.ndarray
    rate: np.ndarray
    population: str
    unit: str = "Hz"
    smoothed: Optional[np.ndarray] = None  # `record rate(E) ... smooth ...`: as the executable smoothed it

    def __iter__(self):
        return iter((self.t, self.rate))

    def smooth(self, window="gaussian", width=None):
        """The rate smoothed as Brian2's PopulationRateMonitor.smooth_rate."""
        return analysis.smooth_rate(self, window=window, width=width)


def _synaptic_variable(rec):
    # The manifest names the variable of neuron state only; a projection's
    # files are <Pre>_to_<Post>_<var>.npy, its _t times, and _pre/_post ends.
    stem = rec.get("population", "").replace("->", "_to_") + "_"
    name = rec["file"][:-len(".npy")]
    if rec["kind"] != "synapses" or not name.startswith(stem):
        return ""
    rest = name[len(stem):]
    if rest in ("pre", "post"):
        return ""
    return rest[:-2] if rest.endswith("_t") else rest


def _read_manifest(path):
    with open(os.path.join(path, "manifest.json")) as f:
        return json.load(f)


class Results:
    """One run's results folder. Arrays load on first use and stay cached."""

    design = False

    def __init__(self, path, manifest=None):
        self.path = str(path)
        self.manifest = manifest if manifest is not None else _read_manifest(path)
        known = Recording.__dataclass_fields__.keys()
        self.recordings = [Recording(r["file"], r["kind"], r.get("population", ""),
                                     r.get("variable") or _synaptic_variable(r),
                                     r.get("unit", "1"), tuple(r.get("shape", ())), r.get("dtype", ""),
                                     {k: v for k, v in r.items() if k not in known})
                           for r in self.manifest.get("recordings", [])]
        self._arrays = {}

    def __repr__(self):
        pops = ", ".join("%s[%d]" % (p["name"], p["size"]) for p in self.manifest.get("populations", []))
        return "<bdl.Results %s: %s, %g s, %s>" % (self.path, pops, self.duration, self.status)

    status = property(lambda self: self.manifest.get("status"), doc="complete, interrupted or failed")
    dt = property(lambda self: self.manifest["dt"], doc="time step (s)")
    duration = property(lambda self: self.manifest["duration"], doc="simulated time (s)")
    seed = property(lambda self: self.manifest.get("seed"))
    sizes = property(lambda self: {p["name"]: p["size"] for p in self.manifest.get("populations", [])},
                     doc="{population: number of neurons}")
    populations = property(lambda self: [p["name"] for p in self.manifest.get("populations", [])])

    @property
    def t_stop(self):
        """The simulated time (s): the duration, or where an interrupted or
        failed run stopped (its steps times dt)."""
        if self.status != "complete" and "steps" in self.manifest:
            return self.manifest["steps"] * self.dt
        return float(self.duration)

    @property
    def parameters(self):
        """{name: (value, unit)}: the parameters' values at the start of the run."""
        return {k: (v["value"], v["unit"]) for k, v in self.manifest.get("parameters", {}).items()}

    @property
    def mean_rates(self):
        """{population: mean rate over neurons and the run (Hz)}, from the manifest."""
        return {p["name"]: p["mean_rate_hz"] for p in self.manifest.get("populations", [])}

    def array(self, file):
        """The array in `file` (e.g. 'E_v.npy'), loaded once."""
        if file not in self._arrays:
            self._arrays[file] = np.load(os.path.join(self.path, file))
        return self._arrays[file]

    def unit(self, file):
        """The unit of the array in `file`, from the manifest."""
        return self._recording(file).unit

    def _recording(self, file):
        for r in self.recordings:
            if r.file == file:
                return r
        raise KeyError("%s lists no %s" % (os.path.join(self.path, "manifest.json"), file))

    def _find(self, kind, population, variable=None):
        return [r for r in self.recordings if r.kind == kind and r.population == population
                and (variable is None or r.variable == variable)]

    def _missing(self, what, kind):
        have = sorted({("%s %s" % (r.population, r.variable)).strip() for r in self.recordings if r.kind == kind})
        return KeyError("%s: no %s recorded (recorded: %s)" % (self.path, what, ", ".join(have) or "none"))

    def spike_populations(self):
        """The populations whose spikes were recorded, in manifest order."""
        pops = []
        for r in self.recordings:
            if r.kind == "spikes" and r.population not in pops:
                pops.append(r.population)
        return pops

    def spikes(self, population):
        """Spikes(t, i) of a population whose spikes were recorded."""
        if not self._find("spikes", population):
            raise self._missing("spikes of %s" % population, "spikes")
        # Values at spikes are files spikes_<pop>_<var>.npy beside the times and indices.
        extra = [r for r in self._find("spikes", population) if r.variable]
        return Spikes(self.array("spikes_%s_t.npy" % population), self.array("spikes_%s_i.npy" % population),
                      self.sizes.get(population, 0), population, self.t_stop,
                      values={r.variable: self.array(r.file) for r in extra},
                      units={r.variable: r.unit for r in extra})

    def events(self, population, event):
        """Spikes(t, i) of a named event (`record events(E.burst)`): the same
        arrays as spikes, for `event burst when ...` of the population."""
        files = {r.file for r in self._find("events", population, event)}
        stem = "events_%s_%s" % (population, event)
        if stem + "_t.npy" not in files:
            raise self._missing("events %s.%s" % (population, event), "events")
        return Spikes(self.array(stem + "_t.npy"), self.array(stem + "_i.npy"), self.sizes.get(population, 0),
                      population, self.t_stop)

    def event_counts(self, population, event):
        """Per-neuron counts of a named event, written by every run."""
        return self.array("event_counts_%s_%s.npy" % (population, event))

    def spike_trains(self, population):
        """One array of spike times (s) per neuron of the population."""
        return self.spikes(population).trains()

    def spike_counts(self, population):
        """Spikes per neuron over the run (int64), written for every population
        whether or not its spikes were recorded."""
        if self._find("spike_counts", population):
            return self.array("spike_counts_%s.npy" % population)
        return self.spikes(population).counts()

    def firing_rates(self, population):
        """Each neuron's mean rate over the run (Hz)."""
        return self.spike_counts(population) / self.t_stop

    def rate(self, population):
        """The recorded population rate (`record rate(E) every T`) as a Rate, or None."""
        found = self._find("rate", population)
        if not found:
            return None
        smooth = "rate_%s_smooth.npy" % population
        return Rate(self.array("rate_%s_t.npy" % population), self.array("rate_%s.npy" % population), population,
                    smoothed=self.array(smooth) if any(r.file == smooth for r in found) else None)

    def population_rate(self, population, bin=None, window=None, width=None):
        """The population rate as a Rate: the recorded one when there is one and
        `bin` is None, otherwise a histogram of the spikes in bins of `bin` s
        (default 1 ms). With `window` ('gaussian' or 'flat') and `width` (s)
        it is smoothed as Brian2's smooth_rate."""
        rate = self.rate(population) if bin is None else None
        if rate is None:
            t, r = analysis.population_rate(self.spikes(population), bin or 1e-3)
            rate = Rate(t, r, population)
        if window is not None:
            rate = Rate(rate.t, analysis.smooth_rate(rate, window=window, width=width), population)
        return rate

    def state_recordings(self):
        """The recorded variables (neurons and synapses), one Recording each."""
        # The values' file is <stem>_<var>.npy; its times (_t) and, for an index
        # list, its neurons (_i) carry the same variable name.
        return [r for r in self.recordings if r.kind in ("state", "synapses") and r.variable
                and r.file == "%s_%s.npy" % (r.population.replace("->", "_to_"), r.variable)]

    def state(self, population, variable):
        """Trace of `record variable of population[...]`; for a projection
        ('E->I' or 'E_to_I'), the synaptic variable with each column's pre and post."""
        stem = population.replace("->", "_to_")
        values_file, times_file = "%s_%s.npy" % (stem, variable), "%s_%s_t.npy" % (stem, variable)
        rec = next((r for r in self.recordings if r.file == values_file), None)
        if rec is None:
            raise self._missing("%s of %s" % (variable, population), "state")
        pre = post = None
        if rec.kind == "synapses":
            pre, post = self.array("%s_pre.npy" % stem), self.array("%s_post.npy" % stem)
        # Which neuron each column is: written for an index list (E[0, 5, 17]);
        # a range's columns are not named in the folder.
        index_file = "%s_%s_i.npy" % (stem, variable)
        indices = self.array(index_file) if any(r.file == index_file for r in self.recordings) else None
        return Trace(self.array(times_file), self.array(values_file), rec.unit, rec.population, variable,
                     indices, pre, post)


@dataclass(frozen=True)
class Sweep:
    """One swept parameter: its name, display unit and values."""
    name: str
    unit: str
    values: np.ndarray


class DesignResults:
    """A design's results folder (sweeps, trials): the index and one Results per
    run. `len(d)`, `d[k]` and iteration go over the runs in order."""

    design = True

    def __init__(self, path, manifest=None):
        self.path = str(path)
        self.manifest = manifest if manifest is not None else _read_manifest(path)
        self.sweeps = [Sweep(s["name"], s.get("unit", "1"), np.asarray(s["values"], dtype=float))
                       for s in self.manifest.get("sweeps", [])]
        self.trials = list(self.manifest.get("trials", []))
        self.runs = self.manifest.get("runs", [])
        self._results = {}

    def __repr__(self):
        return "<bdl.DesignResults %s: %d runs, sweeps %s, %d trials, %s>" % (
            self.path, len(self.runs), [s.name for s in self.sweeps], len(self.trials), self.status)

    status = property(lambda self: self.manifest.get("status"))
    seed = property(lambda self: self.manifest.get("seed"))
    populations = property(lambda self: [p["name"] for p in self.runs[0]["populations"]] if self.runs else [])

    def __len__(self):
        return len(self.runs)

    def __getitem__(self, k):
        run = self.runs[k]
        folder = run["folder"]
        if folder not in self._results:
            self._results[folder] = Results(os.path.join(self.path, folder))
        return self._results[folder]

    def __iter__(self):
        return (self[k] for k in range(len(self.runs)))

    def run(self, point, trial=0):
        """The Results of one run, by its point and trial."""
        for k, r in enumerate(self.runs):
            if r["point"] == point and r["trial"] == trial:
                return self[k]
        raise KeyError("%s has no run of point %d, trial %d" % (self.path, point, trial))

    @property
    def points(self):
        """[points, sweeps]: each point's swept values, in the sweeps' units."""
        rows = {}
        for r in self.runs:
            rows.setdefault(r["point"], [r["values"][s.name] for s in self.sweeps])
        return np.array([rows[p] for p in sorted(rows)], dtype=float).reshape(len(rows), len(self.sweeps))

    @property
    def table(self):
        """The runs as columns of equal length: point, trial, trial_seed,
        status, each swept parameter (by name), and per population
        '<pop>.spikes' and '<pop>.rate' (mean rate, Hz)."""
        cols = {"point": np.array([r["point"] for r in self.runs], dtype=int),
                "trial": np.array([r["trial"] for r in self.runs], dtype=int),
                "trial_seed": np.array([r["trial_seed"] for r in self.runs], dtype=np.uint64),
                "status": np.array([r["status"] for r in self.runs])}
        for s in self.sweeps:
            cols[s.name] = np.array([r["values"][s.name] for r in self.runs], dtype=float)
        for pop in self.populations:
            stats = [next(p for p in r["populations"] if p["name"] == pop) for r in self.runs]
            cols[pop + ".spikes"] = np.array([p["spikes"] for p in stats], dtype=np.int64)
            cols[pop + ".rate"] = np.array([p["mean_rate_hz"] for p in stats], dtype=float)
        return cols

    def sweep_unit(self, name):
        for s in self.sweeps:
            if s.name == name:
                return s.unit
        raise KeyError("%s sweeps no %s (it sweeps %s)" % (self.path, name, [s.name for s in self.sweeps]))


def load(path):
    """The results folder `path`: a Results for one run, a DesignResults for a
    design (a folder per run and an index)."""
    manifest = _read_manifest(path)
    if manifest.get("design"):
        return DesignResults(path, manifest)
    return Results(path, manifest)
