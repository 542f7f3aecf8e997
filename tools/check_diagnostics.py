#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Check that every diagnostic code is declared once, emitted at one site, tested by name, and
listed in docs/language.md's table of codes with the message the compiler prints."""

import argparse
import os
import re
import sys

DEF_PATH = os.path.join("compiler", "diag", "DiagnosticKinds.def")
DEF_LINE = re.compile(r"^\s*BDL_DIAG\(\s*([EW]\d{4})\s*,\s*(\w+)\s*,")
CODE = re.compile(r"[EW]\d{4}")
# `DiagId::E0301` and `diag::DiagId::E0301` both count; `DiagId::E03010` does not.
EMIT = re.compile(r"\bDiagId::([EW]\d{4})(?!\w)")
# A lit test is named after the code it checks: `E0301-add-dimension-mismatch.bdl`.
TEST_NAME = re.compile(r"^([EW]\d{4})(?![0-9])")
SOURCE_EXTS = (".cpp", ".h")
DOCS_PATH = os.path.join("docs", "language.md")
DEF_MESSAGE = re.compile(r'^\s*BDL_DIAG\(\s*([EW]\d{4})\s*,\s*\w+\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)')
DOC_ROW = re.compile(r"^\|\s*([EW]\d{4})\s*\|\s*`(.*?)`\s*\|")


def check_unsupported_sites(root, problems):
    """docs/language.md §12.1 lists the files that still report E0905 (calls of
    `unsupported(`), and only those: a new site or a removed one updates it."""
    sites = set()
    for dirpath, _, files in os.walk(os.path.join(root, "compiler")):
        for name in files:
            if name.endswith(".cpp"):
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    text = strip_comments(f.read())
                if re.search(r"(?<![:\w])unsupported\(", text.replace("void Lowerer::unsupported(", "")):
                    sites.add(name)
    with open(os.path.join(root, DOCS_PATH), encoding="utf-8") as f:
        docs = f.read()
    start = docs.find("### 12.1 ")
    section = docs[start:docs.find("\n## ", start)] if start >= 0 else ""
    listed = set(re.findall(r"\b(\w+\.cpp)\b", section))
    for name in sorted(sites - listed):
        problems["not in the docs' table"].append(f"{name} reports E0905 but {DOCS_PATH} §12.1 does not list it")
    for name in sorted(listed - sites):
        problems["not in the docs' table"].append(f"{DOCS_PATH} §12.1 lists {name}, which no longer reports E0905")


def check_docs(root, problems):
    """Each code's row in the docs' table shows the message as the compiler writes it
    (a message that is all the caller's text, "{0}", is described in words instead)."""
    messages = {}
    with open(os.path.join(root, DEF_PATH), encoding="utf-8") as f:
        for line in f:
            m = DEF_MESSAGE.match(line)
            if m:
                messages[m.group(1)] = re.sub(r"\\(.)", r"\1", m.group(2))
    rows = {}
    path = os.path.join(root, DOCS_PATH)
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = DOC_ROW.match(line)
            if m:
                rows[m.group(1)] = m.group(2)
    for code, text in messages.items():
        if text == "{0}":
            continue
        if code not in rows:
            problems["not in the docs' table"].append(f"{code}: no row in {DOCS_PATH}")
        elif rows[code] != text:
            problems["not in the docs' table"].append(f"{code}: {DOCS_PATH} says `{rows[code]}`, the compiler `{text}`")


def strip_comments(text):
    """Blank out // and /* */ comments (keeping newlines), so a code named in a comment is no site."""
    out = []
    i, n = 0, len(text)
    in_str = None
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == in_str or c == "\n":
                in_str = None
            i += 1
        elif c in "\"'":
            in_str = c
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            end = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:end]))
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def read_registry(root, problems):
    """Return the codes of DiagnosticKinds.def in order; report duplicates."""
    path = os.path.join(root, DEF_PATH)
    codes, first_line = [], {}
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        m = DEF_LINE.match(line)
        if not m:
            continue
        code = m.group(1)
        if code in first_line:
            problems["declared twice"].append(
                f"{code}: {DEF_PATH}:{lineno} (first at line {first_line[code]})")
            continue
        first_line[code] = lineno
        codes.append(code)
    return codes


