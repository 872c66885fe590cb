"""The variance-maximisation program of Theorem 1, and its exact certificate.

Claims ``thm1.qfi-bound`` and ``thm1.ghz-unique``. For H = Σ_j w_j Z_j/2:

    maximise  tr(ρH²) − tr(ρH)²   over density matrices ρ (optionally with tr(ρP) ≤ 1 − η)

The objective is concave (linear minus the square of a linear function), so
cvxpy accepts it; its optimum is max Var_ρ(H), and F_Q ≤ 4 Var for every
probe, so 4 × optimum bounds the QFI. H is real, so a real symmetric ρ loses
nothing (Re ρ is feasible with the same objective).

Certificate. For every ρ and every constant c, Var_ρ(H) ≤ tr(ρ(H − c)²)
(the variance minimises the mean squared deviation), so the *linear* SDP

    maximise ⟨(H − c)², ρ⟩  s.t.  tr ρ = 1, [tr(ρP) ≤ 1 − η], ρ ⪰ 0

bounds the variance program from above, for every c and over all (complex)
density matrices: the dual slack Z is real symmetric, so Z ⪰ 0 as a Hermitian
matrix too. By the minimax theorem (Var_ρ = min_c tr(ρ(H − c)²), concave in ρ,
convex in c) the linear optimum equals the variance optimum at c = the optimal
mean tr(ρ*H). c is rounded from the solver's mean; if that does not certify the
claim, the spectral midpoint (λ_max + λ_min)/2 is tried (optimal here: the
spectrum and the exclusion constraints are symmetric under x ↦ x̄).
:func:`qproofs.sdp.certificate.certify` turns the dual into an exact rational
bound. Data are exact: the weights are rationals.

Refutation is judged on the *variance* program's numeric optimum, never on the
linear relaxation's (whose optimum exceeds the variance optimum whenever c is off
the optimal mean, so it cannot refute a variance bound).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from qproofs.errors import require
from qproofs.sdp.certificate import CertifiedBound, Constraint, SDPProgram, certify, to_fraction
from qproofs.tolerance import TOL


def exact_spectrum(weights: Sequence[Fraction | int]) -> list[Fraction]:
    """λ(x) = ½ Σ_j w_j (−1)^{x_j} in exact rationals, by basis index (qubit 0 most significant).

    Paper Theorem 1: the spectrum of H = Σ_j w_j Z_j/2.

    >>> [str(v) for v in exact_spectrum([1, 2])]
    ['3/2', '-1/2', '1/2', '-3/2']
    """
    w = [to_fraction(v) for v in weights]
    require(len(w) >= 1, "weights", "must be non-empty")
    lam = [Fraction(0)]
    for wj in w:
        lam = [v + s * wj / 2 for v in lam for s in (1, -1)]
    return lam


@dataclass(frozen=True)
class VarianceOptimum:
    """Numeric optimum of the concave variance program and its optimiser's diagonal."""

    status: str
    value: float | None
    mean: float | None
    diagonal: np.ndarray | None


def _solve(prob: Any, lam: np.ndarray, diagonal: Callable[[], np.ndarray | None]) -> VarianceOptimum:
    """Solve a variance program with Clarabel: its optimum, the mean ⟨H⟩ and the normalised diagonal of ρ.

    ``diagonal()`` reads diag ρ after the solve (``None`` if the solver left no value); a status other
    than optimal, or a solver error, is returned as such with no values.
    """
    import cvxpy as cp

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            prob.solve(solver="CLARABEL")
    except (cp.error.SolverError, ArithmeticError, ValueError) as exc:
        return VarianceOptimum(f"error: {type(exc).__name__}", None, None, None)
    d = diagonal() if prob.status == "optimal" else None
    if d is None:
        return VarianceOptimum(prob.status, None, None, None)
    diag = np.clip(d, 0, None)
    return VarianceOptimum(prob.status, float(prob.value), float(lam @ d), diag / diag.sum())


