# SPDX-License-Identifier: Apache-2.0
"""Figures of results on matplotlib: raster, traces, rates, f-I curve, ISI
histogram, PSD. Each function draws on `ax` (a new figure's axes when None)
and returns the axes; times are shown in ms."""
import os

import matplotlib.pyplot as plt
import numpy as np

from . import analysis


def _axes(ax, size=(8, 3)):
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def _unit_label(unit):
    return "" if unit in ("", "1") else " (%s)" % unit


def raster(spikes, ax=None, populations=None, max_neurons=None, ms=1.5, **kwargs):
    """Spike raster of a Spikes, or of a Results' recorded populations stacked
    one above the other (at most `max_neurons` of each)."""
    ax = _axes(ax, (8, 4))
    if hasattr(spikes, "spike_populations"):
        sets = [spikes.spikes(p) for p in (populations or spikes.spike_populations())]
        t_stop = spikes.duration
    else:
        sets, t_stop = [spikes], spikes.t_stop
    offset = 0
    for s in sets:
        t, i, n = s.t, s.i, s.size or (int(s.i.max()) + 1 if len(s.i) else 0)
        if max_neurons:
            n = min(n, max_neurons)
            t, i = t[i < n], i[i < n]
        ax.plot(t * 1e3, i + offset, ".", ms=ms, label=s.population, **kwargs)
        offset += n
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron")
    ax.set_xlim(0, t_stop * 1e3)
    if len(sets) > 1:
        ax.legend(loc="upper right", markerscale=8)
    return ax


def traces(trace, ax=None, columns=None, **kwargs):
    """A recorded variable (Trace) against time; `columns` selects some."""
    ax = _axes(ax, (8, 2.5))
    v = trace.values if columns is None else trace.values[:, columns]
    ax.plot(trace.t * 1e3, v, lw=0.8, **kwargs)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("%s.%s%s" % (trace.population, trace.variable, _unit_label(trace.unit)))
    return ax


def rates(source, ax=None, populations=None, bin=5e-3, window=None, width=None, **kwargs):
    """Population rates: of a Rate, or of each recorded population of a
    Results (its recorded rate if any, else spikes binned at `bin` s),
    smoothed as Brian2's smooth_rate when `window` and `width` are given."""
    ax = _axes(ax)
    if hasattr(source, "spike_populations"):
        items = []
        for pop in populations or source.spike_populations():
            r = source.rate(pop)
            if r is None:
                r = source.population_rate(pop, bin=bin)
            items.append(r)
    else:
        items = [source]
    for r in items:
        y = r.rate if window is None else analysis.smooth_rate(r, window=window, width=width)
        if window is None:
            ax.step(r.t * 1e3, y, where="post", label=r.population, **kwargs)
        else:
            ax.plot(r.t * 1e3, y, label=r.population, **kwargs)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("rate (Hz)")
    ax.legend(loc="upper right")
    return ax


def fi_curve(curve, population=None, ax=None, parameter=None, **kwargs):
    """The rate against a swept parameter with error bars over trials: an
    analysis.FICurve, or a DesignResults and a population."""
    ax = _axes(ax, (6, 4))
    if not isinstance(curve, analysis.FICurve):
        curve = analysis.fi_curve(curve, population, parameter)
    ax.errorbar(curve.x, curve.mean, yerr=curve.std, marker="o", ms=3, capsize=3, label=curve.population,
                **kwargs)
    ax.set_xlabel(curve.name + _unit_label(curve.unit))
    ax.set_ylabel("mean rate (Hz)")
    return ax


def isi_histogram(spikes, ax=None, bins=50, max_isi=None, **kwargs):
    """Histogram of all inter-spike intervals (ms) of a Spikes or a list of trains."""
    ax = _axes(ax, (5, 3.5))
    trains = spikes if isinstance(spikes, (list, tuple)) else analysis.spike_trains(spikes)
    d = np.concatenate([analysis.isi(t) for t in trains] or [np.zeros(0)]) * 1e3
    if max_isi is not None:
        d = d[d <= max_isi * 1e3]
    ax.hist(d, bins=bins, **kwargs)
    ax.set_xlabel("inter-spike interval (ms)")
    ax.set_ylabel("count")
    return ax


def psd(f, p, ax=None, fmax=None, **kwargs):
    """A power spectrum on a logarithmic power axis."""
    ax = _axes(ax, (6, 3.5))
    keep = slice(None) if fmax is None else np.asarray(f) <= fmax
    ax.semilogy(np.asarray(f)[keep], np.asarray(p)[keep], **kwargs)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("power (Hz$^2$/Hz)")
    return ax


def save_figures(results, out, bin=5e-3, max_neurons=400):
    """raster.png, rates.png (spikes recorded) and traces.png (variables
    recorded) of a Results into `out`. Returns the file names written."""
    os.makedirs(out, exist_ok=True)
    written = []
    if results.spike_populations():
        ax = raster(results, max_neurons=max_neurons or None)
        ax.legend(loc="upper right", markerscale=8)
        _save(ax, out, "raster.png", written)
        _save(rates(results, bin=bin), out, "rates.png", written)
    states = results.state_recordings()
    if states:
        fig, axes = plt.subplots(len(states), 1, figsize=(8, 2.5 * len(states)), squeeze=False)
        for ax, rec in zip(axes[:, 0], states):
            traces(results.state(rec.population, rec.variable), ax=ax)
            ax.set_xlabel("")
        axes[-1, 0].set_xlabel("time (ms)")
        _save(axes[0, 0], out, "traces.png", written)
    return written


def save_design_figures(design, out):
    """sweep.png: each population's rate against the first swept parameter,
    error bars over trials. Returns the file names written."""
    if not design.sweeps:
        return []
    os.makedirs(out, exist_ok=True)
    ax = _axes(None, (6, 4))
    for pop in design.populations:
        fi_curve(design, pop, ax=ax)
    trials = len(design.trials)
    ax.set_title("%d points x %d trial%s" % (len(design.sweeps[0].values), trials, "s" if trials > 1 else ""))
    ax.legend()
    written = []
    _save(ax, out, "sweep.png", written)
    return written


def _save(ax, out, name, written):
    fig = ax.figure
    fig.tight_layout()
    fig.savefig(os.path.join(out, name), dpi=120)
    plt.close(fig)
    written.append(name)
