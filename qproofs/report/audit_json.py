"""``audit.json`` (schema ``qproofs.audit/1``): deterministic writing and validated reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qproofs.jsonfile import read_json_object
from qproofs.runner import Audit


def dumps(doc: dict[str, Any]) -> str:
    """Sorted keys, two-space indent, strict JSON (no NaN)."""
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(audit: Audit, path: Path) -> Path:
    """Write ``audit`` to ``path`` (atomically; a whole report goes through :func:`qproofs.report.write.write_report`)."""
    from qproofs.report.write import atomic_write

    return atomic_write(path, dumps(audit.to_dict()))


def read_json(path: Path) -> Audit:
    """Load an audit, with a one-line error for a missing or malformed file."""
    doc = read_json_object(path, missing="no audit.json here (run 'qproofs verify' first)")
    return Audit.from_dict(doc)
