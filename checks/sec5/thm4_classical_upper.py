"""``thm4.classical-upper`` (Theorem 4.2): a shared-randomness JL sketch decides GapIP_τ with O(log(1/δ)/τ² · log n) bits.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
physics is in :mod:`qproofs.protocols.gapip` (the executed explicit sketch,
its exact two-dimensional law, the whole-vector protocol); the smallest
passing sketch is searched by :func:`._costs.jl_search`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

from scipy import stats

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.fit import fit_power_law
from qproofs.fixtures import fixture
from qproofs.property import Property
from qproofs.protocols import gapip
from qproofs.tolerance import EXACT

from . import _props
from ._costs import DELTA, jl_search
from ._fits import FIT_BAND, POWER, RATE_ALPHA, fit_evidence, rate_test, rate_tests_data, taus

# ------------------------------------------------------------------ claim ---

_COMMON = {"n": 1024, "explicit_tau": 0.3, "message_ns": (16, 300, 1024), "message_ks": (1, 5, 40),
           "message_ip": 0.5}

CLAIM = Claim(
    "thm4.classical-upper", ref="Theorem 4.2", section="5", scope="exact",
    title="A shared-randomness JL sketch decides GapIP_τ with O(log(1/δ)/τ² · log n) bits",
    statement=("Shared-randomness Johnson–Lindenstrauss sketch: k rows (Gaussian), one party sends its sketch "
               "quantised to O(log n)-bit words; k = O(log(1/δ)/τ²) decides GapIP_τ; bits ∝ (1/τ)^2; "
               "the whole vector (n·b bits) is cheaper when k > n."),
    caveats=("The sketch is Gaussian; its error is simulated in the exact 2-dim law of (Sa, Sb), validated "
             "against explicit k×n sketches.",),
    paper={"jl_exponent": 2.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"search_taus": taus(0.06, 0.3, 5), "search_trials": 300, "explicit_n": 64,
                      "explicit_ks": (2, 8), "explicit_trials": 300, "bound_taus": (0.3, 0.15), "bound_trials": 2000,
                      "fit_band": FIT_BAND["quick"], **_COMMON},
            "standard": {"search_taus": taus(0.03, 0.3, 8), "search_trials": 500, "explicit_n": 256,
                         "explicit_ks": (2, 8, 24), "explicit_trials": 800, "bound_taus": (0.3, 0.15, 0.07, 0.04),
                         "bound_trials": 3000, "fit_band": FIT_BAND["standard"], **_COMMON},
            "deep": {"search_taus": taus(0.03, 0.3, 8), "search_trials": 500, "explicit_n": 256,
                     "explicit_ks": (2, 8, 24), "explicit_trials": 800, "bound_taus": (0.3, 0.15, 0.07, 0.04),
                     "bound_trials": 3000, "fit_band": FIT_BAND["deep"], **_COMMON}},
)

# ----------------------------------------------------------------- checks ---


@fixture(key="jl")
def jl_rows(ctx: Any) -> list[dict[str, Any]]:
    """Smallest JL row count reaching error ≤ δ per τ, at n = ``params.n``."""
    return jl_search(ctx, list(ctx.params.search_taus), ctx.params.search_trials, ctx.params.n)


@CLAIM.check("simulation")
def jl_fast_vs_explicit(ctx: Any) -> Evidence:
    """The 2-dim law of (Sa, Sb) reproduces the explicit k×n sketch's error rate."""
    rng = ctx.rng("explicit")
    n, tau = ctx.params.explicit_n, ctx.params.explicit_tau
    ks = list(ctx.params.explicit_ks)
    trials = ctx.params.explicit_trials
    alpha = RATE_ALPHA
    rows = []
    ok = True
    for k in ks:
        a, b = gapip.promise_pair(n, tau, rng)
        wrong = sum(gapip.run_jl(a, b, tau, k, int(rng.integers(2**31))).decision != 1 for _ in range(trials))
        fast, _ = gapip.jl_error_curve(tau, n, [k], trials, rng)
        p_exp, p_fast = wrong / trials, float(fast[0])
        fast_wrong = int(round(p_fast * trials))
        p_value = float(stats.fisher_exact([[wrong, trials - wrong], [fast_wrong, trials - fast_wrong]]).pvalue)
        ok &= p_value >= alpha
        pooled = max((p_exp + p_fast) / 2, 1 / trials)
        se = math.sqrt(pooled * (1 - pooled) * 2 / trials)
        detects = (stats.norm.isf(alpha / 2) + stats.norm.isf(1 - POWER)) * se
        rows.append({"k": k, "explicit": p_exp, "fast": p_fast, "fisher_p": p_value,
                     "detects_difference": round(float(detects), 4)})
    return Evidence(passed=ok, observed=rows, expected=f"Fisher exact p ≥ {alpha} per k", tolerance=alpha,
                    instances=len(ks) * trials * 2,
                    detail=(f"n = {n}, ⟨a,b⟩ = {tau}, explicit Gaussian S from the shared seed; two-sided Fisher exact "
                            f"test per k at α = {alpha} (false-alarm ≤ {len(ks)}·α); a rate difference ≥ "
                            f"detects_difference is caught with power ≈ {POWER} (normal approximation)."),
                    data={"false_alarm": alpha * len(ks), "power": POWER})


