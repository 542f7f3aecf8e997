#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Mutation test: bdlc must survive randomly broken .bdl files with sound, JSON-rendered diagnostics."""

# Each mutant is a real .bdl file with one to three small edits (a token
# deleted, duplicated or swapped, a unit replaced, a stray byte inserted, the
# file cut short). bdlc may reject it, but it must not crash, hang, report an
# internal compiler error, print malformed JSON or point outside the file.
#
#   tools/mutate_check.py --bdlc build/bin/bdlc --seed 1 examples/*.bdl
#
# Mutant i of FILE is drawn from random.Random("SEED/FILE/i"), so a failure can
# be reproduced alone with --seed SEED --only i FILE.

import argparse
import concurrent.futures
import difflib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading

UNITS = ["mV", "ms", "nS", "pF", "uA/cm^2", "Hz", "s", "1", "mS/cm^2", "kg", "ohm"]
# Identifiers that are taken for units when choosing one to replace.
UNIT_WORDS = {"mV", "V", "ms", "s", "nS", "uS", "µS", "mS", "S", "pF", "uF", "F", "uA", "nA", "pA", "A",
              "cm", "um", "Hz", "kg", "ohm", "MΩ", "Ω", "mM"}
# Stray text and bytes to insert: delimiters that open or close a construct,
# a NUL, bytes that are never valid UTF-8, truncated and overlong sequences.
STRAY = [b"\x00", b"{", b"}", b"(", b")", b"[", b"]", b'"', b"/*", b"*/", b"//", b"\xff", b"\xfe",
         b"\xc3", b"\xe2\x82", b"\xc0\xaf", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r", b"\n", b"\t",
         b"@", b"#", b"$", b"\\", b"'", b"`", b";", b",", b".", b":", b"^", b"**", b"->", b"=", b"==",
         "µ".encode(), "Ω".encode(), "τ".encode(), b"1e999", b"0.", b".5e", b"9" * 400, b"d/dt", b"dv/dt"]
