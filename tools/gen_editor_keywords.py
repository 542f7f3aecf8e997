#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Regenerate (or --check) the keyword and built-in lists of the editor grammars."""

import argparse
import json
import os
import re
import sys

GENERATOR = "tools/gen_editor_keywords.py"
VIM_SYNTAX = "editors/vim/syntax/bdl.vim"
TM_GRAMMAR = "editors/vscode/syntaxes/bdl.tmLanguage.json"

# Comment heading in BDLLexer.g4 -> group. A keyword under any other heading is
# an error, so that a new block of keywords gets a deliberate group.
HEADINGS = {
    "Declarations": "declaration",
    "Model members": "member",
    "Networks": "network",
    "Experiments": "experiment",
    "Expressions and statements": "expression",
}
CONSTANTS = {"true", "false"}
# Group -> (vim highlight group, TextMate scope), in output order.
GROUPS = [
    ("declaration", "bdlDeclaration", "storage.type.declaration.bdl"),
    ("member", "bdlMember", "keyword.other.member.bdl"),
    ("network", "bdlNetwork", "keyword.other.network.bdl"),
    ("experiment", "bdlExperiment", "keyword.other.experiment.bdl"),
    ("expression", "bdlExpression", "keyword.control.expression.bdl"),
    ("constant", "bdlBoolean", "constant.language.boolean.bdl"),
]

RULE_RE = re.compile(r"^\s*([A-Z][A-Za-z0-9_]*)\s*:\s*'([^']*)'\s*;")
ANY_RULE_RE = re.compile(r"^\s*(fragment\s+)?[A-Za-z][A-Za-z0-9_]*\s*:")
# Identifier characters of BDLLexer.g4 (ID_START / ID_CONTINUE) for TextMate.
TM_ID_START = r"[A-Za-z_\x{00B5}\x{00C0}-\x{00D6}\x{00D8}-\x{00F6}\x{00F8}-\x{024F}\x{0370}-\x{03FF}\x{2126}]"
TM_ID_CONTINUE = r"[0-9A-Za-z_\x{00B5}\x{00C0}-\x{00D6}\x{00D8}-\x{00F6}\x{00F8}-\x{024F}\x{0370}-\x{03FF}\x{2126}]"


