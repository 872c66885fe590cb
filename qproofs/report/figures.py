"""Draw :class:`~qproofs.claims.Figure` specs and the claim dependency graph to PNG."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no display on CI
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from qproofs.claims import ClaimResult, Figure  # noqa: E402
from qproofs.report.fmt import VERDICT_COLOURS  # noqa: E402

_DPI = 110
_METADATA = {"Software": None}  # no matplotlib version stamp: identical runs give identical PNGs


def draw_figure(fig: Figure, path: Path) -> Path:
    """Render one figure spec to ``path`` (PNG)."""
    f, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.set_xscale(fig.xscale)  # before the category ticks: setting a scale resets the tick locator
    ax.set_yscale(fig.yscale)
    bars = [s for s in fig.series if s.kind == "bar"]
    if bars:
        cats = list(dict.fromkeys(x for s in bars for x in s.x))
        width = 0.8 / len(bars)
        for k, s in enumerate(bars):
            pos = [cats.index(x) + (k - (len(bars) - 1) / 2) * width for x in s.x]
            ax.bar(pos, s.y, width=width, label=s.label, yerr=s.yerr)
        ax.set_xticks(range(len(cats)), [str(c) for c in cats], rotation=30 if len(cats) > 6 else 0)
        if fig.yscale == "linear":  # headroom so the legend does not cover the tallest bars
            ax.set_ylim(top=1.3 * max(max(s.y, default=0.0) for s in bars) or 1.0)
    for s in fig.series:
        if s.kind == "bar":
            continue
        xs = [float(v) for v in s.x]
        if s.kind == "scatter":
            ax.errorbar(xs, s.y, yerr=s.yerr, fmt="o", ms=4, label=s.label, capsize=2)
        elif s.kind == "step":
            ax.step(xs, s.y, where="post", label=s.label)
        else:
            ax.errorbar(xs, s.y, yerr=s.yerr, fmt="-", label=s.label, capsize=2)
    for y, label in fig.hlines:
        ax.axhline(y, ls="--", lw=1, color="k", alpha=0.6, label=label or None)
    for x, label in fig.vlines:
        ax.axvline(x, ls=":", lw=1, color="k", alpha=0.6, label=label or None)
    ax.set_title(fig.title, fontsize=10)
    ax.set_xlabel(fig.xlabel)
    ax.set_ylabel(fig.ylabel)
    ax.grid(alpha=0.3, which="both")
    if any(s.label for s in fig.series) or fig.hlines or fig.vlines:
        ax.legend(fontsize=8)
    f.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    f.savefig(path, dpi=_DPI, metadata=_METADATA)
    plt.close(f)
    return path


def draw_dependency_graph(claims: Sequence[ClaimResult], path: Path) -> Path:
    """Claims in one column per paper section, arrows ``used -> user``, boxes coloured by verdict."""
    sections = list(dict.fromkeys(c.section for c in claims))
    col = {s: i for i, s in enumerate(sections)}
    rows: dict[str, int] = {}
    pos: dict[str, tuple[float, float]] = {}
    for c in claims:
        r = rows.get(c.section, 0)
        rows[c.section] = r + 1
        pos[c.id] = (col[c.section] * 3.2, -r * 0.62)
    height = max(rows.values(), default=1)
    f, ax = plt.subplots(figsize=(max(6.0, 3.2 * len(sections) + 0.6), 0.62 * height + 1.4))
    def edge(claim_id: str, right: bool) -> float:
        half = 0.032 * len(claim_id) + 0.08  # label half-width in data units (1 unit ≈ 1 inch, 7.5 pt font)
        return pos[claim_id][0] + (half if right else -half)

    for c in claims:
        for used in c.uses:
            if used not in pos:
                continue
            (x0, y0), (x1, y1) = pos[used], pos[c.id]
            if abs(x0 - x1) < 1e-9:  # same section: an arc on the right of the column
                start, end, rad = (edge(used, True), y0), (edge(c.id, True), y1), -0.5 if y1 < y0 else 0.5
            else:
                start, end, rad = (edge(used, x1 > x0), y0), (edge(c.id, x1 < x0), y1), 0.1
            ax.add_patch(FancyArrowPatch(start, end, connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>",
                                         mutation_scale=10, color="#444", lw=0.8, alpha=0.8))
    for c in claims:
        x, y = pos[c.id]
        colour = VERDICT_COLOURS[c.verdict.value]
        ax.text(x, y, c.id, ha="center", va="center", fontsize=7.5, color="white",
                bbox={"boxstyle": "round,pad=0.3", "fc": colour, "ec": "none"})
    for s, i in col.items():
        ax.text(i * 3.2, 0.7, f"Section {s}", ha="center", fontsize=9, weight="bold")
    handles = [plt.Line2D([], [], marker="s", ls="", color=col_, label=v) for v, col_ in VERDICT_COLOURS.items()]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.02 - 0.6 / max(height, 1)),
              ncol=6, fontsize=7, frameon=False)
    ax.set_xlim(-1.6, 3.2 * (len(sections) - 1) + 1.6)
    ax.set_ylim(-0.62 * height - 0.2, 1.0)
    ax.axis("off")
    f.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    f.savefig(path, dpi=_DPI, metadata=_METADATA)
    plt.close(f)
    return path
