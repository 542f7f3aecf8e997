# SPDX-License-Identifier: Apache-2.0
"""bdl.analysis against analytic values and against arrays the executables wrote."""
import math
import unittest

import numpy as np
import support

from bdl import analysis as A


def lif_period():
    # std.neurons.lif at I = 3 nA: V_inf = -40 mV; ISI = t_ref + tau ln((V_inf - V_r)/(V_inf - V_th)),
    # quantised to steps of 0.1 ms as docs/running.md §6 states.
    return 2e-3 + 8e-3 * math.log(25 / 10)


class SpikeTrains(unittest.TestCase):
    def test_trains_from_arrays(self):
        t = np.array([0.3, 0.1, 0.2, 0.05])
        i = np.array([1, 0, 1, 3])
        trains = A.spike_trains(t, i, n=5)
        self.assertEqual([x.tolist() for x in trains], [[0.1], [0.2, 0.3], [], [0.05], []])
        self.assertEqual(len(A.spike_trains(t, i)), 4)

    def test_counts_and_rates_in_a_window(self):
        t = np.array([0.05, 0.1, 0.2, 0.3, 0.9])
        i = np.array([0, 0, 1, 1, 1])
        self.assertEqual(A.spike_counts(t, i, n=3).tolist(), [2, 3, 0])
        self.assertEqual(A.spike_counts(t, i, n=3, t_start=0.1, t_stop=0.3).tolist(), [1, 1, 0])
        np.testing.assert_allclose(A.firing_rates(t, i, n=3, t_stop=1.0), [2, 3, 0])
        np.testing.assert_allclose(A.firing_rates(t, i, n=3, t_start=0.5, t_stop=1.0), [0, 2, 0])
        with self.assertRaises(ValueError):
            A.firing_rates(t, i, n=3, t_start=1.0, t_stop=1.0)

    def test_counts_of_a_run(self):
        r = support.coba()
        s = r.spikes("I")
        np.testing.assert_array_equal(A.spike_counts(s), r.spike_counts("I"))
        half = A.spike_counts(s, t_stop=0.1) + A.spike_counts(s, t_start=0.1)
        np.testing.assert_array_equal(half, r.spike_counts("I"))
        np.testing.assert_allclose(A.firing_rates(s), r.spike_counts("I") / 0.2)

    def test_binned_counts(self):
        t = np.array([0.0, 0.0049, 0.005, 0.0123, 0.0299, 0.03])
        i = np.array([0, 0, 1, 0, 1, 1])
        c = A.binned_counts(t, 0.01, i=i, n=2, t_stop=0.03)
        self.assertEqual(c.tolist(), [[2, 1, 0], [1, 0, 1]])
        # Spike times are step * dt: 7 steps of 1 ms fall in the 8th bin, not the 7th.
        self.assertEqual(A.binned_counts(np.array([7 * 0.001]), 0.001, n=1, t_stop=0.01)[0].tolist(),
                         [0] * 7 + [1, 0, 0])
        with self.assertRaises(ValueError):
            A.binned_counts(t, 1.0, i=i, n=2, t_stop=0.03)


class Regularity(unittest.TestCase):
    def test_isi(self):
        np.testing.assert_allclose(A.isi([0.3, 0.1, 0.15]), [0.05, 0.15])

    def test_cv_analytic(self):
        regular = [np.arange(10) * 0.01]
        self.assertLess(A.isi_cv(regular)[0], 1e-12)
        rng = np.random.default_rng(1)
        poisson = [np.cumsum(rng.exponential(0.05, 5000))]
        self.assertAlmostEqual(A.isi_cv(poisson)[0], 1.0, delta=0.03)
        self.assertTrue(np.isnan(A.isi_cv([np.array([0.1, 0.2])])[0]))  # one interval only
        # Two intervals 1 and 3: mean 2, std 1.
        self.assertAlmostEqual(A.isi_cv([np.array([0.0, 1.0, 4.0])])[0], 0.5)

    def test_cv_of_executables(self):
        r = support.regular()
        cv = A.isi_cv(r.spikes("L"))
        self.assertEqual(cv.shape, (4,))
        self.assertTrue(np.all(cv < 1e-9), cv)
        isis = np.diff(r.spike_trains("L")[0])
        self.assertAlmostEqual(isis.mean(), lif_period(), delta=1e-4 + 1e-9)
        cv = A.isi_cv(r.spikes("P"))
        self.assertAlmostEqual(np.nanmean(cv), 1.0, delta=0.03)

    def test_fano(self):
        r = support.regular()
        f = A.fano_factor(r.spikes("P"), window=0.1)
        self.assertEqual(f.shape, (200,))
        # Bernoulli steps: var/mean = 1 - rate dt; population variance over 50 windows: x 49/50.
        self.assertAlmostEqual(f.mean(), (1 - 20 * 1e-4) * 49 / 50, delta=0.04)
        self.assertTrue(np.all(A.fano_factor(r.spikes("L"), window=0.1) < 0.3))
        self.assertEqual(A.fano_factor(np.array([[2, 2, 2], [1, 3, 2]])).tolist(), [0.0, 1 / 3])
        self.assertEqual(A.fano_factor(np.array([[1, 0], [3, 0]]), axis=0)[0], 0.5)
        self.assertTrue(np.isnan(A.fano_factor(np.array([[1, 0], [3, 0]]), axis=0)[1]))


