"""The report renders an audit deterministically and self-contained."""

from __future__ import annotations

import json
from pathlib import Path

import qproofs
from qproofs.report import write_report
from qproofs.report.audit_json import read_json
from qproofs.report.figures import auto_scale, family_styles
from qproofs.report.fmt import fmt_value, tex_to_html, tex_to_unicode


def test_report_files_and_schema(toy_checks: str, tmp_path: Path) -> None:
    audit = write_report(qproofs.verify(checks=toy_checks, profile="quick", seed=0), tmp_path)
    doc = json.loads((tmp_path / "audit.json").read_text())
    assert doc["schema"] == "qproofs.audit/1"
    assert set(doc["run"]) >= {"seed", "profile", "started", "duration_s", "qproofs_version", "python", "packages"}
    assert doc["summary"]["gap"] == 1 and sum(doc["summary"].values()) == 6
    claim = next(c for c in doc["claims"] if c["id"] == "toy.ok")
    assert set(claim) >= {"id", "ref", "section", "title", "statement", "verdict", "caveats", "duration_s",
                          "checks", "figures"}
    assert set(claim["checks"][0]) >= {"name", "method", "passed", "observed", "expected", "tolerance",
                                       "instances", "detail"}
    assert claim["figures"] == ["figures/toy.ok--curve.png"]
    for rel in [*claim["figures"], "figures/claim-graph.png"]:
        assert (tmp_path / rel).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert read_json(tmp_path / "audit.json").claims == audit.claims


def test_html_is_self_contained_and_markdown_has_every_claim(toy_checks: str, tmp_path: Path) -> None:
    write_report(qproofs.verify(checks=toy_checks, profile="quick", seed=0), tmp_path)
    html = (tmp_path / "audit.html").read_text()
    assert "http://" not in html and "https://" not in html  # opens offline: no CDN
    assert html.count("data:image/png;base64,") == 1  # the curve; the dependency graph is inline SVG
    assert "<meta name='viewport' content='width=device-width, initial-scale=1'>" in html
    assert "<svg" in html and "href=\"#toy.gap\"" in html  # graph nodes link to their sections
    assert "<summary class='note'>1 caveat</summary><ul><li>premise needs n ≥ 4</li></ul>" in html
    assert "<td>a premise fails</td>" in html  # the claim title in the summary table
    md = (tmp_path / "audit.md").read_text()
    for cid in ("toy.ok", "toy.small", "toy.gap", "toy.cited", "toy.unsure", "toy.crash"):
        assert f"## {cid}" in md
    assert "uses toy.small, which is refuted" in md
    assert "Counterexample (small)" in md and "Someone 2020" in md


def test_same_seed_same_report_bytes(toy_checks: str, tmp_path: Path) -> None:
    """Property: two runs with one seed differ only in timings and the start time."""

    def stable(out: Path) -> str:
        doc = json.loads((out / "audit.json").read_text())
        doc["run"].pop("started")
        doc["run"].pop("duration_s")
        doc.pop("runs")
        for c in doc["claims"]:
            c.pop("duration_s")
            c["run"].pop("started")
            for k in c["checks"]:
                k.pop("duration_s")
        return json.dumps(doc, sort_keys=True)

    for name in ("a", "b"):
        write_report(qproofs.verify(checks=toy_checks, profile="quick", seed=7), tmp_path / name)
    assert stable(tmp_path / "a") == stable(tmp_path / "b")
    assert (tmp_path / "a/figures/toy.ok--curve.png").read_bytes() == (tmp_path / "b/figures/toy.ok--curve.png").read_bytes()


def test_fmt_value() -> None:
    assert fmt_value(0.1234567891) == "0.123457"
    assert fmt_value({"a": 1.0, "b": [1, 2]}) == "a=1, b=[1, 2]"
    assert fmt_value(None) == "—"
    assert fmt_value("x" * 500).endswith("…")


def test_tex_to_unicode() -> None:
    """The TeX-like patterns that occur in claims.md become Unicode; snake_case names are left alone."""
    assert tex_to_unicode("GHZ^{⊗m}") == "GHZ⊗ᵐ"
    assert tex_to_unicode("τ^{−2} and 2^b, 2^40") == "τ⁻² and 2ᵇ, 2⁴⁰"
    assert tex_to_unicode("θ_j, x_i, r_max") == "θⱼ, xᵢ, rₘₐₓ"
    assert tex_to_unicode("bad_acceptance_below_delta, vga.bad_acceptance") == "bad_acceptance_below_delta, vga.bad_acceptance"
    assert tex_to_unicode("F_Q") == "F_Q"  # no subscript Q in Unicode: left as written in text…
    assert tex_to_html("F_Q ≤ W^{2}, a<b") == "F<sub>Q</sub> ≤ W², a&lt;b"  # … and <sub> in HTML
    assert tex_to_html("e^{iΣθ/2}") == "e<sup>iΣθ/2</sup>"


def test_auto_scale_and_family_styles() -> None:
    assert auto_scale([0.0, 1e-11, 0.1], "linear") == "log"  # a flat line at zero on a linear axis
    assert auto_scale([1.0, 2.0, 3.0], "linear") == "linear"
    assert auto_scale([1.0, 1e-3, 1e-9, 1e-30], "linear") == "log"
    curve = [0.0, 0.009] + [0.1 * k for k in range(1, 21)]  # a curve reaching 0 at one end
    assert auto_scale(curve, "linear") == "linear"
    assert auto_scale([-1.0, 1e-6, 1.0], "linear") == "linear"  # negative values: stay linear
    assert auto_scale([1.0, 2.0], "log") == "log"
    styles = family_styles(["quantum τ=0.3", "classical τ=0.3", "quantum τ=0.1", "classical τ=0.1", "fit"])
    assert styles == [(0, "-"), (0, "--"), (1, "-"), (1, "--"), (2, "-")]


def test_uncached_figures_are_drawn_in_parallel_byte_identically(tmp_path: Path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: a cold report drew ~30 figures serially; workers draw them into the cache, same bytes."""
    from qproofs.claims import Figure, Series
    from qproofs.report import figures

    specs = [Figure(f"f{k}", f"curve {k}", "x", "y", (Series("y", (1, 2, 3), (1, k + 2, 9)),)) for k in range(2)]
    monkeypatch.setattr(figures, "FIGURE_CACHE", [tmp_path / "cache"])
    monkeypatch.setattr(figures, "PARALLEL_MIN", 2)
    assert figures.prerender(specs[:1], workers=2) == 0  # below PARALLEL_MIN: left to the serial path
    assert figures.prerender(specs, workers=2) == 2
    assert figures.prerender(specs, workers=2) == 0  # all cached now
    cached = {p.read_bytes() for p in (tmp_path / "cache").glob("*.png")}
    monkeypatch.setattr(figures, "FIGURE_CACHE", [])
    monkeypatch.delenv("QPROOFS_CACHE_DIR", raising=False)
    serial = {figures.draw_figure(f, tmp_path / f"{f.name}.png").read_bytes() for f in specs}
    assert serial == cached and len(cached) == 2
