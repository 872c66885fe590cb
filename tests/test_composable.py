"""Unit tests of qproofs.protocols.composable (claim ``vga.composable``)."""

from __future__ import annotations

from fractions import Fraction
from math import comb
from unittest import mock

import numpy as np
import pytest
from scipy import stats

from qproofs.protocols import attacks, composable
from qproofs.tolerance import TOL


def intercept(n: int) -> list[np.ndarray]:
    return attacks.intercept_resend(n, 0, "X")


def test_worst_pair_has_equal_sums_and_differs_at_node_0() -> None:
    x, x2 = composable.worst_pair(4)
    assert x.sum() % 2 == x2.sum() % 2 and x[0] != x2[0]


@pytest.mark.parametrize("m,a", [(1, 1), (3, 2), (5, 4), (10, 3)])
def test_subset_weight_is_the_hypergeometric_ratio(m: int, a: int) -> None:
    for size in range(a + 1):
        if 0 <= m - size <= 2 * m - a:
            assert composable.subset_weight(m, a, size) == Fraction(comb(2 * m - a, m - size), comb(2 * m, m))


@pytest.mark.parametrize("n", [2, 3, 4])
def test_single_copy_advantage_is_a_quarter_for_every_m(n: int) -> None:
    """Property: one intercepted copy is untested w.p. ½ and then reveals x_0; advantage D_use/4 = 1/4."""
    assert composable.single_copy_closed_form(n, intercept(n)) == pytest.approx(0.25, abs=TOL.dense)
    for m in (1, 2, 5, 10, 1000):
        r = composable.pair_distance(n, m, {0: intercept(n)})
        assert r["distance"] / 2 == pytest.approx(0.25, abs=TOL.dense)
        assert r["p_attacked_untested"] == pytest.approx(0.5, abs=1e-15)


@pytest.mark.parametrize("n,m", [(2, 1), (2, 2), (3, 1)])
def test_full_state_vector_agrees_with_table_single_copy(n: int, m: int) -> None:
    """Independent path: the whole 2m-copy state with every tested set, stabiliser and outcome enumerated."""
    ks = [intercept(n)] + [attacks.identity(n)] * (2 * m - 1)
    brute = composable.brute_force_pair_distance(n, m, ks)
    assert brute == pytest.approx(composable.pair_distance(n, m, {0: intercept(n)})["distance"], abs=TOL.dense)


@pytest.mark.parametrize("kraus", [intercept(2), attacks.partial_swap(2, 0, 0.3)])
def test_full_state_vector_agrees_with_iid_tensor(kraus: list[np.ndarray]) -> None:
    assert composable.brute_force_pair_distance(2, 1, [kraus, kraus]) == pytest.approx(
        2 * composable.iid_exact_advantage(2, 1, kraus), abs=TOL.dense)


def test_full_state_vector_two_attacked_copies_matches_table() -> None:
    ks = [intercept(2), attacks.partial_swap(2, 0, 0.4), attacks.identity(2), attacks.identity(2)]
    table = composable.pair_distance(2, 2, {0: ks[0], 1: ks[1]})["distance"]
    assert composable.brute_force_pair_distance(2, 2, ks) == pytest.approx(table, abs=TOL.dense)


@pytest.mark.parametrize("kraus", [intercept(3), attacks.partial_swap(3, 0, 0.5), attacks.partial_probe(3, 0, 0.7)])
def test_real_state_depends_only_on_sum_and_x0(kraus: list[np.ndarray]) -> None:
    """Makes ½·pair distance the exact minimum over simulators (the midpoint simulator attains it)."""
    assert composable.depends_only_on_sum_and_x0(3, kraus) <= TOL.dense


