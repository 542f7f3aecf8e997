# SPDX-License-Identifier: Apache-2.0
"""BDL's training gradients against PyTorch's autograd on the same discrete
equations.

A recurrent network of leaky integrate-and-fire neurons with current synapses
(forward Euler, dt = 1 ms) gets Bernoulli input spikes; the loss is the
cross-entropy of the readout's largest membrane potential over the sample
(in mV) and the fast-sigmoid surrogate replaces the derivative of the spike.
`--gradient-check` writes BDL's gradient of the mean loss over the samples
at the initial weights, and the weights themselves; PyTorch (float64)
computes the same gradient from those weights and the same data with the
step order the runtime uses (update, spikes, delivery, reset). Both are
exact derivatives of one function evaluated in double precision, so they
agree to rounding: 1e-6 relative to the largest gradient leaves six orders
of magnitude of room above it and is far below any error of the adjoint
(a wrong term changes gradients by tens of percent).

With `--loss first` the logits are minus each readout neuron's first spike
time over 5 ms (the sample's duration, 40 ms, for a neuron that does not
spike), the first spike time written as the product
t1 = sum_k t_k s_k prod_{j<k} (1 - s_j) + D prod_j (1 - s_j) of the spikes,
whose autograd gives the derivative the runtime uses.
With `--loss mse` the loss is instead the mean squared error of the
readout's membrane potential (in mV) after each step against a random target
trace. With `--current` the hidden neurons also get an input current per
sample and step (`input Hid.I_ext = npy("c.npy") * 1 mV`). With `--regularize`
the hidden layer's rate penalty
1e-4 / Hz^2 * mean_i (rate_i - 20 Hz)^2 is added to each sample's loss.

    train_gradients.py BDLC [--detach] [--surrogate NAME] [--loss ce|first|mse] [--regularize] [--current]
                       [--tape-memory SIZE]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

MODEL = """
neuron TrainLIF {
  param tau: ms = 10 ms
  param taus: ms = 5 ms
  param vth: mV = 1 mV
  state v: mV = 0 mV
  state I: mV = 0 mV
  param I_ext: mV = 0 mV (per neuron)
  dv/dt = (I + I_ext - v) / tau
  dI/dt = -I / taus
  spike when v > vth { v = 0 mV }
  method euler
}

synapse Weight {
  param w: mV = 0 mV (per synapse)
  on pre { post.I += w }
}

network Net {
  In = spike_times[5](times = [1 ms], indices = [0])
  Hid = TrainLIF[8]
  Out = TrainLIF[3]
  In -> Hid : Weight { w = normal(1.5 mV, 2 mV) } connect all_to_all
  Hid -> Hid : Weight { w = normal(0 mV, 1 mV) } connect all_to_all
  Hid -> Out : Weight { w = normal(1 mV, 2 mV) } connect all_to_all
}

