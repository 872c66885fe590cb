"""Tests for the executed VGA protocol, attacks and noise threshold."""

from __future__ import annotations

import numpy as np
import pytest

from qproofs.errors import InvalidParameter
from qproofs.protocols import attacks, noise_threshold, stabilizer, vga


def test_run_counts_overhead():
    rng = np.random.default_rng(0)
    run = vga.run_vga(3, 4, lambda c: attacks.identity(3), rng.integers(0, 2, (4, 3)), rng)
    c = run.counters
    assert run.accepted and run.aggregates == run.true_aggregates
    assert c["copies_distributed"] == 8 and c["consumed_copies"] == 4 and c["tested_copies"] == 4
    assert c["broadcast_bits_test"] == 12 and c["broadcast_bits_readout"] == 12


def test_full_substitution_usually_aborts():
    rng = np.random.default_rng(1)
    aborted = sum(not vga.run_vga(3, 5, lambda c: attacks.partial_swap(3, 0, 1.0), rng.integers(0, 2, (5, 3)),
                                  rng).accepted for _ in range(20))
    assert aborted >= 15


@pytest.mark.parametrize("name", sorted(attacks.ATTACKS))
def test_attacks_are_cptp_and_obey_formula(name):
    n = 3
    ks = attacks.ATTACKS[name](n, 0.4)
    psi = vga.distribute(n, ks)
    F = vga.ghz_fidelity(psi, n)
    r = stabilizer.rejection_probability(vga.register_state(psi), n)
    assert r == pytest.approx(stabilizer.claimed_rejection(F, n), abs=1e-12)
    assert np.trace(vga.eve_state(psi)).real == pytest.approx(1.0)


def test_leakage_of_named_attacks():
    n = 3
    assert vga.eve_leakage(vga.distribute(n, attacks.intercept_resend(n, 0, "X")), n) == pytest.approx(1.0)
    assert vga.eve_leakage(vga.distribute(n, attacks.cnot_copy(n, (0,))), n) == pytest.approx(0.0, abs=1e-9)
    assert vga.eve_leakage(vga.distribute(n, attacks.identity(n)), n) == pytest.approx(0.0, abs=1e-9)


def test_non_cptp_attack_rejected_with_reason():
    with pytest.raises(InvalidParameter, match="trace preserving"):
        vga.distribute(3, [1.1 * k for k in attacks.partial_probe(3, 0, 0.3)])
    with pytest.raises(InvalidParameter, match="2\\^N"):
        vga.distribute(3, [np.eye(4)])


def test_bad_acceptance_matches_monte_carlo():
    m, bad, r, D = 5, 3, 0.3, 0.5
    eps = 0.1
    exact = vga.bad_acceptance_probability([(bad, r, D), (2 * m - bad, 0.0, 0.0)], m, eps)
    rng = np.random.default_rng(2)
    hits, trials = 0, 40000
    for _ in range(trials):
        tested = rng.choice(2 * m, size=m, replace=False)
        k = int(np.sum(tested < bad))
        acc = rng.random(k) >= r
        if acc.all() and (bad - k) * D / m > eps:
            hits += 1
    assert abs(hits / trials - exact) < 5 * np.sqrt(exact * (1 - exact) / trials)


def test_epsilon_is_honest_formula():
    L = np.log(2 / 0.1)
    assert vga.epsilon(100, 0.1) == pytest.approx(np.sqrt(2 * L / 100) + L / (0.5 * 100))


def test_noise_threshold_rules():
    k = noise_threshold.threshold(10, 0.01, 200, 0.05)
    assert noise_threshold.threshold_acceptance(10, 0.01, 200, k) >= 0.95
    assert noise_threshold.threshold_acceptance(10, 0.01, 200, k - 1) < 0.95
    assert noise_threshold.perfect_pass_acceptance(10, 0.01, 200) < 1e-3
    assert noise_threshold.certified_fidelity(10, k, 200, 0.05) <= noise_threshold.honest_fidelity(10, 0.01)


def test_readout_channel_is_trace_preserving():
    n = 2
    psi = vga.distribute(n, attacks.partial_swap(n, 0, 0.3))
    rho = np.outer(psi.reshape(-1), psi.reshape(-1).conj())
    blocks = vga.readout_channel(rho, n, np.array([1, 0]))
    assert np.real(np.trace(blocks, axis1=1, axis2=2).sum()) == pytest.approx(1.0)


