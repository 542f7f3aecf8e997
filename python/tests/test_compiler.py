# SPDX-License-Identifier: Apache-2.0
"""bdl.compile: finding bdlc, the cache, and compile errors as exceptions."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import support
from support import EXAMPLES, HERE, OUT

import bdl
from bdl import compiler


class FindBdlc(unittest.TestCase):
    def test_env_wins_over_the_checkout(self):
        real = bdl.find_bdlc()
        with tempfile.TemporaryDirectory() as d:
            fake = Path(d) / "bdlc"
            fake.write_text("#!/bin/sh\n")
            fake.chmod(0o755)
            old = os.environ.get("BDLC")
            os.environ["BDLC"] = str(fake)
            try:
                self.assertEqual(bdl.find_bdlc(), str(fake.resolve()))
            finally:
                if old is None:
                    del os.environ["BDLC"]
                else:
                    os.environ["BDLC"] = old
        self.assertTrue(os.access(real, os.X_OK))
        self.assertEqual(bdl.find_bdlc(real), real)

    def test_the_checkout_build_is_found(self):
        env = dict(os.environ)
        env.pop("BDLC", None)
        out = subprocess.run([sys.executable, "-c",
                              "import sys; sys.path.insert(0, sys.argv[1]); import bdl.compiler as c; print(c.find_bdlc())",
                              str(support.REPO / "python")], env=env, capture_output=True, text=True)
        if (support.REPO / "build" / "bin" / "bdlc").is_file():
            self.assertEqual(out.stdout.strip(), str((support.REPO / "build" / "bin" / "bdlc").resolve()))


class Compile(unittest.TestCase):
    def test_model_and_cache_hit(self):
        m = support.model(EXAMPLES / "coba.bdl")
        self.assertTrue(os.access(m.executable, os.X_OK))
        self.assertTrue(m.executable.startswith(os.environ["BDL_CACHE_DIR"]))
        stamp = os.stat(m.executable).st_mtime_ns
        again = bdl.compile(str(EXAMPLES / "coba.bdl"))
        self.assertEqual(again.executable, m.executable)
        self.assertEqual(os.stat(again.executable).st_mtime_ns, stamp)  # not rebuilt
        self.assertIn("Runs experiment 'main'", m.help())
        self.assertEqual(m.defaults()["E.taum"], "20 ms")
        self.assertEqual(m.defaults()["we"], "0.6")

    def test_key_follows_source_experiment_and_options(self):
        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "regular.bdl"
            shutil.copy(HERE / "regular.bdl", src)
            a = bdl.compile(str(src))
            src.write_text(src.read_text().replace("run 5 s", "run 1 s"))
            b = bdl.compile(str(src))
            self.assertNotEqual(a.executable, b.executable)
            self.assertIn("duration 1 s", b.help())
        c = bdl.compile(str(EXAMPLES / "coba.bdl"), precision="single")
        self.assertNotEqual(c.executable, support.model(EXAMPLES / "coba.bdl").executable)
        e = bdl.compile(str(EXAMPLES / "coba.bdl"), experiment="we_sweep")
        self.assertIn("experiment 'we_sweep'", e.help())
        self.assertEqual(e.experiment, "we_sweep")

    def test_dependencies_follow_imports(self):
        deps = [p.name for p in compiler.dependencies(HERE / "regular.bdl", bdl.find_bdlc())]
        self.assertEqual(deps, ["regular.bdl", "lif.bdl"])
        deps = [p.name for p in compiler.dependencies(EXAMPLES / "hopfield.bdl", bdl.find_bdlc())]
        self.assertIn("hopfield_cue0.npy", deps)

    def test_force_rebuilds(self):
        m = support.model(HERE / "after_run.bdl")
        stamp = os.stat(m.executable).st_mtime_ns
        again = bdl.compile(str(HERE / "after_run.bdl"), force=True)
        self.assertGreater(os.stat(again.executable).st_mtime_ns, stamp)

    def test_warnings_are_kept(self):
        m = support.model(HERE / "after_run.bdl")
        self.assertIn("[W0713]", m.warnings)

    def test_missing_file(self):
        with self.assertRaises(FileNotFoundError):
            bdl.compile(str(OUT / "no-such-model.bdl"))


class Errors(unittest.TestCase):
    def test_compile_error_carries_the_diagnostic(self):
        with self.assertRaises(bdl.CompileError) as cm:
            bdl.compile(str(HERE / "unit_error.bdl"))
        e = cm.exception
        self.assertEqual(e.code, "E0305")
        self.assertEqual(e.returncode, 1)
        d = e.diagnostics[0]
        self.assertEqual((Path(d.file).name, d.line, d.col, d.severity), ("unit_error.bdl", 4, 11, "error"))
        self.assertIn("right-hand side of 'dv/dt' is voltage", d.message)
        self.assertIn("^~", e.text)  # the caret under the operand
        self.assertIn("note: 'v' is voltage", str(e))
        self.assertTrue(str(d).endswith("[E0305]"))

    def test_unknown_experiment(self):
        with self.assertRaises(bdl.CompileError) as cm:
            bdl.compile(str(EXAMPLES / "coba.bdl"), experiment="nope")
        self.assertIn("nope", cm.exception.text)

    def test_parse_diagnostics(self):
        text = ("a.bdl:1:2: error: bad thing [E0101]\n    1 | x\n      | ^\n"
                "b.bdl:10:20: warning: odd thing [W0711]\n2 errors generated.\n")
        got = compiler.parse_diagnostics(text)
        self.assertEqual([(g.file, g.line, g.col, g.severity, g.message, g.code) for g in got],
                         [("a.bdl", 1, 2, "error", "bad thing", "E0101"),
                          ("b.bdl", 10, 20, "warning", "odd thing", "W0711")])

    def test_bdlc_not_found(self):
        old = dict(os.environ)
        try:
            os.environ["BDLC"] = "/nonexistent/bdlc"
            os.environ["PATH"] = "/nonexistent"
            saved = compiler._REPO
            compiler._REPO = Path("/nonexistent")
            with self.assertRaises(bdl.BdlcNotFound):
                bdl.find_bdlc()
        finally:
            compiler._REPO = saved
            os.environ.clear()
            os.environ.update(old)

    def test_cache_dir(self):
        self.assertEqual(str(compiler.cache_dir()), os.environ["BDL_CACHE_DIR"])


if __name__ == "__main__":
    unittest.main()
