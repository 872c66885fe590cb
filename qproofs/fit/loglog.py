"""Log-log least squares with bootstrap confidence intervals (used by every ``fit`` check).

A scaling law y ≈ C·x^p is fitted by ordinary least squares of log y on log x;
the confidence interval of the exponent p comes from a pairs bootstrap
(resample the (x, y) points with replacement, refit, take percentiles), seeded
through a numpy ``Generator`` so a fit is reproducible from the audit seed.

The verdict on a claimed exponent is not taken here: :func:`qproofs.judge.exponent`
judges a fit with its finite-size margin and the run's number of fits (issue 11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qproofs.errors import require


@dataclass(frozen=True)
class PowerLawFit:
    """y ≈ prefactor · x^exponent, with a bootstrap CI on the exponent."""

    exponent: float
    prefactor: float
    ci_low: float
    ci_high: float
    level: float
    points: int
    se: float = 0.0
    """Bootstrap standard error of the exponent (0 when the points follow the model exactly)."""

    def predict(self, x: np.ndarray | Sequence[float]) -> np.ndarray:
        """The fitted line at ``x``.

        >>> f = fit_power_law([1, 2, 4, 8], [3, 6, 12, 24], np.random.default_rng(0))
        >>> np.round(f.predict([16]), 6).tolist()
        [48.0]
        """
        return self.prefactor * np.asarray(x, dtype=float) ** self.exponent

    def summary(self) -> dict[str, float]:
        """Small JSON-able summary for ``Evidence.observed``.

        >>> fit_power_law([1, 2, 4, 8], [3, 6, 12, 24], np.random.default_rng(0)).summary()
        {'exponent': 1.0, 'ci_low': 1.0, 'ci_high': 1.0, 'level': 0.95, 'points': 4}
        """
        return {"exponent": round(self.exponent, 4), "ci_low": round(self.ci_low, 4),
                "ci_high": round(self.ci_high, 4), "level": self.level, "points": self.points}


def _ols(lx: np.ndarray, ly: np.ndarray) -> tuple[float, float]:
    A = np.column_stack([lx, np.ones_like(lx)])
    (slope, intercept), *_ = np.linalg.lstsq(A, ly, rcond=None)
    return float(slope), float(intercept)


def fit_power_law(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    rng: np.random.Generator,
    *,
    boot: int = 1000,
    level: float = 0.95,
) -> PowerLawFit:
    """Fit y = C x^p by least squares in log-log; percentile pairs-bootstrap CI for p.

    >>> f = fit_power_law([1, 2, 4, 8], [3, 6, 12, 24], np.random.default_rng(0))
    >>> round(f.exponent, 6), round(f.ci_low, 6), round(f.ci_high, 6)
    (1.0, 1.0, 1.0)
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    require(xs.shape == ys.shape and xs.ndim == 1, "y", "must have the same length as x", ys.shape)
    require(xs.size >= 3, "x", "must hold at least 3 points", xs.size)
    require(bool(np.all(xs > 0) and np.all(ys > 0)), "x, y", "must be > 0 for a log-log fit")
    require(0 < level < 1, "level", "must lie in (0, 1)", level)
    require(len(np.unique(xs)) >= 2, "x", "must hold at least 2 distinct values")
    lx, ly = np.log(xs), np.log(ys)
    slope, intercept = _ols(lx, ly)
    pref = float(np.exp(intercept))
    slopes = []
    idx_all = np.arange(xs.size)
    for _ in range(boot):
        idx = rng.choice(idx_all, size=xs.size, replace=True)
        if np.unique(lx[idx]).size < 2:
            continue
        slopes.append(_ols(lx[idx], ly[idx])[0])
    arr = np.asarray(slopes)
    a = (1 - level) / 2
    lo, hi = (float(np.quantile(arr, a)), float(np.quantile(arr, 1 - a))) if arr.size else (slope, slope)
    se = float(np.std(arr, ddof=1)) if arr.size > 1 else 0.0
    return PowerLawFit(slope, pref, min(lo, slope), max(hi, slope), level, int(xs.size), se)
