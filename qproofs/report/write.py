"""Write the whole report (figures, ``audit.json``, ``audit.md``, ``audit.html``) into one directory, safely.

Guarantees (issue 13):

* **Atomic files.** :func:`atomic_write` is the one function every report file
  (and any other file qproofs writes, e.g. a certificate) goes through: a
  temporary file in the same directory, flushed and fsynced, then
  ``os.replace``'d over the target. A reader sees the old bytes or the new
  bytes, never a prefix.
* **All-or-nothing report.** The files of one audit are rendered into a
  staging directory ``<out>/.staging-<pid>-<token>/``. When every file is
  complete, the *commit record* ``COMMIT`` (the list of files and their
  SHA-256) is written atomically inside it: that is the commit point. The
  files are then renamed into place, the manifest
  ``<out>/.qproofs-manifest.json`` (files of the current report and their
  SHA-256) last, and the staging directory is removed. A run killed before
  the commit point leaves the previous report exactly as it was (the next run
  deletes the stale staging directory); a run killed after it leaves a commit
  record that the next qproofs command writing to that directory completes
  (roll forward) before doing anything else (:func:`recover`). Between such a
  kill and the next run, a reader that bypasses qproofs may see some files
  renamed and others not; the manifest names the files and hashes of the
  committed report, and :func:`verify_manifest` checks them.
* **One writer at a time.** The read–merge–write of a report holds an
  exclusive lock on ``<out>/.qproofs.lock`` (``fcntl.flock``). A second run
  *waits*, saying once on stderr who holds the lock (pid, start time,
  command), for at most ``lock_wait_s`` (default 600 s), then stops with
  :class:`~qproofs.errors.LockTimeout`. Computing is not locked: two runs may
  compute at once and their writes are serialised (and merged). The kernel
  releases the lock of a killed process; the pid and process start time it
  left in the lock file identify it, and it is reported as a stale lock and
  cleared.
* **Merge.** Unless ``fresh``, the claims of the new audit replace their
  namesakes in ``<out>/audit.json`` and the others are kept, each with the run
  that produced it (:func:`qproofs.runner.merge_audits`).
* **Safe paths.** Every file name derived from a claim id or figure name goes
  through :func:`safe_name`, and every path is checked to lie inside ``out``.
* **Deterministic.** Markdown and HTML are rendered from the audit as read
  back from the JSON just written, so ``qproofs verify`` and
  ``qproofs report`` produce the same bytes from the same ``audit.json``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from qproofs.errors import ConfigError, LockTimeout, OutputError
from qproofs.runner import Audit, merge_audits

GRAPH = "figures/claim-graph.png"
MANIFEST = ".qproofs-manifest.json"
MANIFEST_SCHEMA = "qproofs.manifest/1"
LOCK_FILE = ".qproofs.lock"
STAGING_PREFIX = ".staging-"
COMMIT = "COMMIT"
_FAULT_ENV = "QPROOFS_FAULT_KILL_AT"
_fault_counter = [0]


def _fault_point() -> None:
    """Test seam: with ``QPROOFS_FAULT_KILL_AT=k`` the process SIGKILLs itself at the k-th write step.

    The fault-injection tests use it to kill a report write at every step
    deterministically; it does nothing otherwise.
    """
    target = os.environ.get(_FAULT_ENV)
    if target is None:
        return
    _fault_counter[0] += 1
    if str(_fault_counter[0]) == target:
        os.kill(os.getpid(), signal.SIGKILL)


# ----------------------------------------------------------------- atomic ---


def atomic_write(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically: temp file in the same directory, fsync, ``os.replace``.

    The parent directory is created if needed. A reader of ``path`` sees the
    previous content or the new content, never a mix; a crash leaves at most
    a ``.<name>.tmp-*`` file, never a truncated ``path``.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> atomic_write(d / "x.txt", "hello").read_text()
    'hello'
    """
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name[:100]}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a directory be opened
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ------------------------------------------------------------------ paths ---

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_name(text: str, limit: int = 120) -> str:
    """``text`` as one safe path component: letters, digits, ``.``, ``_``, ``-``; no leading dot.

    Well-formed claim ids and figure names pass unchanged; anything else
    (``/``, ``..``, control characters) cannot leave the directory it is
    joined to. Long names are cut and suffixed with a hash so they stay unique.

    >>> safe_name("ring.cut-entropy")
    'ring.cut-entropy'
    >>> safe_name("../../../escaped")
    '_.._.._.._escaped'
    """
    name = _UNSAFE.sub("_", text)
    if not name or name.startswith("."):
        name = "_" + name
    if len(name) > limit:
        name = f"{name[:limit - 11]}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"
    return name


