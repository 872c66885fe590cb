"""``rem3.crossover-repaired`` (Remark 3, corrected): where a separation really ends.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
costs are executed by :mod:`qproofs.protocols.gapip` (interactive plane runs,
the dithered whole vector); the fit in :mod:`qproofs.fit`, judged by :mod:`._fits`.

Why a repair: ``rem3.crossover`` records a gap — executed quantum wins with
1/τ² ≥ n, even against the cheapest sound classical baseline (words only as
wide as τ needs). Remark 3's reason ("the classical O(n) bound then matches")
compares n bits with the quadratic regime; the quantum cost C·log n/τ stays
below the whole vector n·w(τ) until 1/τ ≈ n·w(τ)/(C·log n). The corrected
statement: the *quadratic* advantage needs 1/τ² < n, and a separation of any
kind ends at 1/τ_lo*(n) ∝ n (up to logarithms), not at √n.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence
from qproofs.fit import fit_power_law
from qproofs.fixtures import fixture
from qproofs.property import Property
from qproofs.protocols import gapip
from qproofs.tolerance import EXACT

from . import _props
from ._costs import DELTA, quantum_cost, whole_vector
from ._fits import FIT_BAND, fit_evidence

# ------------------------------------------------------------------ claim ---

_FORM = ("against the cheapest executed sound classical protocol (dithered whole vector; JL costs more there), the "
         "largest 1/τ with a quantum win grows like n^1")

CLAIM = Claim(
    "rem3.crossover-repaired", ref="Remark 3 (corrected)", section="5", scope="narrowed", form=_FORM,
    repair_of="rem3.crossover",
    title="Corrected Remark 3: the quadratic advantage needs 1/τ² < n; any separation ends near 1/τ ∝ n/log n",
    statement=("The quadratic advantage (1/τ² classical bits vs log n/τ qubits) needs 1/τ² < n; beyond it the "
               "separation is n·w(τ) bits against C·log n/τ qubits and ends only where they meet. Checked: "
               f"{_FORM}, and every reported crossover is bracketed by executed runs (a win and a loss)."),
    uses=("rem3.crossover", "thm4.quantum-upper"),
    paper={"lower_crossover_exponent": 1.0},
    # ------------------------------------------------------- parameters ---
    # exponents: n = 2^k; from 1/τ = 4n down, the first τ = 2^-(j+½) with a quantum win, then a finer grid of
    # fine_steps points up to the next one: the bracket is its last win and first loss
    params={"quick": {"exponents": (14, 16, 18), "fine_steps": 16, "fit_band": FIT_BAND["quick"]},
            "standard": {"exponents": (14, 16, 18, 20), "fine_steps": 32,
                         "fit_band": FIT_BAND["standard"]},
            "deep": {"exponents": (14, 16, 18, 20, 22), "fine_steps": 32, "fit_band": FIT_BAND["deep"]}},
)

# ----------------------------------------------------------------- checks ---


def counted_qubits(tau: float, n: int) -> int:
    """The interactive protocol's qubit count 2·(⌈log₂(n+1)⌉+1)·R·Σ_k t_k·shots_k, without simulating it.

    The same identity ``thm4.quantum-upper``'s qubit_accounting checks exactly against executed runs; a plane
    run costs time ∝ 1/τ, so the bisection uses the count and only the bracket's ends are executed.
    """
    ladder = list(gapip.ladder(tau))
    apps = gapip.repetitions(DELTA) * sum(t * s for t, s in zip(ladder, gapip.rung_shots(ladder), strict=True))
    return 2 * gapip.leg_qubits(n) * apps


def _wins(tau: float, n: int) -> bool:
    """Interactive qubits below the dithered whole vector's bits (n words of dithered_word_bits)."""
    return counted_qubits(tau, n) < n * gapip.dithered_word_bits(tau, DELTA)


