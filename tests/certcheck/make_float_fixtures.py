"""Generate the ``sdp-dual-float`` fixtures (issue 12): ``float/genuine_*.json`` accepted, ``float/forged_*.json`` not.

Run ``python tests/certcheck/make_float_fixtures.py`` to rewrite them; ``test_sdpfloat.py`` asserts the committed
files equal this script's output. Plain dicts and the checker's hash only (no producer code). ``EXPECTED`` maps
each forged file to the reason code the checker must give (docs/certificates.md, "Reasons").
"""

from __future__ import annotations

import copy
import json
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from qproofs.certcheck import problem_sha256

HERE = Path(__file__).resolve().parent / "float"
PRODUCER = {"qproofs": "fixture", "packages": {}}


def _q(v: Fraction | int) -> str:
    return str(Fraction(v))


def _program(S: list[list[Fraction]], y: Fraction) -> dict[str, Any]:
    """max ⟨C, X⟩ s.t. tr X = 1 with C = y·I − S, so the witness y gives the dual slack Z = y·I − C = S."""
    m = len(S)
    C = [[_q((y if i == j else 0) - S[i][j]) for j in range(m)] for i in range(m)]
    eye = [["1" if i == j else "0" for j in range(m)] for i in range(m)]
    return {"field": "real", "sense": "max", "n": m, "C": C, "constraints": [{"A": eye, "op": "==", "b": "1"}]}


def _doc(problem: dict[str, Any], bound: Fraction | str, y: Fraction | str, shift: Fraction | str,
         check: str) -> dict[str, Any]:
    return {"schema": "qproofs.cert/1", "kind": "sdp-dual-float", "claim": "thm1.qfi-bound", "check": check,
            "problem": problem, "statement": {"relation": "max<=", "bound": _q(Fraction(bound))},
            "witness": {"y": [_q(Fraction(y))], "shift": _q(Fraction(shift))},
            "problem_sha256": problem_sha256(problem), "producer": PRODUCER}


def _rehash(doc: dict[str, Any]) -> dict[str, Any]:
    doc["problem_sha256"] = problem_sha256(doc["problem"])
    return doc


def dense8() -> tuple[list[list[Fraction]], Fraction]:
    """S = MᵀM + I/10 for an 8×8 integer M (dense, λ_min ≥ 1/10), and y = 10."""
    M = [[((3 * i + 5 * j) % 7) - 3 for j in range(8)] for i in range(8)]
    S = [[sum((Fraction(M[k][i] * M[k][j]) for k in range(8)), Fraction(0)) + (Fraction(1, 10) if i == j else 0)
          for j in range(8)] for i in range(8)]
    return S, Fraction(10)


def indefinite() -> list[list[Fraction]]:
    """[[2, 1], [1, 1/2 − 2⁻⁹⁰]]: det = −2⁻⁸⁹ < 0, yet a plain float Cholesky of fl(S) succeeds (pivot ≈ 1.1e-16)."""
    return [[Fraction(2), Fraction(1)], [Fraction(1), Fraction(1, 2) - Fraction(1, 2**90)]]


def build_all() -> dict[str, dict[str, Any]]:
    """{file name: document} of every fixture."""
    S, y = dense8()
    dense = _doc(_program(S, y), y, y, Fraction(1, 2**30), "dense8")
    thm1 = _doc(_program([[Fraction(v) if i == j else Fraction(0) for j in range(4)] for i, v in
                          enumerate(("1/1024", "1", "1", "1/1024"))], 1), Fraction(1), 1, Fraction(1, 2**20), "thm1_n2")
    ind = _program(indefinite(), Fraction(1))
    out = {"genuine_dense8.json": dense, "genuine_thm1_n2_lifted.json": thm1,
           "forged_indefinite_tiny_shift.json": _doc(ind, 1, 1, Fraction(1, 2**100), "indefinite"),
           "forged_indefinite_proper_shift.json": _doc(ind, 1, 1, Fraction(1, 2**40), "indefinite"),
           "forged_wrong_c_too_small.json": _doc(thm1["problem"], 1, 1, Fraction(1, 2**80), "thm1_n2"),
           "forged_wrong_c_too_large.json": _doc(thm1["problem"], 1, 1, Fraction(1, 512), "thm1_n2"),
           "forged_negative_shift.json": _doc(thm1["problem"], 1, 1, -1, "thm1_n2"),
           "forged_inflated_bound.json": _doc(dense["problem"], Fraction(99, 10), y, Fraction(1, 2**30), "dense8")}
    tampered = copy.deepcopy(dense)
    tampered["problem"]["C"][2][5] = tampered["problem"]["C"][5][2] = "-40"
    out["forged_tampered_entry_unhashed.json"] = tampered
    out["forged_tampered_entry.json"] = _rehash(copy.deepcopy(tampered))
    huge = copy.deepcopy(thm1)
    huge["problem"]["C"][1][1] = "-" + "1" * 400
    out["forged_out_of_float_range.json"] = _rehash(huge)
    with_ldl = copy.deepcopy(thm1)
    with_ldl["witness"]["ldl"] = {"perm": [0, 1, 2, 3], "L": [], "D": []}
    out["forged_unknown_witness_key.json"] = with_ldl
    return out


EXPECTED = {
    "forged_indefinite_tiny_shift.json": "shift-too-small",
    "forged_indefinite_proper_shift.json": "cholesky-failed",
    "forged_wrong_c_too_small.json": "shift-too-small",
    "forged_wrong_c_too_large.json": "cholesky-failed",
    "forged_negative_shift.json": "bad-witness",
    "forged_inflated_bound.json": "bound-not-proved",
    "forged_tampered_entry_unhashed.json": "hash-mismatch",
    "forged_tampered_entry.json": "cholesky-failed",
    "forged_out_of_float_range.json": "float-range",
    "forged_unknown_witness_key.json": "unknown-field",
}


def write_all() -> None:
    """Rewrite every fixture file."""
    HERE.mkdir(exist_ok=True)
    for name, doc in build_all().items():
        (HERE / name).write_text(json.dumps(doc, ensure_ascii=False, indent=None) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_all()
    sys.exit(0)