def walk(top):
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for name in sorted(filenames):
            yield dirpath, name


def find_sites(root):
    """Map code -> ['compiler/x.cpp:12', ...], one entry per DiagId::CODE.

    compiler/diag/ is the registry itself. Its headers only expand the X-macro
    and declare the engine, so they hold no sites. In its .cpp files a code
    counts as one site per file however often it is named, since the engine
    emits its own few codes (the error limit, E0903) and also tests for them
    when sorting.
    """
    sites = {}
    compiler = os.path.join(root, "compiler")
    diag_dir = os.path.join(compiler, "diag")
    for dirpath, name in walk(compiler):
        if not name.endswith(SOURCE_EXTS):
            continue
        in_diag = os.path.commonpath([dirpath, diag_dir]) == diag_dir
        if in_diag and not name.endswith(".cpp"):
            continue
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, root)
        text = strip_comments(read_text(path))
        seen = set()
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in EMIT.finditer(line):
                code = m.group(1)
                if in_diag and code in seen:
                    continue
                seen.add(code)
                sites.setdefault(code, []).append(f"{rel}:{lineno}")
    return sites


def find_tests(root, known, problems):
    """Map code -> [test paths named after it that check '[CODE]']; report tests that do not."""
    tests = {}
    lit = os.path.join(root, "test", "lit")
    for dirpath, name in walk(lit):
        m = TEST_NAME.match(name)
        if not m:
            continue
        code = m.group(1)
        rel = os.path.relpath(os.path.join(dirpath, name), root)
        if code not in known:
            problems["test for an unknown code"].append(f"{rel}: {code} is not in {DEF_PATH}")
            continue
        if f"[{code}]" not in read_text(os.path.join(dirpath, name)):
            problems["test does not check its code"].append(
                f"{rel}: named after {code} but expects no '[{code}]' message")
            continue
        tests.setdefault(code, []).append(rel)
    return tests


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", help="source root (holds compiler/ and test/lit/)")
    parser.add_argument("--list", action="store_true", help="print a table: code, sites, tests")
    args = parser.parse_args()

    root = os.path.abspath(args.root)
    if not os.path.isfile(os.path.join(root, DEF_PATH)):
        print(f"check_diagnostics: error: {os.path.join(root, DEF_PATH)} not found", file=sys.stderr)
        return 2

    # Insertion order fixes the order of the groups in the report.
    problems = {g: [] for g in ("declared twice", "unused (no emission site)", "emitted at several sites",
                                "emitted but not declared", "no lit test", "test for an unknown code",
                                "test does not check its code", "not in the docs' table")}
    codes = read_registry(root, problems)
    known = set(codes)
    sites = find_sites(root)
    tests = find_tests(root, known, problems)
    check_docs(root, problems)
    check_unsupported_sites(root, problems)

    for code in codes:
        where = sites.get(code, [])
        if not where:
            problems["unused (no emission site)"].append(code)
        elif len(where) > 1:
            problems["emitted at several sites"].append(
                f"{code}: emitted at {len(where)} sites:" + "".join(f"\n    {w}" for w in where))
        if code not in tests:
            problems["no lit test"].append(code)
    for code in sorted(set(sites) - known):
        problems["emitted but not declared"].append(f"{code}: " + ", ".join(sites[code]))

    if args.list:
        print(f"{'code':<7} {'sites':>5} {'tests':>5}")
        for code in codes:
            print(f"{code:<7} {len(sites.get(code, [])):>5} {len(tests.get(code, [])):>5}")
        sys.stdout.flush()

    count = sum(len(v) for v in problems.values())
    if count == 0:
        print(f"checked {len(codes)} diagnostic codes: OK")
        return 0
    for group, items in problems.items():
        if not items:
            continue
        print(f"{group} ({len(items)}):", file=sys.stderr)
        for item in items:
            print(f"  {item}", file=sys.stderr)
    print(f"checked {len(codes)} diagnostic codes: {count} problems", file=sys.stderr)
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # `--list | head` closed the pipe; that is no failure of the check.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