@fixture(key="lower")
def lower(ctx: Any) -> list[dict[str, Any]]:
    """Per n: the bracket [τ where quantum still wins, τ where it loses] of the lower crossover, executed."""
    rng = ctx.rng("lower")
    rows = []
    for k in ctx.params.exponents:
        n = 2**k
        top = k + 2                                   # 1/τ = 4n: the quantum protocol must lose there
        # both costs are step functions of τ (ladder rungs and word widths jump at powers of 2): sample off them
        j = next((j for j in range(top, 0, -1) if _wins(2.0 ** -(j + 0.5), n)), None)
        if j is None or j == top:
            rows.append({"n": n, "bracketed": False, "largest_win_exponent": j})
            continue
        fine = [j + 0.5 + (i + 0.5) / ctx.params.fine_steps for i in range(ctx.params.fine_steps)]
        lo = j + 0.5
        hi = next((e for e in fine if not _wins(2.0**-e, n)), j + 1.5)
        lo = max([lo] + [e for e in fine if e < hi])
        lo, hi = lo * math.log(2), hi * math.log(2)   # log(1/τ): a win at lo, a loss at hi
        t_win, t_lose = math.exp(-lo), math.exp(-hi)
        q_win, q_lose = quantum_cost(t_win, n, rng), quantum_cost(t_lose, n, rng)
        c_win, c_lose = whole_vector(ctx, t_win, n), whole_vector(ctx, t_lose, n)   # executed at the bracket
        rows.append({"n": n, "bracketed": True, "inv_tau_win": 1 / t_win, "inv_tau_lose": 1 / t_lose,
                     "quantum_at_win": q_win, "classical_at_win": c_win.bits, "quantum_at_lose": q_lose,
                     "classical_at_lose": c_lose.bits, "jl_rows_at_win": gapip.jl_rows(t_win, DELTA),
                     "verified": q_win < c_win.bits and q_lose >= c_lose.bits})
    return rows


@CLAIM.check("accounting")
def crossover_bracketed(ctx: Any, lower: list[dict[str, Any]]) -> Evidence:
    """For every n the quantum protocol wins somewhere below 1/τ = 4n and loses there; the bisected bracket is executed."""
    bad = next((r for r in lower if not r["bracketed"] or not r["verified"]), None)
    return Evidence(passed=bad is None, observed=lower, expected="a win at the bracket's τ and a loss just below it",
                    tolerance="exact", instances=len(lower), counterexample=bad,
                    detail=("executed interactive qubits against the dithered whole vector's executed bits at both "
                            "ends of each bracket; JL needs jl_rows(τ) ≥ n rows there, so it is never cheaper"))


@CLAIM.check("fit")
def lower_crossover_grows_like_n(ctx: Any, lower: list[dict[str, Any]]) -> Evidence:
    """1/τ_lo*(n) (geometric middle of the executed bracket) vs n: exponent 1 (a separation to 1/τ ∝ n), not 1/2."""
    rows = [r for r in lower if r["bracketed"]]
    if len(rows) < 3:
        return Evidence(passed=False, observed=lower, expected="a bracketed crossover for at least 3 sizes")
    x = [r["n"] for r in rows]
    y = [math.sqrt(r["inv_tau_win"] * r["inv_tau_lose"]) for r in rows]
    fit = fit_power_law(x, y, ctx.rng("boot"))
    return fit_evidence(ctx, fit, ctx.paper["lower_crossover_exponent"], (0.5, 2.0), "1/τ_lo* vs n",
                        data={"rows": rows},
                        caveats=("1/τ_lo* ≈ n·w(τ)/(C·log₂ n) with w ≈ log₂(1/τ): the logarithms nearly cancel, "
                                 "so the local exponent sits close to 1; Remark 3's boundary 1/τ² = n is exponent "
                                 "1/2.",))



WORD_LEVELS = (7, 13, 15)
"""Dither levels L of :func:`whole_vector_word_bits`: L + 1 = 8 and 16 are powers of two (the width's edge), 13 not."""


def tau_for_levels(levels: int, delta: float) -> float:
    """A margin τ with :func:`gapip.dither_levels` (τ, δ) = ``levels``: √(ln(1/δ)/2)/τ = levels − ½."""
    return math.sqrt(math.log(1 / delta) / 2) / (levels - 0.5)


