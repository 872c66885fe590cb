"""``chsh.no-advantage``: a deliberately FALSE claim — "no quantum strategy beats the classical bound".

It must come out ``refuted``, with the executed strategy as its counterexample:
the pack's proof that its checks can refute.
"""

from __future__ import annotations

import math
from typing import Any

from qproofs import judge
from qproofs.claims import Claim, Evidence

from ._game import quantum_value

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "chsh.no-advantage", ref="(false on purpose)", section="1", scope="exact",
    title="No quantum strategy beats the classical bound (false)",
    statement="Every quantum strategy on a shared two-qubit state has S ≤ 2.",
    uses=("chsh.classical",),
    paper={"bound": 2},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"angles": 8}, "standard": {"angles": 32}, "deep": {"angles": 128}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def search_strategies(ctx: Any) -> Evidence:
    """A grid of measurement angles on |Φ+⟩: the largest S found, against the claimed bound."""
    k = ctx.params.angles
    grid = [2 * math.pi * i / k for i in range(k)]
    best = max(((a0, a1, b0, b1) for a0 in grid[:1] for a1 in grid for b0 in grid for b1 in grid),
               key=lambda t: quantum_value(t[:2], t[2:]))
    S = quantum_value(best[:2], best[2:])
    ev = judge.at_most(S, ctx.paper["bound"], tol=ctx.tol.dense, instances=k**3,
                       detail="exact S from the state vector for each grid point (Alice's first angle fixed at 0)")
    if ev.passed:
        return ev
    return Evidence(**{**ev.__dict__, "counterexample": {"alice": best[:2], "bob": best[2:], "S": S}})


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[search_strategies], paper={"bound": 3})
def bound_above_tsirelson() -> None:
    """With the bound raised to 3 (above 2√2) the false claim would pass: the check's answer must change."""
