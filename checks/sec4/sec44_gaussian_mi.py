"""``sec44.gaussian-mi`` (Section 4.4): multi-round Gaussian leakage stays below ½ log(N/(N−1)).

Anatomy: the claim; its parameters per profile; its checks (two sampled, each
with a stated false-alarm probability and power); its fuzz property; its
mutants. The physics is in :mod:`qproofs.protocols.gaussian_privacy`
(covariances, log-det mutual information, sampling, distributed-DP noise
shares); the fuzz strategy in :mod:`qproofs.fuzz.security_rounds`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any
from unittest import mock

import numpy as np
import sympy

from qproofs.certificates import identity_certificates
from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import gaussian_privacy
from qproofs.tolerance import EXACT, TOL

from . import _domain

SAMPLED_CHECK_BUDGET = 3e-5
"""False-alarm budget of each sampled check of this claim (two checks: 6e-5 of the run's 10⁻³, issue 11)."""

POWER_SHIFT = 0.05
"""Relative alternative the variance check states its power against: the sum's noise variance off by ±5 %."""

MI_POWER_SHIFT = 0.10
"""Relative alternative the Monte-Carlo information check states its power against: I off by ±10 %."""


def mi_bound(n: int) -> float:
    """The paper's ceiling ½·log₂(N/(N−1)) = I(p_i ; Σ_j p_j), in bits."""
    return 0.5 * math.log2(n / (n - 1))


# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "sec44.gaussian-mi", ref="Section 4.4", section="4", scope="exact",
    title="Multi-round Gaussian leakage stays below ½ log(N/(N−1)); distributed DP needs N× less noise per node",
    statement=("Static personal components p_j ~ N(0, σ_p²) i.i.d., fresh per-round noise e_j^t ~ N(0, σ_e²), "
               "S_t = Σ_j (p_j + e_j^t): I(p_i ; S_1 … S_T) ≤ I(p_i ; Σ_j p_j) = ½·log(N/(N−1)) for every T. "
               "DP remark: to give the released sum Gaussian noise of variance σ², each node adds σ²/N when only "
               "sums are released, against σ² per node under local DP (checked from an (ε, δ) target with the "
               "Gaussian mechanism's σ, against non-colluding nodes; a coalition C leaves (N − |C|)/N of it)."),
    uses=("thm3.multiround",),
    paper={"mi_bound": mi_bound, "limit_ratio": lambda N: N / (N - 1), "local_over_distributed": lambda n: n},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"ns": (2, 5, 20), "max_rounds": 100, "mc_n": 5, "mc_rounds": (1, 3), "samples": 20000,
                      "dp_ns": (4, 16, 64), "dp_target": (1.0, 0.5, 1e-5), "lemma_point": (4, 3, 1.0, 0.5),
                      "fuzz_examples": 10},
            "standard": {"ns": (2, 5, 20), "max_rounds": 100, "mc_n": 5, "mc_rounds": (1, 3), "samples": 200000,
                         "dp_ns": (4, 16, 64), "dp_target": (1.0, 0.5, 1e-5), "lemma_point": (4, 3, 1.0, 0.5),
                         "fuzz_examples": 40},
            "deep": {"ns": (2, 5, 20), "max_rounds": 100, "mc_n": 5, "mc_rounds": (1, 3), "samples": 200000,
                     "dp_ns": (4, 16, 64), "dp_target": (1.0, 0.5, 1e-5), "lemma_point": (4, 3, 1.0, 0.5),
                     "fuzz_examples": 500}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("symbolic")
