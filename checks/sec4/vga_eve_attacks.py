"""``vga.eve-attacks`` (Sections 4.1, 4.3, beyond the paper): no attack gains information without being rejected.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
physics is in :mod:`qproofs.protocols.attacks` (Kraus maps of Eve's attacks),
:mod:`qproofs.protocols.vga` (Eve's Holevo information beyond the sum, the
information–disturbance bound) and :mod:`qproofs.protocols.stabilizer` (exact rejection).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.protocols import attacks, stabilizer, vga

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "vga.eve-attacks", ref="Sections 4.1, 4.3 (beyond the paper)", section="4", scope="exact",
    title="No attack on the GHZ distribution gains information without being rejected",
    statement=("For intercept-resend, CNOT copy and partial entangling probes of strength t on the qubits in "
               "transit: Eve's information about a single node's input beyond the sum (Holevo quantity of her "
               "system and the broadcasts) against the test's rejection probability; every attack is rejected with "
               "probability ≥ (1−F)/2, and its leakage is bounded by a function of the rejection probability that "
               "vanishes with it."),
    uses=("vga.stabilizer-detection", "prop1.monotone"),
    caveats=("The trade-off bound used: 1 − F = r·(2^N−1)/2^{N−1}, ε = √(1−F), leakage ≤ ε·log|𝒳| + "
             "(1+ε)·h(ε/(1+ε)) (Alicki–Fannes–Winter), capped at H(X_i|S); it is loose but vanishes as r → 0.",),
    paper={"detection_constant": 0.5},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"ns": (2, 3), "strengths": (0.05, 0.2, 0.5, 1.0)},
            "standard": {"ns": (2, 3, 4), "strengths": (0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)},
            "deep": {"ns": (2, 3, 4), "strengths": (0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)}},
    seams={"leakage_bound": vga.leakage_bound_from_rejection},
)

FIGURE_N = 3
"""N of the trade-off bound curve drawn in the figure."""
FIGURE_REJECTIONS = np.linspace(0, 0.6, 31)
"""Rejection probabilities at which the figure draws the trade-off bound."""

# ----------------------------------------------------------------- checks ---


def _attack_grid(n: int, strengths: tuple[float, ...]) -> Iterator[tuple[str, float, list[np.ndarray]]]:
    for t in strengths:
        yield "partial-probe", t, attacks.partial_probe(n, 0, t)
        yield "partial-swap", t, attacks.partial_swap(n, 0, t)
    for basis in ("X", "Y", "Z"):
        yield f"intercept-resend-{basis}", 1.0, attacks.intercept_resend(n, 0, basis)
    yield "cnot-copy", 1.0, attacks.cnot_copy(n, (0,))


@CLAIM.check("simulation")
def information_disturbance_tradeoff(ctx: Any) -> Evidence:
    """Eve's Holevo information beyond the sum vs exact rejection: r ≥ (1−F)/2 and leak ≤ bound(r)."""
    leakage_bound = ctx.seam("leakage_bound")
    c, tol = ctx.paper["detection_constant"], ctx.tol.dense
    rows, ok, worst = [], True, None
    for n in ctx.params.ns:
        for name, t, ks in _attack_grid(n, ctx.params.strengths):
            psi = vga.distribute(n, ks)
            F = vga.ghz_fidelity(psi, n)
            r = stabilizer.rejection_probability(vga.register_state(psi), n)
            leak = vga.eve_leakage(psi, n, 0)
            bound = min(1.0, leakage_bound(r, n))
            good = r >= c * (1 - F) - tol and leak <= bound + tol
            if not good and worst is None:
                worst = {"N": n, "attack": name, "t": t, "F": F, "p_reject": r, "leak": leak, "bound": bound}
            ok &= good
            rows.append({"N": n, "attack": name, "t": t, "F": F, "p_reject": r, "leak_bits": leak, "bound": bound})
    fams = sorted({r["attack"] for r in rows})
    series = tuple(Series(f, tuple(r["p_reject"] for r in rows if r["attack"] == f),
                          tuple(r["leak_bits"] for r in rows if r["attack"] == f), kind="scatter") for f in fams)
    series += (Series(f"trade-off bound (N={FIGURE_N})", tuple(FIGURE_REJECTIONS),
                      tuple(min(1.0, leakage_bound(float(x), FIGURE_N)) for x in FIGURE_REJECTIONS)),)
    fig = Figure("info-vs-rejection", "Eve's information beyond the sum vs stabiliser-test rejection",
                 "P_reject", "I(X_0 ; B E | S) (bits)", series)
    leaking = [r for r in rows if r["leak_bits"] > tol]
    return Evidence(passed=ok, observed={"attacks": len(rows), "min_rejection_when_leaking":
                                         min((r["p_reject"] for r in leaking), default=None),
                                         "max_leak": max(r["leak_bits"] for r in rows),
                                         "max_leak_over_bound": max((r["leak_bits"] / r["bound"] for r in leaking),
                                                                    default=0.0)},
                    expected="r ≥ (1−F)/2 and leak ≤ bound(r) for every attack", tolerance=tol,
                    instances=len(rows), figures=(fig,), counterexample=worst, data={"rows": rows[:80]},
                    detail=("Inputs uniform bits; Eve holds the Stinespring environment of her attack and all "
                            "broadcasts; leakage = I(X_0 ; B E | Σ x mod 2), exact."))


# ---------------------------------------------------------------- mutants ---


def _x_generator_only(n: int) -> list[Any]:
    return stabilizer.ghz_generators(n)[:1]


@CLAIM.mutant(kills=[information_disturbance_tradeoff])
def test_only_x_string() -> Iterator[None]:
    """The test only ever measures X^{⊗N} (Z generators skipped; ``stabilizer.GENERATORS``): X intercepts pass."""
    with mock.patch.object(stabilizer, "GENERATORS", _x_generator_only):
        yield


def _infidelity_as_leakage(r: float, n: int, alphabet: int = 2) -> float:
    return min(1.0, max(0.0, r) * (2**n - 1) / 2 ** (n - 1)) * math.log2(alphabet)


@CLAIM.mutant(kills=[information_disturbance_tradeoff], seams={"leakage_bound": _infidelity_as_leakage})
def leakage_bounded_by_infidelity() -> None:
    """Trade-off bound 'leak ≤ (1 − F)·log|𝒳|' (trace distance taken as the infidelity, continuity term dropped)."""
