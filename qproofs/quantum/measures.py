"""Distances, entropies and information quantities (log base 2).

Hand-written on numpy eigvalsh rather than qutip where accuracy matters for a
one-sided bound: qutip's ``tracedist`` goes through sqrt(D†D) and reads about
1e-6 high at 10 qubits, while ½Σ|eig(ρ−σ)| is exact to ~1e-14. Entropies clip
eigenvalues below 1e-15 (round-off), never renormalise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qproofs.errors import require

_EIG_FLOOR = 1e-15


def trace_distance(rho: np.ndarray, sigma: np.ndarray) -> float:
    """½‖ρ − σ‖₁ for Hermitian ρ, σ (states, or differences of states).

    Nielsen & Chuang §9.2.1.

    >>> from qproofs.quantum.states import dm, ket
    >>> round(trace_distance(dm(ket("0")), dm(ket("1"))), 6)
    1.0
    >>> round(trace_distance(dm(ket("0")), np.eye(2) / 2), 6)
    0.5
    """
    rho, sigma = np.asarray(rho), np.asarray(sigma)
    require(rho.shape == sigma.shape, "sigma", f"must have the shape of rho {rho.shape}", sigma.shape)
    d = rho - sigma
    return float(0.5 * np.abs(np.linalg.eigvalsh((d + d.conj().T) / 2)).sum())


def total_variation(p: np.ndarray, q: np.ndarray) -> float:
    """½Σ|p − q| of two probability vectors of equal shape.

    Nielsen & Chuang §9.1.

    >>> round(total_variation([1.0, 0.0], [0.5, 0.5]), 6)
    0.5
    """
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    require(p.shape == q.shape, "q", f"must have the shape of p {p.shape}", q.shape)
    return float(0.5 * np.abs(p - q).sum())


def shannon_entropy(p: Sequence[float] | np.ndarray) -> float:
    """H(p) in bits; zero entries contribute 0.

    Shannon (1948); Nielsen & Chuang §11.1.

    >>> round(shannon_entropy([0.25, 0.25, 0.5, 0.0]), 6)
    1.5
    """
    p = np.asarray(p, dtype=float).reshape(-1)
    require(bool(np.all(p >= -1e-12)), "p", "must be non-negative")
    p = p[p > _EIG_FLOOR]
    return float(-(p * np.log2(p)).sum())


def binary_entropy(p: float) -> float:
    """h(p) in bits.

    Nielsen & Chuang §11.2.1.

    >>> round(binary_entropy(0.5), 6), round(binary_entropy(0.11), 6)
    (1.0, 0.499916)
    """
    require(0.0 <= p <= 1.0, "p", "must lie in [0, 1]", p)
    return shannon_entropy([p, 1 - p])


def von_neumann_entropy(rho: np.ndarray) -> float:
    """S(ρ) = −tr ρ log₂ ρ.

    Nielsen & Chuang §11.3.

    >>> round(von_neumann_entropy(np.eye(4) / 4), 6)
    2.0
    >>> von_neumann_entropy(np.diag([1.0, 0.0])) == 0
    True
    """
    ev = np.linalg.eigvalsh((np.asarray(rho) + np.asarray(rho).conj().T) / 2)
    return shannon_entropy(np.clip(ev, 0.0, None))


def partial_trace(rho: np.ndarray, dims: Sequence[int], keep: Sequence[int]) -> np.ndarray:
    """Trace out every subsystem not in ``keep`` (qutip ``ptrace``; the kept subsystems in ascending order).

    Nielsen & Chuang §2.4.3. Either half of a Bell pair is maximally mixed.

    >>> from qproofs.quantum.states import bell_state, dm
    >>> np.round(partial_trace(dm(bell_state()), [2, 2], [0]).real, 6).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    dims = list(dims)
    require(int(np.prod(dims)) == rho.shape[0], "dims", f"must multiply to {rho.shape[0]}", dims)
    import qutip  # imported on use: it pulls cvxpy and matplotlib (seconds) into every claim (issue 14)

    q = qutip.Qobj(np.asarray(rho), dims=[dims, dims])
    return q.ptrace(list(keep)).full()






def holevo_quantity(probs: Sequence[float], states: Sequence[np.ndarray]) -> float:
    """χ = S(Σ p_x ρ_x) − Σ p_x S(ρ_x) of an ensemble, in bits.

    Holevo (1973); Nielsen & Chuang §12.1.1, Theorem 12.1. The four Bell states at equal weight carry χ = 2 bits (superdense coding).

    >>> from qproofs.quantum.states import bell_state, dm
    >>> states = [dm(bell_state(b)) for b in ("Phi+", "Psi+", "Phi-", "Psi-")]
    >>> round(holevo_quantity([0.25] * 4, states), 6)
    2.0
    """
    p = np.asarray(probs, dtype=float)
    require(len(p) == len(states) and len(p) > 0, "states", "must match probs in length (>= 1)")
    require(bool(np.all(p >= 0)) and abs(p.sum() - 1) < 1e-9, "probs", "must be a probability vector")
    avg = sum(px * np.asarray(r) for px, r in zip(p, states, strict=True))
    return von_neumann_entropy(avg) - float(sum(px * von_neumann_entropy(r) for px, r in zip(p, states, strict=True)))




def mutual_information_table(joint: np.ndarray) -> float:
    """I(X;Y) in bits from a joint probability table p[x, y].

    Cover & Thomas §2.4. A perfectly correlated bit has I(X;Y) = 1.

    >>> round(mutual_information_table([[0.5, 0.0], [0.0, 0.5]]), 6)
    1.0
    >>> round(mutual_information_table([[0.25, 0.25], [0.25, 0.25]]), 6)
    0.0
    """
    joint = np.asarray(joint, dtype=float)
    require(joint.ndim == 2, "joint", "must be a 2-d table p[x, y]", joint.shape)
    return shannon_entropy(joint.sum(1)) + shannon_entropy(joint.sum(0)) - shannon_entropy(joint)