def closed_form_limit(ctx: Any) -> Evidence:
    """sympy: det ratio (σe² + Tσp²)/(σe² + T(N−1)σp²/N) < N/(N−1) for all T and → N/(N−1)."""
    N, T, sp, se = sympy.symbols("N T sigma_p2 sigma_e2", positive=True)
    # matrix determinant lemma: det(aI + b11ᵀ) = a^{T−1}(a + Tb)
    a = N * se
    ratio = (a + T * N * sp) / (a + T * gaussian_privacy.CONDITIONAL_SHARE(N) * sp)
    limit = sympy.limit(ratio, T, sympy.oo)
    claimed = ctx.paper["limit_ratio"](N)
    gap = sympy.simplify(claimed - ratio)
    # numerical spot check of the determinant lemma against slogdet
    n0, t0, sp0, se0 = ctx.params.lemma_point
    cov, cond = gaussian_privacy.covariances(n0, t0, sp0, se0)
    lemma = abs(np.linalg.det(cov) / np.linalg.det(cond) - float(ratio.subs({N: n0, T: t0, sp: sp0, se: se0})))
    M = sympy.Symbol("M", positive=True)  # N = M + 1 > 1
    gap_pos = bool(sympy.factor(gap.subs(N, M + 1)).is_positive)
    ok = sympy.simplify(limit - claimed) == 0 and gap_pos and lemma < ctx.tol.dense
    pairs = gap_identity_pairs(ratio.subs(N, M + 1), claimed.subs(N, M + 1), T)
    return Evidence(passed=ok, observed={"limit": str(limit), "N/(N-1) - ratio": str(sympy.factor(gap)),
                                         "det_lemma_err": lemma},
                    expected={"limit": str(claimed), "gap": "> 0 for N ≥ 2"}, tolerance=EXACT, instances=1,
                    certificate=identity_certificates(pairs, claim=CLAIM.id, check="closed_form_limit") or None,
                    detail=("I = ½ log₂(det ratio); positivity of the gap proved by sympy with N = M + 1, M > 0. "
                            "Certificates (identity, N = M + 1, M, T, σ_p², σ_e² positive): (1) N/(N−1) − ratio == F, "
                            "F sympy's factored form; (2) ratio == N/(N−1) − A/(B + T·C) with A, B, C free of T. "
                            "Outside the certificates, by inspection: every factor of F and A, B, C are sums and "
                            "products of positive symbols, so the gap is > 0 and → 0 as T → ∞; the determinant "
                            "lemma behind the ratio (spot-checked here in floating point)."))


def gap_identity_pairs(ratio: sympy.Expr, claimed: sympy.Expr, T: sympy.Symbol) -> list[tuple[Any, Any]]:
    """Identity pairs for the ``identity`` certificates of :func:`closed_form_limit` (Section 4.4).

    (claimed − ratio, F) with F = sympy.factor(claimed − ratio), and (ratio, claimed − A/(B + T·C)) with
    A/(B + T·C) = F, A, B, C free of T: the gap is positive and vanishes as T → ∞ when A, B, C > 0 (by
    inspection of the positive symbols). Empty if F is not of that form (nothing true to certify).
    """
    F = sympy.factor(claimed - ratio)
    A, den = sympy.fraction(F)
    B, C = den.subs(T, 0), sympy.diff(den, T)
    if T in A.free_symbols | B.free_symbols | C.free_symbols or sympy.expand(den - B - T * C) != 0:
        return []
    return [(claimed - ratio, F), (ratio, claimed - A / (B + T * C))]