@pytest.mark.parametrize("t", [0.05, 0.3, 1.0])
def test_iid_bounds_bracket_exact_and_stay_below_acceptance(t: float) -> None:
    ks = attacks.partial_swap(3, 0, t)
    u = composable.iid_use(3, ks)
    for m in (1, 2):
        exact = composable.iid_exact_advantage(3, m, ks)
        lo, hi = u.advantage_bounds(m)
        assert lo - TOL.dense <= exact <= hi + TOL.dense
        assert exact <= (1 - u.r) ** m + TOL.dense


def test_iid_worst_strength_does_not_vanish() -> None:
    """Property: t ∝ 1/√m keeps the lower bound near 0.19 for m up to 10^6 (N = 3)."""
    for m in (10**2, 10**4, 10**6):
        best = max(composable.iid_use(3, attacks.partial_swap(3, 0, min(1.0, c / m**0.5))).advantage_bounds(m)[0]
                   for c in (0.3, 0.5, 0.7, 1.0))
        assert best > 0.15


def test_composed_epsilon_sums_over_uses_and_fvdg_is_larger() -> None:
    e1 = composable.composed_epsilon(500, 0.01)
    assert composable.composed_epsilon(500, 0.01, uses=6) == pytest.approx(6 * e1)
    assert composable.composed_epsilon(5000, 0.01, fvdg=True) >= composable.composed_epsilon(5000, 0.01)


def test_afw_bound_is_monotone_and_capped() -> None:
    vals = [composable.afw_leakage_bound(e) for e in (0.0, 0.01, 0.1, 0.5, 2.0)]
    assert vals[0] == 0.0 and all(a <= b for a, b in zip(vals, vals[1:], strict=False)) and vals[-1] == 1.0


def test_leakage_beyond_the_sum() -> None:
    assert composable.conditional_leakage(composable.vga.distribute(3, attacks.identity(3)), 3) == pytest.approx(
        0.0, abs=TOL.dense)
    assert composable.conditional_leakage(composable.vga.distribute(3, intercept(3)), 3) == pytest.approx(1.0)
    for m in (1, 3, 10, 10**6):
        assert composable.single_copy_information(3, m, intercept(3)) == pytest.approx(0.5)


def test_forgetting_the_environment_removes_every_advantage() -> None:
    with mock.patch.object(composable, "EVE_KEEPS_ENVIRONMENT", False):
        assert composable.single_copy_closed_form(3, intercept(3)) == pytest.approx(0.0, abs=TOL.dense)
        assert composable.iid_use(3, attacks.partial_swap(3, 0, 0.5)).d_use == pytest.approx(0.0, abs=TOL.dense)


def test_honest_run_accounts_copies_and_recovers_sums() -> None:
    rng = np.random.default_rng(1)
    n, d, T, nu = 3, 2, 3, 2
    x = rng.integers(0, 2, size=(T, d, n))
    run = composable.run_composed(n, d, T, nu, lambda t, c: attacks.identity(n), x, rng)
    c = run.counters
    assert run.accepted and run.outputs == tuple(tuple(int(v) for v in x[t].sum(axis=1) % 2) for t in range(T))
    assert c["copies_distributed"] == 2 * c["encoded_copies"] == 2 * c["tested_copies"] == 2 * d * nu * T
    assert c["broadcast_bits_test"] == n * c["tested_copies"]
    assert {v for k, v in c.items() if k.startswith("encoded_round")} == {nu}


def test_detected_attack_aborts_and_bad_parameters_are_named() -> None:
    rng = np.random.default_rng(2)
    ks = attacks.intercept_resend(3, 0, "Z")
    aborts = sum(not composable.run_composed(3, 2, 1, 1, lambda t, c: ks, np.zeros((1, 2, 3), int), rng).accepted
                 for _ in range(30))
    assert aborts > 0


def test_guess_is_right_whenever_the_intercepted_copy_is_encoded() -> None:
    rng = np.random.default_rng(3)
    attack = composable.single_copy_attack(3)
    x, x2 = composable.worst_pair(3)
    for world, v in ((0, x), (1, x2)):
        for _ in range(20):
            run = composable.run_composed(3, 1, 1, 3, attack, np.broadcast_to(v, (1, 1, 3)).copy(), rng)
            if any(c == 0 for _, c, *_ in run.eve_records):
                assert composable.guess_world(run, attack, rng) == world


