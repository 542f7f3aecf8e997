#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Every code block of docs/*.md and README.md is checked or run, so that the
documentation's examples cannot fall behind the language and the tools:

- every block names its language: code (bdl, sh, python, console) or not
  (text: grammars, folder layouts, outputs; json);
- ```bdl blocks are files that `bdlc check` passes;
- ```console blocks are transcripts: each `$ command` runs and must print
  the lines shown (`...` elides lines or the rest of a line);
- ```sh and ```python blocks run, in their page's order, in one scratch
  folder per page that holds links to the repository's examples/, python/ and
  stdlib/ (so `examples/coba.bdl` and `results/...` mean what they say), with
  bdlc on PATH, PYTHONPATH=python and a non-interactive matplotlib; a block
  must exit 0 (sh: under `set -e`).

A block that cannot run here is marked on the line before it, with the
reason:

    <!-- sh fragment: needs a SLURM cluster -->
    <!-- python fragment: Brian2's code, shown beside the BDL model -->
    <!-- bdl fragment: an experiment of the network of §6 -->

and is then only checked: python blocks compile, sh blocks pass `bash -n`,
and a bdl fragment that names the file it is an excerpt of ("an excerpt of
examples/x.bdl", "the experiment of examples/x.bdl") has its lines there, in
order; other bdl fragments are not checked.

    tools/check_doc_blocks.py ROOT BDLC [--only PAGE.md]
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"(?:^<!-- (?:\w+ )?fragment: (?P<why>[^>]*?) -->\n)?^```(?P<lang>\w*)\n(?P<src>.*?)^```",
                   re.M | re.S)
# What a block may be: code that is checked or run, or text that is not code
# (grammars, folder layouts, outputs, formulas).
LANGUAGES = {"bdl", "python", "sh", "console", "text", "json"}
TIMEOUT = 600  # seconds per block
# A fragment that says it is an excerpt ("an excerpt of examples/x.bdl",
# "the experiment of examples/x.bdl") must be one: its lines, in order.
EXCERPT = re.compile(r"(?:excerpt|experiment) of (\S+\.bdl)")


def code(line):
    """A line without its comment: the docs annotate excerpts."""
    return re.sub(r"\s*//.*$", "", line).strip()


def excerpt_of(src, path):
    try:
        lines = [code(l) for l in open(path, encoding="utf-8")]
    except OSError:
        return False
    k = 0
    for want in (code(l) for l in src.splitlines() if code(l)):
        while k < len(lines) and lines[k] != want:
            k += 1
        if k == len(lines):
            return False
        k += 1
    return True


def environment(root, bdlc, scratch):
    env = dict(os.environ)
    # Debian's python3 first (the docs are for Debian 12), and a home of the
    # page's own, so that `~/bdl-env` lands in the scratch folder.
    env["PATH"] = os.pathsep.join([os.path.dirname(os.path.abspath(bdlc)), "/usr/bin", env.get("PATH", "")])
    env["HOME"] = scratch
    env["PYTHONPATH"] = os.path.join(scratch, "python")
    env["MPLBACKEND"] = "Agg"
    env["BDLC"] = os.path.abspath(bdlc)
    env["BDL_CACHE_DIR"] = os.path.join(scratch, ".cache")
    # mpirun as root, on a machine with fewer cores than ranks.
    if "ASAN_OPTIONS" in env:
        # Under make test-sanitize: Open MPI's own never-freed allocations
        # are suppressed by whole stacks, as test/validation/mpi.py does.
        env["ASAN_OPTIONS"] += ":fast_unwind_on_malloc=0"
        env["LSAN_OPTIONS"] = "suppressions=" + os.path.join(root, "test", "lsan-mpi.supp")
    env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_rmaps_base_oversubscribe="1",
               OMPI_MCA_btl_vader_single_copy_mechanism="none", OMPI_MCA_mpi_yield_when_idle="1",
               OMPI_MCA_plm="isolated")
    return env


def run(cmd, cwd, env, stdin=None):
    try:
        return subprocess.run(cmd, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, "", "timed out after %d s" % TIMEOUT)