def inside(out: Path, rel: str) -> Path:
    """``out / rel``, refusing any ``rel`` that would resolve outside ``out``."""
    base = out.resolve()
    target = (base / rel).resolve()
    if base != target and base not in target.parents:
        raise ConfigError(f"refusing to write {rel!r}: outside the output directory {out}")
    return target


def figure_path(claim_id: str, figure_name: str) -> str:
    """Report-relative path of one figure: ``figures/<claim>--<figure>.png``, sanitised."""
    return f"figures/{safe_name(f'{claim_id}--{figure_name}')}.png"


# ------------------------------------------------------------- output dir ---


def check_output_dir(out: str | Path, *, fresh: bool = True) -> Path:
    """Make sure ``out`` can hold a report, before anything is computed; return it.

    It must be a directory or creatable as one, and writable (tested by
    creating and removing a file: permission bits alone do not tell, e.g. for
    root or on a read-only mount). Unless ``fresh``, an ``audit.json`` already
    there must be readable, since the new claims will be merged into it.
    Raises :class:`~qproofs.errors.OutputError` (exit 64) naming the problem.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: is a file, not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot create the directory ({exc.strerror or exc})") from None
    probe = out / f".qproofs-write-test-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"--out {out}: not writable ({exc.strerror or exc})") from None
    if not fresh:
        _existing_audit(out)
    return out


def _existing_audit(out: Path) -> Audit | None:
    from qproofs.report.audit_json import read_json

    if not (out / "audit.json").is_file():
        return None
    try:
        return read_json(out / "audit.json")
    except ConfigError as exc:
        raise ConfigError(f"{exc} (the new claims would be merged into it; use --fresh to replace it)") from None


# ------------------------------------------------------------------- lock ---


def _process_start(pid: int) -> str | None:
    """Start time of ``pid`` in clock ticks since boot (``/proc/<pid>/stat`` field 22), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _holder_alive(info: Mapping[str, Any]) -> bool:
    pid = info.get("pid")
    if not isinstance(pid, int) or info.get("host") != socket.gethostname():
        return False
    start = _process_start(pid)
    if start is None:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return info.get("process_start") is None
    return start == info.get("process_start")


class OutputLock:
    """Exclusive lock on an output directory (``<out>/.qproofs.lock``, ``fcntl.flock``).

    Waits for another holder, printing once who it is, for at most
    ``wait_s`` seconds. Records this process's pid, process start time, host
    and command in the file; a record left by a process that is gone (pid not
    running, or running with another start time: a reused pid) is reported
    as a stale lock and cleared.
    """

    def __init__(self, out: Path, wait_s: float = 600.0, say: Callable[[str], None] | None = None) -> None:
        self.path = Path(out) / LOCK_FILE
        self.wait_s = wait_s
        self.say = say or (lambda m: print(f"qproofs: {m}", file=sys.stderr, flush=True))
        self._fh: IO[str] | None = None

    def __enter__(self) -> OutputLock:
        import fcntl

        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until __exit__
        deadline = time.monotonic() + self.wait_s
        told = False
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    fh.close()
                    raise
            if not told:
                self.say(f"waiting for {self.path.parent}: another qproofs run is writing it "
                         f"({self._describe(self._read(fh))}); up to {self.wait_s:g} s")
                told = True
            if time.monotonic() >= deadline:
                fh.close()
                raise LockTimeout(f"--out {self.path.parent}: still locked by another qproofs run after "
                                  f"{self.wait_s:g} s ({self._describe(self._read(fh))})")
            time.sleep(0.2)
        previous = self._read(fh)
        if previous and not _holder_alive(previous):
            self.say(f"cleared a stale lock on {self.path.parent} left by {self._describe(previous)}, "
                     "which is no longer running")
        me = {"pid": os.getpid(), "process_start": _process_start(os.getpid()), "host": socket.gethostname(),
              "since": datetime.now(UTC).isoformat(timespec="seconds"), "command": " ".join(sys.argv)[:200]}
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(me, sort_keys=True))
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self._fh is not None:
            self._fh.seek(0)
            self._fh.truncate()  # a clean release leaves no holder record behind
            self._fh.flush()
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    @staticmethod
    def _read(fh: IO[str]) -> dict[str, Any]:
        try:
            fh.seek(0)
            info = json.loads(fh.read() or "{}")
        except (OSError, ValueError):
            return {}
        return info if isinstance(info, dict) else {}

    @staticmethod
    def _describe(info: Mapping[str, Any]) -> str:
        if not info:
            return "holder unknown"
        return f"pid {info.get('pid')} on {info.get('host')} since {info.get('since')}: {info.get('command', '')}"


