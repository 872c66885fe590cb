"""Issue 12: the certificates of ``sec44.gaussian-mi :: closed_form_limit`` (identity) and
``thm2.classical-leakage :: pre_shared_key_outside_model`` (table) are accepted by the independent checker,
and a tampered copy, rehashed so that only the mathematics is wrong, is rejected."""

from __future__ import annotations

import copy
from types import SimpleNamespace
from typing import Any

import pytest

from checks.sec4 import sec44_gaussian_mi, thm2_classical_leakage
from qproofs.certcheck import check_document, problem_sha256
from qproofs.certcheck.errors import Rejected
from qproofs.tolerance import TOL


def _ctx(module: Any) -> SimpleNamespace:
    claim = module.CLAIM
    return SimpleNamespace(params=SimpleNamespace(**claim.params["standard"]), paper=claim.paper, tol=TOL)


def _rehashed(doc: dict[str, Any], edit: Any) -> dict[str, Any]:
    bad = copy.deepcopy(doc)
    edit(bad["problem"])
    bad["problem_sha256"] = problem_sha256(bad["problem"])
    return bad


def test_gaussian_gap_identities_accepted_and_tampered_rejected() -> None:
    ev = sec44_gaussian_mi.closed_form_limit(_ctx(sec44_gaussian_mi))
    docs = ev.certificate
    assert ev.passed and isinstance(docs, list) and len(docs) == 2
    for doc in docs:
        assert doc["kind"] == "identity" and check_document(doc).startswith("ok")
        # N/(N−1) = (M+1)/M replaced by (M+2)/M on the rhs: no longer an identity
        bad = _rehashed(doc, lambda p: p.update(rhs=p["rhs"].replace("Integer(1)", "Integer(2)", 1)))
        with pytest.raises(Rejected, match="identity-not-zero"):
            check_document(bad)


def test_gaussian_no_identity_for_the_off_by_one_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sec44_gaussian_mi.gaussian_privacy, "CONDITIONAL_SHARE", lambda n: n - 2)
    ev = sec44_gaussian_mi.closed_form_limit(_ctx(sec44_gaussian_mi))
    assert not ev.passed and ev.certificate is None


def test_pad_table_accepted_and_tampered_rejected() -> None:
    ev = thm2_classical_leakage.pre_shared_key_outside_model(_ctx(thm2_classical_leakage))
    doc = ev.certificate
    assert ev.passed and isinstance(doc, dict) and doc["kind"] == "table"
    assert check_document(doc).startswith("ok: all 29 rows")

    def independent_key(p: dict[str, Any]) -> None:  # party 1's copy of the key differs in one row
        i = p["columns"].index("r1")
        p["rows"][1][i] = "0" if p["rows"][1][i] != "0" else "1"

    with pytest.raises(Rejected, match="row-fails"):
        check_document(_rehashed(doc, independent_key))

    def duplicated_atom(p: dict[str, Any]) -> None:  # every row still obeys the pad, the law is not uniform
        p["rows"][1] = list(p["rows"][0])

    with pytest.raises(Rejected, match="sum-fails"):
        check_document(_rehashed(doc, duplicated_atom))

    def forged_witness(p: dict[str, Any]) -> None:  # t = x + key mod q broken in one row
        i = p["columns"].index("t")
        p["rows"][0][i] = "1"

    with pytest.raises(Rejected, match="row-fails"):
        check_document(_rehashed(doc, forged_witness))
