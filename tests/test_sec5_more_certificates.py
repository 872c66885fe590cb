"""The ``table`` certificate of ``thm5.classical-lower-repaired :: reduction_exact_small_n`` (issue 12, Theorem 5.2
repaired, Appendix C): accepted by the independent checker; a tampered row, rehashed, is rejected."""

from __future__ import annotations

import copy
import types
from typing import Any

import pytest

from checks.sec5 import thm5_classical_lower_repaired as thm
from checks.sec5._certs import doubling_table
from qproofs.certcheck import Rejected, check_document, problem_sha256


def _cert(n: int, *, complement: bool = True) -> dict[str, Any]:
    ctx = types.SimpleNamespace(params=types.SimpleNamespace(complement=complement))
    X = thm.all_bit_rows(n)
    rows = [r for pairs in thm.perfect_matchings(n) for r in thm.certificate_rows(ctx, X, pairs)]
    return doubling_table(n, rows, claim=thm.CLAIM.id, check="reduction_exact_small_n")


def _rehashed(doc: dict[str, Any], row: int, column: str, value: str) -> dict[str, Any]:
    bad = copy.deepcopy(doc)
    bad["problem"]["rows"][row][bad["problem"]["columns"].index(column)] = value
    bad["problem_sha256"] = problem_sha256(bad["problem"])
    return bad


@pytest.mark.parametrize("n", [2, 4])
def test_doubling_certificate_accepted(n: int) -> None:
    doc = _cert(n)
    assert len(doc["problem"]["rows"]) == 2 * 2**n * {2: 1, 4: 3}[n]
    assert check_document(doc).startswith("ok: all")


@pytest.mark.parametrize(("column", "value", "why"), [
    ("f", "1/2", "f is not conflicts/n"),           # the counted fraction altered alone
    ("b", "1", "b flipped: w, M' no longer follow"),
    ("q1", "0", "M' no longer Bob's map / not a matching"),
    ("x0", "1", "x changed under the same w and M'"),
])
def test_tampered_row_rehashed_is_rejected(column: str, value: str, why: str) -> None:
    doc = _cert(4)
    row = next(i for i, r in enumerate(doc["problem"]["rows"])
               if r[doc["problem"]["columns"].index(column)] != value)
    with pytest.raises(Rejected, match="row-fails"):
        check_document(_rehashed(doc, row, column, value))


def test_consistent_forgery_of_the_claim_is_rejected() -> None:
    """A row whose f and conflicts both say 1 − b (internally consistent counts) still fails: the checker
    recounts the conflicts of x′ = (x, x̄) on M′ itself."""
    doc = _cert(2)
    cols = doc["problem"]["columns"]
    r = next(i for i, row in enumerate(doc["problem"]["rows"]) if row[cols.index("b")] == "0")
    bad = _rehashed(_rehashed(doc, r, "conflicts", "1"), r, "f", "1")
    with pytest.raises(Rejected, match="row-fails"):
        check_document(bad)


def test_broken_reduction_certificate_is_rejected() -> None:
    """Alice sends (x, x) (the mutant ``alice_sends_x_twice``): the producer's rows fail the checker."""
    with pytest.raises(Rejected, match="row-fails"):
        check_document(_cert(2, complement=False))