class Correlations(unittest.TestCase):
    def test_analytic(self):
        # Counts in 3 bins: [1, 0, 1], [1, 0, 1], [1, 0, 0], [0, 0, 0].
        t = np.array([0.01, 0.01, 0.05, 0.05, 0.01])
        i = np.array([0, 1, 0, 1, 2])
        c = A.correlations(t, 0.02, i=i, n=4, t_stop=0.06)
        self.assertAlmostEqual(c[0, 1], 1.0)
        self.assertAlmostEqual(c[0, 2], 0.5)
        self.assertTrue(np.all(np.isnan(c[3])))
        self.assertAlmostEqual(A.mean_correlation(c), (1 + 0.5 + 0.5) / 3)
        sub = A.correlations(t, 0.02, neurons=[0, 2], i=i, n=4, t_stop=0.06)
        self.assertEqual(sub.shape, (2, 2))
        self.assertAlmostEqual(sub[0, 1], 0.5)

    def test_independent_poisson_trains(self):
        r = support.regular()
        c = A.correlations(r.spikes("P"), 0.05)
        self.assertEqual(c.shape, (200, 200))
        np.testing.assert_allclose(np.diag(c), 1.0)
        self.assertLess(abs(A.mean_correlation(c)), 0.01)
        # 100 bins: the sample correlation of independent trains spreads by 1/sqrt(100).
        self.assertAlmostEqual(np.nanstd(c[~np.eye(200, dtype=bool)]), 0.1, delta=0.015)


class Rates(unittest.TestCase):
    def test_population_rate_equals_the_recorded_one(self):
        r = support.regular()
        t, rate = A.population_rate(r.spikes("P"), 1e-3)
        rec = r.rate("P")
        np.testing.assert_allclose(t, rec.t, atol=1e-12)
        np.testing.assert_allclose(rate, rec.rate, atol=1e-9)

    def test_smooth_rate_as_brian2(self):
        dt = 1e-4
        rate = np.zeros(201)
        rate[100] = 1.0
        g = A.smooth_rate(rate, dt, "gaussian", 1e-3)
        self.assertAlmostEqual(g.sum(), 1.0)
        k = np.arange(-20, 21)  # 2 width / dt either side
        expect = np.exp(-k ** 2 / (2 * 10.0 ** 2))
        np.testing.assert_allclose(g[80:121], expect / expect.sum())
        self.assertEqual(g[79], 0.0)
        f = A.smooth_rate(rate, dt, "flat", 1e-3)
        # width 1 ms = 10 samples, made odd: 11.
        np.testing.assert_allclose(f[95:106], 1 / 11)
        self.assertEqual(np.count_nonzero(f), 11)
        np.testing.assert_allclose(A.smooth_rate(np.full(50, 7.0), dt, "flat", 1e-3)[10:40], 7.0)
        np.testing.assert_allclose(A.smooth_rate(rate, window=[1, 2, 1])[99:102], [0.25, 0.5, 0.25])
        with self.assertRaises(TypeError):
            A.smooth_rate(rate, dt, "gaussian")
        with self.assertRaises(ValueError):
            A.smooth_rate(rate, window=[1, 1])
        with self.assertRaises(ValueError):
            A.smooth_rate(rate, dt, "triangle", 1e-3)
        rec = support.coba().rate("E")
        np.testing.assert_allclose(A.smooth_rate(rec, width=2e-3), A.smooth_rate(rec.rate, 1e-3, "gaussian", 2e-3))


    def test_smooth_rate_equals_brian2(self):
        try:
            from brian2 import Hz, PopulationRateMonitor, ms
        except ImportError:
            self.skipTest("python3-brian is not installed (make bench installs it)")

        class Monitor:  # what Brian2's smooth_rate reads of its monitor
            pass
        mon, mon.clock = Monitor(), Monitor()
        mon.clock.dt = 0.1 * ms
        mon.rate_ = support.regular().population_rate("P", bin=1e-4).rate
        mon.rate = mon.rate_ * Hz
        for window, width in (("gaussian", 2 * ms), ("flat", 3 * ms), ("flat", 1 * ms)):
            theirs = np.asarray(PopulationRateMonitor.smooth_rate(mon, window=window, width=width))
            ours = A.smooth_rate(mon.rate_, 1e-4, window, float(width))
            np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12 * theirs.max())


