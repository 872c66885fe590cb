"""Shape checks shared by the kinds: exact key sets (``missing-field`` / ``unknown-field``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from qproofs.certcheck.errors import Rejected


def fields(obj: Any, where: str, required: Sequence[str], optional: Sequence[str] = ()) -> Mapping[str, Any]:
    """``obj`` as a mapping holding every key of ``required``, nothing outside required + optional."""
    if not isinstance(obj, Mapping):
        raise Rejected("missing-field", f"{where} must be a JSON object")
    missing = [k for k in required if k not in obj]
    if missing:
        raise Rejected("missing-field", f"{where} lacks {', '.join(missing)}")
    extra = sorted(set(obj) - set(required) - set(optional))
    if extra:
        raise Rejected("unknown-field", f"{where} has unknown key(s) {', '.join(map(repr, extra))}")
    return obj
