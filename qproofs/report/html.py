"""``audit.html``: one self-contained page (inline CSS, figures as data URIs, no CDN)."""

from __future__ import annotations

import base64
import html
from pathlib import Path

from qproofs.claims import ClaimResult
from qproofs.report.fmt import STATUS_MARK, VERDICT_COLOURS, fmt_tolerance, fmt_value
from qproofs.report.markdown import summary_notes
from qproofs.runner import Audit

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}
td,th{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}
.badge{color:#fff;border-radius:4px;padding:.1em .5em;font-weight:600;font-size:.85em}
.fail{color:#c62828;font-weight:600}.error{color:#6a1b9a;font-weight:600}.inconclusive{color:#757575}
blockquote{border-left:4px solid #ccc;margin:.5em 0;padding:.2em .8em;background:#fafafa}
.note{color:#ef6c00}.claim{border-top:1px solid #ccc;margin-top:2em}
img{max-width:100%;margin:.5em 0}code{background:#f4f4f4;padding:0 .2em}
details pre{white-space:pre-wrap;font-size:.8em;background:#f8f8f8;padding:.5em}
"""


def _badge(verdict: str) -> str:
    return f'<span class="badge" style="background:{VERDICT_COLOURS[verdict]}">{verdict}</span>'


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def render_html(audit: Audit, base: Path, graph: str | None = None) -> str:
    """The whole page; figure paths are read relative to ``base`` and inlined."""
    e = html.escape
    r = audit.run
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>qproofs audit</title>"
             f"<style>{_CSS}</style></head><body>",
             "<h1>qproofs audit — “Quantum ring all-reduce”</h1>",
             f"<p>Profile <b>{e(r.profile)}</b>, seed <b>{r.seed}</b>, started {e(r.started)}, "
             f"{r.duration_s:.1f} s, qproofs {e(r.qproofs_version)}, Python {e(r.python)}, "
             f"executor {e(r.executor)}.</p>",
             "<p>" + " ".join(f"{_badge(k)} {v}" for k, v in audit.summary.items() if v) + "</p>",
             "<table><tr><th>claim</th><th>ref</th><th>verdict</th><th>checks passed</th><th>notes</th></tr>"]
    for c in audit.claims:
        passed = sum(k.status == "pass" for k in c.checks)
        parts.append(f"<tr><td><a href='#{e(c.id)}'><code>{e(c.id)}</code></a></td><td>{e(c.ref)}</td>"
                     f"<td>{_badge(c.verdict.value)}</td><td>{passed}/{len(c.checks)}</td>"
                     f"<td class='note'>{e('; '.join(summary_notes(c)))}</td></tr>")
    parts.append("</table>")
    if graph and (base / graph).is_file():
        parts += ["<h2>Claim dependencies</h2>", _img(base / graph)]
    for c in audit.claims:
        parts.append(_claim_html(c, base))
    parts.append("<h2>Packages</h2><p>" + e(", ".join(f"{k} {v}" for k, v in sorted(r.packages.items())))
                 + "</p></body></html>\n")
    return "\n".join(parts)


def _claim_html(c: ClaimResult, base: Path) -> str:
    e = html.escape
    out = [f"<div class='claim' id='{e(c.id)}'><h2><code>{e(c.id)}</code> {_badge(c.verdict.value)}</h2>",
           f"<p><b>{e(c.title)}</b> — {e(c.ref)} (Section {e(c.section)})"
           + (f"<br>Rests on: <i>{e(c.cited)}</i>" if c.cited else "") + "</p>",
           f"<blockquote>{e(c.statement)}</blockquote>"]
    out += [f"<p class='note'>⚠ {e(n)}</p>" for n in c.dependency_notes]
    if c.caveats:
        out.append("<p>Caveats:</p><ul>" + "".join(f"<li>{e(cv)}</li>" for cv in c.caveats) + "</ul>")
    out.append("<table><tr><th>check</th><th>method</th><th>result</th><th>observed</th><th>expected</th>"
               "<th>tolerance</th><th>instances</th></tr>")
    for k in c.checks:
        cls = {"fail": "fail", "error": "error", "inconclusive": "inconclusive"}.get(k.status, "")
        out.append(f"<tr><td>{e(k.name)}</td><td>{k.method}</td><td class='{cls}'>{STATUS_MARK[k.status]}</td>"
                   f"<td>{e(fmt_value(k.observed))}</td><td>{e(fmt_value(k.expected))}</td>"
                   f"<td>{e(fmt_tolerance(k.tolerance))}</td><td>{k.instances}</td></tr>")
    out.append("</table>")
    for k in c.checks:
        text = k.error or k.detail
        if text:
            out.append(f"<details><summary>{e(k.name)}</summary><pre>{e(text)}</pre></details>")
        if k.counterexample is not None:
            out.append(f"<p class='fail'>Counterexample ({e(k.name)}): <code>"
                       f"{e(fmt_value(k.counterexample, 2000))}</code></p>")
    for fig in c.figures:
        if (base / fig).is_file():
            out.append(_img(base / fig))
    out.append("</div>")
    return "\n".join(out)