def max_variance_numeric(spectrum: Sequence[float], projectors: Sequence[np.ndarray] = (),
                         caps: Sequence[float] = ()) -> VarianceOptimum:
    """Solve max tr(ρH²) − tr(ρH)² with H = diag(spectrum), optionally tr(ρ P_i) ≤ caps_i (cvxpy, Clarabel).

    Paper Theorem 1: max Var_ρ(H) = (λ_max − λ_min)²/4 = W²/4, reached by GHZ-type mixtures of the extreme eigenvectors.

    >>> opt = max_variance_numeric([1.0, 0.0, 0.0, -1.0])
    >>> opt.status, round(opt.value, 4), round(opt.mean, 4) + 0.0
    ('optimal', 1.0, 0.0)
    """
    import cvxpy as cp

    lam = np.asarray(spectrum, dtype=float)
    require(len(projectors) == len(caps), "caps", "must give one cap per projector", len(caps))
    n = lam.size
    rho = cp.Variable((n, n), symmetric=True)
    d = cp.diag(rho)
    cons = [rho >> 0, cp.trace(rho) == 1] + [cp.trace(P @ rho) <= c for P, c in zip(projectors, caps, strict=False)]
    prob = cp.Problem(cp.Maximize(lam**2 @ d - cp.square(lam @ d)), cons)
    return _solve(prob, lam, lambda: None if rho.value is None else np.diag(rho.value))


