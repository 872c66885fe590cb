"""Shared executed-cost sweeps of Section 5's claims (not a claim module).

GapIP (Theorem 4, Remark 3): one executed interactive run at the adversarial
margin (:func:`plane_run`, :func:`quantum_cost`), the smallest JL sketch that
reaches error ≤ δ (:func:`jl_search`) and the best executed classical cost
(:func:`classical_cost`). The random streams are the calling check's or
fixture's (``ctx.rng``), as before the migration.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import stats

from qproofs.protocols import gapip

DELTA = 0.05
"""Error target δ of every GapIP protocol audited here."""
EPS = 0.1
"""Additive accuracy ε of TieAudit."""


def plane_run(tau: float, n: int, sign: int, rng: np.random.Generator) -> gapip.GapIPRun:
    """One executed interactive run (exact 2-dim simulator) at ⟨a,b⟩ = sign·τ exactly."""
    theta = math.acos((1 + sign * tau) / 2)
    return gapip.run_quantum(None, None, tau, DELTA, rng, simulator="plane", theta=theta, n=n)


def quantum_cost(tau: float, n: int, rng: np.random.Generator) -> int:
    """Qubits counted by one executed interactive run at ⟨a,b⟩ = +τ."""
    return plane_run(tau, n, 1, rng).qubits


def jl_guess(tau: float) -> int:
    """Predicted smallest k: the unquantised estimate is ≈ Normal(±τ, (1+τ²)/k), so k ≈ z²_{1−δ}(1+τ²)/τ².

    Only the start of :func:`gapip.search_smallest`'s bracket: the answer does not depend on it (monotone error).
    """
    z = float(stats.norm.isf(DELTA))
    return max(1, math.ceil(z * z * (1 + tau * tau) / (tau * tau)))


def jl_search(ctx: Any, tau_grid: list[float], trials: int, n: int, cap: int | None = None) -> list[dict[str, Any]]:
    """Per τ, the smallest JL row count k with executed error ≤ δ at ⟨a,b⟩ = ±τ, and its bits.

    ``cap``: the largest k searched (None: 2× the Theorem 4.2 bound); k is None when even the cap fails.
    """
    rng = ctx.rng("jl-search")
    rows = []
    for tau in tau_grid:
        def err(k: int, tau: float = tau) -> float:
            e_plus, _ = gapip.jl_error_curve(tau, n, [k], trials // 2, rng)
            e_minus, _ = gapip.jl_error_curve(-tau, n, [k], trials - trials // 2, rng)
            return float((e_plus[0] + e_minus[0]) / 2)

        hi = 2 * gapip.jl_rows(tau, DELTA) if cap is None else min(cap, 2 * gapip.jl_rows(tau, DELTA))
        k, seen = gapip.search_smallest(err, 1, hi, DELTA, guess=jl_guess(tau))
        rows.append({"tau": tau, "k": k, "bits": None if k is None else gapip.jl_bits(n, k),
                     "k_bound": gapip.jl_rows(tau, DELTA), "evaluations": len(seen)})
    return rows


def whole_vector(ctx: Any, tau: float, n: int) -> gapip.JLRun:
    """One executed run of the cheapest sound whole-vector protocol (dithered words as wide as τ needs)."""
    rng = ctx.rng("whole", tau, n)
    a, b = gapip.promise_pair(n, tau, rng)
    return gapip.run_whole_vector_dithered(a, b, tau, DELTA, int(rng.integers(2**62)))


def classical_cost(ctx: Any, tau: float, n: int, trials: int) -> dict[str, Any]:
    """Executed classical cost: min(smallest passing JL sketch, dithered whole vector).

    The whole vector uses :func:`gapip.run_whole_vector_dithered` (≈ log₂(1/τ)-bit words, sound for every
    input), not ⌈log₂ n⌉-bit words (issue 10 finding 4); ``whole_bits_fixed`` records the n·⌈log₂ n⌉ cost of
    the former baseline for comparison. The JL search runs only over sketches cheaper than the whole vector
    (k·w < whole bits, and k < n): a costlier sketch cannot be the minimum, so ``best`` is the same as with the
    search up to n, and ``jl_bits`` is None exactly when no sketch is cheaper than the whole vector.
    """
    whole = whole_vector(ctx, tau, n)
    cap = min(n - 1, (whole.bits - 1) // gapip.word_bits(n))
    rows = jl_search(ctx, [tau], trials, n, cap=cap) if gapip.jl_rows(tau, DELTA) <= 4 * n and cap >= 1 else \
        [{"tau": tau, "k": None, "bits": None}]
    jl_bits = rows[0]["bits"] if rows[0]["k"] is not None and rows[0]["bits"] < whole.bits else None
    best = whole.bits if jl_bits is None else min(jl_bits, whole.bits)
    return {"jl_bits": jl_bits, "whole_bits": whole.bits, "best": best, "whole_correct": whole.decision == 1,
            "whole_bits_fixed": n * gapip.word_bits(n)}


SEARCH_CASES_HI = (2, 3, 50, 997)
"""Upper ends of the grids on which :func:`search_selftest` runs the searches (the first grid points are 1, 2, …)."""


def search_selftest(ratio: float = 1.08) -> list[dict[str, Any]]:
    """Mismatches of the searches on step error curves with a known answer (empty: all exact).

    Runs :func:`gapip.search_smallest` (with and without a guess) and :func:`gapip.smallest_passing`.

    The step curve err(k) = 0 for k ≥ K₀, 1 below, is monotone: the answer is the smallest grid point ≥ K₀,
    which for K₀ = 1 and 2 is the grid's first and second point (1, 2), for K₀ = hi the last, and None for
    K₀ > hi. Middle K₀ are checked against the grid spacing: K₀ ≤ answer < K₀·ratio + 1, and err(answer) ≤ δ.
    Issue 11 (Cosmic Ray): no audited search had its answer at the first grid points, so a bisection that
    starts at index +1 instead of −1 went unseen. Exact (no sampling), microseconds.
    """
    bad: list[dict[str, Any]] = []
    for hi in SEARCH_CASES_HI:
        for k0 in sorted({1, 2, 3, max(1, hi // 3), max(1, hi - 1), hi, hi + 1}):
            if k0 > hi + 1:
                continue
            for guess in (None, 1, 2, max(1, hi // 2), hi, 2 * hi):
                got, seen = gapip.search_smallest(lambda k, k0=k0: 0.0 if k >= k0 else 1.0, 1, hi, DELTA,
                                                  ratio=ratio, guess=guess)
                if k0 > hi:
                    ok = got is None
                elif k0 <= 2 or k0 == hi:
                    ok = got == k0
                else:
                    ok = got is not None and k0 <= got < k0 * ratio + 1 and seen.get(got) == 0.0
                if not ok:
                    bad.append({"hi": hi, "answer_from": k0, "guess": guess, "found": got})
    grid = [1, 2, 3, 5]
    for errors, want in (([0, 0, 0, 0], 1), ([1, 0, 0, 0], 2), ([1, 1, 0, 0], 3), ([0, 1, 0, 0], 3),
                         ([0, 0, 0, 1], None)):
        got = gapip.smallest_passing(grid, np.asarray(errors, float), DELTA)
        if got != want:
            bad.append({"smallest_passing": errors, "want": want, "found": got})
    return bad