def test_executed_rate_matches_exact_within_binomial_interval() -> None:
    rng = np.random.default_rng(4)
    wins, runs = composable.executed_success_rate(3, 1, 2, 2, composable.single_copy_attack(3), 300, rng)
    ci = stats.binomtest(wins, runs).proportion_ci(confidence_level=1 - TOL.binomial_alpha, method="exact")
    assert ci.low <= 0.75 <= ci.high


# ------------------------------------------------------- certificates (issue 12) ---


def _reforged(doc, row, col, value):
    """The same table with one cell changed and the hash recomputed: only the row check can reject it."""
    import copy

    from qproofs.certificates import document

    p = copy.deepcopy(doc["problem"])
    p["rows"][row][p["columns"].index(col)] = value
    return document("table", doc["claim"], doc["check"], p, doc["statement"], doc["witness"])


def _vga_certs():
    from checks.sec4 import _vga_certs

    n, delta = 3, 0.01
    ks = intercept(n)
    memo = composable._Memo(n)
    x, x2 = composable.worst_pair(n)
    adv = {m: composable.pair_distance(n, m, {0: ks})["distance"] / 2 for m in (2, 3)}
    rows = [{"m": m, "eps_comp": composable.composed_epsilon(m, delta),
             "eps_comp_fvdg": composable.composed_epsilon(m, delta, fvdg=True)} for m in (1, 100, 10**6)]
    return (_vga_certs.advantage_table(n, [2, 3], adv, memo.joint(ks, x), memo.joint(ks, x2), claim="vga.composable",
                                       check="c"),
            _vga_certs.composed_epsilon_table(rows, delta, Fraction(1, 4), claim="vga.composable", check="c"))


def test_vga_certificates_accepted_and_forgeries_rejected():
    from qproofs.certcheck import Rejected, check_document

    adv, comp = _vga_certs()
    check_document(adv)
    check_document(comp)
    assert comp["problem"]["rows"][-1][-1] == "1"  # m = 10^6: the advantage exceeds the composed ε
    for doc, row, col, value in ((adv, 0, "advantage", "1/8"), (adv, 1, "p_untested", "1/3"),
                                 (comp, 2, "eps", "1/1000"), (comp, 0, "exceeds", "1"),
                                 (comp, 1, "L", "5")):  # ln 200 > 5: the Taylor bound fails
        with pytest.raises(Rejected):
            check_document(_reforged(doc, row, col, value))


def test_intercept_resend_certificate():
    from checks.sec4 import _vga_certs
    from checks.sec4.vga_sampling import _intercept_resend_reading
    from qproofs.certcheck import Rejected, check_document
    from qproofs.protocols import vga

    rows = [_intercept_resend_reading(3, m, 0.1, vga.epsilon(m, 0.1, 0.5), 8) for m in (20, 1000)]
    doc = _vga_certs.intercept_resend_table(rows, 3, claim="vga.sampling", check="c")
    check_document(doc)
    assert all(r[-1] == "1" for r in doc["problem"]["rows"])
    for col, value in (("w1", "1/2"), ("r", "1/7"), ("ind1", "1")):
        with pytest.raises(Rejected):
            check_document(_reforged(doc, 0, col, value))


