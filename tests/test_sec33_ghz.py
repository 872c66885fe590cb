"""Section 3.3 claims end to end at the quick profile, and their negative controls."""

from __future__ import annotations

import pytest

from qproofs.runner import discover, run_claim

REGISTRY = discover()
IDS = ("def1.ghz-aggregate", "thm1.qfi-bound", "thm1.ghz-unique", "thm1.penalty", "thm1.copies",
       "rem2.parity-saturates")
MUTANTS = [m for m in REGISTRY.mutants if m.claim in IDS]


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", IDS)
def test_claim_verdict_is_computed_and_passes(claim_id: str) -> None:
    r = run_claim(REGISTRY.get(claim_id), profile="quick", seed=0)
    assert r.verdict.value in ("verified", "cited"), [(c.name, c.status, c.error) for c in r.checks]


def test_every_check_has_a_negative_control() -> None:
    for cid in IDS:
        claim = REGISTRY.get(cid)
        killed = {k for m in MUTANTS if m.claim == cid for k in m.kills}
        assert {c.name for c in claim.checks} <= killed, cid


@pytest.mark.slow
@pytest.mark.parametrize("mut", MUTANTS, ids=lambda m: m.name)
def test_section_mutant_is_killed(mut) -> None:  # noqa: ANN001
    with mut.patch():
        r = run_claim(REGISTRY.get(mut.claim), profile="quick", seed=0)
    status = {c.name: c.status for c in r.checks}
    assert all(status[k] != "pass" for k in mut.kills), status
    assert r.verdict.value != "verified"


def test_certificate_margins_are_reported() -> None:
    r = run_claim(REGISTRY.get("thm1.qfi-bound"), profile="quick", seed=0)
    sdp = next(c for c in r.checks if c.name == "certified_variance_optimum")
    assert sdp.passed is True
    assert all(row["status"] == "certified" and row["margin"] is not None for row in sdp.data["instances"])