experiment learn of Net {
  dt = 1 ms
  seed = 3
  train {
    trainable In -> Hid.w, Hid -> Hid.w, Hid -> Out.w
    input In = npy("x.npy")
    CURRENT
    LOSS
    surrogate = SURROGATE
    detach_reset = DETACH
    optimizer = adam(lr = 0.01)
  }
  run 40 ms
}
"""

SURROGATES = {"fast_sigmoid": "fast_sigmoid(slope = 5 / mV)", "sigmoid": "sigmoid(slope = 5 / mV)",
              "arctan": "arctan(slope = 5 / mV)", "triangle": "triangle(width = 0.5 mV)"}


def surrogate_derivative(name, c):
    if name == "fast_sigmoid":
        k = 5000.0
        return k / (2 * (1 + k * c.abs()) ** 2)
    if name == "sigmoid":
        k = 5000.0
        s = torch.sigmoid(k * c)
        return k * s * (1 - s)
    if name == "arctan":
        k = 5000.0
        return 0.5 * k / (1 + (math.pi / 2 * k * c) ** 2)
    w = 0.5e-3
    return torch.clamp(1 - c.abs() / w, min=0) / w


def spike_fn(name):
    class Spike(torch.autograd.Function):
        @staticmethod
        def forward(ctx, c):
            ctx.save_for_backward(c)
            return (c > 0).to(c.dtype)

        @staticmethod
        def backward(ctx, g):
            (c,) = ctx.saved_tensors
            return g * surrogate_derivative(name, c)
    return Spike.apply


def matrix(results, stem, npre, npost):
    w = np.load(os.path.join(results, stem + ".npy")) * 1e-3  # mV -> V
    pre = np.load(os.path.join(results, stem + "_pre.npy"))
    post = np.load(os.path.join(results, stem + "_post.npy"))
    m = np.zeros((npre, npost))
    m[pre, post] = w
    return m, pre, post


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bdlc")
    ap.add_argument("--detach", action="store_true")
    ap.add_argument("--surrogate", default="fast_sigmoid", choices=sorted(SURROGATES))
    ap.add_argument("--loss", default="ce", choices=["ce", "first", "mse"])
    ap.add_argument("--regularize", action="store_true")
    ap.add_argument("--current", action="store_true")
    ap.add_argument("--tape-memory", help="passed to the executable: tape the samples in segments")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="bdl-train-grad-")
    rng = np.random.default_rng(7)
    S, T = 16, 40
    x = (rng.random((S, T, 5)) < 0.2).astype(np.float64)
    y = rng.integers(0, 3, S)
    np.save(os.path.join(work, "x.npy"), x)
    np.save(os.path.join(work, "y.npy"), y)
    target = rng.normal(0.5, 0.5, (S, T, 3))
    current = rng.normal(0.8, 1.0, (S, T, 8))
    np.save(os.path.join(work, "c.npy"), current)
    np.save(os.path.join(work, "f.npy"), target)
    loss_line = {"ce": 'labels = npy("y.npy")\n    loss = cross_entropy(max(Out.v) / 1 mV)',
                 "first": 'labels = npy("y.npy")\n    loss = cross_entropy(-first_spike(Out) / 5 ms)',
                 "mse": 'loss = mse(Out.v / 1 mV, npy("f.npy"))'}[a.loss]
    if a.regularize:
        loss_line += "\n    regularize = rate(Hid, target = 20 Hz, weight = 1e-4 / Hz^2)"
    src = os.path.join(work, "net.bdl")
    with open(src, "w") as f:
        f.write(MODEL.replace("SURROGATE", SURROGATES[a.surrogate]).replace("DETACH", "true" if a.detach else "false")
                .replace("LOSS", loss_line)
                .replace("CURRENT", 'input Hid.I_ext = npy("c.npy") * 1 mV' if a.current else ""))
    out = os.path.join(work, "g")
    extra = ["--tape-memory", a.tape_memory] if a.tape_memory else []
    r = subprocess.run([a.bdlc, "run", src, "--", "--gradient-check", "--quiet", "--out", out] + extra,
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit("bdlc run failed:\n" + r.stdout + r.stderr)
    tape = json.load(open(os.path.join(out, "manifest.json")))["tape"]
    print("tape: %d steps in %d segments of %d" % (tape["steps"], tape["segments"], tape["segment_steps"]))

    names = [("In_to_Hid_w", 5, 8), ("Hid_to_Hid_w", 8, 8), ("Hid_to_Out_w", 8, 3)]
    W, idx = {}, {}
    for stem, npre, npost in names:
        m, pre, post = matrix(out, stem, npre, npost)
        W[stem] = torch.tensor(m, requires_grad=True)
        idx[stem] = (pre, post)
    spike = spike_fn(a.surrogate)
    dt, tau, taus, vth = 1e-3, 10e-3, 5e-3, 1e-3
    total = 0
    fired = 0  # readout neurons that spike, over the samples (--loss first)
    for k in range(S):
        vh = torch.zeros(8); ih = torch.zeros(8); vo = torch.zeros(3); io = torch.zeros(3)
        outs = []
        count = torch.zeros(8)
        first, before = torch.zeros(3), torch.ones(3)  # first spike time so far; no spike yet
        for t in range(T):
            # update (forward Euler, as the compiler lowers `method euler`)
            drive = torch.tensor(current[k, t]) * 1e-3 if a.current else 0
            vh, ih = vh * (1 - dt / tau) + (ih + drive) * (dt / tau), ih * (1 - dt / taus)
            vo, io = vo * (1 - dt / tau) + io * (dt / tau), io * (1 - dt / taus)
            sh = spike(vh - vth)
            so = spike(vo - vth)
            count = count + sh
            first = first + (t * dt) * so * before
            before = before * (1 - so)
            sin = torch.tensor(x[k, t])
            # delivery of this step's spikes, then the reset v = 0 of spikers
            ih = ih + sin @ W["In_to_Hid_w"] + sh @ W["Hid_to_Hid_w"]
            io = io + sh @ W["Hid_to_Out_w"]
            shr = sh.detach() if a.detach else sh
            sor = so.detach() if a.detach else so
            vh = vh * (1 - shr)
            vo = vo * (1 - sor)
            outs.append(vo)
        if a.regularize:
            total = total + 1e-4 * ((count / (T * dt) - 20) ** 2).mean()
        if a.loss == "mse":
            total = total + ((torch.stack(outs) / 1e-3 - torch.tensor(target[k])) ** 2).mean()
            continue
        if a.loss == "first":
            first = first + (T * dt) * before
            fired += int((before.detach() == 0).sum())
            logits = -first / 5e-3
        else:
            logits = torch.stack(outs).max(dim=0).values / 1e-3
        total = total + torch.nn.functional.cross_entropy(logits[None], torch.tensor([int(y[k])]))
    mean = total / S
    mean.backward()
    if a.loss == "first":
        print("readout neurons that spike: %d of %d" % (fired, 3 * S))
    bdl_loss = float(np.load(os.path.join(out, "loss.npy"))[0])
    print("loss: bdl %.12g torch %.12g relative difference %.2e" % (bdl_loss, float(mean), abs(bdl_loss / float(mean) - 1)))
    worst = 0.0
    for stem, _, _ in names:
        g_bdl = np.load(os.path.join(out, "gradient_" + stem + ".npy"))
        pre, post = idx[stem]
        g_torch = W[stem].grad.numpy()[pre, post]
        scale = np.abs(g_torch).max()
        rel = np.abs(g_bdl - g_torch).max() / scale
        worst = max(worst, rel)
        print("%s: %d gradients, largest %.4g /V, max difference relative to it %.2e" % (stem, len(g_bdl), scale, rel))
    print("gradients %s (1e-6)" % ("agree" if worst < 1e-6 else "DIFFER"))
    sys.exit(0 if worst < 1e-6 else 1)


if __name__ == "__main__":
    main()
