"""Pauli matrices and Pauli strings as dense numpy arrays."""

from __future__ import annotations

from functools import reduce

import numpy as np

from qproofs.errors import require

I2 = np.eye(2, dtype=complex)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
Z = np.array([[1, 0], [0, -1]], dtype=complex)
PAULIS: dict[str, np.ndarray] = {"I": I2, "X": X, "Y": Y, "Z": Z}


def pauli_string(word: str, sign: complex = 1) -> np.ndarray:
    """Dense ``sign * P_1 ⊗ ... ⊗ P_n`` for ``word`` over ``IXYZ`` (qubit 0 leftmost).

    >>> pauli_string("ZZ").real.diagonal().tolist()
    [1.0, -1.0, -1.0, 1.0]
    >>> bool(np.allclose(pauli_string("XY"), np.kron(X, Y)))
    True
    """
    require(bool(word) and set(word) <= set(PAULIS), "word", "must be a non-empty string over 'IXYZ'", word)
    return sign * reduce(np.kron, (PAULIS[c] for c in word))


def kron_all(*ops: np.ndarray) -> np.ndarray:
    """Tensor product of ``ops`` in order.

    >>> kron_all(Z, I2).real.diagonal().tolist()
    [1.0, 1.0, -1.0, -1.0]
    """
    return reduce(np.kron, ops)
