"""Section 3.3 claims end to end at the quick profile (mutants: tests/test_negative_controls.py)."""

from __future__ import annotations

import pytest

from qproofs.runner import discover, run_claim

REGISTRY = discover()
IDS = ("def1.ghz-aggregate", "thm1.qfi-bound", "thm1.ghz-unique", "thm1.penalty", "thm1.copies",
       "rem2.parity-saturates")


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", IDS)
def test_claim_verdict_is_computed_and_passes(claim_id: str) -> None:
    r = run_claim(REGISTRY.get(claim_id), profile="quick", seed=0)
    assert r.verdict.value in ("verified", "cited"), [(c.name, c.status, c.error) for c in r.checks]


def test_certificate_margins_are_reported() -> None:
    r = run_claim(REGISTRY.get("thm1.qfi-bound"), profile="quick", seed=0)
    sdp = next(c for c in r.checks if c.name == "certified_variance_optimum")
    assert sdp.passed is True
    assert all(row["status"] == "certified" and row["margin"] is not None for row in sdp.data["instances"])
