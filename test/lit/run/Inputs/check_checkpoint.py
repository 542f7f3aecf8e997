# SPDX-License-Identifier: Apache-2.0
"""Checkpoints (see ../checkpoint.test): a run of 2T equals a run of T that
writes a checkpoint, resumed to 2T; checkpoints every T/4 of a run killed
with SIGKILL resume to the same arrays; another model's, another version's
and a truncated checkpoint are refused. Usage: check_checkpoint.py EXE OTHER_EXE WORKDIR T"""
import json, os, shutil, signal, subprocess, sys, time

exe, other, work, T = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)


def check(ok, msg):
    print(("ok " if ok else "FAIL ") + msg)


def run(*args, binary=exe):
    return subprocess.run([binary, "--quiet", "--overwrite"] + list(args), capture_output=True, text=True)


def same(a, b):
    fa = sorted(f for f in os.listdir(a) if f.endswith(".npy"))
    fb = sorted(f for f in os.listdir(b) if f.endswith(".npy"))
    return fa == fb and len(fa) > 0 and all(open(os.path.join(a, f), "rb").read() == open(os.path.join(b, f), "rb").read() for f in fa)


w = lambda name: os.path.join(work, name)
run("--duration", "%gs" % (2 * T), "--out", w("straight"))
run("--duration", "%gs" % T, "--out", w("half"), "--checkpoint", w("ck"))
m = json.load(open(w("ck") + "/checkpoint.json"))
r = run("--duration", "%gs" % (2 * T), "--resume", w("ck"), "--out", w("resumed"))
check(r.returncode == 0 and m["step"] > 0 and same(w("straight"), w("resumed")),
      "%gs straight equals %gs + resume to %gs (every array, byte for byte)" % (2 * T, T, 2 * T))
r = run("--duration", "%gs" % (2 * T), "--resume", w("ck"), "--out", w("resumed2"), "--threads", "2")
check(r.returncode == 0 and same(w("straight"), w("resumed2")), "resumed with 2 threads: the same arrays")

# Checkpoints every T/4 of a long run, killed at once (no handler runs).
p = subprocess.Popen([exe, "--quiet", "--overwrite", "--duration", "%gs" % (8 * T), "--out", w("killed"),
                      "--checkpoint", w("ck2"), "--checkpoint-every", "%gs" % (T / 4)])
for _ in range(600):
    time.sleep(0.01)
    if os.path.exists(w("ck2") + "/checkpoint.json"):
        break
p.kill()
p.wait()
step = json.load(open(w("ck2") + "/checkpoint.json"))["step"]
r = run("--duration", "%gs" % (8 * T), "--resume", w("ck2"), "--out", w("resumed3"))
run("--duration", "%gs" % (8 * T), "--out", w("straight8"))
check(r.returncode == 0 and same(w("straight8"), w("resumed3")),
      "killed (SIGKILL) after checkpoints every %gs: resumed from step %d, the same arrays" % (T / 4, step))

# Refusals.
r = run("--resume", w("ck"), "--out", w("x"), binary=other)
check(r.returncode == 1 and "it was written by another model" in r.stderr, "another model: " + r.stderr.strip()[:60])
j = json.load(open(w("ck") + "/checkpoint.json"))
j["version"] = 99
shutil.copytree(w("ck"), w("ck99"))
json.dump(j, open(w("ck99") + "/checkpoint.json", "w"))
r = run("--resume", w("ck99"), "--out", w("x"))
check(r.returncode == 1 and "checkpoint format version 99, but this runtime reads version 1" in r.stderr,
      "another version: refused")
shutil.copytree(w("ck"), w("cut"))
data = open(w("cut") + "/state.bin", "rb").read()
open(w("cut") + "/state.bin", "wb").write(data[: len(data) // 2])
r = run("--resume", w("cut"), "--out", w("x"))
check(r.returncode == 1 and "is truncated, or does not match" in r.stderr, "truncated state.bin: refused")
r = run("--resume", w("ck"), "--seed", "7", "--out", w("x"))
check(r.returncode == 1 and "--resume continues a run" in r.stderr, "--seed with --resume: refused")
