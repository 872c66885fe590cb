"""Generate the certificate fixtures of issue 12: ``genuine/`` (must be accepted) and ``forged/`` (must be rejected).

Run ``python tests/certcheck/make_fixtures.py`` to rewrite them; ``test_certcheck.py`` asserts the committed
files equal this script's output, so the fixtures stay reproducible. Only plain dicts and the checker's hash
are used (no producer code), so a producer change cannot silently change a fixture. ``EXPECTED`` maps each
forged file to the reason code the checker must give (docs/certificates.md, "Reasons").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from qproofs.certcheck import problem_sha256

HERE = Path(__file__).resolve().parent
PRODUCER = {"qproofs": "fixture", "packages": {}}


def _diag(*v: str) -> list[list[str]]:
    return [[v[i] if i == j else "0" for j in range(len(v))] for i in range(len(v))]


def _doc(kind: str, check: str, problem: Any, statement: Any, witness: Any, claim: str = "thm1.qfi-bound") -> dict:
    return {"schema": "qproofs.cert/1", "kind": kind, "claim": claim, "check": check, "problem": problem,
            "statement": statement, "witness": witness, "problem_sha256": problem_sha256(problem),
            "producer": PRODUCER}


def _rehash(doc: dict) -> dict:
    doc["problem_sha256"] = problem_sha256(doc["problem"])
    return doc


def thm1_n2() -> dict:
    """docs/certificates.md's worked example: Theorem 1, N = 2, weights (1,1), centre 0: max ≤ 1."""
    problem = {"field": "real", "sense": "max", "n": 4, "C": _diag("1", "0", "0", "1"),
               "constraints": [{"A": _diag("1", "1", "1", "1"), "op": "==", "b": "1"}]}
    witness = {"y": ["1"], "ldl": {"perm": [0, 1, 2, 3], "L": _diag("1", "1", "1", "1"), "D": ["0", "1", "1", "0"]}}
    return _doc("sdp-dual", "worked-example", problem, {"relation": "max<=", "bound": "1"}, witness)


def thm1_excluded() -> dict:
    """Same probe with tr(ρP) ≤ 3/4 on P = support of |00⟩, |11⟩: max ≤ 3/4 by y = (0, 1), Z = diag(0,0,0,0)."""
    P = _diag("1", "0", "0", "1")
    problem = {"field": "real", "sense": "max", "n": 4, "C": _diag("1", "0", "0", "1"),
               "constraints": [{"A": _diag("1", "1", "1", "1"), "op": "==", "b": "1"},
                               {"A": P, "op": "<=", "b": "3/4"}]}
    witness = {"y": ["0", "1"], "ldl": {"perm": [0, 1, 2, 3], "L": _diag("1", "1", "1", "1"),
                                        "D": ["0", "0", "0", "0"]}}
    return _doc("sdp-dual", "excluded-support", problem, {"relation": "max<=", "bound": "3/4"}, witness,
                claim="thm1.ghz-unique")


def stabiliser_n2() -> dict:
    """Section 4.3, N = 2, F = 9/10 (sparse form): R = (2/3)(I − P_GHZ); min tr(Rρ) ≥ (2/3)(1/10) = 1/15."""
    ghz = [[0, 0, "1/2"], [0, 3, "1/2"], [3, 0, "1/2"], [3, 3, "1/2"]]
    R = {"m": 4, "entries": [[0, 0, "1/3"], [0, 3, "-1/3"], [3, 0, "-1/3"], [3, 3, "1/3"],
                             [1, 1, "2/3"], [2, 2, "2/3"]]}
    problem = {"field": "real", "sense": "min", "n": 4, "C": R,
               "constraints": [{"A": {"m": 4, "entries": [[i, i, "1"] for i in range(4)]}, "op": "==", "b": "1"},
                               {"A": {"m": 4, "entries": ghz}, "op": "<=", "b": "9/10"}]}
    # Z = y0 I + y1 P + R with y = (−2/3, 2/3): Z = 0
    witness = {"y": ["-2/3", "2/3"], "ldl": {"perm": [0, 1, 2, 3], "L": {"m": 4, "entries": [[i, i, "1"]
                                                                                           for i in range(4)]},
                                           "D": ["0", "0", "0", "0"]}}
    return _doc("sdp-dual", "sparse-n2", problem, {"relation": "min>=", "bound": "1/15"}, witness,
                claim="vga.stabilizer-detection")


