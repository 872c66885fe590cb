"""``rem3.one-round`` (Remark 3): one-round swap tests need Θ(1/τ²) copies.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
one-round protocol (copies of |ã⟩, swap tests against |b̃⟩, a threshold) is
executed by :mod:`qproofs.protocols.gapip`; the interactive cost comes from
:func:`._costs.quantum_cost`; the fits from :mod:`qproofs.fit`, judged by :mod:`._fits`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.fit import fit_power_law
from qproofs.fixtures import fixture
from qproofs.property import Property
from qproofs.protocols import gapip
from qproofs.tolerance import EXACT, TOL

from . import _props
from ._costs import DELTA, plane_run, quantum_cost, search_selftest
from ._fits import FIT_BAND, DifferenceFit, fit_evidence, taus

# ------------------------------------------------------------------ claim ---

_FORM = "A sends copies of |ã⟩, B swap-tests them against |b̃⟩ and thresholds the estimated overlap"
_COMMON = {"n": 2**10, "copy_cap": 60, "accounting_ns": (3, 8, 1000, 1024, 2**16), "accounting_ms": (1, 7, 100),
           "accounting_ip": 0.5, "interactive_density": 3}

CLAIM = Claim(
    "rem3.one-round", ref="Remark 3", section="5", scope="narrowed", form=_FORM,
    title="One-round protocols need Θ(1/τ²) copies (checked for the swap-test protocol only)",
    statement=(f"A one-round quantum protocol ({_FORM}) needs Θ(1/τ²) copies of ⌈log(n+1)⌉ qubits; the "
               "interactive protocol needs (1/τ)^1."),
    uses=("thm4.quantum-upper",),
    paper={"one_round_exponent": 2.0, "tau_exponent": 1.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"trials": 400, "taus": taus(0.04, 0.3, 7), "fit_band": FIT_BAND["quick"], **_COMMON},
            "standard": {"trials": 600, "taus": taus(0.02, 0.3, 9), "fit_band": FIT_BAND["standard"], **_COMMON},
            "deep": {"trials": 600, "taus": taus(0.02, 0.3, 9), "fit_band": FIT_BAND["deep"], **_COMMON}},
)

# ----------------------------------------------------------------- checks ---


@fixture(key="rows")
def rows(ctx: Any) -> list[dict[str, Any]]:
    """Per τ: the smallest copy count m ≤ copy_cap/τ² with executed error ≤ δ at ⟨a,b⟩ = ±τ, and its qubits."""
    rng = ctx.rng("copies")
    trials = ctx.params.trials
    n = ctx.params.n
    out = []
    for tau in ctx.params.taus:
        pp = gapip.swap_test_plus_probability(*gapip.promise_pair(n, tau, rng))
        pm = gapip.swap_test_plus_probability(*gapip.promise_pair(n, -tau, rng))

        def err(m: int, pp: float = pp, pm: float = pm) -> float:
            d1, _ = gapip.run_one_round_batch(pp, n, m, trials // 2, rng)
            d2, _ = gapip.run_one_round_batch(pm, n, m, trials // 2, rng)
            return float((np.sum(d1 != 1) + np.sum(d2 != -1)) / (2 * (trials // 2)))

        m, _ = gapip.search_smallest(err, 1, int(ctx.params.copy_cap / tau**2), DELTA)
        qubits = None if m is None else gapip.run_one_round_batch(pp, n, m, 1, rng)[1]
        run = plane_run(tau, n, 1, rng)        # what quantum_cost(tau, n, rng) executes (same stream)
        out.append({"tau": tau, "n": n, "copies": m, "qubits": qubits, "interactive_qubits": run.qubits,
                    "interactive_round_trips": run.round_trips})
    return out


def search_false_alarm(tau: float, cap: int, trials: int) -> float:
    """P[the search's sampled error at m = cap exceeds δ] for the true one-round protocol at ⟨a,b⟩ = ±τ (exact).

    One run errs at +τ when Bin(cap, p₊) < 5/8·cap and at −τ when Bin(cap, p₋) ≥ 5/8·cap, p± = (1 + ((1±τ)/2)²)/2
    (:func:`gapip.swap_test_plus_probability`); the search counts Bin(trials/2, e₊) + Bin(trials/2, e₋) errors.
    """
    from scipy import stats

    half = trials // 2
    p_plus, p_minus = ((1 + ((1 + s * tau) / 2) ** 2) / 2 for s in (1, -1))
    need = math.ceil(gapip.ONE_ROUND_THRESHOLD * cap)
    e_plus = float(stats.binom.cdf(need - 1, cap, p_plus))
    e_minus = float(stats.binom.sf(need - 1, cap, p_minus))
    k = np.arange(half + 1)
    joint = np.convolve(stats.binom.pmf(k, half, e_plus), stats.binom.pmf(k, half, e_minus))
    return float(joint[np.arange(joint.size) > DELTA * 2 * half].sum())


@CLAIM.check("simulation")
def copies_search(ctx: Any, rows: list[dict[str, Any]]) -> Evidence:
    """For every τ a copy count reaching error ≤ δ exists (search over m at ⟨a,b⟩ = ±τ)."""
    missing = [r for r in rows if r["copies"] is None]
    alarm = sum(search_false_alarm(r["tau"], int(ctx.params.copy_cap / r["tau"] ** 2), ctx.params.trials)
                for r in rows)
    return Evidence(passed=not missing, observed=[{"tau": r["tau"], "copies": r["copies"]} for r in rows],
                    expected=f"some m ≤ {ctx.params.copy_cap}/τ² reaches error ≤ δ = {DELTA}", tolerance=DELTA,
                    instances=len(rows), data={"false_alarm": alarm},
                    detail=("The search fails only if the sampled error at the cap m = copy_cap/τ² exceeds δ; its "
                            "probability on a true claim (the exact swap-test error at the cap, binomial over the "
                            "search's trials) is the stated false alarm. A protocol that cannot reach δ at the cap "
                            "(e.g. a threshold on the wrong side) fails with certainty."),
                    counterexample=None if not missing else {"tau": missing[0]["tau"], "delta": DELTA})


@CLAIM.check("accounting")
def copy_accounting(ctx: Any) -> Evidence:
    """Qubits counted by the executed run = copies × ⌈log₂(n+1)⌉."""
    rng = ctx.rng("acc")
    ip = ctx.params.accounting_ip
    bad = []
    for n in ctx.params.accounting_ns:
        a, b = gapip.promise_pair(n, ip, rng)
        for m in ctx.params.accounting_ms:
            run = gapip.run_one_round(a, b, ip, m, rng)
            if run.qubits != m * math.ceil(math.log2(n + 1)):
                bad.append({"n": n, "copies": m, "counted": run.qubits})
    return Evidence(passed=not bad, observed={"mismatches": len(bad)}, expected="copies·⌈log₂(n+1)⌉",
                    tolerance=EXACT, instances=len(ctx.params.accounting_ns) * len(ctx.params.accounting_ms),
                    counterexample=bad[0] if bad else None)


def interactive_round_trips(tau: float) -> int:
    """Round trips of the interactive protocol by Theorem 4.1's schedule: R·Σ_k t_k·shots_k, t_K = ⌈C₀/τ⌉.

    Computed from the schedule (:func:`gapip.repetitions`, :func:`gapip.ladder`, :func:`gapip.rung_shots`), not
    from a run: one A→B→A round trip per application of G.
    """
    ts = gapip.ladder(tau)
    return gapip.repetitions(DELTA) * sum(t * s for t, s in zip(ts, gapip.rung_shots(ts), strict=True))


@CLAIM.check("accounting")
def round_accounting(ctx: Any, rows: list[dict[str, Any]]) -> Evidence:
    """Rounds: interactive runs execute R·Σ_k t_k·shots_k round trips (∝ 1/τ); the swap-test protocol, one message.

    Issue 11 (Cosmic Ray): the executed round trips (``GapIPRun.round_trips``) were never asserted, so a run
    reporting 8× its round trips passed. Exact: every τ of the sweep, the run's count against the schedule's.
    """
    bad = [{"tau": r["tau"], "executed": r["interactive_round_trips"], "expected": interactive_round_trips(r["tau"])}
           for r in rows if r["interactive_round_trips"] != interactive_round_trips(r["tau"])]
    per_tau = [{"tau": r["tau"], "round_trips": r["interactive_round_trips"],
                "round_trips_times_tau": r["interactive_round_trips"] * r["tau"]} for r in rows]
    return Evidence(passed=not bad, observed={"mismatches": len(bad), "per_tau": per_tau},
                    expected="executed round trips = R·Σ_k t_k·shots_k (one A→B→A trip per application of G)",
                    tolerance=EXACT, instances=len(rows), counterexample=bad[0] if bad else None,
                    detail=("The one-round protocol sends its copies in one A→B message; the interactive one needs "
                            "a round trip per application of G, R·Σ_k t_k·shots_k of them with t_K = ⌈C₀/τ⌉ "
                            "(round trips × τ stays bounded: linear in 1/τ)."))


@CLAIM.check("accounting")
def search_finds_grid_ends(ctx: Any) -> Evidence:
    """The copy search itself returns the known answer of step error curves, at either end of the grid.

    On step curves whose answer is the grid's first, second, a middle or the last point, or none, :func:`gapip.search_smallest` (as ``rows`` calls it, and with a guess) and
    :func:`gapip.smallest_passing` return exactly that answer (:func:`._costs.search_selftest`).
    """
    bad = search_selftest()
    return Evidence(passed=not bad, observed={"mismatches": len(bad)},
                    expected="the smallest grid point with error ≤ δ, at either end of the grid", tolerance=EXACT,
                    instances=1, counterexample=bad[0] if bad else None)


@CLAIM.check("fit")
def fit_copies_tau(ctx: Any, rows: list[dict[str, Any]]) -> Evidence:
    """Smallest copy count vs 1/τ: exponent ≈ 2 (shot noise), not 1."""
    found = [r for r in rows if r["copies"] is not None]
    if len(found) < 3:
        return Evidence(passed=False, observed=found, expected="copy counts for at least 3 margins")
    x = [1 / r["tau"] for r in found]
    fit = fit_power_law(x, [r["copies"] for r in found], ctx.rng("boot"))
    return fit_evidence(ctx, fit, ctx.paper["one_round_exponent"], (1.0,), "one-round copies vs 1/τ (swap-test protocol only; other one-round protocols not checked)",
                        data={"rows": found})


@CLAIM.check("fit")
def interactive_vs_one_round(ctx: Any, rows: list[dict[str, Any]]) -> Evidence:
    """Qubits of the one-round protocol vs the interactive one: exponents differ by ≈ 1 (2 vs 1)."""
    found = [r for r in rows if r["copies"] is not None]
    if len(found) < 3:
        return Evidence(passed=False, observed=found, expected="copy counts for at least 3 margins")
    x = [1 / r["tau"] for r in found]
    f1 = fit_power_law(x, [r["qubits"] for r in found], ctx.rng("b1"))
    rng = ctx.rng("interactive")
    xi = [1 / t for t in taus(min(r["tau"] for r in found), max(r["tau"] for r in found),
                              ctx.params.interactive_density * len(found))]
    yi = [quantum_cost(1 / v, ctx.params.n, rng) for v in xi]
    fi = fit_power_law(xi, yi, ctx.rng("bi"))
    claimed = ctx.paper["one_round_exponent"] - ctx.paper["tau_exponent"]
    fig = Figure("rem3-one-round", "Remark 3: one-round vs interactive qubits (n = 2^10)", "1/τ", "qubits",
                 (Series("one round (swap tests)", tuple(x), tuple(r["qubits"] for r in found), "scatter"),
                  Series(f"fit (1/τ)^{f1.exponent:.2f}", tuple(x), tuple(f1.predict(x))),
                  Series("interactive (phase estimation)", tuple(xi), tuple(yi), "scatter"),
                  Series(f"fit (1/τ)^{fi.exponent:.2f}", tuple(xi), tuple(fi.predict(xi)))),
                 xscale="log", yscale="log")
    return fit_evidence(ctx, DifferenceFit.of(f1, fi), claimed, (0.0,), "one-round (swap-test) minus interactive exponent", fits=2,
                        figures=(fig,), data={"one_round": f1.summary(), "interactive": fi.summary()})



# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "swap-threshold", CLAIM.id, strategy=_props.gapip_pairs_plain, slack=_props.swap_threshold_slack, tol=TOL.rounding,
    statement="Property: for any a, b: P(0) = (1 + ((1+⟨a,b⟩)/2)²)/2 and the 5/8 threshold lies on the side of sign⟨a,b⟩.")


@CLAIM.check("fuzz")
def fuzz_swap_threshold(ctx: Any) -> Evidence:
    """Hypothesis over vector pairs: closed form of P(0) and the threshold's side."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY, examples=(20, 60, 400))


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[copies_search, fuzz_swap_threshold])
def swap_threshold_at_half() -> Iterator[None]:
    """B thresholds the swap-test frequency at 1/2 instead of 5/8 (forgets the augmentation; ``ONE_ROUND_THRESHOLD``)."""
    with mock.patch.object(gapip, "ONE_ROUND_THRESHOLD", 0.5):
        yield