@pytest.mark.parametrize("x", [(0, 0, 0), (1, 0, 1), (1, 2, 0)])
def test_readout_agrees_with_section_3_ghz_module(x):
    """VGA's encode/readout on (register ⊗ Eve) matches qproofs.protocols.ghz on the bare register."""
    from qproofs.protocols import ghz as ghz_mod
    from qproofs.quantum.states import ghz

    n, d = 3, 3
    mine = vga.readout_distribution(vga.distribute(n, attacks.identity(n)), n, np.array(x), d)
    theirs = ghz_mod.outcome_distribution_full(ghz_mod.encode_full(ghz(n), 2 * np.pi * np.array(x) / d), "XXX")
    assert np.allclose(mine, theirs, atol=1e-12)


def test_tightest_epsilon_agrees_with_direct_sum():
    m, delta = 30, 0.1
    cls = [(9, 0.3, 0.6), (51, 0.0, 0.0)]
    e_star = vga.tightest_epsilon(cls, m, delta)
    assert vga.bad_acceptance_probability(cls, m, e_star) <= delta
    assert vga.bad_acceptance_probability(cls, m, e_star - 1e-9) > delta
    a, w = vga.deficit_acceptance_profile(cls, m)
    assert float(w.sum()) == pytest.approx(vga.bad_acceptance_probability(cls, m, -1.0))


def test_epsilon_is_at_least_its_proof_bound():
    for m in (20, 200, 2000):
        ep = vga.epsilon_from_proof(m, 0.05)
        assert ep <= vga.epsilon(m, 0.05) <= 1.2 * ep


def test_dephasing_meets_the_rejection_formula_with_equality():
    n, p = 3, 0.2
    psi = vga.distribute(n, attacks.dephase(n, 0, p))
    r = stabilizer.rejection_probability(vga.register_state(psi), n)
    assert 1 - vga.ghz_fidelity(psi, n) == pytest.approx(p)
    assert r == pytest.approx(p * 4 / 7)


def test_multi_copy_leakage_reduces_to_single_copy():
    n = 2
    psi = vga.distribute(n, attacks.partial_swap(n, 0, 0.3))
    assert vga.eve_leakage_copies(psi, n, 1, 0) == pytest.approx(vga.eve_leakage(psi, n, 0), abs=1e-9)


def test_collective_probe_is_cptp_and_leaks_in_x_only():
    from qproofs.quantum.states import ghz

    n = 2
    g2 = np.kron(ghz(n), ghz(n))
    for basis, leaks in (("X", True), ("Z", False)):
        ks = attacks.collective_probe(n, 0.3, basis=basis)
        total = sum(K.conj().T @ K for K in ks)
        assert np.allclose(total, np.eye(2 ** (2 * n)))
        psi = np.stack([K @ g2 for K in ks], axis=1)
        assert (vga.eve_leakage_copies(psi, n, 2, 0) > 1e-6) == leaks


def test_gaussian_mechanism_sigma_meets_its_target_exactly_or_better():
    from qproofs.protocols import gaussian_privacy as gp

    s = gp.gaussian_mechanism_sigma(1.0, 0.5, 1e-5)
    assert gp.gaussian_dp_delta(1.0, s, 0.5) <= 1e-5 < gp.gaussian_dp_delta(1.0, s / 2, 0.5)


# ------------------------------------------- fast paths vs the old reference ---


def _profile_reference(classes, m):
    """The pre-speed-up deficit_acceptance_profile (scipy's hypergeom.pmf)."""
    from scipy.stats import hypergeom

    (n1, r1, D1), (n2, r2, D2) = classes if len(classes) == 2 else (classes[0], (0, 0.0, 0.0))
    k1 = np.arange(max(0, m - n2), min(n1, m) + 1)
    k2 = m - k1
    a = ((n1 - k1) * D1 + (n2 - k2) * D2) / m
    w = hypergeom.pmf(k1, 2 * m, n1, m) * (1 - r1) ** k1 * (1 - r2) ** k2
    order = np.argsort(-a, kind="stable")
    return a[order], w[order]


