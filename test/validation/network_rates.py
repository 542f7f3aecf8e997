#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""COBA, CUBA and COBAHH (4000 neurons, 1 s, dt 0.1 ms) give mean
excitatory and inhibitory rates within 10% of Brian2's on the same model,
both averaged over seeds 1-5.

Brian2 references: bench/brian2/networks.py --model M --seed S
(Brian2 2.5.1 cpp_standalone, Debian python3-brian), seeds 1-5, see
REFERENCE below. The two simulators draw different random connectivity
and initial values, so only statistics can agree: 10% (the issue's
tolerance) is several times the seed-to-seed spread of the 5-seed mean.

Usage: network_rates.py BDLC SOURCE_ROOT [MODEL...]
"""
import os
import sys

from common import Checks, rate, run_model

# Mean over seeds 1..5 of Brian2's rate_E_Hz / rate_I_Hz; the raw lines are
# in reference/brian2_network_rates.txt, made by
#   for m in coba cuba cobahh; do for s in 1 2 3 4 5; do
#     python3 bench/brian2/networks.py --model $m --seed $s; done; done
# Seed-to-seed standard deviations (E, I): coba 1.05, 0.27; cuba 0.13, 0.02;
# cobahh 2.69, 1.26 Hz, so the 5-seed means are known to about 2-3%.
REFERENCE = {
    "coba": (22.0065, 21.6688),
    "cuba": (5.6647, 5.6407),
    "cobahh": (35.7266, 35.5613),
}
SEEDS = [1, 2, 3, 4, 5]


def main(bdlc, root, models):
    c = Checks()
    for model in models:
        src = os.path.join(root, "examples", model + ".bdl")
        rates_e, rates_i = [], []
        for s in SEEDS:
            results = run_model(bdlc, src, args=["--seed", str(s)])
            rates_e.append(rate(results, "E"))
            rates_i.append(rate(results, "I"))
        me, mi = sum(rates_e) / len(SEEDS), sum(rates_i) / len(SEEDS)
        be, bi = REFERENCE[model]
        for name, ours, ref in (("E", me, be), ("I", mi, bi)):
            c.check(abs(ours / ref - 1) < 0.10, "%-6s %s: %.2f Hz over seeds 1-5 (%s), Brian2 %.2f Hz, difference %+.1f%%"
                    % (model, name, ours, ", ".join("%.2f" % r for r in (rates_e if name == "E" else rates_i)), ref,
                       100 * (ours / ref - 1)))
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:] or ["coba", "cuba", "cobahh"])
