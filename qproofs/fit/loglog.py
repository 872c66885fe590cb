"""Log-log least squares with bootstrap confidence intervals (used by every ``fit`` check).

A scaling law y ≈ C·x^p is fitted by ordinary least squares of log y on log x;
the confidence interval of the exponent p comes from a pairs bootstrap
(resample the (x, y) points with replacement, refit, take percentiles), seeded
through a numpy ``Generator`` so a fit is reproducible from the audit seed.

With ``offset=True`` the model is y ≈ β + C·x^p: a constant overhead β (a
control qubit carried on every leg, the +1 of ⌈log₂(n+1)⌉) is part of the model
instead of biasing the local log-log slope; p is found by minimising the
relative residuals Σ((y − β − C x^p)/y)² (linear in β, C for fixed p).

A fit *supports* a claimed exponent when the interval contains the claimed
exponent and excludes every competing one (e.g. Heisenberg 1 against
shot-noise 2). ``band`` is only a numerical tolerance (default 0) for data that
follow the model exactly, where the CI degenerates to a point known to
floating-point precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from qproofs.errors import require

OFFSET_EXPONENT_RANGE = (-1.0, 4.0)
"""Search interval of p for the offset model y = β + C·x^p."""


@dataclass(frozen=True)
class PowerLawFit:
    """y ≈ prefactor · x^exponent, with a bootstrap CI on the exponent."""

    exponent: float
    prefactor: float
    ci_low: float
    ci_high: float
    level: float
    points: int
    boot: int
    residual_rms: float
    offset: float = 0.0
    se: float = 0.0
    """Bootstrap standard error of the exponent (0 when the points follow the model exactly)."""

    def supports(self, claimed: float, competing: Sequence[float] = (), band: float = 0.0) -> bool:
        """CI (± a numerical ``band``) contains ``claimed`` and excludes every exponent in ``competing``.

        >>> f = fit_power_law([1, 2, 4, 8], [3, 6, 12, 24], np.random.default_rng(0))
        >>> f.supports(1.0, competing=[2.0]), f.supports(2.0)
        (True, False)
        """
        lo, hi = self.ci_low - band, self.ci_high + band
        return bool(lo <= claimed <= hi and all(not (lo <= c <= hi) for c in competing))

    def predict(self, x: np.ndarray | Sequence[float]) -> np.ndarray:
        """The fitted line at ``x``.

        >>> f = fit_power_law([1, 2, 4, 8], [3, 6, 12, 24], np.random.default_rng(0))
        >>> np.round(f.predict([16]), 6).tolist()
        [48.0]
        """
        return self.offset + self.prefactor * np.asarray(x, dtype=float) ** self.exponent

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


def _offset_fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(p, C, β) minimising Σ((y − β − C x^p)/y)² over p ∈ OFFSET_EXPONENT_RANGE."""
    w = 1 / y

    def coef(p: float) -> tuple[np.ndarray, float]:
        A = np.column_stack([x**p, np.ones_like(x)]) * w[:, None]
        c, *_ = np.linalg.lstsq(A, y * w, rcond=None)
        return c, float(np.sum((A @ c - y * w) ** 2))

    res = minimize_scalar(lambda p: coef(p)[1], bounds=OFFSET_EXPONENT_RANGE, method="bounded",
                          options={"xatol": 1e-10})
    p = float(res.x)
    (C, beta), _ = coef(p)
    return p, float(C), float(beta)


def fit_power_law(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    rng: np.random.Generator,
    *,
    boot: int = 1000,
    level: float = 0.95,
    offset: bool = False,
) -> PowerLawFit:
    """Fit y = C x^p by least squares in log-log (or y = β + C x^p if ``offset``); percentile pairs-bootstrap CI for p.

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
    distinct = 3 if offset else 2
    require(len(np.unique(xs)) >= distinct, "x", f"must hold at least {distinct} distinct values")
    lx, ly = np.log(xs), np.log(ys)
    beta = 0.0
    if offset:
        slope, pref, beta = _offset_fit(xs, ys)
        resid = ly - np.log(np.maximum(beta + pref * xs**slope, 1e-300))
    else:
        slope, intercept = _ols(lx, ly)
        pref = float(np.exp(intercept))
        resid = ly - (slope * lx + intercept)
    slopes = []
    idx_all = np.arange(xs.size)
    for _ in range(boot):
        idx = rng.choice(idx_all, size=xs.size, replace=True)
        if np.unique(lx[idx]).size < distinct:
            continue
        slopes.append(_offset_fit(xs[idx], ys[idx])[0] if offset else _ols(lx[idx], ly[idx])[0])
    arr = np.asarray(slopes)
    a = (1 - level) / 2
    lo, hi = (float(np.quantile(arr, a)), float(np.quantile(arr, 1 - a))) if arr.size else (slope, slope)
    se = float(np.std(arr, ddof=1)) if arr.size > 1 else 0.0
    return PowerLawFit(slope, pref, min(lo, slope), max(hi, slope), level, int(xs.size),
                       int(arr.size), float(np.sqrt(np.mean(resid**2))), beta, se)
