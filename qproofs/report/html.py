"""``audit.html``: one self-contained page (inline CSS, figures as data URIs, no CDN, no script).

Readable from a phone to a desktop: a viewport meta tag, tables that scroll
inside their own container, mathematics as Unicode (:func:`tex_to_html`), the
dependency graph as inline SVG whose nodes link to the claims' sections.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from pathlib import Path

from qproofs.claims import ClaimResult
from qproofs.report.closure import Closure, blockers, closure_note, closures, indirect_note
from qproofs.report.depgraph import dependency_svg
from qproofs.report.errata import repair_sentences
from qproofs.report.fmt import STATUS_MARK, VERDICT_COLOURS, fmt_tolerance, fmt_value, tex_to_html
from qproofs.report.markdown import params_text
from qproofs.runner import Audit
from qproofs.trust import claim_trust, trust_summary

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45;overflow-wrap:anywhere}
h1{font-size:1.6em}h2{font-size:1.3em}
.scroll{overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em;overflow-wrap:normal}
td,th{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
td.value{overflow-wrap:anywhere;min-width:9em}
th{background:#f4f4f4}
td.id code{white-space:nowrap;overflow-wrap:normal}
.badge{color:#fff;border-radius:4px;padding:.1em .5em;font-weight:600;font-size:.85em;white-space:nowrap}
.fail{color:#c62828;font-weight:600}.error{color:#6a1b9a;font-weight:600}.inconclusive{color:#757575}
blockquote{border-left:4px solid #ccc;margin:.5em 0;padding:.2em .8em;background:#fafafa}
.note{color:#ef6c00}.claim{border-top:1px solid #ccc;margin-top:2em}
img{max-width:100%;height:auto;margin:.5em 0}code{background:#f4f4f4;padding:0 .2em;overflow-wrap:anywhere}
details pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8em;background:#f8f8f8;padding:.5em}
td details ul{margin:.2em 0;padding-left:1.2em;color:#222}
.legend span{margin-right:.8em;white-space:nowrap}
.closure{font-size:.8em;white-space:nowrap}.closure.local{color:#ef6c00;font-style:italic}
.repair{border-left:4px solid #1565c0;padding-left:.6em}
svg.depgraph a:hover rect{stroke:#000;stroke-width:2}
@media (max-width:600px){body{margin:1em auto;padding:0 .6em}table{font-size:.8em}h1{font-size:1.35em}}
"""


def _badge(verdict: str) -> str:
    return f'<span class="badge" style="background:{VERDICT_COLOURS[verdict]}">{verdict}</span>'


def _verdict_cell(verdict: str, closure: Closure | None) -> str:
    """The verdict badge, then ``closure``/``local`` for a passing verdict (issue 10)."""
    if closure is None:
        return _badge(verdict)
    return f"{_badge(verdict)} <span class='closure {closure}'>{closure}</span>"


def _link(claim_id: str) -> str:
    e = html.escape
    return f"<a href='#{e(claim_id)}'><code>{e(claim_id)}</code></a>"


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _scroll(table: str) -> str:
    return f'<div class="scroll">{table}</div>'


def _notes_cell(c: ClaimResult, indirect: Sequence[str] = ()) -> str:
    """Unverified dependencies (direct, then ``indirect``), then the caveats themselves behind their count."""
    parts = [f"<div class='note'>{tex_to_html(n)}</div>" for n in (*c.dependency_notes, *indirect)]
    if c.caveats:
        n = len(c.caveats)
        items = "".join(f"<li>{tex_to_html(cv)}</li>" for cv in c.caveats)
        parts.append(f"<details><summary class='note'>{n} caveat{'s' if n > 1 else ''}</summary><ul>{items}</ul>"
                     "</details>")
    return "".join(parts)


