"""Round-4 and round-5 mutation survivors, strengthened: the new known answers pass, and fail under their mutants.

The table covers both rounds (round 5's own known answers are tested in ``tests/test_r5a_survivors.py``).

Claims ``thm2.classical-leakage`` (Theorem 2: transcripts with non-binary prefixes, a protocol without
messages), ``thm1.penalty`` (Theorem 1: the identity's sides against the law's moments) and
``thm1.qfi-bound`` (the sparse dual slack off the objective's support); and why the ``lemma3.chaining``
survivor (``range(2**n)`` → ``range(2+n)`` in ``chaining.chain``) is an equivalent mutant.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from qproofs.protocols import chaining, classical
from qproofs.runner import discover, run_claim

REG = discover()

NEW_CHECKS = [  # (claim, check, the selftest mutants that must make it inconclusive): rounds 4 and 5
    ("thm2.classical-leakage", "transcripts_known_answers",
     ("transcript_prefix_xored", "silent_protocol_without_rows", "fano_alphabet_term_log_alphabet")),
    ("thm1.penalty", "penalty_pair_is_the_variance", ("penalty_pair_wrong_mean",)),
    ("thm1.qfi-bound", "certifier_failure_rules", ("sparse_slack_off_objective_offset", "refutation_tolerance_absolute")),
    ("vga.composable", "evaluator_known_answers", ("afw_cap_reads_zero",)),
    ("vga.noise-threshold", "threshold_accepts_honest", ("certificate_factor_half_exponent",)),
    ("vga.eve-attacks", "leakage_evaluator_known_answers", ("collective_copy_position_power",)),
]


def _status(claim_id: str, check: str, mutant_name: str | None = None) -> str:
    mutant = None if mutant_name is None else next(
        m for m in REG.mutants if m.claim == claim_id and m.name == mutant_name)
    result = run_claim(REG.get(claim_id), seed=0, profile="quick", only_checks=(check,), mutant=mutant)
    return next(c.status for c in result.checks if c.name == check)


@pytest.mark.parametrize(("claim_id", "check", "mutants"), NEW_CHECKS, ids=[c for c, _, _ in NEW_CHECKS])
def test_new_check_passes_and_its_mutants_make_it_inconclusive(claim_id: str, check: str,
                                                              mutants: tuple[str, ...]) -> None:
    assert _status(claim_id, check) == "pass"
    for name in mutants:
        assert _status(claim_id, check, name) == "inconclusive", name


def test_ternary_relay_transcripts_are_mixed_radix() -> None:
    """The relay's prefix counts (1, 3, 9) are not powers of two: + and xor differ on its atoms."""
    from checks.sec4 import thm2_classical_leakage as thm2

    p = thm2.ternary_relay()
    atoms = [(xi, r0, r1) for xi in range(3) for r0 in range(3) for r1 in range(2)]
    x = np.array([[xi, 0] for xi, _, _ in atoms])
    r = np.array([[r0, r1] for _, r0, r1 in atoms])
    shape = classical.shape_of(p)
    tables = [np.asarray([m.table]) for m in p.messages]
    want = [[thm2._ternary_relay_transcript(xi, (r0, r1)) for xi, r0, r1 in atoms]]
    assert classical.transcripts(shape, tables, x, r).tolist() == want
    assert thm2._transcripts_xor(shape, tables, x, r).tolist() != want
    assert classical.run(p, [1, 0], [1, 1]) == (2, 0, 1)


def test_silent_protocol_has_one_empty_transcript_row() -> None:
    from checks.sec4 import thm2_classical_leakage as thm2

    p = thm2.silent()
    t = classical.transcripts(classical.shape_of(p), [], np.zeros((4, 2), dtype=np.int64),
                              np.zeros((4, 2), dtype=np.int64))
    assert t.shape == (1, 4) and not t.any()
    a = classical.audit(p)
    assert (a.rectangle_max, a.p_e, a.leakage) == (0, Fraction(2, 3), 0.0)


def test_off_objective_program_known_slacks() -> None:
    from checks.sec3_3 import thm1_qfi_bound as qfi

    prog = qfi._off_objective_program()
    F = Fraction
    assert prog.slack([F(1), F(1)]) == {}
    assert prog.slack([F(1), F(0)]) == {(1, 1): F(1)}
    assert qfi._slack_off_objective_plus_one(prog, [F(1), F(1)]) == {(1, 1): F(1)}
    assert not prog.verify([F(1), F(3, 2)]).valid
    assert prog.verify([F(1), F(1)]).bound == F(3, 4)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_chaining_round_inputs_depend_on_the_history_through_its_parity(n: int) -> None:
    """Why ``range(2**n)`` → ``range(2+n)`` in ``chaining.chain`` is equivalent: ε_t's candidate inputs
    depend on the last broadcast h only through its parity, and h ∈ {0, 1} already gives both parities."""
    base = [1, 0, 1, 0][:n]
    for t in (1, 2, 3):
        every = {chaining.round_input(base, t, (h,), n) for h in range(2**n)}
        assert every == {chaining.round_input(base, t, (h,), n) for h in range(2)}
        assert every == {chaining.round_input(base, t, (h,), n) for h in range(2 + n)}
