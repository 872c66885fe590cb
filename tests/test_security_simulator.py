"""Tests for the Lemma 1/2, Theorem 3 simulator and Lemma 3 chaining."""

from __future__ import annotations

import math
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


def test_chaining_sum_holds_and_max_fails():
    r = chaining.chain(3, 3, (0.15, 0.4), (1, 0, 1))
    assert r["distance"] <= sum(r["eps"]) + 1e-12
    assert r["distance"] > max(r["eps"])  # a max-instead-of-sum bound would be violated
    assert all(s <= e + 1e-12 for s, e in zip(r["hybrid_steps"], r["eps"], strict=True))


def test_gaussian_mi_bound():
    for n in (2, 3, 10):
        mis = [gaussian_privacy.mutual_information(n, T, 2.0, 0.5) for T in (1, 10, 100)]
        assert mis == sorted(mis) and mis[-1] < 0.5 * math.log2(n / (n - 1))  # the T → ∞ limit (sec44)


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


# ------------------------------------------------- batched fast paths (issue 14) ---


@pytest.mark.parametrize("n,d", [(2, 2), (3, 3), (4, 4), (3, 5)])
def test_batched_views_equal_reference(n, d):
    xs = simulator.all_inputs(n, d)
    real = simulator.real_views(n, xs, d)
    assert np.abs(real - np.array([simulator.real_view(n, x, d) for x in xs])).max() < 1e-12
    for C in simulator.all_coalitions(n):
        fast = simulator.view_gaps(n, C, xs, d, real=real)
        assert np.abs(fast - [simulator.view_gap(n, C, x, d) for x in xs]).max() < 1e-12


@pytest.mark.parametrize("n,d", [(2, 3), (3, 2), (3, 4)])
def test_batched_leakage_equals_reference_and_exact_tables(n, d):
    fast = simulator.ideal_leakages(n, d)
    assert fast == pytest.approx([simulator.ideal_leakage(n, i, d) for i in range(n)], abs=1e-12)
    w, denom = simulator.exact_leakage_weights(n, d)
    assert np.abs(simulator.leakage_joints(n, d) - w / denom).max() < 1e-12
    assert simulator.product_blocks(w).all()
    w[0, 0, 0, 0] += 1  # a table that leaks: the exact test sees it
    assert not simulator.product_blocks(w).all()
    assert simulator.exact_leakage_weights(3, 5) is None  # cos(2π/5) is irrational


@pytest.mark.parametrize("d,T", [(2, 3), (3, 2), (4, 2)])
def test_multiround_array_equals_dict(d, T):
    n = 3
    for C in simulator.all_coalitions(n):
        for x in product(range(d), repeat=n):
            for sim in (False, True):
                ref = simulator.multiround_views(n, C, x, T, d, simulated=sim)
                arr = simulator.multiround_view_array(n, C, x, T, d, simulated=sim)
                dense = np.zeros_like(arr)
                for hist, p in ref.items():
                    dense[int("".join(format(b, "03b") for b in hist), 2)] = p
                assert np.abs(arr - dense).max() < 1e-14


def test_measure_after_equals_kron():
    from functools import reduce

    from qproofs.protocols import vga
    from qproofs.quantum.states import random_unitary

    rng = np.random.default_rng(3)
    for n in (2, 3, 5):
        psi = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
        local = {j: random_unitary(2, rng) for j in range(n) if j % 2 == 0}
        U = reduce(np.kron, [local.get(j, vga.HADAMARD) for j in range(n)])
        assert np.abs(simulator._measure_after(psi, n, local) - np.abs(U @ psi) ** 2).max() < 1e-12


def _chain_reference(n, rounds, menu, base):
    """Lemma 3's hybrids by one np.kron per history (the pre-batching implementation)."""
    strategy = chaining.adaptive_strategy(menu)

    def experiment(k):
        states = {(): np.ones((1, 1), dtype=complex)}
        for t in range(1, rounds + 1):
            nxt = {}
            for hist, R in states.items():
                blocks = chaining.round_blocks(n, strategy(t, hist), chaining.round_input(base, t, hist, n), t <= k)
                for b in range(2**n):
                    if np.abs(blocks[b]).max() > 0:
                        nxt[hist + (b,)] = np.kron(R, blocks[b])
            states = nxt
        return states

    return [experiment(k) for k in range(rounds + 1)]


def test_chain_batched_hybrids_equal_reference():
    from qproofs.protocols import vga

    n, T, menu, base = 3, 3, (0.15, 0.4), (1, 0, 1)
    ref = _chain_reference(n, T, menu, base)
    out = chaining.chain(n, T, menu, base)

    def dist(A, B):
        keys = sorted(set(A) | set(B))
        z = np.zeros(next(iter(A.values())).shape, dtype=complex)
        return vga.blocks_distance(np.stack([A.get(k, z) for k in keys]), np.stack([B.get(k, z) for k in keys]))

    assert out["distance"] == pytest.approx(dist(ref[0], ref[-1]), abs=1e-12)
    assert out["hybrid_steps"] == pytest.approx([dist(ref[k - 1], ref[k]) for k in range(1, T + 1)], abs=1e-12)


def test_lemma2_certificates_accepted_and_tampered_rejected():
    import copy

    from checks.sec4.lemma2_ideal_leakage_zero import (
        _block_row,
        product_blocks_table,
        run_record_table,
    )
    from qproofs.certcheck import check_document
    from qproofs.certcheck.errors import Rejected

    n, d = 3, 3
    w, denom = simulator.exact_leakage_weights(n, d)
    rows = [_block_row(i, s, w[i, :, s, :]) for i in range(n) for s in range(d)]
    doc = product_blocks_table(n, d, denom, rows, claim="c", check="k")
    assert check_document(copy.deepcopy(doc)).startswith("ok")
    w[1, 0, 2, 3] += 2  # node 1's table now leaks x_1 given s = 2 (row/column sums kept consistent)
    rows = [_block_row(i, s, w[i, :, s, :]) for i in range(n) for s in range(d)]
    with pytest.raises(Rejected):
        check_document(product_blocks_table(n, d, denom, rows, claim="c", check="k"))
    good = [(0, 0, 1, 0, 1, 1, 0), (0, 1, 0, 1, 1, 1, 0)]
    assert check_document(run_record_table(3, good, claim="c", check="k")).startswith("ok")
    with pytest.raises(Rejected, match="row-fails"):
        check_document(run_record_table(3, [(0, 0, 1, 0, 1, 1, 1)], claim="c", check="k"))


@settings(max_examples=15, deadline=None, database=None)
@given(__import__("qproofs.fuzz.security_rounds", fromlist=["x"]).multiround_instances())
def test_multiround_property_holds(inst):
    from qproofs.fuzz import security_rounds

    assert security_rounds.multiround_slack(inst) >= -1e-9
