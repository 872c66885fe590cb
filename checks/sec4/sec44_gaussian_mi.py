"""``sec44.gaussian-mi`` (Section 4.4): multi-round Gaussian leakage stays below ½ log(N/(N−1)).

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
physics is in :mod:`qproofs.protocols.gaussian_privacy` (covariances, log-det
mutual information, sampling, distributed-DP noise shares).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np
import sympy

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.protocols import gaussian_privacy
from qproofs.tolerance import EXACT


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
               "sums are released, against σ² per node under local DP."),
    uses=("thm3.multiround",),
    paper={"mi_bound": mi_bound, "limit_ratio": lambda N: N / (N - 1), "local_over_distributed": lambda n: n},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"ns": (2, 5, 20), "max_rounds": 100, "mc_n": 5, "mc_rounds": (1, 3), "samples": 20000,
                      "dp_ns": (4, 16, 64), "lemma_point": (4, 3, 1.0, 0.5)},
            "standard": {"ns": (2, 5, 20), "max_rounds": 100, "mc_n": 5, "mc_rounds": (1, 3), "samples": 200000,
                         "dp_ns": (4, 16, 64), "lemma_point": (4, 3, 1.0, 0.5)},
            "deep": {"ns": (2, 5, 20), "max_rounds": 100, "mc_n": 5, "mc_rounds": (1, 3), "samples": 200000,
                     "dp_ns": (4, 16, 64), "lemma_point": (4, 3, 1.0, 0.5)}},
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
    return Evidence(passed=ok, observed={"limit": str(limit), "N/(N-1) - ratio": str(sympy.factor(gap)),
                                         "det_lemma_err": lemma},
                    expected={"limit": str(claimed), "gap": "> 0 for N ≥ 2"}, tolerance=EXACT, instances=1,
                    detail="I = ½ log₂(det ratio); positivity of the gap proved by sympy with N = M + 1, M > 0.")


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
        rows.append({"N": n, "bound": b, "I_T1": mis[0], "I_T100": mis[-1], "monotone": inc})
        series.append(Series(f"N = {n}", tuple(range(1, t_max + 1)), tuple(mis)))
    rng = ctx.rng("mc")
    samples = ctx.params.samples
    mc = []
    for T in ctx.params.mc_rounds:
        pi, S = gaussian_privacy.sample_sums(ctx.params.mc_n, T, 1.0, 1.0, samples, rng)
        est = gaussian_privacy.plugin_mutual_information(pi, S)
        exact = gaussian_privacy.mutual_information(ctx.params.mc_n, T, 1.0, 1.0)
        # p_i scalar: one canonical correlation ρ² = 1 − 2^{−2I}; the plug-in Î = −½log₂(1 − ρ̂²) has sd
        # ≈ ρ/(ln2·√n) (delta method, var ρ̂ ≈ (1−ρ²)²/n) and upward bias ≈ T/(2n·ln2) (T regressors)
        rho = math.sqrt(1 - 2 ** (-2 * exact))
        band = ctx.tol.sampling_z * rho / (math.log(2) * math.sqrt(samples)) + T / (samples * math.log(2))
        mc.append({"T": T, "estimate": est, "exact": exact, "band": band})
        ok &= abs(est - exact) <= band
    fig = Figure("gaussian-mi", "Section 4.4: I(p_i ; S_1…S_T) vs T (σ_p² = σ_e² = 1)", "rounds T",
                 "mutual information (bits)", tuple(series), xscale="log",
                 hlines=tuple((ctx.paper["mi_bound"](n), f"½log₂(N/(N−1)), N={n}") for n in ctx.params.ns))
    return Evidence(passed=ok, observed={"rows": rows, "monte_carlo": mc}, expected="I ≤ bound, increasing in T",
                    tolerance=tol, instances=len(ctx.params.ns) * t_max + len(mc), figures=(fig,))


@CLAIM.check("accounting")
def distributed_dp_noise(ctx: Any) -> Evidence:
    """Per-node variance σ²/N pools to σ² in the sum (simulated); local DP needs σ² per node: ratio N."""
    rng = ctx.rng("dp")
    samples = ctx.params.samples
    rows, ok = [], True
    for n in ctx.params.dp_ns:
        v = gaussian_privacy.per_node_variance(1.0, n)
        noise = rng.normal(0, math.sqrt(v), size=(samples, n)).sum(axis=1)
        emp = float(noise.var())
        se = math.sqrt(2 / samples)
        ratio = gaussian_privacy.per_node_variance(1.0, n, distributed=False) / v
        ok &= (abs(emp - 1.0) <= ctx.tol.variance_z * se
               and abs(ratio - ctx.paper["local_over_distributed"](n)) < ctx.tol.dense)
        rows.append({"N": n, "per_node": v, "sum_variance": emp, "local_over_distributed": ratio})
    return Evidence(passed=ok, observed=rows, expected={"sum_variance": 1.0, "ratio": "N"}, tolerance=0.0,
                    instances=len(rows), detail="σ² = 1; sum variance within 5 standard errors.")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[closed_form_limit, log_det_below_bound])
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
