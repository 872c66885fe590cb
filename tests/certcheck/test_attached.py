"""Every certificate the exact checks attach (issue 12) is accepted by the independent checker; tampered ones are not.

Runs each certified check of checks/sec3, checks/sec3_3 and checks/sec5 at the ``quick`` profile (seed 0), takes the
documents from ``Evidence.certificate`` and rechecks each with :func:`qproofs.certcheck.check_document` after a JSON
round trip (what a file holds). The negative test tampers with one attached document of each kind.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from typing import Any

import pytest

from qproofs.certcheck import Rejected, check_document
from qproofs.runner import discover, run_check

CERTIFIED: dict[tuple[str, str], str] = {
    ("def1.ghz-aggregate", "encoded_state_symbolic"): "identity",
    ("thm1.qfi-bound", "ghz_value_symbolic"): "identity",
    ("thm1.qfi-bound", "certified_variance_optimum"): "sdp-dual",
    ("thm1.ghz-unique", "equality_conditions"): "identity",
    ("thm1.ghz-unique", "excluding_ghz_component_drops"): "sdp-dual",
    ("thm1.ghz-unique", "zero_weight_caveat"): "sdp-dual",
    ("thm1.copies", "heisenberg_vs_shot_noise"): "sdp-dual",
    ("thm1.penalty", "penalty_identity_symbolic"): "identity",
    ("rem2.parity-saturates", "parity_fi_equals_w2"): "identity",
    ("sdc.decode", "gram_matrix_is_identity"): "identity",
    ("ring.correct", "word_bits_suffice"): "table",
    ("ring.rounds", "dependency_cone"): "table",
    ("thm4.grover-angle", "plane_rotation_symbolic"): "identity",
    ("thm4.ghd-reduction", "identity_symbolic"): "identity",
    ("thm4.ghd-reduction", "enumerate_small_n"): "table",
    ("thm5.zero-amplitude", "amplitudes_symbolic"): "identity",
}


@functools.cache
def _registry() -> Any:
    return discover()


@functools.cache
def attached(claim_id: str, check: str) -> tuple[Any, list[dict[str, Any]]]:
    """(Evidence, documents after a JSON round trip) of one check at quick, seed 0."""
    claim = _registry().get(claim_id)
    index = next(i for i, spec in enumerate(claim.checks) if spec.name == check)
    ctx = claim.context(seed=0, profile="quick", check_name=check, shared={})
    result, ev = run_check(claim, index, ctx)
    assert ev is not None, result.error
    cert = ev.certificate
    docs = [cert] if isinstance(cert, Mapping) else list(cert or [])
    return ev, [json.loads(json.dumps(d)) for d in docs]


@pytest.mark.parametrize(("claim_id", "check"), sorted(CERTIFIED))
def test_attached_certificates_are_accepted(claim_id: str, check: str) -> None:
    ev, docs = attached(claim_id, check)
    assert ev.passed is True
    assert docs, f"{claim_id}::{check} attached no certificate"
    for doc in docs:
        assert (doc["claim"], doc["check"], doc["kind"]) == (claim_id, check, CERTIFIED[claim_id, check])
        assert len(json.dumps(doc)) <= 2**20  # ≤ 1 MB per file
        assert check_document(doc).startswith("ok:")


def _rehash(doc: dict[str, Any]) -> dict[str, Any]:
    from qproofs.certcheck import problem_sha256

    doc["problem_sha256"] = problem_sha256(doc["problem"])
    return doc


def _tamper_sdp(doc: dict[str, Any]) -> dict[str, Any]:
    """Lower the stated bound below what the dual proves."""
    bound = doc["statement"]["bound"]
    num, _, den = bound.partition("/")
    doc["statement"]["bound"] = f"{int(num) - 1}/{den}" if den else str(int(num) - 1)
    return doc


def _tamper_identity(doc: dict[str, Any]) -> dict[str, Any]:
    """Add 1 to the right-hand side (a scalar or every matrix entry would differ), with a valid hash."""
    doc["problem"]["rhs"] = f"Add({doc['problem']['rhs']}, Integer(1))" if not doc["problem"]["rhs"].startswith(
        ("ImmutableDenseMatrix", "MutableDenseMatrix")) else doc["problem"]["rhs"].replace("Integer(0)", "Integer(7)", 1)
    return _rehash(doc)


def _tamper_table(doc: dict[str, Any]) -> dict[str, Any]:
    """Add 1 to the second cell of the first row, with a valid hash."""
    row = doc["problem"]["rows"][0]
    row[1] = str(int(row[1].split("/")[0]) + 1)
    return _rehash(doc)


@pytest.mark.parametrize(("claim_id", "check", "tamper", "codes"), [
    ("thm1.qfi-bound", "certified_variance_optimum", _tamper_sdp, {"bound-not-proved"}),
    ("thm1.penalty", "penalty_identity_symbolic", _tamper_identity, {"identity-not-zero"}),
    ("sdc.decode", "gram_matrix_is_identity", _tamper_identity, {"identity-not-zero"}),
    ("ring.correct", "word_bits_suffice", _tamper_table, {"row-fails"}),
    ("ring.rounds", "dependency_cone", _tamper_table, {"row-fails"}),
    ("thm4.ghd-reduction", "enumerate_small_n", _tamper_table, {"row-fails"}),
])
def test_tampered_attached_certificate_is_rejected(claim_id: str, check: str, tamper: Any, codes: set[str]) -> None:
    _, docs = attached(claim_id, check)
    bad = tamper(copy.deepcopy(docs[-1]))
    with pytest.raises(Rejected) as exc:
        check_document(bad)
    assert exc.value.code in codes, str(exc.value)


def test_unhashed_tampering_is_a_hash_mismatch() -> None:
    _, docs = attached("ring.correct", "word_bits_suffice")
    bad = copy.deepcopy(docs[0])
    bad["problem"]["rows"][0][0] = "3"
    with pytest.raises(Rejected) as exc:
        check_document(bad)
    assert exc.value.code == "hash-mismatch"
