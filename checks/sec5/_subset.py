"""Shared classical TieAudit sweep of Section 5's claims (not a claim module).

:func:`subset_rows` searches, per n, the smallest shared random subset (sent
in the clear) whose estimate of the conflict fraction is within ε with error
≤ δ; ``thm5.classical-lower`` fits its growth and ``rem5.broadcast`` sets it
against k quantum clients. Each claim asks for it with its own parameters
(``subset_trials``, ``subset_exponents``); when both ask for the same sweep (the same seed, profile, trials,
sizes and interval level: at standard and deep) it is computed once per run and shared
(:func:`shared_subset_rows`, issue 14), from a random stream keyed by the sweep, not by the claim.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from qproofs.fixtures import run_memo
from qproofs.protocols import gapip, tieaudit

from ._costs import DELTA, EPS
from ._instances import checked_instance

FRACTIONS = (0.25, 0.5, 0.75)
"""Conflict fractions of the instances the classical protocols are run on (cycled over trials)."""
SEARCH_WINDOW_C = 60
"""The subset search window is r ≤ SEARCH_WINDOW_C·√n (r* ≈ 14√n at ε = 0.1)."""
GRID_START = 8
"""Smallest subset size searched."""
GRID_RATIO = 1.08
"""Ratio of consecutive subset sizes on the search grid."""


SHARED_KEY = "sec5-subset"
"""Claim-independent name of the shared sweep's random stream (``ctx.rng`` of a context renamed to it)."""


def shared_subset_rows(ctx: Any) -> list[dict[str, Any]]:
    """:func:`subset_rows` for the claim's ``subset_exponents`` / ``subset_trials``, computed once per run.

    Kept in the kit's run cache (:func:`qproofs.fixtures.run_memo`) under (seed, profile, sizes, trials,
    interval level), so it is private to a claim run under a mutant; drawn from the stream of a context renamed
    to :data:`SHARED_KEY`, so ``thm5.classical-lower`` and ``rem5.broadcast`` get the same rows whichever runs
    first (and the same rows when either runs alone).
    """
    p = ctx.params
    alpha = getattr(p, "bits_ci_alpha", 0.05)
    exponents = tuple(p.subset_exponents)
    sub = replace(ctx, claim_id=f"shared:{SHARED_KEY}", check_name=f"shared:{SHARED_KEY}", shared={})
    rows = run_memo((SHARED_KEY, ctx.seed, ctx.profile, exponents, p.subset_trials, alpha),
                    lambda: subset_rows(sub, exponents))
    return [dict(r) for r in rows]


def subset_rows(ctx: Any, exponents: tuple[int, ...]) -> list[dict[str, Any]]:
    """Per n = 2^k: the smallest subset size r (bits) with error ≤ δ, and the executed quantum qubits."""
    rng = ctx.rng("subset")
    trials = ctx.params.subset_trials
    rows = []
    for k in exponents:
        n = 2**k
        insts = []
        for f in FRACTIONS:
            s, M, f_exact = checked_instance(n, f, rng)
            insts.append((s, tieaudit.matching_partner(M, n), f_exact))
        quantum = tieaudit.run_quantum(s, M, EPS, DELTA, rng).total_qubits   # executed, same (ε, δ)
        top = min(n, int(SEARCH_WINDOW_C * math.sqrt(n)))
        grid = gapip.geometric_grid(GRID_START, top, GRID_RATIO)
        if grid[-1] > top:
            grid[-1] = top
        fails = np.zeros(len(grid))
        for t in range(trials):
            s, partner, f = insts[t % len(insts)]
            est = tieaudit.subset_curve(s, partner, grid, int(rng.integers(2**62)))
            fails += np.abs(est - f) > EPS
        r = gapip.smallest_passing(grid, fails / trials, DELTA)
        lo, hi = bits_interval(grid, fails, trials, getattr(ctx.params, "bits_ci_alpha", 0.05))
        rows.append({"n": n, "bits": r, "trials": trials, "quantum_qubits": quantum, "bits_low": lo, "bits_high": hi})
    return rows


def bits_interval(grid: list[int], fails: np.ndarray, trials: int, alpha: float) -> tuple[int | None, int | None]:
    """A (1 − alpha) interval for the smallest passing subset size, from exact Clopper–Pearson bands per size.

    Low: the smallest r whose failure rate could still be ≤ δ (band low ≤ δ). High: the smallest r from which
    every larger r is surely ≤ δ (band high ≤ δ); None if no searched r is.
    """
    from qproofs.judge import clopper_pearson

    bands = [clopper_pearson(int(f), trials, alpha) for f in fails]
    lo = next((r for r, (b_lo, _) in zip(grid, bands, strict=True) if b_lo <= DELTA), None)
    hi = None
    for r, (_, b_hi) in reversed(list(zip(grid, bands, strict=True))):
        if b_hi > DELTA:
            break
        hi = r
    return lo, hi
