"""Section 4 claims at the quick profile, and every Section 4 mutant kills its checks."""

from __future__ import annotations

import pytest

from qproofs.runner import discover, run_claim

SECTION4 = ["thm2.classical-leakage", "lemma1.simulatable", "lemma2.ideal-leakage-zero",
            "vga.stabilizer-detection", "vga.sampling", "prop1.monotone", "thm3.multiround",
            "lemma3.chaining", "sec44.gaussian-mi", "vga.eve-attacks", "vga.noise-threshold"]

REG = discover()
MUTANTS = [m for m in REG.mutants if m.claim in SECTION4]


@pytest.mark.parametrize("claim_id", SECTION4)
def test_claim_verified_quick(claim_id):
    r = run_claim(REG.get(claim_id), profile="quick", seed=0)
    assert r.verdict.value == "verified", [(c.name, c.status, c.error) for c in r.checks]


def test_every_check_has_a_mutant():
    for cid in SECTION4:
        killed = {k for m in MUTANTS if m.claim == cid for k in m.kills}
        assert {s.name for s in REG.get(cid).checks} <= killed, cid


@pytest.mark.slow
@pytest.mark.parametrize("m", MUTANTS, ids=[m.name for m in MUTANTS])
def test_mutant_kills(m):
    with m.patch():
        r = run_claim(REG.get(m.claim), profile="quick", seed=0)
    status = {c.name: c.status for c in r.checks}
    assert all(status[k] in ("fail", "inconclusive") for k in m.kills), status
    assert r.verdict.value != "verified"
