"""The claim dependency graph as inline SVG: one column per paper section, nodes linking to their sections.

Inline in HTML5, so no ``xmlns`` (the page must contain no URL at all).

Written by hand rather than with graphviz: the layout is fixed by the paper
(columns are sections, rows the claims' order within a section), so a layout
engine is not needed, and the page stays self-contained with no binary to
install. Labels are 12 px text, nodes are ``<a href="#claim-id">`` links,
edges run from the used claim to the claim that uses it. A passing claim that
rests, transitively, on a claim that is not verified or cited ("verified, local",
issue 10) has a dashed dark border. Deterministic.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from qproofs.claims import ClaimResult
from qproofs.report.closure import closures, verdict_label
from qproofs.report.fmt import VERDICT_COLOURS, tex_to_unicode

_ROW = 34  # px between node centres
_NODE_H = 24
_CHAR_W = 7.4  # px per character of a 12 px monospace-ish label (ids are ASCII)
_GUTTER = 64  # px between columns (room for same-section arcs and crossing edges)
_TOP = 34  # px above the first row (section headings)


def _node_width(claim_id: str) -> float:
    return round(len(claim_id) * _CHAR_W + 16, 1)


def dependency_svg(claims: Sequence[ClaimResult]) -> str:
    """The whole ``<svg>`` element for ``claims`` (only edges between claims present are drawn)."""
    sections = list(dict.fromkeys(c.section for c in claims))
    col_w = {s: max(_node_width(c.id) for c in claims if c.section == s) for s in sections}
    x0: dict[str, float] = {}
    x = 8.0
    for s in sections:
        x0[s] = x
        x += col_w[s] + _GUTTER
    width = round(x - _GUTTER + 40)  # room on the right for the last column's arcs
    pos: dict[str, tuple[float, float, float]] = {}  # id -> (left, centre y, width)
    rows: dict[str, int] = {}
    for c in claims:
        r = rows.get(c.section, 0)
        rows[c.section] = r + 1
        pos[c.id] = (x0[c.section] + (col_w[c.section] - _node_width(c.id)) / 2, _TOP + r * _ROW + _NODE_H / 2,
                     _node_width(c.id))
    height = _TOP + max(rows.values(), default=1) * _ROW + 6
    e = html.escape
    out = [f'<svg class="depgraph" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="claim dependency graph">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>']
    for s in sections:
        out.append(f'<text x="{x0[s] + col_w[s] / 2:.1f}" y="16" text-anchor="middle" font-size="13" '
                   f'font-weight="bold" fill="#222">Section {e(s)}</text>')
    for c in claims:
        for used in c.uses:
            if used in pos:
                out.append(_edge(pos[used], pos[c.id]))
    closure = closures(claims)
    for c in claims:
        left, cy, w = pos[c.id]
        colour = VERDICT_COLOURS[c.verdict.value]
        label = verdict_label(c.verdict.value, closure[c.id])
        border = ' stroke="#111" stroke-width="2" stroke-dasharray="4 3"' if closure[c.id] == "local" else ""
        out.append(f'<a href="#{e(c.id)}"><title>{e(c.id)}: {e(tex_to_unicode(c.title))} ({label})</title>'
                   f'<rect x="{left:.1f}" y="{cy - _NODE_H / 2:.1f}" width="{w:.1f}" height="{_NODE_H}" rx="5" '
                   f'fill="{colour}"{border}/><text x="{left + w / 2:.1f}" y="{cy + 4:.1f}" text-anchor="middle" '
                   f'font-size="12" font-family="ui-monospace,Menlo,Consolas,monospace" fill="#fff">{e(c.id)}</text></a>')
    out.append("</svg>")
    return "\n".join(out)


def _edge(src: tuple[float, float, float], dst: tuple[float, float, float]) -> str:
    """A cubic Bézier from ``src`` to ``dst``: across columns side to side, within a column an arc on the right."""
    (l0, y0, w0), (l1, y1, w1) = src, dst
    if abs((l0 + w0 / 2) - (l1 + w1 / 2)) < 1:  # same column
        a, b = l0 + w0, l1 + w1
        bulge = max(a, b) + min(14 + abs(y1 - y0) / 6, _GUTTER - 8)
        d = f"M{a:.1f},{y0:.1f} C{bulge:.1f},{y0:.1f} {bulge:.1f},{y1:.1f} {b + 2:.1f},{y1:.1f}"
    else:
        forward = l1 > l0
        a = l0 + w0 if forward else l0
        b = l1 if forward else l1 + w1
        mid = (a + b) / 2
        d = f"M{a:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {b + (-2 if forward else 2):.1f},{y1:.1f}"
    return f'<path d="{d}" fill="none" stroke="#555" stroke-width="1.1" opacity="0.75" marker-end="url(#arrow)"/>'