def pauli_y() -> dict:
    """Complex data: max ⟨Y, X⟩ s.t. tr X = 1 is λ_max(Y) = 1. Z = I − Y; emb(Z) = [[I, −Im], [Im, I]]."""
    z, one = ["0", "0"], ["1", "0"]
    problem = {"field": "complex", "sense": "max", "n": 2, "C": [[z, ["0", "-1"]], [["0", "1"], z]],
               "constraints": [{"A": [[one, z], [z, one]], "op": "==", "b": "1"}]}
    # emb(Z) with Im Z = [[0, 1], [-1, 0]]: rows (1,0,0,-1), (0,1,1,0), (0,1,1,0), (-1,0,0,1)
    L = [["1", "0", "0", "0"], ["0", "1", "0", "0"], ["0", "1", "1", "0"], ["-1", "0", "0", "1"]]
    witness = {"y": ["1"], "ldl": {"perm": [0, 1, 2, 3], "L": L, "D": ["1", "1", "0", "0"]}}
    return _doc("sdp-dual", "pauli-y", problem, {"relation": "max<=", "bound": "1"}, witness, claim="demo.complex")


def identity_ok() -> dict:
    """def1.ghz-aggregate in miniature: e^{−iθ/2}·e^{iθ} == e^{iθ/2} for real θ."""
    th = "Symbol('theta', real=True)"
    lhs = f"Mul(exp(Mul(Integer(-1), Rational(1, 2), I, {th})), exp(Mul(I, {th})))"
    rhs = f"exp(Mul(Rational(1, 2), I, {th}))"
    return _doc("identity", "phase", {"variables": [{"name": "theta", "assumptions": {"real": True}}],
                                      "lhs": lhs, "rhs": rhs},
                {"relation": "lhs-rhs==0"}, {"method": "simplify"}, claim="def1.ghz-aggregate")


def table_ok() -> dict:
    """An exact probability table: each row's probability within its bound, probabilities summing to 1."""
    problem = {"columns": ["x", "p", "bound"], "rows": [["0", "1/4", "1/2"], ["1", "1/4", "1/2"],
                                                         ["2", "1/2", "1/2"]],
               "labels": ["x=0", "x=1", "x=2"], "definition": "toy distribution p(x) with its claimed cap"}
    st = {"forall_rows": ["and", ["<=", ["col", "p"], ["col", "bound"]], [">=", ["col", "p"], ["const", "0"]]],
          "sums": [["==", ["col", "p"], "1"]]}
    return _doc("table", "caps", problem, st, {"rows_checked": 3}, claim="demo.table")


GENUINE = {"thm1_n2.json": thm1_n2, "thm1_excluded.json": thm1_excluded, "stabiliser_n2.json": stabiliser_n2,
           "pauli_y_complex.json": pauli_y, "identity_phase.json": identity_ok, "table_probabilities.json": table_ok}


