#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Expands the VS Code snippets with their default values into one .bdl file."""
import json
import re
import sys

snippets = json.load(open(sys.argv[1]))
out = []
for name in ["neuron", "channel", "synapse", "network", "experiment"]:
    body = "\n".join(snippets[name]["body"])
    defaults = {}
    for m in re.finditer(r"\$\{(\d+):([^}]*)\}", body):
        defaults[m.group(1)] = m.group(2)
    body = re.sub(r"\$\{(\d+):([^}]*)\}", lambda m: m.group(2), body)
    body = re.sub(r"\$(\d+)", lambda m: defaults.get(m.group(1), ""), body)
    out.append(body)
print("\n\n".join(out))
