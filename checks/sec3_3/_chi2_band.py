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
