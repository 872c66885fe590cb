import math

import numpy as np
import pytest
from hypothesis import given, settings

from qproofs.errors import InvalidParameter
from qproofs.fuzz import conflict as fz
from qproofs.protocols import gapip


def unit(v):
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def test_register_and_leg_qubits():
    assert [gapip.register_qubits(n) for n in (1, 2, 3, 4, 7, 8, 1024)] == [1, 2, 2, 3, 3, 4, 11]
    for n in (1, 5, 1023, 1024, 2**16):
        q = gapip.register_qubits(n)
        assert 2**q >= n + 1 > 2 ** (q - 1)
    assert gapip.leg_qubits(1024) == 12


def test_reflection_is_involution_and_o_n():
    rng = np.random.default_rng(0)
    v = unit(rng.normal(size=33))
    x = rng.normal(size=33)
    assert np.allclose(gapip.reflect(gapip.reflect(x, v), v), x)
    assert np.allclose(gapip.reflect(v, v), v)
    X = rng.normal(size=(4, 33))
    assert np.allclose(gapip.reflect(X, v), np.array([gapip.reflect(r, v) for r in X]))


def test_grover_angle_threshold():
    rng = np.random.default_rng(1)
    a, b = gapip.promise_pair(20, 0.0, rng)
    assert gapip.grover_angle(a, b) == pytest.approx(math.pi / 3)


def test_full_and_plane_simulators_agree():
    rng = np.random.default_rng(2)
    a, b = gapip.promise_pair(257, -0.2, rng)
    ts = gapip.ladder(0.2)
    assert np.allclose(gapip.rung_probabilities_full(a, b, ts),
                       gapip.rung_probabilities_plane(gapip.grover_angle(a, b), ts), atol=1e-12)


def test_quantum_run_decides_and_counts():
    rng = np.random.default_rng(3)
    for sign in (1, -1):
        a, b = gapip.promise_pair(64, sign * 0.3, rng)
        run = gapip.run_quantum(a, b, 0.3, 0.05, rng)
        assert run.decision == sign
        apps = run.repetitions * sum(t * s for t, s in zip(run.ladder, gapip.rung_shots(list(run.ladder)), strict=True))
        assert run.qubits == 2 * (gapip.register_qubits(64) + 1) * apps
        assert run.round_trips == apps


def test_repetitions_bound():
    for delta in (0.3, 0.05, 1e-4):
        R = gapip.repetitions(delta)
        assert R % 2 == 1
    assert gapip.repetitions(1e-4) > gapip.repetitions(0.05)


def test_ladder_top_is_linear_in_inverse_tau():
    for tau in (0.3, 0.05, 0.01):
        assert max(gapip.ladder(tau)) == math.ceil(gapip.LADDER_C0 / tau)


def test_jl_explicit_run_counts_message_bits():
    rng = np.random.default_rng(4)
    a, b = gapip.promise_pair(300, 0.6, rng)
    run = gapip.run_jl(a, b, 0.6, 50, shared_seed=11)
    assert run.rows == 50 and run.bits == 50 * gapip.word_bits(300)
    assert run.decision == 1
    whole = gapip.run_whole_vector(a, b, 0.6)
    assert whole.bits == 300 * gapip.word_bits(300) and whole.decision == 1


def test_jl_error_curve_decreases():
    rng = np.random.default_rng(5)
    errs, bits = gapip.jl_error_curve(0.2, 1024, [1, 400], 2000, rng)
    assert errs[0] > 0.3 and errs[1] < 0.05
    assert list(bits) == [gapip.word_bits(1024), 400 * gapip.word_bits(1024)]


def test_one_round_counts_copies():
    rng = np.random.default_rng(6)
    a, b = gapip.promise_pair(100, 0.5, rng)
    run = gapip.run_one_round(a, b, 0.5, 400, rng)
    assert run.qubits == 400 * gapip.register_qubits(100)
    assert run.decision == 1


def test_search_smallest():
    k, seen = gapip.search_smallest(lambda k: 1.0 / k, 1, 1000, 0.01)
    assert k is not None and 100 <= k <= 110
    assert gapip.search_smallest(lambda k: 1.0, 1, 100, 0.5)[0] is None


