"""What a verdict rests on: trust classes of checks and claims (issue 12, issue 15).

Classes, weakest first: ``float`` (floating point within a stated tolerance),
``exact`` (exact arithmetic in the producing code), ``rechecked`` (a certificate
accepted by the independent checker :mod:`qproofs.certcheck`), ``kernel`` (a
certificate re-proved by the Coq kernel). A claim's verdict rests on the checks
that decided it (those that passed or failed); its trust is the weakest of theirs.

>>> from qproofs.claims import CheckResult
>>> weakest([CheckResult("a", "sdp", True, trust="rechecked"), CheckResult("b", "fit", True)])
'float'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qproofs.claims import TRUST_CLASSES, CheckResult, ClaimResult
from qproofs.errors import ConfigError, require


def rank(trust: str) -> int:
    """Position of ``trust`` in :data:`~qproofs.claims.TRUST_CLASSES` (higher is stronger)."""
    require(trust in TRUST_CLASSES, "trust", f"must be one of {', '.join(TRUST_CLASSES)}", trust)
    return TRUST_CLASSES.index(trust)


def deciding(claim: ClaimResult) -> list[CheckResult]:
    """The checks a claim's verdict rests on: those that passed or failed (not undecided, not crashed)."""
    return [k for k in claim.checks if k.status in ("pass", "fail")]


def weakest(checks: Sequence[CheckResult]) -> str:
    """The weakest trust class among ``checks`` (``kernel`` for none)."""
    return min((k.trust for k in checks), key=rank, default=TRUST_CLASSES[-1])


def claim_trust(claim: ClaimResult) -> str:
    """The trust class of a claim's verdict: the weakest of the checks it rests on."""
    return weakest(deciding(claim))


def below(claim: ClaimResult, required: str) -> list[CheckResult]:
    """The deciding checks of ``claim`` whose trust is below ``required``."""
    need = rank(required)
    return [k for k in deciding(claim) if rank(k.trust) < need]


def trust_summary(claim: ClaimResult) -> list[str]:
    """What a claim's verdict trusts, in words: cited theorems, float tolerances, exact code, certificates."""
    out = [f"the cited theorem: {claim.cited}"] if claim.cited else []
    groups: dict[str, list[CheckResult]] = {}
    for k in deciding(claim):
        groups.setdefault(k.trust, []).append(k)
    if "float" in groups:
        tols = sorted({str(k.tolerance) for k in groups["float"]})
        out.append(f"floating point within stated tolerances ({len(groups['float'])} checks: {', '.join(tols)})")
    if "exact" in groups:
        out.append(f"exact arithmetic in qproofs' own code ({len(groups['exact'])} checks, no certificate)")
    if "rechecked" in groups:
        solver = any(k.method == "sdp" for k in groups["rechecked"])
        out.append(f"certificates accepted by the independent checker ({len(groups['rechecked'])} checks"
                   + ("; the SDP solver only proposes the dual" if solver else "") + ")")
    if "kernel" in groups:
        out.append(f"certificates re-proved by the Coq kernel ({len(groups['kernel'])} checks)")
    return out


def mark_kernel_accepted(out: str | Path, accepted: set[str]) -> int:
    """Give trust ``kernel`` to the checks of ``out/audit.json`` whose every certificate file is in ``accepted``.

    ``accepted`` holds resolved paths of certificate files the Coq kernel accepted. The report is
    rewritten as one unit under its lock; returns how many checks were marked.
    """
    from dataclasses import replace

    from qproofs.report.write import update_report

    base = Path(out).resolve()
    marked = [0]

    def files_of(rel: str) -> set[str]:
        p = base / rel
        return {str(f.resolve()) for f in (sorted(p.rglob("*.json")) if p.is_dir() else [p])}

    def change(old: Any) -> Any:
        if old is None:
            raise ConfigError(f"{out}: no audit.json to mark")
        claims = []
        for c in old.claims:
            checks = []
            for k in c.checks:
                files = files_of(k.certificate) if k.certificate and k.status == "pass" else set()
                if files and files <= accepted and k.trust != "kernel":
                    k = replace(k, trust="kernel")
                    marked[0] += 1
                checks.append(k)
            claims.append(replace(c, checks=tuple(checks)))
        return replace(old, claims=tuple(claims))

    update_report(out, change)
    return marked[0]
