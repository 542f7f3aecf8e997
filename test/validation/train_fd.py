# SPDX-License-Identifier: Apache-2.0
"""BDL's training gradients against central finite differences on a smooth
rate network: input spikes drive leaky tanh rate units through an input
current, the units are coupled by `continuous` synapses (post.h += w pre.x)
and read out by leaky integrators; the loss is the cross-entropy of the
readout's largest value over the sample. Nothing spikes but the input, so
the loss is a smooth function of the weights (up to a change of the step
where a maximum falls, which steps of 1e-6 do not reach).

The weights come from .npy files; `--gradient-check` gives BDL's gradient of
the mean loss, and the loss itself at weights moved by ±h, one weight at a
time, gives (L(w + h) - L(w - h)) / 2h. With h = 1e-5 the truncation error
(h² L''' / 6) and the rounding error (1e-16 / h) are both below 1e-9 of the
gradients here, so 1e-5 relative (to the largest gradient of the
projection) is a bound a wrong term of the adjoint cannot meet. The
populations' time constants are trained too: their gradients against the loss
at tau (1 ± 1e-5), set with --set.

    train_fd.py BDLC
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

MODEL = """
neuron Rate {
  input h
  param tau: ms = 10 ms
  param taus: ms = 5 ms
  state I = 0
  state x = 0
  dI/dt = -I / taus
  dx/dt = (tanh(I + h) - x) / tau
  method euler
}

neuron Leaky {
  input h
  param tau: ms = 20 ms
  state v = 0
  dv/dt = (h - v) / tau
  method euler
}

synapse Kick {
  param w = 0 (per synapse)
  on pre { post.I += w }
}

synapse Rated {
  param w = 0 (per synapse)
  continuous { post.h += w * pre.x }
}

network Net {
  In = spike_times[4](times = [1 ms], indices = [0])
  Hid = Rate[6]
  Out = Leaky[3]
  In -> Hid : Kick { w = npy("w1.npy") } connect all_to_all
  Hid -> Hid : Rated { w = npy("w2.npy") } connect all_to_all
  Hid -> Out : Rated { w = npy("w3.npy") } connect all_to_all
}

experiment learn of Net {
  dt = 1 ms
  train {
    trainable In -> Hid.w, Hid -> Hid.w, Hid -> Out.w, Hid.tau, Out.tau
    input In = npy("x.npy")
    labels = npy("y.npy")
    loss = cross_entropy(max(Out.v) / 0.05)
  }
  run 30 ms
}
"""


def main():
    bdlc = sys.argv[1]
    work = tempfile.mkdtemp(prefix="bdl-train-fd-")
    rng = np.random.default_rng(3)
    np.save(os.path.join(work, "x.npy"), (rng.random((6, 30, 4)) < 0.2).astype(float))
    np.save(os.path.join(work, "y.npy"), rng.integers(0, 3, 6))
    weights = {"w1": rng.normal(0, 1.0, (4, 6)), "w2": rng.normal(0, 0.5, (6, 6)), "w3": rng.normal(0, 1.0, (6, 3))}
    with open(os.path.join(work, "net.bdl"), "w") as f:
        f.write(MODEL)
    for name, w in weights.items():  # the build checks their shapes
        np.save(os.path.join(work, name + ".npy"), w)
    exe = os.path.join(work, "net")
    r = subprocess.run([bdlc, "build", os.path.join(work, "net.bdl"), "-o", exe], capture_output=True, text=True)
    if r.returncode:
        sys.exit(r.stdout + r.stderr)

    def run(ws, sets=()):
        for name, w in ws.items():
            np.save(os.path.join(work, name + ".npy"), w)
        out = os.path.join(work, "out")
        cmd = [exe, "--gradient-check", "--quiet", "--overwrite", "--out", out]
        for s in sets:
            cmd += ["--set", s]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            sys.exit(r.stdout + r.stderr)
        return out

    out = run(weights)
    tau_grads = {pop: float(np.load(os.path.join(out, "gradient_%s_tau.npy" % pop))[0]) for pop in ("Hid", "Out")}
    stems = {"w1": "In_to_Hid_w", "w2": "Hid_to_Hid_w", "w3": "Hid_to_Out_w"}
    grads = {}
    for name, stem in stems.items():
        g = np.zeros_like(weights[name])
        pre = np.load(os.path.join(out, stem + "_pre.npy"))
        post = np.load(os.path.join(out, stem + "_post.npy"))
        g[pre, post] = np.load(os.path.join(out, "gradient_" + stem + ".npy"))
        grads[name] = g
    h = 1e-5
    worst = 0.0
    for name in ("w1", "w2", "w3"):
        picks = [tuple(rng.integers(0, s) for s in weights[name].shape) for _ in range(6)]
        errs = []
        for at in picks:
            loss = []
            for sign in (1, -1):
                ws = {k: v.copy() for k, v in weights.items()}
                ws[name][at] += sign * h
                loss.append(float(np.load(os.path.join(run(ws), "loss.npy"))[0]))
            fd = (loss[0] - loss[1]) / (2 * h)
            errs.append(abs(fd - grads[name][at]))
        rel = max(errs) / np.abs(grads[name]).max()
        worst = max(worst, rel)
        print("%s (%s): 6 weights, largest gradient %.4g, finite differences within %.1e of it"
              % (stems[name], name, np.abs(grads[name]).max(), rel))
    # The time constants, shared by each population's neurons (per second).
    for pop, tau in (("Hid", 10e-3), ("Out", 20e-3)):
        g = tau_grads[pop]
        ht = tau * 1e-5
        loss = [float(np.load(os.path.join(run(weights, ["%s.tau=%.15gms" % (pop, (tau + s * ht) * 1e3)]), "loss.npy"))[0])
                for s in (1, -1)]
        fd = (loss[0] - loss[1]) / (2 * ht)
        rel = abs(fd - g) / abs(g)
        worst = max(worst, rel)
        print("%s_tau: gradient %.6g /s, finite differences within %.1e of it" % (pop, g, rel))
    print("gradients %s finite differences (1e-5)" % ("equal" if worst < 1e-5 else "DIFFER FROM"))
    sys.exit(0 if worst < 1e-5 else 1)


if __name__ == "__main__":
    main()
