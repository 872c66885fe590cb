"""Independent density-matrix reference for Eve's point (information, disturbance) under a collective probe.

Not a claim module. Used by ``vga.eve-attacks`` to pin the executed values of :func:`vga.eve_leakage_copies`
and :func:`vga.copy_marginal` (issue 11: values computed but never asserted).
"""

from __future__ import annotations

from functools import reduce
from itertools import product

import numpy as np

from qproofs.quantum.measures import partial_trace
from qproofs.quantum.states import ghz


def _entropy_of_blocks(blocks: np.ndarray) -> float:
    """Von Neumann entropy (bits) of a block-diagonal positive matrix given as its blocks (..., K, K)."""
    ev = np.clip(np.linalg.eigvalsh(blocks).reshape(-1), 0.0, None)
    ev = ev[ev > 1e-300]
    return float(-(ev * np.log2(ev)).sum())


def collective_point(n: int, kraus: list[np.ndarray], copies: int) -> dict[str, object]:
    """(I(X_0^{(1..c)} ; B E | S_1..S_c) in bits, [1 − F_k per copy]) from the cq state, entropy by entropy.

    Independent path (no ``vga.output_blocks`` / ``conditional_holevo`` / ``copy_marginal``): amplitudes
    A[x, b, k] = ⟨b| H^{⊗cN} Z^x K_k |GHZ⟩^{⊗c} for every input x (uniform bits, copy-major); the dephased cq
    state is block diagonal in (x_0's, sums, b), so I = H(XS) + H(SBE) − H(S) − H(XSBE) is taken from the
    eigenvalues of its K × K blocks. Infidelities from the register's partial traces (qproofs.quantum.measures).
    Small sizes only (2^{cN} inputs × 2^{cN} outcomes).
    """
    K, q = len(kraus), n * copies
    d = 2**q
    g = reduce(np.kron, [ghz(n)] * copies)
    had = reduce(np.kron, [np.array([[1, 1], [1, -1]]) / np.sqrt(2)] * q)
    kg = np.stack([Kk @ g for Kk in kraus], axis=1)  # (d, K)
    tags = 2**copies
    blocks = np.zeros((tags, tags, d, K, K), dtype=complex)  # (x_0's, sums, b, K, K)
    for x in product((0, 1), repeat=q):
        signs = np.array([(-1.0) ** (bin(i & int("".join(map(str, x)), 2)).count("1")) for i in range(d)])
        amp = had @ (signs[:, None] * kg)  # (b, K)
        x0 = int("".join(str(x[k * n]) for k in range(copies)), 2)
        s = int("".join(str(sum(x[k * n:(k + 1) * n]) % 2) for k in range(copies)), 2)
        blocks[x0, s] += np.einsum("bk,bl->bkl", amp, amp.conj()) / 2**q
    p_xs = np.real(np.trace(blocks, axis1=3, axis2=4)).sum(axis=2)  # (x_0's, sums)
    shannon = lambda p: float(-(p[p > 0] * np.log2(p[p > 0])).sum())  # noqa: E731
    info = (shannon(p_xs.reshape(-1)) + _entropy_of_blocks(blocks.sum(axis=0)) - shannon(p_xs.sum(axis=0))
            - _entropy_of_blocks(blocks))
    reg = np.outer(kg[:, 0], kg[:, 0].conj())
    for k in range(1, K):
        reg = reg + np.outer(kg[:, k], kg[:, k].conj())
    infid = [1 - float(np.real(ghz(n).conj() @ partial_trace(reg, [2**n] * copies, [k]) @ ghz(n)))
             for k in range(copies)]
    return {"leak_bits": float(info), "infidelity": infid}
