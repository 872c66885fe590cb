"""Eve's attacks on the GHZ qubits in transit, as CPTP maps on the N-qubit register.

Paper Sections 4.1 and 4.3, claims ``vga.eve-attacks``, ``vga.sampling``,
``prop1.monotone``, ``lemma3.chaining``. Every attack is a Kraus list
{K_k} on the 2^N-dimensional register (qubit 0 most significant); Eve keeps the
Stinespring environment, |Ψ⟩ = Σ_k K_k|GHZ⟩ ⊗ |k⟩_E, which is the most she can
hold for that channel (any other purification is an isometric image of it).

* ``intercept_resend(n, node, basis)``: measure one qubit in Z, X or Y and
  resend the eigenstate (Kraus: the two projectors).
* ``cnot_copy(n, nodes)``: CNOT from each listed qubit onto a fresh ancilla
  |0⟩ (Kraus ⟨k|U|0⟩: the computational projectors of those qubits).
* ``partial_probe(n, node, t)``: controlled-R_y(tπ) from one qubit onto Eve's
  ancilla; t = 0 does nothing, t = 1 is the CNOT copy.
* ``partial_swap(n, node, t)``: cos(tπ/2)·I − i·sin(tπ/2)·SWAP between the qubit
  and one half of a Bell pair Eve holds; t = 1 substitutes Eve's qubit.
* ``depolarize_all(n, p)``: honest noise, each qubit depolarised at rate p.
"""

from __future__ import annotations

from functools import reduce
from itertools import product

import numpy as np

from qproofs.errors import require
from qproofs.quantum.channels import depolarizing_kraus, require_cptp
from qproofs.quantum.paulis import I2

_BASES = {"Z": np.eye(2, dtype=complex),
          "X": np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2),
          "Y": np.array([[1, 1], [1j, -1j]], dtype=complex) / np.sqrt(2)}


def _check_node(n: int, node: int) -> None:
    require(isinstance(n, int | np.integer) and n >= 2, "N", "must be an integer >= 2", n)
    require(isinstance(node, int | np.integer) and 0 <= node < n, "node", f"must be in 0..{n - 1}", node)


def _strength(t: float) -> float:
    require(0.0 <= float(t) <= 1.0, "t", "attack strength must lie in [0, 1]", t)
    return float(t)


def embed(op: np.ndarray, n: int, qubits: tuple[int, ...]) -> np.ndarray:
    """The operator ``op`` on ``qubits`` (in that order), identity elsewhere, as 2^n × 2^n.

    >>> from qproofs.quantum.paulis import X, Z
    >>> bool(np.allclose(embed(X, 2, (1,)), np.kron(np.eye(2), X)))
    True
    >>> bool(np.allclose(embed(np.kron(X, Z), 2, (1, 0)), np.kron(Z, X)))
    True
    """
    k = len(qubits)
    full = np.kron(op, np.eye(2 ** (n - k)))
    order = list(qubits) + [q for q in range(n) if q not in qubits]
    perm = np.argsort(order)  # axis of qubit q in the kron ordering
    t = full.reshape([2] * (2 * n))
    t = t.transpose(list(perm) + [n + p for p in perm])
    return t.reshape(2**n, 2**n)


def identity(n: int) -> list[np.ndarray]:
    """No attack.

    >>> [K.shape for K in identity(2)]
    [(4, 4)]
    """
    return [np.eye(2**n, dtype=complex)]


def intercept_resend(n: int, node: int, basis: str = "Z") -> list[np.ndarray]:
    """Measure qubit ``node`` in ``basis`` and resend the eigenstate found.

    Paper Section 4.1 (claim ``vga.eve-attacks``). Measuring one GHZ qubit in Z leaves |00⟩⟨00|/2 + |11⟩⟨11|/2.

    >>> from qproofs.quantum.channels import apply_kraus
    >>> from qproofs.quantum.states import dm, ghz
    >>> np.round(np.diag(apply_kraus(dm(ghz(2)), intercept_resend(2, 0, "Z"))).real, 6).tolist()
    [0.5, 0.0, 0.0, 0.5]
    """
    _check_node(n, node)
    require(basis in _BASES, "basis", "must be 'Z', 'X' or 'Y'", basis)
    B = _BASES[basis]
    return [embed(np.outer(B[:, k], B[:, k].conj()), n, (node,)) for k in range(2)]


