"""States used across the paper: Bell pairs, GHZ, Werner, random states.

Random states come from qutip's Haar / Ginibre generators, seeded with the
caller's numpy generator so every draw flows from the audit seed.
"""

from __future__ import annotations

import numpy as np

from qproofs.errors import require

BELL_LABELS = ("Phi+", "Psi+", "Phi-", "Psi-")
"""Bell states in the order reached from |Φ+⟩ by I, X, Z, XZ on qubit A."""


def ket(bits: str) -> np.ndarray:
    """Computational basis vector |bits⟩ (qubit 0 is the most significant).

    >>> ket("10").real.tolist()
    [0.0, 0.0, 1.0, 0.0]
    """
    require(bool(bits) and set(bits) <= {"0", "1"}, "bits", "must be a non-empty string of 0/1", bits)
    v = np.zeros(2 ** len(bits), dtype=complex)
    v[int(bits, 2)] = 1.0
    return v


def bell_state(label: str = "Phi+") -> np.ndarray:
    """One of the four Bell states, as a 4-vector.

    Nielsen & Chuang §1.3.6.

    >>> np.round(bell_state("Psi-").real, 6).tolist()
    [0.0, 0.707107, -0.707107, 0.0]
    """
    s = 1 / np.sqrt(2)
    table = {
        "Phi+": [s, 0, 0, s],
        "Phi-": [s, 0, 0, -s],
        "Psi+": [0, s, s, 0],
        "Psi-": [0, s, -s, 0],
    }
    require(label in table, "label", f"must be one of {', '.join(table)}", label)
    return np.array(table[label], dtype=complex)


def ghz(n: int, phase: float = 0.0) -> np.ndarray:
    """(|0…0⟩ + e^{iφ}|1…1⟩)/√2 on ``n`` qubits.

    Greenberger, Horne & Zeilinger (1989).

    >>> np.round(ghz(2).real, 6).tolist()
    [0.707107, 0.0, 0.0, 0.707107]
    >>> np.round(ghz(1, np.pi).real, 6).tolist()
    [0.707107, -0.707107]
    """
    require(isinstance(n, int | np.integer) and n >= 1, "n", "must be an integer >= 1", n)
    v = np.zeros(2**n, dtype=complex)
    v[0] = 1 / np.sqrt(2)
    v[-1] = np.exp(1j * phase) / np.sqrt(2)
    return v


def dm(psi: np.ndarray) -> np.ndarray:
    """|ψ⟩⟨ψ|.

    >>> dm(np.array([1, 0])).real.tolist()
    [[1.0, 0.0], [0.0, 0.0]]
    """
    psi = np.asarray(psi, dtype=complex).reshape(-1)
    return np.outer(psi, psi.conj())


def werner_state(fidelity: float) -> np.ndarray:
    """Two-qubit Werner state F|Φ+⟩⟨Φ+| + (1−F)/3 (I − |Φ+⟩⟨Φ+|): fidelity F with |Φ+⟩.

    Werner (1989); Bennett et al., Phys. Rev. A 54, 3824 (1996). F = 1/4 is the maximally mixed state.

    >>> round(float(np.real(bell_state() @ werner_state(0.7) @ bell_state())), 6)
    0.7
    >>> bool(np.allclose(werner_state(0.25), np.eye(4) / 4))
    True
    """
    require(0.0 <= fidelity <= 1.0, "F", "must lie in [0, 1]", fidelity)
    phi = dm(bell_state("Phi+"))
    return fidelity * phi + (1 - fidelity) / 3 * (np.eye(4) - phi)


def random_pure_state(dim: int, rng: np.random.Generator) -> np.ndarray:
    """Haar-random pure state (qutip ``rand_ket``).

    >>> psi = random_pure_state(4, np.random.default_rng(0))
    >>> psi.shape, bool(np.isclose(np.linalg.norm(psi), 1.0))
    ((4,), True)
    """
    require(dim >= 1, "dim", "must be >= 1", dim)
    import qutip  # imported on use: it pulls cvxpy and matplotlib (seconds) into every claim (issue 14)

    return qutip.rand_ket(dim, seed=rng).full().reshape(-1)


def random_density_matrix(dim: int, rng: np.random.Generator, rank: int | None = None) -> np.ndarray:
    """Random density matrix (qutip ``rand_dm``, Ginibre / Hilbert–Schmidt measure).

    >>> rho = random_density_matrix(3, np.random.default_rng(0), rank=1)
    >>> rho.shape, round(float(np.trace(rho).real), 6), round(float(np.trace(rho @ rho).real), 6)
    ((3, 3), 1.0, 1.0)
    """
    require(dim >= 1, "dim", "must be >= 1", dim)
    import qutip  # imported on use: it pulls cvxpy and matplotlib (seconds) into every claim (issue 14)

    return qutip.rand_dm(dim, distribution="ginibre", rank=rank or dim, seed=rng).full()


def random_unitary(dim: int, rng: np.random.Generator) -> np.ndarray:
    """Haar-random unitary (qutip ``rand_unitary``).

    >>> U = random_unitary(2, np.random.default_rng(0))
    >>> bool(np.allclose(U.conj().T @ U, np.eye(2)))
    True
    """
    require(dim >= 1, "dim", "must be >= 1", dim)
    import qutip  # imported on use: it pulls cvxpy and matplotlib (seconds) into every claim (issue 14)

    return qutip.rand_unitary(dim, seed=rng).full()