def test_ghd_instances_satisfy_promise():
    rng = np.random.default_rng(7)
    for n in (16, 100, 1024):
        for far in (False, True):
            x, y = gapip.ghd_instance(n, far, rng)
            u, v = gapip.ghd_vectors(x, y)
            ip = float(u @ v)
            assert ip == pytest.approx(1 - 2 * np.sum(x != y) / n)
            assert (ip <= -gapip.ghd_tau(n) + 1e-12) if far else (ip >= gapip.ghd_tau(n) - 1e-12)


def test_promise_instance_adversarial():
    rng = np.random.default_rng(8)
    a, b, truth = gapip.promise_instance(50, 0.1, rng)
    assert float(a @ b) == pytest.approx(0.1 * truth)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(fz.invalid_gapip_params())
def test_invalid_params_rejected(inst):
    """Property: every GapIP input breaking a rule raises InvalidParameter naming it."""
    with pytest.raises(InvalidParameter):
        gapip.run_quantum(np.array(inst["a"]), np.array(inst["b"]), inst["tau"], inst["delta"],
                          np.random.default_rng(0))


# --------------------------------------------------------- fast JL law vs the reference (issue 14) ---

KS_ALPHA = 1e-6
"""False-alarm of each two-sample KS comparison below (the fast law is exact in law, not in value)."""


@pytest.mark.parametrize(("ip", "k", "n"), [(0.3, 4, 64), (-0.2, 25, 256), (0.9, 60, 1024), (0.0, 7, 2**20)])
def test_jl_estimate_law_matches_reference_in_law(ip, k, n):
    """Conditioning on the first Gaussian column: same law of the estimate as drawing both columns.

    Two-sample KS test on 4000 estimates each at false-alarm KS_ALPHA; a mutant that drops the orthogonal part
    (estimates ρ⟨y,h⟩ only) is rejected by the same test (power checked where |ρ| ≤ 1/2).
    """
    from scipy import stats

    rng = np.random.default_rng(11)
    w = gapip.word_bits(n)
    fast = gapip.jl_estimate_law(ip, k, k, w, 4000, rng)
    sa, sb = gapip.jl_sketch_pair_law(ip, k, k, 4000, rng)
    ref = np.sum(gapip.dequantise(gapip.quantise(sa, k, w), k, w) * sb, axis=1)
    assert stats.ks_2samp(fast, ref).pvalue > KS_ALPHA
    if abs(ip) <= 0.5:                   # where the orthogonal part dominates the spread
        broken = abs(ip) * gapip.jl_estimate_law(math.copysign(1.0, ip), k, k, w, 4000, rng)
        assert stats.ks_2samp(broken, ref).pvalue < KS_ALPHA


def test_jl_estimate_law_words_are_quantise():
    """The words of the fast path are exactly :func:`quantise`'s (rows = 1, ip = 1: estimate = C/(L k)·y·h)."""
    rng = np.random.default_rng(3)
    for k, w in ((1, 8), (9, 12), (100, 20)):
        est = gapip.jl_estimate_law(1.0, k, 1, w, 50, np.random.default_rng(5))
        h = np.random.default_rng(5).standard_normal((50, 1))
        words = gapip.quantise(h[:, 0] / math.sqrt(k), k, w)
        ref = gapip.dequantise(words, k, w) * h[:, 0] / math.sqrt(k)
        assert np.allclose(est, ref, rtol=1e-12, atol=1e-15)
    del rng


def test_jl_error_curve_fast_matches_reference_rates():
    """Error rates of the fast and reference simulators agree (two-proportion z-test, false-alarm ≤ 1e-6)."""
    rng = np.random.default_rng(7)
    for ip, k in ((0.2, 30), (-0.1, 200)):
        fast, fb = gapip.jl_error_curve(ip, 512, [k], 6000, rng)
        ref, rb = gapip.jl_error_curve_reference(ip, 512, [k], 6000, rng)
        assert fb.tolist() == rb.tolist()
        pooled = (fast[0] + ref[0]) / 2
        se = math.sqrt(pooled * (1 - pooled) * 2 / 6000)
        assert abs(fast[0] - ref[0]) <= 4.9 * se


