# SPDX-License-Identifier: Apache-2.0
"""Finding bdlc, compiling a model into a cache of executables, and compile errors."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_REPO = Path(__file__).resolve().parents[2]


class BdlcNotFound(RuntimeError):
    """No bdlc executable: neither $BDLC, nor build/bin/bdlc of this checkout, nor one on PATH."""


@dataclass(frozen=True)
class Diagnostic:
    """One `file:line:col: severity: message [CODE]` line of bdlc's output."""
    file: str
    line: int
    col: int
    severity: str
    message: str
    code: str

    def __str__(self):
        return "%s:%d:%d: %s: %s [%s]" % (self.file, self.line, self.col, self.severity, self.message, self.code)


# Notes have no code; they belong to the diagnostic above them and stay in the text.
_DIAG_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): "
                        r"(?P<msg>.*) \[(?P<code>[EW]\d{4})\]$", re.M)


def parse_diagnostics(text):
    """The errors and warnings in bdlc's rendered text output, in order."""
    return [Diagnostic(m["file"], int(m["line"]), int(m["col"]), m["sev"], m["msg"], m["code"])
            for m in _DIAG_LINE.finditer(text)]


class CompileError(Exception):
    """bdlc refused the model. `text` is its whole output (carets, notes, help
    lines); `diagnostics` the parsed error and warning lines; `code` the first
    error's code (e.g. 'E0305')."""

    def __init__(self, text, source=None, returncode=None):
        self.text = text
        self.source = source
        self.returncode = returncode
        self.diagnostics = parse_diagnostics(text)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        self.code = errors[0].code if errors else None
        super().__init__(text.rstrip() or "bdlc failed with status %s" % returncode)


def find_bdlc(bdlc=None):
    """The compiler to use: the argument, $BDLC, this checkout's build/bin/bdlc,
    then `bdlc` on PATH."""
    for candidate in (bdlc, os.environ.get("BDLC"), _REPO / "build" / "bin" / "bdlc"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(Path(candidate).resolve())
    found = shutil.which("bdlc")
    if found:
        return found
    raise BdlcNotFound("bdlc not found: set BDLC, build this checkout (make build), or put bdlc on PATH")


def cache_dir():
    """$BDL_CACHE_DIR, else $XDG_CACHE_HOME/bdl, else ~/.cache/bdl."""
    if os.environ.get("BDL_CACHE_DIR"):
        return Path(os.environ["BDL_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bdl"


_IMPORT = re.compile(r'^\s*import\s+(?:"(?P<path>[^"]+)"|(?P<mod>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))', re.M)
_NPY = re.compile(r'\bnpy\(\s*"(?P<path>[^"]+)"')


def _search_path(bdlc, include):
    # The order of docs/language.md §4 after the importing file's own folder.
    exe = Path(bdlc).resolve()
    dirs = [Path(d) for d in include]
    dirs += [exe.parents[2] / "stdlib", exe.parents[1] / "share" / "bdl" / "stdlib", _REPO / "stdlib"]
    dirs += [Path(d) for d in os.environ.get("BDL_PATH", "").split(":") if d]
    return dirs


def dependencies(source, bdlc, include=()):
    """The files a build reads: the source, the modules it imports (transitively)
    and the .npy files they name. Found by pattern, not by the parser, so that
    the cache key needs no compiler run; a file it misses is only a stale
    cache (compile(..., force=True) rebuilds)."""
    seen, todo, dirs = [], [Path(source).resolve()], _search_path(bdlc, include)
    while todo:
        f = todo.pop()
        if f in seen or not f.is_file():
            continue
        seen.append(f)
        if f.suffix != ".bdl":
            continue
        text = f.read_text(errors="replace")
        for m in _IMPORT.finditer(text):
            if m["path"]:
                todo.append((f.parent / m["path"]).resolve())
                continue
            rel = Path(*m["mod"].split(".")).with_suffix(".bdl")
            for d in [f.parent] + dirs:
                if (d / rel).is_file():
                    todo.append((d / rel).resolve())
                    break
        todo += [(f.parent / m["path"]).resolve() for m in _NPY.finditer(text)]
    return seen


def cache_key(source, bdlc, options, include=()):
    """A hash of what the executable depends on: the bdlc binary (path, size,
    modification time), the build options, and every dependency's contents."""
    h = hashlib.sha256()
    st = os.stat(bdlc)
    h.update(("%s\0%d\0%d\0" % (bdlc, st.st_size, st.st_mtime_ns)).encode())
    h.update(json.dumps(options, sort_keys=True).encode())
    for f in dependencies(source, bdlc, include):
        h.update(str(f).encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def build(source, experiment=None, include=(), precision=None, mcpu=None, opt=None,
          bdlc=None, cache=None, force=False, mpi=False):
    """Runs `bdlc build` unless the cache holds the executable already. Returns
    (executable path, bdlc path, warnings text). Raises CompileError."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError("no such model file: %s" % source)
    bdlc = find_bdlc(bdlc)
    args = []
    if experiment:
        args += ["--experiment", experiment]
    for d in include:
        args += ["-I", str(d)]
    if precision:
        args += ["--precision", precision]
    if mcpu:
        args += ["--mcpu", mcpu]
    if opt is not None:
        args += ["-O", str(opt)]
    if mpi:
        args.append("--mpi")
    key = cache_key(source, bdlc, args, include)
    folder = Path(cache or cache_dir()) / key[:24]
    exe = folder / (source.stem + (("-" + experiment) if experiment else ""))
    log = folder / "build.log"
    if exe.is_file() and not force:
        return str(exe), bdlc, log.read_text() if log.is_file() else ""
    folder.mkdir(parents=True, exist_ok=True)
    # Built under a private name and renamed into place, so that two processes
    # compiling the same model never run a half-written executable.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".build-")
    os.close(fd)
    try:
        # Diagnostics go to stderr, uncoloured when it is not a terminal.
        p = subprocess.run([bdlc, "build", str(source), "-o", tmp] + args, capture_output=True, text=True)
        if p.returncode < 0:
            # A crash prints no diagnostic; say so rather than raise an empty error.
            raise CompileError(p.stderr + "bdlc %s was killed by signal %d while building %s\n"
                               % (bdlc, -p.returncode, source), source=str(source), returncode=p.returncode)
        if p.returncode != 0:
            raise CompileError(p.stderr or p.stdout, source=str(source), returncode=p.returncode)
        warnings = p.stderr
        os.replace(tmp, exe)
        log.write_text(warnings)
        return str(exe), bdlc, warnings
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
