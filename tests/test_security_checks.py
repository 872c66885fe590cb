"""Section 4 claims at the quick profile (mutants: tests/test_negative_controls.py)."""

from __future__ import annotations

import pytest

from qproofs.runner import discover, run_claim

EXPECTED = {"thm2.classical-leakage": "verified", "lemma1.simulatable": "verified",
            "lemma2.ideal-leakage-zero": "verified", "vga.stabilizer-detection": "verified",
            # the whole-register trace distance Proposition 1 consumes is not certified by acceptance
            "vga.sampling": "gap",
            # its repair: acceptance certifies the mean per-copy infidelity of the untested copies
            "vga.sampling-mean-deficit": "verified",
            "prop1.monotone": "verified", "thm3.multiround": "verified", "lemma3.chaining": "verified",
            "sec44.gaussian-mi": "verified", "vga.eve-attacks": "verified", "vga.noise-threshold": "verified"}
SECTION4 = sorted(EXPECTED)

REG = discover()
_BASE: dict = {}


def _baseline(claim_id):
    if claim_id not in _BASE:
        _BASE[claim_id] = run_claim(REG.get(claim_id), profile="quick", seed=0)
    return _BASE[claim_id]


@pytest.mark.parametrize("claim_id", SECTION4)
def test_claim_verdict_quick(claim_id):
    r = _baseline(claim_id)
    assert r.verdict.value == EXPECTED[claim_id], [(c.name, c.status, c.error) for c in r.checks]


def test_enough_section4_mutants():
    assert len([m for m in REG.mutants if m.claim in SECTION4]) >= 8 * 2