def pair_projector(n: int, s: Sequence[int]) -> np.ndarray:
    """Projector onto span{|s⟩, |s̄⟩} on n qubits (the support of the GHZ-type probes for s).

    >>> np.diag(pair_projector(2, [0, 1])).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    require(len(s) == n and set(int(b) for b in s) <= {0, 1}, "s", f"must be {n} bits", s)
    i = int("".join(str(int(b)) for b in s), 2)
    P = np.zeros((2**n, 2**n))
    P[i, i] = P[2**n - 1 - i, 2**n - 1 - i] = 1.0
    return P


REFUTE_TOL = TOL.sdp
"""A claimed max-variance bound counts as refuted when the variance program's optimum beats it by more
than REFUTE_TOL · max(1, |claimed|) (the SDP tolerance of qproofs.tolerance)."""


@dataclass(frozen=True)
class VarianceCertificate:
    """Numeric optimum of the variance program and the exact certificate of its upper bound."""

    numeric: VarianceOptimum
    certificate: CertifiedBound | None
    centre: Fraction | None
    claimed: Fraction | None = None

    @property
    def refuted(self) -> bool:
        """The variance program's own numeric optimum exceeds ``claimed`` (beyond REFUTE_TOL).

        >>> certify_max_variance([1, 1]).refuted, certify_max_variance([1, 1], claimed=Fraction(1, 2)).refuted
        (False, True)
        """
        if self.claimed is None or self.numeric.status != "optimal" or self.numeric.value is None:
            return False
        claim = float(self.claimed)
        return self.numeric.value - claim > REFUTE_TOL * max(1.0, abs(claim))

    @property
    def passed(self) -> bool | None:
        """True: exactly certified; False: the variance optimum itself beats the claim; None: inconclusive.

        None also when the variance program failed (status not optimal). The certificate's own
        ``refuted`` flag is not used: it judges the linear relaxation, not the variance program.

        >>> certify_max_variance([1, 1]).passed, certify_max_variance([1, 1], claimed=Fraction(1, 2)).passed
        (True, False)
        """
        if self.numeric.status != "optimal":
            return None
        if self.certificate is not None and self.certificate.status == "certified":
            return True
        return False if self.refuted else None


def certify_max_variance(weights: Sequence[Fraction | int], claimed: Fraction | None = None,
                         exclude: Sequence[Sequence[int]] = (), eta: Fraction | int = 0,
                         certifier: Callable[..., CertifiedBound] = certify,
                         numeric: Callable[..., VarianceOptimum] | None = None) -> VarianceCertificate:
    """Certify max_ρ Var_ρ(H) ≤ claimed (default W²/4), over ρ with tr(ρ P_s) ≤ 1 − η for every s in ``exclude``.

    ``certifier`` turns each linear SDP into a :class:`CertifiedBound`, called as
    ``certifier(program, claimed=...)``; the default is :func:`qproofs.sdp.certificate.certify`
    (solve, round and repair the dual, check it exactly). A seam: a negative control passes a
    certifier that trusts a corrupted dual, which the exact check must then reject.

    The constraint caps the weight tr(ρP_s) on the GHZ-type support span{|s⟩, |s̄⟩}, not the
    GHZ-type fidelity: fidelity ≤ support weight, but the mixture ½|s⟩⟨s| + ½|s̄⟩⟨s̄| has
    fidelity ½ and the full variance W²/4, so a fidelity cap alone would not lower the optimum
    (uniqueness is a pure-state statement). Measures how far the optimum drops without the support.

    ``numeric`` (default :func:`max_variance_numeric`) solves the variance program numerically (the centre of the
    certificate and the optimiser); :func:`max_variance_diagonal` is the same program on the diagonal (issue 14).

    Paper Theorem 1 (claims ``thm1.qfi-bound``, ``thm1.ghz-unique``): two unit weights give W²/4 = 1, so F_Q ≤ 4 = N².

    >>> vc = certify_max_variance([1, 1])
    >>> vc.passed, vc.claimed, vc.certificate.status
    (True, Fraction(1, 1), 'certified')
    """
    w = [to_fraction(v) for v in weights]
    lam = exact_spectrum(w)
    W = sum((abs(v) for v in w), Fraction(0))
    claim = W**2 / 4 if claimed is None else to_fraction(claimed)
    projs = [pair_projector(len(w), s) for s in exclude]
    caps = [1 - to_fraction(eta)] * len(projs)
    num = (numeric or max_variance_numeric)([float(v) for v in lam], projs, [float(c) for c in caps])
    if num.mean is None:  # None unless the variance program solved to optimality (_solve)
        return VarianceCertificate(num, None, None, claim)
    n = len(lam)
    eye = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    cons = tuple([Constraint(eye, "==", 1)] + [
        Constraint([[Fraction(int(P[i, j])) for j in range(n)] for i in range(n)], "<=", cap)
        for P, cap in zip(projs, caps, strict=False)])
    tried: list[tuple[CertifiedBound, Fraction]] = []
    for c in dict.fromkeys((Fraction(num.mean).limit_denominator(10**6), (max(lam) + min(lam)) / 2)):
        C = [[(lam[i] - c) ** 2 if i == j else Fraction(0) for j in range(n)] for i in range(n)]
        tried.append((certifier(SDPProgram(C, cons, sense="max", name=f"max-variance N={len(w)} c={c}"),
                              claimed=claim), c))
        if tried[-1][0].status == "certified":
            break
    # the tightest valid bound (a valid bound beats none; the first centre on ties)
    cb, c = min(tried, key=lambda t: (t[0].bound is None, t[0].bound if t[0].bound is not None else 0))
    return VarianceCertificate(num, cb, c, claim)


def coherent_state_from_diagonal(diagonal: np.ndarray) -> np.ndarray:
    """ψ = Σ_x √ρ_xx |x⟩: for a diagonal generator its variance equals Var_ρ(H) (only |ψ_x|² enters).

    >>> np.round(coherent_state_from_diagonal(np.array([0.5, 0.0, 0.0, 0.5])).real, 6).tolist()
    [0.707107, 0.0, 0.0, 0.707107]
    """
    d = np.clip(np.asarray(diagonal, dtype=float), 0, None)
    return np.sqrt(d / d.sum()).astype(complex)


def max_variance_diagonal(spectrum: Sequence[float], projectors: Sequence[np.ndarray] = (),
                          caps: Sequence[float] = ()) -> VarianceOptimum:
    """:func:`max_variance_numeric` solved over the diagonal p = diag(ρ) (a probability vector), not the full ρ.

    Exact reformulation (issue 14, 5–6× faster at N = 5): with H = diag(spectrum) and diagonal projectors the
    objective tr(ρH²) − tr(ρH)² and the constraints tr ρ = 1, tr(ρP_i) ≤ c_i depend on ρ only through p; ρ ⪰ 0
    gives p ≥ 0, Σp = 1, and every such p is the diagonal of the PSD matrix diag(p). Same optimum, same optimal
    diagonals. ``tests/test_ghz.py`` compares it with :func:`max_variance_numeric`.

    Paper Theorem 1: max Var_ρ(H) = W²/4.

    >>> opt = max_variance_diagonal([1.0, 0.0, 0.0, -1.0])
    >>> opt.status, round(opt.value, 4), round(opt.mean, 4) + 0.0
    ('optimal', 1.0, 0.0)
    """
    import cvxpy as cp

    lam = np.asarray(spectrum, dtype=float)
    require(len(projectors) == len(caps), "caps", "must give one cap per projector", len(caps))
    require(all(np.count_nonzero(P - np.diag(np.diag(P))) == 0 for P in projectors), "projectors",
            "must be diagonal (else use max_variance_numeric)")
    p = cp.Variable(lam.size, nonneg=True)
    cons = [cp.sum(p) == 1] + [np.diag(P) @ p <= c for P, c in zip(projectors, caps, strict=False)]
    prob = cp.Problem(cp.Maximize(lam**2 @ p - cp.square(lam @ p)), cons)
    return _solve(prob, lam, lambda: p.value)
