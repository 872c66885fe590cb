"""Exact-tail tests of sampled 4-ary channels (issue 11), shared by ``ring.noise-breakeven``'s sampled checks.

Not a claim module (its name starts with ``_``). Each entry C[s, t] of a count matrix is, given its row
total, Binomial(row, W[s, t]); the tests below use exact Clopper–Pearson intervals
(:func:`qproofs.judge.clopper_pearson`) with a union bound over the entries, so the probability that a
true channel fails is at most the ``alpha`` passed in. The capacity deviation bound turns the same
intervals into bits (Fannes–Audenaert continuity of the Shannon entropy), so a capacity judged with it
inherits the same false-alarm probability.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qproofs.judge import clopper_pearson

SAMPLED_CHECK_BUDGET = 2e-5
"""False-alarm budget of each sampled check of §3 (issue 11: the standard audit sums to ≤ 1e-3)."""


def entry_intervals(counts: np.ndarray, alpha_each: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (1 − alpha_each) Clopper–Pearson interval of every transition probability W[s, t].

    The same beta quantiles as :func:`qproofs.judge.clopper_pearson`, evaluated on the whole matrix in
    one call (issue 14); :func:`entry_intervals_reference` is the per-entry loop a test compares it with.
    """
    from scipy import stats

    k = np.asarray(counts, dtype=float)
    n = np.broadcast_to(k.sum(axis=1, keepdims=True), k.shape)
    with np.errstate(invalid="ignore"):
        lo = np.where(k == 0, 0.0, stats.beta.ppf(alpha_each / 2, np.maximum(k, 1), n - k + 1))
        hi = np.where(k == n, 1.0, stats.beta.ppf(1 - alpha_each / 2, k + 1, np.maximum(n - k, 1)))
    return lo, hi


def entry_intervals_reference(counts: np.ndarray, alpha_each: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-entry :func:`qproofs.judge.clopper_pearson` (the slow reference of :func:`entry_intervals`)."""
    lo, hi = np.zeros(counts.shape), np.ones(counts.shape)
    for s in range(counts.shape[0]):
        row = int(counts[s].sum())
        for t in range(counts.shape[1]):
            lo[s, t], hi[s, t] = clopper_pearson(int(counts[s, t]), row, alpha_each)
    return lo, hi


def channel_test(counts: np.ndarray, W: np.ndarray, alpha_each: float) -> dict[str, Any]:
    """Does every W[s, t] lie in its interval? Also the rows' worst total-variation radius T* and its resolution.

    ``resolution`` is the largest relative half-width (hi − lo)/(2W) over the entries: a probability off by a
    factor 2 is caught when it is < 1/2.
    """
    lo, hi = entry_intervals(counts, alpha_each)
    emp = counts / counts.sum(axis=1, keepdims=True)
    inside = (lo <= W) & (W <= hi)
    radius = float(max(0.5 * np.maximum(emp - lo, hi - emp)[s].sum() for s in range(counts.shape[0])))
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(W > 0, (hi - lo) / (2 * W), 0.0)
    return {"ok": bool(inside.all()), "outside": int((~inside).sum()), "tv_radius": radius,
            "resolution": float(rel.max()), "tests": int(counts.size)}


def capacity_deviation(tv_radius: float, d: int = 4) -> float:
    """Bound on |C(Ŵ) − C(W)| in bits when every row of W is within ``tv_radius`` (total variation) of Ŵ's.

    I(p; W) = H(pW) − Σ_x p_x H(W_x), and each entropy moves by at most T·log₂(d − 1) + h(T) for T ≤ 1 − 1/d
    (Fannes–Audenaert; Audenaert, J. Phys. A 40, 8127 (2007)), so the capacity moves by at most twice that.
    """
    T = tv_radius
    if T >= 1 - 1 / d:
        return 2 * math.log2(d)
    h = 0.0 if T <= 0 else -T * math.log2(T) - (1 - T) * math.log2(1 - T)
    return 2 * (T * math.log2(d - 1) + h)
