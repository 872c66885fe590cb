"""``thm4.quantum-upper`` (Theorem 4.1, Appendix D): interactive phase estimation decides GapIP_τ.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
physics is in :mod:`qproofs.protocols.gapip` (executed full-register and
two-dimensional simulators, the phase-estimation ladder, the qubit count);
the fits in :mod:`qproofs.fit`, judged by :mod:`._fits`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any
from unittest import mock

import numpy as np
from scipy.special import xlogy

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.domain import domain_evidence, forget_guards
from qproofs.fit import fit_power_law, loglog
from qproofs.fixtures import fixture
from qproofs.property import Property
from qproofs.protocols import gapip
from qproofs.tolerance import EXACT, TOL

from . import _domain, _props
from ._costs import DELTA, plane_run
from ._fits import FIT_BAND, RATE_ALPHA, fit_evidence, rate_test, rate_tests_data, taus

# ------------------------------------------------------------------ claim ---

_COMMON = {"cost_taus": taus(0.003, 0.3, 16), "n_tau": 2**10, "tau_n": 0.1,
           "accounting_n": (3, 4, 7, 8, 1000, 1023, 1024, 2**16, 2**20 - 1, 2**40), "accounting_taus": (0.3, 0.05),
           "repetition_deltas": (0.5, 0.2, 0.01, 1e-3, 1e-6)}

CLAIM = Claim(
    "thm4.quantum-upper", ref="Theorem 4.1, Appendix D", section="5", scope="exact",
    title="Interactive phase estimation decides GapIP_τ with O(log n/τ · log 1/δ) qubits",
    statement=("One register of ⌈log(n+1)⌉ qubits (plus the phase-estimation control qubit) travels A→B→A per "
               "application of G; Kitaev/iterative phase estimation and repetition decide GapIP_τ with error ≤ δ. "
               "Qubits scale as (1/τ)^1 and (log n)^1."),
    uses=("thm4.grover-angle",),
    caveats=("Phase estimation uses rungs t = 2^k with more shots on the cheap low rungs and a maximum-likelihood "
             "combination (cos-only data: the initial state is an equal superposition of the e^{±2iθ} eigenvectors).",),
    paper={"tau_exponent": 1.0, "logn_exponent": 1.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"error_taus": (0.3, 0.1, 0.03), "error_trials": 60, "n_exponents": (4, 8, 16, 24, 40),
                      "n_trials": 12, "full_sizes": (2**10,), "full_tau": 0.2, "full_per_size": 2, "boot": 200,
                      "fit_band": FIT_BAND["quick"], **_COMMON},
            "standard": {"error_taus": taus(0.01, 0.3, 6), "error_trials": 120,
                         "n_exponents": (4, 8, 12, 16, 20, 24, 32, 40), "n_trials": 30, "full_sizes": (2**10, 2**16),
                         "full_tau": 0.1, "full_per_size": 3, "boot": 1000, "fit_band": FIT_BAND["standard"],
                         **_COMMON},
            "deep": {"error_taus": taus(0.01, 0.3, 6), "error_trials": 120,
                     "n_exponents": (4, 8, 12, 16, 20, 24, 32, 40), "n_trials": 30,
                     "full_sizes": (2**10, 2**16, 2**20), "full_tau": 0.1, "full_per_size": 3, "boot": 1000,
                     "fit_band": FIT_BAND["deep"], **_COMMON}},
)

# ----------------------------------------------------------------- checks ---


@fixture(key="sweep")
def sweep(ctx: Any) -> dict[str, Any]:
    """Adversarial runs (⟨a,b⟩ = ±τ exactly) over τ at fixed n, and over n at fixed τ.

    Errors need many runs per point (a few margins); the executed cost is the
    same for every run at one (τ, n, δ), so the cost sweeps use a dense grid.
    """
    p = ctx.params
    rng = ctx.rng("sweep")
    n_tau = p.n_tau
    rows = []
    for tau in p.error_taus:
        trials = p.error_trials
        errors = base_errors = 0
        run = None
        for i in range(trials):
            sign = 1 if i % 2 == 0 else -1
            run = plane_run(tau, n_tau, sign, rng)
            errors += run.decision != sign
            base_errors += sum(v != sign for v in run.votes)
        assert run is not None
        rows.append({"tau": tau, "n": n_tau, "trials": trials, "errors": errors, "qubits": run.qubits,
                     "base_runs": trials * run.repetitions, "base_errors": base_errors,
                     "repetitions": run.repetitions, "ladder_top": max(run.ladder)})
    cost_rows = []
    for tau in p.cost_taus:   # single executed plane runs, cheap at every profile
        sign = 1 if len(cost_rows) % 2 == 0 else -1
        run = plane_run(tau, n_tau, sign, rng)
        cost_rows.append({"tau": tau, "n": n_tau, "qubits": run.qubits, "correct": run.decision == sign})
    nrows = []
    for n in [2**k for k in p.n_exponents]:
        errors = 0
        t = p.n_trials
        run = None
        for i in range(t):
            sign = 1 if i % 2 == 0 else -1
            run = plane_run(p.tau_n, n, sign, rng)
            errors += run.decision != sign
        assert run is not None
        nrows.append({"n": n, "tau": p.tau_n, "trials": t, "errors": errors, "qubits": run.qubits,
                      "register_qubits": run.register_qubits})
    return {"tau_rows": rows, "cost_rows": cost_rows, "n_rows": nrows}


@CLAIM.check("simulation")
def full_vs_plane(ctx: Any) -> Evidence:
    """Full (n+1)-dim simulation (reflections on vectors) agrees with the exact 2-dim simulator."""
    rng = ctx.rng("shared")
    sizes = list(ctx.params.full_sizes)
    tau = ctx.params.full_tau
    worst = 0.0
    agree = correct = total = 0
    for n in sizes:
        for _ in range(ctx.params.full_per_size):
            a, b, truth = gapip.promise_instance(n, tau, rng)
            ts = gapip.ladder(tau)
            pf = gapip.rung_probabilities_full(a, b, ts)
            pp = gapip.rung_probabilities_plane(gapip.grover_angle(a, b), ts)
            worst = max(worst, float(np.max(np.abs(pf - pp))))
            seed = int(rng.integers(2**31))
            rf = gapip.run_quantum(a, b, tau, DELTA, np.random.default_rng(seed), simulator="full")
            rp = gapip.run_quantum(a, b, tau, DELTA, np.random.default_rng(seed), simulator="plane")
            agree += rf.decision == rp.decision and rf.qubits == rp.qubits
            correct += rf.decision == truth
            total += 1
    tol = ctx.tol.dense
    test = rate_test(total - correct, total, DELTA, RATE_ALPHA)    # each full run may err w.p. ≤ δ: not all correct
    return Evidence(passed=worst <= tol and agree == total and test["passed"],
                    observed={"max_probability_difference": worst, "same_decision_and_cost": f"{agree}/{total}",
                              "full_register_correct": f"{correct}/{total}"},
                    expected={"max_probability_difference": 0, "same_decision_and_cost": f"{total}/{total}"},
                    tolerance=tol, instances=total, data=rate_tests_data([test]),
                    detail=(f"shared instances at ⟨a,b⟩ = ±{tau}, n ∈ {sizes} (full simulation reaches n = "
                            f"{max(sizes)}); the full runs' errors pass a one-sided binomial test of rate ≤ δ "
                            f"(α = {RATE_ALPHA}); the agreement of the two simulators is exact (same seed)."))


@CLAIM.check("simulation")
def error_sweep(ctx: Any, sweep: dict[str, Any]) -> Evidence:
    """Empirical error ≤ δ at the adversarial margin over τ and n; the unrepeated run's error ≤ its design value."""
    sw = sweep
    alpha = RATE_ALPHA
    bad, tests = [], []
    for r in sw["tau_rows"]:
        final = rate_test(r["errors"], r["trials"], DELTA, alpha)
        base = rate_test(r["base_errors"], r["base_runs"], gapip.BASE_ERROR, alpha)
        tests += [final, base]
        if not final["passed"] or not base["passed"]:
            bad.append(r)
    for r in sw["n_rows"]:
        tests.append(rate_test(r["errors"], r["trials"], DELTA, alpha))
        if not tests[-1]["passed"]:
            bad.append(r)
    # pooled final errors: under 'error ≤ δ at every point' the total is dominated by Bin(runs, δ) (more power)
    pooled = sw["tau_rows"] + sw["n_rows"]
    tests.append(rate_test(sum(r["errors"] for r in pooled), sum(r["trials"] for r in pooled), DELTA, alpha))
    if not tests[-1]["passed"]:
        bad.append({"tau": "pooled", "n": "pooled", **{k: sum(r[k] for r in pooled) for k in ("errors", "trials")}})
    runs = sum(r["trials"] for r in sw["tau_rows"] + sw["n_rows"])
    errs = sum(r["errors"] for r in sw["tau_rows"] + sw["n_rows"])
    rows = sw["tau_rows"]
    fig = Figure("gapip-error", "GapIP quantum: empirical error at ⟨a,b⟩ = ±τ", "1/τ", "error rate",
                 (Series("final (majority vote)", tuple(1 / r["tau"] for r in rows),
                         tuple(r["errors"] / r["trials"] for r in rows), "scatter"),
                  Series("single run", tuple(1 / r["tau"] for r in rows),
                         tuple(r["base_errors"] / r["base_runs"] for r in rows), "scatter")),
                 xscale="log", hlines=((DELTA, "δ"), (gapip.BASE_ERROR, "design error of one run")))
    return Evidence(passed=not bad, observed={"errors": errs, "runs": runs, "worst": bad[:2]},
                    expected=f"error rate ≤ δ = {DELTA} (one-sided binomial test, α = {alpha})",
                    tolerance=alpha, instances=runs, figures=(fig,),
                    counterexample=None if not bad else {"tau": bad[0]["tau"], "n": bad[0]["n"], "delta": DELTA},
                    data={"tau_rows": rows, "n_rows": sw["n_rows"], **rate_tests_data(tests)})


