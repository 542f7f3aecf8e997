# SPDX-License-Identifier: Apache-2.0
"""Model.run: Python arguments become the executable's options, and what it wrote comes back."""
import os
import shutil
import unittest

import numpy as np
import support
from support import EXAMPLES, HERE, OUT

import bdl
from bdl import model as bdlmodel


class Formatting(unittest.TestCase):
    def test_values(self):
        self.assertEqual(bdlmodel.format_value("15 ms"), "15 ms")
        self.assertEqual(bdlmodel.format_value(0.1), "0.1")
        self.assertEqual(bdlmodel.format_value(np.float64(1) / 3), repr(1 / 3))
        self.assertEqual(bdlmodel.format_value(np.int64(7)), "7")
        self.assertEqual(bdlmodel.format_value((15, "ms")), "15 ms")
        with self.assertRaises(TypeError):
            bdlmodel.format_value(True)
        with self.assertRaises(TypeError):
            bdlmodel.format_value([1, 2])

    def test_sweeps_and_durations(self):
        self.assertEqual(bdlmodel.format_sweep("10mV:30mV:21"), "10mV:30mV:21")
        self.assertEqual(bdlmodel.format_sweep(["10 mV", "20mV"]), "10mV,20mV")
        self.assertEqual(bdlmodel.format_sweep((np.array([0.5, 1.0]), "nA")), "0.5nA,1.0nA")
        self.assertEqual(bdlmodel.format_sweep([0.3, 0.4]), "0.3,0.4")
        self.assertEqual(bdlmodel.format_duration("500 ms"), "500 ms")
        self.assertEqual(bdlmodel.format_duration(0.25), "0.25s")

    def test_command(self):
        m = support.model(EXAMPLES / "coba.bdl")
        cmd = m.command(duration=0.1, seed=5, set={"we": 0.5}, sweep={"E.Ib": "10mV,20mV"}, trials=2, trial=1,
                        threads=2, out="x", overwrite=False, args=["--allow-nonfinite"])
        self.assertEqual(cmd[1:], ["--quiet", "--out", "x", "--duration", "0.1s", "--seed", "5", "--set", "we=0.5",
                                   "--sweep", "E.Ib=10mV,20mV", "--trials", "2", "--trial", "1", "--threads", "2",
                                   "--allow-nonfinite"])


class Run(unittest.TestCase):
    def test_options_reach_the_run(self):
        r = support.model(EXAMPLES / "coba.bdl").run(
            duration="50 ms", seed=7, set={"we": 0.5, "E.taum": "15 ms", "I.taum": (25, "ms")}, threads=2,
            out=str(OUT / "model-options"))
        self.assertIsInstance(r, bdl.Results)
        self.assertEqual(r.path, str(OUT / "model-options"))
        self.assertAlmostEqual(r.duration, 0.05)
        self.assertEqual((r.seed, r.manifest["threads"], r.status), (7, 2, "complete"))
        self.assertEqual(r.parameters["we"], (0.5, "1"))
        self.assertEqual(r.parameters["E.taum"], (15.0, "ms"))
        self.assertEqual(r.parameters["I.taum"], (25.0, "ms"))

    def test_threads_give_the_same_arrays(self):
        m = support.model(EXAMPLES / "coba.bdl")
        one = m.run(duration=0.05, threads=1, out=str(OUT / "model-t1"))
        two = m.run(duration=0.05, threads=2, out=str(OUT / "model-t2"))
        for a, b in zip(one.spikes("E"), two.spikes("E")):
            np.testing.assert_array_equal(a, b)

    @unittest.skipUnless(shutil.which("mpirun") and (support.REPO / "build" / "lib" / "libbdlrt_mpi.a").exists(),
                         "needs mpirun and the MPI runtime")
    def test_ranks_give_the_same_arrays(self):
        plain = support.model(EXAMPLES / "coba.bdl")
        mpi = bdl.compile(str(EXAMPLES / "coba.bdl"), mpi=True)
        self.assertTrue(mpi.mpi)
        with self.assertRaises(ValueError):
            plain.command(ranks=2)
        self.assertEqual(mpi.command(ranks=2)[:5], ["mpirun", "-np", "2", "--bind-to", "none"])
        one = plain.run(duration=0.05, out=str(OUT / "model-r1"))
        os.environ.setdefault("OMPI_MCA_plm", "isolated")  # this machine only; no ssh needed
        if "ASAN_OPTIONS" in os.environ:  # make test-sanitize: as test/validation/mpi.py
            os.environ["ASAN_OPTIONS"] += ":fast_unwind_on_malloc=0"
            os.environ["LSAN_OPTIONS"] = "suppressions=%s" % (support.REPO / "test" / "lsan-mpi.supp")
        two = mpi.run(duration=0.05, ranks=2, out=str(OUT / "model-r2"))
        self.assertEqual(two.manifest["ranks"], 2)
        for a, b in zip(one.spikes("E"), two.spikes("E")):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(one.state("E", "v").values, two.state("E", "v").values)

    def test_overwrite_and_default_folder(self):
        m = support.model(HERE / "after_run.bdl")
        out = str(OUT / "model-overwrite")
        m.run(out=out)
        m.run(out=out, seed=2)  # a notebook cell run twice
        with self.assertRaises(bdl.RunError) as cm:
            m.run(out=out, overwrite=False)
        self.assertIn(out, cm.exception.text)
        r = m.run()
        self.assertTrue(os.path.isfile(os.path.join(r.path, "manifest.json")))

    def test_design(self):
        d = support.model(EXAMPLES / "coba.bdl").run(
            duration="20 ms", sweep={"we": [0.4, 0.8], "E.Ib": (np.array([15.0, 20.0]), "mV")}, trials=2,
            out=str(OUT / "model-grid"))
        self.assertIsInstance(d, bdl.DesignResults)
        self.assertEqual(len(d), 8)
        self.assertEqual(d.points.tolist(), [[0.4, 15], [0.4, 20], [0.8, 15], [0.8, 20]])
        one = support.model(EXAMPLES / "coba.bdl").run(duration="20 ms", set={"we": 0.8, "E.Ib": "15 mV"},
                                                         trial=1, out=str(OUT / "model-alone"))
        np.testing.assert_array_equal(one.spikes("E").t, d.run(point=2, trial=1).spikes("E").t)

    def test_run_error_carries_stderr(self):
        with self.assertRaises(bdl.RunError) as cm:
            support.model(EXAMPLES / "coba.bdl").run(set={"E.Ib": 10}, out=str(OUT / "model-bad"))
        e = cm.exception
        self.assertNotEqual(e.returncode, 0)
        self.assertIn("'Ib' is a voltage", e.text)
        self.assertIsNone(e.results)
        self.assertEqual(e.command[0], support.model(EXAMPLES / "coba.bdl").executable)

    def test_failed_run_keeps_its_results(self):
        with self.assertRaises(bdl.RunError) as cm:
            support.model(HERE / "unstable.bdl").run(out=str(OUT / "model-unstable"))
        e = cm.exception
        self.assertEqual(e.returncode, 1)
        self.assertIn("U.v became", e.text)
        self.assertEqual(e.results.status, "failed")
        self.assertIn("U.v became", e.results.manifest["stop_reason"])
        self.assertLess(e.results.t_stop, 0.05)  # stopped near 32 ms of 100
        t, v = e.results.state("U", "v")
        self.assertTrue(np.all(np.isfinite(v[:-1])))


if __name__ == "__main__":
    unittest.main()
