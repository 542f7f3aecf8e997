# SPDX-License-Identifier: Apache-2.0
"""Spike-train and rate statistics on numpy arrays (times in s, rates in Hz).

Functions that take spikes accept either a Spikes (results.spikes('E'), which
knows the population size and the run's duration) or the arrays `t, i` with
`n` (neurons) and `t_stop` given as keywords. Only numpy is needed."""
import numpy as np


def _spikes(spikes, i=None, n=None, t_start=None, t_stop=None):
    """(t, i, n, t_start, t_stop) from a Spikes or from arrays."""
    if hasattr(spikes, "population"):
        t, idx = spikes.t, spikes.i
        n = spikes.size if n is None else n
        t_start = spikes.t_start if t_start is None else t_start
        t_stop = spikes.t_stop if t_stop is None else t_stop
    else:
        t = np.asarray(spikes, dtype=float)
        idx = np.zeros(len(t), dtype=np.int64) if i is None else np.asarray(i)
        if n is None:
            n = int(idx.max()) + 1 if len(idx) else 0
        t_start = 0.0 if t_start is None else t_start
        if t_stop is None:
            t_stop = float(t.max()) if len(t) else 0.0
    return np.asarray(t, dtype=float), np.asarray(idx), int(n), float(t_start), float(t_stop)


def _window(t, idx, t_start, t_stop):
    keep = (t >= t_start) & (t < t_stop)
    return t[keep], idx[keep]


def spike_trains(spikes, i=None, n=None):
    """One sorted array of spike times per neuron 0..n-1 (Brian2's
    SpikeMonitor.spike_trains(), as a list)."""
    t, idx, n, _, _ = _spikes(spikes, i, n)
    order = np.lexsort((t, idx))
    t, idx = t[order], idx[order]
    bounds = np.searchsorted(idx, np.arange(n + 1))
    return [t[bounds[k]:bounds[k + 1]] for k in range(n)]


def spike_counts(spikes, i=None, n=None, t_start=None, t_stop=None):
    """Spikes per neuron in [t_start, t_stop) (int64; Brian2's SpikeMonitor.count)."""
    t, idx, n, t0, t1 = _spikes(spikes, i, n, t_start, t_stop)
    if t_start is not None or t_stop is not None:
        t, idx = _window(t, idx, t0, t1 if t_stop is not None else np.inf)
    return np.bincount(idx.astype(np.int64), minlength=n).astype(np.int64)


def firing_rates(spikes, i=None, n=None, t_start=None, t_stop=None):
    """Each neuron's mean rate (Hz) over [t_start, t_stop) (by default the run)."""
    t, idx, n, t0, t1 = _spikes(spikes, i, n, t_start, t_stop)
    if t1 <= t0:
        raise ValueError("firing_rates needs t_stop > t_start (give t_stop for bare arrays)")
    return spike_counts(t, idx, n, t0, t1) / (t1 - t0)


def isi(train):
    """Inter-spike intervals (s) of one train."""
    return np.diff(np.sort(np.asarray(train, dtype=float)))


def isi_cv(spikes, i=None, n=None):
    """Coefficient of variation (std / mean, population std) of each neuron's
    inter-spike intervals; NaN for a neuron with fewer than two intervals. A
    regular train gives 0, a Poisson train about 1. Accepts a Spikes, arrays
    (t, i, n), or a list of trains."""
    if isinstance(spikes, (list, tuple)) and i is None:
        trains = spikes
    else:
        trains = spike_trains(spikes, i, n)
    out = np.full(len(trains), np.nan)
    for k, train in enumerate(trains):
        d = isi(train)
        if len(d) >= 2 and d.mean() > 0:
            out[k] = d.std() / d.mean()
    return out


def binned_counts(spikes, bin, i=None, n=None, t_start=None, t_stop=None):
    """Spike counts [n, bins] in consecutive bins of `bin` s from t_start;
    a last partial bin is left out."""
    t, idx, n, t0, t1 = _spikes(spikes, i, n, t_start, t_stop)
    bins = int(np.floor((t1 - t0) / bin + 1e-9))
    if bins < 1:
        raise ValueError("bin %g s is longer than the window [%g, %g) s" % (bin, t0, t1))
    k = _bin_index(t, t0, bin)
    keep = (k >= 0) & (k < bins)
    out = np.zeros((n, bins), dtype=np.int64)
    np.add.at(out, (idx[keep].astype(np.int64), k[keep]), 1)
    return out


