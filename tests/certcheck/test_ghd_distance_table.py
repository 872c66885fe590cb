"""``thm4.ghd-reduction :: enumerate_small_n`` beyond n = 5 (issue 12): one certified row per (n, Δ).

The checker accepts the table the check attaches for n = 6..10, and rejects it (rehashed, so only the row
predicate can catch it) when one row's inner product or its n is off by 2: ⟨x, y⟩ = n − 2Δ then fails.
"""

from __future__ import annotations

import copy
import json

import pytest

from checks.sec5._certs import CERT_MAX_N, ghd_distance_table, ghd_tables
from qproofs.certcheck import Rejected, check_document, problem_sha256


def _doc() -> dict:
    return json.loads(json.dumps(ghd_distance_table(6, 10, claim="thm4.ghd-reduction", check="enumerate_small_n")))


def test_distance_table_accepted_and_attached_beyond_pairs() -> None:
    assert check_document(_doc()).startswith("ok:")
    assert len(ghd_tables(10, claim="c", check="k")) == CERT_MAX_N + 1


@pytest.mark.parametrize("column", [2, 0])
def test_tampered_row_rejected(column: int) -> None:
    doc = _doc()
    forged = copy.deepcopy(doc)
    row = forged["problem"]["rows"][7]
    row[column] = str(int(row[column]) + 2)
    forged["problem_sha256"] = problem_sha256(forged["problem"])
    with pytest.raises(Rejected):
        check_document(forged)