def test_evaluator_validations_negative_controls(monkeypatch) -> None:
    """The size-limit and public-bits evaluations (inside vga.composable's validation) pass, and fail under a
    halved subset weight / an evaluator that never traces Eve out."""
    from checks.sec4._composable import public_bits_evaluation, size_limit_evaluation

    assert size_limit_evaluation(TOL.dense)["ok"] and public_bits_evaluation(3, TOL.dense)["ok"]
    orig_w, orig_u = composable.subset_weight, composable.use_blocks
    monkeypatch.setattr(composable, "subset_weight", lambda m, a, size: orig_w(m, a, size) / 2)
    assert not size_limit_evaluation(TOL.dense)["ok"]
    monkeypatch.setattr(composable, "use_blocks", lambda psi, n, x, keep_environment=None: orig_u(psi, n, x, True))
    assert not public_bits_evaluation(3, TOL.dense)["ok"]


def test_known_answers_hold_and_see_each_round4_survivor(monkeypatch) -> None:
    """The known-answer evaluations pass, and each fails under its round-4 survivor, replayed through a seam."""
    from dataclasses import replace

    from checks.sec4 import _composable as kc
    from checks.sec4.vga_composable import _grouping, _MisshapedZero

    tol = TOL.dense
    assert kc.one_world_records(tol)["ok"] and kc.grouping_known_answers(3, tol)["ok"]
    assert kc.iid_infidelity_known_answers(3, tol)["ok"]
    branch, iid_use = composable._branch_blocks, composable.iid_use
    with monkeypatch.context() as mp:   # survivor 1: zero block K × K × K for a record of one world only
        mp.setattr(composable, "_branch_blocks", lambda *a: _MisshapedZero(branch(*a)))
        one = kc.one_world_records(tol)
        assert not one["ok"] and abs(one["brute_force_exact_support"] - 0.5) > 0.1
    with monkeypatch.context() as mp:   # survivor 2: empty grouping read as 1
        mp.setattr(composable, "depends_only_on_sum_and_x0", _grouping(lambda xs: (sum(xs) % 2, xs[0]), 1.0))
        assert not kc.grouping_known_answers(3, tol)["ok"]
    with monkeypatch.context() as mp:   # survivor 3: grouped by Σx, not its parity
        mp.setattr(composable, "depends_only_on_sum_and_x0", _grouping(lambda xs: (sum(xs) * 2, xs[0]), 0.0))
        rows = kc.grouping_known_answers(3, tol)["rows"]
        assert [r["case"] for r in rows if not r["ok"]] == ["N = 3, synthetic blocks revealing Σx"]
    with monkeypatch.context() as mp:   # survivor 4: infidelity 1 ** F
        mp.setattr(composable, "iid_use", lambda n, ks: replace(iid_use(n, ks), deficit=1.0))
        assert not kc.iid_infidelity_known_answers(3, tol)["ok"]


def test_measure_prepare_separates_the_worlds_on_every_readout() -> None:
    """Property: after |+⟩⟨k| on node 0 the readout b_0 equals x_0, so x and x' have disjoint broadcasts (D_use = 1)."""
    from checks.sec4._composable import measure_prepare
    from qproofs.protocols import vga

    for n in (2, 3):
        psi = vga.distribute(n, measure_prepare(n))
        x, x2 = composable.worst_pair(n)
        assert vga.blocks_distance(composable.use_blocks(psi, n, x), composable.use_blocks(psi, n, x2)) == \
            pytest.approx(1.0, abs=TOL.dense)
        assert composable.pair_distance(n, 3, {1: measure_prepare(n)})["distance"] == pytest.approx(0.5, abs=TOL.dense)


def test_grouping_by_sum_and_by_parity_agree_on_real_attacks() -> None:
    """Property: ω(x) depends on x only through a permutation of blocks, so the two groupings coincide (N = 4)."""
    from checks.sec4.vga_composable import _grouping

    by_sum = _grouping(lambda xs: (sum(xs), xs[0]), 0.0)
    for ks in (attacks.intercept_resend(4, 1, "X"), attacks.partial_swap(4, 2, 0.5), attacks.intercept_resend(4, 0, "X")):
        assert by_sum(4, ks) == pytest.approx(composable.depends_only_on_sum_and_x0(4, ks), abs=TOL.dense)
