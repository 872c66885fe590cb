"""``chsh.classical``: every classical strategy has CHSH value |S| ≤ 2 (Bell 1964; Clauser et al. 1969)."""

from __future__ import annotations

from typing import Any

from qproofs import judge
from qproofs.claims import Claim, Evidence

from ._game import classical_values

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "chsh.classical", ref="CHSH 1969, eq. (1)", section="1", scope="exact",
    title="Local hidden variables give |S| ≤ 2",
    statement="For every classical (local, shared-randomness) strategy, |S| ≤ 2; the bound is attained.",
    paper={"bound": 2},
    # ------------------------------------------------------- parameters ---
    params={"quick": {}, "standard": {}, "deep": {}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("enumeration")
def every_deterministic_strategy(ctx: Any) -> Evidence:
    """All 16 deterministic strategies (shared randomness only mixes them, so their maximum is the bound)."""
    values = classical_values()
    worst = max(abs(v) for v in values.values())
    best = max(values, key=lambda k: abs(values[k]))
    ev = judge.at_most(worst, ctx.paper["bound"], instances=len(values),
                       detail="exact integers; a convex mixture of strategies cannot exceed its best member")
    return Evidence(**{**ev.__dict__, "passed": ev.passed and worst == ctx.paper["bound"],
                       "counterexample": None if worst <= ctx.paper["bound"] else {"strategy": best, "S": worst}})


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[every_deterministic_strategy], paper={"bound": 1})
def bound_too_small() -> None:
    """The claimed classical bound lowered to 1: the enumeration must exceed it."""
