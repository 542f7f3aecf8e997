#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Prints the final parameter values of a results directory's manifest.json, in its order."""

import json
import sys

params = json.load(open(sys.argv[1] + "/manifest.json"))["parameters"]
print(" ".join(f"{name}={p['value']:.6g}" for name, p in params.items()))
