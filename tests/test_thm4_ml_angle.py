"""``thm4.quantum-upper``'s ``ml_angle_independent``: the independent maximiser and the judge (Theorem 4.1, App. D)."""

import itertools
import math

import numpy as np

from checks.sec5 import thm4_quantum_upper as q
from qproofs.protocols import gapip


def dense_tables(ts, points=100_001):
    """Brute force: log p and log(1 − p) of every rung on a dense grid of [0, π/2] (−∞ as −10³⁰⁰, so 0·log 0 = 0)."""
    th = np.linspace(0, math.pi / 2, points)
    c2 = np.cos(2 * np.outer(np.asarray(ts, float), th))
    with np.errstate(divide="ignore"):
        return th, np.maximum(np.log((1 + c2) / 2), -1e300), np.maximum(np.log((1 - c2) / 2), -1e300)


def best(ts, counts, shots):
    thetas, values, exact = q.piece_maxima(ts, counts, shots, q.concave_pieces(ts))
    j = int(np.argmax(np.where(exact, values, -np.inf)))
    return float(thetas[j]), float(values[j])


def test_known_answers():
    """Exact expected counts are maximised at the generating θ₀; all-m at θ = 0; all-0 has a finite interior maximum."""
    for tau in (0.3, 0.01, 1e-3):
        ts = gapip.ladder(tau)
        shots = gapip.rung_shots(ts)
        for th in (0.3, math.acos((1 + tau) / 2), 1.4):
            expected = np.asarray(shots) * (1 + np.cos(2 * np.asarray(ts) * th)) / 2
            assert abs(best(ts, expected, shots)[0] - th) <= q._ML_KNOWN_ANSWER_TOL
        assert best(ts, np.asarray(shots, float), shots) == (0.0, 0.0)
        theta, value = best(ts, np.zeros(len(ts)), shots)
        assert 0 < theta < math.pi / 2 and math.isfinite(value)


def test_independent_maximiser_matches_brute_force_exhaustively():
    """Every count vector of the τ = 0.3 ladder (t = 1, 2, 4; 7, 5, 3 shots): no higher value on a dense grid."""
    ts = gapip.ladder(0.3)
    shots = gapip.rung_shots(ts)
    th, log_p, log_q = dense_tables(ts)
    m = np.asarray(shots, float)
    for counts in itertools.product(*(range(k + 1) for k in shots)):
        c = np.asarray(counts, float)
        theta, value = best(ts, c, shots)
        dense = c @ log_p + (m - c) @ log_q
        i = int(np.argmax(dense))
        assert value >= dense[i] - 1e-12 * max(1.0, abs(value))
        assert value - dense[i] <= 1e-4          # the dense grid's own rounding loss
        assert float(q.rung_log_likelihood(ts, c, shots, theta)[0]) == value


def test_estimator_passes_exhaustively_at_small_T():
    """gapip.ml_angles is judged correct on every count vector of the τ = 0.3 ladder."""
    ts = gapip.ladder(0.3)
    shots = gapip.rung_shots(ts)
    rows = np.array(list(itertools.product(*(range(m + 1) for m in shots))), float)
    angles = gapip.ml_angles(ts, rows, shots)
    judged = [q.judge_ml_row(ts, shots, c, None, float(a)) for c, a in zip(rows, angles, strict=True)]
    assert all(j["ok"] for j in judged)
    assert sum(j["unique"] for j in judged) >= len(judged) // 2     # the angle test is not vacuous


def test_judge_rejects_a_coarse_grid_and_a_wrong_likelihood():
    """The survivors of mutation round 4, as estimators: a 4096-point grid at T = 1000 and k + log p."""
    ts = gapip.ladder(1e-3)
    shots = gapip.rung_shots(ts)
    rows = q.ml_rows(ts, shots, [0.3, 1.4])
    counts = np.array([c for _, c, _ in rows])
    coarse = gapip.ml_angles(ts, counts, shots, grid=4096)
    assert not all(q.judge_ml_row(ts, shots, c, k, float(a))["ok"] for (_, c, k), a in zip(rows, coarse, strict=True))
    th = np.linspace(0, math.pi / 2, q.design_grid(ts))
    p = np.clip((1 + np.cos(2 * np.asarray(ts, float)[:, None] * th)) / 2, 1e-12, 1 - 1e-12)
    m = np.asarray(shots, float)[:, None]
    wrong = [th[np.argmax(np.sum(c[:, None] + np.log(p) + (m - c[:, None]) * np.log1p(-p), axis=0))] for c in counts]
    assert not all(q.judge_ml_row(ts, shots, c, k, float(a))["ok"] for (_, c, k), a in zip(rows, wrong, strict=True))


def test_check_passes_and_its_mutants_make_it_inconclusive():
    ctx = q.CLAIM.context(seed=0, profile="quick")
    assert q.ml_angle_independent(ctx).passed is True
    for mutant in (q.ml_grid_at_its_floor, q.ml_outcomes_mislabelled):
        with mutant.patch():
            assert q.ml_angle_independent(ctx).passed is None
