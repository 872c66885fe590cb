"""Fisher information: quantum (pure states) and classical.

Theorem 1 of the paper (claims ``thm1.qfi-bound``, ``thm1.penalty``): for a pure
probe ψ evolving as exp(−iθH)|ψ⟩, F_Q = 4 Var_ψ(H) = 4(⟨H²⟩ − ⟨H⟩²). For the
phase-encoding generator H = Σ_j w_j Z_j / 2 (diagonal in the computational
basis) the variance is that of the discrete distribution p(x) = |ψ_x|² on the
eigenvalues λ(x) = ½ Σ_j w_j (−1)^{x_j}: O(2^N) from the probability vector,
no operator needed (``benchmarks/bench_qfi.py`` compares with qutip's dense
operator variance).

Classical Fisher information of a family p_θ (claim ``rem2.parity-saturates``):
F_C = Σ_k (∂_θ p_k)² / p_k over the outcomes with p_k > 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from qproofs.errors import require


def require_weights(weights: Sequence[float] | np.ndarray, param: str = "weights") -> np.ndarray:
    """Validate a weight vector: non-empty, one-dimensional, finite reals.

    >>> require_weights([1, 2]).tolist()
    [1.0, 2.0]
    >>> require_weights([1.0, float("nan")])
    Traceback (most recent call last):
    ...
    qproofs.errors.InvalidParameter: weights = [1.0, nan]: must be finite (no nan / inf)
    """
    w = np.asarray(weights, dtype=float) if not isinstance(weights, np.ndarray) else weights
    require(w.ndim == 1 and w.size >= 1, param, "must be a non-empty 1-D sequence of numbers", weights)
    require(not np.iscomplexobj(w), param, "must be real")
    w = w.astype(float)
    require(bool(np.all(np.isfinite(w))), param, "must be finite (no nan / inf)", weights)
    return w


def require_state(psi: Sequence[complex] | np.ndarray, dim: int, param: str = "psi",
                  atol: float = 1e-9) -> np.ndarray:
    """Validate a pure state vector: finite, unit norm, and of dimension ``dim`` (every caller knows it).

    >>> require_state([0.6, 0.8], 2).real.tolist()
    [0.6, 0.8]
    >>> require_state([1, 1], 2)
    Traceback (most recent call last):
    ...
    qproofs.errors.InvalidParameter: psi = 1.4142135623730951: must be normalised (‖ψ‖ = 1)
    """
    v = np.asarray(psi, dtype=complex).reshape(-1)
    require(v.size >= 1 and bool(np.all(np.isfinite(v))), param, "must be a non-empty finite vector")
    require(v.size == dim, param, f"must have dimension {dim} (dimension mismatch)", v.size)
    norm = math.sqrt(float(_probabilities(v).sum()))
    require(abs(norm - 1.0) <= atol, param, "must be normalised (‖ψ‖ = 1)", norm)
    return v


def _probabilities(v: np.ndarray) -> np.ndarray:
    # elementwise on purpose: BLAS dot/norm go multithreaded from ~16k entries, which is slower on busy cores
    return v.real**2 + v.imag**2


def diagonal_generator_spectrum(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """Eigenvalues λ(x) = ½ Σ_j w_j (−1)^{x_j} of H = Σ_j w_j Z_j/2, indexed by x (qubit 0 most significant).

    Built as an iterated Kronecker sum, O(2^N).

    Eigenvalues of the paper's phase generator (Theorem 1).

    >>> diagonal_generator_spectrum([1, 1]).tolist()
    [1.0, 0.0, 0.0, -1.0]
    """
    w = require_weights(weights)
    lam = np.zeros(1)
    for wj in w:
        lam = (lam[:, None] + np.array([wj / 2, -wj / 2])[None, :]).reshape(-1)
    return lam


def variance_of_distribution(p: np.ndarray, values: np.ndarray) -> float:
    """Var = Σ p λ² − (Σ p λ)², computed around the mean (numerically stable).

    >>> variance_of_distribution(np.array([0.5, 0.5]), np.array([1.0, -1.0]))
    1.0
    """
    mean = float((p * values).sum())
    return float((p * (values - mean) ** 2).sum())


def qfi_pure_diagonal(psi: Sequence[complex] | np.ndarray, spectrum: np.ndarray) -> float:
    """F_Q = 4 Var_ψ(H) for H diagonal with eigenvalues ``spectrum``: O(2^N) from p = |ψ|².

    Braunstein & Caves, Phys. Rev. Lett. 72, 3439 (1994); paper Theorem 1. The 2-qubit GHZ state with unit weights reaches the Heisenberg value N² = 4.

    >>> s = 2 ** -0.5
    >>> round(qfi_pure_diagonal([s, 0, 0, s], diagonal_generator_spectrum([1, 1])), 6)
    4.0
    """
    spectrum = np.asarray(spectrum, dtype=float)
    v = require_state(psi, spectrum.size)
    return 4.0 * variance_of_distribution(_probabilities(v), spectrum)


def qfi_pure(psi: Sequence[complex] | np.ndarray, H: np.ndarray, atol: float = 1e-9) -> float:
    """F_Q = 4(⟨ψ|H²|ψ⟩ − ⟨ψ|H|ψ⟩²) for a dense Hermitian generator H (Hermitian to ``atol``·max(1, ‖H‖_max)).

    Braunstein & Caves (1994): F_Q = 4 Var_ψ(H) for pure states. |+⟩ under H = Z/2 has F_Q = 1.

    >>> s = 2 ** -0.5
    >>> round(qfi_pure([s, s], np.diag([0.5, -0.5])), 6)
    1.0
    """
    H = np.asarray(H, dtype=complex)
    require(H.ndim == 2 and H.shape[0] == H.shape[1], "H", "must be a square matrix", H.shape)
    scale = max(1.0, float(np.abs(H).max())) if H.size else 1.0
    require(float(np.abs(H - H.conj().T).max(initial=0.0)) <= atol * scale, "H", f"must be Hermitian (atol {atol})")
    v = require_state(psi, H.shape[0])
    Hv = H @ v
    mean = float(np.vdot(v, Hv).real)
    return 4.0 * float(np.vdot(Hv, Hv).real - mean**2)


def classical_fisher_information(probs: Sequence[float] | np.ndarray, dprobs: Sequence[float] | np.ndarray,
                                 eps: float = 0.0) -> float:
    """F_C = Σ_k (∂p_k)² / p_k over outcomes with p_k > eps (the others contribute nothing if ∂p_k = 0).

    Fisher (1925); Braunstein & Caves (1994). p_θ = (cos²(θ/2), sin²(θ/2)) at θ = π/2 has F_C = 1.

    >>> round(classical_fisher_information([0.5, 0.5], [-0.5, 0.5]), 6)
    1.0
    """
    p = np.asarray(probs, dtype=float)
    dp = np.asarray(dprobs, dtype=float)
    require(p.shape == dp.shape and p.ndim == 1, "dprobs", "must have the shape of probs", dp.shape)
    require(bool(np.all(p >= -1e-12)) and abs(p.sum() - 1) <= 1e-9, "probs", "must be a probability vector")
    mask = p > eps
    return float(np.sum(dp[mask] ** 2 / p[mask]))
