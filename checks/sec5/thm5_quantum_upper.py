"""``thm5.quantum-upper`` (Theorem 5.1): m = ⌈ln(2/δ)/(2ε²)⌉ phase-state copies estimate the conflict fraction.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
TieAudit protocol (phase states, matching-basis measurement, Hoeffding copy
count, qubit count) is executed by :mod:`qproofs.protocols.tieaudit`; the fit
in :mod:`qproofs.fit`, judged by :mod:`._fits`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any
from unittest import mock

import numpy as np
from scipy import stats

from qproofs.claims import Claim, Evidence
from qproofs.domain import domain_evidence, forget_guards
from qproofs.fixtures import fixture
from qproofs.property import Property
from qproofs.protocols import tieaudit
from qproofs.tolerance import EXACT, TOL

from . import _domain, _props
from ._costs import DELTA, EPS
from ._fits import RATE_ALPHA, rate_test, rate_tests_data
from ._instances import checked_instance, instance_survey

# ------------------------------------------------------------------ claim ---

_COMMON = {"fractions": (0.5, 0.25, 0.75, 0.5, 0.1), "small_fractions": (0.5, 0.25, 0.75), "small_n": 16,
           "thin_above": 2**16, "thin_factor": 4,
           "accounting_eps_delta": ((0.1, 0.05), (0.05, 0.01), (0.3, 0.2), (0.5, 0.5)),
           "accounting_ns": (2, 6, 64, 1000, 4096), "accounting_fraction": 0.5}

CLAIM = Claim(
    "thm5.quantum-upper", ref="Theorem 5.1", section="5", scope="exact",
    title="m = ⌈ln(2/δ)/(2ε²)⌉ phase-state copies estimate the conflict fraction to ±ε",
    statement=("m = ⌈ln(2/δ)/(2ε²)⌉ copies of a ⌈log n⌉-qubit state estimate f = |{(i,j) ∈ M : s_i ≠ s_j}|/(n/2) "
               "within ε with probability ≥ 1−δ; qubits = m·⌈log n⌉ ∝ (log n)^1."),
    uses=("thm5.zero-amplitude",),
    paper={"hoeffding_denominator": 2, "logn_exponent": 1.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"per_n": 120, "n_exponents": (4, 8, 12, 16), **_COMMON},
            "standard": {"per_n": 160, "n_exponents": (4, 6, 8, 10, 12, 14, 16, 18, 20), **_COMMON},
            "deep": {"per_n": 160, "n_exponents": (4, 6, 8, 10, 12, 14, 16, 18, 20), **_COMMON}},
)

# ----------------------------------------------------------------- checks ---


@fixture(key="rows")
def rows(ctx: Any) -> list[dict[str, Any]]:
    """Executed TieAudit runs per n (fractions cycled): failures |f̂ − f| > ε and counted qubits."""
    p = ctx.params
    rng = ctx.rng("tie")
    out = []
    per_n = p.per_n
    for k in p.n_exponents:
        n = 2**k
        fails = 0
        fs = p.fractions if n >= p.small_n else p.small_fractions
        qubits = None
        runs = per_n if n <= p.thin_above else per_n // p.thin_factor
        for i in range(runs):
            s, M, f = checked_instance(n, fs[i % len(fs)], rng)
            res = tieaudit.run_quantum(s, M, EPS, DELTA, rng)
            fails += abs(res.runs[0].estimate - f) > EPS
            qubits = res.total_qubits
        out.append({"n": n, "instances": runs, "failures": fails, "qubits": qubits,
                    "copies": tieaudit.hoeffding_copies(EPS, DELTA)})
    return out


@CLAIM.check("simulation")
def failure_rates(ctx: Any, rows: list[dict[str, Any]]) -> Evidence:
    """Failure rate P(|f̂ − f| > ε) ≤ δ over many instances, n up to 2^20 (standard)."""
    alpha = RATE_ALPHA
    tests = [rate_test(r["failures"], r["instances"], DELTA, alpha) for r in rows]
    bad = [r for r, t in zip(rows, tests, strict=True) if not t["passed"]]
    fails = sum(r["failures"] for r in rows)
    inst = sum(r["instances"] for r in rows)
    # pooled over n: under 'rate ≤ δ at every n' the total is dominated by Bin(total, δ) (more power)
    tests.append(rate_test(fails, inst, DELTA, alpha))
    if not tests[-1]["passed"]:
        bad.append({"n": "pooled", "failures": fails, "instances": inst})
    return Evidence(passed=not bad, observed={"failures": fails, "instances": inst, "rate": fails / inst},
                    expected=f"rate ≤ δ = {DELTA} per n (one-sided binomial test, α = {alpha})", tolerance=alpha,
                    instances=inst, data={"rows": rows, **rate_tests_data(tests)},
                    counterexample=None if not bad else {"n": bad[0]["n"], "eps": EPS, "delta": DELTA})


@CLAIM.check("accounting")
def copy_and_qubit_accounting(ctx: Any) -> Evidence:
    """M = ⌈ln(2/δ)/(2ε²)⌉ and counted qubits = m·⌈log₂ n⌉."""
    rng = ctx.rng("acc")
    bad, count = [], 0
    for eps, delta in ctx.params.accounting_eps_delta:
        m = math.ceil(math.log(2 / delta) / (ctx.paper["hoeffding_denominator"] * eps**2))
        for n in ctx.params.accounting_ns:
            s, M, _ = checked_instance(n, ctx.params.accounting_fraction, rng)
            out = tieaudit.run_quantum(s, M, eps, delta, rng)
            q = math.ceil(math.log2(n)) if n > 1 else 0
            count += 1
            if out.runs[0].copies != m or out.total_qubits != m * q:
                bad.append({"eps": eps, "delta": delta, "n": n, "copies": out.runs[0].copies, "m": m,
                            "counted": out.total_qubits, "expected": m * q})
    return Evidence(passed=not bad, observed={"mismatches": len(bad)}, expected="m·⌈log₂ n⌉ with Hoeffding m",
                    tolerance=EXACT, instances=count, counterexample=bad[0] if bad else None)


@CLAIM.check("accounting")
def tie_qubits_linear_in_logn(ctx: Any, rows: list[dict[str, Any]]) -> Evidence:
    """Executed qubits vs log₂ n (n = 2^4 … 2^20) equal m·(log₂ n)^p exactly: accounting, not a fit.

    Issue 10 finding 6: the count is exact by construction (CI [1, 1] was no statistics); p is the paper's
    exponent in log n, m the Hoeffding copy count. n = 2^k, so ⌈log₂ n⌉ = k exactly.
    """
    p = ctx.paper["logn_exponent"]
    bad = [{"n": r["n"], "counted": r["qubits"], "expected": r["copies"] * int(math.log2(r["n"])) ** p}
           for r in rows if r["qubits"] != r["copies"] * int(math.log2(r["n"])) ** p]
    return Evidence(passed=not bad, observed={"qubits_by_n": {str(r["n"]): r["qubits"] for r in rows},
                                              "mismatches": len(bad)},
                    expected=f"m·(log₂ n)^{p:g} with m = {rows[0]['copies']}", tolerance=EXACT, instances=len(rows),
                    counterexample=bad[0] if bad else None, data={"rows": rows},
                    detail="exact accounting of executed runs: qubits are linear in log n (slope m), no sampling.")



@CLAIM.check("accounting")
def instances_as_promised(ctx: Any) -> Evidence:
    """The instance generator keeps its promise on a grid of (n, f) with the ends f = 0, 1 and n = 2.

    A perfect matching, ±1 signs and exactly round(f·n/2) conflicted pairs (:func:`._instances.instance_survey`; every
    instance the sweeps draw is asserted the same way by :func:`._instances.checked_instance`).
    """
    count, bad = instance_survey(ctx.rng("survey"))
    return Evidence(passed=not bad, observed={"defects": len(bad)}, expected="round(f·n/2) conflicted pairs exactly",
                    tolerance=EXACT, instances=count, counterexample=bad[0] if bad else None)


SAMPLER_CASES = ((8, 0.5), (8, 0.25), (16, 0.75))
"""(n, f) of the instances on which the fast phase-state sampler is compared with the Born distribution."""
SAMPLER_COPIES = 40000
SAMPLER_ALPHA = 1e-7
"""False-alarm probability of one chi-square comparison (3 per run: 3·10⁻⁷)."""


@CLAIM.check("simulation")
def phase_sampler_vs_born(ctx: Any) -> Evidence:
    """The O(m) sampler used by the runs has the Born law of the matching-basis measurement.

    :func:`tieaudit.sample_phase_state_measurement` (uniform pair, deterministic parity) against
    :func:`tieaudit.matching_outcome_probabilities` of the phase state (the Born probabilities, the reference
    path's law): outcomes of zero probability never occur, and a chi-square goodness-of-fit test over the
    others (pair, parity) has p ≥ 10⁻⁷ (false alarm 10⁻⁷ per instance). Every run, small n. Both paths of
    :func:`tieaudit.run_quantum` (fast and ``born=True``) give exactly f at f ∈ {0, 1} with equal qubit counts.
    """
    from scipy import stats

    rng = ctx.rng("sampler")
    rows, ok = [], True
    for n, f in SAMPLER_CASES:
        s, M, _ = checked_instance(n, f, rng)
        probs = tieaudit.matching_outcome_probabilities(tieaudit.phase_state(s), M).ravel()
        pairs, parity = tieaudit.sample_phase_state_measurement(s, M, SAMPLER_COPIES, rng)
        counts = np.bincount(2 * pairs + parity, minlength=probs.size)
        live = probs > TOL.rounding
        impossible = int(counts[~live].sum())
        p_value = float(stats.chisquare(counts[live], SAMPLER_COPIES * probs[live] / probs[live].sum()).pvalue)
        ok &= impossible == 0 and p_value >= SAMPLER_ALPHA and counts.size == probs.size
        rows.append({"n": n, "f": f, "impossible_outcomes": impossible, "chi2_p": p_value})
    # both paths of run_quantum on f ∈ {0, 1}: every outcome is determined (zero amplitude), so the estimates
    # are exactly f on either path, and the link counts the same qubits (exact, no false alarm)
    for n, f in ((8, 0.0), (8, 1.0), (64, 1.0)):
        s, M, _ = checked_instance(n, f, rng)
        fast = tieaudit.run_quantum(s, M, EPS, DELTA, rng, clients=2)
        born = tieaudit.run_quantum(s, M, EPS, DELTA, rng, clients=2, born=True)
        same = (fast.total_qubits == born.total_qubits
                and all(r.estimate == f for r in fast.runs + born.runs))
        ok &= same
        rows.append({"n": n, "f": f, "paths_agree_exactly": same})
    return Evidence(passed=bool(ok), observed=rows, expected=f"no zero-amplitude outcome; chi-square p ≥ {SAMPLER_ALPHA}",
                    tolerance=SAMPLER_ALPHA, instances=len(SAMPLER_CASES) * SAMPLER_COPIES,
                    data={"false_alarm": SAMPLER_ALPHA * len(rows)},
                    detail=f"{SAMPLER_COPIES} copies per instance; cells with Born probability > {TOL.rounding} tested.")


_SKETCH_LAW_N = 2**16
_SKETCH_LAW_BUCKETS = (1, 3, 8)
_SKETCH_LAW_ALPHA = 1e-6
"""Total false-alarm probability of the CountSketch hash-law test (Bonferroni over its cells)."""
_SKETCH_BITS_NS = (2, 4, 6, 64, 1000, 4096)
_SKETCH_EXACT_NS = (4, 8, 16, 64)
_SKETCH_BUCKETS = (1, 2, 5)


def stated_sketch_word_bits(n: int) -> int:
    """⌈log₂(2n+1)⌉: the smallest w with 2^w ≥ 2n + 1 (a bucket sum lies in [−n, n]), by exact integer search."""
    w = 0
    while 2**w < 2 * n + 1:
        w += 1
    return w


def dense_countsketch_estimate(s: np.ndarray, M: np.ndarray, h: np.ndarray, sigma: np.ndarray, buckets: int
                               ) -> Fraction:
    """The client's estimate written out in exact rationals (the check's independent path).

    y_b = Σ_{h(i)=b} σ_i s_i, Ẑ = Σ_{(i,j)∈M} σ_iσ_j y_{h(i)} y_{h(j)} (halved when h(i) = h(j)),
    f̂ = clip((1 − Ẑ/(n/2))/2, 0, 1).
    """
    y = [0] * buckets
    for i in range(s.size):
        y[int(h[i])] += int(sigma[i]) * int(s[i])
    z = Fraction(0)
    for i, j in M.tolist():
        term = Fraction(int(sigma[i]) * int(sigma[j]) * y[int(h[i])] * y[int(h[j])])
        z += term / 2 if h[i] == h[j] else term
    return min(Fraction(1), max(Fraction(0), (1 - z / Fraction(s.size, 2)) / 2))


@CLAIM.check("simulation")
def countsketch_baseline_exact(ctx: Any) -> Evidence:
    """The CountSketch baseline Theorem 5 is compared with (run by the gap claim ``thm5.classical-lower``), asserted.

    (1) Shared hash law: h ∈ [0, B), σ ∈ {±1}, and (h, σ) uniform on the 2B cells (uniform and independent), by an
    exact two-sided binomial test per cell at n = 2^16 (Bonferroni, total false alarm ≤ 1e-6). (2) The executed
    link's bits = B·⌈log₂(2n+1)⌉, the width computed here. (3) The executed estimate = the dense computation in
    exact rationals on small instances (issue 11, round 3: the signs, the word width and the product were never
    asserted). Hosted by this verified claim so a broken baseline changes its verdict (to ``inconclusive``: the
    baseline is the tool's, Theorem 5.1 is not at stake).
    """
    rng = ctx.rng("countsketch_exact")
    bad: list[dict[str, Any]] = []
    checked = 0
    cells = 2 * sum(_SKETCH_LAW_BUCKETS)
    worst_p = 1.0
    for B in _SKETCH_LAW_BUCKETS:
        h, sigma = tieaudit.countsketch_hash(_SKETCH_LAW_N, B, int(rng.integers(2**62)))
        checked += 1
        if not (np.all((h >= 0) & (h < B)) and np.all((sigma == 1) | (sigma == -1))):
            bad.append({"law": "support", "buckets": B, "h": sorted(set(h.tolist()))[:4],
                        "sigma": sorted(set(sigma.tolist()))[:4]})
            continue
        for b in range(B):
            for sg in (-1, 1):
                k = int(np.count_nonzero((h == b) & (sigma == sg)))
                p = stats.binomtest(k, _SKETCH_LAW_N, 1 / (2 * B)).pvalue
                worst_p = min(worst_p, p)
                if p < _SKETCH_LAW_ALPHA / cells:
                    bad.append({"law": "cell", "buckets": B, "h": b, "sigma": sg, "count": k, "p_value": p})
    for n in _SKETCH_BITS_NS:
        s, M, _ = checked_instance(n, 0.5, rng)
        for B in _SKETCH_BUCKETS:
            run = tieaudit.run_countsketch(s, M, B, int(rng.integers(2**62)))
            checked += 1
            if run.bits != B * stated_sketch_word_bits(n):
                bad.append({"bits": run.bits, "expected": B * stated_sketch_word_bits(n), "n": n, "buckets": B})
    for n in _SKETCH_EXACT_NS:
        for f in (0.0, 0.5, 1.0):
            s, M, _ = checked_instance(n, f, rng)
            for B in _SKETCH_BUCKETS:
                seed = int(rng.integers(2**62))
                run = tieaudit.run_countsketch(s, M, B, seed)
                h, sigma = tieaudit.countsketch_hash(n, B, seed)
                ref = dense_countsketch_estimate(s, M, h, sigma, B)
                checked += 1
                if abs(run.estimate - float(ref)) > TOL.rounding:
                    bad.append({"estimate": run.estimate, "expected": str(ref), "n": n, "buckets": B, "f": f})
    # a broken baseline is a defect of the tool, not a refutation of Theorem 5.1: inconclusive, never False
    return Evidence(passed=True if not bad else None, observed={"mismatches": len(bad), "smallest_cell_p": worst_p},
                    expected="h ∈ [0,B), σ ∈ {±1}, (h,σ) uniform on 2B cells; bits = B·⌈log₂(2n+1)⌉; "
                             "estimate = dense exact computation (±1e-12)",
                    tolerance=TOL.rounding, instances=checked, counterexample=bad[0] if bad else None,
                    data={"false_alarm": _SKETCH_LAW_ALPHA, "cells": cells})


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "tie-copies", CLAIM.id, strategy=_props.tie_runs, slack=_props.tie_copies_slack, tol=0,
    statement="Property: for any signs, matching, ε, δ: m = ⌈ln(2/δ)/(2ε²)⌉ copies of ⌈log₂ n⌉ qubits, and the estimate is exactly f when f ∈ {0, 1}.")


@CLAIM.check("fuzz")
def fuzz_tie_copies(ctx: Any) -> Evidence:
    """Hypothesis over signs, matchings, ε, δ: Hoeffding copies, counted qubits, exact estimates at f ∈ {0, 1}."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY, examples=(20, 60, 400))


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The protocol refuses every instance outside the paper's model, each rule at its boundary (issue 11).

    The table covers the whole module, the classical baselines of ``thm5.classical-lower`` (a gap claim, whose
    checks cannot change its verdict) included.
    """
    return domain_evidence(_domain.TIEAUDIT_EDGES, "qproofs.protocols.tieaudit (Theorem 5's protocols)")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[failure_rates, copy_and_qubit_accounting, fuzz_tie_copies])
def wrong_hoeffding_constant() -> Iterator[None]:
    """M = ⌈ln(2/δ)/(8ε²)⌉: four times too few copies (public ``tieaudit.HOEFFDING_C``)."""
    with mock.patch.object(tieaudit, "HOEFFDING_C", 8.0):
        yield


@CLAIM.mutant(kills=[failure_rates, fuzz_tie_copies])
def parity_sign_flipped_in_measurement() -> Iterator[None]:
    """Wrong parity sign in the TieAudit measurement: f̂ estimates 1 − f (public ``tieaudit.PARITY_SIGN``)."""
    with mock.patch.object(tieaudit, "PARITY_SIGN", -1):
        yield


@CLAIM.mutant(kills=[copy_and_qubit_accounting, fuzz_tie_copies])
def state_qubits_miscounted() -> Iterator[None]:
    """Miscounted qubits: ⌊log₂ n⌋ instead of ⌈log₂ n⌉ for the phase state register (``tieaudit.state_qubits``)."""
    with mock.patch.object(tieaudit, "state_qubits", lambda n: max(1, int(n).bit_length() - 1)):
        yield


@CLAIM.mutant(kills=[instances_as_promised])
def instances_ignore_fraction() -> Iterator[None]:
    """Cosmic Ray survivor: the generator marks no pair conflicted (``conflicted[...] = True`` → ``= False``)."""
    orig = tieaudit.instance_with_fraction

    def gen(n: int, f: float, rng: Any) -> Any:
        return orig(n, 0.0, rng)

    with mock.patch.object(tieaudit, "instance_with_fraction", gen):
        yield


@CLAIM.mutant(kills=[phase_sampler_vs_born])
def sampler_misses_last_pair() -> Iterator[None]:
    """The fast sampler never draws the last pair (``rng.integers(0, n/2 − 1)``): pair law not uniform."""
    def sample(s: Any, M: Any, copies: int, rng: Any) -> Any:
        pairs = rng.integers(0, max(1, M.shape[0] - 1), size=copies)
        return pairs, (s[M[pairs, 0]] != tieaudit.PARITY_SIGN * s[M[pairs, 1]]).astype(np.int64)

    with mock.patch.object(tieaudit, "sample_phase_state_measurement", sample):
        yield


@CLAIM.mutant(kills=[tie_qubits_linear_in_logn], paper={"logn_exponent": 2.0})
def tie_claimed_quadratic_log() -> None:
    """Fit claimed with the wrong exponent (log² n)."""


@CLAIM.mutant(kills=[input_domain])
def tieaudit_forgets_its_guards() -> Iterator[None]:
    """The protocol module validates nothing (its ``require`` a no-op)."""
    with forget_guards(tieaudit):
        yield


@CLAIM.mutant(kills=[countsketch_baseline_exact])
def countsketch_signs_all_plus() -> Iterator[None]:
    """The shared CountSketch signs are all +1 (σ not uniform: the sketch is biased)."""
    real = tieaudit.countsketch_hash
    with mock.patch.object(tieaudit, "countsketch_hash", lambda n, B, seed: (real(n, B, seed)[0],
                                                                             np.ones(n, dtype=np.int64))):
        yield


@CLAIM.mutant(kills=[countsketch_baseline_exact])
def countsketch_word_one_bit_short() -> Iterator[None]:
    """The CountSketch word is counted one bit short of ⌈log₂(2n+1)⌉."""
    real = tieaudit.countsketch_word_bits
    with mock.patch.object(tieaudit, "countsketch_word_bits", lambda n: real(n) - 1):
        yield