class GenError(Exception):
    pass


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def parse_keywords(lexer_path):
    """Returns {group: [keyword, ...]} in grammar order."""
    groups = {g[0]: [] for g in GROUPS}
    comment = []  # the comment block read since the last non-comment line
    heading = None
    for lineno, line in enumerate(read(lexer_path).splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            comment.append(stripped[2:].strip())
            continue
        if ANY_RULE_RE.match(line) and comment:
            heading = " ".join(comment)
        comment = []
        m = RULE_RE.match(line)
        if not m or not m.group(2).isalpha():
            continue
        word = m.group(2)
        if word in CONSTANTS:
            group = "constant"
        elif heading in HEADINGS:
            group = HEADINGS[heading]
        else:
            raise GenError("%s:%d: keyword '%s' is under the heading %r, which %s does not know; "
                           "add it to HEADINGS" % (lexer_path, lineno, word, heading, GENERATOR))
        groups[group].append(word)
    if not any(groups.values()):
        raise GenError("%s: no keywords found" % lexer_path)
    return groups


def parse_builtins(builtins_path):
    """Returns (called, bare): functions written with arguments, and rules without."""
    text = read(builtins_path)
    found = []
    for m in re.finditer(r'for \(const char \*f : \{([^}]*)\}\)\s*b\.push_back\(\{f,', text):
        for name in re.findall(r'"(\w+)"', m.group(1)):
            found.append((m.start(), name, False))
    for m in re.finditer(r'push_back\(\{"(\w+)",\s*Category::\w+,\s*(\{\s*\})?', text):
        found.append((m.start(), m.group(1), bool(m.group(2))))
    if not found:
        raise GenError("%s: no built-in functions found" % builtins_path)
    found.sort(key=lambda f: f[0])
    called = [n for _, n, bare in found if not bare]
    bare = [n for _, n, bare in found if bare]
    return called, bare


def wrap(prefix, words, width=100):
    lines, cur = [], prefix
    for w in words:
        if len(cur) + 1 + len(w) > width and cur != prefix:
            lines.append(cur)
            cur = prefix
        cur += " " + w
    lines.append(cur)
    return lines


def vim_keywords(groups):
    out = []
    for name, vim_group, _ in GROUPS:
        if groups[name]:
            out += wrap("syn keyword %s" % vim_group, groups[name])
    # A unit is the name right after a number, unless it is a keyword or the `d`
    # of a spaced derivative `d y/dt`.
    words = [w for name, _, _ in GROUPS for w in groups[name]]
    out.append('syn match bdlUnit contained "\\<\\%%(\\%%(%s\\)\\>\\|d\\s\\+\\k\\)\\@!\\k\\+"'
               % "\\|".join(words))
    return out


def vim_builtins(called, bare):
    out = ['syn match bdlBuiltin "\\<\\%%(%s\\)\\ze\\s*("' % "\\|".join(called)]
    if bare:
        out += wrap("syn keyword bdlBuiltin", bare)
    return out


def replace_region(text, path, begin, end, lines):
    b = text.find(begin)
    e = text.find(end)
    if b < 0 or e < 0 or e < b:
        raise GenError("%s: missing marker lines %r / %r" % (path, begin, end))
    b = text.index("\n", b) + 1
    e = text.rfind("\n", 0, e) + 1
    return text[:b] + "".join(l + "\n" for l in lines) + text[e:]


def gen_vim(text, groups, called, bare):
    tag = "(%s)" % GENERATOR
    text = replace_region(text, VIM_SYNTAX, '" BEGIN GENERATED KEYWORDS ' + tag,
                          '" END GENERATED KEYWORDS', vim_keywords(groups))
    return replace_region(text, VIM_SYNTAX, '" BEGIN GENERATED BUILTINS ' + tag,
                          '" END GENERATED BUILTINS', vim_builtins(called, bare))


def tm_words(words):
    return "\\b(?:%s)\\b" % "|".join(words)


def gen_tm(text, groups, called, bare):
    try:
        grammar = json.loads(text)
    except ValueError as e:
        raise GenError("%s: %s" % (TM_GRAMMAR, e))
    repo = grammar.setdefault("repository", {})
    patterns = []
    for name, _, scope in GROUPS:
        if groups[name]:
            patterns.append({"name": scope, "match": tm_words(groups[name])})
    repo["keywords"] = {"comment": "Generated by %s from grammar/BDLLexer.g4" % GENERATOR,
                        "patterns": patterns}
    # Called means `(` right after the name: `taum (unless refractory)` is a
    # name and its flags, and bdlc fmt writes a call without a space.
    builtin = [{"name": "support.function.builtin.bdl",
                "match": "\\b(?:%s)\\b(?=\\()" % "|".join(called)}]
    if bare:
        builtin.append({"name": "support.function.builtin.bdl", "match": tm_words(bare)})
    repo["builtins"] = {"comment": "Generated by %s from compiler/sema/Builtins.cpp" % GENERATOR,
                        "patterns": builtin}
    # A number and the unit written right after it: `0.3 mS/cm^2` is one unit
    # (bdlc fmt writes a unit without spaces and a variable divided by spaced,
    # `20 mV / taum`). The unit is not a keyword, nor the `d` of a spaced
    # derivative `d y/dt`, nor a called function; the number does not end an
    # identifier (`τ1`).
    words = [w for name, _, _ in GROUPS for w in groups[name]]
    # One unit name with its exponent; a name right before `(` is a call.
    atom = "%s%s*(?!%s|\\()(?:\\^(?:-?[0-9]+|\\(-?[0-9]+(?:/[0-9]+)?\\)))?" % (
        TM_ID_START, TM_ID_CONTINUE, TM_ID_CONTINUE)
    repo["numbers"] = {
        "comment": "Generated by %s: the unit must not be a keyword" % GENERATOR,
        "match": "(?<!%s|\\.)((?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
                 "(?:[ \\t]*(?!(?:%s)(?!%s))(?!d[ \\t]+%s)(%s(?:[*/]%s)*))?"
                 % (TM_ID_CONTINUE, "|".join(words), TM_ID_CONTINUE, TM_ID_START, atom, atom),
        "captures": {"1": {"name": "constant.numeric.bdl"},
                     "2": {"name": "keyword.other.unit.bdl"}},
    }
    return json.dumps(grammar, indent=2, ensure_ascii=False) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if an editor file is out of date")
    ap.add_argument("root", help="root of the BDL source tree")
    args = ap.parse_args(argv)
    root = args.root
    try:
        groups = parse_keywords(os.path.join(root, "grammar", "BDLLexer.g4"))
        called, bare = parse_builtins(os.path.join(root, "compiler", "sema", "Builtins.cpp"))
        stale = []
        for rel, gen in ((VIM_SYNTAX, gen_vim), (TM_GRAMMAR, gen_tm)):
            path = os.path.join(root, rel)
            old = read(path)
            new = gen(old, groups, called, bare)
            if new == old:
                continue
            if args.check:
                stale.append(rel)
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
                print("updated %s" % rel)
    except (GenError, OSError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    if stale:
        for rel in stale:
            print("%s is out of date; run %s %s" % (rel, GENERATOR, root))
        return 1
    if args.check:
        print("editor keyword lists are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