class Spectra(unittest.TestCase):
    def test_sine(self):
        fs, f0, amp = 1000.0, 40.0, 2.0
        t = np.arange(4000) / fs
        x = amp * np.sin(2 * np.pi * f0 * t) + 3.0
        f, p = A.psd(x, fs, nperseg=1000)
        self.assertEqual(A.peak_frequency(f, p), f0)
        self.assertEqual(f[1] - f[0], 1.0)
        # Parseval: the power integrates to the variance (amp^2 / 2); the mean is removed.
        self.assertAlmostEqual(p.sum() * (f[1] - f[0]), amp ** 2 / 2, delta=1e-9)
        self.assertLess(p[0], 1e-20)
        self.assertEqual(A.peak_frequency(f, p, fmin=50), f[np.argmax(p[f >= 50]) + 50])

    def test_white_noise_level(self):
        rng = np.random.default_rng(2)
        fs, sigma = 500.0, 3.0
        f, p = A.psd(rng.normal(0, sigma, 200000), fs, nperseg=256)
        # One-sided density of white noise: 2 sigma^2 / fs.
        self.assertAlmostEqual(p[1:-1].mean(), 2 * sigma ** 2 / fs, delta=0.02 * 2 * sigma ** 2 / fs)
        f, p = A.psd(rng.normal(0, 1, 255), fs)
        self.assertEqual(len(f), 128)
        with self.assertRaises(ValueError):
            A.psd([1.0], fs)
        with self.assertRaises(ValueError):
            A.peak_frequency(f, p, fmin=1e6)

    def test_equals_scipy_welch(self):
        try:
            from scipy import signal
        except ImportError:
            self.skipTest("python3-scipy is not installed (the package needs only numpy)")
        x = support.regular().rate("P").rate
        for nperseg in (256, 255, 1000):
            f, p = A.psd(x, 1000.0, nperseg=nperseg)
            f2, p2 = signal.welch(x, 1000.0, nperseg=nperseg)
            np.testing.assert_allclose(f, f2)
            np.testing.assert_allclose(p, p2, rtol=1e-12, atol=1e-12 * p2.max())

    def test_membrane_peaks_at_the_firing_rate(self):
        r = support.regular()
        t, v = r.state("L", "v")
        f, p = A.psd(v[:, 0], 1 / float(t[1] - t[0]), nperseg=len(t))
        self.assertAlmostEqual(A.peak_frequency(f, p, fmin=1), 1 / lif_period(), delta=1.0)

    def test_population_psd(self):
        r = support.regular()
        f, p = A.population_psd(r.spikes("L"), bin=1e-4)
        self.assertAlmostEqual(A.peak_frequency(f, p, fmin=1, fmax=200), 1 / lif_period(), delta=1.0)
        f, p = A.population_psd(r.spikes("P"), bin=1e-3, nperseg=500)
        # Poisson spikes: flat at 2 * rate / (N fs) ... the variance of the binned rate per Hz.
        level = 2 * (20 / (200 * 1e-3)) / 1000.0
        self.assertAlmostEqual(p[1:].mean() / level, 1.0, delta=0.1)
        f2, p2 = A.population_psd(r.rate("P"), nperseg=500)
        np.testing.assert_allclose(p2, p, atol=1e-9 * p.max())


class FICurves(unittest.TestCase):
    def test_from_a_sweep(self):
        d = support.fi()
        c = A.fi_curve(d, "N")
        x, mean, std = c
        self.assertEqual((c.name, c.unit, c.population), ("N.I", "nA", "N"))
        np.testing.assert_allclose(x, np.linspace(0, 0.7, 8))
        np.testing.assert_allclose(mean, d.table["N.rate"][::2])
        self.assertTrue(np.all(std == 0))  # no noise: every trial the same
        self.assertEqual(mean[0], 0)
        self.assertTrue(np.all(np.diff(mean[1:]) > 0))
        self.assertEqual(A.fi_curve(d.manifest, "N", "N.I").mean.tolist(), mean.tolist())
        with self.assertRaises(KeyError):
            A.fi_curve(d, "N", "N.x")
        with self.assertRaises(KeyError):
            A.fi_curve(d, "X")
        with self.assertRaises(ValueError):
            A.fi_curve({"sweeps": [], "runs": []}, "N")

    def test_spread_over_trials(self):
        manifest = {"sweeps": [{"name": "E.I", "unit": "mV", "values": [1, 2]}],
                    "runs": [{"values": {"E.I": v}, "populations": [{"name": "E", "mean_rate_hz": r}]}
                             for v, r in [(1, 2.0), (1, 4.0), (2, 5.0), (2, 5.0)]]}
        c = A.fi_curve(manifest, "E")
        self.assertEqual((c.x.tolist(), c.mean.tolist(), c.std.tolist()), ([1, 2], [3, 5], [1, 0]))


if __name__ == "__main__":
    unittest.main()