def _bin_index(t, t0, bin):
    # Spike times are step * dt, which can land a rounding error below a bin
    # edge (7 * 0.001 < 0.007); the slack, far below dt / bin, puts them in
    # the bin the runtime's `record rate` counts them in.
    return np.floor((t - t0) / bin + 1e-6).astype(np.int64)


def fano_factor(counts, window=None, axis=-1, **kwargs):
    """Variance over mean (population variance, as Elephant's fanofactor) of
    spike counts along `axis`; NaN where the mean is 0. Given a Spikes and a
    `window` (s), the counts are each neuron's counts in consecutive windows,
    so the result is one factor per neuron (1 for Poisson spikes). Given an
    array, e.g. counts [trials, neurons] with axis=0, across trials."""
    if window is not None:
        counts = binned_counts(counts, window, **kwargs)
        axis = -1
    c = np.asarray(counts, dtype=float)
    mean, var = c.mean(axis=axis), c.var(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(mean > 0, var / np.where(mean > 0, mean, 1), np.nan)


def correlations(spikes, bin, neurons=None, i=None, n=None, t_start=None, t_stop=None):
    """Pearson correlation matrix of the neurons' spike counts in bins of `bin`
    s (pairwise spike-count correlations); `neurons` selects indices. Rows and
    columns of neurons whose count never varies are NaN."""
    c = binned_counts(spikes, bin, i=i, n=n, t_start=t_start, t_stop=t_stop).astype(float)
    if neurons is not None:
        c = c[np.asarray(neurons)]
    c -= c.mean(axis=1, keepdims=True)
    norm = np.sqrt((c * c).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (c @ c.T) / np.outer(norm, norm)
    r[norm == 0, :] = np.nan
    r[:, norm == 0] = np.nan
    return r


def mean_correlation(matrix):
    """The mean of the finite off-diagonal entries of a correlation matrix."""
    m = np.asarray(matrix, dtype=float)
    off = m[~np.eye(len(m), dtype=bool)]
    off = off[np.isfinite(off)]
    return float(off.mean()) if len(off) else float("nan")


def population_rate(spikes, bin, i=None, n=None, t_start=None, t_stop=None):
    """(bin starts in s, rate in Hz): spikes per neuron per second in
    consecutive bins of `bin` s, as `record rate(E) every bin` records it."""
    t, idx, n, t0, t1 = _spikes(spikes, i, n, t_start, t_stop)
    bins = int(np.floor((t1 - t0) / bin + 1e-9))
    k = _bin_index(t, t0, bin)
    counts = np.bincount(k[(k >= 0) & (k < bins)], minlength=bins)
    return t0 + bin * np.arange(bins), counts / (max(n, 1) * bin)


def smooth_rate(rate, dt=None, window="gaussian", width=None):
    """A rate smoothed as Brian2's PopulationRateMonitor.smooth_rate:
    'gaussian' (width = the standard deviation, the kernel spans +-2 width),
    'flat' (width rounded to an odd number of samples), or a 1-D array of odd
    length as the kernel; normalised to sum 1 and applied with
    np.convolve(mode='same'). `rate` is an array with its sample spacing `dt`
    (s), or a Rate (whose spacing is taken from its times)."""
    if hasattr(rate, "rate"):
        if dt is None:
            dt = float(rate.t[1] - rate.t[0]) if len(rate.t) > 1 else None
        rate = rate.rate
    rate = np.asarray(rate, dtype=float)
    if isinstance(window, str):
        if width is None:
            raise TypeError("a predefined window needs a width")
        if dt is None:
            raise TypeError("smooth_rate needs the sample spacing dt")
        if window == "gaussian":
            width_dt = int(np.round(2 * width / dt))
            kernel = np.exp(-np.arange(-width_dt, width_dt + 1) ** 2 / (2 * (width / dt) ** 2))
        elif window == "flat":
            kernel = np.ones(int(width / 2 / dt) * 2 + 1)
        else:
            raise ValueError("unknown window %r (gaussian, flat, or an array)" % window)
    else:
        if width is not None:
            raise TypeError("width is only for a predefined window")
        kernel = np.asarray(window, dtype=float)
        if kernel.ndim != 1 or len(kernel) % 2 != 1:
            raise ValueError("a window array must be 1-D with an odd number of samples")
    return np.convolve(rate, kernel / kernel.sum(), mode="same")


def psd(x, fs, nperseg=None, overlap=0.5, detrend=True):
    """Welch's power spectral density of a signal sampled at `fs` Hz: segments
    of `nperseg` samples (default: the signal, at most 4096) overlapping by
    `overlap`, mean removed per segment (`detrend`), Hann window, one-sided,
    density scaling (unit of x squared per Hz), as scipy.signal.welch with its
    defaults and the same nperseg. Returns (frequencies in Hz, power)."""
    x = np.asarray(x, dtype=float)
    if nperseg is None:
        nperseg = min(len(x), 4096)
    nperseg = int(min(nperseg, len(x)))
    if nperseg < 2:
        raise ValueError("psd needs at least two samples")
    # scipy's noverlap = nperseg // 2 for the default overlap of one half.
    step = max(1, nperseg - int(nperseg * overlap))
    starts = range(0, len(x) - nperseg + 1, step)
    # scipy's periodic Hann window ('hann', sym=False).
    win = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(nperseg) / nperseg)
    scale = 1.0 / (fs * (win * win).sum())
    acc = np.zeros(nperseg // 2 + 1)
    for s in starts:
        seg = x[s:s + nperseg]
        if detrend:
            seg = seg - seg.mean()
        acc += np.abs(np.fft.rfft(seg * win)) ** 2
    p = acc * scale / len(starts)
    # One-sided: double every bin except DC and (for even lengths) Nyquist.
    p[1:len(p) - (1 if nperseg % 2 == 0 else 0)] *= 2
    return np.fft.rfftfreq(nperseg, 1.0 / fs), p


def population_psd(spikes, bin=1e-3, nperseg=None, **kwargs):
    """Welch PSD (Hz^2/Hz) of the population rate. `spikes` is a Spikes (the
    rate is binned at `bin` s) or a Rate (used as recorded)."""
    if hasattr(spikes, "rate"):
        t, r = spikes.t, spikes.rate
        bin = float(t[1] - t[0])
    else:
        _, r = population_rate(spikes, bin, **kwargs)
    return psd(r, 1.0 / bin, nperseg=nperseg)


def peak_frequency(f, p, fmin=0.0, fmax=np.inf):
    """The frequency of the largest power in [fmin, fmax]."""
    f, p = np.asarray(f), np.asarray(p)
    band = (f >= fmin) & (f <= fmax)
    if not band.any():
        raise ValueError("no frequency in [%g, %g] Hz" % (fmin, fmax))
    return float(f[band][np.argmax(p[band])])


class FICurve(tuple):
    """(x, mean, std): a population's mean rate (Hz) at each value of a swept
    parameter, with its mean and standard deviation over trials (and over the
    other sweeps' values). `name` and `unit` describe x."""

    def __new__(cls, x, mean, std, name, unit, population):
        self = super().__new__(cls, (x, mean, std))
        self.name, self.unit, self.population = name, unit, population
        return self

    x = property(lambda self: self[0])
    mean = property(lambda self: self[1])
    std = property(lambda self: self[2])


def fi_curve(design, population, parameter=None):
    """The f-I curve of a sweep: FICurve(x, mean, std) for `population` against
    `parameter` (default the first swept one). `design` is a DesignResults or
    a design's manifest (dict)."""
    manifest = getattr(design, "manifest", design)
    sweeps = manifest.get("sweeps") or []
    if not sweeps:
        raise ValueError("not a sweep: the design has no swept parameter")
    axis = sweeps[0] if parameter is None else next((s for s in sweeps if s["name"] == parameter), None)
    if axis is None:
        raise KeyError("the design sweeps no %s (it sweeps %s)" % (parameter, [s["name"] for s in sweeps]))
    by_value = {}
    for run in manifest["runs"]:
        for p in run["populations"]:
            if p["name"] == population:
                by_value.setdefault(run["values"][axis["name"]], []).append(p["mean_rate_hz"])
    if not by_value:
        raise KeyError("the design has no population %s" % population)
    xs = sorted(by_value)
    return FICurve(np.array(xs, dtype=float), np.array([np.mean(by_value[x]) for x in xs]),
                   np.array([np.std(by_value[x]) for x in xs]), axis["name"], axis.get("unit", "1"), population)