# ---------------------------------------------------------------- commit ---


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(out: Path) -> dict[str, str]:
    try:
        doc = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = doc["files"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def verify_manifest(out: str | Path) -> list[str]:
    """Files of the committed report whose bytes differ from the manifest (empty: the report is whole)."""
    out = Path(out)
    bad = []
    for rel, digest in sorted(_read_manifest(out).items()):
        path = inside(out, rel)
        if not path.is_file() or _sha256(path) != digest:
            bad.append(rel)
    return bad


def _commit(out: Path, staging: Path, files: list[str], remove: list[str]) -> None:
    """Rename the staged ``files`` into ``out`` (the manifest last), delete ``remove``, drop ``staging``."""
    for rel in files:
        src = staging / rel
        if src.is_file():
            dst = inside(out, rel)
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
            _fault_point()
    for rel in remove:
        with contextlib.suppress(FileNotFoundError):
            inside(out, rel).unlink()
    _fsync_dir(out)
    _fsync_dir(out / "figures")
    shutil.rmtree(staging, ignore_errors=True)


def recover(out: str | Path) -> list[str]:
    """Finish or discard what interrupted writes left in ``out``; return what was done (call under the lock).

    A staging directory with a commit record is rolled forward; one without
    (killed before the commit point) is deleted, and so are stray temp files
    of :func:`atomic_write`.
    """
    out = Path(out)
    done = []
    for staging in sorted(out.glob(f"{STAGING_PREFIX}*")):
        record = staging / COMMIT
        if staging.is_dir() and record.is_file():
            try:
                doc = json.loads(record.read_text(encoding="utf-8"))
                files, remove = list(doc["files"]), list(doc["remove"])
            except (OSError, ValueError, KeyError, TypeError):
                files, remove = [], []
            if files:
                _commit(out, staging, files, remove)
                done.append(f"completed the interrupted write {staging.name}")
                continue
        shutil.rmtree(staging, ignore_errors=True) if staging.is_dir() else staging.unlink(missing_ok=True)
        done.append(f"discarded the incomplete write {staging.name}")
    for tmp in [*out.glob(".*.tmp-*"), *out.glob("figures/.*.tmp-*")]:
        tmp.unlink(missing_ok=True)
    return done


# ----------------------------------------------------------------- render ---


def _render(audit: Audit, staging: Path, warn: Callable[[str], None], history: Path,
            append_history: bool = False) -> tuple[Audit, list[str]]:
    """Draw figures and write JSON, Markdown and HTML into ``staging``; return the audit as written and the files."""
    from qproofs.report.audit_json import dumps
    from qproofs.report.badge import badge_svg
    from qproofs.report.errata import render_errata
    from qproofs.report.figures import draw_dependency_graph, draw_figure, prerender
    from qproofs.report.html import render_html
    from qproofs.report.markdown import render_markdown

    prerender([fig for c in audit.claims for fig in c.figure_specs])  # uncached ones, in parallel, into the cache
    files: list[str] = []
    claims = []
    for c in audit.claims:
        paths = []
        for fig in c.figure_specs:
            rel = figure_path(c.id, fig.name)
            try:
                draw_figure(fig, inside(staging, rel))
            except Exception as exc:  # noqa: BLE001 - a figure must never cost the audit its record
                warn(f"figure {fig.name!r} of {c.id} not drawn ({type(exc).__name__}: {exc})")
                continue
            _fault_point()
            paths.append(rel)
            files.append(rel)
        claims.append(replace(c, figures=tuple(paths)))
    audit = replace(audit, claims=tuple(claims))
    audit, certificates = _stage_certificates(audit, staging)
    files += certificates
    graph: str | None = GRAPH
    try:
        draw_dependency_graph(audit.claims, staging / GRAPH)
        files.append(GRAPH)
    except Exception as exc:  # noqa: BLE001 - as above
        warn(f"dependency graph not drawn ({type(exc).__name__}: {exc})")
        graph = None
    text = dumps(audit.to_dict())
    (staging / "audit.json").write_text(text, encoding="utf-8")
    _fault_point()
    as_read = Audit.from_dict(json.loads(text))  # render what a later 'qproofs report' will read
    (staging / "audit.md").write_text(render_markdown(as_read, graph), encoding="utf-8")
    _fault_point()
    (staging / "audit.html").write_text(render_html(as_read, staging, graph), encoding="utf-8")
    _fault_point()
    (staging / "errata.md").write_text(render_errata(as_read), encoding="utf-8")
    (staging / "badge.svg").write_text(badge_svg(as_read.summary), encoding="utf-8")
    files += ["audit.json", "audit.md", "audit.html", "errata.md", "badge.svg"]
    # history.jsonl belongs to the report's unit: kept as it is on a re-render, one line longer for a new audit
    old = history.read_text(encoding="utf-8") if history.is_file() else ""
    if append_history:
        from qproofs.report.history import history_line

        old += history_line(as_read.to_dict()) + "\n"
    if old:
        (staging / "history.jsonl").write_text(old, encoding="utf-8")
        files.append("history.jsonl")
    return as_read, files


def _stage_certificates(audit: Audit, staging: Path) -> tuple[Audit, list[str]]:
    """Write each check's certificate documents under ``staging/certificates/`` and link them (issue 12).

    Claims kept from an earlier run carry no documents in memory; their files stay where they are.
    """
    from qproofs.certificates import write_audit_certificates

    links = write_audit_certificates(audit, staging)
    if not links:
        return audit, []
    claims = tuple(replace(c, checks=tuple(replace(k, certificate=links.get((c.id, k.name), k.certificate))
                                           for k in c.checks)) for c in audit.claims)
    root = staging / "certificates"
    files = sorted(p.relative_to(staging).as_posix() for p in root.rglob("*.json") if not p.name.startswith("."))
    return replace(audit, claims=claims), files


def _warn(message: str) -> None:
    print(f"qproofs: warning: {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def locked(out: str | Path, lock_wait_s: float = 600.0) -> Iterator[Path]:
    """Hold the output lock on ``out`` and complete or discard interrupted writes first."""
    out = check_output_dir(out)
    with OutputLock(out, lock_wait_s):
        for line in recover(out):
            _warn(f"{out}: {line}")
        yield out


def update_report(out: str | Path, change: Callable[[Audit | None], Audit], *, lock_wait_s: float = 600.0,
                  warn: Callable[[str], None] = _warn, read: bool = True, history: bool = False) -> Audit:
    """Read ``out/audit.json`` (``None`` if absent or not ``read``), apply ``change``, write the result as one unit.

    All of it under the output lock.
    """
    with locked(out, lock_wait_s) as base:
        audit = change(_existing_audit(base) if read else None)
        staging = base / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        staging.mkdir()
        try:
            written, files = _render(audit, staging, warn, base / "history.jsonl", history)
            previous = set(_read_manifest(base)) | {f for c in _previous_figures(base) for f in c}
            remove = sorted(p for p in previous - set(files) if p.startswith("figures/") and p.endswith(".png"))
            digests = {rel: _sha256(staging / rel) for rel in files}
            (staging / MANIFEST).write_text(json.dumps({"schema": MANIFEST_SCHEMA, "files": digests,
                                                        "run": written.run.started}, sort_keys=True, indent=1))
            for rel in [*files, MANIFEST]:
                with open(staging / rel, "rb") as fh:
                    os.fsync(fh.fileno())
            _fsync_dir(staging)
            _fsync_dir(staging / "figures")
            _fault_point()
            atomic_write(staging / COMMIT, json.dumps({"files": [*files, MANIFEST], "remove": remove}))
            _fault_point()  # the commit point is behind us: from here on, the new report wins
        except BaseException:
            if not (staging / COMMIT).is_file():
                shutil.rmtree(staging, ignore_errors=True)
            raise
        _commit(base, staging, [*files, MANIFEST], remove)
        return written


def _previous_figures(out: Path) -> list[tuple[str, ...]]:
    """Figure paths the current ``audit.json`` references (legacy reports have no manifest)."""
    try:
        doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
        return [tuple(str(f) for f in c.get("figures", ()) if isinstance(f, str)) for c in doc["claims"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []


def write_report(audit: Audit, out: str | Path, *, fresh: bool = False, lock_wait_s: float = 600.0) -> Audit:
    """Write ``audit`` into ``out`` as one unit; return the audit as written (figure paths set).

    Unless ``fresh``, the audit is merged into the report already in ``out``:
    its claims replace their namesakes, the others are kept (each with the
    run that produced it). See the module docstring for the guarantees.
    """

    def change(old: Audit | None) -> Audit:
        return audit if old is None else merge_audits(old, audit)

    return update_report(out, change, lock_wait_s=lock_wait_s, read=not fresh, history=True)


def rerender(out: str | Path, *, lock_wait_s: float = 600.0) -> Audit:
    """Re-render the report in ``out`` from its ``audit.json`` (``qproofs report``): byte-identical when unchanged."""
    from qproofs.report.audit_json import read_json

    read_json(Path(out) / "audit.json")  # the one-line error for a missing or malformed file, before locking

    def change(old: Audit | None) -> Audit:
        return old if old is not None else read_json(Path(out) / "audit.json")

    return update_report(out, change, lock_wait_s=lock_wait_s)
