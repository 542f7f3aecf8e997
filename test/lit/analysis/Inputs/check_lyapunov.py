"""FitzHugh-Nagumo's first Lyapunov coefficients against Kuznetsov's formula
(eq. 3.20) in numpy, with the model's derivatives written by hand: the only
nonlinearity is -v^3/3 in dv/dt (per tscale = 1 ms), so d2f1/dv2 = -2 v and
d3f1/dv3 = -2 (per ms; in 1/s times 1e3). Tolerance 1e-9 relative."""
import json, sys

import numpy as np

a, b, tau = 0.7, 0.8, 12.5
fails = 0
for s in json.load(open(sys.argv[1]))["continuation"]["special"]:
    if s["kind"] != "hopf":
        continue
    v = s["state"]["v"]
    A = np.array([[1 - v * v, -1], [1 / tau, -b / tau]]) * 1e3  # 1/s
    lam, Q = np.linalg.eig(A)
    k = int(np.argmax(lam.imag))
    w, q = lam[k].imag, Q[:, k] / np.linalg.norm(Q[:, k])
    lamT, P = np.linalg.eig(A.T)
    m = int(np.argmin(abs(lamT - np.conj(lam[k]))))
    p = P[:, m] / np.conj(np.vdot(P[:, m], q))

    def B(x, y):
        return np.array([-2 * v * x[0] * y[0] * 1e3, 0])

    def C(x, y, z):
        return np.array([-2 * x[0] * y[0] * z[0] * 1e3, 0])

    qb = np.conj(q)
    h11 = -np.linalg.solve(A, B(q, qb))
    h20 = np.linalg.solve(2j * w * np.eye(2) - A, B(q, q))
    l1 = (np.vdot(p, C(q, q, qb)) + 2 * np.vdot(p, B(q, h11)) + np.vdot(p, B(qb, h20))).real / (2 * w)
    got = s["first_lyapunov"]
    ok = abs(got - l1) <= 1e-9 * abs(l1) and s["criticality"] == ("subcritical" if l1 > 0 else "supercritical")
    fails += not ok
    print("%s FitzHugh-Nagumo Hopf at I = %.6f: first Lyapunov coefficient %.10g (numpy %.10g), %s" % (
        "ok" if ok else "FAIL", s["p"], got, l1, s["criticality"]))
sys.exit(1 if fails else 0)
