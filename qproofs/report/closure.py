"""Closure of a verdict: is everything a claim uses (transitively) verified or cited too? (issue 10).

A claim's verdict is *local*: its own checks decided it, assuming the claims it
``uses``. Beside it the report shows the *closure*: a passing claim (``verified``
or ``cited``) is ``closure`` when every claim reachable through ``uses`` is in
the audit and passing too, else ``local`` — e.g. a theorem verified on top of a
lemma whose premise fails (``gap``) is "verified, local". Other verdicts are
shown alone. Pure functions over an audit's claims; the report renders them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from qproofs.claims import ClaimResult

Closure = Literal["closure", "local"]


def blockers(claims: Sequence[ClaimResult]) -> dict[str, tuple[str, ...]]:
    """For every claim, the claims reachable through ``uses`` that are not passing, each as ``'id (verdict)'``.

    A used claim missing from the audit (a partial ``--only`` run) is ``'id (not run)'``.
    Deterministic: breadth-first in declaration order of ``uses``; cycles are visited once.
    """
    by_id = {c.id: c for c in claims}
    return {c.id: _blockers_of(c, by_id) for c in claims}


def _blockers_of(claim: ClaimResult, by_id: Mapping[str, ClaimResult]) -> tuple[str, ...]:
    seen = {claim.id}
    queue = list(claim.uses)
    found: list[str] = []
    while queue:
        used = queue.pop(0)
        if used in seen:
            continue
        seen.add(used)
        dep = by_id.get(used)
        if dep is None:
            found.append(f"{used} (not run)")
            continue
        if not dep.verdict.is_pass:
            found.append(f"{used} ({dep.verdict.value})")
        queue.extend(dep.uses)
    return tuple(found)


def indirect_note(claim: ClaimResult, blocked: Sequence[str]) -> tuple[str, ...]:
    """A summary-table note for blockers the claim does not use directly (its direct ones have notes already)."""
    far = [b for b in blocked if b.split(" ", 1)[0] not in claim.uses]
    return (f"rests, through its uses, on {', '.join(far)}",) if far else ()


def closures(claims: Sequence[ClaimResult]) -> dict[str, Closure | None]:
    """``closure``/``local`` for every passing claim, ``None`` for the others (their verdict says it all)."""
    blocked = blockers(claims)
    return {c.id: (("local" if blocked[c.id] else "closure") if c.verdict.is_pass else None) for c in claims}


def verdict_label(verdict: str, closure: Closure | None) -> str:
    """``'verified, closure'``, ``'verified, local'``, or the bare verdict when there is no closure to show."""
    return verdict if closure is None else f"{verdict}, {closure}"


def closure_note(closure: Closure | None, blocked: Sequence[str]) -> str:
    """One sentence for a claim's section: why the verdict is local, or that its closure holds."""
    if closure is None:
        return ""
    if closure == "closure":
        return "Closure: every claim it uses, transitively, is verified or cited."
    return "Local only: it rests on " + ", ".join(blocked) + "."
