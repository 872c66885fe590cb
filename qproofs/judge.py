"""The judgement vocabulary: a check generates instances, runs the protocol, and judges.

Each helper compares an observation with what the paper claims and returns the
:class:`~qproofs.claims.Evidence` itself (observed, expected, tolerance,
instances), so a check reads as three lines. Extra evidence fields (figures,
detail, data, caveats, ``on_fail``, counterexample) pass through as keywords.
Tolerances come from ``ctx.tol`` (:class:`qproofs.tolerance.Tolerances`); give
the one you use, its value is recorded.

A check that cannot decide (a solver that did not converge, a budget
exhausted) raises :class:`Undecided` or returns :func:`undecided`: the claim
is then ``inconclusive``, never ``error``.

>>> at_most(0.24, 0.25).passed, at_most(0.26, 0.25).passed
(True, False)
>>> exact(4, 4).tolerance
'exact'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from qproofs.claims import Evidence
from qproofs.tolerance import EXACT


class Undecided(Exception):  # noqa: N818 - an outcome, not a failure: reads as `raise Undecided(...)`
    """Raised by a check that cannot decide; the runner records ``inconclusive`` with the message."""


def undecided(why: str, **ev: Any) -> Evidence:
    """Evidence for a check that cannot decide, saying what would decide it."""
    return Evidence(passed=None, detail=why if "detail" not in ev else f"{why} {ev.pop('detail')}", **ev)


def exact(observed: Any, expected: Any, **ev: Any) -> Evidence:
    """``observed == expected`` in exact arithmetic (integers, Fractions, sympy zero, tables)."""
    return Evidence(passed=bool(observed == expected), observed=observed, expected=expected,
                    tolerance=EXACT, **ev)


def close(observed: float, expected: float, *, tol: float, **ev: Any) -> Evidence:
    """``|observed − expected| ≤ tol``."""
    return Evidence(passed=bool(abs(observed - expected) <= tol), observed=observed, expected=expected,
                    tolerance=tol, **ev)


def at_most(observed: float, bound: float, *, tol: float = 0.0, **ev: Any) -> Evidence:
    """``observed ≤ bound + tol``; ``data`` gains the margin and the ratio observed/bound (tightness)."""
    return Evidence(passed=bool(observed <= bound + tol), observed=observed, expected=f"≤ {bound}",
                    tolerance=tol, **_with_data(ev, margin=bound - observed, ratio=_ratio(observed, bound)))


def at_least(observed: float, bound: float, *, tol: float = 0.0, **ev: Any) -> Evidence:
    """``observed ≥ bound − tol``; ``data`` gains the margin and the ratio observed/bound."""
    return Evidence(passed=bool(observed >= bound - tol), observed=observed, expected=f"≥ {bound}",
                    tolerance=tol, **_with_data(ev, margin=observed - bound, ratio=_ratio(observed, bound)))


def every_row(rows: Sequence[Mapping[str, Any]], holds: Callable[[Mapping[str, Any]], bool], *,
              expected: Any, tolerance: float | str, **ev: Any) -> Evidence:
    """Every row satisfies ``holds``; the first that does not is the counterexample."""
    bad = next((r for r in rows if not holds(r)), None)
    ev.setdefault("instances", len(rows))
    ev.setdefault("observed", list(rows))
    if bad is not None:
        ev.setdefault("counterexample", dict(bad))
    return Evidence(passed=bad is None, expected=expected, tolerance=tolerance, **ev)


def clopper_pearson(successes: int, trials: int, alpha: float) -> tuple[float, float]:
    """Exact two-sided (1 − alpha) binomial interval for a rate (scipy's beta quantiles)."""
    from scipy import stats

    lo = 0.0 if successes == 0 else float(stats.beta.ppf(alpha / 2, successes, trials - successes + 1))
    hi = 1.0 if successes == trials else float(stats.beta.ppf(1 - alpha / 2, successes + 1, trials - successes))
    return lo, hi


def rate(successes: int, trials: int, p: float, *, alpha: float, **ev: Any) -> Evidence:
    """A sampled rate agrees with ``p``: ``p`` lies in the exact (1 − alpha) Clopper–Pearson interval.

    ``observed`` is (low, best, high); ``alpha`` is the check's false-alarm probability on a true ``p``.
    """
    lo, hi = clopper_pearson(successes, trials, alpha)
    best = successes / trials if trials else math.nan
    ev.setdefault("instances", trials)
    return Evidence(passed=bool(lo <= p <= hi), observed={"low": lo, "best": best, "high": hi},
                    expected=p, tolerance=alpha, **_with_data(ev, false_alarm=alpha))


def exponent(fit: Any, claimed: float, *, neighbours: Iterable[float] = (), margin: float, alpha: float,
             band: float = 0.0, **ev: Any) -> Evidence:
    """A fitted scaling exponent judged against an asymptotic claim, three ways.

    Finite sizes bias a fitted exponent, so the claim is tested with an
    equivalence ``margin`` (stated in the evidence):

    * **supports** (pass): the estimate lies within ``margin`` of ``claimed`` and
      the fit's CI (± a numerical ``band``) excludes every neighbouring hypothesis;
    * **rejects** (fail): even the (1 − ``alpha``) interval estimate ± z·SE lies
      entirely outside [claimed − margin, claimed + margin] — decisive beyond
      what finite sizes explain; ``alpha`` is this fit's share of the run's
      false-alarm budget (a union bound over the fits of a run);
    * otherwise it cannot decide: ``inconclusive``, saying what would decide it.
    """
    from scipy.stats import norm

    z = float(norm.ppf(1 - alpha / 2))
    lo_r, hi_r = fit.exponent - z * fit.se - band, fit.exponent + z * fit.se + band
    others = [c for c in neighbours if fit.ci_low - band <= c <= fit.ci_high + band]
    if hi_r < claimed - margin or lo_r > claimed + margin:
        passed: bool | None = False
    elif abs(fit.exponent - claimed) <= margin + band and not others:
        passed = True
    else:
        passed = None
        why = (f"the CI also holds {others}" if others else
               f"the estimate {fit.exponent:.3f} is more than {margin} from {claimed} but not decisively")
        ev["detail"] = (ev.get("detail", "") + f" Undecided: {why}; more sizes or larger n would decide.").strip()
    observed = {**fit.summary(), "se": round(fit.se, 4), "reject_interval": [round(lo_r, 4), round(hi_r, 4)]}
    expected = {"exponent": claimed, "margin": margin, "excludes": list(neighbours), "alpha": alpha}
    return Evidence(passed=passed, observed=observed, expected=expected, tolerance=margin,
                    instances=ev.pop("instances", fit.points), **_with_data(ev, false_alarm=alpha))


def certified(result: Any, claimed: Any, **ev: Any) -> Evidence:
    """An SDP bound certified by an exact dual (:class:`qproofs.sdp.certificate.CertifiedBound`)."""
    return Evidence(passed=result.passed, observed={"bound": result.bound, "numeric": result.numeric_optimum,
                                                    "status": result.status},
                    expected=claimed, tolerance=EXACT, **_with_data(ev, margin=result.margin))


def _ratio(observed: float, bound: float) -> float | None:
    try:
        return float(observed) / float(bound) if float(bound) != 0 else None
    except (TypeError, ValueError):
        return None


def _with_data(ev: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data = dict(ev.pop("data", None) or {})
    for k, v in extra.items():
        data.setdefault(k, v)
    return {**ev, "data": data}
