"""Reading certificate files and dispatching by kind: :func:`check_file`, :func:`check_paths`.

The trusted kernel of issue 12 ("Proof-carrying audits"): it re-derives every
accepted statement from the file alone (problem data + witness), after binding
the problem to its SHA-256. Reasons and format: docs/certificates.md.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qproofs.certcheck.errors import Rejected, UnreadableCertificate
from qproofs.certcheck.structure import fields

SCHEMA = "qproofs.cert/1"
KINDS = ("sdp-dual", "sdp-dual-float", "identity", "table")
TOP_KEYS = ("schema", "kind", "claim", "check", "problem", "statement", "witness", "problem_sha256", "producer")
MAX_FILE_BYTES = 256 * 2**20


@dataclass(frozen=True)
class CheckOutcome:
    """One certificate's verdict: ``accepted`` and a reason starting with its code (``ok`` when accepted)."""

    file: str
    claim: str
    check: str
    kind: str
    accepted: bool
    reason: str
    seconds: float

    @property
    def code(self) -> str:
        """The reason code (``ok``, ``hash-mismatch``, ...)."""
        return self.reason.split(":", 1)[0]


def canonical_json(obj: Any) -> str:
    """The canonical text hashed by ``problem_sha256`` (sorted keys, no whitespace, UTF-8 kept)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def problem_sha256(problem: Any) -> str:
    """Hex SHA-256 of the canonical JSON of ``problem``."""
    return hashlib.sha256(canonical_json(problem).encode("utf-8")).hexdigest()


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def load(path: str | Path) -> dict[str, Any]:
    """The certificate object of a file; :class:`UnreadableCertificate` if it cannot be one."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableCertificate("unreadable", f"{p}: larger than {MAX_FILE_BYTES} bytes")
        text = p.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableCertificate("unreadable", f"{p}: {type(exc).__name__}: {exc}") from exc
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise UnreadableCertificate("not-json", f"{p}: not valid JSON ({str(exc)[:80]})") from exc
    if not isinstance(doc, dict):
        raise UnreadableCertificate("not-object", f"{p}: the top level is not a JSON object")
    if doc.get("schema") != SCHEMA:
        raise UnreadableCertificate("unknown-schema", f"{p}: schema {str(doc.get('schema'))[:40]!r} is not "
                                    f"{SCHEMA!r}")
    return doc


def _checker(kind: str) -> Callable[[Any, Any, Any], str]:
    if kind == "sdp-dual":
        from qproofs.certcheck.sdp import check_sdp

        return check_sdp
    if kind == "sdp-dual-float":
        from qproofs.certcheck.sdpfloat import check_sdp_float

        return check_sdp_float
    if kind == "identity":
        from qproofs.certcheck.identity import check_identity

        return check_identity
    from qproofs.certcheck.table import check_table

    return check_table


def check_document(doc: dict[str, Any]) -> str:
    """Verify a loaded certificate; returns the ``ok: ...`` reason or raises :class:`Rejected`."""
    fields(doc, "certificate", TOP_KEYS)
    kind = doc["kind"]
    if kind not in KINDS:
        raise Rejected("unknown-kind", f"kind {str(kind)[:40]!r} is not one of {', '.join(KINDS)}")
    for key in ("claim", "check"):
        if not isinstance(doc[key], str):
            raise Rejected("missing-field", f"{key} must be a string")
    if not isinstance(doc["producer"], dict):
        raise Rejected("missing-field", "producer must be an object")
    if problem_sha256(doc["problem"]) != doc["problem_sha256"]:
        raise Rejected("hash-mismatch", "problem_sha256 does not match the canonical problem data")
    return _checker(kind)(doc["problem"], doc["statement"], doc["witness"])


def check_file(path: str | Path) -> CheckOutcome:
    """Check one certificate file (raises :class:`UnreadableCertificate` for unreadable input)."""
    t0 = time.perf_counter()
    doc = load(path)
    labels = [str(doc.get(k, "?"))[:80] if isinstance(doc.get(k), str) else "?" for k in ("claim", "check", "kind")]
    try:
        reason, ok = check_document(doc), True
    except Rejected as exc:
        reason, ok = str(exc), False
    except RecursionError:
        reason, ok = "bad-statement: nested too deeply", False
    except Exception as exc:  # noqa: BLE001 - a checker bug or a library error on crafted input: never accept
        reason, ok = f"internal-error: {type(exc).__name__}: {str(exc)[:120]}", False
    return CheckOutcome(str(path), labels[0], labels[1], labels[2], ok, reason, time.perf_counter() - t0)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files to check: a directory contributes its ``*.json``, recursively, sorted; none found is unreadable."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.json") if q.is_file() and not q.name.startswith(".")))
        elif p.exists():
            out.append(p)
        else:
            raise UnreadableCertificate("unreadable", f"{p}: no such file or directory")
    if not out:
        raise UnreadableCertificate("no-certificates", "no certificate (*.json) found in "
                                    + ", ".join(map(str, paths)))
    return out


def check_paths(paths: Iterable[str | Path]) -> list[CheckOutcome]:
    """Check every certificate under ``paths`` (files, or directories of ``*.json``)."""
    return [check_file(p) for p in expand(list(paths))]
