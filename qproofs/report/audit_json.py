"""``audit.json`` (schema ``qproofs.audit/1``): deterministic writing and validated reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qproofs.errors import ConfigError
from qproofs.runner import Audit


def dumps(doc: dict[str, Any]) -> str:
    """Sorted keys, two-space indent, strict JSON (no NaN)."""
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(audit: Audit, path: Path) -> Path:
    """Write ``audit`` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(audit.to_dict()), encoding="utf-8")
    return path


def read_json(path: Path) -> Audit:
    """Load an audit, with a one-line error for a missing or malformed file."""
    if not path.is_file():
        raise ConfigError(f"{path}: no audit.json here (run 'qproofs verify' first)")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: not a qproofs audit document")
    return Audit.from_dict(doc)