TOKEN = re.compile(r"""
    //[^\n]*                                   # line comment
  | /\*.*?(?:\*/|\Z)                           # block comment, maybe unterminated
  | "(?:[^"\\\n]|\\.)*"?                       # string, maybe unterminated
  | [^\W\d]\w*                                 # identifier, any Unicode letter (µ, τ, Ω)
  | \d+(?:\.\d*)?(?:[eE][+-]?\d+)? | \.\d+(?:[eE][+-]?\d+)?
  | ->|\+=|-=|\*=|/=|==|!=|<=|>=|\*\*          # two-character operators
  | \s+
  | .                                          # anything else, one character
""", re.S | re.X)
NUMBER = re.compile(rb"\.?\d")
CODE = re.compile(r"^[EW]\d{4}$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
ICE = "internal compiler error"


def tokenise(data):
    """Split a file's bytes into tokens whose concatenation is the file again."""
    text = data.decode("utf-8", "surrogateescape")
    return [m.group(0).encode("utf-8", "surrogateescape") for m in TOKEN.finditer(text)]


def line_of(toks, i):
    return sum(t.count(b"\n") for t in toks[:i]) + 1


def show(tok):
    s = tok.decode("utf-8", "backslashreplace")
    return repr(s if len(s) <= 40 else s[:40] + "...")


def mutate(tokens, rng):
    """Apply 1-3 edits to a copy of tokens; return (bytes, [description of each edit])."""
    toks = list(tokens)
    desc = []
    ops = ["delete"] * 3 + ["duplicate"] * 2 + ["swap"] * 2 + ["unit"] * 2 + ["insert-token"] * 2 + \
          ["insert-char"] * 3 + ["truncate"]
    for _ in range(rng.randint(1, 3)):
        solid = [i for i, t in enumerate(toks) if not t.isspace() and not t.startswith(b"//")]
        op = rng.choice(ops) if solid else "insert-char"
        if op == "delete":
            i = rng.choice(solid)
            desc.append(f"delete {show(toks[i])} at line {line_of(toks, i)}")
            del toks[i]
        elif op == "duplicate":
            i = rng.choice(solid)
            desc.append(f"duplicate {show(toks[i])} at line {line_of(toks, i)}")
            toks.insert(i, toks[i])
        elif op == "swap" and len(solid) >= 2:
            k = rng.randrange(len(solid) - 1)
            i, j = solid[k], solid[k + 1]
            desc.append(f"swap {show(toks[i])} and {show(toks[j])} at line {line_of(toks, i)}")
            toks[i], toks[j] = toks[j], toks[i]
        elif op == "unit":
            new = rng.choice(UNITS).encode()
            units = [i for i in solid if toks[i].decode("utf-8", "replace") in UNIT_WORDS]
            numbers = [i for i in solid if NUMBER.match(toks[i])]
            if units:
                i = rng.choice(units)
                desc.append(f"replace unit {show(toks[i])} by {show(new)} at line {line_of(toks, i)}")
                toks[i] = new
            else:
                i = rng.choice(numbers or solid)
                desc.append(f"give {show(toks[i])} the unit {show(new)} at line {line_of(toks, i)}")
                toks[i + 1:i + 1] = [b" ", new]
        elif op == "insert-token":
            tok = toks[rng.choice(solid)]
            i = rng.randrange(len(toks) + 1)
            desc.append(f"insert {show(tok)} at line {line_of(toks, i)}")
            toks[i:i] = [b" ", tok, b" "] if rng.random() < 0.5 else [tok]
        elif op == "truncate":
            data = b"".join(toks)
            cut = rng.randrange(len(data) + 1)
            line = data[:cut].count(b"\n") + 1
            desc.append(f"truncate at byte {cut} of {len(data)} (line {line})")
            toks = tokenise(data[:cut])
        else:
            stray = rng.choice(STRAY)
            i = rng.randrange(len(toks) + 1)
            desc.append(f"insert {show(stray)} at line {line_of(toks, i)}")
            toks.insert(i, stray)
    return b"".join(toks), desc


def pathological(rng):
    """Fixed inputs that stress the lexer, the parser's recursion and the UTF-8 check."""
    deep = 10000
    decl = b"neuron N { param x = 1 }\n"  # 8 tokens
    return [
        ("empty", "empty file", b""),
        ("parens", "1 MB of '('", b"(" * (1 << 20)),
        ("a-plus", "a parameter of 1 MB of 'a+'", b"neuron N { param x = " + b"a+" * (1 << 19) + b"1 }\n"),
        ("minus", "200k '-' then 'x'", b"-" * 200000 + b"x"),
        ("random", "100 KB of random bytes", bytes(rng.getrandbits(8) for _ in range(100 * 1024))),
        ("bad-utf8", "only invalid UTF-8", b"\xff\xfe\xc3\x28\xa0\xa1\xc0\xaf\xed\xa0\x80" * 1000),
        ("nul", "NUL bytes in a neuron", b"neuron N {\n  state v = 0\x00\x00 mV\n\x00}\n"),
        ("deep-braces", f"{deep} nested '{{' in a neuron", b"neuron N {\n" + b"{" * deep + b"\n}\n"),
        ("deep-closed-braces", f"{deep} nested '{{...}}' in a spike block",
         b"neuron N {\n  spike when v > 0 " + b"{" * deep + b"}" * deep + b"\n}\n"),
        ("deep-parens", f"{deep} nested '(' in an expression",
         b"neuron N {\n  let x = " + b"(" * deep + b"1" + b")" * deep + b"\n}\n"),
        ("many-decls", "300k tokens: 'neuron N { param x = 1 }' repeated", decl * (300000 // 8)),
        ("long-comment", "unterminated 1 MB block comment", b"neuron N {\n/*" + b"*" * (1 << 20)),
    ]


def count_lines(data):
    """Lines as generously as any editor counts them (\\n, \\r\\n or a lone \\r)."""
    return len(re.split(rb"\r\n|\r|\n", data))


def check_range(rng_json, nlines, size, what):
    """Return problems with a JSON range {start:{line,col,offset}, end:{...}} in a file of nlines lines."""
    if rng_json is None:
        return []
    try:
        points = [(rng_json[k]["line"], rng_json[k]["col"], rng_json[k]["offset"]) for k in ("start", "end")]
    except (TypeError, KeyError):
        return [f"{what}: malformed range {rng_json!r}"]
    problems = []
    for name, (line, col, off) in zip(("start", "end"), points):
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (line, col, off)):
            problems.append(f"{what}: {name} is not integers: {rng_json[name]!r}")
        elif not 1 <= line <= nlines + 1 or col < 1 or not 0 <= off <= size:
            problems.append(f"{what}: {name} line {line} col {col} offset {off} is outside the file "
                            f"({nlines} lines, {size} bytes)")
    if not problems and points[1] < points[0]:
        problems.append(f"{what}: range ends before it starts: {rng_json!r}")
    return problems


def same_file(a, b):
    return isinstance(a, str) and os.path.realpath(a) == os.path.realpath(b)


def check_output(path, data, rc, out, err):
    """Return the list of problems with one bdlc run on the file path holding data."""
    text_out = out.decode("utf-8", "replace")
    text_err = err.decode("utf-8", "replace")
    if rc < 0:
        name = signal.Signals(-rc).name if -rc in signal.Signals._value2member_map_ else str(-rc)
        return [f"bdlc died from signal {name}"] + ([f"stderr: {text_err[-2000:]}"] if text_err else [])
    problems = []
    if ICE in text_out.lower() or ICE in text_err.lower():
        problems.append(f"{ICE}: {(text_err or text_out)[-2000:]}")
    if rc not in (0, 1):
        problems.append(f"exit code {rc} (expected 0 or 1)")
    try:
        doc = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return problems + [f"stdout is not JSON ({e}): {text_out[:500]!r}"]
    if not (isinstance(doc, dict) and isinstance(doc.get("diagnostics"), list)
            and type(doc.get("errors")) is int and type(doc.get("warnings")) is int):
        return problems + [f"JSON is not {{diagnostics: [...], errors: N, warnings: M}}: {text_out[:500]!r}"]
    diags = doc["diagnostics"]
    if rc in (0, 1) and (rc == 1) != (doc["errors"] > 0):
        problems.append(f"exit code {rc} with {doc['errors']} errors")
    nlines, size = count_lines(data), len(data)
    counts = {"error": 0, "warning": 0}
    for k, d in enumerate(diags):
        what = f"diagnostic {k}"
        if not isinstance(d, dict):
            problems.append(f"{what} is not an object: {d!r}")
            continue
        sev = d.get("severity")
        if sev not in ("error", "warning"):
            problems.append(f"{what}: bad severity {sev!r}")
        counts[sev] = counts.get(sev, 0) + 1
        if not (isinstance(d.get("code"), str) and CODE.match(d["code"])):
            problems.append(f"{what}: no valid code: {d.get('code')!r} ({d.get('message')!r})")
        what += f" [{d.get('code')}] {d.get('message')!r}"
        if same_file(d.get("file"), path):
            problems += check_range(d.get("range"), nlines, size, what)
            for h in d.get("highlights") or []:
                problems += check_range(h, nlines, size, what + " highlight")
        for n in d.get("notes") or []:
            if isinstance(n, dict) and same_file(n.get("file"), path):
                problems += check_range(n.get("range"), nlines, size, what + " note")
        for f in d.get("fixits") or []:
            if isinstance(f, dict) and same_file(f.get("file"), path):
                problems += check_range(f.get("range"), nlines, size, what + " fix-it")
    if (counts["error"], counts["warning"]) != (doc["errors"], doc["warnings"]):
        problems.append(f"counts say {doc['errors']} errors, {doc['warnings']} warnings, but the list has "
                        f"{counts['error']} and {counts['warning']}")
    return problems


def kill(proc):
    """Kill proc and everything it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Runner:
    """Writes mutants, runs bdlc on them and removes them again, even when interrupted."""

    def __init__(self, bdlc, timeout):
        self.bdlc = bdlc
        self.timeout = timeout
        self.lock = threading.Lock()
        self.files = set()
        self.procs = set()
        self.stopping = threading.Event()

    def run(self, path, data):
        """Return (problems) for bdlc check on data written to path."""
        with self.lock:
            if self.stopping.is_set():
                return ["interrupted"]
            self.files.add(path)
        try:
            with open(path, "wb") as f:
                f.write(data)
            cmd = [self.bdlc, "check", "--format=json", "--error-limit", "50", path]
            with self.lock:
                if self.stopping.is_set():
                    return ["interrupted"]
                try:
                    # A group of its own, so that a timeout kills a wrapper script's
                    # children too (they would hold the pipes open).
                    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, env=dict(os.environ, NO_COLOR="1"),
                                            start_new_session=True)
                except OSError as e:
                    return [f"cannot run {self.bdlc}: {e.strerror}"]
                self.procs.add(proc)
            try:
                out, err = proc.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                kill(proc)
                proc.communicate()
                return [f"timed out after {self.timeout} s"]
            finally:
                with self.lock:
                    self.procs.discard(proc)
            return check_output(path, data, proc.returncode, out, err)
        finally:
            self.remove(path)

    def remove(self, path):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        with self.lock:
            self.files.discard(path)

    def stop(self):
        with self.lock:
            self.stopping.set()
            for p in self.procs:
                kill(p)
            leftover = list(self.files)
        for path in leftover:
            self.remove(path)


def printable(data):
    """data as text that is safe on a terminal: bad UTF-8 and control bytes (NUL, ESC, CR) escaped."""
    text = data.decode("utf-8", "backslashreplace")
    return CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def format_content(data, limit=40):
    lines = printable(data).split("\n")
    shown = [("    " + (ln if len(ln) <= 200 else ln[:200] + "...")) for ln in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"    ... ({len(lines) - limit} more lines)")
    return "\n".join(shown)


def interrupt(signum, frame):
    raise KeyboardInterrupt


def format_diff(old, new, limit=30):
    a = printable(old).split("\n")
    b = printable(new).split("\n")
    lines = list(difflib.unified_diff(a, b, "original", "mutant", n=1, lineterm=""))[2:]
    shown = ["    " + (ln if len(ln) <= 200 else ln[:200] + "...") for ln in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"    ... ({len(lines) - limit} more diff lines)")
    return "\n".join(shown)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bdlc", required=True, help="the bdlc binary")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mutations", type=int, default=60, help="mutants per file (default 60)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds per bdlc run (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="bdlc runs at a time (default 2)")
    parser.add_argument("--only", type=int, help="run only mutant number ONLY of each file")
    parser.add_argument("--no-fixed", action="store_true", help="skip the fixed pathological inputs")
    parser.add_argument("files", nargs="*", help=".bdl files to mutate")
    args = parser.parse_args()
    if not args.files:
        print("mutate_check: error: no input files", file=sys.stderr)
        return 2

    bdlc = os.path.abspath(args.bdlc)
    if not (os.path.isfile(bdlc) and os.access(bdlc, os.X_OK)):
        print(f"mutate_check: error: bdlc not found or not executable: {args.bdlc}", file=sys.stderr)
        return 2
    sources = []
    for name in dict.fromkeys(os.path.abspath(n) for n in args.files):
        try:
            with open(name, "rb") as f:
                sources.append((name, f.read()))
        except OSError as e:
            print(f"mutate_check: error: cannot read {name}: {e.strerror}", file=sys.stderr)
            return 2

    runner = Runner(bdlc, args.timeout)
    # SIGTERM (a CI job cancelled) must clean up like Ctrl-C does.
    signal.signal(signal.SIGTERM, interrupt)
    tmpdir = None

    def writable(folder):
        """folder, or a private temporary one where folder is read-only (an installed stdlib)."""
        nonlocal tmpdir
        if os.access(folder, os.W_OK):
            return folder
        if tmpdir is None:
            tmpdir = tempfile.mkdtemp(prefix="bdl-mutate-")
        return tmpdir

    jobs = []  # (label, description, path, data, original data or None)
    for src, data in sources:
        tokens = tokenise(data)
        folder, base = os.path.split(src)
        # Beside the original, so that its imports still resolve; a dot-name so
        # that no glob such as examples/*.bdl picks it up.
        folder = writable(folder)
        numbers = [args.only] if args.only is not None else range(args.mutations)
        for i in numbers:
            rng = random.Random(f"{args.seed}/{base}/{i}")
            mutant, desc = mutate(tokens, rng)
            path = os.path.join(folder, f".mut_{os.getpid()}_{i}_{base}")
            jobs.append((f"{base} mutant {i} (--seed {args.seed} --only {i})", "; ".join(desc), path, mutant,
                         data))
    if not args.no_fixed and args.only is None:
        # Beside the first input too, named like its mutants.
        folder = writable(os.path.dirname(sources[0][0]))
        for name, desc, data in pathological(random.Random(args.seed)):
            path = os.path.join(folder, f".mut_{os.getpid()}_fixed_{name}.bdl")
            jobs.append((f"fixed input {name}", desc, path, data, None))

    failures = 0
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs))
    try:
        futures = [pool.submit(runner.run, job[2], job[3]) for job in jobs]
        for (label, desc, path, data, original), fut in zip(jobs, futures):
            problems = fut.result()
            if not problems:
                continue
            failures += 1
            print(f"FAIL: {label}: {desc}")
            for p in problems:
                print(f"  {p}")
            print(f"  mutant ({len(data)} bytes, {count_lines(data)} lines):")
            print(format_content(data))
            if original is not None:
                print("  diff from the original:")
                print(format_diff(original, data), flush=True)
    except KeyboardInterrupt:
        print("mutate_check: interrupted; removing mutants", file=sys.stderr)
        runner.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        return 130
    finally:
        runner.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        if tmpdir is not None:
            try:
                os.rmdir(tmpdir)
            except OSError:
                pass

    if failures:
        print(f"{len(jobs)} mutants, {failures} failures")
        return 1
    print(f"mutation check: {len(jobs)} mutants of {len(sources)} files, no failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
