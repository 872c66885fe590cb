"""Formatting of evidence values for tables (one float format everywhere)."""

from __future__ import annotations

from typing import Any

VERDICT_COLOURS = {
    "verified": "#2e7d32",
    "cited": "#1565c0",
    "refuted": "#c62828",
    "gap": "#ef6c00",
    "inconclusive": "#757575",
    "error": "#6a1b9a",
}
STATUS_MARK = {"pass": "pass", "fail": "FAIL", "inconclusive": "inconclusive", "error": "ERROR"}


def fmt_value(v: Any, limit: int = 160) -> str:
    """Compact text for a JSON value: floats to 6 significant digits, long text cut."""
    text = _fmt(v)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, dict):
        if set(v) == {"re", "im"}:
            return f"{_fmt(v['re'])}{'+' if (v['im'] or 0) >= 0 else ''}{_fmt(v['im'])}i"
        return ", ".join(f"{k}={_fmt(x)}" for k, x in v.items())
    if isinstance(v, list):
        inner = ", ".join(_fmt(x) for x in v[:8])
        return f"[{inner}{', …' if len(v) > 8 else ''}]"
    return str(v)


def fmt_tolerance(t: Any) -> str:
    """Tolerance column: 'exact', a float in %g, or '—'."""
    if t is None:
        return "—"
    if isinstance(t, float):
        return f"{t:g}"
    return str(t)