def test_search_smallest_guess_same_answer_on_monotone_curves():
    """The galloping bracket from a guess returns the bisection's answer on monotone curves, for any guess."""
    for target in (1, 2, 17, 100, 999, 1000):
        def err(k, target=target):
            return 0.0 if k >= target else 1.0
        plain, _ = gapip.search_smallest(err, 1, 1000, 0.5)
        for guess in (1, 5, 50, 100, 500, 1000, 5000):
            assert gapip.search_smallest(err, 1, 1000, 0.5, guess=guess)[0] == plain
    assert gapip.search_smallest(lambda k: 1.0, 1, 100, 0.5, guess=10)[0] is None


def test_ml_angles_equal_single_calls():
    """Batched ML over the R repetitions returns exactly the single-call angles (same arithmetic)."""
    rng = np.random.default_rng(2)
    for tau in (0.3, 0.05, 0.004):
        ts = gapip.ladder(tau)
        shots = gapip.rung_shots(ts)
        counts = np.array([[rng.integers(0, s + 1) for s in shots] for _ in range(4)], float)
        batch = gapip.ml_angles(ts, counts, shots)
        assert [float(x) for x in batch] == [float(gapip.ml_angles(ts, c[None, :], shots)[0]) for c in counts]


def test_ml_angles_branch_and_bound_is_the_full_grid_argmax():
    """The branch and bound returns the full grid's first argmax, bit for bit: model counts at both margins,
    random and degenerate count vectors (all 0, all m, half: many ties), default and odd grids."""
    rng = np.random.default_rng(3)
    for tau in (0.9, 0.3, 0.05, 0.01, 2.0**-10):
        ts = gapip.ladder(tau)
        shots = np.array(gapip.rung_shots(ts))
        rows = [np.zeros(len(ts)), shots.astype(float), shots / 2.0, np.floor(shots / 2)]
        rows += [rng.integers(0, shots + 1).astype(float) for _ in range(8)]
        for theta in (math.acos((1 + tau) / 2), math.acos((1 - tau) / 2)):
            p = gapip.rung_probabilities_plane(theta, ts)
            rows += [rng.binomial(shots, p).astype(float) for _ in range(4)]
        counts = np.array(rows)
        for grid in (None, 4096, 1000, 33):
            fast = gapip.ml_angles(ts, counts, shots, grid=grid)
            assert np.array_equal(fast, gapip.ml_angles_full_grid(ts, counts, shots, grid=grid)), (tau, grid)


def test_ml_block_bounds_hold_on_every_grid_point():
    """Each block's bound is at least every grid value of the block (the pruning never drops the argmax)."""
    rng = np.random.default_rng(4)
    for tau in (0.3, 0.02, 2.0**-9):
        ts = gapip.ladder(tau)
        shots = np.array(gapip.rung_shots(ts))
        counts = np.array([rng.integers(0, shots + 1) for _ in range(5)] + [np.zeros(len(ts)), shots], float)
        th = np.linspace(0, math.pi / 2, max(4096, 64 * max(ts)))
        ll = gapip.ml_loglik(ts, counts, shots, th)
        bounds = gapip.ml_block_bounds(ts, counts, shots, th)
        pad = (-th.size) % gapip.ML_BLOCK
        block_max = np.pad(ll, ((0, 0), (0, pad)), constant_values=-np.inf).reshape(len(counts), -1,
                                                                                    gapip.ML_BLOCK).max(axis=2)
        assert np.all(bounds >= block_max)

def test_one_way_runs_send_one_message():
    """The JL sketch and both whole-vector protocols are one-way: the link counts exactly one message per run."""
    rng = np.random.default_rng(5)
    a, b = gapip.promise_pair(64, 0.3, rng)
    assert gapip.run_jl(a, b, 0.3, 40, 7).messages == 1
    assert gapip.run_whole_vector(a, b, 0.3).messages == 1
    assert gapip.run_whole_vector_dithered(a, b, 0.3, 0.05, 7).messages == 1



def test_ml_angles_branch_and_bound_odd_inputs():
    """Counts above the shots (a negative miss coefficient) and NaN counts give the full grid's answer too."""
    ts = gapip.ladder(0.05)
    shots = np.array(gapip.rung_shots(ts))
    counts = np.array([shots + 2.0, -np.ones(len(ts)), np.full(len(ts), np.nan)])
    assert np.array_equal(gapip.ml_angles(ts, counts, shots), gapip.ml_angles_full_grid(ts, counts, shots))