@CLAIM.mutant(kills=[search_finds_grid_ends])
def search_skips_first_grid_point() -> Iterator[None]:
    """The search grid loses its first point (``gapip.geometric_grid``): an answer at k = 1 is reported as 2."""
    orig = gapip.geometric_grid
    with mock.patch.object(gapip, "geometric_grid", lambda lo, hi, ratio=1.12: orig(lo, hi, ratio)[1:] or [hi]):
        yield


@CLAIM.mutant(kills=[search_finds_grid_ends])
def gallop_never_tests_first_point() -> Iterator[None]:
    """The galloping bracket treats grid point 0 as failing without testing it (``gapip._gallop`` left ≥ 0)."""
    orig = gapip._gallop

    def gallop(ok: Any, start: int, last: int) -> Any:
        left, right = orig(ok, start, last)
        return (max(left, 0), right) if right != 0 else (0, 1)

    with mock.patch.object(gapip, "_gallop", gallop):
        yield


@CLAIM.mutant(kills=[round_accounting])
def round_trips_counted_eightfold() -> Iterator[None]:
    """Runs report 8× their executed round trips (Cosmic Ray's ``messages // 2`` → ``messages << 2``; ``gapip.GapIPRun``)."""
    orig = gapip.GapIPRun

    def run(decision: int, qubits: int, round_trips: int, *rest: Any) -> gapip.GapIPRun:
        return orig(decision, qubits, 8 * round_trips, *rest)

    with mock.patch.object(gapip, "GapIPRun", run):
        yield


@CLAIM.mutant(kills=[copy_accounting])
def copies_counted_without_register() -> Iterator[None]:
    """Miscounted qubits: one qubit per copy counted instead of the register (public ``gapip.register_qubits``)."""
    with mock.patch.object(gapip, "register_qubits", lambda n: 1):
        yield


@CLAIM.mutant(kills=[fit_copies_tau, interactive_vs_one_round], paper={"one_round_exponent": 1.0})
def one_round_claimed_heisenberg() -> None:
    """Fit claimed with the wrong exponent (one round at the Heisenberg rate 1)."""
