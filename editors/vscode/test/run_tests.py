#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of the VS Code extension: its npm packages, its TextMate grammar and its .vsix.

  run_tests.py npm-ci --stamp FILE   npm ci in editors/vscode, unless FILE says it is done
  run_tests.py tmgrammar             vscode-tmgrammar-test on test/syntax/*.bdl, and every
                                     scope and keyword of the grammar asserted there
  run_tests.py vsix --out DIR        vsce package into DIR; the .vsix holds what VS Code needs
"""

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

EXT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRAMMAR = os.path.join(EXT, "syntaxes", "bdl.tmLanguage.json")
SYNTAX_TESTS = os.path.join(EXT, "test", "syntax", "*.bdl")


class Failure(Exception):
    pass


def run(cmd, **kw):
    """Runs cmd in the extension's folder; returns its output, raises on failure."""
    try:
        p = subprocess.run(cmd, cwd=EXT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, **kw)
    except FileNotFoundError:
        raise Failure("%s not found: install Node.js and npm (make test-deps)" % cmd[0])
    except subprocess.TimeoutExpired as e:
        raise Failure("%s took more than %d s" % (" ".join(cmd), e.timeout))
    if p.returncode != 0:
        raise Failure("%s exited with %d:\n%s" % (" ".join(cmd), p.returncode, p.stdout))
    return p.stdout


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def npm_ci(args):
    """npm ci once per package-lock.json and node version: the stamp records both."""
    with open(os.path.join(EXT, "package-lock.json"), "rb") as f:
        lock = hashlib.sha256(f.read()).hexdigest()
    node = run(["node", "--version"]).strip()
    want = "%s node %s\n" % (lock, node)
    installed = os.path.join(EXT, "node_modules", ".package-lock.json")
    if os.path.exists(args.stamp) and os.path.exists(installed):
        with open(args.stamp) as f:
            if f.read() == want:
                print("npm-ci: node_modules up to date (%s)" % os.path.relpath(args.stamp))
                return
    # No install scripts: the only one, @vscode/vsce-sign's, is for signing, which packaging skips.
    out = run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], timeout=540)
    os.makedirs(os.path.dirname(os.path.abspath(args.stamp)), exist_ok=True)
    with open(args.stamp, "w") as f:
        f.write(want)
    print(out.strip().splitlines()[-1] if out.strip() else "npm-ci: done")


# An assertion line of vscode-tmgrammar-test: `//  ^^^ scope ... - excluded ...`
# or `// <--- scope`, under the source line it checks.
ASSERT_RE = re.compile(r"^//(\s*)(\^[\^\s]*|<(~*)(-+))\s*(.*)$")


def parse_syntax_test(path):
    """Returns [(text, required scopes, excluded scopes)] of every assertion."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if not re.match(r'^// SYNTAX TEST "source\.bdl"', lines[0]):
        raise Failure('%s:1: the first line must be // SYNTAX TEST "source.bdl" "..."' % path)
    found, source = [], None
    for n, line in enumerate(lines[1:], 2):
        m = ASSERT_RE.match(line)
        if not m:
            source = line
            continue
        if source is None:
            raise Failure("%s:%d: an assertion before any source line" % (path, n))
        parts = re.split(r"(?:^|\s)-(?:\s|$)", m.group(5))
        if len(parts) > 2 or not m.group(5).strip():
            # vscode-tmgrammar-test takes one `-` only (and may hang on more).
            raise Failure("%s:%d: write 'scopes - excluded scopes' with one ' - '" % (path, n))
        required, excluded = parts[0].split(), parts[1].split() if len(parts) == 2 else []
        if m.group(2).startswith("<"):
            spans = [(len(m.group(3)), len(m.group(3)) + len(m.group(4)))]
        else:
            spans = [(x.start(), x.end()) for x in re.finditer(r"\^+", line)]
        for a, b in spans:
            found.append((source[a:b], required, excluded))
    return found


def grammar_scopes(node, out):
    """Every scope name the grammar gives (rule names and capture names)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "name" and isinstance(v, str):
                out.add(v)
            else:
                grammar_scopes(v, out)
    elif isinstance(node, list):
        for v in node:
            grammar_scopes(v, out)
    return out


def tmgrammar(args):
    files = sorted(glob.glob(SYNTAX_TESTS))
    if not files:
        raise Failure("no syntax tests match %s" % SYNTAX_TESTS)
    # The grammar comes from package.json's contributes.grammars, as in VS Code.
    out = run(["node", os.path.join("node_modules", "vscode-tmgrammar-test", "dist", "unit.js"), "-c"]
              + [os.path.relpath(f, EXT) for f in files], timeout=120)
    passed = len(re.findall(r"run successfuly", out))
    if passed != len(files):
        raise Failure("vscode-tmgrammar-test: %d of %d files passed:\n%s" % (passed, len(files), out))
    grammar = read_json(GRAMMAR)
    asserted = [a for f in files for a in parse_syntax_test(f)]
    required = {s for _, req, _ in asserted for s in req}
    scopes = grammar_scopes(grammar.get("repository", {}), set()) | grammar_scopes(grammar["patterns"], set())
    untested = sorted(scopes - required)
    if untested:
        raise Failure("scopes of the grammar that no test in test/syntax/ asserts: %s" % ", ".join(untested))
    keywords = 0
    for rule in grammar["repository"]["keywords"]["patterns"]:
        words = re.fullmatch(r"\\b\(\?:([\w|]+)\)\\b", rule["match"]).group(1).split("|")
        for w in words:
            if not any(text == w and rule["name"] in req for text, req, _ in asserted):
                raise Failure("keyword '%s' is never asserted to be %s" % (w, rule["name"]))
        keywords += len(words)
    print("tmgrammar: %d files, %d assertions pass; all %d scopes and %d keywords of the grammar asserted"
          % (len(files), len(asserted), len(scopes), keywords))


def runtime_packages():
    """The packages npm installs for the extension's dependencies (not dev ones)."""
    lock = read_json(os.path.join(EXT, "package-lock.json"))
    return sorted(path for path, p in lock["packages"].items()
                  if path.startswith("node_modules/") and not p.get("dev") and not p.get("optional"))


def vsix(args):
    pkg = read_json(os.path.join(EXT, "package.json"))
    os.makedirs(args.out, exist_ok=True)
    out = os.path.abspath(os.path.join(args.out, "%s-%s.vsix" % (pkg["name"], pkg["version"])))
    if os.path.exists(out):
        os.remove(out)
    run([os.path.join("node_modules", ".bin", "vsce"), "package", "--allow-missing-repository", "--out", out],
        timeout=300)
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        if z.testzip() is not None:
            raise Failure("%s: a corrupt member" % out)
        # What VS Code reads, byte for byte as in the source tree.
        for rel in ["package.json", "extension.js", "language-configuration.json", "README.md",
                    "syntaxes/bdl.tmLanguage.json", "snippets/bdl.json"]:
            member = "extension/" + rel
            if member not in names:
                raise Failure("%s lacks %s" % (out, member))
            with open(os.path.join(EXT, rel), "rb") as f:
                if z.read(member) != f.read():
                    raise Failure("%s: %s differs from editors/vscode/%s" % (out, member, rel))
        with open(os.path.join(EXT, "LICENSE"), "rb") as f:
            if z.read("extension/LICENSE.txt") != f.read():
                raise Failure("%s: extension/LICENSE.txt differs from LICENSE" % out)
        manifest = z.read("extension.vsixmanifest").decode("utf-8")
        identity = '<Identity Language="en-US" Id="%s" Version="%s" Publisher="%s"' % (
            pkg["name"], pkg["version"], pkg["publisher"])
        if identity not in manifest:
            raise Failure("%s: extension.vsixmanifest lacks %s" % (out, identity))
        # Every path package.json points at is packed.
        contrib = pkg["contributes"]
        pointed = [pkg["main"]] + [x["configuration"] for x in contrib["languages"]] + \
            [x["path"] for x in contrib["grammars"] + contrib["snippets"]]
        for p in pointed:
            if "extension/" + os.path.normpath(p) not in names:
                raise Failure("package.json names %s, which %s lacks" % (p, out))
        # The runtime dependencies and theirs are packed; the build tools are not.
        runtime = runtime_packages()
        if "node_modules/vscode-languageclient" not in runtime:
            raise Failure("package-lock.json: vscode-languageclient is no runtime dependency")
        for p in runtime:
            if "extension/%s/package.json" % p not in names:
                raise Failure("%s lacks %s, a runtime dependency" % (out, p))
        packed = {m.split("/")[2] for m in names if m.startswith("extension/node_modules/")}
        extra = sorted(packed - {p.split("/")[1] for p in runtime})
        if extra:
            raise Failure("%s packs packages that are no runtime dependency: %s" % (out, ", ".join(extra)))
        tests = sorted(m for m in names if m.startswith("extension/test/"))
        if tests:
            raise Failure("%s packs the tests: %s" % (out, tests[0]))
        unpacked = os.path.join(args.out, "unpacked")
        shutil.rmtree(unpacked, ignore_errors=True)
        z.extractall(unpacked)
    loaded = run(["node", os.path.join(EXT, "test", "load_extension.js"), os.path.join(unpacked, "extension")])
    print(loaded.strip())
    print("vsix: %s, %d files, %d runtime packages (%s), no build tools or tests"
          % (os.path.relpath(out), len(names), len(runtime), ", ".join(p.split("/", 1)[1] for p in runtime)))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("npm-ci").add_argument("--stamp", required=True)
    sub.add_parser("tmgrammar")
    sub.add_parser("vsix").add_argument("--out", required=True)
    args = ap.parse_args(argv)
    try:
        {"npm-ci": npm_ci, "tmgrammar": tmgrammar, "vsix": vsix}[args.cmd](args)
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
