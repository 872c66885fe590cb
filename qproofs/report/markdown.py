"""``audit.md``: summary table, dependency graph, one section per claim."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from qproofs.claims import ClaimResult
from qproofs.report.closure import blockers, closure_note, closures, indirect_note, verdict_label
from qproofs.report.errata import md_anchor, repair_sentences
from qproofs.report.fmt import STATUS_MARK, fmt_tolerance, fmt_value, tex_to_unicode
from qproofs.runner import Audit
from qproofs.trust import claim_trust, trust_summary


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(audit: Audit, graph: str | None = None) -> str:
    """The whole Markdown report."""
    r = audit.run
    out = [
        "# qproofs audit — \"Quantum ring all-reduce\"",
        "",
        f"Profile **{r.profile}**, seed **{r.seed}**, started {r.started}, {r.duration_s:.1f} s, "
        f"qproofs {r.qproofs_version}, Python {r.python}, executor {r.executor}.",
        "",
        "Verdicts: " + ", ".join(f"{k} **{v}**" for k, v in audit.summary.items() if v),
        "",
        audit.error_budget_line() + (f" Note: {audit.provenance_note()}." if audit.provenance_note() else ""),
        "",
        *([f"The {audit.run.checker_line()}.", ""] if audit.run.checker_line() else []),
        "A verdict is *closure* when every claim it uses, transitively, is verified or cited too, *local* when "
        "it rests on one that is not. Scope: what was checked against the paper's statement as written.",
        "",
        "| claim | title | ref | verdict | scope | checks passed | notes |",
        "|---|---|---|---|---|---|---|",
    ]
    closure, blocked = closures(audit.claims), blockers(audit.claims)
    for c in audit.claims:
        passed = sum(k.status == "pass" for k in c.checks)
        run = audit.run_of(c.id)
        marks = (["reused from the result store"] if run.reused else []) + (
            [f"partial run: only {', '.join(run.only_checks)}"] if run.only_checks else [])
        notes = "; ".join([*marks, *summary_notes(c, indirect_note(c, blocked[c.id]))])
        verdict = f"**{c.verdict.value}**" + (f", {closure[c.id]}" if closure[c.id] else "")
        out.append(f"| [`{c.id}`](#{_anchor(c.id)}) | {_cell(tex_to_unicode(c.title))} | {_cell(c.ref)} | "
                   f"{verdict} | {c.scope or '—'} | {passed}/{len(c.checks)} | {_cell(tex_to_unicode(notes))} |")
    if graph:
        out += ["", "## Claim dependencies", "", f"![claim dependency graph]({graph})"]
    for c in audit.claims:
        out += ["", *claim_markdown(c, audit.claims)]
    out += ["", "## Packages", "", ", ".join(f"{k} {v}" for k, v in sorted(r.packages.items())), ""]
    return "\n".join(out)


def summary_notes(c: ClaimResult, indirect: Sequence[str] = ()) -> list[str]:
    """Notes of a claim's summary row: unverified dependencies (direct, then ``indirect``), then its caveat count."""
    caveats = [f"{len(c.caveats)} caveat{'s' if len(c.caveats) > 1 else ''}"] if c.caveats else []
    return [*c.dependency_notes, *indirect, *caveats]


def scope_text(c: ClaimResult) -> str:
    """``exact``, ``narrowed (to: …)`` or ``stronger``: how the checked statement relates to the paper's."""
    if c.scope == "narrowed" and c.form:
        return f"narrowed (to: {tex_to_unicode(c.form)})"
    return c.scope or "not declared"


def params_text(params: Mapping[str, Any]) -> str:
    """The claim's parameters for the run's profile, as ``name = value`` pairs in declaration order."""
    return ", ".join(f"{k} = {fmt_value(v, 120)}" for k, v in params.items())


_anchor = md_anchor


def _link(claim_id: str) -> str:
    return f"[`{claim_id}`](#{_anchor(claim_id)})"


def claim_markdown(c: ClaimResult, claims: Sequence[ClaimResult] = ()) -> list[str]:
    """One claim's section (also used by ``qproofs show``).

    ``claims`` is the whole audit: with it the verdict shows its closure (issue 10) and
    the section says which repair saves a gap/refuted conclusion, or what a repair corrects.
    """
    everyone = claims or (c,)
    closure = closures(everyone).get(c.id) if claims else None
    lines = [f"## {c.id}", "", f"**{tex_to_unicode(c.title)}** — {c.ref} (Section {c.section})", "",
             f"Verdict: **{verdict_label(c.verdict.value, closure)}**" + (f" — rests on: {c.cited}" if c.cited else "")
             + f" — scope: {scope_text(c)}", ""]
    lines += [f"> {tex_to_unicode(c.statement)}", ""]
    note = closure_note(closure, blockers(everyone).get(c.id, ())) if claims and c.uses else ""
    repairs = repair_sentences(c, everyone, _link)
    if note or repairs:
        lines += [" ".join([*repairs, note]).strip(), ""]
    if c.params:
        lines += [f"Parameters: {_cell(params_text(c.params))}", ""]
    for note in c.dependency_notes:
        lines.append(f"- ⚠ {tex_to_unicode(note)}")
    if c.caveats:
        lines += ["Caveats:", ""] + [f"- {tex_to_unicode(cv)}" for cv in c.caveats]
    trusts = trust_summary(c)
    if trusts:
        lines += ["", f"The verdict trusts: {'; '.join(trusts)} — at least **{claim_trust(c)}**."]
    lines += ["", "| check | method | result | observed | expected | tolerance | instances | trust |",
              "|---|---|---|---|---|---|---|---|"]
    for k in c.checks:
        lines.append(f"| {k.name} | {k.method} | {STATUS_MARK[k.status]} | {_cell(tex_to_unicode(fmt_value(k.observed)))} | "
                     f"{_cell(tex_to_unicode(fmt_value(k.expected)))} | {fmt_tolerance(k.tolerance)} | {k.instances} | {k.trust} |")
    details = [(k.name, k.error or tex_to_unicode(k.detail)) for k in c.checks if (k.error or k.detail)]
    if details:
        lines += [""] + [f"- *{name}*: {_cell(text)}" for name, text in details]
    for k in c.checks:
        if k.counterexample is not None:
            lines += ["", f"Counterexample ({k.name}): `{_cell(fmt_value(k.counterexample, 600))}`"]
    for fig in c.figures:
        lines += ["", f"![{c.id}]({fig})"]
    return lines