def transcript(src, cwd, env):
    """A ```console block: each `$ command` (continued by a trailing \\) runs,
    and its output must be the lines below it, where a line `...` stands for
    any number of lines and a line ending in `...` for any rest of the line."""
    problems, lines = [], src.splitlines()
    k = 0
    while k < len(lines):
        if not lines[k].startswith("$ "):
            problems.append("output before any command: %r" % lines[k])
            break
        cmd = lines[k][2:]
        k += 1
        while cmd.endswith("\\") and k < len(lines):
            cmd = cmd[:-1] + lines[k].strip()
            k += 1
        expected = []
        while k < len(lines) and not lines[k].startswith("$ "):
            expected.append(lines[k].rstrip())
            k += 1
        r = run(["bash", "-c", cmd], cwd, env)
        actual = (r.stdout + r.stderr).rstrip("\n").splitlines()
        if r.returncode != 0:
            problems.append("`%s` exited with %d:\n%s" % (cmd, r.returncode, (r.stdout + r.stderr)[-2000:]))
        elif not matches(expected, [a.rstrip() for a in actual]):
            problems.append("`%s` printed:\n%s\nbut the page shows:\n%s" % (cmd, "\n".join(actual), "\n".join(expected)))
    return problems


def matches(expected, actual):
    if not expected:
        return not actual
    e = expected[0]
    if e.strip() == "...":
        return any(matches(expected[1:], actual[j:]) for j in range(len(actual) + 1))
    if not actual:
        return False
    line = actual[0]
    ok = line.startswith(e[:-3].rstrip()) if e.endswith("...") else line == e
    return ok and matches(expected[1:], actual[1:])


def main(argv):
    root, bdlc = argv[0], os.path.abspath(argv[1])
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    files = sorted(glob.glob(os.path.join(root, "docs", "*.md"))) + [os.path.join(root, "README.md")]
    counts = {"checked": 0, "ran": 0, "fragments": 0, "failed": 0}

    def fail(where, what, out=""):
        counts["failed"] += 1
        print("FAIL %s: %s%s" % (where, what, ("\n" + out.strip()) if out.strip() else ""))

    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            if only and os.path.basename(path) != only:
                continue
            text = open(path, encoding="utf-8").read()
            page = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0])
            os.makedirs(page)
            for name in ("examples", "python", "stdlib"):
                os.symlink(os.path.join(os.path.abspath(root), name), os.path.join(page, name))
            env = environment(root, bdlc, page)
            for m in BLOCK.finditer(text):
                line = text.count("\n", 0, m.start("src"))
                where = "%s:%d" % (os.path.relpath(path, root), line)
                lang, src, why = m.group("lang"), m.group("src"), m.group("why")
                if lang not in LANGUAGES:
                    fail(where, "a block needs one of the languages %s, not '%s'" % (", ".join(sorted(LANGUAGES)), lang))
                    continue
                if lang in ("text", "json"):
                    continue
                if lang == "console":
                    counts["ran"] += 1
                    for problem in transcript(src, page, env):
                        fail(where, problem)
                    continue
                if lang == "bdl":
                    if why is not None:
                        counts["fragments"] += 1
                        source = EXCERPT.search(why)
                        if source and not excerpt_of(src, os.path.join(root, source.group(1))):
                            fail(where, "not an excerpt of %s: a line differs or is missing" % source.group(1))
                        continue
                    block = os.path.join(tmp, "block.bdl")
                    with open(block, "w", encoding="utf-8") as f:
                        f.write(src)
                    r = run([bdlc, "check", block], tmp, env)
                    counts["checked"] += 1
                    if r.returncode != 0:
                        fail(where, "bdlc check", r.stdout + r.stderr)
                    continue
                if lang == "python":
                    try:
                        compile(src, where, "exec")
                    except SyntaxError as e:
                        fail(where, "not valid Python: %s" % e)
                        continue
                else:
                    r = run(["bash", "-n"], page, env, stdin=src)
                    if r.returncode != 0:
                        fail(where, "not valid sh", r.stderr)
                        continue
                if why is not None:
                    counts["fragments"] += 1
                    continue
                cmd = ["/usr/bin/python3", "-"] if lang == "python" else ["bash", "-e", "-o", "pipefail", "-s"]
                r = run(cmd, page, env, stdin=src)
                counts["ran"] += 1
                if r.returncode != 0:
                    fail(where, "the %s block exited with %d" % (lang, r.returncode), (r.stdout + r.stderr)[-3000:])
    print("doc blocks: %(checked)d checked, %(ran)d ran, %(fragments)d marked as fragments, %(failed)d failed" % counts)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
