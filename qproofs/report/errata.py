"""``errata.md``: the sheet an author would send to the journal (issue 10, "Repairs and errata").

Paper section by section, for every ``gap`` or ``refuted`` claim of an audit:
what the paper says (the claim's statement), what fails (each failing check's
expected vs observed value, one sentence each), the minimal instance (the
failing check's counterexample), and the corrected statement — the statement of
a claim declared ``repair_of`` it, with that claim's verdict — or the claim's
``no_repair`` text saying that none was found and why the conclusion is in doubt.

:func:`render_errata` only renders an audit (the report computes nothing);
:func:`write_errata` writes it atomically beside ``audit.json``. The repair
helpers are shared with the Markdown and HTML claim sections.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from qproofs.claims import CheckResult, ClaimResult, Verdict
from qproofs.errors import ConfigError
from qproofs.report.fmt import fmt_tolerance, fmt_value, tex_to_unicode
from qproofs.runner import Audit

REPAIR_FIELDS: tuple[str, ...] = ("scope", "repair_of", "no_repair")
"""Fields every claim of an audit written since issue 10 carries (possibly null or empty)."""
_BROKEN = (Verdict.GAP, Verdict.REFUTED)


# ---------------------------------------------------------------- repairs ---


def is_broken(c: ClaimResult) -> bool:
    """A claim an author must act on: ``gap`` or ``refuted``."""
    return c.verdict in _BROKEN


def repairs_of(claim_id: str, claims: Sequence[ClaimResult]) -> tuple[ClaimResult, ...]:
    """The claims of the audit declared ``repair_of=claim_id``, in audit order."""
    return tuple(r for r in claims if r.repair_of == claim_id)


def repair_sentences(c: ClaimResult, claims: Sequence[ClaimResult], link: Callable[[str], str],
                     text: Callable[[str], str] = tex_to_unicode) -> list[str]:
    """What a claim's section says about repairs: survives by which repair, no repair found, or repair of what.

    ``link(id)`` renders a link to a claim's section, ``text`` renders free text (Unicode or HTML).
    """
    out: list[str] = []
    if c.repair_of is not None:
        original = next((o for o in claims if o.id == c.repair_of), None)
        shown = f" ({original.verdict.value})" if original is not None else " (not in this audit)"
        out.append(f"Repair of {link(c.repair_of)}{shown}: the corrected statement or repaired proof step, "
                   "checked with the same machinery.")
    if not is_broken(c):
        return out
    repairs = repairs_of(c.id, claims)
    for r in repairs:
        if r.verdict.is_pass:
            out.append(f"The conclusion survives, by repair {link(r.id)} ({r.verdict.value}).")
        else:
            out.append(f"Repair {link(r.id)} was checked and is {r.verdict.value}: it does not (yet) save the "
                       "conclusion.")
    if c.no_repair:
        out.append(f"No repair found: {text(c.no_repair)}")
    elif not any(r.verdict.is_pass for r in repairs):
        out.append("No verified repair is recorded: the conclusion itself is in doubt.")
    return out


def missing_repairs(claims: Sequence[ClaimResult]) -> list[str]:
    """Every ``gap``/``refuted`` claim that names neither a repair (in ``claims``) nor a ``no_repair`` reason."""
    return [f"{c.id} is {c.verdict.value} but no claim is repair_of it and its no_repair is empty"
            for c in claims if is_broken(c) and not repairs_of(c.id, claims) and not c.no_repair.strip()]


def narrowed_unspelled(c: ClaimResult) -> str | None:
    """Why a ``verified`` claim's narrowed scope is not spelled out in its statement, or ``None`` if it is."""
    if c.verdict is not Verdict.VERIFIED or c.scope != "narrowed":
        return None
    if not c.form.strip():
        return f"{c.id} is verified with scope 'narrowed' but declares no form"
    if c.form not in c.statement:
        return f"{c.id} is verified with scope 'narrowed' but its statement does not contain its form {c.form!r}"
    return None


def require_repair_fields(doc: Mapping[str, Any], path: Path | str = "audit.json") -> None:
    """:class:`ConfigError` (one line) unless every claim of an audit document carries :data:`REPAIR_FIELDS`."""
    claims = doc.get("claims")
    if not isinstance(claims, list):
        raise ConfigError(f"{path}: malformed audit document: 'claims' must be a list")
    for c in claims:
        missing = [f for f in REPAIR_FIELDS if not isinstance(c, Mapping) or f not in c]
        if missing:
            cid = c.get("id", "?") if isinstance(c, Mapping) else "?"
            raise ConfigError(f"{path}: claim {cid!r} has no {'/'.join(missing)}: the audit predates scopes and "
                              "repairs (issue 10); re-run 'qproofs verify'")