def render_html(audit: Audit, base: Path, graph: str | None = None) -> str:
    """The whole page; figure paths are read relative to ``base`` and inlined.

    ``graph`` (the PNG the Markdown report links) only says whether to show the
    dependency graph; the page draws it as inline SVG.
    """
    e = html.escape
    r = audit.run
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             "<meta name='viewport' content='width=device-width, initial-scale=1'><title>qproofs audit</title>"
             f"<style>{_CSS}</style></head><body>",
             "<h1>qproofs audit — “Quantum ring all-reduce”</h1>",
             f"<p>Profile <b>{e(r.profile)}</b>, seed <b>{r.seed}</b>, started {e(r.started)}, "
             f"{r.duration_s:.1f} s, qproofs {e(r.qproofs_version)}, Python {e(r.python)}, "
             f"executor {e(r.executor)}.</p>",
             "<p>" + " ".join(f"{_badge(k)} {v}" for k, v in audit.summary.items() if v) + "</p>",
             f"<p>{e(audit.error_budget_line())}"
             + (f" Note: {e(audit.provenance_note() or '')}." if audit.provenance_note() else "") + "</p>",
             *([f"<p>The {e(audit.run.checker_line() or '')}.</p>"] if audit.run.checker_line() else [])]
    rows = ["<table><tr><th>claim</th><th>title</th><th>ref</th><th>verdict</th><th>scope</th><th>checks passed</th>"
            "<th>notes</th></tr>"]
    closure, blocked = closures(audit.claims), blockers(audit.claims)
    for c in audit.claims:
        passed = sum(k.status == "pass" for k in c.checks)
        rows.append(f"<tr><td class='id'><a href='#{e(c.id)}'><code>{e(c.id)}</code></a></td><td>{tex_to_html(c.title)}</td>"
                    f"<td>{e(c.ref)}</td><td>{_verdict_cell(c.verdict.value, closure[c.id])}</td>"
                    f"<td>{e(c.scope or '—')}</td><td>{passed}/{len(c.checks)}</td>"
                    f"<td>{_notes_cell(c, indirect_note(c, blocked[c.id]))}</td></tr>")
    rows.append("</table>")
    parts.append(_scroll("".join(rows)))
    parts.append("<p class='legend'>A verdict is <i>closure</i> when every claim it uses, transitively, is verified "
                 "or cited too, <i>local</i> when it rests on one that is not. Scope: what was checked against the "
                 "paper's statement as written.</p>")
    if graph is not None and audit.claims:
        legend = (" ".join(f"<span>{_badge(v)}</span>" for v in VERDICT_COLOURS)
                  + "<br>A dashed border marks a <i>local</i> verdict: the claim rests on one that is not verified "
                  "or cited.")
        parts += ["<h2 id='dependencies'>Claim dependencies</h2>",
                  "<p>Arrows run from a claim to the claims that use it; click a claim to go to its section.</p>",
                  _scroll(dependency_svg(audit.claims)), f"<p class='legend'>{legend}</p>"]
    for c in audit.claims:
        parts.append(_claim_html(c, base, audit.claims))
    parts.append("<h2>Packages</h2><p>" + e(", ".join(f"{k} {v}" for k, v in sorted(r.packages.items())))
                 + "</p></body></html>\n")
    return "\n".join(parts)


def _claim_html(c: ClaimResult, base: Path, claims: Sequence[ClaimResult] = ()) -> str:
    e = html.escape
    everyone = claims or (c,)
    closure = closures(everyone)[c.id] if claims else None
    out = [f"<div class='claim' id='{e(c.id)}'><h2><code>{e(c.id)}</code> {_verdict_cell(c.verdict.value, closure)}"
           "</h2>",
           f"<p><b>{tex_to_html(c.title)}</b> — {e(c.ref)} (Section {e(c.section)})"
           + (f"<br>Rests on: <i>{e(c.cited)}</i>" if c.cited else "") + "</p>",
           f"<blockquote>{tex_to_html(c.statement)}</blockquote>"]
    if c.scope:
        out.append(f"<p>Scope: <b>{e(c.scope)}</b>" + (f" — checked: {tex_to_html(c.form)}" if c.form else "") + "</p>")
    if c.params:
        out.append(f"<p class='params'>Parameters: <code>{e(params_text(c.params))}</code></p>")
    if c.uses:
        out.append("<p>Uses: " + ", ".join(_link(u) for u in c.uses) + "</p>")
        note = closure_note(closure, blockers(everyone)[c.id]) if claims else ""
        if note:
            out.append(f"<p{' class=note' if closure == 'local' else ''}>{e(note)}</p>")
    repairs = repair_sentences(c, everyone, _link, tex_to_html)
    if repairs:
        out.append("<p class='repair'>" + "<br>".join(repairs) + "</p>")
    out += [f"<p class='note'>⚠ {tex_to_html(n)}</p>" for n in c.dependency_notes]
    if c.caveats:
        out.append("<p>Caveats:</p><ul>" + "".join(f"<li>{tex_to_html(cv)}</li>" for cv in c.caveats) + "</ul>")
    trusts = trust_summary(c)
    if trusts:
        out.append(f"<p>The verdict trusts: {e('; '.join(trusts))} — at least <b>{e(claim_trust(c))}</b>.</p>")
    rows = ["<table><tr><th>check</th><th>method</th><th>result</th><th>observed</th><th>expected</th>"
            "<th>tolerance</th><th>instances</th><th>trust</th></tr>"]
    for k in c.checks:
        cls = {"fail": "fail", "error": "error", "inconclusive": "inconclusive"}.get(k.status, "")
        rows.append(f"<tr><td>{e(k.name)}</td><td>{k.method}</td><td class='{cls}'>{STATUS_MARK[k.status]}</td>"
                    f"<td class='value'>{tex_to_html(fmt_value(k.observed))}</td>"
                    f"<td class='value'>{tex_to_html(fmt_value(k.expected))}</td>"
                    f"<td>{e(fmt_tolerance(k.tolerance))}</td><td>{k.instances}</td><td>{e(k.trust)}</td></tr>")
    rows.append("</table>")
    out.append(_scroll("".join(rows)))
    for k in c.checks:
        if k.error:  # a crash: the message and traceback verbatim
            text = e(k.error) + (f"\n{e(k.detail)}" if k.detail else "")
        else:
            text = tex_to_html(k.detail)
        if text:
            out.append(f"<details><summary>{e(k.name)}</summary><pre>{text}</pre></details>")
        if k.counterexample is not None:
            out.append(f"<p class='fail'>Counterexample ({e(k.name)}): <code>"
                       f"{e(fmt_value(k.counterexample, 2000))}</code></p>")
    for fig in c.figures:
        if (base / fig).is_file():
            out.append(_img(base / fig, f"{c.id}: {Path(fig).stem.split('--')[-1]}"))
    out.append("</div>")
    return "\n".join(out)