def _bad_reference(classes, m, eps):
    """The pre-speed-up bad_acceptance_probability (fresh math.comb per split)."""
    from math import comb

    total = comb(2 * m, m)
    if len(classes) == 1:
        (_, r, D), = classes
        return float((1 - r) ** m) if D > eps + 1e-15 else 0.0
    (n1, r1, D1), (n2, r2, D2) = classes
    p = 0.0
    for k1 in range(max(0, m - n2), min(n1, m) + 1):
        k2 = m - k1
        if ((n1 - k1) * D1 + (n2 - k2) * D2) / m > eps + 1e-15:
            p += comb(n1, k1) * comb(n2, k2) / total * (1 - r1) ** k1 * (1 - r2) ** k2
    return float(p)


SMALL_CLASSES = [(m, cls) for m in (1, 2, 5, 20, 60)
                 for cls in ([(2 * m, 0.3, 0.4)], [(1, 0.5, 1.0), (2 * m - 1, 0.0, 0.0)],
                             [(m, 0.2, 0.3), (m, 0.05, 0.1)], [(2 * m - 1, 0.1, 0.2), (1, 0.0, 0.0)])]


@pytest.mark.parametrize(("m", "cls"), SMALL_CLASSES)
def test_fast_profile_and_evaluator_equal_reference(m, cls):
    a, w = vga.deficit_acceptance_profile(cls, m)
    a0, w0 = _profile_reference(cls, m)
    assert np.array_equal(a, a0) and np.allclose(w, w0, rtol=1e-10, atol=1e-15)
    for eps in (0.0, 0.05, 0.15, 0.3):
        assert abs(vga.bad_acceptance_probability(cls, m, eps) - _bad_reference(cls, m, eps)) <= 1e-13
    for delta in (0.1, 0.01):
        assert vga.tightest_epsilon(cls, m, delta) == vga.tightest_epsilon_of_profile(a0, w0, delta) or \
            abs(vga.tightest_epsilon(cls, m, delta) - vga.tightest_epsilon_of_profile(a0, w0, delta)) <= 1e-12


def test_hypergeometric_pmf_equals_scipy():
    from scipy.stats import hypergeom

    for n1, n2, m in ((3, 5, 4), (10, 30, 20), (1, 1199, 600), (400, 800, 600)):
        k = np.arange(-1, m + 2)
        assert np.allclose(vga.hypergeometric_pmf(k, n1, n2, m), hypergeom.pmf(k, n1 + n2, n1, m), rtol=1e-10, atol=0)


def test_draw_is_the_inverse_transform():
    cdf = np.cumsum([0.25, 0.0, 0.5, 0.25])

    class U:
        def __init__(self, u):
            self.u = u

        def random(self):
            return self.u

    picks = [vga.draw(cdf, U(u)) for u in (0.0, 0.2499, 0.25, 0.7499, 0.75, 0.999999)]
    assert picks == [0, 0, 2, 2, 3, 3]  # never the zero-probability outcome 1


def test_memo_does_not_change_the_draws():
    """A memo shared by a batch of runs gives the same runs as a fresh memo per run (same rng)."""
    kr = attacks.partial_swap(3, 0, 0.5)

    def batch(shared):
        rng = np.random.default_rng(5)
        memo: dict = {}
        out = []
        for _ in range(30):
            x = rng.integers(0, 2, size=(4, 3))
            run = vga.run_vga(3, 4, lambda c: kr if c < 3 else attacks.identity(3), x, rng, memo if shared else None)
            out.append((run.accepted, run.tested, run.aggregates, tuple(o.bits for o in run.test_outcomes)))
        return out

    assert batch(True) == batch(False)


def test_leakage_known_answers_check_negative_control(monkeypatch):
    """vga.eve-attacks::leakage_evaluator_known_answers passes; a conditional Holevo that double-counts is caught."""
    from types import SimpleNamespace

    from checks.sec4.vga_eve_attacks import leakage_evaluator_known_answers
    from qproofs.tolerance import TOL

    ctx = SimpleNamespace(tol=TOL)
    assert leakage_evaluator_known_answers(ctx).passed is True
    orig = vga.conditional_holevo
    monkeypatch.setattr(vga, "conditional_holevo", lambda groups: 2 * orig(groups))
    assert leakage_evaluator_known_answers(ctx).passed is None
