"""Acceptance band of a sample variance against its true value.

Shared by the estimator checks of §3.3 (``def1.ghz-aggregate``, ``thm1.copies``, ``rem2.parity-saturates``).
"""

from __future__ import annotations


def chi2_band(runs: int, z: float) -> tuple[float, float]:
    """Acceptance band of sample-variance / true-variance for ``runs`` normal draws (``runs`` − 1 degrees of freedom).

    Exact χ² quantiles at the two-sided tail probability of z standard errors (the normal
    approximation 1 ± z√(2/df) goes negative for small samples, so its lower side could never fail).
    """
    from scipy import stats

    df = runs - 1
    tail = float(stats.norm.sf(z))
    return float(stats.chi2.ppf(tail, df) / df), float(stats.chi2.isf(tail, df) / df)


def variance_band(df: int, alpha: float) -> dict[str, float]:
    """Two-sided exact χ² acceptance band of (sample variance)/(true variance) with false-alarm ``alpha`` (issue 11).

    ``df`` degrees of freedom (``runs`` for a mean square about the true value, ``runs − 1`` for
    ``np.var(ddof=1)``); exact for normal estimates. Also the power of the band against a
    variance off by a factor 2 either way (the probability that such a ratio falls outside it).
    """
    from scipy import stats

    lo = float(stats.chi2.ppf(alpha / 2, df) / df)
    hi = float(stats.chi2.isf(alpha / 2, df) / df)
    power_x2 = float(stats.chi2.sf(hi * df / 2, df) + stats.chi2.cdf(lo * df / 2, df))
    power_half = float(stats.chi2.cdf(lo * df * 2, df) + stats.chi2.sf(hi * df * 2, df))
    return {"low": lo, "high": hi, "df": df, "false_alarm": alpha, "power_factor_2": min(power_x2, power_half)}


SAMPLED_CHECK_BUDGET = 2e-5
"""False-alarm budget of each sampled check of §3 and §3.3 (issue 11: the standard audit sums to ≤ 1e-3)."""
