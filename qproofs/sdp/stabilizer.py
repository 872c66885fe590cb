"""The minimum rejection probability of the stabiliser test, as a certified SDP.

Paper Section 4.3, claim ``vga.stabilizer-detection``:

    minimise  tr(Rρ)   s.t.  tr ρ = 1,  ⟨GHZ|ρ|GHZ⟩ ≤ F,  ρ ⪰ 0,
    R = (2^N − 1)^{−1} Σ_{S ≠ I} (I − S)/2        (the test's rejection operator),

whose value the paper's formula predicts to be (1 − F)·2^{N−1}/(2^N − 1).
R is assembled exactly (rational entries) from the signed stabiliser group of
:mod:`qproofs.protocols.stabilizer`; the bound is certified by the shared
certificate layer :mod:`qproofs.sdp.certificate` (dual rounded to rationals,
PSD checked exactly), so the lower bound on the minimum is rigorous.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from qproofs.errors import require
from qproofs.protocols import stabilizer
from qproofs.sdp import certificate


def _exact(M_num: np.ndarray, scale: Fraction) -> list[list[object]]:
    """Exact entries scale·M for an integer-valued real matrix M.

    Σ_S (I − S) over the GHZ stabilisers is real (each element is ± a tensor of I, X, Z and an even number
    of Y's: a real matrix), so an imaginary part is refused rather than carried (InvalidParameter).
    """
    ints = np.rint(M_num.real).astype(np.int64)
    require(not np.rint(M_num.imag).any(), "stabiliser", "Σ_S (I − S) must be real (GHZ group)")
    return [[scale * int(v) for v in row] for row in ints]


def rejection_operator(n: int) -> tuple[list[list[object]], np.ndarray]:
    """R exactly (nested rationals) and as floats, from the signed group.

    Paper Section 4.3 (claim ``vga.stabilizer-detection``). R annihilates |GHZ⟩ and has eigenvalue 2^{N−1}/(2^N − 1) on its complement.

    >>> R, Rf = rejection_operator(2)
    >>> np.round(np.linalg.eigvalsh(Rf), 6).tolist()
    [0.0, 0.666667, 0.666667, 0.666667]
    >>> R[0][0]
    Fraction(1, 3)
    """
    stabs = stabilizer.non_identity_stabilizers(n)
    d = 2**n
    acc = np.zeros((d, d), dtype=complex)
    for s in stabs:
        acc += np.eye(d) - s.to_unitary_matrix(endian="big")
    scale = Fraction(1, 2 * len(stabs))
    return _exact(acc, scale), acc * float(scale)


def ghz_projector_exact(n: int) -> list[list[Fraction]]:
    """|GHZ⟩⟨GHZ| with exact entries.

    >>> [str(v) for v in ghz_projector_exact(2)[0]]
    ['1/2', '0', '0', '1/2']
    """
    d = 2**n
    P = [[Fraction(0)] * d for _ in range(d)]
    for i in (0, d - 1):
        for j in (0, d - 1):
            P[i][j] = Fraction(1, 2)
    return P


def claimed_minimum(n: int, fidelity: Fraction) -> Fraction:
    """(1 − F)·2^{N−1}/(2^N − 1), exactly.

    Paper Section 4.3, the rejection formula (1 − F)·2^{N−1}/(2^N − 1).

    >>> claimed_minimum(2, Fraction(1, 2))
    Fraction(1, 3)
    >>> claimed_minimum(3, Fraction(0))
    Fraction(4, 7)
    """
    return (1 - fidelity) * Fraction(2 ** (n - 1), 2**n - 1)


def minimum_rejection(n: int, fidelity: Fraction | float,
                      claimed: Fraction | None = None) -> certificate.CertifiedBound:
    """Certified lower bound on min tr(Rρ) over states with GHZ fidelity ≤ F, vs the claimed value.

    ``claimed`` is the value to certify (default :func:`claimed_minimum`); the claim
    ``vga.stabilizer-detection`` passes the one it declares.

    Paper Section 4.3 (claim ``vga.stabilizer-detection``); certified by :func:`qproofs.sdp.certificate.certify`.

    >>> cb = minimum_rejection(2, Fraction(1, 2))
    >>> cb.status, cb.claimed, cb.bound >= cb.claimed
    ('certified', Fraction(1, 3), True)
    """
    require(isinstance(n, int) and 2 <= n <= 6, "N", "must be an integer in 2..6 for the SDP", n)
    F = Fraction(fidelity).limit_denominator(10**6) if not isinstance(fidelity, Fraction) else fidelity
    require(0 <= F <= 1, "F", "must lie in [0, 1]", float(F))
    R, _ = rejection_operator(n)
    d = 2**n
    ident = [[Fraction(int(i == j)) for j in range(d)] for i in range(d)]
    prog = certificate.SDPProgram(
        C=R, sense="min", name=f"stabiliser-test N={n} F={F}",
        constraints=(certificate.Constraint(ident, "==", 1),
                     certificate.Constraint(ghz_projector_exact(n), "<=", F)))
    return certificate.certify(prog, claimed=claimed_minimum(n, F) if claimed is None else claimed)
