"""Write the whole report (figures, ``audit.json``, ``audit.md``, ``audit.html``) into one directory."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from qproofs.report.audit_json import write_json
from qproofs.report.figures import draw_dependency_graph, draw_figure
from qproofs.report.html import render_html
from qproofs.report.markdown import render_markdown
from qproofs.runner import Audit

GRAPH = "figures/claim-graph.png"


def write_report(audit: Audit, out: str | Path) -> Audit:
    """Render every figure, then the JSON, Markdown and HTML; return the audit with figure paths set.

    Figures of claims not in this audit are left alone, so a partial run
    (``--only``) into the repository's ``reports/`` does not delete the others.
    """
    out = Path(out)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    claims = []
    for c in audit.claims:
        paths = []
        for fig in c.figure_specs:
            rel = f"figures/{c.id}--{fig.name}.png"
            draw_figure(fig, out / rel)
            paths.append(rel)
        claims.append(replace(c, figures=tuple(paths)))
    audit = replace(audit, claims=tuple(claims))
    draw_dependency_graph(audit.claims, out / GRAPH)
    write_json(audit, out / "audit.json")
    (out / "audit.md").write_text(render_markdown(audit, GRAPH), encoding="utf-8")
    (out / "audit.html").write_text(render_html(audit, out, GRAPH), encoding="utf-8")
    return audit
