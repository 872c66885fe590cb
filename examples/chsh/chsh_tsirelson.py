"""``chsh.tsirelson``: quantum strategies reach S = 2√2 and no more (Tsirelson 1980).

The upper bound is the level-1 NPA relaxation, certified by an exact rational
dual (qproofs.sdp.certificate); the lower bound is an executed optimal strategy.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from qproofs import judge
from qproofs.claims import Claim, Evidence
from qproofs.sdp.certificate import Constraint, SDPProgram, certify

from ._game import npa_level1, play, quantum_value

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "chsh.tsirelson", ref="Tsirelson 1980", section="1", scope="exact",
    title="Quantum strategies reach S = 2√2 and no more",
    statement="Every quantum strategy has S ≤ 2√2, and measuring |Φ+⟩ at angles (0, π/2; π/4, −π/4) attains it.",
    paper={"bound": 2 * math.sqrt(2), "alice": (0.0, math.pi / 2), "bob": (math.pi / 4, -math.pi / 4)},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"rounds": 2000, "alpha": 1e-4}, "standard": {"rounds": 20000, "alpha": 1e-6},
            "deep": {"rounds": 200000, "alpha": 1e-6}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("sdp")
def npa_bound_certified(ctx: Any) -> Evidence:
    """NPA level 1 bounds S; its exact rational dual proves S ≤ 2√2 up to the stated rational slack."""
    C, rows = npa_level1()
    prog = SDPProgram(C=C, sense="max", name="chsh-npa1", constraints=tuple(Constraint(A, "==", b) for A, b in rows))
    slack = Fraction(1, 10**5)
    claimed = Fraction(ctx.paper["bound"]).limit_denominator(10**9)
    return judge.certified(certify(prog, claimed=claimed, claim_tol=slack), claimed, instances=1,
                           detail=f"claimed 2√2 ≈ {claimed}; a certified rational bound within {slack} counts")


@CLAIM.check("simulation")
def optimal_strategy_attains(ctx: Any) -> Evidence:
    """The optimal angles: exact S from the state vector, and executed rounds win at the rate (2 + √2)/4."""
    S = quantum_value(ctx.paper["alice"], ctx.paper["bob"])
    p_win = (4 + ctx.paper["bound"]) / 8
    wins = play(ctx.paper["alice"], ctx.paper["bob"], ctx.params.rounds, ctx.rng("rounds"))
    ev = judge.rate(wins, ctx.params.rounds, p_win, alpha=ctx.params.alpha,
                    detail=f"exact S = {S:.12f}; win rate of executed rounds vs (4 + S*)/8")
    return Evidence(**{**ev.__dict__, "passed": ev.passed and abs(S - ctx.paper["bound"]) <= ctx.tol.dense})


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[npa_bound_certified], paper={"bound": 2.7})
def bound_below_tsirelson() -> None:
    """Claimed quantum bound 2.7 < 2√2: the SDP optimum exceeds it."""


@CLAIM.mutant(kills=[optimal_strategy_attains], paper={"bob": (0.0, math.pi / 2)})
def misaligned_bob() -> None:
    """Bob measures at Alice's angles: the strategy no longer attains 2√2."""
