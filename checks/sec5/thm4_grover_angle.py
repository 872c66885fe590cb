"""``thm4.grover-angle`` (Theorem 4, Appendix D): the two-party Grover operator rotates span{ã,b̃} by 2θ.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property;
its mutants. The physics is in :mod:`qproofs.protocols.gapip` (augmentation,
reflections, the executed Grover operator) and :mod:`qproofs.symbolic.conflict`
(the exact plane rotation).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np

from qproofs.certificates import identity_certificates
from qproofs.claims import Claim, Evidence
from qproofs.property import Property
from qproofs.protocols import gapip
from qproofs.symbolic import conflict as sym
from qproofs.tolerance import EXACT, TOL

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "thm4.grover-angle", ref="Theorem 4, Appendix D", section="5", scope="exact",
    title="The two-party Grover operator rotates span{ã,b̃} by 2θ",
    statement=("With ã = (a,1)/√2 and b̃ = (b,1)/√2, ⟨ã,b̃⟩ = (1+⟨a,b⟩)/2 ∈ [0,1]; G = R_b R_a, "
               "R_v = 2|v⟩⟨v| − I, rotates span{ã,b̃} by 2θ with cos θ = ⟨ã,b̃⟩ and is the identity on "
               "its complement; ⟨a,b⟩ = 0 maps to θ = π/3."),
    paper={"theta_at_0": sym.sp.pi / 3},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"sizes": (16, 1024), "per_size": 3, "spectrum_n": 7, "spectrum_ip": 0.3,
                      "fuzz_examples": 20},
            "standard": {"sizes": (16, 1024, 2**16), "per_size": 3, "spectrum_n": 7, "spectrum_ip": 0.3,
                         "fuzz_examples": 150},
            "deep": {"sizes": (16, 1024, 2**16, 2**20), "per_size": 3, "spectrum_n": 7, "spectrum_ip": 0.3,
                     "fuzz_examples": 1000}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("symbolic")
def plane_rotation_symbolic(ctx: Any) -> Evidence:
    """sympy: G = rotation(2θ) ⊕ 1 in the basis (ã, ã⊥, e); ⟨ã,b̃⟩ = (1+⟨a,b⟩)/2; θ(0) = π/3."""
    residual = sym.grover_rotation_residual()
    r_overlap, r_norm = sym.augmented_overlap_residual()
    theta0 = sym.threshold_angle(0)
    ok = residual.is_zero_matrix and r_overlap == 0 and r_norm == 0 and theta0 == ctx.paper["theta_at_0"]
    return Evidence(passed=bool(ok), observed={"G_minus_rotation": str(residual.tolist()),
                                               "overlap_residual": str(r_overlap), "theta_at_0": str(theta0)},
                    expected={"G_minus_rotation": "0", "overlap_residual": "0",
                              "theta_at_0": str(ctx.paper["theta_at_0"])},
                    tolerance=EXACT, instances=1,
                    certificate=identity_certificates([sym.grover_in_plane_basis()[:2], *sym.augmented_overlap_pairs()],
                                                      claim=CLAIM.id, check="plane_rotation_symbolic"),
                    detail="exact in sympy for symbolic θ (plane ⊕ one complement direction) and symbolic a, b ∈ R³")


@CLAIM.check("simulation")
def full_register_rotation(ctx: Any) -> Evidence:
    """Reflections applied to (n+1)-dim vectors: G ã = cos2θ ã + sin2θ ã⊥, G v = v on the complement."""
    rng = ctx.rng("instances")
    sizes = list(ctx.params.sizes)
    worst = 0.0
    rows = []
    for n in sizes:
        for _ in range(ctx.params.per_size):
            a, b = gapip.promise_pair(n, float(rng.uniform(-1, 1)), rng)
            at, bt = gapip.augment(a), gapip.augment(b)
            th = gapip.grover_angle(a, b)
            perp = bt - (bt @ at) * at
            perp /= np.linalg.norm(perp)
            g_at = gapip.apply_grover(at, at, bt)
            err_plane = float(np.linalg.norm(g_at - (math.cos(2 * th) * at + math.sin(2 * th) * perp)))
            v = rng.normal(size=n + 1)
            v -= (v @ at) * at
            v -= (v @ perp) * perp
            v /= np.linalg.norm(v)
            err_comp = float(np.linalg.norm(gapip.apply_grover(v, at, bt) - v))
            worst = max(worst, err_plane, err_comp)
            rows.append({"n": n, "theta": th, "plane_error": err_plane, "complement_error": err_comp})
    # spectrum on a small instance: e^{±2iθ} once each, 1 with multiplicity n−1
    n = ctx.params.spectrum_n
    a, b = gapip.promise_pair(n, ctx.params.spectrum_ip, rng)
    at, bt = gapip.augment(a), gapip.augment(b)
    G = gapip.apply_grover(np.eye(n + 1), at, bt).T
    ev = np.linalg.eigvals(G)
    th = gapip.grover_angle(a, b)
    target = np.array([np.exp(2j * th), np.exp(-2j * th)] + [1.0] * (n - 1))
    spec_err = float(max(min(abs(e - t) for e in ev) for t in target))
    spec_err = max(spec_err, float(max(min(abs(e - t) for t in target) for e in ev)))
    worst = max(worst, spec_err)
    tol = ctx.tol.dense
    return Evidence(passed=worst <= tol, observed={"max_error": worst, "spectrum_error": spec_err},
                    expected="0 (rotation by 2θ on the plane, identity on the complement)", tolerance=tol,
                    instances=len(rows) + 1, detail=f"n up to {max(sizes)}; dense spectrum at n = {n}",
                    data={"instances": rows[:12]})


# ------------------------------------------------------------ fuzz property ---


def rotation_slack(inst: dict[str, Any]) -> float:
    """Minus the distance between the executed G ã and the 2θ rotation of ã (0 on a degenerate pair ã = b̃)."""
    a = np.asarray(inst["a"], float)
    b = np.asarray(inst["b"], float)
    a /= np.linalg.norm(a)
    b /= np.linalg.norm(b)
    at, bt = gapip.augment(a), gapip.augment(b)
    c = float(at @ bt)
    if c > 1 - TOL.dense:
        return 0.0
    th = math.acos(c)
    perp = bt - c * at
    perp /= np.linalg.norm(perp)
    err = np.linalg.norm(gapip.apply_grover(at, at, bt) - (math.cos(2 * th) * at + math.sin(2 * th) * perp))
    return -float(err)


PROPERTY = Property(
    "grover-rotation", CLAIM.id, strategy="qproofs.fuzz.conflict:gapip_pairs", slack=rotation_slack, tol=TOL.dense,
    statement="Property: for any a, b the executed G = R_b R_a maps ã to cos2θ ã + sin2θ ã⊥.")


@CLAIM.check("fuzz")
def fuzz_rotation(ctx: Any) -> Evidence:
    """Hypothesis over arbitrary vector pairs: G ã is the 2θ rotation of ã."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[plane_rotation_symbolic, full_register_rotation, fuzz_rotation])
def broken_reflection() -> Iterator[None]:
    """R_v = |v⟩⟨v| − I (factor 1 instead of 2), in the protocol and in the derivation (public REFLECTION_FACTOR)."""
    with mock.patch.object(gapip, "REFLECTION_FACTOR", 1.0), mock.patch.object(sym, "REFLECTION_FACTOR", 1):
        yield


@CLAIM.mutant(kills=[full_register_rotation, fuzz_rotation])
def unnormalised_augmentation() -> Iterator[None]:
    """ã = (a, 1) without the 1/√2: R_ã is no longer a reflection (public ``gapip.augment``)."""
    with mock.patch.object(gapip, "augment", lambda v: np.append(np.asarray(v, float), 1.0)):
        yield
