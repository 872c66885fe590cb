import math

import numpy as np
import pytest
from hypothesis import given, settings

from qproofs.errors import InvalidParameter
from qproofs.fuzz import conflict as fz
from qproofs.protocols import tieaudit


def test_state_qubits():
    assert [tieaudit.state_qubits(n) for n in (2, 3, 4, 5, 1024, 1025)] == [1, 2, 2, 3, 10, 11]


def test_instance_has_exact_fraction():
    rng = np.random.default_rng(0)
    for f in (0.0, 0.3, 1.0):
        s, M = tieaudit.instance_with_fraction(200, f, rng)
        tieaudit.require_matching(M, 200)
        assert tieaudit.conflict_fraction(s, M) == pytest.approx(round(f * 100) / 100)


def test_outcome_probabilities_zero_wrong_parity_and_uniform_pairs():
    rng = np.random.default_rng(1)
    s = rng.choice([-1, 1], size=64)
    M = tieaudit.random_matching(64, rng)
    p = tieaudit.matching_outcome_probabilities(tieaudit.phase_state(s), M)
    conflicted = s[M[:, 0]] != s[M[:, 1]]
    assert np.all(np.where(conflicted, p[:, 0], p[:, 1]) == 0)
    assert np.allclose(p.sum(axis=1), 2 / 64)
    assert p.sum() == pytest.approx(1)


def test_sampling_is_exact_and_o_n():
    rng = np.random.default_rng(2)
    s, M = tieaudit.instance_with_fraction(2**16, 0.37, rng)
    pairs, parity = tieaudit.sample_matching_measurement(tieaudit.phase_state(s), M, 5000, rng)
    assert np.all(parity == (s[M[pairs, 0]] != s[M[pairs, 1]]))
    assert abs(parity.mean() - 0.37) < 0.05


def test_hoeffding_copies():
    assert tieaudit.hoeffding_copies(0.1, 0.05) == math.ceil(math.log(40) / 0.02)
    assert tieaudit.hoeffding_copies(0.5, 0.5) == math.ceil(math.log(4) / 0.5)


def test_quantum_run_counts_and_estimates():
    rng = np.random.default_rng(3)
    s, M = tieaudit.instance_with_fraction(1024, 0.2, rng)
    out = tieaudit.run_quantum(s, M, 0.1, 0.05, rng, clients=3)
    m = tieaudit.hoeffding_copies(0.1, 0.05)
    assert out.total_qubits == 3 * m * 10
    assert all(abs(r.estimate - 0.2) <= 0.1 for r in out.runs)


def test_subset_curve_matches_single_runs():
    rng = np.random.default_rng(4)
    s, M = tieaudit.instance_with_fraction(4096, 0.3, rng)
    P = tieaudit.matching_partner(M, 4096)
    rs = [5, 50, 500, 3000]
    curve = tieaudit.subset_curve(s, P, rs, 9)
    single = [tieaudit.run_subset(s, M, r, 9, length=3000) for r in rs]
    assert np.allclose(curve, [r.estimate for r in single])
    assert [r.bits for r in single] == rs
    assert tieaudit.run_subset(s, M, 4096, 9).estimate == pytest.approx(tieaudit.conflict_fraction(s, M))


def test_countsketch_unbiased_at_full_width():
    rng = np.random.default_rng(5)
    s, M = tieaudit.instance_with_fraction(2048, 0.7, rng)
    ests = [tieaudit.run_countsketch(s, M, 2048, seed).estimate for seed in range(40)]
    assert abs(np.mean(ests) - 0.7) < 0.03
    run = tieaudit.run_countsketch(s, M, 100, 1)
    assert run.bits == 100 * tieaudit.countsketch_word_bits(2048)


