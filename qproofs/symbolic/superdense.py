"""Exact superdense-coding identities in sympy (paper Appendix A; claim ``sdc.decode``).

(P_w ⊗ I)|Φ+⟩ for the four words w of :data:`superdense.ENCODE_WORDS` are the
four Bell states up to phase, so their Gram matrix is I₄ and the Bell
measurement returns w with probability exactly 1.
"""

from __future__ import annotations

import sympy as sp

from qproofs.protocols import superdense
from qproofs.quantum.states import BELL_LABELS

_S = 1 / sp.sqrt(2)
_PAULI = {"I": sp.eye(2), "X": sp.Matrix([[0, 1], [1, 0]]), "Z": sp.Matrix([[1, 0], [0, -1]])}
_BELL = {
    "Phi+": sp.Matrix([_S, 0, 0, _S]), "Phi-": sp.Matrix([_S, 0, 0, -_S]),
    "Psi+": sp.Matrix([0, _S, _S, 0]), "Psi-": sp.Matrix([0, _S, -_S, 0]),
}


def pauli_word(word: str) -> sp.Matrix:
    """Exact product of a word over {I, X, Z}.

    >>> pauli_word("XZ").tolist()
    [[0, -1], [1, 0]]
    """
    out = sp.eye(2)
    for c in word:
        out = out * _PAULI[c]
    return out


def is_iy_up_to_phase(word: str) -> bool:
    """Whether the product of ``word`` equals c·iY for a unit-modulus constant c (XZ = −iY).

    >>> is_iy_up_to_phase("XZ"), is_iy_up_to_phase("ZX"), is_iy_up_to_phase("X")
    (True, True, False)
    """
    Y = sp.Matrix([[0, -sp.I], [sp.I, 0]])
    M = pauli_word(word)
    c = sp.simplify((Y.H * M).trace() / 2)  # ⟨Y, M⟩_HS / 2
    return bool(sp.simplify(M - c * Y) == sp.zeros(2, 2) and sp.simplify(abs(c) - 1) == 0)


def encoded_states() -> dict[str, sp.Matrix]:
    """Map each word w to (P_w ⊗ I)|Φ+⟩, exactly, for the words of the protocol's encoding table.

    Bennett & Wiesner, Phys. Rev. Lett. 69, 2881 (1992); paper Appendix A.

    >>> {w: list(v) for w, v in encoded_states().items()}
    {'00': [sqrt(2)/2, 0, 0, sqrt(2)/2], '01': [0, sqrt(2)/2, sqrt(2)/2, 0], '10': [sqrt(2)/2, 0, 0, -sqrt(2)/2], '11': [0, -sqrt(2)/2, sqrt(2)/2, 0]}
    """
    return {w: sp.kronecker_product(pauli_word(word), sp.eye(2)) * _BELL["Phi+"]
            for w, word in superdense.ENCODE_WORDS.items()}


def bell_gram_matrix() -> sp.Matrix:
    """G[i, j] = ⟨ψ_i|ψ_j⟩ of the four encoded states (= I₄ iff they are orthonormal).

    Paper Appendix A (claim ``sdc.decode``).

    >>> bell_gram_matrix() == sp.eye(4)
    True
    """
    states = list(encoded_states().values())
    return sp.Matrix(4, 4, lambda i, j: sp.simplify((states[i].H * states[j])[0, 0]))


def bell_gram_pair() -> tuple[sp.Matrix, sp.Matrix]:
    """(G, I₄): the pair claim ``sdc.decode`` compares (exposed for its ``identity`` certificate).

    >>> lhs, rhs = bell_gram_pair()
    >>> lhs == rhs
    True
    """
    return bell_gram_matrix(), sp.eye(4)


def decode_table() -> dict[str, dict[str, object]]:
    """For each sent word: exact Bell outcome probabilities and the decoded word of the likeliest outcome.

    Paper Appendix A (claim ``sdc.decode``): every word is decoded with probability exactly 1.

    >>> table = decode_table()
    >>> {w: (row["outcome"], row["decoded"], row["certain"]) for w, row in table.items()}
    {'00': ('Phi+', '00', True), '01': ('Psi+', '01', True), '10': ('Phi-', '10', True), '11': ('Psi-', '11', True)}
    """
    out: dict[str, dict[str, object]] = {}
    for w, psi in encoded_states().items():
        probs = {lab: sp.simplify(abs((_BELL[lab].H * psi)[0, 0]) ** 2) for lab in BELL_LABELS}  # exact, no nsimplify
        best = max(probs, key=lambda lab: probs[lab])
        out[w] = {"probabilities": probs, "outcome": best, "decoded": superdense.DECODE_TABLE[best],
                  "certain": probs[best] == 1}
    return out
