"""``prop1.monotone`` (Proposition 1): trace distance does not grow under CPTP maps, incl. the VGA readout.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property;
its mutants. The physics is in :mod:`qproofs.protocols.vga` (readout channel,
ideal counterparts) with the attacks of :mod:`qproofs.protocols.attacks`; the
fuzz strategy (random Kraus maps) in :mod:`qproofs.fuzz.security`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import product
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import attacks, vga
from qproofs.quantum.measures import trace_distance
from qproofs.tolerance import TOL

from . import _domain

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "prop1.monotone", ref="Proposition 1", section="4", scope="exact",
    title="Trace distance does not grow under CPTP maps, including the VGA readout channel",
    statement=("Trace distance is non-increasing under CPTP maps, in particular under the VGA "
               "encode-measure-broadcast channel; a probe ε-close to ideal GHZ (with any side system of Eve) gives "
               "output ε-close to the ideal simulator's."),
    uses=("lemma2.ideal-leakage-zero",),
    paper={"max_contraction_ratio": 1.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"n": 3, "strengths": (0.1, 0.5, 1.0), "fuzz_examples": 20},
            "standard": {"n": 3, "strengths": (0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0), "fuzz_examples": 200},
            "deep": {"n": 3, "strengths": (0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0), "fuzz_examples": 1000}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("fuzz")
def fuzz_random_cptp_maps(ctx: Any) -> Evidence:
    """Hypothesis: random Kraus maps and random state pairs; ratio ≤ 1."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


@CLAIM.check("simulation")
def vga_readout_channel_contracts(ctx: Any) -> Evidence:
    """Λ_x on the tampered probe vs on GHZ ⊗ σ_E: output distance ≤ probe distance ≤ √(1−F)."""
    n = ctx.params.n
    tol = ctx.tol.dense
    rows, worst_ratio, sqrt_ok, sqrt_gap = [], 0.0, True, 0.0
    for fam, build in (("partial-probe", attacks.partial_probe), ("partial-swap", attacks.partial_swap)):
        for t in ctx.params.strengths:
            psi = vga.distribute(n, build(n, 0, t))
            real = np.outer(psi.reshape(-1), psi.reshape(-1).conj())
            for label, ideal in (("uhlmann", vga.uhlmann_ideal(psi, n)),
                                 ("marginal", vga.ideal_counterpart(psi, n))):
                d_in = trace_distance(real, ideal)
                for x in product(range(2), repeat=n):
                    d_out = vga.blocks_distance(vga.readout_channel(real, n, np.array(x)),
                                                vga.readout_channel(ideal, n, np.array(x)))
                    ratio = d_out / d_in if d_in > ctx.tol.rounding else 0.0
                    worst_ratio = max(worst_ratio, ratio)
                if label == "uhlmann":
                    F = vga.ghz_fidelity(psi, n)
                    # ≤ √(1−F), attained: the Uhlmann ideal is pure, and for pure states D = √(1 − |⟨a|b⟩|²)
                    # with |⟨a|b⟩|² = F (Uhlmann) — equality asserted, so a looser √ bound would be seen
                    gap = abs(d_in - math.sqrt(max(0.0, 1 - F)))
                    sqrt_gap = max(sqrt_gap, gap)
                    sqrt_ok &= d_in <= math.sqrt(max(0.0, 1 - F)) + tol and gap <= tol
                rows.append({"attack": fam, "t": t, "ideal": label, "d_in": d_in})
    return Evidence(passed=worst_ratio <= ctx.paper["max_contraction_ratio"] + tol and sqrt_ok,
                    observed={"max_ratio": worst_ratio, "uhlmann_within_sqrt": sqrt_ok,
                              "max_abs_d_minus_sqrt_1_minus_F": sqrt_gap},
                    expected="ratio ≤ 1; d(probe, GHZ⊗σ_E) ≤ √(1−F), with equality (pure Uhlmann ideal: tight)", tolerance=tol, instances=len(rows) * 2**n,
                    data={"rows": rows},
                    detail="N = 3, every input vector; Eve keeps her ancilla through the channel.")


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "prop1-cptp-contraction", CLAIM.id, strategy="qproofs.fuzz.security:cptp_instances",
    slack="qproofs.fuzz.security:monotone_slack", tol=TOL.dense,
    statement="‖Φ(ρ) − Φ(σ)‖₁ ≤ ‖ρ − σ‖₁ for random CPTP Φ (Kraus) and random states, dim ≤ 8.")


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The protocol refuses every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.ATTACKS_EDGES + _domain.VGA_EDGES, "qproofs.protocols.attacks and vga (Proposition 1's attacks)")


# ---------------------------------------------------------------- mutants ---


def _postselect(rho: np.ndarray, kraus: list[np.ndarray]) -> np.ndarray:
    K = kraus[0]
    out = K @ rho @ K.conj().T
    tr = np.real(np.trace(out))
    return out / tr if tr > TOL.rounding else out


def _renormalise_blocks(blocks: np.ndarray) -> np.ndarray:
    tr = np.real(np.trace(blocks, axis1=1, axis2=2))
    return blocks / np.where(tr > TOL.rounding, tr, 1.0)[:, None, None]


@CLAIM.mutant(kills=[fuzz_random_cptp_maps])
def postselected_channel() -> Iterator[None]:
    """The 'channel' keeps only the first Kraus branch and renormalises (not CPTP; ``vga.CHANNEL_APPLY``)."""
    with mock.patch.object(vga, "CHANNEL_APPLY", _postselect):
        yield


@CLAIM.mutant(kills=[vga_readout_channel_contracts])
def readout_renormalises_each_outcome() -> Iterator[None]:
    """The readout renormalises each broadcast outcome's block (post-selection bug; ``vga.POSTPROCESS``)."""
    with mock.patch.object(vga, "POSTPROCESS", _renormalise_blocks):
        yield


@CLAIM.mutant(kills=[input_domain])
def protocol_forgets_its_guards() -> Iterator[None]:
    """The protocol modules validate nothing (their ``require`` a no-op)."""
    with forget_guards(attacks, vga):
        yield