@CLAIM.check("accounting")
def whole_vector_word_bits(ctx: Any) -> Evidence:
    """The dithered whole vector's counted bits = n·(1 + b), b the least integer with 2^b ≥ L + 2.

    A sign and a magnitude 0..L + 1 per word; checked at L + 1 a power of two (where a width off by one shows)
    and elsewhere.

    Executed (:func:`gapip.run_whole_vector_dithered`, bits counted on its link) at n = 16 with the extreme inputs
    a = b = e_0 (|k_0| = L or L + 1) and compared with the formula by a search over b, independent of
    ``int.bit_length``; :func:`gapip.dithered_word_bits` must agree. A mismatch is an accounting defect:
    inconclusive.
    """
    rows, n = [], 16
    a = np.zeros(n)
    a[0] = 1.0
    for levels in WORD_LEVELS:
        tau = tau_for_levels(levels, DELTA)
        L = gapip.dither_levels(tau, DELTA)
        b = next(k for k in range(64) if 2**k >= L + 2)
        run = gapip.run_whole_vector_dithered(a, a.copy(), tau, DELTA, shared_seed=levels)
        rows.append({"L": L, "tau": tau, "bits": run.bits, "expected": n * (1 + b),
                     "word_bits": gapip.dithered_word_bits(tau, DELTA)})
    ok = all(r["L"] == lv and r["bits"] == r["expected"] == n * r["word_bits"]
             for r, lv in zip(rows, WORD_LEVELS, strict=True))
    return Evidence(passed=True if ok else None, observed=rows,
                    expected="bits = n·(1 + min{b : 2^b ≥ L + 2}) = n·dithered_word_bits", tolerance=EXACT,
                    instances=len(rows), counterexample=None if ok else rows,
                    detail="Exact integer comparison of the executed link's bit count with the word-width formula; "
                           "L + 1 = 8, 16 are the sizes where (L + 1).bit_length() and L.bit_length() differ.")


# ------------------------------------------------------------ fuzz property ---


def separation_slack(inst: dict[str, Any]) -> float:
    """log(counted interactive qubits / dithered whole-vector bits) at 1/τ ≥ 4n (≥ 0: no quantum win)."""
    return _props.separation_ends_slack(inst, counted_qubits)


PROPERTY = Property(
    "separation-ends", CLAIM.id, strategy=_props.beyond_linear_margins, slack=separation_slack, tol=0,
    statement="Property: for any n and 1/τ ≥ 4n, the interactive qubits reach the dithered whole vector's bits.")


@CLAIM.check("fuzz")
def fuzz_separation_ends(ctx: Any) -> Evidence:
    """Hypothesis over (n, τ) with 1/τ ≥ 4n: no quantum win beyond 1/τ = 4n."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY, examples=(20, 60, 400))


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[lower_crossover_grows_like_n], paper={"lower_crossover_exponent": 0.5})
def crossover_claimed_at_sqrt_n() -> None:
    """The original remark's boundary: 1/τ_lo* ∝ √n."""


@CLAIM.mutant(kills=[lower_crossover_grows_like_n])
def quantum_cost_squared_in_tau() -> Iterator[None]:
    """Phase-estimation ladder sized 1/τ² (public ``gapip.ladder``): the quantum protocol loses beyond √n."""
    orig = gapip.ladder
    with mock.patch.object(gapip, "ladder", lambda tau: orig(tau * tau * 4)):
        yield


@CLAIM.mutant(kills=[crossover_bracketed])
def word_width_formula_doubled() -> Iterator[None]:
    """The bracket search's word width (public ``gapip.dithered_word_bits``) disagrees with the executed protocol."""
    orig = gapip.dithered_word_bits
    with mock.patch.object(gapip, "dithered_word_bits", lambda tau, delta: 2 * orig(tau, delta)):
        yield


@CLAIM.mutant(kills=[fuzz_separation_ends])
def ladder_sized_sqrt() -> Iterator[None]:
    """Phase-estimation ladder sized 1/√τ (public ``gapip.ladder``): too cheap, the quantum protocol wins beyond 4n."""
    orig = gapip.ladder
    with mock.patch.object(gapip, "ladder", lambda tau: orig(math.sqrt(tau))):
        yield


@CLAIM.mutant(kills=[whole_vector_word_bits])
def word_width_off_by_one() -> Iterator[None]:
    """The word width read as 1 + L.bit_length() (public ``gapip.dithered_word_bits``): one bit short at L + 1 = 2^b."""
    with mock.patch.object(gapip, "dithered_word_bits",
                           lambda tau, delta: 1 + gapip.dither_levels(tau, delta).bit_length()):
        yield
