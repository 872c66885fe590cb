"""``reports/history.jsonl``: one line per audit, appended by the report writer.

Each line is one JSON object with sorted keys: ``date`` (the run's start),
``version``, ``seed``, ``profile``, ``selection``, ``duration_s``, ``counts``
(per verdict, zeros included) and ``verdicts`` (claim id → verdict). A file of
such lines is read back by :func:`read_history`; ``qproofs diff`` compares full
audits, this file keeps the trend cheaply.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qproofs.errors import ConfigError

VERDICT_ORDER = ("verified", "refuted", "gap", "cited", "inconclusive", "error")


def history_record(audit: Mapping[str, Any]) -> dict[str, Any]:
    """The history entry of an audit document (``qproofs.audit/1``)."""
    run = audit["run"]
    verdicts = {c["id"]: c["verdict"] for c in audit["claims"]}
    counts = {v: sum(x == v for x in verdicts.values()) for v in VERDICT_ORDER}
    return {"date": run.get("started"), "version": run.get("qproofs_version"), "seed": run.get("seed"),
            "profile": run.get("profile"), "selection": list(run.get("selection") or ()),
            "duration_s": run.get("duration_s"), "counts": counts, "verdicts": verdicts}


def history_line(audit: Mapping[str, Any]) -> str:
    """One line (no trailing newline) of ``history.jsonl`` for an audit document."""
    return json.dumps(history_record(audit), sort_keys=True, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":"))


def read_history(path: str | Path) -> list[dict[str, Any]]:
    """Every entry of a ``history.jsonl`` file, oldest first (one-line error on a malformed line)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read history ({exc.__class__.__name__})") from exc
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{p}:{n}: not a JSON line ({exc.msg})") from exc
        if not isinstance(entry, dict) or "verdicts" not in entry:
            raise ConfigError(f"{p}:{n}: not a qproofs history entry")
        out.append(entry)
    return out
