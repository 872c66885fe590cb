"""Quantum channels in Kraus form: application, CPTP validation, examples."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qproofs.errors import InvalidParameter, require
from qproofs.quantum.paulis import X, Y, Z


def apply_kraus(rho: np.ndarray, kraus: Sequence[np.ndarray]) -> np.ndarray:
    """Φ(ρ) = Σ K ρ K†.

    Nielsen & Chuang, Quantum Computation and Quantum Information, §8.2.3 (operator-sum representation).

    >>> rho = np.array([[1, 0], [0, 0]], dtype=complex)
    >>> apply_kraus(rho, [X]).real.tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
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

    Nielsen & Chuang §8.2 (Theorem 8.1): trace preservation is Σ K†K = I.

    >>> cptp_violation(depolarizing_kraus(0.3)) is None
    True
    >>> print(cptp_violation([np.diag([1.0, 0.0])]))
    completely positive (Kraus form) but not trace preserving: trace-decreasing (Σ K†K ≤ I: post-selection or loss), max|Σ K†K − I| = 1 > 1e-09
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
    """Validate a Kraus list (raises :class:`InvalidParameter` naming the failure).

    >>> len(require_cptp(unitary_kraus(X)))
    1
    >>> require_cptp([2 * X])
    Traceback (most recent call last):
    ...
    qproofs.errors.InvalidParameter: kraus: must be a CPTP map (completely positive (Kraus form) but not trace preserving: trace-increasing (Σ K†K has an eigenvalue > 1), max|Σ K†K − I| = 3 > 1e-09)
    """
    why = cptp_violation(kraus, atol)
    if why is not None:
        raise InvalidParameter(param, f"must be a CPTP map ({why})")
    return [np.asarray(K, dtype=complex) for K in kraus]




def depolarizing_kraus(p: float) -> list[np.ndarray]:
    """Single-qubit depolarising channel ρ ↦ (1−p)ρ + p I/2.

    Nielsen & Chuang §8.3.4 (depolarizing channel). At p = 1 every state goes to I/2.

    >>> np.round(apply_kraus(np.diag([1.0, 0.0]), depolarizing_kraus(1.0)).real, 6).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    require(0.0 <= p <= 1.0, "p", "must lie in [0, 1]", p)
    return [np.sqrt(1 - 3 * p / 4) * np.eye(2, dtype=complex)] + [np.sqrt(p / 4) * P for P in (X, Y, Z)]


def unitary_kraus(U: np.ndarray) -> list[np.ndarray]:
    """The unitary channel ρ ↦ UρU† as a one-element Kraus list.

    >>> apply_kraus(np.diag([1.0, 0.0]), unitary_kraus(X)).real.tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
    U = np.asarray(U, dtype=complex)
    require(np.allclose(U.conj().T @ U, np.eye(U.shape[0]), atol=1e-9), "U", "must be unitary")
    return [U]
