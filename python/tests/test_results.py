# SPDX-License-Identifier: Apache-2.0
"""bdl.load and Results: the arrays an executable wrote, with the manifest's units."""
import json
import os
import unittest

import numpy as np
import support
from support import EXAMPLES, OUT

import bdl


class SingleRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = support.coba()
        with open(os.path.join(cls.r.path, "manifest.json")) as f:
            cls.m = json.load(f)

    def test_load_reads_the_same_folder(self):
        again = bdl.load(self.r.path)
        self.assertIsInstance(again, bdl.Results)
        self.assertFalse(again.design)
        self.assertEqual(again.manifest, self.m)
        self.assertIn("E[3200]", repr(again))

    def test_metadata(self):
        r = self.r
        self.assertEqual((r.dt, r.duration, r.seed, r.status), (1e-4, 0.2, 42, "complete"))
        self.assertEqual(r.sizes, {"E": 3200, "I": 800})
        self.assertEqual(r.populations, ["E", "I"])
        self.assertEqual(r.parameters["E.taum"], (20.0, "ms"))
        self.assertEqual(r.mean_rates["E"], self.m["populations"][0]["mean_rate_hz"])
        self.assertEqual(r.spike_populations(), ["E", "I"])

    def test_every_array_matches_its_manifest_entry(self):
        for rec in self.r.recordings:
            a = self.r.array(rec.file)
            self.assertEqual(a.shape, rec.shape, rec.file)
            self.assertEqual(str(a.dtype), rec.dtype, rec.file)
            self.assertEqual(self.r.unit(rec.file), rec.unit)
        self.assertEqual(self.r.unit("E_v.npy"), "mV")
        self.assertEqual(self.r.unit("rate_E.npy"), "Hz")
        with self.assertRaises(KeyError):
            self.r.unit("nothing.npy")

    def test_spikes(self):
        s = self.r.spikes("E")
        t, i = s
        self.assertIs(t, s.t)
        self.assertEqual((s.size, s.population, s.unit, s.t_stop), (3200, "E", "s", 0.2))
        self.assertEqual(len(t), self.m["populations"][0]["spikes"])
        self.assertEqual((t.dtype, i.dtype), (np.float64, np.int32))
        self.assertTrue(np.all((t >= 0) & (t < 0.2)) and np.all((i >= 0) & (i < 3200)))
        with self.assertRaises(KeyError) as cm:
            self.r.spikes("X")
        self.assertIn("recorded: E, I", str(cm.exception))

    def test_trains_counts_and_rates(self):
        s = self.r.spikes("E")
        trains = self.r.spike_trains("E")
        self.assertEqual(len(trains), 3200)
        counts = self.r.spike_counts("E")
        np.testing.assert_array_equal(counts, np.bincount(s.i, minlength=3200))
        np.testing.assert_array_equal([len(x) for x in trains], counts)
        np.testing.assert_array_equal(s.counts(), counts)
        k = int(np.argmax(counts))
        np.testing.assert_array_equal(trains[k], np.sort(s.t[s.i == k]))
        np.testing.assert_allclose(self.r.firing_rates("E"), counts / 0.2)
        np.testing.assert_allclose(s.rates(), counts / 0.2)
        self.assertAlmostEqual(self.r.firing_rates("E").mean(), self.r.mean_rates["E"], places=9)

    def test_rates(self):
        rec = self.r.rate("E")
        self.assertEqual((rec.unit, rec.population, rec.rate.shape), ("Hz", "E", (200,)))
        t, rate = rec
        self.assertAlmostEqual(float(t[1] - t[0]), 1e-3)
        self.assertAlmostEqual(rate.mean(), self.r.mean_rates["E"], places=9)
        binned = self.r.population_rate("E", bin=1e-3)
        np.testing.assert_allclose(binned.rate, rate, rtol=0, atol=1e-9)
        np.testing.assert_allclose(binned.t, t, atol=1e-12)
        self.assertIs(self.r.population_rate("E").rate, rate)  # the recorded one
        smooth = self.r.population_rate("E", window="gaussian", width=5e-3)
        np.testing.assert_allclose(smooth.rate, bdl.analysis.smooth_rate(rate, 1e-3, "gaussian", 5e-3))
        np.testing.assert_allclose(rec.smooth("flat", 5e-3), bdl.analysis.smooth_rate(rate, 1e-3, "flat", 5e-3))
        self.assertIsNone(support.regular().rate("L"))

    def test_state(self):
        tr = self.r.state("E", "v")
        t, v = tr
        self.assertEqual((v.shape, t.shape, tr.unit, tr.population, tr.variable), ((200, 10), (200,), "mV", "E", "v"))
        self.assertTrue(np.all((v >= -80) & (v <= -40)))
        self.assertIsNone(tr.pre)
        recs = self.r.state_recordings()
        self.assertEqual([(x.population, x.variable, x.file) for x in recs], [("E", "v", "E_v.npy")])
        with self.assertRaises(KeyError):
            self.r.state("E", "ge")

    def test_synaptic_state(self):
        r = support.run_once("stdp", EXAMPLES / "stdp_song2000.bdl", duration="100 ms")
        for name in ("In->N", "In_to_N"):
            tr = r.state(name, "w")
            self.assertEqual(tr.values.shape, (len(tr.t), 1000))
            self.assertEqual((tr.pre.shape, tr.post.shape, tr.population), ((1000,), (1000,), "In->N"))
        np.testing.assert_array_equal(np.sort(tr.pre), np.arange(1000))
        self.assertIn(("In->N", "w"), [(x.population, x.variable) for x in r.state_recordings()])

    def test_spike_counts_without_recorded_spikes(self):
        r = support.regular()
        np.testing.assert_array_equal(r.spike_counts("L"), r.spikes("L").counts())
        self.assertTrue(np.all(r.spike_counts("L") == r.spike_counts("L")[0]))


