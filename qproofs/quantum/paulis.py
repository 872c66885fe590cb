"""Pauli matrices as dense numpy arrays."""

from __future__ import annotations

import numpy as np

I2 = np.eye(2, dtype=complex)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
Z = np.array([[1, 0], [0, -1]], dtype=complex)
PAULIS: dict[str, np.ndarray] = {"I": I2, "X": X, "Y": Y, "Z": Z}