def forged() -> dict[str, Any]:
    """name -> document (or raw text for unreadable ones)."""
    out: dict[str, Any] = {}
    d = thm1_n2()
    d["statement"]["bound"] = "9/10"  # the true maximum is 1
    out["inflated_bound.json"] = d
    d = thm1_n2()  # y = 1/2: Z = diag(-1/2, 1/2, 1/2, -1/2) = L D Lᵀ exactly, but D has negative entries
    d["statement"]["bound"] = "1/2"
    d["witness"] = {"y": ["1/2"], "ldl": {"perm": [0, 1, 2, 3], "L": _diag("1", "1", "1", "1"),
                                          "D": ["-1/2", "1/2", "1/2", "-1/2"]}}
    out["indefinite_d.json"] = d
    d = thm1_n2()
    d["problem"]["C"][3][3] = "3"  # tampered after hashing: max is now 3
    out["tampered_problem.json"] = d
    d = thm1_n2()  # weights (2, 1): spectrum (3/2, 1/2, -1/2, -3/2); the N=2 (1,1) witness, problem rehashed
    d["problem"]["C"] = _diag("9/4", "1/4", "1/4", "9/4")
    out["other_problem.json"] = _rehash(d)
    d = thm1_excluded()  # op flipped to >=, y flipped to -1: would "prove" max ≤ 3/4, the true max is 1
    d["problem"]["constraints"][1]["op"] = ">="
    d["witness"]["y"] = ["0", "-1"]
    out["sign_flip.json"] = _rehash(d)
    out["truncated.json"] = json.dumps(thm1_n2())[:200]
    d = thm1_n2()
    d["schema"] = "qproofs.cert/2"
    out["wrong_schema.json"] = d
    d = thm1_n2()
    d["problem"]["C"][0][0] = "1.0"
    out["non_rational.json"] = _rehash(d)
    d = thm1_n2()
    d["witness"]["y"] = ["1" * 4001 + "/" + "1" * 4001]  # = 1, but beyond MAX_DIGITS
    out["enormous_numerator.json"] = d
    d = identity_ok()  # (θ+1)² vs θ² + 1
    th = "Symbol('theta', real=True)"
    d["problem"]["lhs"] = f"Pow(Add({th}, Integer(1)), Integer(2))"
    d["problem"]["rhs"] = f"Add(Pow({th}, Integer(2)), Integer(1))"
    out["identity_not_identical.json"] = _rehash(d)
    d = table_ok()
    d["problem"]["rows"][2] = ["2", "3/5", "1/2"]
    d["problem"]["rows"][1] = ["1", "3/20", "1/2"]  # still sums to 1: only the row predicate fails
    out["table_row_breaks.json"] = _rehash(d)
    d = thm1_n2()
    del d["witness"]
    out["missing_witness.json"] = d
    # beyond the twelve of the issue
    d = thm1_n2()
    d["kind"] = "sdp-primal"
    out["unknown_kind.json"] = d
    d = identity_ok()
    d["problem"]["lhs"] = "__import__('os').system('echo pwned')"
    out["unsafe_expression.json"] = _rehash(d)
    d = identity_ok()
    d["problem"]["variables"][0]["assumptions"] = {"positive": True}
    out["undeclared_symbol.json"] = _rehash(d)
    d = thm1_n2()
    d["problem"]["C"][0][1] = "1"
    out["not_symmetric.json"] = _rehash(d)
    d = thm1_n2()
    d["witness"]["ldl"]["L"][0][1] = "1"
    out["l_not_triangular.json"] = d
    d = table_ok()
    d["problem"]["rows"][0] = ["0", "0", "1/2"]
    out["table_sum_fails.json"] = _rehash(d)
    d = table_ok()
    d["problem"]["rows"] = []
    d["problem"].pop("labels")
    d["witness"]["rows_checked"] = 0
    out["empty_table.json"] = _rehash(d)
    d = thm1_n2()
    d["note"] = "trust me"
    out["extra_field.json"] = d
    out["not_object.json"] = "[1, 2, 3]\n"
    out["duplicate_key.json"] = json.dumps(thm1_n2())[:-1] + ', "kind": "table"}'
    d = thm1_n2()
    d["statement"]["relation"] = "min>="
    out["relation_mismatch.json"] = d
    d = pauli_y()  # the classic factor-2 slip: factorising emb(Z)/2 instead of emb(Z)
    d["witness"]["ldl"]["D"] = ["1/2", "1/2", "0", "0"]
    out["complex_halved_slack.json"] = d
    return out


EXPECTED = {
    "inflated_bound.json": "bound-not-proved", "indefinite_d.json": "d-negative",
    "tampered_problem.json": "hash-mismatch", "other_problem.json": "factorisation-mismatch",
    "sign_flip.json": "multiplier-sign", "truncated.json": "not-json", "wrong_schema.json": "unknown-schema",
    "non_rational.json": "bad-number", "enormous_numerator.json": "number-too-large",
    "identity_not_identical.json": "identity-not-zero", "table_row_breaks.json": "row-fails",
    "missing_witness.json": "missing-field", "unknown_kind.json": "unknown-kind",
    "unsafe_expression.json": "unsafe-expression", "undeclared_symbol.json": "undeclared-symbol",
    "not_symmetric.json": "not-symmetric", "l_not_triangular.json": "bad-witness",
    "table_sum_fails.json": "sum-fails", "empty_table.json": "empty-table", "extra_field.json": "unknown-field",
    "not_object.json": "not-object", "duplicate_key.json": "not-json", "relation_mismatch.json": "bad-statement",
    "complex_halved_slack.json": "factorisation-mismatch",
}
"""Forged file -> the reason code it must be rejected with."""

UNREADABLE = {"truncated.json", "wrong_schema.json", "not_object.json", "duplicate_key.json"}
"""Forged files that are unreadable (UnreadableCertificate, CLI exit 64) rather than rejected (exit 1)."""


def render(obj: Any) -> str:
    """File text of a fixture (indented JSON, or the raw text of an unreadable one)."""
    return obj if isinstance(obj, str) else json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def build_all() -> dict[str, str]:
    """relative path -> file text, for every fixture."""
    files = {f"genuine/{k}": render(fn()) for k, fn in GENUINE.items()}
    files.update({f"forged/{k}": render(v) for k, v in forged().items()})
    return files


def main() -> int:
    """Rewrite the fixture files next to this script."""
    for rel, text in build_all().items():
        p = HERE / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
