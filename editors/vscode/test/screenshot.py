#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Colours a BDL example with the extension's grammar (shiki), screenshots it in headless
Chromium, and checks both: the tokens got the scopes and distinct colours they should,
and the PNG shows every line of the file in those colours.

  screenshot.py --out DIR [--example examples/coba.bdl] [--chromium /usr/bin/chromium]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

from PIL import Image

EXT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(EXT))
WIDTH = 1000
# highlight.mjs draws 15px text at line-height 1.45 with 16px padding above and
# below; the window is sized to the example (plus a blank margin at the bottom,
# which the last check needs) so a longer example never gets cut off.
LINE_PX, PAD_PX, MARGIN_PX = 15 * 1.45, 16, 60


def window_height(total_lines):
    return int(2 * PAD_PX + total_lines * LINE_PX + MARGIN_PX + 0.5)

# (token text, scope it must have) for the first such token of examples/coba.bdl.
EXPECTED_SCOPES = [
    ("// COBA: a sparse network", "comment.line.double-slash.bdl"),
    ("neuron", "storage.type.declaration.bdl"),
    ("CobaLIF", "entity.name.type.bdl"),
    ("param", "keyword.other.member.bdl"),
    ("taum", "variable.other.declaration.bdl"),
    ("20", "constant.numeric.bdl"),
    ("ms", "keyword.other.unit.bdl"),
    ("mV", "keyword.other.unit.bdl"),
    ("d", "support.function.derivative.bdl"),
    ("when", "keyword.other.member.bdl"),
    ("uniform", "support.function.builtin.bdl"),
    ("connect", "keyword.other.network.bdl"),
    ("record", "keyword.other.experiment.bdl"),
    ("spikes", "entity.name.function.call.bdl"),
]
# Token classes whose colours must differ from each other and from plain text.
DISTINCT = ["neuron", "ms", "20", "// COBA: a sparse network", "uniform", "CobaLIF"]


class Failure(Exception):
    pass


def token(tokens, text):
    for t in tokens:
        if t["text"] == text or (text.startswith("//") and t["text"].startswith(text)):
            return t
    raise Failure("no token '%s' in the highlighted example" % text)


def check_tokens(data, html):
    tokens = data["tokens"]
    for text, scope in EXPECTED_SCOPES:
        t = token(tokens, text)
        if scope not in t["scopes"]:
            raise Failure("line %d: '%s' has scopes %s, not %s" % (t["line"], text, t["scopes"], scope))
    colours = {text: token(tokens, text)["color"] for text in DISTINCT}
    seen = {}
    for text, c in colours.items():
        if c in (data["foreground"], data["background"]):
            raise Failure("'%s' is drawn in plain text colour %s" % (text, c))
        if c in seen:
            raise Failure("'%s' and '%s' have the same colour %s" % (text, seen[c], c))
        seen[c] = text
    in_html = {c.upper() for c in re.findall(r"color:#([0-9A-Fa-f]{6})\b", html)}
    if len(in_html) < 8:
        raise Failure("the HTML uses %d colours (%s), expected at least 8" % (len(in_html), sorted(in_html)))
    return colours, len(in_html)


def hex_rgb(c):
    return tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))


def check_png(path, data, colours, source_lines, height):
    img = Image.open(path)
    if img.size != (WIDTH, height):
        raise Failure("%s is %dx%d, expected %dx%d" % (path, img.size[0], img.size[1], WIDTH, height))
    rgb = img.convert("RGB")
    counts = rgb.getcolors(WIDTH * height)
    counts.sort(reverse=True)
    bg = hex_rgb(data["background"])
    if counts[0][1] != bg:
        raise Failure("the most common colour is %s, not the theme's background %s" % (counts[0][1], bg))
    if len(counts) < 50:
        raise Failure("the screenshot has %d colours: no text drawn?" % len(counts))
    # Each token class shows up in its own colour (text is antialiased, so near it).
    for text, c in colours.items():
        want = hex_rgb(c)
        near = sum(n for n, px in counts if max(abs(a - b) for a, b in zip(px, want)) <= 8)
        if near < 30:
            raise Failure("%d pixels near %s ('%s'): that colour is missing from the screenshot" % (near, c, text))
    # One band of text rows per non-blank line of the file: the whole file is drawn.
    px = rgb.load()
    inked = [any(px[x, y] != bg for x in range(0, WIDTH, 1)) for y in range(height)]
    bands = sum(1 for y in range(height) if inked[y] and (y == 0 or not inked[y - 1]))
    if bands != source_lines:
        raise Failure("the screenshot shows %d lines of text, the example has %d" % (bands, source_lines))
    if inked[-1]:
        raise Failure("text reaches the bottom edge: the window is too small for the example")
    return len(counts), bands


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder for the HTML, the tokens and the PNG")
    ap.add_argument("--example", default=os.path.join(ROOT, "examples", "coba.bdl"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    html_path = os.path.abspath(os.path.join(args.out, "bdl-highlight.html"))
    tokens_path = os.path.join(args.out, "bdl-highlight.tokens.json")
    png_path = os.path.abspath(os.path.join(args.out, "bdl-highlight.png"))
    profile = os.path.join(args.out, "chromium-profile")
    try:
        subprocess.run(["node", os.path.join(EXT, "test", "highlight.mjs"), args.example, html_path, tokens_path],
                       check=True, timeout=120)
        with open(tokens_path, encoding="utf-8") as f:
            data = json.load(f)
        with open(html_path, encoding="utf-8") as f:
            colours, n_html = check_tokens(data, f.read())
        with open(args.example, encoding="utf-8") as f:
            lines = f.read().splitlines()
        source_lines = sum(1 for line in lines if line.strip())
        height = window_height(len(lines))
        if os.path.exists(png_path):
            os.remove(png_path)
        # --no-sandbox: the sandbox refuses to run as root, which CI is.
        p = subprocess.run([args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            "--force-device-scale-factor=1", "--user-data-dir=" + profile,
                            "--window-size=%d,%d" % (WIDTH, height), "--screenshot=" + png_path,
                            "file://" + html_path],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=120)
        if p.returncode != 0 or not os.path.exists(png_path):
            raise Failure("chromium exited with %d and wrote no %s:\n%s" % (p.returncode, png_path, p.stdout))
        n_png, bands = check_png(png_path, data, colours, source_lines, height)
    except (Failure, subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    print("screenshot: %s, %dx%d, %d lines of text, %d colours; HTML %d colours; "
          "keyword %s, unit %s, number %s, comment %s, built-in %s, type %s"
          % (os.path.relpath(png_path), WIDTH, height, bands, n_png, n_html, *colours.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
