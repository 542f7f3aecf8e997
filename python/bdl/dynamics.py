# SPDX-License-Identifier: Apache-2.0
"""Dynamical-systems analysis of a model through `bdlc analyze` (docs/analysis.md):
fixed points and their stability, continuation with fold and Hopf points, and
the vector field of a two-state model; plots of the phase portrait and of the
bifurcation diagram.

    import bdl.dynamics as dyn
    a = dyn.analyze("fhn.bdl", "N", ranges={"v": (-3, 3), "w": (-3, 3)},
                    continuation=("I", 0, 2), phase_plane=60)
    a.hopf_points()            # [(0.3312..., {'v': -0.967..., 'w': ...}), ...]
    dyn.plot_phase_plane(a); dyn.plot_bifurcation(a, "v")
    o = dyn.analyze("ml.bdl", "N", ranges=..., continuation=("I", 0, 300), orbits=True)
    o.orbit_branch(0, "v")      # (p, period, min v, max v, stable) along the orbits
    n = dyn.analyze("cann.bdl", "P", sets={"A": 0}, ranges={"u": (0, 1)}, slow_points=4)
    n.slow_points               # [{'state': {'u': [...]}, 'speed': ..., 'eigenvalues_per_s': ...}]

Values are in SI units, as bdlc's JSON gives them."""
import json
import subprocess

import numpy as np

from .compiler import CompileError, find_bdlc


class Analysis:
    """What `bdlc analyze --json` printed: `fixed_points` (each a dict with
    `state` and `stability`), `continuation` (or None) and `phase_plane` (or None)."""

    def __init__(self, data):
        self.data = data
        self.states = [s["name"] for s in data["states"]]
        self.fixed_points = data.get("fixed_points", [])
        self.continuation = data.get("continuation")
        self.phase_plane = data.get("phase_plane")
        self.two_parameter = data.get("two_parameter")
        self.slow_points = (data.get("slow_points") or {}).get("points", [])
        self.fast_slow = data.get("fast_slow")
        self.trajectories = data.get("trajectories", [])
        if self.fast_slow and not self.continuation:
            # The fast subsystem's branch reads like a continuation in the
            # slow state (branch(), special(), orbits()).
            self.continuation = self.fast_slow

    def special(self, kind):
        """(parameter value, state dict) of each special point of that kind ("fold", "hopf")."""
        if not self.continuation:
            return []
        return [(s["p"], s["state"]) for s in self.continuation["special"] if s["kind"] == kind]

    def hopf_points(self):
        return self.special("hopf")

    def folds(self):
        return self.special("fold")

    def cycles(self):
        """(p, period s, min state dict, max state dict) of the limit cycles found
        along the branch (with cycles=True and a continuation)."""
        return [(c["p"], c["period_s"], c["min"], c["max"]) for c in (self.continuation or {}).get("cycles", [])]

    def curves(self):
        """{kind: [(p1, p2), ...]} of the two-parameter fold and Hopf curves."""
        out = {}
        for c in (self.two_parameter or {}).get("curves", []):
            out.setdefault(c["kind"], []).append([tuple(q) for q in c["points"]])
        return out

    def orbits(self):
        """The periodic-orbit branches (orbits=True): one dict per Hopf point,
        with `branch`, `special` (folds of cycles, orbits at requested values)
        and `end`."""
        return [o for o in (self.continuation or {}).get("orbits", []) if "branch" in o]

    def orbit_branch(self, k, state):
        """(p, period, min, max, stable) arrays along the k-th orbit branch."""
        pts = self.orbits()[k]["branch"]
        return tuple(np.array(v) for v in zip(*[(q["p"], q["period_s"], q["min"][state], q["max"][state], q["stable"])
                                                for q in pts]))

    def branch(self, state):
        """(p, x, stable) arrays along the continued branch for one state."""
        pts = self.continuation["branch"]
        return (np.array([q["p"] for q in pts]), np.array([q["state"][state] for q in pts]),
                np.array([q["stable"] for q in pts]))


def analyze(path, population, experiment=None, sets=None, ranges=None, continuation=None, phase_plane=None,
            two_parameter=None, cycles=False, orbits=False, orbit_at=(), orbit_from=(), mesh=None, slow_points=None,
            settle=None,
            seed=None, fast_slow=None, trajectories=(), duration=None, bdlc=None):
    """Runs `bdlc analyze` on one population of the model at `path`.
    sets: {param: value string or number in its display unit}; ranges: {state:
    (lo, hi)} in display units; continuation: (param, from, to); phase_plane:
    grid points per axis; two_parameter: (param, from, to), the fold and Hopf
    curves (with continuation); cycles: stable limit cycles by simulation;
    orbits: periodic orbits continued from each Hopf point (collocation),
    orbit_at: parameter values whose orbits are reported, orbit_from: values
    where stable cycles found by simulation start branches, mesh: collocation
    intervals; slow_points: K starts of the network's slow-point search,
    settle: seconds each start's trajectory runs, seed; fast_slow: (slow
    state, from, to), the fast subsystem's branch in the slow state with the
    full model's trajectory; trajectories: initial states ({state: value}),
    each run for `duration` (a time string) through the model's compiled step.
    Compiler errors raise CompileError, bad options ValueError with bdlc's
    message."""
    cmd = [find_bdlc(bdlc), "analyze", str(path), "-p", population, "--json"]
    if experiment:
        cmd += ["--experiment", experiment]
    for k, v in (sets or {}).items():
        cmd += ["--set", "%s=%s" % (k, v)]
    for k, (lo, hi) in (ranges or {}).items():
        cmd += ["--range", "%s=%s:%s" % (k, lo, hi)]
    if continuation:
        cmd += ["--continue", "%s=%s:%s" % tuple(continuation)]
    if phase_plane:
        cmd += ["--phase-plane", str(int(phase_plane))]
    if two_parameter:
        cmd += ["--two-parameter", "%s=%s:%s" % tuple(two_parameter)]
    if cycles:
        cmd.append("--cycles")
    if orbits:
        cmd.append("--orbits")
    for v in orbit_at:
        cmd += ["--orbit-at", str(v)]
    for v in orbit_from:
        cmd += ["--orbit-from", str(v)]
    if mesh:
        cmd += ["--mesh", str(int(mesh))]
    if fast_slow:
        cmd += ["--fast-slow", "%s=%s:%s" % tuple(fast_slow)]
    for x0 in trajectories:
        cmd += ["--trajectory", ",".join("%s=%s" % kv for kv in x0.items())]
    if duration:
        cmd += ["--duration", str(duration)]
    if slow_points:
        cmd += ["--slow-points", str(int(slow_points))]
    if settle:
        cmd += ["--settle", repr(float(settle))]
    if seed is not None:
        cmd += ["--seed", str(int(seed))]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode == 1:
        raise CompileError(r.stderr, source=str(path), returncode=r.returncode)
    if r.returncode != 0:
        raise ValueError(r.stderr.strip())
    return Analysis(json.loads(r.stdout))


