# SPDX-License-Identifier: Apache-2.0
"""bdl.plot and tools/bdlplot.py on results the executables wrote (headless)."""
import contextlib
import io
import os
import sys
import unittest

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import support  # noqa: E402
from support import OUT, REPO  # noqa: E402

import bdl  # noqa: E402
from bdl import plot  # noqa: E402

sys.path.insert(0, str(REPO / "tools"))
import bdlplot  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def is_png(path):
    with open(path, "rb") as f:
        return f.read(8) == PNG


class Plots(unittest.TestCase):
    def tearDown(self):
        plt.close("all")

    def test_lazy_attribute(self):
        # bdl.plot without an explicit import, as the README's session uses it.
        self.assertIs(bdl.plot, plot)
        with self.assertRaises(AttributeError):
            bdl.no_such_thing

    def test_raster(self):
        r = support.coba()
        ax = plot.raster(r, max_neurons=100)
        lines = ax.get_lines()
        self.assertEqual([ln.get_label() for ln in lines], ["E", "I"])
        y = lines[1].get_ydata()
        self.assertTrue(np.all((y >= 100) & (y < 200)))  # I stacked above 100 E neurons
        s = r.spikes("E")
        self.assertEqual(len(lines[0].get_xdata()), int(np.sum(s.i < 100)))
        ax = plot.raster(s)
        np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), s.t * 1e3)
        self.assertEqual(ax.get_xlim(), (0.0, 200.0))

    def test_traces(self):
        tr = support.coba().state("E", "v")
        ax = plot.traces(tr)
        self.assertEqual(len(ax.get_lines()), 10)
        self.assertEqual(ax.get_ylabel(), "E.v (mV)")
        self.assertEqual(len(plot.traces(tr, columns=[0, 3]).get_lines()), 2)

    def test_rates(self):
        r = support.coba()
        ax = plot.rates(r)
        self.assertEqual([ln.get_label() for ln in ax.get_lines()], ["E", "I"])
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), r.rate("E").rate)
        ax = plot.rates(r.rate("E"), window="gaussian", width=3e-3)
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), r.rate("E").smooth("gaussian", 3e-3))
        ax = plot.rates(support.regular(), populations=["L"], bin=0.01)
        self.assertEqual(len(ax.get_lines()[0].get_ydata()), 500)

    def test_fi_curve(self):
        d = support.fi()
        ax = plot.fi_curve(d, "N")
        self.assertEqual(ax.get_xlabel(), "N.I (nA)")
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), bdl.analysis.fi_curve(d, "N").mean)
        ax = plot.fi_curve(bdl.analysis.fi_curve(d, "N"))
        self.assertEqual(ax.get_ylabel(), "mean rate (Hz)")

    def test_isi_histogram_and_psd(self):
        s = support.regular().spikes("P")
        ax = plot.isi_histogram(s, bins=20)
        total = sum(p.get_height() for p in ax.patches)
        self.assertEqual(total, len(s.t) - np.count_nonzero(s.counts()))
        ax = plot.isi_histogram(s, max_isi=0.05)
        self.assertLessEqual(max(p.get_x() + p.get_width() for p in ax.patches), 50 + 1e-9)
        f, p = bdl.analysis.population_psd(s, bin=1e-3, nperseg=500)
        ax = plot.psd(f, p, fmax=100)
        self.assertEqual(ax.get_lines()[0].get_xdata().max(), 100)
        self.assertEqual(ax.get_yscale(), "log")

    def test_save_figures(self):
        out = OUT / "plot-figures"
        written = plot.save_figures(support.coba(), str(out))
        self.assertEqual(written, ["raster.png", "rates.png", "traces.png"])
        self.assertTrue(all(is_png(out / f) for f in written))
        self.assertEqual(plot.save_design_figures(support.fi(), str(out)), ["sweep.png"])
        self.assertTrue(is_png(out / "sweep.png"))


class Bdlplot(unittest.TestCase):
    def run_main(self, *args):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            self.assertEqual(bdlplot.main(list(args)), 0)
        return buf.getvalue()

    def test_single_run(self):
        out = OUT / "bdlplot-coba"
        text = self.run_main(support.coba().path, "--out", str(out), "--bin", "2", "--max-neurons", "0")
        self.assertEqual(text, "wrote raster.png, rates.png, traces.png in %s\n" % out)
        self.assertTrue(all(is_png(out / f) for f in ("raster.png", "rates.png", "traces.png")))

    def test_design(self):
        out = OUT / "bdlplot-fi"
        self.assertEqual(self.run_main(support.fi().path, "--out", str(out)), "wrote sweep.png in %s\n" % out)

    def test_library_functions(self):
        d = support.fi()
        x, mean, std = bdlplot.sweep_rates(d.manifest, "N")
        np.testing.assert_allclose(mean, bdl.analysis.fi_curve(d, "N").mean)
        self.assertEqual(bdlplot.load(support.coba().path).sizes["E"], 3200)
        self.assertTrue(os.path.isfile(bdlplot.__file__))


if __name__ == "__main__":
    unittest.main()
