"""Shared judgement pieces of Section 5's claims (not a claim module).

Every scaling fit of Theorems 4–5 and Remark 3 is judged three ways by
:func:`qproofs.judge.exponent` (issue 11): it *supports* the paper's exponent
when the estimate lies within the finite-size margin ``TOL.fit_margin`` of it
and the 95% bootstrap CI (± the claim's ``fit_band``) excludes the
neighbouring hypotheses; it *rejects* only when even the (1 − ``TOL.fit_alpha``)
interval lies entirely outside [claimed ± margin]; otherwise the claim is
``inconclusive`` and the evidence says what would decide it. ``fit_alpha`` is
one fit's share of the run's false-alarm budget (a union bound over fits).
Costs that are exact by construction (qubits against log n) are not fitted at
all: they are ``accounting`` checks (finding 6 of issue 10).
The error rates pass a one-sided binomial test 'rate ≤ δ'.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from qproofs import judge
from qproofs.claims import Evidence, Figure
from qproofs.tolerance import TOL

FIT_NUMERIC = TOL.fit_numeric
"""Numerical tolerance on a fitted exponent (optimiser / rounding precision only), at standard and deep."""
QUICK_FIT_BAND = 0.15
"""Quick profile only (a 10-s smoke run): its sweeps are too short to resolve an exponent against
finite-size curvature (e.g. the swap-test threshold asymmetry τ²/8, the ladder's −2·log T term), so the
numeric band of :func:`qproofs.judge.exponent` is this wide there. Reported as the check's band."""
FIT_BAND = {"quick": QUICK_FIT_BAND, "standard": FIT_NUMERIC, "deep": FIT_NUMERIC}
"""The per-profile values of a claim's ``fit_band`` parameter."""


SECTION_FALSE_ALARM = 4e-4
"""Section 5's share of the run's false-alarm budget at standard (issue 11: ≤ 10⁻³ for the whole run)."""
FIT_ALPHA = 1e-5
"""One fitted exponent's false-alarm probability in Section 5 (≤ ``TOL.fit_alpha``): 10 fits → 10⁻⁴."""
RATE_ALPHA = 5e-6
"""One one-sided binomial rate test's false-alarm probability in Section 5: ≈ 42 tests at standard → 2.1·10⁻⁴.
Power is kept: each check states the true rate its tests detect with probability ≥ ``POWER``."""
POWER = 0.99
"""Power at which each sampled check states the alternative it catches."""


def section_alpha(ctx: Any) -> float:
    """False-alarm probability of one fitted exponent: the stricter of the kit's ``fit_alpha`` and FIT_ALPHA."""
    return min(float(ctx.tol.fit_alpha), FIT_ALPHA)


def rate_test(failures: int, trials: int, rate: float, alpha: float = RATE_ALPHA) -> dict[str, Any]:
    """One-sided exact binomial test of 'true failure rate ≤ ``rate``' with its stated error budget.

    Fails when P[Bin(trials, rate) ≥ failures] < ``alpha`` (as :func:`rate_at_most`). Returns ``passed``, the
    rejection ``threshold`` (fewest failures that reject), the exact ``false_alarm`` P[Bin(trials, rate) ≥
    threshold] ≤ alpha (the worst case over true rates ≤ ``rate``), and ``detects``: the true rate rejected with
    probability ≥ POWER (exact binomial tail, solved by bisection).
    """
    thr = int(stats.binom.isf(alpha, trials, rate)) + 1          # smallest t with P[Bin ≥ t] ≤ alpha
    while thr > 1 and stats.binom.sf(thr - 2, trials, rate) < alpha:
        thr -= 1
    while stats.binom.sf(thr - 1, trials, rate) >= alpha and thr <= trials:
        thr += 1
    fa = float(stats.binom.sf(thr - 1, trials, rate)) if thr <= trials else 0.0
    lo, hi = rate, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if stats.binom.sf(thr - 1, trials, mid) < POWER else (lo, mid)
    return {"passed": bool(failures < thr), "failures": int(failures), "trials": int(trials), "threshold": thr,
            "false_alarm": fa, "detects": round(hi, 4) if thr <= trials else None}


def rate_tests_data(tests: list[dict[str, Any]]) -> dict[str, Any]:
    """Evidence data of several rate tests: their summed false-alarm (union bound) and the weakest power."""
    found = [t["detects"] for t in tests if t["detects"] is not None]
    return {"false_alarm": float(sum(t["false_alarm"] for t in tests)), "tests": len(tests),
            "power": POWER, "detects_rate_at_least": max(found) if found else None}


def fit_band(ctx: Any) -> float:
    """Numeric band of a statistical fit: the claim's ``fit_band`` parameter (FIT_NUMERIC without one)."""
    return float(getattr(ctx.params, "fit_band", FIT_NUMERIC))


def rate_at_most(failures: int, trials: int, rate: float, alpha: float = RATE_ALPHA) -> bool:
    """The observed failures are consistent with a true rate ≤ ``rate`` (one-sided binomial test at ``alpha``)."""
    return bool(failures == 0 or stats.binom.sf(failures - 1, trials, rate) >= alpha)


def fit_evidence(ctx: Any, fit: Any, claimed: float, neighbours: tuple[float, ...], what: str, *,
                 figures: tuple[Figure, ...] = (), data: dict[str, Any] | None = None,
                 caveats: tuple[str, ...] = (), max_width: float | None = None, fits: int = 1) -> Evidence:
    """A fit judged three ways by :func:`qproofs.judge.exponent` (margin, α and band from ``ctx``).

    ``max_width``: a supporting verdict also needs a CI narrower than this (else ``inconclusive``).
    ``fits``: the number of fitted exponents combined in ``fit`` (a :class:`DifferenceFit` has 2): each
    carries its own finite-size margin, so the margins add.
    """
    margin, band, alpha = fits * ctx.tol.fit_margin, fit_band(ctx), section_alpha(ctx)
    drawn = curve_gap(fit)
    if drawn > TOL.rounding:
        return judge.undecided(f"the fitted curve drawn in the figures (PowerLawFit.predict) is off its own fit by "
                               f"{drawn:.3g} (relative): a tool defect.", observed=fit.summary(),
                               expected="predict(x) = prefactor·x^exponent", figures=figures, data=data or {})
    detail = (f"{what}: exponent {fit.exponent:.3f}, 95% bootstrap CI [{fit.ci_low:.3f}, {fit.ci_high:.3f}]; "
              f"supports within the finite-size margin ±{margin} (numeric band {band}), rejects only if the "
              f"{1 - alpha:.7g} interval lies beyond it.")
    width = fit.ci_high - fit.ci_low
    ev = judge.exponent(fit, claimed, neighbours=neighbours, margin=margin, alpha=alpha, band=band,
                        detail=detail, figures=figures, data={**(data or {}), "ci_width": round(width, 4)},
                        caveats=caveats)
    if max_width is not None and ev.passed and width >= max_width:
        return judge.undecided(f"CI width {width:.3f} ≥ {max_width}: too wide to exclude the neighbours with "
                               "margin; more sizes would decide.", observed=ev.observed, expected=ev.expected,
                               tolerance=ev.tolerance, instances=ev.instances, figures=figures, data=ev.data,
                               caveats=caveats)
    return ev


CURVE_POINTS = (1.0, 2.0, 10.0)
"""Abscissae at which :func:`curve_gap` compares the drawn fitted curve with the fit's own power law."""


def curve_gap(fit: Any) -> float:
    """Largest relative gap between ``fit.predict`` (the curve the figures draw) and prefactor·x^exponent.

    Round-6 mutation survivor ``loglog.py:42`` (``*`` → ``/``): the figures' fitted curves were never asserted.
    0 for a fit without a curve (:class:`DifferenceFit`).
    """
    if not hasattr(fit, "predict"):
        return 0.0
    x = np.asarray(CURVE_POINTS)
    want = fit.prefactor * np.exp(fit.exponent * np.log(x))
    return float(np.max(np.abs(np.asarray(fit.predict(x)) - want) / np.maximum(np.abs(want), 1e-300)))


@dataclass(frozen=True)
class DifferenceFit:
    """The difference of two independent fitted exponents, shaped like a fit for :func:`judge.exponent`."""

    exponent: float
    se: float
    ci_low: float
    ci_high: float
    points: int

    @classmethod
    def of(cls, a: Any, b: Any) -> DifferenceFit:
        """A − b: SEs in quadrature, CI from the two CIs (conservative: widths add)."""
        return cls(a.exponent - b.exponent, math.hypot(a.se, b.se), a.ci_low - b.ci_high, a.ci_high - b.ci_low,
                   min(a.points, b.points))

    def summary(self) -> dict[str, float]:
        """Small JSON-able summary, as :meth:`PowerLawFit.summary`."""
        return {"exponent": round(self.exponent, 4), "ci_low": round(self.ci_low, 4),
                "ci_high": round(self.ci_high, 4), "points": self.points}


def all_of(evs: dict[str, Evidence], *, figures: tuple[Figure, ...] = (), data: dict[str, Any] | None = None
           ) -> Evidence:
    """Several judged fits as one check: rejects if any rejects, supports if all support, else inconclusive.

    The false-alarm probability is the sum of the parts' (union bound).
    """
    verdicts = [e.passed for e in evs.values()]
    passed = False if False in verdicts else (None if None in verdicts else True)
    alarm = sum(float((e.data or {}).get("false_alarm", 0.0)) for e in evs.values())
    return Evidence(passed=passed, observed={k: e.observed for k, e in evs.items()},
                    expected={k: e.expected for k, e in evs.items()}, tolerance=next(iter(evs.values())).tolerance,
                    instances=sum(e.instances for e in evs.values()), figures=figures,
                    detail=" ".join(f"[{k}] {e.detail}" for k, e in evs.items() if e.detail),
                    data={**(data or {}), "false_alarm": alarm})


def taus(lo: float, hi: float, count: int) -> list[float]:
    """``count`` margins spaced geometrically from hi down to lo."""
    return [float(t) for t in np.geomspace(hi, lo, count)]