def test_bhm_instance_and_premise_gap():
    rng = np.random.default_rng(6)
    inst = tieaudit.bhm_instance(64, rng)
    x, M, b, w = inst["x"], inst["M"], inst["b"], inst["w"]
    assert np.all(w == ((x[M[:, 0]] ^ x[M[:, 1]]) ^ b))
    s = np.where(x == 1, -1, 1)
    f = tieaudit.conflict_fraction(s, M)           # the true branch's fraction, from Alice's x
    f0, f1 = tieaudit.bhm_branch_fractions(w)      # Bob's two candidate fractions, from w alone
    assert f == pytest.approx(f0 if b == 0 else f1)
    assert tieaudit.bhm_premise_gap(w) == pytest.approx(abs(2 * f - 1))
    assert tieaudit.bhm_premise_gap(np.array([1, 1, 1, 0])) == pytest.approx(0.5)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(fz.invalid_matchings())
def test_invalid_matchings_raise(inst):
    """Property: odd n, missing pairs and repeated indices raise InvalidParameter naming the rule."""
    with pytest.raises(InvalidParameter):
        tieaudit.require_matching(np.asarray(inst["matching"], dtype=np.int64), inst["n"])


@settings(max_examples=40, deadline=None, derandomize=True)
@given(fz.tie_instances())
def test_zero_wrong_parity_property(inst):
    """Property: for any signs and perfect matching the wrong-parity mass is exactly 0."""
    s = np.asarray(inst["s"])
    M = np.asarray(inst["matching"], dtype=np.int64)
    tieaudit.require_matching(M, inst["n"])
    p = tieaudit.matching_outcome_probabilities(tieaudit.phase_state(s), M)
    conflicted = s[M[:, 0]] != s[M[:, 1]]
    assert np.all(np.where(conflicted, p[:, 0], p[:, 1]) == 0)


# ------------------------------------------- fast paths vs their references (issue 14) ---

LAW_ALPHA = 1e-6
"""False-alarm of each chi-square comparison below (the fast paths are exact in law, not in value)."""


def test_bhm_bob_w_has_the_law_of_the_full_instance():
    """w drawn directly vs w from (x, M, b) drawn in full: same law of the 16 strings at n = 8 (chi-square)."""
    from scipy import stats

    rng = np.random.default_rng(4)
    fast = [int("".join(map(str, tieaudit.bhm_bob_w(8, rng).tolist())), 2) for _ in range(4000)]
    full = [int("".join(map(str, tieaudit.bhm_instance(8, rng)["w"].tolist())), 2) for _ in range(4000)]
    table = np.array([np.bincount(fast, minlength=16), np.bincount(full, minlength=16)])
    assert stats.chi2_contingency(table).pvalue > LAW_ALPHA
    # power: a biased w (each bit 1 w.p. 0.4) is told apart by the same test
    biased = [int("".join(map(str, (rng.random(4) < 0.4).astype(int).tolist())), 2) for _ in range(4000)]
    assert stats.chi2_contingency(np.array([np.bincount(biased, minlength=16), table[1]])).pvalue < LAW_ALPHA


def test_bhm_instance_with_w_is_consistent():
    rng = np.random.default_rng(5)
    for n in (2, 8, 64):
        w = tieaudit.bhm_bob_w(n, rng)
        inst = tieaudit.bhm_instance_with_w(w, rng)
        M, x = inst["M"], inst["x"]
        tieaudit.require_matching(M, n)
        assert np.array_equal((x[M[:, 0]] ^ x[M[:, 1]]) ^ inst["b"], w)


def test_countsketch_hash_is_uniform_and_independent():
    """(h, σ) from one draw: the 2B joint cells are uniform (chi-square at LAW_ALPHA)."""
    from scipy import stats

    h, sigma = tieaudit.countsketch_hash(60000, 5, 3)
    cells = np.bincount(2 * h + (sigma > 0), minlength=10)
    assert stats.chisquare(cells).pvalue > LAW_ALPHA


