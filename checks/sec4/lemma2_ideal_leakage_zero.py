"""``lemma2.ideal-leakage-zero`` (Lemma 2): ideal-GHZ VGA leaks nothing beyond the sum to a passive outside Eve.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
physics is in :mod:`qproofs.protocols.simulator` (exact leakage tables) and
:mod:`qproofs.protocols.vga` (executed runs).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

from qproofs.claims import Claim, Evidence
from qproofs.protocols import attacks, simulator, vga
from qproofs.tolerance import EXACT

from ._probes import product_probe

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "lemma2.ideal-leakage-zero", ref="Lemma 2", section="4", scope="exact",
    title="Ideal-GHZ VGA leaks nothing beyond the sum to a passive outside Eve",
    statement="For a passive outside Eve and exact GHZ copies, I(X_i ; E's view | Σ_j X_j) = 0 exactly.",
    uses=("lemma1.simulatable",),
    paper={"leakage_bits": 0.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"ns": (2, 3), "ds": (2, 3), "run_n": 3, "coordinates": 4, "runs": 5},
            "standard": {"ns": (2, 3, 4, 5), "ds": (2, 3, 4), "run_n": 3, "coordinates": 8, "runs": 20},
            "deep": {"ns": (2, 3, 4, 5), "ds": (2, 3, 4), "run_n": 3, "coordinates": 8, "runs": 20}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def passive_eve_learns_nothing_beyond_sum(ctx: Any) -> Evidence:
    """Exact I(X_i ; broadcast bits | Σ X) for every node, N and d."""
    rows, worst = [], 0.0
    for n in ctx.params.ns:
        for d in ctx.params.ds:
            v = max(simulator.ideal_leakage(n, i, d) for i in range(n))
            rows.append({"N": n, "d": d, "max_leak_bits": v})
            worst = max(worst, abs(v))
    tol = ctx.tol.dense
    return Evidence(passed=worst <= ctx.paper["leakage_bits"] + tol, observed={"max_leak_bits": worst},
                    expected=ctx.paper["leakage_bits"], tolerance=tol, instances=len(rows), data={"rows": rows},
                    detail="Inputs i.i.d. uniform on Z_d; Eve's view = all N broadcast bits; exact joint tables.")


@CLAIM.check("simulation")
def executed_run_on_exact_ghz(ctx: Any) -> Evidence:
    """Executed VGA with no attack: tests never abort, the parity recovers Σ x mod 2 on every coordinate."""
    rng = ctx.rng("runs")
    n, m, runs = ctx.params.run_n, ctx.params.coordinates, ctx.params.runs
    accepted = correct = 0
    for _ in range(runs):
        x = rng.integers(0, 2, size=(m, n))
        r = vga.run_vga(n, m, lambda c: attacks.identity(n), x, rng)
        accepted += r.accepted
        correct += r.accepted and r.aggregates == r.true_aggregates
    return Evidence(passed=accepted == runs and correct == runs, observed={"accepted": accepted, "correct": correct},
                    expected={"accepted": runs, "correct": runs}, tolerance=EXACT, instances=runs,
                    detail=f"N = {n}, m = {m} coordinates per run (2m copies distributed).")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[passive_eve_learns_nothing_beyond_sum, executed_run_on_exact_ghz])
def product_probe_leaks() -> Iterator[None]:
    """Source distributes |+⟩^{⊗N} instead of GHZ (``vga.PROBE``): readout bits reveal inputs, tests abort."""
    with mock.patch.object(vga, "PROBE", product_probe):
        yield