@CLAIM.check("simulation")
def log_det_below_bound(ctx: Any) -> Evidence:
    """Exact log-det MI for T = 1..100 below ½ log₂(N/(N−1)); Monte-Carlo plug-in agrees."""
    tol = ctx.tol.rounding
    t_max = ctx.params.max_rounds
    rows, ok = [], True
    series = []
    for n in ctx.params.ns:
        b = ctx.paper["mi_bound"](n)
        mis = [gaussian_privacy.mutual_information(n, T, 1.0, 1.0) for T in range(1, t_max + 1)]
        inc = all(mis[i] <= mis[i + 1] + tol for i in range(t_max - 1))
        ok &= max(mis) <= b + tol and inc
        rows.append({"N": n, "bound": b, "I_T1": mis[0], f"I_T{t_max}": mis[-1], "monotone": inc,
                     "tightness": mis[-1] / b})
        series.append(Series(f"N = {n}", tuple(range(1, t_max + 1)), tuple(mis)))
    from scipy.stats import norm

    rng = ctx.rng("mc")
    samples = ctx.params.samples
    alpha = SAMPLED_CHECK_BUDGET / len(ctx.params.mc_rounds)
    mc = []
    for T in ctx.params.mc_rounds:
        pi, S = gaussian_privacy.sample_sums(ctx.params.mc_n, T, 1.0, 1.0, samples, rng)
        est = gaussian_privacy.plugin_mutual_information(pi, S)
        exact = gaussian_privacy.mutual_information(ctx.params.mc_n, T, 1.0, 1.0)
        # S_t = P + E_t with E_t i.i.d.: the mean S̄ is sufficient for P, so I(p_i ; S_1…S_T) = I(p_i ; S̄) and
        # ρ(p_i, S̄)² = 1 − 2^{−2I}. Fisher's z: atanh(r̂) ~ N(atanh ρ, 1/(n − 3)) (error O(1/n)); the plug-in Î
        # (all T columns) must land in the same interval mapped to bits, widened by its bias T/(2n·ln2).
        rho = math.sqrt(1 - 2 ** (-2 * exact))
        r_hat = float(np.corrcoef(pi, S.mean(axis=1))[0, 1])
        half = float(norm.ppf(1 - alpha / 2)) / math.sqrt(samples - 3)
        z_lo, z_hi = math.atanh(r_hat) - half, math.atanh(r_hat) + half
        to_bits = lambda z: -0.5 * math.log2(1 - math.tanh(max(z, 0.0)) ** 2)  # noqa: E731
        i_lo, i_hi = to_bits(z_lo), to_bits(z_hi) + T / (2 * samples * math.log(2))
        mc.append({"T": T, "estimate": est, "exact": exact, "rho_hat": r_hat, "rho": rho,
                   "interval_bits": [i_lo, i_hi], "rate_bits": (i_lo, est, i_hi), "false_alarm": alpha,
                   "power": _fisher_power(exact, samples, alpha)})
        ok &= z_lo <= math.atanh(rho) <= z_hi and i_lo <= est <= i_hi
    fig = Figure("gaussian-mi", "Section 4.4: I(p_i ; S_1…S_T) vs T (σ_p² = σ_e² = 1)", "rounds T",
                 "mutual information (bits)", tuple(series), xscale="log",
                 hlines=tuple((ctx.paper["mi_bound"](n), f"½log₂(N/(N−1)), N={n}") for n in ctx.params.ns))
    return Evidence(passed=ok, observed={"rows": rows, "monte_carlo": mc}, expected="I ≤ bound, increasing in T",
                    tolerance=tol, instances=len(ctx.params.ns) * t_max + len(mc), figures=(fig,),
                    data={"false_alarm": SAMPLED_CHECK_BUDGET,
                          "power": min(m["power"] for m in mc),
                          "alternative": f"I(p_i ; S_1…S_T) off by ±{MI_POWER_SHIFT:.0%}",
                          "min_tightness": min(r["tightness"] for r in rows)},
                    detail=(f"tightness = I(T = {t_max})/bound (the bound is the T → ∞ limit, proved in "
                            "closed_form_limit). Monte-Carlo: Fisher-z interval for ρ(p_i, S̄), false-alarm "
                            f"probability {SAMPLED_CHECK_BUDGET:g} for the run of this check (split over T); power "
                            f"{min(m['power'] for m in mc):.3g} against a mutual information off by ±{MI_POWER_SHIFT:.0%} "
                            "(Fisher-z normal law). The plug-in Î over all T columns exceeds the one from S̄ (a "
                            "sufficient statistic) by about χ²_{T−1}/(2n·ln 2) bits, orders of magnitude inside the "
                            "interval's margin, so it adds no stated false-alarm probability."))


def _fisher_power(info_bits: float, samples: int, alpha: float) -> float:
    """Power of the two-sided Fisher-z test of ρ = ρ(I) against I off by ±MI_POWER_SHIFT (the smaller of the two).

    atanh(r̂) ~ N(atanh ρ_true, 1/(n − 3)) (Fisher 1921; error O(1/n)); the test accepts when |atanh r̂ −
    atanh ρ| ≤ z_{α/2}/√(n − 3).
    """
    from scipy.stats import norm

    z_crit = float(norm.isf(alpha / 2))
    z0 = math.atanh(math.sqrt(1 - 2 ** (-2 * info_bits)))
    out = 1.0
    for k in (1 - MI_POWER_SHIFT, 1 + MI_POWER_SHIFT):
        shift = abs(math.atanh(math.sqrt(1 - 2 ** (-2 * info_bits * k))) - z0) * math.sqrt(samples - 3)
        out = min(out, float(norm.sf(z_crit - shift) + norm.cdf(-z_crit - shift)))
    return out