def test_bhm_doubled_batch_equals_reference_on_every_small_instance():
    """The batched doubling reduction equals tieaudit.bhm_doubled row by row (every x, w, M for n ≤ 4; n = 6 thinned)."""
    from itertools import product

    from checks.sec5.thm5_classical_lower_repaired import all_bit_rows, perfect_matchings

    for n in (2, 4, 6):
        X = all_bit_rows(n)
        assert X.tolist() == [list(b) for b in product((0, 1), repeat=n)]
        for pairs in perfect_matchings(n):
            M = np.asarray(pairs)
            for wbits in product((0, 1), repeat=n // 2):
                W = np.tile(np.asarray(wbits, dtype=np.int8), (X.shape[0], 1))
                for complement in (True, False):
                    s2, M2 = tieaudit.bhm_doubled_batch(X, M, W, complement=complement)
                    conf = tieaudit.doubled_conflicts(s2, M2)
                    for r in range(0, X.shape[0], 1 if n < 6 else 5):
                        s_ref, M_ref = tieaudit.bhm_doubled(X[r], M, W[r], complement=complement)
                        assert np.array_equal(s2[r], s_ref) and np.array_equal(M2[r], M_ref)
                        assert conf[r] == int(np.sum(s_ref[M_ref[:, 0]] != s_ref[M_ref[:, 1]]))


def _subset_curve_by_search(s, partner, rs, shared_seed):
    """The sort + binary-search subset curve that tieaudit.subset_curve replaced (reference)."""
    order = tieaudit.shared_order(s.size, max(rs), shared_seed)
    pos_sorted = np.argsort(order)
    sorted_idx = order[pos_sorted]
    mates = partner[order]
    loc = np.minimum(np.searchsorted(sorted_idx, mates), sorted_idx.size - 1)
    present = sorted_idx[loc] == mates
    mate_pos = np.where(present, pos_sorted[loc], -1)
    here = np.arange(order.size)
    first = present & (mate_pos < here)
    enter = here[first] + 1
    conf = (s[order[first]] != s[mates[first]]).astype(np.int64)
    cum_pairs = np.searchsorted(enter, np.asarray(rs), side="right")
    cum_conf = np.concatenate([[0], np.cumsum(conf)])[cum_pairs]
    return np.where(cum_pairs > 0, cum_conf / np.maximum(cum_pairs, 1), 0.5)


@pytest.mark.parametrize("n", [2, 8, 256, 4096, 2**16])
def test_subset_curve_equals_search_reference(n):
    """The sparse-set subset curve equals the sort + search one exactly (all r, several seeds, full window)."""
    rng = np.random.default_rng(n)
    for f in (0.0, 0.3, 1.0):
        s, M = tieaudit.instance_with_fraction(n, f, rng)
        P = tieaudit.matching_partner(M, n)
        rs = sorted({1, max(1, n // 3), n} | {int(r) for r in rng.integers(1, n + 1, size=5)})
        for seed in range(4):
            assert np.array_equal(tieaudit.subset_curve(s, P, rs, seed), _subset_curve_by_search(s, P, rs, seed))


def test_outcome_probabilities_real_path_bit_identical():
    """The in-place real-amplitude path equals |ψ_i ± ψ_j|²/2 bit for bit; complex amplitudes are rejected."""
    rng = np.random.default_rng(7)
    M = tieaudit.random_matching(512, rng)
    psi = rng.normal(size=512)
    ref = np.column_stack([np.abs(psi[M[:, 0]] + psi[M[:, 1]]) ** 2 / 2, np.abs(psi[M[:, 0]] - psi[M[:, 1]]) ** 2 / 2])
    assert np.array_equal(tieaudit.matching_outcome_probabilities(psi, M), ref)
    with pytest.raises(InvalidParameter, match="psi"):
        tieaudit.matching_outcome_probabilities(psi * np.exp(1j * rng.normal(size=512)), M)


def test_repeated_index_message_names_it():
    with pytest.raises(InvalidParameter, match="index 1 appears 2 times"):
        tieaudit.require_matching(np.array([[0, 1], [1, 2]]), 4)


def test_phase_state_sampler_has_the_born_law():
    """The O(m) sampler against the O(n) inverse-CDF Born sampler: same outcome law (chi-square, both samplers)."""
    from scipy import stats

    rng = np.random.default_rng(11)
    for n, f in ((4, 0.5), (8, 0.25), (32, 0.75), (64, 0.0), (64, 1.0)):
        s, M = tieaudit.instance_with_fraction(n, f, rng)
        probs = tieaudit.matching_outcome_probabilities(tieaudit.phase_state(s), M).ravel()
        for born in (False, True):
            pairs, parity = (tieaudit.sample_matching_measurement(tieaudit.phase_state(s), M, 20000, rng) if born
                             else tieaudit.sample_phase_state_measurement(s, M, 20000, rng))
            counts = np.bincount(2 * pairs + parity, minlength=probs.size)
            live = probs > 1e-12
            assert counts[~live].sum() == 0
            assert stats.chisquare(counts[live], 20000 * probs[live] / probs[live].sum()).pvalue > 1e-6


def test_run_quantum_fast_and_born_paths_agree_in_law():
    rng = np.random.default_rng(12)
    s, M = tieaudit.instance_with_fraction(256, 0.3, rng)
    fast = [tieaudit.run_quantum(s, M, 0.1, 0.05, rng).runs[0].estimate for _ in range(300)]
    born = [tieaudit.run_quantum(s, M, 0.1, 0.05, rng, born=True).runs[0].estimate for _ in range(300)]
    assert stats_ks(fast, born) > 1e-6
    out = tieaudit.run_quantum(s, M, 0.1, 0.05, rng, clients=3, born=True)
    assert out.total_qubits == tieaudit.run_quantum(s, M, 0.1, 0.05, rng, clients=3).total_qubits


def stats_ks(a, b):
    from scipy import stats

    return float(stats.ks_2samp(a, b).pvalue)


@pytest.mark.parametrize("M", [np.array([[[0], [1]], [[2], [3]]]), np.array([0, 1, 2, 3]), np.array([[0, 1], [2, 3.0]])])
def test_require_matching_rejects_arrays_that_are_not_integer_pairs(M):
    """Input guard: a perfect matching is an integer (n/2, 2) array; a (2, 2, 1) array holding one is refused."""
    with pytest.raises(InvalidParameter, match="matching"):
        tieaudit.require_matching(M, 4)
    assert tieaudit.require_matching(np.array([[0, 1], [2, 3]]), 4).shape == (2, 2)


def test_random_matching_is_the_permutations():
    """The 32-bit in-place shuffle gives rng.permutation(n)'s matching and leaves the stream where it would."""
    for n in (2, 8, 1000, 2**16):
        a, b = np.random.default_rng(n), np.random.default_rng(n)
        M = tieaudit.random_matching(n, a)
        assert np.array_equal(M, b.permutation(n).reshape(n // 2, 2))
        assert a.integers(2**62) == b.integers(2**62)


def test_doubled_conflicts_row_loop_equals_vectorised():
    """The row-by-row gather (B ≤ DOUBLED_ROWS_LOOP) and the offset gather count the same conflicts."""
    rng = np.random.default_rng(5)
    for n, B in ((4, 1), (16, 3), (64, 8), (64, 9), (1000, 20)):
        M = tieaudit.random_matching(n, rng)
        X = rng.integers(0, 2, size=(B, n), dtype=np.int8)
        W = rng.integers(0, 2, size=(B, n // 2), dtype=np.int8)
        s2, M2 = tieaudit.bhm_doubled_batch(X, M, W)
        rows = [tieaudit.doubled_conflicts(s2[r:r + 1], M2[r:r + 1])[0] for r in range(B)]
        assert tieaudit.doubled_conflicts(s2, M2).tolist() == rows
        assert rows == [int(np.count_nonzero(s2[r][M2[r][:, 0]] != s2[r][M2[r][:, 1]])) for r in range(B)]
