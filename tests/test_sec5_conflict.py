"""Section 5 claims: registered and their quick-profile verdicts (mutants: tests/test_negative_controls.py)."""

import pytest

from qproofs.runner import discover, run_claim

SECTION5 = ["thm4.grover-angle", "thm4.quantum-upper", "thm4.classical-upper", "thm4.ghd-reduction",
            "rem3.crossover", "rem3.one-round", "thm5.zero-amplitude", "thm5.quantum-upper",
            "thm5.classical-lower", "rem5.broadcast"]
REG = discover()
_BASE = {}


def base(cid):
    if cid not in _BASE:
        _BASE[cid] = run_claim(REG.get(cid), seed=0, profile="quick")
    return _BASE[cid]


def test_all_section5_claims_registered():
    assert all(cid in REG.claims for cid in SECTION5)
    assert REG.get("thm4.ghd-reduction").cited and REG.get("thm5.classical-lower").cited


def test_enough_section5_mutants():
    assert len([m for m in REG.mutants if m.claim in SECTION5]) >= 8


@pytest.mark.parametrize("cid,verdict", [
    ("thm4.grover-angle", "verified"), ("thm4.quantum-upper", "verified"), ("thm4.classical-upper", "verified"),
    ("thm4.ghd-reduction", "cited"), ("rem3.one-round", "verified"), ("thm5.zero-amplitude", "verified"),
    ("thm5.quantum-upper", "verified"), ("rem5.broadcast", "verified"),
    ("thm5.classical-lower", "gap"), ("rem3.crossover", "gap"),
])
def test_quick_verdicts(cid, verdict):
    r = base(cid)
    assert r.verdict.value == verdict, [(k.name, k.status, k.error) for k in r.checks]


def test_bhm_premise_failure_is_a_replayable_gap():
    r = base("thm5.classical-lower")
    chk = next(k for k in r.checks if k.name == "bhm_premise")
    assert chk.status == "fail" and chk.on_fail == "gap"
    ce = chk.counterexample
    assert ce["gap"] < 2 * ce["eps"] and len(ce["x"]) == ce["n"]