class Monitors(unittest.TestCase):
    """`record spikes(L) with v` and `record v of L[0, 2]`: the arrays beside the
    spikes and the trace's column indices."""

    @classmethod
    def setUpClass(cls):
        try:
            cls.r = support.run_once("monitors", support.HERE / "monitors.bdl")
        except bdl.CompileError as e:
            # Only a bdlc older than these recording options (a syntax or name
            # error, or E0905) is a reason to skip; anything else is a failure.
            if not e.code or not (e.code.startswith(("E01", "E02")) or e.code == "E0905"):
                raise
            raise unittest.SkipTest("this bdlc does not compile monitors.bdl: %s" % e.code)

    def test_values_at_spikes(self):
        s = self.r.spikes("L")
        self.assertEqual(sorted(s.values), ["v"])
        self.assertEqual(s.units, {"v": "mV"})
        self.assertEqual(s.values["v"].shape, s.t.shape)
        self.assertTrue(len(s.t) > 0 and np.all(s.values["v"] > -50))
        self.assertEqual(self.r.spike_populations(), ["L"])

    def test_smoothed_rates_equal_the_analysis(self):
        for pop, dt, window, width in (("P", 1e-3, "gaussian", 2e-3), ("Q", 5e-4, "flat", 3e-3)):
            rate = self.r.rate(pop)
            self.assertIsNotNone(rate.smoothed, pop)
            self.assertGreater(rate.rate.sum(), 0)
            np.testing.assert_allclose(rate.smoothed, bdl.analysis.smooth_rate(rate.rate, dt, window, width),
                                       rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(rate.smoothed, rate.smooth(window, width), rtol=1e-12, atol=1e-12)
        self.assertIsNone(support.coba().rate("E").smoothed)

    def test_index_list(self):
        tr = self.r.state("L", "v")
        self.assertEqual(tr.indices.tolist(), [0, 2])
        self.assertEqual(tr.values.shape, (200, 2))
        self.assertEqual([(x.population, x.variable) for x in self.r.state_recordings()], [("L", "v")])


class Design(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = support.fi()

    def test_index(self):
        d = bdl.load(self.d.path)
        self.assertIsInstance(d, bdl.DesignResults)
        self.assertTrue(d.design)
        self.assertEqual((len(d), d.trials, d.status, d.populations), (16, [0, 1], "complete", ["N"]))
        self.assertEqual([(s.name, s.unit) for s in d.sweeps], [("N.I", "nA")])
        np.testing.assert_allclose(d.sweeps[0].values, np.linspace(0, 0.7, 8))
        np.testing.assert_allclose(d.points[:, 0], np.linspace(0, 0.7, 8))
        self.assertEqual(d.sweep_unit("N.I"), "nA")
        with self.assertRaises(KeyError):
            d.sweep_unit("N.x")
        self.assertIn("16 runs", repr(d))

    def test_table(self):
        tab = self.d.table
        self.assertEqual(sorted(tab), sorted(["point", "trial", "trial_seed", "status", "N.I", "N.spikes", "N.rate"]))
        self.assertEqual(tab["point"].tolist(), [p for p in range(8) for _ in range(2)])
        self.assertEqual(tab["trial"].tolist(), [0, 1] * 8)
        self.assertTrue(np.all(tab["status"] == "complete"))
        np.testing.assert_allclose(tab["N.rate"], tab["N.spikes"] / 0.3)
        self.assertEqual(tab["N.rate"][0], 0)
        self.assertTrue(np.all(np.diff(tab["N.rate"][::2]) >= 0))

    def test_runs(self):
        d = self.d
        runs = list(d)
        self.assertEqual(len(runs), 16)
        r = d.run(point=5, trial=1)
        self.assertIs(r, d[11])
        self.assertEqual(r.parameters["N.I"][1], "nA")
        self.assertAlmostEqual(r.parameters["N.I"][0], 0.5)
        self.assertEqual(r.manifest["trial"], 1)
        self.assertEqual(len(r.spikes("N").t), d.table["N.spikes"][11])
        np.testing.assert_array_equal(r.spike_counts("N"), [d.table["N.spikes"][11]])
        with self.assertRaises(KeyError):
            d.run(point=9)

    def test_a_single_run_design_is_a_plain_folder(self):
        r = support.model(EXAMPLES / "hh_fi_curve.bdl").run(duration="50 ms", sweep={"N.I": ["0.5nA"]},
                                                            out=str(OUT / "fi-one"))
        self.assertIsInstance(r, bdl.Results)


if __name__ == "__main__":
    unittest.main()