def _variance_interval(var_hat: float, dof: int, alpha: float) -> tuple[float, float]:
    """Exact (1 − α) interval for a normal variance from its sample variance: dof·s²/σ² ~ χ²_dof (scipy)."""
    from scipy.stats import chi2

    return dof * var_hat / float(chi2.ppf(1 - alpha / 2, dof)), dof * var_hat / float(chi2.ppf(alpha / 2, dof))


@CLAIM.check("simulation")
def distributed_dp_noise(ctx: Any) -> Evidence:
    """From an (ε, δ) target: per-node noise under local vs distributed DP, exact privacy of each, ratio N.

    σ = Δ·√(2 ln(1.25/δ))/ε (Gaussian mechanism). Local DP: every node's own release must be (ε, δ)-DP, so
    each adds σ²; distributed: only the sum is released, so the N independent shares need only sum to σ²
    (σ²/N each). Privacy is then judged by the exact δ(ε) of the Gaussian mechanism (Balle–Wang), not by
    the formula that set σ; the pooled variance is sampled (exact χ² interval). Coalition caveat: a coalition
    C knows its own noise, so only (N − |C|)/N of the sum's noise protects the others.
    """
    sens, eps, delta = ctx.params.dp_target
    alpha = SAMPLED_CHECK_BUDGET / len(ctx.params.dp_ns)  # one χ² interval per N
    sigma2 = gaussian_privacy.gaussian_mechanism_sigma(sens, eps, delta) ** 2
    rng = ctx.rng("dp")
    samples = ctx.params.samples
    rows, ok = [], True
    for n in ctx.params.dp_ns:
        v = gaussian_privacy.per_node_variance(sigma2, n)
        v_local = gaussian_privacy.per_node_variance(sigma2, n, distributed=False)
        d_sum = gaussian_privacy.gaussian_dp_delta(sens, math.sqrt(n * v), eps)        # sum released
        d_local = gaussian_privacy.gaussian_dp_delta(sens, math.sqrt(v_local), eps)    # each node's release
        d_share = gaussian_privacy.gaussian_dp_delta(sens, math.sqrt(v), eps)          # a share alone
        noise = rng.normal(0, math.sqrt(v), size=(samples, n)).sum(axis=1)
        var_hat = float(noise.var(ddof=1))
        lo, hi = _variance_interval(var_hat, samples - 1, alpha)
        coal: dict[int, dict[str, Any]]
        coal = {c: {"honest_fraction": str(gaussian_privacy.honest_noise_variance(Fraction(1), n, c) / n),
                    "delta": gaussian_privacy.gaussian_dp_delta(
                        sens, math.sqrt(gaussian_privacy.honest_noise_variance(v, n, c)), eps)}
                for c in sorted({1, n // 4, n // 2, n - 1})}
        tolerated = max((c for c in range(n) if gaussian_privacy.gaussian_dp_delta(
            sens, math.sqrt(gaussian_privacy.honest_noise_variance(v, n, c)), eps) <= delta), default=-1)
        good = (d_sum <= delta and d_local <= delta and d_share > delta and lo <= sigma2 <= hi
                and abs(v_local / v - ctx.paper["local_over_distributed"](n)) <= ctx.tol.dense
                and all(Fraction(r["honest_fraction"]) == Fraction(n - c, n) for c, r in coal.items()))
        ok &= good
        rows.append({"N": n, "per_node_distributed": v, "per_node_local": v_local, "local_over_distributed": v_local / v,
                     "delta_sum": d_sum, "delta_local_release": d_local, "delta_share_alone": d_share,
                     "sum_variance_ci": [lo, hi], "sum_variance": (lo, var_hat, hi), "coalition": {str(c): r for c, r in coal.items()},
                     "colluders_tolerated": tolerated})
    first = rows[-1]
    return Evidence(
        passed=ok, observed=rows,
        expected={"delta_sum": f"≤ {delta}", "delta_local_release": f"≤ {delta}",
                  "delta_share_alone": f"> {delta}", "ratio": "N", "sum_variance": sigma2,
                  "honest_fraction": "(N − |C|)/N"},
        tolerance=alpha, instances=len(rows) * samples,
        data={"false_alarm": SAMPLED_CHECK_BUDGET, "sigma2": sigma2, "power": _chi2_power(samples - 1, alpha),
              "alternative": f"sum variance off by ±{POWER_SHIFT:.0%} (the σ²/N² share: a factor N)"},
        caveats=(f"Colluding coalition C: only (N − |C|)/N of the sum's noise is unknown to C (exact). With the "
                 f"target (Δ, ε, δ) = ({sens}, {eps}, {delta:g}) and N = {first['N']}, the exact δ against a "
                 f"coalition of {first['N'] // 2} is {first['coalition'][str(first['N'] // 2)]['delta']:.3g} "
                 f"(target {delta:g}); the classical σ tolerates {first['colluders_tolerated']} colluders. To "
                 "tolerate t colluders each node must add σ²/(N − t).",),
        detail=(f"Target (Δ, ε, δ) = ({sens}, {eps}, {delta:g}), σ² = {sigma2:.4g}. δ(ε) exact for the Gaussian "
                "mechanism (Balle–Wang 2018, Thm 8). Pooled variance: exact χ² interval, false-alarm "
                f"probability {alpha:g} per N ({SAMPLED_CHECK_BUDGET:g} for the check), power "
                f"{_chi2_power(samples - 1, alpha):.3g} against a variance off by ±{POWER_SHIFT:.0%}."))


def _chi2_power(dof: int, alpha: float) -> float:
    """Power of the exact two-sided χ² variance interval against a true variance (1 ± POWER_SHIFT)·σ².

    The interval holds σ² iff χ²_{α/2} ≤ dof·s²/σ² ≤ χ²_{1−α/2}; with true variance kσ², dof·s²/(kσ²) ~ χ²_dof.
    """
    from scipy.stats import chi2

    lo, hi = float(chi2.ppf(alpha / 2, dof)), float(chi2.isf(alpha / 2, dof))
    return min(float(chi2.cdf(lo / k, dof) + chi2.sf(hi / k, dof)) for k in (1 - POWER_SHIFT, 1 + POWER_SHIFT))


@CLAIM.check("fuzz")
def fuzz_gaussian_leakage(ctx: Any) -> Evidence:
    """Hypothesis over N ≤ 64, T ≤ 60 and both variances in [10⁻², 10²]: I_T ≤ ½log₂(N/(N−1)) and I_T ≤ I_{T+1}."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "sec44-gaussian-mi", CLAIM.id, strategy="qproofs.fuzz.security_rounds:gaussian_instances",
    slack="qproofs.fuzz.security_rounds:gaussian_slack", tol=TOL.dense,
    statement="Log-det I(p_i ; S_1…S_T) ≤ ½log₂(N/(N−1)) and non-decreasing in T: N ≤ 64, T ≤ 60, "
              "σ_p², σ_e² ∈ [10⁻², 10²].")


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The protocol refuses every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.GAUSSIAN_EDGES, "qproofs.protocols.gaussian_privacy (Section 4.4)")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[closed_form_limit, log_det_below_bound, fuzz_gaussian_leakage])
def conditional_covariance_off_by_one() -> Iterator[None]:
    """Σ_{S|p_i} built with N − 2 unknown personal components instead of N − 1 (``CONDITIONAL_SHARE``)."""
    with mock.patch.object(gaussian_privacy, "CONDITIONAL_SHARE", lambda n: n - 2):
        yield


@CLAIM.mutant(kills=[log_det_below_bound])
def noise_reused_across_rounds() -> Iterator[None]:
    """The simulation reuses each node's noise in every round (not fresh; ``gaussian_privacy.FRESH_NOISE``)."""
    with mock.patch.object(gaussian_privacy, "FRESH_NOISE", False):
        yield


@CLAIM.mutant(kills=[distributed_dp_noise])
def per_node_noise_over_n_squared() -> Iterator[None]:
    """Each node adds σ²/N² (the sum gets only σ²/N; ``gaussian_privacy.DISTRIBUTED_SHARE``)."""
    with mock.patch.object(gaussian_privacy, "DISTRIBUTED_SHARE", lambda s, n: s / n**2):
        yield


@CLAIM.mutant(kills=[distributed_dp_noise], paper={"local_over_distributed": lambda n: n**2})
def local_dp_n_squared_more() -> None:
    """The remark misread as 'local DP needs N² times more noise per node'."""


@CLAIM.mutant(kills=[input_domain])
def protocol_forgets_its_guards() -> Iterator[None]:
    """The protocol modules validate nothing (their ``require`` a no-op)."""
    with forget_guards(gaussian_privacy):
        yield
