"""Draw :class:`~qproofs.claims.Figure` specs and the claim dependency graph to PNG."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import secrets
import shutil
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from qproofs.claims import ClaimResult, Figure, figure_to_dict
from qproofs.report.fmt import VERDICT_COLOURS, tex_to_unicode


def _pyplot() -> Any:
    """Pyplot on the Agg backend, imported on first draw.

    A report whose figures all come from :data:`FIGURE_CACHE` does not import matplotlib (1–3 s, issue 14).
    """
    import matplotlib

    matplotlib.use("Agg")  # files only; no display on CI
    import matplotlib.pyplot as plt

    return plt

_DPI = 110
_METADATA = {"Software": None}  # no matplotlib version stamp: identical runs give identical PNGs


_REF_STYLES: tuple[tuple[Any, str], ...] = (("--", "#333333"), (":", "#7b1fa2"), ("-.", "#00838f"), ((0, (5, 1, 1, 1, 1, 1)), "#6d4c41"))
"""Reference lines: one distinct (dash pattern, colour) each, cycled, always labelled."""
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "h")
_DECADES_FOR_LOG = 2.0  # positive values must span >= 2 decades for a log axis
_FLAT_FRACTION = 0.01  # values below 1 % of the largest look like zero on a linear axis
_FAMILY_WORDS = ("quantum", "classical")


def _numeric(values: Sequence[object]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def auto_scale(values: Sequence[float], declared: str) -> str:
    """``log`` when a declared linear axis would show the values as a flat line at zero.

    That is: every value is >= 0, the positive ones span at least two decades
    (so a log axis has something to show), and at least a quarter of the values
    lie below 1 % of the largest (on a linear axis they would sit on the zero
    line). Zeros are then drawn as markers on the bottom edge (see
    :func:`draw_figure`). A curve that merely reaches zero at one end keeps its
    linear axis.
    """
    if declared != "linear" or not values or min(values) < 0:
        return declared
    pos = [v for v in values if v > 0]
    if len(pos) < 2 or math.log10(max(pos) / min(pos)) < _DECADES_FOR_LOG:
        return declared
    flat = sum(v < _FLAT_FRACTION * max(pos) for v in values)
    return "log" if flat >= 0.25 * len(values) else declared


def family_styles(labels: Sequence[str]) -> list[tuple[int, str]]:
    """(colour index, line style) per series: one colour per parameter value, solid quantum / dashed classical.

    ``"quantum τ=0.3"`` and ``"classical τ=0.3"`` share a colour (the label
    with the words quantum/classical removed), classical dashed; other labels
    get their own colour, solid.
    """
    keys: dict[str, int] = {}
    out = []
    for label in labels:
        low = label.lower()
        key = " ".join(w for w in low.replace(":", " ").split() if w not in _FAMILY_WORDS) or low
        idx = keys.setdefault(key, len(keys))
        out.append((idx, "--" if "classical" in low else "-"))
    return out


FIGURE_CACHE: list[Path] = []
"""A directory of PNGs keyed by their spec (set by ``qproofs verify``/``report`` to ``<cache>/figures``,
issue 14: drawing the unchanged figures of a 39-claim report took 5–20 s). Empty: ``$QPROOFS_CACHE_DIR/figures``
if that is set, else no cache."""


def draw_figure(fig: Figure, path: Path) -> Path:
    """Render one figure spec to ``path`` (PNG), from :data:`FIGURE_CACHE` when it holds the same spec."""
    return _cached(figure_to_dict(fig), path, lambda: _draw_figure(fig, path))


@functools.lru_cache(maxsize=1)
def _renderer_id() -> str:
    """What, besides the spec, decides the PNG's bytes.

    The sources of this module and of ``fmt`` (colours, labels) and matplotlib's version.
    """
    try:
        mpl = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:  # pragma: no cover - matplotlib is a dependency
        mpl = "?"
    here = Path(__file__).resolve().parent
    return hashlib.sha256((here / "figures.py").read_bytes() + (here / "fmt.py").read_bytes()
                          + mpl.encode()).hexdigest()


PARALLEL_MIN = 4
"""Fewest uncached figures worth starting worker processes for (each imports matplotlib: ~1 s)."""


def _key(spec: Any) -> str:
    return hashlib.sha256(json.dumps({"spec": spec, "renderer": _renderer_id()}, sort_keys=True,
                                     default=str).encode()).hexdigest()


def prerender(figs: Sequence[Figure], workers: int | None = None) -> int:
    """Draw the figures that are not yet in the figure cache into it, in parallel; the number drawn.

    Only with a cache (:data:`FIGURE_CACHE` or ``$QPROOFS_CACHE_DIR``) and at least :data:`PARALLEL_MIN`
    uncached figures: a cold 39-claim report draws ~30 figures at 0.5–2 s each, serially. Workers are
    spawned processes (no fork of a process holding BLAS threads); drawing is deterministic, so a PNG
    drawn there is byte-identical to one drawn here. Any failure leaves the figure to the serial path,
    which draws it and reports a problem as before.
    """
    directory = FIGURE_CACHE[0] if FIGURE_CACHE else _env_cache()
    if directory is None:
        return 0
    todo: dict[str, Any] = {}
    for fig in figs:
        spec = figure_to_dict(fig)
        if not (directory / f"{_key(spec)}.png").is_file():
            todo.setdefault(_key(spec), spec)
    n = min(workers or os.cpu_count() or 1, len(todo))
    if len(todo) < PARALLEL_MIN or n < 2:
        return 0
    import concurrent.futures
    import multiprocessing

    drawn = 0
    try:
        with concurrent.futures.ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn")) as pool:
            for ok in pool.map(_draw_into_cache, list(todo.values()), [str(directory)] * len(todo)):
                drawn += ok
    except Exception:  # noqa: BLE001 - a pool that cannot start or dies: the serial path draws them
        return drawn
    return drawn


def _draw_into_cache(spec: Any, directory: str) -> bool:
    """Worker of :func:`prerender`: draw one figure spec into the cache ``directory``."""
    import tempfile

    from qproofs.claims import figure_from_dict

    FIGURE_CACHE[:] = [Path(directory)]
    try:
        Path(directory).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=directory) as tmp:
            draw_figure(figure_from_dict(spec), Path(tmp) / "figure.png")
    except Exception:  # noqa: BLE001 - reported by the serial path
        return False
    return True


def _env_cache() -> Path | None:
    """``$QPROOFS_CACHE_DIR/figures`` when that variable is set (the Python API caches only then)."""
    from qproofs.index import CACHE_ENV

    explicit = os.environ.get(CACHE_ENV)
    return Path(explicit).expanduser() / "figures" if explicit else None


def _cached(spec: Any, path: Path, draw: Callable[[], Path]) -> Path:
    """``draw()`` to ``path`` unless :data:`FIGURE_CACHE` holds the PNG of the same ``spec`` (then copy it).

    The key hashes the spec (sorted JSON) and :func:`_renderer_id`: drawing is deterministic (no
    version stamp, fixed DPI), so a cached PNG is the one ``draw()`` would write. A cache that cannot be
    written is skipped.
    """
    directory = FIGURE_CACHE[0] if FIGURE_CACHE else _env_cache()
    if directory is None:
        return draw()
    cached = directory / f"{_key(spec)}.png"
    if cached.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, path)
        return path
    draw()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")  # runs may share it
        shutil.copyfile(path, tmp)
        tmp.replace(cached)
    except OSError:
        pass  # best effort: the figure itself is drawn
    return path


def _draw_figure(fig: Figure, path: Path) -> Path:
    """Render one figure spec to ``path`` (PNG).

    Beyond the spec: a log axis where the values span decades or reach zero
    (:func:`auto_scale`), zeros on a log axis drawn as open triangles on the
    bottom edge ("0 observed"), error bars wherever ``yerr`` is given, one
    colour per parameter value with quantum solid and classical dashed
    (:func:`family_styles`), distinct labelled styles for reference lines,
    open markers so overlapping series stay visible, and integer ticks on an
    axis that counts copies.
    """
    from matplotlib.ticker import MaxNLocator

    plt = _pyplot()
    f, ax = plt.subplots(figsize=(6.4, 4.0))
    bars = [s for s in fig.series if s.kind == "bar"]
    others = [s for s in fig.series if s.kind != "bar"]
    xs_all = [v for s in others for v in s.x]
    xscale = auto_scale([float(v) for v in xs_all], fig.xscale) if others and not bars and _numeric(xs_all) \
        and all(float(v) > 0 for v in xs_all) else fig.xscale
    ys_all = [y for s in fig.series for y in s.y if math.isfinite(y)] + [y for y, _ in fig.hlines]
    yscale = auto_scale(ys_all, fig.yscale) if not bars else fig.yscale
    ax.set_xscale(xscale)  # before the category ticks: setting a scale resets the tick locator
    if yscale == "log":
        ax.set_yscale("log", nonpositive="clip")
    else:
        ax.set_yscale(yscale)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    if bars:
        cats = list(dict.fromkeys(x for s in bars for x in s.x))
        width = 0.8 / len(bars)
        for k, s in enumerate(bars):
            pos = [cats.index(x) + (k - (len(bars) - 1) / 2) * width for x in s.x]
            ax.bar(pos, s.y, width=width, label=s.label, yerr=s.yerr, capsize=2 if s.yerr else 0,
                   color=colours[k % len(colours)])
        ax.set_xticks(range(len(cats)), [str(c) for c in cats], rotation=30 if len(cats) > 6 else 0)
        if fig.yscale == "linear":  # headroom so the legend does not cover the tallest bars
            ax.set_ylim(top=1.3 * max(max(s.y, default=0.0) for s in bars) or 1.0)
    styles = family_styles([s.label for s in others])
    zeros = False
    for k, (s, (ci, ls)) in enumerate(zip(others, styles, strict=True)):
        xs = [float(v) for v in s.x]
        ys = list(s.y)
        colour = colours[ci % len(colours)]
        at_zero = [x for x, y in zip(xs, ys, strict=True) if y <= 0] if yscale == "log" else []
        if at_zero:  # on a log axis a zero is drawn as an open triangle on the bottom edge, in the series' colour
            zeros = True
            ax.plot(at_zero, [0.0] * len(at_zero), "v", mfc="none", mew=1.2, color=colour, ms=7, clip_on=False,
                    transform=ax.get_xaxis_transform(), zorder=4)
        if s.kind == "scatter":
            ax.errorbar(xs, ys, yerr=s.yerr, fmt=_MARKERS[k % len(_MARKERS)], ms=5, mfc="none", mew=1.2,
                        color=colour, label=s.label, capsize=2, zorder=3)
        elif s.kind == "step":
            ax.step(xs, ys, where="post", label=s.label, color=colour, ls=ls)
            if s.yerr is not None:
                ax.errorbar(xs, ys, yerr=s.yerr, fmt="none", color=colour, capsize=2)
        else:
            ax.errorbar(xs, ys, yerr=s.yerr, fmt=ls, color=colour, label=s.label, capsize=2, lw=1.4)
    if zeros:
        ax.plot([], [], "v", mfc="none", color="#555555", label="▽ on the axis: 0 observed")
    for i, (y, label) in enumerate(fig.hlines):
        ref_ls, ref_colour = _REF_STYLES[i % len(_REF_STYLES)]
        ax.axhline(y, ls=ref_ls, lw=1.2, color=ref_colour, label=label or f"y = {y:g}")
    for j, (x, label) in enumerate(fig.vlines):
        ref_ls, ref_colour = _REF_STYLES[(len(fig.hlines) + j) % len(_REF_STYLES)]
        ax.axvline(x, ls=ref_ls, lw=1.2, color=ref_colour, label=label or f"x = {x:g}")
    if "copies" in fig.ylabel.lower() and yscale == "linear":  # copies are counted: integer ticks
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if "copies" in fig.xlabel.lower() and xscale == "linear":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(tex_to_unicode(fig.title), fontsize=10)
    ax.set_xlabel(tex_to_unicode(fig.xlabel))
    ax.set_ylabel(tex_to_unicode(fig.ylabel))
    ax.grid(alpha=0.3, which="both")
    if any(s.label for s in fig.series) or fig.hlines or fig.vlines:
        ax.legend(fontsize=8)
    f.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    f.savefig(path, dpi=_DPI, metadata=_METADATA)
    plt.close(f)
    return path


def draw_dependency_graph(claims: Sequence[ClaimResult], path: Path) -> Path:
    """Claims in one column per paper section, arrows ``used -> user``, boxes coloured by verdict.

    From :data:`FIGURE_CACHE` when the same claims (ids, sections, uses, verdicts) were drawn before.
    """
    spec = {"graph": [[c.id, c.section, list(c.uses), c.verdict.value] for c in claims]}
    return _cached(spec, path, lambda: _draw_dependency_graph(claims, path))


def _draw_dependency_graph(claims: Sequence[ClaimResult], path: Path) -> Path:
    from matplotlib.patches import FancyArrowPatch

    plt = _pyplot()
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
