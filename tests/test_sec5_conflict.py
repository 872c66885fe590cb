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


# ------------------------------------------- error budget and fuzz properties (issue 11) ---


def test_rate_test_matches_rate_at_most_and_states_its_budget():
    from checks.sec5._fits import RATE_ALPHA, rate_at_most, rate_test

    for trials in (12, 120, 1500):
        for failures in range(0, trials + 1, max(1, trials // 40)):
            t = rate_test(failures, trials, 0.05)
            assert t["passed"] == rate_at_most(failures, trials, 0.05, RATE_ALPHA)
            assert 0 <= t["false_alarm"] <= RATE_ALPHA
    assert rate_test(0, 1500, 0.05)["detects"] < 0.1     # power 0.99 against the narrow-dither mutant's ≈ 0.105


def test_section5_false_alarm_budget_adds_up():
    """Fits (10 at standard) and rate tests (≈ 42) at the section alphas stay within the section's share."""
    from checks.sec5._fits import FIT_ALPHA, RATE_ALPHA, SECTION_FALSE_ALARM

    assert 10 * FIT_ALPHA + 45 * RATE_ALPHA <= SECTION_FALSE_ALARM


def test_one_round_search_false_alarm_is_tiny_and_sensitive():
    from checks.sec5.rem3_one_round import search_false_alarm

    assert search_false_alarm(0.1, int(60 / 0.01), 600) < 1e-12
    assert search_false_alarm(0.1, 5, 600) > 0.5          # far too few copies: the search would fail


@pytest.mark.parametrize("module", ["thm4_quantum_upper", "thm4_classical_upper", "thm5_quantum_upper",
                                    "rem5_broadcast", "thm5_classical_lower", "thm5_classical_lower_repaired",
                                    "rem3_crossover", "rem3_crossover_repaired", "rem3_one_round"])
def test_section5_properties_hold_and_their_mutants_break_them(module):
    """Each new property holds on 15 examples and fails under every mutant that lists its fuzz check."""
    import importlib

    from qproofs.fuzz import run_property

    mod = importlib.import_module(f"checks.sec5.{module}")
    assert run_property(mod.PROPERTY, seed=0, max_examples=15).passed
    fuzz_names = [n for n in dir(mod) if n.startswith("fuzz_")]
    killers = [m for m in REG.mutants if m.claim == mod.CLAIM.id and any(k in fuzz_names for k in m.kills)]
    assert killers
    for m in killers:
        with m.patch():
            assert not run_property(mod.PROPERTY, seed=0, max_examples=30).passed, m.name