def plot_phase_plane(a, ax=None, streamlines=True):
    """Nullclines (the zero contours of each component of the field),
    streamlines, the trajectories asked for, and the fixed points (filled:
    stable, open: unstable)."""
    import matplotlib.pyplot as plt
    pp = a.phase_plane
    if pp is None:
        raise ValueError("no phase plane: analyze(..., phase_plane=N) on a two-state model")
    ax = ax or plt.gca()
    x, y = np.array(pp["x"]), np.array(pp["y"])
    fx, fy = np.array(pp["f"][0]), np.array(pp["f"][1])
    if streamlines:
        # Scaled per axis so that both states' changes show in the plot's units.
        sx, sy = np.ptp(x) or 1, np.ptp(y) or 1
        ax.streamplot(x, y, fx / sx, fy / sy, color="0.75", density=1.0, linewidth=0.6)
    ax.contour(x, y, fx, levels=[0], colors="C0")
    ax.contour(x, y, fy, levels=[0], colors="C1")
    ax.plot([], [], color="C0", label="d%s/dt = 0" % a.states[0])
    ax.plot([], [], color="C1", label="d%s/dt = 0" % a.states[1])
    for k, tr in enumerate(a.trajectories):
        ax.plot(tr["state"][a.states[0]], tr["state"][a.states[1]], color="C3", linewidth=1,
                label="trajectories" if k == 0 else None)
        ax.plot(tr["state"][a.states[0]][0], tr["state"][a.states[1]][0], ".", color="C3")
    for fp in a.fixed_points:
        st = fp["stability"]
        ax.plot(fp["state"][a.states[0]], fp["state"][a.states[1]], "o", color="k",
                markerfacecolor="k" if st["stable"] else "w", label=None)
        ax.annotate(st["kind"], (fp["state"][a.states[0]], fp["state"][a.states[1]]), textcoords="offset points",
                    xytext=(5, 5), fontsize=8)
    ax.set_xlabel(a.states[0] + " (SI)")
    ax.set_ylabel(a.states[1] + " (SI)")
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_bifurcation(a, state, ax=None):
    """The continued branch of one state against the parameter: stable parts
    solid, unstable dashed, folds and Hopf points marked."""
    import matplotlib.pyplot as plt
    ax = ax or plt.gca()
    p, x, stable = a.branch(state)
    for k in range(len(p) - 1):
        ax.plot(p[k:k + 2], x[k:k + 2], "-" if stable[k] and stable[k + 1] else "--", color="k")
    # Periodic orbits: the extremes of the state along each branch.
    for k, o in enumerate(a.orbits()):
        q, _, lo, hi, ok = a.orbit_branch(k, state)
        for j in range(len(q) - 1):
            style = "-" if ok[j] and ok[j + 1] else ":"
            ax.plot(q[j:j + 2], lo[j:j + 2], style, color="C2")
            ax.plot(q[j:j + 2], hi[j:j + 2], style, color="C2")
        folds = [x for x in o["special"] if x["kind"] == "fold"]
        if folds:
            ax.plot([x["p"] for x in folds], [x["max"][state] for x in folds], "D", color="C2", linestyle="none",
                    markersize=6, label="fold of cycles" if k == 0 else None)
    if a.orbits():
        ax.plot([], [], color="C2", label="orbit min/max (dotted: unstable)")
    for kind, marker in (("fold", "s"), ("hopf", "*")):
        pts = a.special(kind)
        if pts:
            ax.plot([q for q, _ in pts], [s[state] for _, s in pts], marker, linestyle="none", markersize=9,
                    label=kind)
    ax.set_xlabel(a.continuation["parameter"] + " (SI)")
    ax.set_ylabel(state + " (SI)")
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_fast_slow(a, state, ax=None):
    """Rinzel's picture: the fast subsystem's fixed points and orbits against
    the slow state (plot_bifurcation), with the full model's trajectory
    (slow state, `state`) drawn over them."""
    import matplotlib.pyplot as plt
    if not a.fast_slow:
        raise ValueError("no fast-slow analysis: analyze(..., fast_slow=(state, lo, hi))")
    ax = ax or plt.gca()
    traj = a.fast_slow["trajectory"]
    ax.plot(traj[a.fast_slow["slow_state"]], traj[state], color="C3", linewidth=0.5, alpha=0.7,
            label="trajectory of the full model")
    plot_bifurcation(a, state, ax)
    return ax
