#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Distributed runs give one process's results: builds MODEL once plainly and
once with `bdlc build --mpi`, runs the plain build, then the MPI build under
mpirun with each RANKSxTHREADS layout, and compares every array (spikes,
states, rates, recorded synapses, each run of a design) bit for bit.

Usage: mpi.py BDLC MODEL.bdl LAYOUTS [--experiment E] [ARGS...]
       LAYOUTS: comma-separated RANKSxTHREADS, e.g. 1x1,2x1,3x1,4x1,2x2
       mpi.py BDLC MODEL.bdl --kill  (a rank killed mid-run ends the job)
       mpi.py BDLC MODEL.bdl --interrupt  (Ctrl-C on mpirun: results so far)
"""
import filecmp
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

from common import Checks

# Four ranks on this two-core machine, and tests that may run as root.
MPIRUN = ["mpirun", "--oversubscribe", "--allow-run-as-root", "--bind-to", "none"]
# More ranks than cores here: a rank waiting in a collective yields its core
# rather than spinning on it (Open MPI spins by default). Every rank on this
# machine, started without ssh (plm isolated), which a container may lack.
ENV = dict(os.environ, OMPI_MCA_btl_vader_single_copy_mechanism="none", OMPI_MCA_rmaps_base_oversubscribe="1",
           OMPI_MCA_mpi_yield_when_idle="1", OMPI_MCA_plm="isolated")
# Under AddressSanitizer (make test-sanitize): Open MPI's own never-freed
# allocations are suppressed, by whole stacks (test/lsan-mpi.supp).
if "ASAN_OPTIONS" in ENV:
    ENV["ASAN_OPTIONS"] += ":fast_unwind_on_malloc=0"
    ENV["LSAN_OPTIONS"] = "suppressions=" + os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                         "lsan-mpi.supp")


def build(bdlc, model, out, experiment, mpi):
    cmd = [bdlc, "build", model, "-o", out] + (["--mpi"] if mpi else [])
    if experiment:
        cmd += ["--experiment", experiment]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def arrays(folder):
    return sorted(os.path.relpath(f, folder) for f in glob.glob(os.path.join(folder, "**", "*.npy"), recursive=True))


def compare(model, experiment, layouts, extra, bdlc):
    work = tempfile.mkdtemp(prefix="bdl-mpi-")
    name = os.path.basename(model) + (" " + experiment if experiment else "")
    plain, mpi = os.path.join(work, "plain"), os.path.join(work, "mpi")
    build(bdlc, model, plain, experiment, False)
    build(bdlc, model, mpi, experiment, True)
    ref = os.path.join(work, "one")
    # A run may stop on a non-finite state: then the ranks must too, at the
    # same step, with the same message, and write the same arrays.
    one = subprocess.run([plain, "--quiet", "--out", ref] + extra, capture_output=True, text=True)
    if one.returncode not in (0, 1) or not os.path.exists(os.path.join(ref, "manifest.json")):
        sys.exit("the one-process run failed: " + one.stderr)
    files = arrays(ref)
    spikes = sum(np.load(os.path.join(ref, f)).size for f in files if re.search(r"spikes_.*_i\.npy$", f))
    c = Checks()
    c.check(len(files) > 0, "%s: %d arrays, %d spikes in one process" % (name, len(files), spikes))
    for layout in layouts:
        ranks, threads = (int(x) for x in layout.split("x"))
        out = os.path.join(work, layout)
        run = subprocess.run(MPIRUN + ["-np", str(ranks), mpi, "--quiet", "--threads", str(threads), "--out", out]
                             + extra, env=ENV, capture_output=True, text=True)
        if (run.returncode != 0) != (one.returncode != 0) or not os.path.exists(os.path.join(out, "manifest.json")):
            c.check(False, "%s on %d ranks x %d threads: exit %d\n%s" % (name, ranks, threads, run.returncode,
                                                                           run.stderr[-2000:]))
            continue
        if one.returncode != 0:
            said = [l for l in run.stderr.splitlines() if l.startswith("error:")]
            c.check(said == [one.stderr.strip()], "%s on %d rank(s): rank 0 alone says: %s" % (
                name, ranks, " / ".join(said)))
        keys = ("status", "steps", "stop_reason")
        m1, m2 = (json.load(open(os.path.join(d, "manifest.json"))) for d in (ref, out))
        c.check(all(m1.get(k) == m2.get(k) for k in keys), "%s on %d rank(s): manifest %s" % (
            name, ranks, ", ".join("%s %s" % (k, m2.get(k)) for k in keys if k in m2)))
        got = arrays(out)
        differ = [f for f in files
                  if f not in got or not filecmp.cmp(os.path.join(ref, f), os.path.join(out, f), shallow=False)]
        extra_files = [f for f in got if f not in files]
        c.check(not differ and not extra_files,
                "%s on %d rank(s) x %d thread(s): the same %d arrays%s" % (
                    name, ranks, threads, len(files),
                    " (differ: %s)" % ", ".join(differ + extra_files) if differ or extra_files else ""))
    c.close()


def rank_pids(mpirun_pid):
    """The model processes mpirun started, by rank."""
    found = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            env = open("/proc/%s/environ" % pid, "rb").read().split(b"\0")
            stat = open("/proc/%s/stat" % pid).read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        for kv in env:
            if kv.startswith(b"OMPI_COMM_WORLD_RANK=") and ppid == mpirun_pid:
                found[int(kv.split(b"=")[1])] = int(pid)
    return found


def kill_test(bdlc, model):
    """A rank killed mid-run: mpirun must end the others, say which rank
    died and how, and exit non-zero, within 10 s."""
    work = tempfile.mkdtemp(prefix="bdl-mpi-kill-")
    exe = os.path.join(work, "mpi")
    build(bdlc, model, exe, None, True)
    proc = subprocess.Popen(MPIRUN + ["-np", "2", exe, "--quiet", "--duration", "1000s", "--out",
                                      os.path.join(work, "out")], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    c = Checks()
    pids = {}
    deadline = time.time() + 20
    while len(pids) < 2 and time.time() < deadline:
        time.sleep(0.2)
        pids = rank_pids(proc.pid)
    time.sleep(1.0)  # well into the run
    c.check(len(pids) == 2 and proc.poll() is None, "two ranks running")
    killed = time.time()
    os.kill(pids[1], signal.SIGKILL)
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    took = time.time() - killed
    c.check(took < 10, "the job ended %.1f s after rank 1 was killed (limit 10 s)" % took)
    c.check(proc.returncode != 0, "mpirun exits non-zero (%d)" % proc.returncode)
    line = next((l.strip() for l in out.splitlines() if "rank 1" in l and "signal 9" in l), None)
    c.check(line is not None, "mpirun names the rank and the cause: %s" % (line or out[-800:]))
    c.check(not os.path.exists(os.path.join(work, "out")), "no results folder is left half-written")
    # mpirun returns once it has signalled the ranks; on a loaded machine a
    # rank may take a moment to finish exiting: gone within 5 s is the claim.
    def running(p):
        try:
            return open("/proc/%d/stat" % p).read().split()[2] != "Z"
        except OSError:
            return False
    deadline = time.time() + 5
    while any(running(p) for p in pids.values()) and time.time() < deadline:
        time.sleep(0.05)
    c.check(not any(running(p) for p in pids.values()), "no rank is left running")
    c.close()


def interrupt_test(bdlc, model):
    """Ctrl-C on mpirun (which passes SIGTERM to the ranks): the ranks agree
    on the step to stop before, and rank 0 writes the results so far, which
    equal a one-process run of that length."""
    work = tempfile.mkdtemp(prefix="bdl-mpi-int-")
    exe, plain = os.path.join(work, "mpi"), os.path.join(work, "plain")
    build(bdlc, model, exe, None, True)
    build(bdlc, model, plain, None, False)
    out = os.path.join(work, "out")
    proc = subprocess.Popen(MPIRUN + ["-np", "2", exe, "--quiet", "--duration", "1000s", "--out", out], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 20
    while len(rank_pids(proc.pid)) < 2 and time.time() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    try:
        text, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        text, _ = proc.communicate()
    c = Checks()
    said = [l for l in text.splitlines() if l.startswith("interrupted by")]
    c.check(len(said) == 1, "rank 0 alone reports: %s" % (said[0] if said else text[-800:]))
    m = json.load(open(os.path.join(out, "manifest.json"))) if os.path.exists(os.path.join(out, "manifest.json")) else {}
    c.check(m.get("status") == "interrupted", "the results are marked %s after %s steps" % (m.get("status"),
                                                                                            m.get("steps")))
    ref = os.path.join(work, "one")
    steps = m.get("steps", 0)
    subprocess.run([plain, "--quiet", "--out", ref, "--duration", "%.17gs" % (steps * m.get("dt", 1e-4))], check=True)
    files = [f for f in arrays(ref) if re.search(r"spike|_v", f)]
    differ = [f for f in files if not filecmp.cmp(os.path.join(ref, f), os.path.join(out, f), shallow=False)]
    c.check(files and not differ, "its %d spike and state arrays equal a one-process run of that many steps%s" % (
        len(files), " (differ: %s)" % ", ".join(differ) if differ else ""))
    c.close()


def main():
    bdlc, model = sys.argv[1], sys.argv[2]
    if sys.argv[3] == "--kill":
        kill_test(bdlc, model)
        return
    if sys.argv[3] == "--interrupt":
        interrupt_test(bdlc, model)
        return
    layouts = sys.argv[3].split(",")
    extra = sys.argv[4:]
    experiment = None
    if extra[:1] == ["--experiment"]:
        experiment, extra = extra[1], extra[2:]
    compare(model, experiment, layouts, extra, bdlc)


if __name__ == "__main__":
    main()
