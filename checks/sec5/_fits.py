"""Shared judgement pieces of Section 5's claims (not a claim module).

The scaling fits of Theorems 4–5 and Remark 3 pass when the 95% bootstrap CI of
the fitted exponent (± a band) contains the paper's exponent and excludes its
neighbours; the error rates pass a one-sided binomial test 'rate ≤ δ'.
The band is the claim parameter ``fit_band``: :data:`QUICK_FIT_BAND` at the
quick profile, :data:`FIT_NUMERIC` (``TOL.fit_numeric``) at standard and deep.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from qproofs.claims import Evidence, Figure
from qproofs.tolerance import TOL

FIT_NUMERIC = TOL.fit_numeric
"""Numerical tolerance on a fitted exponent (optimiser / rounding precision only). At the standard and
deep profiles a fit passes on its 95% bootstrap CI alone; known constant overheads are part of the model
(``offset=True``), never absorbed by widening the interval."""
QUICK_FIT_BAND = 0.15
"""Quick profile only (a 10-s smoke run): its sweeps are too short to resolve an exponent against
finite-size curvature (e.g. the swap-test threshold asymmetry τ²/8, the ladder's −2·log T term), so the
CI is widened by this much there. Reported as the check's tolerance."""
FIT_BAND = {"quick": QUICK_FIT_BAND, "standard": FIT_NUMERIC, "deep": FIT_NUMERIC}
"""The per-profile values of a claim's ``fit_band`` parameter."""


def fit_band(ctx: Any) -> float:
    """Tolerance added to a statistical fit's CI: the claim's ``fit_band`` parameter."""
    return float(ctx.params.fit_band)


def rate_at_most(failures: int, trials: int, rate: float, alpha: float = TOL.rate_alpha) -> bool:
    """The observed failures are consistent with a true rate ≤ ``rate`` (one-sided binomial test at ``alpha``)."""
    return bool(failures == 0 or stats.binom.sf(failures - 1, trials, rate) >= alpha)


def fit_evidence(fit: Any, claimed: float, competing: tuple[float, ...], what: str, band: float, *,
                 figures: tuple[Figure, ...] = (), data: dict[str, Any] | None = None,
                 caveats: tuple[str, ...] = ()) -> Evidence:
    """Evidence of a fit check: the CI (± ``band``) contains ``claimed`` and excludes ``competing``."""
    return Evidence(
        passed=fit.supports(claimed, competing, band),
        observed=fit.summary(), expected={"exponent": claimed, "excludes": list(competing), "band": band},
        tolerance=band, instances=fit.points,
        detail=f"{what}: exponent {fit.exponent:.3f}, 95% bootstrap CI [{fit.ci_low:.3f}, {fit.ci_high:.3f}]",
        figures=figures, data=data or {}, caveats=caveats,
    )


def taus(lo: float, hi: float, count: int) -> list[float]:
    """``count`` margins spaced geometrically from hi down to lo."""
    return [float(t) for t in np.geomspace(hi, lo, count)]
