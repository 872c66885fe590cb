"""Tests for the Lemma 1/2, Theorem 3 simulator and Lemma 3 chaining."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings

from qproofs.errors import InvalidParameter
from qproofs.fuzz import security as fz
from qproofs.protocols import chaining, gaussian_privacy, simulator


@pytest.mark.parametrize("n,d", [(2, 2), (3, 3), (4, 2)])
def test_simulator_exact_for_every_coalition(n, d):
    for C in simulator.all_coalitions(n):
        for x in product(range(d), repeat=n):
            assert simulator.view_gap(n, C, x, d) < 1e-12


def test_sampled_simulator_matches_distribution():
    rng = np.random.default_rng(0)
    n, C, xc, s = 3, (1,), [1], 1
    counts = np.zeros(8)
    for _ in range(8000):
        b = simulator.sample_simulated_view(n, C, xc, s, rng)
        counts[int("".join(map(str, b)), 2)] += 1
    p = simulator.simulated_view(n, C, xc, s)
    assert np.abs(counts / 8000 - p).max() < 0.02


def test_ideal_leakage_zero():
    assert simulator.ideal_leakage(3, 1, 3) == pytest.approx(0.0, abs=1e-12)


def test_multiround_information_equality_d2():
    iv, isums = simulator.multiround_information(3, (0,), [1], 3, 2)
    assert iv == pytest.approx(isums, abs=1e-12)


def test_multiround_d3_only_inequality():
    iv, isums = simulator.multiround_information(3, (0,), [1], 1, 3)
    assert iv < isums - 0.1


@pytest.mark.parametrize("d", [2, 3])
def test_multiround_view_is_markov_through_sums(d):
    """Property: I(X_H ; view | sums) = 0 (simulatability) and I(X_H ; view) ≤ I(X_H ; sums) (data processing)."""
    r = simulator.multiround_leakage(3, (1,), [0], 2, d)
    assert abs(r["view_given_sums"]) < 1e-12
    assert r["view"] <= r["sums"] + 1e-12


def test_multiround_leakage_rejects_wrong_coalition_inputs():
    with pytest.raises(InvalidParameter, match="coalition_static"):
        simulator.multiround_leakage(3, (0, 1), [1], 1, 2)


def test_chaining_sum_holds_and_max_fails():
    r = chaining.chain(3, 3, (0.15, 0.4), (1, 0, 1))
    assert r["distance"] <= sum(r["eps"]) + 1e-12
    assert r["distance"] > max(r["eps"])  # a max-instead-of-sum bound would be violated
    assert all(s <= e + 1e-12 for s, e in zip(r["hybrid_steps"], r["eps"], strict=True))


def test_gaussian_mi_bound():
    for n in (2, 3, 10):
        mis = [gaussian_privacy.mutual_information(n, T, 2.0, 0.5) for T in (1, 10, 100)]
        assert mis == sorted(mis) and mis[-1] < gaussian_privacy.bound(n)


@settings(max_examples=20, deadline=None)
@given(fz.invalid_coalitions())
def test_invalid_coalitions(inst):
    with pytest.raises(InvalidParameter):
        simulator.require_coalition(inst["coalition"], inst["n"])


@settings(max_examples=10, deadline=None)
@given(fz.invalid_rounds())
def test_invalid_rounds(T):
    with pytest.raises(InvalidParameter):
        simulator.multiround_views(3, (0,), [0, 0, 0], T)
    with pytest.raises(InvalidParameter):
        chaining.chain(3, T, (0.1,), (0, 0, 0))
    with pytest.raises(InvalidParameter):
        gaussian_privacy.mutual_information(3, T, 1.0, 1.0)


@settings(max_examples=20, deadline=None)
@given(fz.invalid_fidelities())
def test_invalid_fidelities_and_noise(v):
    from qproofs.protocols import attacks, noise_threshold, stabilizer

    with pytest.raises(InvalidParameter):
        stabilizer.claimed_rejection(v, 3)
    with pytest.raises(InvalidParameter):
        noise_threshold.perfect_pass_acceptance(5, v, 10)
    with pytest.raises(InvalidParameter):
        attacks.depolarize_all(2, v)


@settings(max_examples=20, deadline=None)
@given(fz.non_cptp_scales())
def test_non_cptp_attacks(scale):
    from qproofs.protocols import attacks, vga

    with pytest.raises(InvalidParameter, match="CPTP"):
        vga.distribute(2, [scale * k for k in attacks.partial_swap(2, 0, 0.5)])


@settings(max_examples=15, deadline=None)
@given(fz.cptp_instances())
def test_contraction_fuzz(inst):
    assert fz.monotone_slack(inst) >= -1e-9


@settings(max_examples=10, deadline=None)
@given(fz.classical_protocols())
def test_classical_fuzz(inst):
    assert fz.classical_slack(inst) >= -1e-12
