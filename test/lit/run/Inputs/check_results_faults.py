# SPDX-License-Identifier: Apache-2.0
"""Fault tests of a built model's results folder (see ../results-faults.test):
interrupts, a write that fails (a file-size limit stands in for a full disk:
the same failed write(2), portable, no mount needed), concurrent runs into one
folder, and refusal to overwrite. Usage: check_results_faults.py EXE WORKDIR"""
import json, os, resource, shutil, signal, subprocess, sys, time
import numpy as np

exe, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)


def check(ok, msg):
    print(("ok " if ok else "FAIL ") + msg)


def run(out, *args, **kw):
    return subprocess.run([exe, "--quiet", "--out", out] + list(args), capture_output=True, text=True, **kw)


def arrays(d):
    return {f: np.load(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.endswith(".npy")}


def same(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def manifest(d):
    with open(os.path.join(d, "manifest.json")) as f:
        return json.load(f)


def leftovers():
    return sorted(f for f in os.listdir(work) if ".partial-" in f)


# 1. SIGINT half-way: the results so far, marked, equal to a run that stops there.
for sig, status in ((signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)):
    name = signal.Signals(sig).name
    out = os.path.join(work, "int-" + name)
    p = subprocess.Popen([exe, "--quiet", "--duration", "1000s", "--out", out], stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    p.send_signal(sig)
    err = p.communicate(timeout=60)[1]
    m = manifest(out)
    check(p.returncode == status and m["status"] == "interrupted", "%s: exit %d, status %s" % (name, p.returncode, m["status"]))
    prefix = "interrupted by %s at t = " % name
    check(err.startswith(prefix), "%s: message %r" % (name, err[:len(prefix)]))
    if sig == signal.SIGINT:
        steps, at = m["steps"], m["interrupted_at"]
        ref = os.path.join(work, "int-reference")
        r = run(ref, "--duration", "%.17gs" % at)
        got, want = arrays(out), arrays(ref)
        check(r.returncode == 0 and 0 < steps < 10000000 and abs(at - steps * m["dt"]) < 1e-9,
              "SIGINT: stopped after a whole step, at %d" % (steps > 0))
        check(same(got, want), "SIGINT: arrays equal those of a run of --duration interrupted_at")

# 2. A second stop signal ends the process at once; no results folder
# appears. (Two SIGINTs sent together arrive as one, and a run stopped by the
# first one writes its results within milliseconds: a SIGTERM sent with the
# SIGINT is the second signal that reliably arrives before they are written.)
out = os.path.join(work, "twice")
p = subprocess.Popen([exe, "--quiet", "--duration", "1000s", "--out", out], stderr=subprocess.PIPE)
time.sleep(1.0)
os.kill(p.pid, signal.SIGINT)
os.kill(p.pid, signal.SIGTERM)
p.communicate(timeout=60)
check(p.returncode in (-signal.SIGINT, -signal.SIGTERM) and not os.path.exists(out),
      "second signal: killed at once (%s)" % ("yes" if p.returncode < 0 else p.returncode))
for f in leftovers():
    shutil.rmtree(os.path.join(work, f))  # what a killed run leaves: a hidden partial folder

# 3. Refusal without --overwrite; with it, replacement.
out = os.path.join(work, "results")
first = run(out, "--seed", "1")
again = run(out, "--seed", "2")
check(first.returncode == 0 and again.returncode == 1 and manifest(out)["seed"] == 1,
      "existing folder kept: " + again.stderr.strip())
replaced = run(out, "--seed", "2", "--overwrite")
check(replaced.returncode == 0 and manifest(out)["seed"] == 2, "--overwrite replaces it")
seed2 = arrays(out)

# 4. A write that fails (file size limit, SIGXFSZ ignored: write(2) fails with
# EFBIG as it would with ENOSPC) leaves the old results as they were.
def limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))

full = run(out, "--seed", "3", "--overwrite", preexec_fn=limited)
check(full.returncode == 1 and "cannot write" in full.stderr, "failed write: exit %d, %s" % (full.returncode, full.stderr.strip()))
check(manifest(out)["seed"] == 2 and same(arrays(out), seed2), "failed write: the old results intact")
check(leftovers() == [], "failed write: no partial folder left")

# 5. Concurrent runs into one folder: each appears whole, the last one wins.
out = os.path.join(work, "shared")
procs = [subprocess.Popen([exe, "--quiet", "--overwrite", "--seed", str(s), "--out", out]) for s in range(4, 10)]
codes = [p.wait() for p in procs]
m = manifest(out)
ref = os.path.join(work, "ref-%d" % m["seed"])
run(ref, "--seed", str(m["seed"]))
check(codes == [0] * 6 and same(arrays(out), arrays(ref)),
      "6 concurrent --overwrite runs: the folder is seed %d's, whole" % m["seed"])
out = os.path.join(work, "racing")
procs = [subprocess.Popen([exe, "--quiet", "--seed", str(s), "--out", out], stderr=subprocess.PIPE) for s in range(4, 10)]
codes = [p.wait() for p in procs]
m = manifest(out)
ref = os.path.join(work, "ref-%d" % m["seed"])
if not os.path.exists(ref):
    run(ref, "--seed", str(m["seed"]))
check(codes.count(0) == 1 and codes.count(1) == 5 and same(arrays(out), arrays(ref)),
      "6 concurrent runs without --overwrite: one writes, 5 are refused (%s)" % codes)
check(leftovers() == [], "no partial folders left")
