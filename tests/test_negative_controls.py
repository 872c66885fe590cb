"""Every mutant declared in checks/ is killed at the quick profile (the checks can fail).

This is ``qproofs selftest`` as a test: a surviving mutant is a check that
cannot fail, and fails the build.
"""

from __future__ import annotations

import pytest

from qproofs.claims import ClaimResult
from qproofs.runner import discover, run_claim
from qproofs.selftest import SELFTEST_PROFILE, judge

REGISTRY = discover()
_BASELINES: dict[str, ClaimResult] = {}


def baseline(claim_id: str) -> ClaimResult:
    if claim_id not in _BASELINES:
        _BASELINES[claim_id] = run_claim(REGISTRY.get(claim_id), seed=0, profile=SELFTEST_PROFILE)
    return _BASELINES[claim_id]


def test_enough_mutants() -> None:
    assert len(REGISTRY.mutants) >= 30
    assert len({m.claim.split(".")[0] for m in REGISTRY.mutants}) >= 10


@pytest.mark.slow
@pytest.mark.parametrize("mutant", REGISTRY.mutants, ids=lambda m: f"{m.claim}:{m.name}")
def test_mutant_is_killed(mutant) -> None:  # type: ignore[no-untyped-def]
    base = baseline(mutant.claim)
    mutated = run_claim(REGISTRY.get(mutant.claim), seed=0, profile=SELFTEST_PROFILE, mutant=mutant)
    fate = judge(mutant, base, mutated)
    assert fate.killed, fate.line()
