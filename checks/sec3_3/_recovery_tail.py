"""Exact failure probability of Definition 1's rounding recovery (issue 11), for ``def1.ghz-aggregate``.

Not a claim module (its name starts with ``_``). Under the claim, of ν_X copies read in X…X the number
of odd parities is Binomial(ν_X, (1 − cos Φ)/2), of ν_Y copies read in YX…X Binomial(ν_Y, (1 − sin Φ)/2),
independently; the run recovers round(atan2(Ŷ, X̂)/α) with X̂ = 1 − 2·odd_X/ν_X (same for Y). The
probability that this differs from Σ k_j is summed exactly over the binomial lattice within ±``width``
standard deviations; the mass outside that window is added whole (so the result is an upper bound).
"""

from __future__ import annotations

import math

import numpy as np


def _window(n: int, p: float, width: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Counts within ±width σ of n·p, their Binomial(n, p) masses, and the mass left outside."""
    from scipy import stats

    sd = math.sqrt(max(n * p * (1 - p), 1e-12))
    lo, hi = max(0, int(math.floor(n * p - width * sd))), min(n, int(math.ceil(n * p + width * sd)))
    k = np.arange(lo, hi + 1)
    pmf = stats.binom.pmf(k, n, p)
    outside = float(stats.binom.cdf(lo - 1, n, p) + stats.binom.sf(hi, n, p))
    return k, pmf, outside


def recovery_failure(phi: float, alpha: float, nx: int, ny: int, target: int, width: float = 14.0) -> float:
    """Upper bound on P(round(Φ̂/α) ≠ target) when the parities follow the law of phase Φ (see the module)."""
    kx, px, out_x = _window(nx, (1 - math.cos(phi)) / 2, width)
    ky, py, out_y = _window(ny, (1 - math.sin(phi)) / 2, width)
    est = np.arctan2((1 - 2 * ky / ny)[None, :], (1 - 2 * kx / nx)[:, None]) / alpha
    fail = np.rint(est) != target
    return float(min(1.0, (px[:, None] * py[None, :] * fail).sum() + out_x + out_y))