# ----------------------------------------------------------------- errata ---


def md_anchor(claim_id: str) -> str:
    """The GitHub anchor of a claim's ``## id`` heading in ``audit.md``."""
    return claim_id.replace(".", "").lower()


def _section_key(section: str) -> tuple[tuple[int, Any], ...]:
    """Natural order of section labels: '3' < '3.3' < '4' < '10'; text after numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\s]+", section))


def compact(value: Any, limit: int = 200) -> str:
    """``fmt_value`` with nested mappings kept in braces (``a={b=1, c=2}``), so an erratum reads unambiguously."""
    def inner(v: Any) -> str:
        if isinstance(v, Mapping) and set(v) != {"re", "im"}:
            return ", ".join(f"{k}={{{inner(x)}}}" if isinstance(x, Mapping) and set(x) != {"re", "im"}
                             else f"{k}={inner(x)}" for k, x in v.items())
        return fmt_value(v, 10**6)

    text = inner(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def failure_sentence(k: CheckResult) -> str:
    """One sentence for a failing check: expected vs observed, and what the failure means."""
    tol = f" (tolerance {fmt_tolerance(k.tolerance)})" if k.tolerance is not None else ""
    meaning = "a premise of the proof fails" if k.on_fail == "gap" else "the statement fails"
    return (f"`{k.name}` expected {tex_to_unicode(compact(k.expected))}, observed "
            f"{tex_to_unicode(compact(k.observed))}{tol}: {meaning}.")


def _cx(value: Any) -> str:
    return compact(value, 300).replace("`", "'")


def claim_erratum(c: ClaimResult, claims: Sequence[ClaimResult]) -> list[str]:
    """The erratum of one ``gap``/``refuted`` claim (Markdown lines)."""
    failed = [k for k in c.checks if k.status == "fail"]
    lines = [f"### {c.id} — {c.ref}: {tex_to_unicode(c.title)}", "",
             f"Verdict: **{c.verdict.value}** ([details](audit.md#{md_anchor(c.id)}))", "",
             f"- **The paper says:** {tex_to_unicode(c.statement)}"]
    lines.append("- **What fails:**" + ("" if failed else " no check failed outright (see the audit)."))
    lines += [f"  - {failure_sentence(k)}" for k in failed]
    instances = [(k.name, k.counterexample) for k in failed if k.counterexample is not None]
    if instances:
        lines.append("- **Minimal instance:**" + ("" if len(instances) > 1 else
                                                   f" `{_cx(instances[0][1])}` ({instances[0][0]})"))
        if len(instances) > 1:
            lines += [f"  - {name}: `{_cx(cx)}`" for name, cx in instances]
    else:
        lines.append("- **Minimal instance:** none recorded (the failing checks report no single instance).")
    repairs = repairs_of(c.id, claims)
    for r in repairs:
        lines.append(f"- **Corrected statement** (`{r.id}`, **{r.verdict.value}**"
                     + ("" if r.verdict.is_pass else ": not yet a correction") + f"): {tex_to_unicode(r.statement)}")
    if c.no_repair:
        lines.append(f"- **No repair found:** {tex_to_unicode(c.no_repair)}")
    elif not any(r.verdict.is_pass for r in repairs):
        lines.append("- **No verified repair:** the conclusion itself is in doubt.")
    return lines


def render_errata(audit: Audit) -> str:
    """The whole ``errata.md`` for ``audit``: paper section by section, each gap/refuted claim."""
    r = audit.run
    broken = [c for c in audit.claims if is_broken(c)]
    out = ["# Errata — \"Quantum ring all-reduce\"", "",
           f"From the audit of {r.started} (profile **{r.profile}**, seed **{r.seed}**, qproofs "
           f"{r.qproofs_version}): {len(audit.claims)} claims, {len(broken)} gap or refuted.", ""]
    if not broken:
        return "\n".join([*out, "No claim is gap or refuted: nothing to correct.", ""])
    out += ["For each claim: what the paper says, what fails, the minimal instance, and the corrected statement "
            "with its verdict (or why none was found).", ""]
    for section in sorted(dict.fromkeys(c.section for c in broken), key=_section_key):
        out += [f"## Section {section}", ""]
        for c in broken:
            if c.section == section:
                out += [*claim_erratum(c, audit.claims), ""]
    return "\n".join(out)


def write_errata(audit: Audit, out: str | Path) -> Path:
    """Write ``<out>/errata.md`` atomically (a temporary file in the same directory, then ``os.replace``)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "errata.md"
    fd, tmp = tempfile.mkstemp(prefix=".errata-", suffix=".md.tmp", dir=out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(render_errata(audit))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the report is for reading
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
