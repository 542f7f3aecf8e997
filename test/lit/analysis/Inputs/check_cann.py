"""bdlc analyze --slow-points on the CANN (examples/cann.bdl without its
stimulus) against the model written again in numpy:

  tau du/dt = -u + sum_j W_ij u_j^2 / (1 + k sum_j u_j^2),
  W_ij = J0 exp(-d_ij^2 / 2a^2) / (sqrt(2 pi) a), d the distance on the ring.

Each reported fixed point with activity (max u > 0.01) must be a bump: its
numpy speed |F| below 1e-9 /s, the same height as the others to 1e-4 (the
ring is a family of shifted copies; on 512 neurons a bump centred on a neuron
and one centred between two differ by 1e-5), and the Jacobian (numpy's, analytic) at
it with one eigenvalue near zero (below 1e-6 of the next in size: the
attractor's direction along the ring) and all others negative; the
leading eigenvalues equal bdlc's to 1e-6 relative. The bumps' centres must
differ (distinct points on the ring). Usage: check_cann.py ANALYSIS.json"""
import json, sys

import numpy as np

N, k, a, J0, tau = 512, 8.1, 0.5, 4.0, 0.01
th = -np.pi + np.arange(N) * 2 * np.pi / N
d = np.angle(np.exp(1j * (th[:, None] - th[None, :])))
W = J0 * np.exp(-0.5 * (d / a) ** 2) / (np.sqrt(2 * np.pi) * a)


def F(u):
    return (-u + W @ u ** 2 / (1 + k * np.sum(u ** 2))) / tau


def jacobian(u):
    s = 1 + k * np.sum(u ** 2)
    return (-np.eye(N) + W * (2 * u)[None, :] / s - np.outer(W @ u ** 2, 2 * k * u) / s ** 2) / tau


points = json.load(open(sys.argv[1]))["slow_points"]["points"]
bumps = [p for p in points if p["fixed"] and max(p["state"]["u"]) > 0.01]
failed = not bumps
heights, centres = [], []
for p in bumps:
    u = np.array(p["state"]["u"])
    speed = np.linalg.norm(F(u))
    lam = np.linalg.eigvals(jacobian(u))
    lam = lam[np.argsort(-lam.real)]
    ours = np.array([complex(*z) for z in p["eigenvalues_per_s"][:4]])
    near_zero = abs(lam[0]) < 1e-6 * abs(lam[1]) and abs(ours[0]) < 1e-6 * abs(ours[1])
    rest_negative = np.all(lam[1:].real < 0)
    same = np.max(np.abs(ours[1:] - lam[1:4]) / np.abs(lam[1:4])) < 1e-6
    ok = speed < 1e-9 and near_zero and rest_negative and same
    failed |= not ok
    heights.append(u.max())
    centres.append(np.angle(np.sum(u * np.exp(1j * th))))
    print("%s bump at %+.3f rad, height %.6f: numpy speed %.0e /s, eigenvalues %.3g, %.6g, %.6g /s" % (
        "ok" if ok else "FAIL", centres[-1], u.max(), speed, lam[0].real, lam[1].real, lam[2].real))
spread = np.max(heights) - np.min(heights) <= 1e-4 * np.max(heights)
distinct = len(bumps) < 2 or min(abs(np.angle(np.exp(1j * (x - y)))) for i, x in enumerate(centres)
                                 for y in centres[i + 1:]) > 0.05
print("%s %d bumps on the ring: equal heights, distinct centres" % ("ok" if spread and distinct else "FAIL", len(bumps)))
sys.exit(1 if failed or not spread or not distinct else 0)
