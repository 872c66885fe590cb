"""Section 4 claims at the quick profile, and every Section 4 mutant kills its checks."""

from __future__ import annotations

import pytest

from qproofs.runner import discover, run_claim
from qproofs.selftest import judge

EXPECTED = {"thm2.classical-leakage": "verified", "lemma1.simulatable": "verified",
            "lemma2.ideal-leakage-zero": "verified", "vga.stabilizer-detection": "verified",
            # the whole-register trace distance Proposition 1 consumes is not certified by acceptance
            "vga.sampling": "gap",
            "prop1.monotone": "verified", "thm3.multiround": "verified", "lemma3.chaining": "verified",
            "sec44.gaussian-mi": "verified", "vga.eve-attacks": "verified", "vga.noise-threshold": "verified"}
SECTION4 = sorted(EXPECTED)

REG = discover()
MUTANTS = [m for m in REG.mutants if m.claim in SECTION4]
_BASE: dict = {}


def _baseline(claim_id):
    if claim_id not in _BASE:
        _BASE[claim_id] = run_claim(REG.get(claim_id), profile="quick", seed=0)
    return _BASE[claim_id]


@pytest.mark.parametrize("claim_id", SECTION4)
def test_claim_verdict_quick(claim_id):
    r = _baseline(claim_id)
    assert r.verdict.value == EXPECTED[claim_id], [(c.name, c.status, c.error) for c in r.checks]


def test_every_check_has_a_mutant():
    for cid in SECTION4:
        killed = {k for m in MUTANTS if m.claim == cid for k in m.kills}
        assert {s.name for s in REG.get(cid).checks} <= killed, cid


def test_enough_section4_mutants():
    assert len(MUTANTS) >= 8 * 2


@pytest.mark.slow
@pytest.mark.parametrize("m", MUTANTS, ids=[m.name for m in MUTANTS])
def test_mutant_kills(m):
    """Property: every named check changes status and the claim's verdict changes (selftest's rule)."""
    with m.patch():
        r = run_claim(REG.get(m.claim), profile="quick", seed=0)
    fate = judge(m, _baseline(m.claim), r)
    assert fate.killed, fate.line()
