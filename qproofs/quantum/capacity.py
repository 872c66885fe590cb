"""Classical channel capacity by the Blahut–Arimoto iteration (used by ``ring.noise-breakeven``).

No library in the environment computes the capacity of a discrete memoryless
channel, so the standard iteration is written here (Cover & Thomas §10.8): it
returns a lower bound C_L = log₂ Σ_x p_x 2^{D(W_x ‖ q)} and an upper bound
C_U = max_x D(W_x ‖ q) (q = pW the output law), with C_L ≤ C ≤ C_U, stopping
when C_U − C_L < tol (or after ``max_iter`` iterations: callers read the gap).
"""

from __future__ import annotations

import numpy as np

from qproofs.errors import require


def blahut_arimoto(W: np.ndarray, tol: float = 1e-12, max_iter: int = 10_000) -> tuple[float, float, np.ndarray]:
    """(C_lower, C_upper, optimal input) of the channel W[x, y] = P(y | x), in bits.

    Blahut (1972), Arimoto (1972); Cover & Thomas, Elements of Information Theory, §10.8. The binary symmetric channel with flip probability 0.1 has C = 1 − h(0.1) ≈ 0.531 bits.

    >>> lo, hi, p = blahut_arimoto(np.array([[0.9, 0.1], [0.1, 0.9]]))
    >>> round(lo, 6), round(hi, 6), np.round(p, 6).tolist()
    (0.531004, 0.531004, [0.5, 0.5])
    """
    W = np.asarray(W, dtype=float)
    require(W.ndim == 2 and bool(np.all(W >= -1e-15)), "W", "must be a non-negative matrix W[x, y]")
    require(bool(np.allclose(W.sum(axis=1), 1.0, atol=1e-9)), "W", "rows must sum to 1")
    nx = W.shape[0]
    p = np.full(nx, 1.0 / nx)
    lo = hi = 0.0
    for _ in range(max_iter):
        q = p @ W
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(W > 0, W / q[None, :], 1.0)
            D = np.sum(np.where(W > 0, W * np.log2(ratio), 0.0), axis=1)  # D(W_x ‖ q)
        lo = float(np.log2(np.dot(p, np.exp2(D))))
        hi = float(D.max())
        if hi - lo < tol:
            break
        p = p * np.exp2(D)
        p /= p.sum()
    return lo, hi, p
