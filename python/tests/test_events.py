# SPDX-License-Identifier: Apache-2.0
"""Results.events and event_counts on a run with named events
(test/lit/run/Inputs/named_events.bdl)."""
import unittest

import numpy as np
import support
from support import REPO

import bdl

SOURCE = REPO / "test" / "lit" / "run" / "Inputs" / "named_events.bdl"


class NamedEvents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.res = support.run_once("named_events", SOURCE)

    def test_events_match_counts(self):
        ev = self.res.events("E", "half")
        counts = self.res.event_counts("E", "half")
        self.assertGreater(len(ev.t), 0)
        np.testing.assert_array_equal(np.bincount(ev.i, minlength=len(counts)), counts)
        self.assertTrue(np.all(np.diff(ev.t) >= 0))
        t, i = ev  # unpacks like spikes
        self.assertEqual(len(t), len(i))

    def test_window_and_selection(self):
        ev = self.res.events("E", "tick")
        self.assertTrue(np.all((ev.t >= 0.010 - 1e-12) & (ev.t < 0.020)))
        self.assertTrue(np.all(ev.i < 4))

    def test_missing(self):
        with self.assertRaises(KeyError):
            self.res.events("E", "nope")


if __name__ == "__main__":
    unittest.main()
