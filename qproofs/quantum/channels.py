"""Quantum channels in Kraus form: application, CPTP validation, examples."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import qutip

from qproofs.errors import InvalidParameter, require
from qproofs.quantum.paulis import X, Y, Z


def apply_kraus(rho: np.ndarray, kraus: Sequence[np.ndarray]) -> np.ndarray:
    """Φ(ρ) = Σ K ρ K†."""
    require(len(kraus) > 0, "kraus", "must hold at least one Kraus operator")
    require(all(np.shape(K)[1] == np.shape(rho)[0] for K in kraus), "kraus",
            f"operators must act on the input dimension {np.shape(rho)[0]}")
    out: np.ndarray = sum(K @ rho @ K.conj().T for K in kraus)
    return out


def cptp_violation(kraus: Sequence[np.ndarray], atol: float = 1e-9) -> str | None:
    """Why ``kraus`` is not a CPTP map, or ``None`` if it is.

    A Kraus list is completely positive by construction (Φ(ρ) = Σ KρK†), so
    what can fail is its form (operators of mixed sizes) and trace
    preservation Σ K†K = I; the message says which, and whether the map loses
    trace (Σ K†K ≤ I: a post-selected or lossy map) or creates it.
    """
    if len(kraus) == 0:
        return "no Kraus operators given"
    shapes = {np.asarray(K).shape for K in kraus}
    if len(shapes) != 1:
        return f"Kraus operators have different shapes {sorted(shapes)}"
    (shape,) = shapes
    if len(shape) != 2:
        return "Kraus operators must be matrices"
    s = sum(np.asarray(K).conj().T @ np.asarray(K) for K in kraus)
    err = float(np.abs(s - np.eye(shape[1])).max())
    if err <= atol:
        return None
    ev = np.linalg.eigvalsh((s + s.conj().T) / 2)
    kind = ("trace-decreasing (Σ K†K ≤ I: post-selection or loss)" if ev.max() <= 1 + atol
            else "trace-increasing (Σ K†K has an eigenvalue > 1)" if ev.min() >= 1 - atol
            else "neither trace preserving nor trace-decreasing")
    return (f"completely positive (Kraus form) but not trace preserving: {kind}, "
            f"max|Σ K†K − I| = {err:.3g} > {atol:g}")


def require_cptp(kraus: Sequence[np.ndarray], param: str = "kraus", atol: float = 1e-9) -> list[np.ndarray]:
    """Validate a Kraus list (raises :class:`InvalidParameter` naming the failure)."""
    why = cptp_violation(kraus, atol)
    if why is not None:
        raise InvalidParameter(param, f"must be a CPTP map ({why})")
    return [np.asarray(K, dtype=complex) for K in kraus]


def choi_matrix(kraus: Sequence[np.ndarray]) -> np.ndarray:
    """Choi matrix Σ_ij |i⟩⟨j| ⊗ Φ(|i⟩⟨j|) (unnormalised)."""
    d_in = kraus[0].shape[1]
    d_out = kraus[0].shape[0]
    J = np.zeros((d_in * d_out, d_in * d_out), dtype=complex)
    for i in range(d_in):
        for j in range(d_in):
            E = np.zeros((d_in, d_in))
            E[i, j] = 1
            J += np.kron(E, apply_kraus(E, kraus))
    return J


def random_kraus(dim: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Random CPTP map on a ``dim``-level system (qutip ``rand_kraus_map``)."""
    require(dim >= 1, "dim", "must be >= 1", dim)
    return [K.full() for K in qutip.rand_kraus_map(dim, seed=rng)]


def depolarizing_kraus(p: float) -> list[np.ndarray]:
    """Single-qubit depolarising channel ρ ↦ (1−p)ρ + p I/2."""
    require(0.0 <= p <= 1.0, "p", "must lie in [0, 1]", p)
    return [np.sqrt(1 - 3 * p / 4) * np.eye(2, dtype=complex)] + [np.sqrt(p / 4) * P for P in (X, Y, Z)]


def unitary_kraus(U: np.ndarray) -> list[np.ndarray]:
    """The unitary channel ρ ↦ UρU† as a one-element Kraus list."""
    U = np.asarray(U, dtype=complex)
    require(np.allclose(U.conj().T @ U, np.eye(U.shape[0]), atol=1e-9), "U", "must be unitary")
    return [U]
