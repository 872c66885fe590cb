"""Certificates (issue 12, docs/certificates.md) of the exact Section 3 checks: table builders.

Shared code of ``checks/sec3`` (leading underscore: not a claim module). Each builder turns
the rows a check already enumerated into a ``table`` certificate whose predicate the
independent checker (:mod:`qproofs.certcheck`) re-evaluates exactly on every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qproofs.certificates import table_certificate

TWO = ["const", 2]


def _pow2(e: Any) -> list[Any]:
    return ["pow", TWO, e]


def word_bits_table(rows: Sequence[tuple[int, int, int]], *, claim: str, check: str) -> dict[str, Any]:
    """``ring.correct :: word_bits_suffice``: for every (N, b, B) row, B = b + ⌈log₂ N⌉ and N(2^b − 1) ≤ 2^B − 1.

    ⌈log₂ N⌉ = L is stated without logarithms as 2^L ≥ N > 2^(L−1) (i.e. 2^L < 2N), with L = B − b.
    """
    L = ["-", ["col", "B"], ["col", "b"]]
    formula = ["and", [">=", L, ["const", 0]], [">=", _pow2(L), ["col", "N"]],
               ["<", _pow2(L), ["*", TWO, ["col", "N"]]]]
    fits = ["<=", ["*", ["col", "N"], ["-", _pow2(["col", "b"]), ["const", 1]]],
            ["-", _pow2(["col", "B"]), ["const", 1]]]
    return table_certificate(["N", "b", "B"], rows, ["and", formula, fits], claim=claim, check=check,
                             definition="every ring size N and input width b of the grid; B = ring.word_bits(b, N, "
                                        "'exact'), the word width of the exact (non-modular) all-reduce. The predicate "
                                        "says B = b + ceil(log2 N) and the worst-case sum N(2^b - 1) fits in B bits.")


def flooding_table(rows: Sequence[dict[str, Any]], *, claim: str, check: str) -> dict[str, Any]:
    """``ring.rounds :: dependency_cone`` (flooding part): min rounds to full dependency = ⌊N/2⌋ ≤ protocol rounds."""
    r, d, n = ["col", "min_rounds"], ["col", "diameter"], ["col", "N"]
    pred = ["and", ["==", r, d], ["<=", ["*", TWO, d], n], ["<", n, ["+", ["*", TWO, d], TWO]],
            ["<=", r, ["col", "protocol"]]]
    return table_certificate(["N", "min_rounds", "diameter", "protocol"],
                             [(x["N"], x["min_rounds"], x["diameter"], x["protocol"]) for x in rows], pred,
                             claim=claim, check=check,
                             definition="per ring size N: min_rounds = rounds until every node depends on every input "
                                        "when each node hears both neighbours every round (flooding, enumerated by "
                                        "ring.rounds_to_full_dependency); diameter = the claimed lower bound; protocol "
                                        "= the paper's round count. The predicate: min_rounds = diameter = floor(N/2) "
                                        "<= protocol rounds.")


def decode_table_certificate(rows: Sequence[tuple[int, int, int, Any]], *, claim: str, check: str) -> dict[str, Any]:
    """``sdc.decode :: decode_table_exact``: every word decoded with certainty.

    For every (sent word, Bell outcome) the exact Born probability is 1 when the outcome decodes to the sent
    word and 0 otherwise.
    """
    sent, decoded, p = ["col", "sent"], ["col", "decoded"], ["col", "p"]
    pred = ["or", ["and", ["==", decoded, sent], ["==", p, ["const", 1]]],
            ["and", ["not", ["==", decoded, sent]], ["==", p, ["const", 0]]]]
    return table_certificate(["sent", "outcome", "decoded", "p"], rows, pred, claim=claim, check=check,
                             sums=[["==", p, 4]],
                             definition="sent: the two bits w as an integer 2w1 + w2; outcome: the index of the Bell "
                                        "state (Phi+, Psi+, Phi-, Psi-); decoded: DECODE_TABLE of that outcome as an "
                                        "integer; p: the exact |<beta|(P_w x I)|Phi+>|^2 (sympy). Every row: p = 1 if "
                                        "the outcome decodes to w, else 0; the sixteen p sum to 4 (one per word).")


def box_vertices_table(rows: Sequence[tuple[Any, Any, Any]], bound: Any, *, claim: str, check: str
                       ) -> dict[str, Any]:
    """``holevo.ea-capacity :: symbolic_bound_chain``: the chain's end at the box's vertices.

    S_A + S_Ax at every vertex of [0, log₂ 2]² equals the tabled value and is at most the claimed bound
    (the expression is linear, so its maximum over the box is attained at a vertex).
    """
    v, a, t = ["col", "value"], ["col", "S_A"], ["col", "S_Ax"]
    pred = ["and", ["==", v, ["+", a, t]], ["<=", v, ["const", bound]]]
    return table_certificate(["S_A", "S_Ax", "value"], rows, pred, claim=claim, check=check,
                             definition="the end of the bound chain chi <= S(sigma_A) + sum_x p_x S(sigma_x,A) "
                                        "(after subadditivity and Araki-Lieb; S_B cancels) evaluated at the four "
                                        "vertices of the box S_A, S_Ax in [0, 1] (a qubit): every vertex value is at "
                                        "most the claimed capacity.")