_DESIGN_SHOTS = (3, 2)
"""The protocol's stated shot schedule (module docstring of :mod:`qproofs.protocols.gapip`): rung k of K gets
3 + 2·(K − k) control measurements; written here, not read from the module, so a changed schedule is seen."""
_DESIGN_BASE_ERROR = Fraction(1, 10)
"""The stated design error p₀ of one unrepeated phase-estimation run (majority vote over R of them)."""


def design_shots(ts: tuple[int, ...]) -> list[int]:
    """Shots per rung of the stated schedule 3 + 2·(K − k), k = 0..K (independent of ``gapip.rung_shots``)."""
    base, slope = _DESIGN_SHOTS
    K = len(ts) - 1
    return [base + slope * (K - k) for k in range(K + 1)]


def majority_repetitions(delta: float, p0: Fraction = _DESIGN_BASE_ERROR) -> int:
    """Smallest odd R with P[Bin(R, p₀) ≥ (R+1)/2] ≤ δ, in exact rationals (independent of ``gapip.repetitions``).

    >>> majority_repetitions(0.05), majority_repetitions(0.01), majority_repetitions(0.5)
    (3, 5, 1)
    """
    bound = Fraction(delta)
    R = 1
    while sum(math.comb(R, j) * p0**j * (1 - p0) ** (R - j) for j in range((R + 1) // 2, R + 1)) > bound:
        R += 2
    return R


@CLAIM.check("accounting")
def qubit_accounting(ctx: Any) -> Evidence:
    """Counted qubits = 2·(⌈log₂(n+1)⌉ + 1)·(applications of G), register minimal for n+1 amplitudes.

    The executed round trips (A→B→A per application of G, counted by the run's link) equal the applications
    R·Σ_k t_k·shots_k exactly (issue 11, Cosmic Ray: ``GapIPRun.round_trips`` was executed but never asserted).
    The shots per rung and the repetitions R are the protocol's stated formulas written in this check
    (:func:`design_shots`, :func:`majority_repetitions` in exact rationals), not the module's own functions, and R
    is also asserted at δ ∈ ``repetition_deltas`` (issue 11, round 3: a changed schedule survived).
    """
    rng = ctx.rng("accounting")
    bad, off_design = [], []
    checked = 0
    R = majority_repetitions(DELTA)
    for n in ctx.params.accounting_n:
        for tau in ctx.params.accounting_taus:
            run = plane_run(tau, n, 1, rng)
            q = math.ceil(math.log2(n + 1))
            minimal = 2**q >= n + 1 > 2 ** (q - 1)
            apps = run.repetitions * sum(t * s for t, s in zip(run.ladder, gapip.rung_shots(list(run.ladder)), strict=True))
            expected = 2 * (q + 1) * apps
            checked += 1
            if run.qubits != expected or run.round_trips != apps or run.register_qubits != q or not minimal:
                bad.append({"n": n, "tau": tau, "counted": run.qubits, "expected": expected,
                            "round_trips": run.round_trips, "applications": apps,
                            "register": run.register_qubits, "q": q})
            design = R * sum(t * s for t, s in zip(run.ladder, design_shots(run.ladder), strict=True))
            if run.repetitions != R or len(run.votes) != R or apps != design:
                off_design.append({"n": n, "tau": tau, "applications": apps, "stated_applications": design,
                                   "repetitions": run.repetitions, "stated_repetitions": R})
    for delta in ctx.params.repetition_deltas:
        run = gapip.run_quantum(None, None, 0.3, delta, np.random.default_rng(0), simulator="plane",
                                theta=math.acos(0.65), n=8)
        R_delta = majority_repetitions(delta)
        checked += 1
        if run.repetitions != R_delta or len(run.votes) != R_delta or R_delta % 2 != 1:
            off_design.append({"delta": delta, "repetitions": run.repetitions, "stated_repetitions": R_delta})
    # counted ≠ the run's own schedule: a counting error (False, as before); the run's schedule ≠ the stated one
    # (shots 3 + 2(K−k), smallest odd R): the code is not the protocol described, a tool defect (inconclusive)
    passed = False if bad else (None if off_design else True)
    return Evidence(passed=passed, observed={"mismatches": len(bad), "off_design": len(off_design),
                                             "first": (bad or off_design)[:1]},
                    expected="counted = 2(⌈log₂(n+1)⌉+1)·R·Σ_k t_k·shots_k = round trips·2(⌈log₂(n+1)⌉+1), with the "
                             "stated shots_k = 3 + 2(K−k) and R the smallest odd R with P[Bin(R, 1/10) ≥ (R+1)/2] ≤ δ",
                    tolerance=EXACT, instances=checked,
                    counterexample=(bad or off_design)[0] if (bad or off_design) else None)


@CLAIM.check("fit")
def fit_qubits_tau(ctx: Any, sweep: dict[str, Any]) -> Evidence:
    """Qubits vs 1/τ at fixed n: exponent ≈ 1 (Heisenberg), not 2."""
    rows = sweep["cost_rows"]
    x = [1 / r["tau"] for r in rows]
    y = [r["qubits"] for r in rows]
    fit = fit_power_law(x, y, ctx.rng("boot"))
    fig = Figure("gapip-qubits-vs-tau", f"GapIP quantum: qubits vs 1/τ (n = 2^{int(math.log2(ctx.params.n_tau))})",
                 "1/τ", "qubits",
                 (Series("executed", tuple(x), tuple(y), "scatter"),
                  Series(f"fit ∝ (1/τ)^{fit.exponent:.2f}", tuple(x), tuple(fit.predict(x)))),
                 xscale="log", yscale="log")
    return fit_evidence(ctx, fit, ctx.paper["tau_exponent"], (2.0,), "qubits vs 1/τ", figures=(fig,),
                        data={"points": [{"tau": r["tau"], "qubits": r["qubits"]} for r in rows]})


@CLAIM.check("accounting")
def qubits_linear_in_logn(ctx: Any, sweep: dict[str, Any]) -> Evidence:
    """Qubits vs log₂ n at fixed τ (n = 2^4 … 2^40) are exact by construction, so this is accounting, not a fit.

    Issue 10 finding 6: a bootstrap CI [1, 1] on a deterministic count is no statistics. Checked exactly
    (Fractions): every executed count equals 2·A·(⌈log₂(n+1)⌉^p + control) with p the paper's exponent in
    log n and ONE application count A shared by every n (A depends on τ only).
    """
    rows = sweep["n_rows"]
    p = ctx.paper["logn_exponent"]
    per_app = [Fraction(r["qubits"], 2) / (Fraction(math.ceil(math.log2(r["n"] + 1))) ** int(p) + gapip.CONTROL_QUBITS)
               if float(p).is_integer() else None for r in rows]
    apps = per_app[0]
    bad = [{"n": r["n"], "counted": r["qubits"], "applications_implied": str(a), "applications": str(apps)}
           for r, a in zip(rows, per_app, strict=True) if a is None or a != apps or a.denominator != 1]
    x = [math.log2(r["n"]) for r in rows]
    fig = Figure("gapip-qubits-vs-logn", f"GapIP quantum: qubits vs log₂ n (τ = {ctx.params.tau_n})", "log₂ n",
                 "qubits", (Series("executed", tuple(x), tuple(r["qubits"] for r in rows), "scatter"),),
                 xscale="log", yscale="log")
    return Evidence(passed=not bad, observed={"applications_per_n": sorted({str(a) for a in per_app}),
                                              "mismatches": len(bad)},
                    expected=f"counted = 2·A·(⌈log₂(n+1)⌉^{p:g} + {gapip.CONTROL_QUBITS}) with one integer A for every n",
                    tolerance=EXACT, instances=len(rows), figures=(fig,), counterexample=bad[0] if bad else None,
                    detail=(f"exact accounting over n = 2^{int(x[0])} … 2^{int(x[-1])}: one register of ⌈log₂(n+1)⌉ "
                            f"qubits plus the control per leg, A = {apps} applications of G at τ = {ctx.params.tau_n}: "
                            "qubits are affine in log n with exponent exactly 1 (no sampling, so no fit)."),
                    data={"points": [{"n": r["n"], "qubits": r["qubits"]} for r in rows]})


# ------------------------------------------------------- maximum likelihood ---

_ML_TAUS = (0.3, 0.01, 0.003, 1e-3)
"""Ladders checked by :func:`ml_angle_independent`: the audited margins' range (T = 4 … 334) and T = 1000
(grid 64 000 points, 16× the 4096 floor). Kept within the check's ≈ 0.3 s budget: one count vector at T = 8192
(grid 524 288) costs ≈ 0.4 s in ``gapip.ml_angles`` alone."""
_ML_THETAS = (0.3, 1.4)
"""Angles (besides the two margins θ = arccos((1 ± τ)/2)) whose exact expected counts are fed to the estimator."""
_ML_NEWTON_STEPS = 100
"""Iteration cap of the safeguarded Newton of :func:`piece_maxima` (bisection alone reaches 2⁻¹⁰⁰ of a piece)."""
_ML_XTOL = 1e-13
"""A piece's iterate has converged when it moves, or its bracket is, no more than this (radians)."""
_ML_DROP_NATS = 1.0
"""A piece whose concave upper bound is this far below the best value seen is dropped (its bound is kept)."""
_ML_KNOWN_ANSWER_TOL = 1e-9
"""Exact expected counts: the independent maximiser must land on the generating θ₀ this closely."""


def design_grid(ts: list[int]) -> int:
    """Grid points of θ ∈ [0, π/2] the estimator is specified with: M = max(4096, 64·T), T the ladder top."""
    return max(4096, 64 * max(ts))


def rung_log_likelihood(ts: list[int], counts: np.ndarray, shots: list[int], theta: Any) -> np.ndarray:
    """Binomial log-likelihood Σ_k c_k log p_k(θ) + (m_k − c_k) log(1 − p_k(θ)) at each θ (no binomial constant).

    p_k(θ) = (1 + cos 2t_kθ)/2, 1 − p_k = (1 − cos 2t_kθ)/2: the rung law as the paper states it (Appendix D),
    written here, not taken from :mod:`qproofs.protocols.gapip`; no clipping (0·log 0 = 0 by ``xlogy``,
    c·log 0 = −∞ for c > 0).
    """
    c2 = np.cos(2 * np.outer(np.asarray(ts, float), np.atleast_1d(np.asarray(theta, float))))
    c = np.asarray(counts, float)[:, None]
    m = np.asarray(shots, float)[:, None]
    return np.sum(xlogy(c, (1 + c2) / 2) + xlogy(m - c, (1 - c2) / 2), axis=0)


def concave_pieces(ts: list[int]) -> np.ndarray:
    """Breakpoints jπ/(2t), t in the ladder, in [0, π/2]: the log-likelihood is strictly concave between them.

    With x = tθ, p = (1 + cos 2x)/2 = cos²x and 1 − p = sin²x, so the score of rung t is
    2t[(m − c)·cot x − c·tan x] and its derivative −2t²[(m − c)/sin²x + c/cos²x] < 0 wherever both are finite,
    i.e. away from x ∈ (π/2)ℤ.
    """
    points = np.unique(np.concatenate([np.arange(t + 1) * (math.pi / (2 * t)) for t in ts]))
    return points[np.concatenate(([True], np.diff(points) > 1e-12))]    # one point where ladders coincide


def piece_maxima(ts: list[int], counts: np.ndarray, shots: list[int], breaks: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(θ_i, V_i, exact_i) per concave piece [breaks_i, breaks_{i+1}]: its maximum, or an upper bound of it.

    On a piece the score L′ is strictly decreasing, so its root (or the end it points to) is the piece's
    maximiser: found by Newton's method on the score, safeguarded by its sign bracket [lo, hi] (bisection when
    a step leaves it), vectorised over the ~1.5·T pieces. The tangent at the iterate x bounds the concave L
    from above, so V ≤ L(x) + |L′(x)|·(distance from x to the uphill end of the bracket) for the piece's
    maximum; a piece whose bound falls :data:`_ML_DROP_NATS` below the best value seen is dropped with that
    bound (``exact`` False, as a piece still moving after :data:`_ML_NEWTON_STEPS` steps). Converged pieces also
    offer their two ends (a maximum at a breakpoint where L is finite, e.g. θ = 0); a maximiser within
    :data:`_ML_XTOL` of an end is detected up front from the score's sign there. Hand-written because scipy's bracketing root finders take one bracket per call
    (thousands of calls per count vector would break the time budget).
    """
    t = np.asarray(ts, float)[:, None]
    c = np.asarray(counts, float)[:, None]
    f = np.asarray(shots, float)[:, None] - c

    def derivatives(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(L, L′, L″) at x: p = (1 + cos 2tθ)/2 = cos² tθ, 1 − p = sin² tθ."""
        sin, cos = np.sin(t * x), np.cos(t * x)
        return (np.sum(xlogy(c, cos**2) + xlogy(f, sin**2), axis=0),
                np.sum(2 * t * (f * cos / sin - c * sin / cos), axis=0),
                -np.sum(2 * t * t * (f / sin**2 + c / cos**2), axis=0))

    ends = rung_log_likelihood(ts, counts, shots, breaks)
    lo, hi = breaks[:-1] + _ML_XTOL, breaks[1:] - _ML_XTOL
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        up, down = derivatives(lo)[1] < 0, derivatives(hi)[1] > 0     # maximiser within XTOL of an end
        lo, hi = np.where(up, breaks[:-1], np.where(down, hi, lo)), np.where(down, breaks[1:], np.where(up, lo, hi))
    x = (lo + hi) / 2
    bound = np.full(x.size, np.inf)
    settled = np.zeros(x.size, bool)
    active = np.arange(x.size)
    best = float(np.max(ends))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(_ML_NEWTON_STEPS):
            xa, la, ha = x[active], lo[active], hi[active]
            value, score, curv = derivatives(xa)
            la, ha = np.where(score > 0, xa, la), np.where(score < 0, xa, ha)
            bound[active] = value + np.abs(score) * np.where(score > 0, ha - xa, xa - la)
            best = max(best, float(np.max(value)))
            step = xa - score / curv
            step = np.where((step >= la) & (step <= ha), step, (la + ha) / 2)
            step = np.where(score == 0, xa, step)
            moving = (np.abs(step - xa) > _ML_XTOL) & (ha - la > _ML_XTOL)
            x[active], lo[active], hi[active] = step, la, ha
            settled[active[~moving]] = True
            active = active[moving & (bound[active] >= best - _ML_DROP_NATS)]
            if active.size == 0:
                break
    values = rung_log_likelihood(ts, counts, shots, x)
    exact = settled & (bound >= best - _ML_DROP_NATS)       # unsettled at the cap: only the bound is known
    cands = np.stack([x, breaks[:-1], breaks[1:]])
    vals = np.stack([values, ends[:-1], ends[1:]])
    pick = np.argmax(vals, axis=0)
    cols = np.arange(x.size)
    return (np.where(exact, cands[pick, cols], x), np.where(exact, vals[pick, cols], bound), exact)


def ml_rows(ts: list[int], shots: list[int], thetas: list[float]) -> list[tuple[str, np.ndarray, float | None]]:
    """Fixed count vectors of one ladder: (label, counts, generating θ₀ when the counts are its exact expectation).

    For each θ₀: the exact expected counts m_k·p_k(θ₀) (the likelihood's unique maximiser is θ₀: every rung's
    cross-entropy is maximal at p_k(θ₀), and p₁ alone is injective on [0, π/2]) and their nearest integers; plus
    the edge counts all-0 (an interior maximum) and all-m (known maximiser θ = 0, where every p_k = 1).
    """
    m = np.asarray(shots, float)
    t = np.asarray(ts, float)
    rows: list[tuple[str, np.ndarray, float | None]] = []
    for th in thetas:
        expected = m * (1 + np.cos(2 * t * th)) / 2
        rows += [(f"expected θ={th:.6g}", expected, th), (f"rounded θ={th:.6g}", np.rint(expected), None)]
    return rows + [("all 0", np.zeros_like(m), None), ("all m", m.copy(), 0.0)]


def judge_ml_row(ts: list[int], shots: list[int], counts: np.ndarray, known: float | None, angle: float
                 ) -> dict[str, Any]:
    """Judge the estimator's ``angle`` for one count vector against the independent maximiser (:func:`piece_maxima`).

    θ* maximises L over every concave piece; g₋ ≤ θ* ≤ g₊ are the neighbouring points of the specified grid
    (step h = (π/2)/(M − 1)) and loss = L* − max L(g±) is what rounding θ* to that grid costs. A grid argmax of
    the likelihood satisfies L(angle) ≥ L* − loss (within ``tol``: both sides are float sums of ≤ 16 logarithms,
    the estimator clips p at 10⁻¹²). When the maximum is unique (g± in θ*'s piece, every other piece below
    max L(g±) − 2·tol) the grid argmax is g₋ or g₊ (L is monotone on each side of θ* within its piece), so
    |angle − θ*| ≤ h. ``known``: θ* must also equal the generating θ₀ (the independent path's own control).
    A row the independent path cannot settle (``decided`` False: a piece's bound above L*) does not pass either.
    """
    h = (math.pi / 2) / (design_grid(ts) - 1)
    breaks = concave_pieces(ts)
    thetas, values, exact = piece_maxima(ts, counts, shots, breaks)
    j = int(np.argmax(np.where(exact, values, -np.inf)))
    best, top = float(thetas[j]), float(values[j])
    grid = [math.floor(best / h) * h, math.ceil(best / h) * h]
    near = float(np.max(rung_log_likelihood(ts, counts, shots, grid)))
    loss = top - near
    tol = TOL.dense * max(1.0, abs(top))
    at_angle = float(rung_log_likelihood(ts, counts, shots, angle)[0])
    others = np.nan_to_num(np.delete(values, j), nan=np.inf)     # an undetermined bound is no proof of uniqueness
    decided = bool(exact[j]) and bool(np.all(others <= top))    # no piece may hold a higher maximum
    unique = (decided and breaks[j] <= grid[0] and grid[1] <= breaks[j + 1]
              and loss + 2 * tol < _ML_DROP_NATS and bool(np.all(others < near - 2 * tol)))
    ok = (decided and at_angle >= near - 2 * tol and (not unique or abs(angle - best) <= h * (1 + 1e-9))
          and (known is None or abs(best - known) <= _ML_KNOWN_ANSWER_TOL))
    return {"ok": ok, "decided": decided, "T": max(ts), "grid_step": h, "independent_theta": best, "estimator_theta": float(angle),
            "known_theta": known, "log_likelihood_gap": top - at_angle, "allowed_gap": loss + 2 * tol,
            "unique": unique}


@CLAIM.check("simulation")
def ml_angle_independent(ctx: Any) -> Evidence:
    """The protocol's maximum-likelihood angle (``gapip.ml_angles``, Theorem 4.1 / App. D) is the likelihood's maximiser.

    Deterministic (no random draws): for ladders ``gapip.ladder(τ)``, τ ∈ :data:`_ML_TAUS` (T up to 1000, grid
    M = 64 000), count vectors :func:`ml_rows` (exact expected counts at θ₀ ∈ {arccos((1 ± τ)/2)} ∪
    :data:`_ML_THETAS`, their roundings, all-0, all-m) are maximised by an independent path (the binomial
    likelihood of the paper's rung law written here, maximised on each of its strictly concave pieces by a
    safeguarded Newton, :func:`concave_pieces`, :func:`piece_maxima`: a different method from the estimator's
    grid, and one that cannot step over a peak narrower than a scan step, as next to p ≈ 0); the estimator's angle
    must be within what rounding that maximiser θ* to the grid loses in log-likelihood, and within one grid step
    h = (π/2)/(M − 1), M = max(4096, 64·T) computed here, of θ* when the maximum is unique (:func:`judge_ml_row`).
    Round 4 of the mutation campaign: a wrong likelihood (``k + log p``) and a grid of 4096 instead of 64·T at
    large T both survived the audit. A failure is a defect of the tool's estimator, not a refutation of
    Theorem 4.1: ``inconclusive``.
    """
    judged = []
    for tau in _ML_TAUS:
        ts = gapip.ladder(tau)
        shots = gapip.rung_shots(ts)
        thetas = [math.acos((1 + tau) / 2), math.acos((1 - tau) / 2), *_ML_THETAS]
        rows = ml_rows(ts, shots, thetas)
        angles = gapip.ml_angles(ts, np.array([c for _, c, _ in rows]), shots)
        judged += [{"tau": tau, "counts": label, **judge_ml_row(ts, shots, c, known, float(a))}
                   for (label, c, known), a in zip(rows, angles, strict=True)]
    bad = [j for j in judged if not j["ok"]]
    return Evidence(passed=True if not bad else None,
                    observed={"mismatches": len(bad), "unique_maxima": sum(j["unique"] for j in judged),
                              "first": bad[:1]},
                    expected=("L(estimator θ) ≥ max L(g±) − 2·tol (g₋ ≤ θ* ≤ g₊ the grid points around the "
                              "independent maximiser θ*), and |θ − θ*| ≤ h when the maximum is unique, "
                              "h = (π/2)/(max(4096, 64T) − 1)"),
                    tolerance=TOL.dense, instances=len(judged), counterexample=bad[0] if bad else None,
                    detail=(f"{len(judged)} fixed count vectors on ladders τ ∈ {list(_ML_TAUS)} (T up to "
                            f"{max(j['T'] for j in judged)}); independent maximiser: safeguarded Newton on every concave "
                            "piece of the binomial likelihood of P(+ | t) = (1 + cos 2tθ)/2"),
                    data={"rows": judged})


@CLAIM.check("accounting")
def ml_branch_and_bound_exact(ctx: Any) -> Evidence:
    """The estimator's branch and bound returns the full grid's argmax, and its block bounds hold, exactly.

    Deterministic: for the ladders and count vectors of :func:`ml_angle_independent`, ``gapip.ml_angles`` (blocks
    of the θ grid pruned by an upper bound of the likelihood, ``gapip.ml_block_bounds``) must equal
    ``gapip.ml_angles_full_grid`` (every grid point evaluated) bit for bit, and every block's bound must be at
    least every grid value of its block. A bound below its block's maximum only matters when it prunes the argmax's
    block, which the audited counts rarely reach, so the bounds are checked themselves. A failure is a defect of
    the tool's estimator: ``inconclusive``.
    """
    bad: list[dict[str, Any]] = []
    checked = 0
    for tau in _ML_TAUS:
        ts = gapip.ladder(tau)
        shots = gapip.rung_shots(ts)
        thetas = [math.acos((1 + tau) / 2), math.acos((1 - tau) / 2), *_ML_THETAS]
        counts = np.array([c for _, c, _ in ml_rows(ts, shots, thetas)])
        fast, full = gapip.ml_angles(ts, counts, shots), gapip.ml_angles_full_grid(ts, counts, shots)
        th = np.linspace(0, math.pi / 2, design_grid(ts))
        ll = gapip.ml_loglik(ts, counts, shots, th)
        pad = (-th.size) % gapip.ML_BLOCK
        block_max = np.pad(ll, ((0, 0), (0, pad)), constant_values=-np.inf).reshape(
            counts.shape[0], -1, gapip.ML_BLOCK).max(axis=2)
        low = gapip.ml_block_bounds(ts, counts, shots, th) < block_max
        checked += counts.shape[0]
        bad += [{"tau": tau, "row": int(r), "fast": float(fast[r]), "full": float(full[r])}
                for r in np.flatnonzero(fast != full)]
        bad += [{"tau": tau, "row": int(r), "blocks_with_bound_below_max": int(low[r].sum())}
                for r in np.flatnonzero(low.any(axis=1))]
    return Evidence(passed=True if not bad else None, observed={"mismatches": len(bad), "rows": checked},
                    expected="ml_angles = ml_angles_full_grid bit for bit; every block bound ≥ its block's maximum",
                    tolerance=EXACT, instances=checked, counterexample=bad[0] if bad else None,
                    detail=f"ladders τ ∈ {list(_ML_TAUS)}, blocks of {gapip.ML_BLOCK} grid points")


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "interactive-accounting", CLAIM.id, strategy=_props.interactive_runs, slack=_props.interactive_accounting_slack, tol=0,
    statement="Property: for any n ≤ 2^40, τ, δ, the executed run counts 2·(⌈log₂(n+1)⌉+1)·R·Σ t_k·shots_k qubits with ladder top ⌈1/τ⌉.")


@CLAIM.check("fuzz")
def fuzz_interactive_accounting(ctx: Any) -> Evidence:
    """Hypothesis over (n, τ, δ): counted qubits and ladder top match Theorem 4.1's accounting."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY, examples=(15, 40, 200))


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The protocol refuses every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.GAPIP_EDGES + _domain.LOGLOG_EDGES,
                           "qproofs.protocols.gapip (Theorem 4's protocol) and qproofs.fit.loglog (its fits)")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[full_vs_plane])
def broken_reflection_in_protocol() -> Iterator[None]:
    """The full simulator's reflection R_v = |v⟩⟨v| − I (factor 1; public ``gapip.REFLECTION_FACTOR``)."""
    with mock.patch.object(gapip, "REFLECTION_FACTOR", 1.0):
        yield


@CLAIM.mutant(kills=[error_sweep])
def wrong_decision_angle() -> Iterator[None]:
    """Decision threshold θ ≤ π/4 instead of π/3 (forgets the augmentation offset; public ``DECISION_ANGLE``)."""
    with mock.patch.object(gapip, "DECISION_ANGLE", math.pi / 4):
        yield


@CLAIM.mutant(kills=[error_sweep, fuzz_interactive_accounting])
def ladder_too_short() -> Iterator[None]:
    """Phase-estimation ladder stops at 1/(8τ): not enough precision for the margin (public ``LADDER_C0``)."""
    with mock.patch.object(gapip, "LADDER_C0", 0.125):
        yield


@CLAIM.mutant(kills=[qubit_accounting, fuzz_interactive_accounting])
def control_qubit_not_counted() -> Iterator[None]:
    """Miscounted qubits: the phase-estimation control qubit is not counted on the legs (public ``CONTROL_QUBITS``)."""
    with mock.patch.object(gapip, "CONTROL_QUBITS", 0):
        yield


@CLAIM.mutant(kills=[qubit_accounting, fuzz_interactive_accounting])
def round_trips_counted_per_leg() -> Iterator[None]:
    """Each leg (A→B and B→A) counted as a round trip: twice the applications of G (public ``gapip.GapIPRun``)."""
    with _round_trips_scaled(2):
        yield


@contextmanager
def _round_trips_scaled(factor: int) -> Iterator[None]:
    """Runs of :func:`gapip.run_quantum` report ``factor`` × their executed round trips (mutant seam)."""
    orig = gapip.GapIPRun

    def run(decision: int, qubits: int, round_trips: int, *rest: Any) -> gapip.GapIPRun:
        return orig(decision, qubits, factor * round_trips, *rest)

    with mock.patch.object(gapip, "GapIPRun", run):
        yield


@CLAIM.mutant(kills=[fit_qubits_tau, qubits_linear_in_logn], paper={"tau_exponent": 2.0, "logn_exponent": 2.0})
def claimed_shot_noise_exponents() -> None:
    """Fit claimed with the wrong exponents (2 in 1/τ, 2 in log n)."""


@CLAIM.mutant(kills=[input_domain])
def gapip_forgets_its_guards() -> Iterator[None]:
    """The protocol module validates nothing (its ``require`` a no-op)."""
    with forget_guards(gapip):
        yield


@CLAIM.mutant(kills=[input_domain])
def loglog_forgets_its_guards() -> Iterator[None]:
    """The log-log fit validates nothing (its ``require`` a no-op)."""
    with forget_guards(loglog):
        yield


@CLAIM.mutant(kills=[ml_angle_independent])
def ml_grid_at_its_floor() -> Iterator[None]:
    """The ML grid stays at its 4096-point floor instead of 64·T points (round 4's ``64 & T``; ``gapip.ml_angles``)."""
    orig = gapip.ml_angles

    def coarse(ts: list[int], plus_counts: np.ndarray, shots: Any, grid: int | None = None) -> np.ndarray:
        return orig(ts, plus_counts, shots, grid=4096)

    with mock.patch.object(gapip, "ml_angles", coarse):
        yield


@CLAIM.mutant(kills=[ml_branch_and_bound_exact])
def ml_block_bound_one_nat_low() -> Iterator[None]:
    """The branch and bound's block bounds one nat too low (``gapip.ml_block_bounds``).

    A pruned argmax goes unseen on the audited counts, so only the bound check sees it.
    """
    orig = gapip.ml_block_bounds
    with mock.patch.object(gapip, "ml_block_bounds", lambda *a: orig(*a) - 1.0):
        yield


@CLAIM.mutant(kills=[ml_angle_independent])
def ml_outcomes_mislabelled() -> Iterator[None]:
    """The likelihood counts the control's − outcomes as + outcomes (a wrong likelihood; ``gapip.ml_angles``)."""
    orig = gapip.ml_angles

    def swapped(ts: list[int], plus_counts: np.ndarray, shots: Any, grid: int | None = None) -> np.ndarray:
        return orig(ts, np.asarray(shots, float) - np.asarray(plus_counts, float), shots, grid)

    with mock.patch.object(gapip, "ml_angles", swapped):
        yield
