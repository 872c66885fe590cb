"""``reports/badge.svg``: "30 verified · 3 gap · 2 cited", coloured by the worst verdict.

A flat two-part badge in the shields.io layout, written by hand (a dozen lines
of SVG; no network, no extra dependency). Text widths are estimated from
Verdana 11 px advance widths, as shields' static badges do, so the output is
deterministic.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from qproofs.report.fmt import VERDICT_COLOURS

_ORDER = ("verified", "refuted", "gap", "cited", "inconclusive", "error")
_WORST_FIRST = ("error", "refuted", "gap", "inconclusive")
_NARROW = set("il.,:;|!'· ")
_WIDE = set("mwMW")


def badge_text(summary: Mapping[str, int]) -> str:
    """``"30 verified · 3 gap · 2 cited"``: non-zero counts in verdict order."""
    parts = [f"{summary[v]} {v}" for v in _ORDER if summary.get(v)]
    return " · ".join(parts) if parts else "no claims"


def badge_colour(summary: Mapping[str, int]) -> str:
    """The colour of the worst verdict present (error, refuted, gap, inconclusive), else verified green."""
    for v in _WORST_FIRST:
        if summary.get(v):
            return VERDICT_COLOURS[v]
    return VERDICT_COLOURS["verified"]


def _width(text: str) -> int:
    return round(sum(3.5 if ch in _NARROW else 9.5 if ch in _WIDE else 6.8 for ch in text)) + 10


def badge_svg(summary: Mapping[str, int], label: str = "qproofs") -> str:
    """The SVG badge for a summary (count per verdict)."""
    text = badge_text(summary)
    lw, rw = _width(label), _width(text)
    w = lw + rw
    e = html.escape
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" '
        f'aria-label="{e(label)}: {e(text)}"><title>{e(label)}: {e(text)}</title>'
        f'<clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/>'
        f'<rect x="{lw}" width="{rw}" height="20" fill="{badge_colour(summary)}"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{lw / 2:g}" y="14">{e(label)}</text><text x="{lw + rw / 2:g}" y="14">{e(text)}</text></g></svg>\n'
    )
