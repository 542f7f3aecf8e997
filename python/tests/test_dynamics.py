# SPDX-License-Identifier: Apache-2.0
"""bdl.dynamics on bdlc analyze: FitzHugh-Nagumo's Hopf points against their
closed form, the phase plane's field against the equations, and the plots."""
import math
import unittest

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from support import OUT, REPO  # noqa: E402

import bdl  # noqa: E402
from bdl import dynamics  # noqa: E402

FHN = REPO / "test" / "lit" / "analysis" / "Inputs" / "fhn.bdl"
A, B, TAU = 0.7, 0.8, 12.5


class FitzHughNagumo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.a = dynamics.analyze(FHN, "N", ranges={"v": (-3, 3), "w": (-3, 3)}, continuation=("I", 0, 2),
                                 phase_plane=41)

    def test_hopf_points_closed_form(self):
        hopf = self.a.hopf_points()
        self.assertEqual(len(hopf), 2)
        for (p, state), v in zip(hopf, (-math.sqrt(1 - B / TAU), math.sqrt(1 - B / TAU))):
            self.assertAlmostEqual(p, v ** 3 / 3 - v + (v + A) / B, delta=1e-10)
            self.assertAlmostEqual(state["v"], v, delta=1e-10)
        self.assertEqual(self.a.folds(), [])

    def test_branch_stability(self):
        p, v, stable = self.a.branch("v")
        lo, hi = (q for q, _ in self.a.hopf_points())
        self.assertTrue(stable[(p < lo - 0.01)].all() and stable[(p > hi + 0.01)].all())
        self.assertFalse(stable[(p > lo + 0.01) & (p < hi - 0.01)].any())

    def test_phase_plane_field(self):
        pp = self.a.phase_plane
        x, y = np.array(pp["x"]), np.array(pp["y"])
        V, W = np.meshgrid(x, y)
        # I = 0.5 (the model's default), tscale = 1 ms: f in 1/s.
        fv = (V - V ** 3 / 3 - W + 0.5) / 1e-3
        fw = (V + A - B * W) / (TAU * 1e-3)
        np.testing.assert_allclose(np.array(pp["f"][0]), fv, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(np.array(pp["f"][1]), fw, rtol=1e-12, atol=1e-9)

    def test_plots(self):
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
        dynamics.plot_phase_plane(self.a, ax1)
        dynamics.plot_bifurcation(self.a, "v", ax2)
        path = OUT / "fhn_dynamics.png"
        fig.savefig(path)
        plt.close(fig)
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_cycles_and_curves(self):
        a = dynamics.analyze(FHN, "N", ranges={"v": (-3, 3), "w": (-3, 3)}, continuation=("I", 0, 2),
                             two_parameter=("a", 0.5, 0.9), cycles=True)
        cycles = a.cycles()
        self.assertGreater(len(cycles), 0)
        lo, hi = (q for q, _ in a.hopf_points())
        for p, period, vmin, vmax in cycles:
            self.assertTrue(lo < p < hi)            # cycles only where the rest is unstable
            self.assertTrue(0.03 < period < 0.06)   # FHN's period at these I is 38-45 ms
            self.assertLess(vmin["v"], -1.5)
        hopf = a.curves()["hopf"]
        self.assertEqual(len(hopf), 2)
        # Along a Hopf curve: 1 - v^2 = b/tau with v from the fixed point, so I
        # changes with a as (v + a)/b does: dI/da = 1/b = 1.25.
        for curve in hopf:
            (i0, a0), (i1, a1) = curve[0], curve[-1]
            self.assertAlmostEqual((i1 - i0) / (a1 - a0), 1 / B, delta=1e-6)

    def test_errors(self):
        with self.assertRaises(ValueError) as e:
            dynamics.analyze(FHN, "M")
        self.assertIn("no population 'M'", str(e.exception))
        with self.assertRaises(ValueError) as e:
            dynamics.analyze(REPO / "test" / "lit" / "analysis" / "Inputs" / "hh.bdl", "N", phase_plane=10)
        self.assertIn("--phase-plane needs a model with two states", str(e.exception))


if __name__ == "__main__":
    unittest.main()


class FitzHughNagumoOrbits(unittest.TestCase):
    """The periodic orbit at I = 0.5 by collocation (--orbits) against the
    stable cycle found by simulation (--cycles) at the same current: the
    periods agree to 1e-8 (the simulation locates crossings to 1e-9 of the
    period); the branch born at the first Hopf point ends at the second."""

    @classmethod
    def setUpClass(cls):
        cls.a = dynamics.analyze(FHN, "N", ranges={"v": (-3, 3), "w": (-3, 3)}, continuation=("I", 0, 2),
                                 cycles=True, orbits=True, orbit_at=[0.5])

    def test_period_equals_simulation(self):
        orbit = [x for x in self.a.orbits()[0]["special"] if x["kind"] == "at"][0]
        simulated = self.a.fixed_points[0]["cycle"]["period_s"]
        self.assertTrue(orbit["stable"])
        self.assertAlmostEqual(orbit["period_s"] / simulated, 1, delta=1e-8)

    def test_branch_joins_the_hopf_points(self):
        p, period, lo, hi, stable = self.a.orbit_branch(0, "v")
        (h1, _), (h2, _) = self.a.hopf_points()
        self.assertIn("shrink", self.a.orbits()[0]["end"])
        self.assertAlmostEqual(p[-1], h2, delta=0.01)
        self.assertTrue(stable[np.abs(p - 0.9) < 0.3].all())

    def test_plot_with_orbits(self):
        fig, ax = plt.subplots()
        dynamics.plot_bifurcation(self.a, "v", ax)
        plt.close(fig)
