# SPDX-License-Identifier: Apache-2.0
"""Checkpoints of a design (see ../design-checkpoint.test): a sweep of 3
points x 2 trials given on the command line, killed with SIGKILL while it
writes checkpoints every 100 ms, or stopped by SIGINT, resumes with
`--resume DIR` alone to every array of the unbroken design, byte for byte,
and the same index (runs, seeds, spike counts). Usage:
check_design_checkpoint.py EXE WORKDIR"""
import json, os, shutil, signal, subprocess, sys, time

exe, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
w = lambda name: os.path.join(work, name)
DESIGN = ["--duration", "2s", "--sweep", "we=0.4:0.8:3", "--trials", "2"]


def check(ok, msg):
    print(("ok " if ok else "FAIL ") + msg)


def run(*args):
    return subprocess.run([exe, "--quiet", "--overwrite"] + list(args), capture_output=True, text=True)


def same(a, b):
    runs = sorted(d for d in os.listdir(a) if d.startswith("p"))
    if runs != sorted(d for d in os.listdir(b) if d.startswith("p")) or len(runs) != 6:
        return False
    for r in runs:
        fa = sorted(f for f in os.listdir(os.path.join(a, r)) if f.endswith(".npy"))
        fb = sorted(f for f in os.listdir(os.path.join(b, r)) if f.endswith(".npy"))
        if fa != fb or not fa or any(open(os.path.join(a, r, f), "rb").read() != open(os.path.join(b, r, f), "rb").read()
                                     for f in fa):
            return False
    index = lambda d: [{k: v for k, v in x.items() if k != "run_seconds"} for x in json.load(open(d + "/manifest.json"))["runs"]]
    return index(a) == index(b)


run(*DESIGN, "--out", w("straight"))

# Killed while it checkpoints: no handler runs. Waits for a checkpoint inside
# a run after the first, so that finished runs and one in progress are kept.
for attempt in range(20):
    shutil.rmtree(w("ck"), ignore_errors=True)
    p = subprocess.Popen([exe, "--quiet", "--overwrite"] + DESIGN + ["--out", w("killed"), "--checkpoint", w("ck"),
                                                                       "--checkpoint-every", "100ms"])
    design = None
    for _ in range(2000):
        time.sleep(0.005)
        try:
            design = json.load(open(w("ck") + "/checkpoint.json"))["design"]
        except (OSError, ValueError, KeyError):
            continue
        if 1 <= design["run"] <= 4:
            break
    p.kill()
    p.wait()
    design = json.load(open(w("ck") + "/checkpoint.json"))["design"]
    if 1 <= design["run"] <= 5:
        break
r = run("--resume", w("ck"), "--out", w("resumed"))
check(r.returncode == 0 and same(w("straight"), w("resumed")),
      "killed (SIGKILL) in run %d of 6, %d finished: resumed to the same arrays and index" % (design["run"] + 1,
                                                                                           len(design["done"])))

# SIGINT: the design stops at the end of a step, writes what it has (marked
# interrupted) and its checkpoint; resuming finishes it.
# Sent once the first run has finished (its checkpoint is there), so that
# the signal lands in a later run whatever the machine's speed.
p = subprocess.Popen([exe, "--quiet", "--overwrite"] + DESIGN + ["--out", w("stopped"), "--checkpoint", w("ck2")],
                     stderr=subprocess.PIPE, text=True)
for _ in range(4000):
    if os.path.exists(w("ck2") + "/checkpoint.json"):
        break
    time.sleep(0.002)
p.send_signal(signal.SIGINT)
err = p.communicate()[1]
stopped = json.load(open(w("stopped") + "/manifest.json"))
r = run("--resume", w("ck2"), "--out", w("resumed2"))
check(p.returncode == 130 and stopped["status"] == "interrupted" and r.returncode == 0 and
      same(w("straight"), w("resumed2")),
      "interrupted (SIGINT) after %d runs: marked %s, resumed to the same arrays and index" % (
          len(stopped["runs"]), stopped["status"]))

# What the design was made with comes from the checkpoint; giving it again,
# or another duration, is refused.
r = run("--resume", w("ck"), "--out", w("x"), "--trials", "3")
check(r.returncode == 1 and "it takes no --set, --seed, --sweep, --trials" in r.stderr, "--trials with --resume: refused")
r = run("--resume", w("ck"), "--out", w("x"), "--duration", "3s")
check(r.returncode == 1 and "whose runs last 2 s; it takes no other --duration" in r.stderr,
      "another --duration: " + r.stderr.strip())
