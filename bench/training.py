#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Training speed against PyTorch: the Yin-Yang network of
examples/training/yinyang.bdl (5 latency-coded inputs, 120 hidden LIF, 3
integrating readouts, 30 steps of 1 ms, fast-sigmoid surrogate, Adam, batch
32, 4,800 training samples) trained by BDL and by the same discrete equations
in PyTorch (float64, autograd, the batch as a tensor axis, CPU), both on one
thread, in alternation. Prints the median seconds per epoch of each, their
ratio, the peak memory of each process and the test accuracy each reached.

    bench/training.py [--epochs 3] [--reps 3] [--threads 1]
Writes bench/results/training.md. Needs python3-torch.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import ROOT, timed, write_report  # noqa: E402

EXAMPLE = os.path.join(ROOT, "examples", "training", "yinyang.bdl")


def torch_worker(data, epochs, threads):
    """The PyTorch reference; prints one JSON line: per-epoch seconds and the
    final test accuracy."""
    import time
    import torch
    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    x = torch.tensor(np.load(os.path.join(data, "yinyang_x.npy")))
    y = torch.tensor(np.load(os.path.join(data, "yinyang_y.npy")))
    n_train = int(len(y) * 0.8)
    g = torch.Generator().manual_seed(1)
    w1 = (1e-3 + 2e-3 * torch.randn(5, 120, generator=g)).requires_grad_()
    w2 = (0.5e-3 * torch.randn(120, 3, generator=g)).requires_grad_()
    dt, k = 1e-3, 5000.0

    class Spike(torch.autograd.Function):
        @staticmethod
        def forward(ctx, c):
            ctx.save_for_backward(c)
            return (c > 0).to(c.dtype)

        @staticmethod
        def backward(ctx, gr):
            (c,) = ctx.saved_tensors
            return gr * k / (2 * (1 + k * c.abs()) ** 2)

    def run(xb):
        b = xb.shape[0]
        vh = torch.zeros(b, 120); ih = torch.zeros(b, 120); vo = torch.zeros(b, 3); io = torch.zeros(b, 3)
        best = None
        for t in range(xb.shape[1]):
            vh, ih = vh * (1 - dt / 10e-3) + ih * (dt / 10e-3), ih * (1 - dt / 5e-3)
            vo, io = vo * (1 - dt / 20e-3) + io * (dt / 20e-3), io * (1 - dt / 5e-3)
            sh = Spike.apply(vh - 1e-3)
            ih = ih + xb[:, t] @ w1
            io = io + sh @ w2
            vh = vh * (1 - sh)
            best = vo if best is None else torch.maximum(best, vo)
        return best / 1e-3

    opt = torch.optim.Adam([w1, w2], lr=1e-5)  # 0.01 mV in volts
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        perm = torch.randperm(n_train, generator=g)
        for b in range(0, n_train, 32):
            idx = perm[b:b + 32]
            loss = torch.nn.functional.cross_entropy(run(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    with torch.no_grad():
        acc = float((run(x[n_train:]).argmax(1) == y[n_train:]).double().mean())
    print(json.dumps({"epoch_seconds": times, "test_accuracy": acc}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bdlc", default=os.path.join(ROOT, "build", "bin", "bdlc"))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", default="1,2", help="thread counts, each measured for both (e.g. 1,2)")
    ap.add_argument("--torch-worker", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.torch_worker:
        return torch_worker(a.torch_worker, a.epochs, int(a.threads))
    work = tempfile.mkdtemp(prefix="bdl-bench-train-")
    data = os.path.join(work, "data")
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "examples", "training", "make_yinyang.py"), "--out", data],
                   check=True, capture_output=True)
    src = os.path.join(work, "yinyang.bdl")
    with open(EXAMPLE) as f:
        text = f.read()
    import re
    with open(src, "w") as f:
        f.write(re.sub(r"epochs = \d+", "epochs = %d" % a.epochs, text))
    exe = os.path.join(work, "yinyang")
    subprocess.run([a.bdlc, "build", src, "-o", exe], check=True, capture_output=True)
    lines = ["# Training: BDL against PyTorch", "",
             "Yin-Yang, 5 -> 120 LIF -> 3 readouts, 30 steps, batch 32, 4,800 training samples, Adam, float64, "
             "%d epochs per run, %d runs of each in alternation, per thread count (bench/training.py); "
             "PyTorch %s on the CPU, the batch as a tensor axis." % (a.epochs, a.reps, torch_version()), "",
             "| threads | BDL s / epoch | PyTorch s / epoch | BDL faster | peak memory BDL / PyTorch | test accuracy after %d epochs, BDL / PyTorch |"
             % a.epochs, "|---|---|---|---|---|---|"]
    for threads in [int(t) for t in a.threads.split(",")]:
        bdl, tor = [], []
        for rep in range(a.reps):
            out = os.path.join(work, "out%d" % rep)
            _, _, rss = timed([exe, "--quiet", "--threads", str(threads), "--overwrite", "--out", out])
            secs = np.load(os.path.join(out, "epoch_seconds.npy"))
            acc = json.load(open(os.path.join(out, "manifest.json")))["final"]["test_accuracy"]
            bdl.append((statistics.median(secs), rss, acc))
            stdout, _, rss = timed(["/usr/bin/python3", os.path.abspath(__file__), "--torch-worker", data,
                                    "--epochs", str(a.epochs), "--threads", str(threads)])
            r = json.loads(stdout.strip().splitlines()[-1])
            tor.append((statistics.median(r["epoch_seconds"]), rss, r["test_accuracy"]))
            print("%d thread(s), rep %d: BDL %.3f s/epoch, PyTorch %.3f s/epoch" % (threads, rep + 1, bdl[-1][0], tor[-1][0]),
                  flush=True)
        mb, mt = statistics.median(b[0] for b in bdl), statistics.median(t[0] for t in tor)
        lines.append("| %d | %.3f | %.3f | %.1fx | %.0f MB / %.0f MB | %.1f%% / %.1f%% |"
                     % (threads, mb, mt, mt / mb, max(b[1] for b in bdl), max(t[1] for t in tor), 100 * bdl[-1][2],
                        100 * tor[-1][2]))
    lines += ["", "BDL's weights, and so its accuracy, are the same for any thread count (docs/training.md)."]
    write_report(lines, os.path.join(ROOT, "bench", "results", "training.md"))
    shutil.rmtree(work, ignore_errors=True)


def torch_version():
    r = subprocess.run(["/usr/bin/python3", "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True)
    return r.stdout.strip()


if __name__ == "__main__":
    main()