@CLAIM.check("simulation")
def jl_error_at_bound(ctx: Any) -> Evidence:
    """At k = ⌈2(1+τ²)ln(1/δ)/τ²⌉ rows the executed sketch errs with rate ≤ δ (adversarial ±τ)."""
    rng = ctx.rng("bound")
    trials = ctx.params.bound_trials
    alpha = RATE_ALPHA
    rows, bad, tests = [], [], []
    for tau in ctx.params.bound_taus:
        k = gapip.jl_rows(tau, DELTA)
        e1, _ = gapip.jl_error_curve(tau, ctx.params.n, [k], trials // 2, rng)
        e2, _ = gapip.jl_error_curve(-tau, ctx.params.n, [k], trials // 2, rng)
        fails = int(round(e1[0] * (trials // 2) + e2[0] * (trials // 2)))
        tests.append(rate_test(fails, 2 * (trials // 2), DELTA, alpha))
        rows.append({"tau": tau, "k": k, "errors": fails, "trials": 2 * (trials // 2),
                     "reject_at": tests[-1]["threshold"]})
        if not tests[-1]["passed"]:
            bad.append(rows[-1])
    return Evidence(passed=not bad, observed=rows, expected=f"error ≤ δ = {DELTA} (one-sided binomial test, α = {alpha})",
                    tolerance=alpha, instances=sum(r["trials"] for r in rows), counterexample=bad[0] if bad else None,
                    data=rate_tests_data(tests))


@CLAIM.check("accounting")
def message_bits(ctx: Any) -> Evidence:
    """The executed explicit sketch sends exactly k words of ⌈log₂ n⌉ bits (k rows requested)."""
    rng = ctx.rng("bits")
    ip = ctx.params.message_ip
    bad, checked = [], 0
    for n in ctx.params.message_ns:
        a, b = gapip.promise_pair(n, ip, rng)
        for k in ctx.params.message_ks:
            run = gapip.run_jl(a, b, ip, k, int(rng.integers(2**31)))
            w = max(8, math.ceil(math.log2(n)))
            checked += 1
            if run.rows != k or run.bits != k * w:
                bad.append({"n": n, "k": k, "rows_sent": run.rows, "bits": run.bits, "expected_bits": k * w})
        whole = gapip.run_whole_vector(a, b, ip)
        checked += 1
        if whole.bits != n * max(8, math.ceil(math.log2(n))) or whole.decision != 1:
            bad.append({"n": n, "whole_vector_bits": whole.bits})
    return Evidence(passed=not bad, observed={"mismatches": len(bad)}, expected="bits = k·⌈log₂ n⌉ (≥ 8)",
                    tolerance=EXACT, instances=checked, counterexample=bad[0] if bad else None)


@CLAIM.check("fit")
def fit_bits_tau(ctx: Any, jl_rows: list[dict[str, Any]]) -> Evidence:
    """Smallest k reaching error ≤ δ per τ (search over k); bits vs 1/τ: exponent ≈ 2, not 1."""
    rows = jl_rows
    found = [r for r in rows if r["k"] is not None]
    if len(found) < 3:
        return Evidence(passed=False, observed=rows, expected="a k reaching error ≤ δ for every τ",
                        counterexample={"tau": next(r["tau"] for r in rows if r["k"] is None), "delta": DELTA})
    n = ctx.params.n
    x = [1 / r["tau"] for r in found]
    y = [r["bits"] for r in found]
    fit = fit_power_law(x, y, ctx.rng("boot"))
    w = gapip.word_bits(n)
    whole = n * w
    cheaper = [r["tau"] for r in found if r["bits"] > whole]
    # bits = C·(1/τ)^p meets the whole vector n·b at τ* = (C / n·b)^{1/p}
    tau_star = (fit.prefactor / whole) ** (1 / fit.exponent) if fit.exponent > 0 else None
    fig = Figure("jl-bits-vs-tau", f"GapIP classical JL sketch: bits vs 1/τ (n = {n})", "1/τ", "bits",
                 (Series("smallest k (executed search)", tuple(x), tuple(y), "scatter"),
                  Series(f"fit ∝ (1/τ)^{fit.exponent:.2f}", tuple(x), tuple(fit.predict(x))),
                  Series("k from the bound", tuple(x), tuple(r["k_bound"] * w for r in found), "line")),
                 xscale="log", yscale="log", hlines=((whole, "whole vector n·b"),))
    what = f"JL bits vs 1/τ (whole vector n·b = {whole} bits is cheaper below τ* ≈ {tau_star or float('nan'):.3g})"
    return fit_evidence(ctx, fit, ctx.paper["jl_exponent"], (1.0,), what=what, figures=(fig,),
                        data={"points": rows, "whole_vector_bits": whole, "whole_vector_cheaper_at_tau": cheaper,
                              "tau_below_which_whole_vector_is_cheaper": tau_star})



# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "jl-message", CLAIM.id, strategy=_props.jl_messages, slack=_props.jl_message_slack, tol=0,
    statement="Property: for any unit a, b and k, the executed JL message is k words of max(8, ⌈log₂ n⌉) bits.")


@CLAIM.check("fuzz")
def fuzz_jl_message(ctx: Any) -> Evidence:
    """Hypothesis over vectors and row counts: the message is k fixed-width words."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY, examples=(20, 60, 400))


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[jl_error_at_bound, message_bits, fuzz_jl_message])
def sketch_too_few_rows() -> Iterator[None]:
    """A draws and sends only k/4 rows (but scales as if k; public ``gapip.sketch_rows_used``)."""
    with mock.patch.object(gapip, "sketch_rows_used", lambda k: max(1, k // 4)):
        yield


@CLAIM.mutant(kills=[fit_bits_tau], paper={"jl_exponent": 1.0})
def jl_claimed_linear() -> None:
    """Fit claimed with the wrong exponent (1 instead of 2)."""


@CLAIM.mutant(kills=[jl_fast_vs_explicit])
def fast_law_drops_orthogonal_part() -> Iterator[None]:
    """The fast simulator forgets the √(1−ρ²) component of S b (public ``gapip.jl_estimate_law``)."""
    orig = gapip.jl_estimate_law

    def law(ip: float, k: int, rows: int, bits: int, trials: int, rng: Any) -> Any:
        return abs(ip) * orig(math.copysign(1.0, ip), k, rows, bits, trials, rng)   # ρ⟨y, h⟩ only

    with mock.patch.object(gapip, "jl_estimate_law", law):
        yield