def cnot_copy(n: int, nodes: tuple[int, ...] = (0,)) -> list[np.ndarray]:
    """CNOT each listed qubit onto a fresh |0⟩ ancilla that Eve keeps.

    Paper Section 4.1 (claim ``vga.eve-attacks``).

    >>> ks = cnot_copy(3, (0, 2))
    >>> len(ks), validated(ks, 3) is not None
    (4, True)
    """
    for q in nodes:
        _check_node(n, q)
    P = [np.diag([1.0, 0.0]).astype(complex), np.diag([0.0, 1.0]).astype(complex)]
    return [reduce(lambda A, B: A @ B, (embed(P[b], n, (q,)) for q, b in zip(nodes, bits, strict=True)))
            for bits in product((0, 1), repeat=len(nodes))]


def partial_probe(n: int, node: int, t: float) -> list[np.ndarray]:
    """Controlled-R_y(tπ) from qubit ``node`` onto Eve's ancilla |0⟩ (t = 1: CNOT copy).

    Paper Sections 4.1 and 4.3 (claims ``vga.sampling``, ``prop1.monotone``): t = 0 is no attack.

    >>> bool(np.allclose(partial_probe(2, 0, 0.0)[0], np.eye(4)))
    True
    >>> np.round(np.diag(partial_probe(2, 0, 1.0)[1]).real, 6).tolist()
    [0.0, 0.0, 1.0, 1.0]
    """
    _check_node(n, node)
    t = _strength(t)
    c, s = np.cos(t * np.pi / 2), np.sin(t * np.pi / 2)
    K0 = embed(np.diag([1.0, c]).astype(complex), n, (node,))
    K1 = embed(np.diag([0.0, s]).astype(complex), n, (node,))
    return [K0, K1]


def partial_swap(n: int, node: int, t: float) -> list[np.ndarray]:
    """Partial SWAP of qubit ``node`` with half A of Eve's Bell pair (A, B); t = 1 substitutes it.

    Kraus operators K_ab = ⟨ab|_{AB} U_{node,A} |Φ+⟩_{AB}, so Eve's Stinespring
    environment is exactly her two qubits (A, B).

    Paper Section 4.1 (claim ``vga.eve-attacks``).

    >>> ks = partial_swap(2, 1, 0.5)
    >>> len(ks), len(validated(ks, 2))
    (4, 4)
    """
    _check_node(n, node)
    t = _strength(t)
    swap = np.eye(4)[[0, 2, 1, 3]].astype(complex)
    U = np.cos(t * np.pi / 2) * np.eye(4) - 1j * np.sin(t * np.pi / 2) * swap  # on (node, A)
    phi = np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2)  # (A, B)
    # U_{node,A} ⊗ I_B acting on (node, A, B); Kraus on node: ⟨ab| (U ⊗ I) |·⟩|Φ⟩_{AB}
    UB = np.kron(U, I2).reshape(2, 2, 2, 2, 2, 2)  # out (q, a, b), in (q', a', b')
    kraus = []
    for a, b in product((0, 1), repeat=2):
        op = np.zeros((2, 2), dtype=complex)
        for qin in range(2):
            for a_in, b_in in product((0, 1), repeat=2):
                amp = phi[2 * a_in + b_in]
                if amp == 0:
                    continue
                for qout in range(2):
                    op[qout, qin] += UB[qout, a, b, qin, a_in, b_in] * amp
        kraus.append(embed(op, n, (node,)))
    return kraus


def depolarize_all(n: int, p: float) -> list[np.ndarray]:
    """Each qubit depolarised at rate p: ρ ↦ (1−p)ρ + p·I/2 per qubit (4^n Kraus operators).

    >>> from qproofs.quantum.channels import apply_kraus
    >>> np.round(apply_kraus(np.diag([1.0, 0, 0, 0]), depolarize_all(2, 1.0)).real.diagonal(), 6).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    require(isinstance(n, int | np.integer) and n >= 2, "N", "must be an integer >= 2", n)
    single = depolarizing_kraus(p)
    return [reduce(np.kron, ks) for ks in product(single, repeat=n)]


def validated(kraus: list[np.ndarray], n: int) -> list[np.ndarray]:
    """Check that ``kraus`` is a CPTP map on n qubits (InvalidParameter says which property fails).

    >>> len(validated(identity(2), 2))
    1
    >>> validated(identity(2), 3)
    Traceback (most recent call last):
    ...
    qproofs.errors.InvalidParameter: attack = (4, 4): must act on the 2^N = 8-dimensional register
    """
    ks = require_cptp(kraus, param="attack")
    require(ks[0].shape == (2**n, 2**n), "attack", f"must act on the 2^N = {2**n}-dimensional register",
            ks[0].shape)
    return ks


ATTACKS = {
    "intercept-resend-X": lambda n, t: intercept_resend(n, 0, "X"),
    "intercept-resend-Z": lambda n, t: intercept_resend(n, 0, "Z"),
    "cnot-copy": lambda n, t: cnot_copy(n, (0,)),
    "partial-probe": lambda n, t: partial_probe(n, 0, t),
    "partial-swap": lambda n, t: partial_swap(n, 0, t),
}
"""Named attack families (strength t ignored by the fixed ones)."""


def dephase(n: int, node: int, p: float) -> list[np.ndarray]:
    """Z on qubit ``node`` with probability p: GHZ fidelity 1 − p, rejection p·2^{N−1}/(2^N−1).

    A Pauli error anticommutes with exactly half of the stabiliser group, so it meets Section 4.3's
    rejection formula with the least rejection per unit of infidelity: the near-bound attack of
    ``vga.sampling-mean-deficit``.

    >>> import numpy as np
    >>> ks = dephase(3, 0, 0.3)
    >>> bool(np.allclose(sum(K.conj().T @ K for K in ks), np.eye(8)))   # trace preserving
    True
    """
    _check_node(n, node)
    p = _strength(p)
    Z = np.diag([1.0, -1.0]).astype(complex)
    return [np.sqrt(1 - p) * np.eye(2**n, dtype=complex), np.sqrt(p) * embed(Z, n, (node,))]


def compose(*kraus_lists: list[np.ndarray]) -> list[np.ndarray]:
    """Several attacks on one register in sequence (later lists act after earlier); environments multiply.

    >>> import numpy as np
    >>> both = compose(dephase(2, 0, 0.5), dephase(2, 1, 0.5))
    >>> len(both), bool(np.allclose(sum(K.conj().T @ K for K in both), np.eye(4)))
    (4, True)
    """
    out = [np.eye(kraus_lists[0][0].shape[0], dtype=complex)]
    for ks in kraus_lists:
        out = [K @ A for A in out for K in ks]
    return out


def collective_probe(n: int, t: float, copies: int = 2, node: int = 0, basis: str = "X") -> list[np.ndarray]:
    """One ancilla probe entangled across copies: controlled-R_y(tπ) from qubit ``node`` of every copy in turn.

    Acts on c·N qubits (copy-major); the control reads the qubit in ``basis`` (X: the basis in which
    the inputs' phases show; Z: a probe that learns nothing about them). Eve keeps one qubit, so her
    information mixes the copies (t = 1: the ancilla holds the parity of the probed values).
    Kraus K_e = ⟨e| U |0⟩_E.

    >>> import numpy as np
    >>> ks = collective_probe(2, 1.0)          # two copies of N = 2: 16-dim register, a qubit for Eve
    >>> len(ks), ks[0].shape, bool(np.allclose(sum(K.conj().T @ K for K in ks), np.eye(16)))
    (2, (16, 16), True)
    """
    _check_node(n, node)
    t = _strength(t)
    require(basis in ("X", "Z"), "basis", "must be 'X' or 'Z'", basis)
    c, s = np.cos(t * np.pi / 2), np.sin(t * np.pi / 2)
    ry = np.array([[c, -s], [s, c]], dtype=complex)
    total = n * copies
    dim = 2**total
    # U on (register, ancilla): for each probed qubit, |1⟩⟨1|_q ⊗ R_y + |0⟩⟨0|_q ⊗ I
    U = np.eye(2 * dim, dtype=complex)
    for k in range(copies):
        P1 = embed(np.diag([0.0, 1.0]).astype(complex), total, (k * n + node,))
        U = (np.kron(np.eye(dim) - P1, I2) + np.kron(P1, ry)) @ U
    if basis == "X":  # read each probed qubit in the X basis: conjugate its control by H
        Hs = reduce(lambda A, B: A @ B, (embed(_BASES["X"], total, (k * n + node,)) for k in range(copies)))
        W = np.kron(Hs, I2)
        U = W @ U @ W
    U4 = U.reshape(dim, 2, dim, 2)
    return [U4[:, e, :, 0] for e in range(2)]
