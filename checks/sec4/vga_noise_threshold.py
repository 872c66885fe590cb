"""``vga.noise-threshold`` (Section 4.3, refinement 3): noisy perfect-pass fails; a threshold rule accepts.

Beyond the paper: perfect-pass acceptance vanishes under noise; a threshold rule accepts honest copies.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
physics is in :mod:`qproofs.protocols.noise_threshold` (acceptance, threshold,
certificate) and :mod:`qproofs.protocols.stabilizer` (exact and stim rejection).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any
from unittest import mock

import numpy as np
from scipy import stats

from qproofs import judge
from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import attacks, noise_threshold, stabilizer, vga
from qproofs.tolerance import EXACT, TOL

from . import _domain
from ._sampling import CHECK_FALSE_ALARM, lower_tail_power, rate_power

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "vga.noise-threshold", ref="Section 4.3, refinement 3 (beyond the paper)", section="4", scope="exact",
    title="Perfect-pass acceptance vanishes under noise; a threshold rule accepts honest copies",
    statement=("With each qubit depolarised at rate p, the perfect-pass rule accepts m tested copies with "
               "probability (1−r(p))^m, vanishing exponentially in m; the threshold rule (accept iff #fails ≤ k, k "
               "the (1−δ)-quantile of Bin(m, r(p))) accepts honest noisy copies w.p. ≥ 1−δ and then certifies "
               "F ≥ 1 − (k/m + √(ln(1/δ)/(2m)))·(2^N−1)/2^{N−1} except w.p. δ (i.i.d. copies)."),
    uses=("vga.stabilizer-detection",),
    caveats=("The paper leaves the noise-tolerant threshold open; this rule and its certificate assume i.i.d. "
             "copies.",),
    paper={"log_acceptance_slope": lambda r: math.log(1 - r)},
    # ------------------------------------------------------- parameters ---
    # shots and runs set so that each check's false alarm is CHECK_FALSE_ALARM (2e-5, issue 11) with at least the
    # power it had at 6.3e-5 (stim's bit-packed frames make the extra shots cheap)
    params={"quick": {"fuzz_examples": 20, "stim_shots": 40000, "stim_ns": (3, 4), "stim_rates": (0.05, 0.2),
                      "pp_n": 50, "pp_rate": 0.001, "pp_runs": 600, "pp_min_acceptance": 0.05, "pp_points": 6,
                      "delta": 0.05, "thr_m": 100, "thr_runs": 200, "thr_cases": ((10, 0.01), (100, 0.001)),
                      "fidelity_ns": (2, 3, 4), "fidelity_ps": (0.01, 0.2)},
            "standard": {"fuzz_examples": 40, "stim_shots": 200000, "stim_ns": (3, 4, 5), "stim_rates": (0.05, 0.2),
                         "pp_n": 1000, "pp_rate": 0.001, "pp_runs": 1500, "pp_min_acceptance": 0.05, "pp_points": 6,
                         "delta": 0.05, "thr_m": 400, "thr_runs": 600,
                         "thr_cases": ((10, 0.01), (100, 0.001), (1000, 0.0002)),
                         "fidelity_ns": (2, 3, 4), "fidelity_ps": (0.01, 0.2)},
            "deep": {"fuzz_examples": 500, "stim_shots": 400000, "stim_ns": (3, 4, 5), "stim_rates": (0.05, 0.2),
                     "pp_n": 1000, "pp_rate": 0.001, "pp_runs": 3000, "pp_min_acceptance": 0.05, "pp_points": 6,
                     "delta": 0.05, "thr_m": 400, "thr_runs": 1200,
                     "thr_cases": ((10, 0.01), (100, 0.001), (1000, 0.0002)),
                         "fidelity_ns": (2, 3, 4), "fidelity_ps": (0.01, 0.2)}},
)

FIGURE_RATES = np.linspace(0.0, 0.01, 21)
"""Depolarising rates on the x axis of the acceptance figure."""
FIGURE_M = 200
"""Tested copies m of the acceptance figure."""

# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def stim_matches_exact(ctx: Any) -> Evidence:
    """Stim Pauli-frame rejection rate vs exact density matrices (N ≤ 5) and the closed form."""
    rng = ctx.rng("stim")
    shots = ctx.params.stim_shots
    cases = [(n, p) for n in ctx.params.stim_ns for p in ctx.params.stim_rates]
    alpha = CHECK_FALSE_ALARM / len(cases)  # Bonferroni: the check's false alarm is CHECK_FALSE_ALARM
    rows = []
    for n, p in cases:
        exact_dm = stabilizer.rejection_probability(vga.register_state(vga.distribute(n, attacks.depolarize_all(n, p))), n)
        closed = stabilizer.depolarized_rejection(n, p)
        fails = int(stabilizer.stim_test_failures(n, p, shots, rng).sum())
        lo, hi = judge.clopper_pearson(fails, shots, alpha)
        pw = rate_power(exact_dm, shots, alpha)
        rows.append({"N": n, "p": p, "exact": exact_dm, "closed_form": closed,
                     "stim": {"low": lo, "best": fails / shots, "high": hi}, "inside": lo <= exact_dm <= hi,
                     "caught_shift_below": pw["shift_below"], "caught_shift_above": pw["shift_above"]})
    closed_ok = all(abs(r["exact"] - r["closed_form"]) <= ctx.tol.dense for r in rows)
    frames = frame_extraction_mismatches(ctx.params.stim_ns, max(ctx.params.stim_rates), int(rng.integers(2**62)))
    # a frame reader that disagrees with np.unpackbits is a tool defect: inconclusive, never a refutation
    passed: bool | None = all(r["inside"] for r in rows) and closed_ok if frames["mismatched_bits"] == 0 else None
    worst = max(max(r["caught_shift_below"] or 1.0, r["caught_shift_above"] or 1.0) / r["exact"] for r in rows)
    return Evidence(passed=passed, observed={"rows": rows},
                    expected=("exact rejection inside the stim rate's exact interval; closed form = exact; "
                              "packed frame extraction = np.unpackbits (0 mismatched bits)"),
                    tolerance=CHECK_FALSE_ALARM, instances=len(rows) * shots,
                    data={"false_alarm": CHECK_FALSE_ALARM, "power": 0.9, "caught_relative_shift": worst,
                          "frame_extraction": frames},
                    detail=("Exact: register ⊗ environment of 4^N depolarising Kraus operators. Stim rates as "
                            f"(low, best, high): exact Clopper–Pearson at {alpha:.3g} per case, "
                            f"{CHECK_FALSE_ALARM:g} for the check (union bound). Alternative caught with power ≥ 0.9 "
                            f"(exact binomial): a stim rate off the exact one by more than {worst:.1%} of it "
                            "(per row: caught_shift_below/above). The sampler's packed frame reader "
                            "(stabilizer.shot_bits, used for the redrawn identity shots) equals np.unpackbits on "
                            f"{frames['shots']} stim shots per N with X and Z errors (mismatched bits: "
                            f"{frames['mismatched_bits']}, exact)."))


def frame_extraction_mismatches(ns: Any, p: float, seed: int, shots: int = 64) -> dict[str, int]:
    """Bits where :func:`stabilizer.shot_bits` differs from ``np.unpackbits`` on stim's packed X and Z frames.

    Deterministic (no false alarm): the identity-shot redraw of :func:`stabilizer.stim_test_failures` reads frames
    through ``shot_bits``; a reader that mixes up bits (e.g. of another shot) leaves the rate check nearly blind
    (2^{−N} of the shots), so the reader is compared bit by bit here, on frames depolarised at rate ``p``.
    """
    import stim

    bad = 0
    for n in ns:
        sim = stim.FlipSimulator(batch_size=shots, num_qubits=n, seed=seed)
        sim.do(stabilizer.ghz_noise_circuit(n, p))
        xs, zs, *_ = sim.to_numpy(output_xs=True, output_zs=True, bit_packed=True)
        idx = np.arange(shots)
        for packed in (xs, zs):
            ref = np.unpackbits(packed, axis=1, count=shots, bitorder="little").T.astype(bool)
            bad += int(np.sum(stabilizer.shot_bits(packed, idx) != ref))
    return {"shots": shots, "mismatched_bits": bad}


def _acceptance_figure(n: int, delta: float) -> Figure:
    ps, m_fig = FIGURE_RATES, FIGURE_M
    return Figure("acceptance-vs-noise", f"Honest acceptance vs depolarising rate (N={n}, m={m_fig}, δ={delta})",
                  "depolarising rate p", "P[accept]",
                  (Series("perfect-pass", tuple(ps), tuple(noise_threshold.perfect_pass_acceptance(n, float(q), m_fig)
                                                          for q in ps)),
                   Series("threshold rule (k set at p)", tuple(ps), tuple(
                       noise_threshold.threshold_acceptance(n, float(q), m_fig,
                                                            noise_threshold.threshold(n, float(q), m_fig, delta))
                       for q in ps))),
                  hlines=((1 - delta, "1 − δ"),))


@CLAIM.check("fit")
def perfect_pass_vanishes(ctx: Any) -> Evidence:
    """Fit log P̂[all m pass] = a + b·m on independent stim runs: b = log(1−r) < 0 within its CI, a = 0."""
    rng = ctx.rng("pp")
    n, p = ctx.params.pp_n, ctx.params.pp_rate
    r = stabilizer.depolarized_rejection(n, p)
    runs = ctx.params.pp_runs
    # keep P[accept] ≥ pp_min_acceptance so every log is finite
    m_top = max(2, int(math.log(ctx.params.pp_min_acceptance) / math.log(1 - r)))
    ms = np.unique(np.linspace(1, m_top, ctx.params.pp_points).round().astype(int))
    emp, exact = [], []
    for m in ms:  # fresh stim shots per m: the points are independent
        fails = stabilizer.stim_test_failures(n, p, int(m) * runs, rng).reshape(runs, int(m))
        emp.append(float(np.mean(~fails.any(axis=1))))
        exact.append(noise_threshold.perfect_pass_acceptance(n, p, int(m)))
    emp_a = np.array(emp)
    alpha = CHECK_FALSE_ALARM / len(ms)  # the points' exact intervals share the check's budget (union bound)
    cps = [judge.clopper_pearson(round(e * runs), runs, alpha) for e in emp]
    powers = [rate_power(x, runs, alpha) for x in exact]
    inside = all(lo <= x <= hi for (lo, hi), x in zip(cps, exact, strict=True))
    # the log-linear fit is reported, not judged: its normal tail is not exact at this alpha (quick, seed 14: a
    # 2/600 count at m = 1 put the intercept 6 s.e. from 0 under empirical weights); the exact per-point
    # intervals test the law (1 − r)^m at every m, and r > 0 (exact) makes it vanish
    k = float(stats.norm.ppf(1 - alpha / 2))
    slope = ctx.paper["log_acceptance_slope"](r)
    fit_ok = bool(np.all(emp_a > 0))
    b: float | None
    a: float | None
    se_b: float | None
    se_a: float | None
    if fit_ok:
        ex_a = np.array(exact)
        sd = np.sqrt(np.maximum(1 - ex_a, 1e-12) / (ex_a * runs))  # delta method under the claim: sd of log P̂
        coef, cov = np.polyfit(ms.astype(float), np.log(emp_a), 1, w=1 / sd, cov="unscaled")
        b, a = float(coef[0]), float(coef[1])
        se_b, se_a = float(np.sqrt(cov[0, 0])), float(np.sqrt(cov[1, 1]))
        fit_ok = abs(b - slope) <= k * se_b and b + k * se_b < 0 and abs(a) <= k * se_a
    else:
        b = a = se_b = se_a = None  # an empirical acceptance of 0: no log-linear fit
    ok = inside and r > 0
    fig = _acceptance_figure(n, ctx.params.delta)
    # stim points with their exact interval (symmetric bar at the larger half-width: never narrower than the CP
    # interval); an empirical 0 would sit on the axis as "0 observed" with its upper bound as the bar
    decay = Figure("perfect-pass-decay", f"Perfect-pass acceptance vs tested copies (N = {n}, p = {p})",
                   "m (tested copies)", "P[all m pass]",
                   (Series("(1 − r)^m exact", tuple(ms.tolist()), tuple(exact)),
                    Series(f"stim, {runs} runs per m (exact {1 - alpha:.6g} interval)", tuple(ms.tolist()),
                           tuple(emp), kind="scatter",
                           yerr=tuple(max(e - lo, hi - e) for (lo, hi), e in zip(cps, emp, strict=True)))),
                   yscale="log")
    return Evidence(passed=ok, observed={"N": n, "p": p, "r": r, "stim_inside_exact_interval": inside,
                                         "fitted_slope": b, "fit_within_k_se": fit_ok,
                                         "slope_se": se_b, "intercept": a, "intercept_se": se_a,
                                         "log(1-r)": slope, "m": ms.tolist(),
                                         "stim_acceptance": [{"low": lo, "best": e, "high": hi}
                                                             for (lo, hi), e in zip(cps, emp, strict=True)],
                                         "caught_shift": [max(pw["shift_below"] or 1.0, pw["shift_above"] or 1.0)
                                                          for pw in powers]},
                    expected="r > 0 (exact) and the exact acceptance (1 − r)^m inside each stim rate's exact interval; "
                             f"fit reported (slope log(1−r), intercept 0 within {k:.2f} s.e.)",
                    tolerance=CHECK_FALSE_ALARM,
                    data={"false_alarm": CHECK_FALSE_ALARM, "power": 0.9,
                          "caught_shift_max": max(max(pw["shift_below"] or 1.0, pw["shift_above"] or 1.0)
                                                  for pw in powers)},
                    instances=runs * len(ms), figures=(fig, decay),
                    detail=(f"{runs} independent stim runs per m ∈ {ms.tolist()}, N = {n}; exact Clopper–Pearson per "
                            f"point at {alpha:.3g}; false alarm {CHECK_FALSE_ALARM:g} for the check (union bound over "
                            f"{len(ms)} points). Alternative caught with power ≥ 0.9 (exact binomial): a point's true "
                            "acceptance off (1 − r)^m by more than caught_shift. Weighted least-squares fit of "
                            "log P̂ = a + b·m (delta-method weights under the claim) reported, not judged: its normal "
                            "tail is not exact."))


@CLAIM.check("simulation")
def threshold_accepts_honest(ctx: Any) -> Evidence:
    """Threshold k: honest acceptance ≥ 1−δ (exact and stim); certified fidelity ≤ true fidelity."""
    rng = ctx.rng("thr")
    delta, m = ctx.params.delta, ctx.params.thr_m
    runs = ctx.params.thr_runs
    alpha = CHECK_FALSE_ALARM / len(ctx.params.thr_cases)
    rows, ok = [], True
    for n, p in ctx.params.thr_cases:
        k = noise_threshold.threshold(n, p, m, delta)
        acc = noise_threshold.threshold_acceptance(n, p, m, k)
        pp, emp = noise_threshold.simulate_acceptance(n, p, m, k, runs, rng)
        Fc = noise_threshold.certified_fidelity(n, k, m, delta)
        Ft = noise_threshold.honest_fidelity(n, p)
        # soundness of the certificate: i.i.d. copies at the certified edge r_max pass w.p. ≤ δ (exact binomial)
        r_max = noise_threshold.certified_rejection(k, m, delta)
        edge_pass = float(stats.binom.cdf(k, m, min(1.0, r_max)))
        accepted = round(emp * runs)
        p_low = float(stats.binom.cdf(accepted, runs, acc))  # one-sided exact tail: too few acceptances?
        lo, hi = judge.clopper_pearson(accepted, runs, alpha)
        good = acc >= 1 - delta and p_low >= alpha and Fc <= Ft and edge_pass <= delta
        ok &= good
        pw = lower_tail_power(acc, runs, alpha)
        rows.append({"N": n, "p": p, "m": m, "k": k, "exact_acceptance": acc,
                     "stim_acceptance": {"low": lo, "best": emp, "high": hi}, "tail_p": p_low,
                     "caught_drop": pw["shift_below"],
                     "perfect_pass_stim": pp, "certified_F": Fc, "true_F": Ft, "pass_prob_at_certified_edge": edge_pass})
    # the "true F" the certificate is judged against, by an independent path: the exact density matrix of the
    # depolarised GHZ copy at small N (every qubit ρ ↦ (1 − p)ρ + p I/2), its GHZ fidelity
    fid = [{"N": n, "p": p, "honest_fidelity": noise_threshold.honest_fidelity(n, p),
            "density_matrix": depolarised_ghz_fidelity(n, p)} for n in ctx.params.fidelity_ns for p in ctx.params.fidelity_ps]
    for f in fid:
        f["gap"] = abs(f["honest_fidelity"] - f["density_matrix"])
    fid_ok = all(f["gap"] <= ctx.tol.dense for f in fid)
    known = certified_fidelity_known_answers([(r["N"], r["k"], m, delta) for r in rows], ctx.tol.dense)
    known_ok = all(c["ok"] for c in known)
    return Evidence(passed=False if not ok else (True if fid_ok and known_ok else None),  # evaluator defect: inconclusive
                    observed={"cases": rows, "true_F_minus_certified_F": {r["N"]: r["true_F"] - r["certified_F"] for r in rows},
                              "honest_fidelity_vs_density_matrix_max_gap": max(f["gap"] for f in fid),
                              "certified_fidelity_misses": [c for c in known if not c["ok"]]},
                    expected=("acceptance ≥ 1−δ; certified F ≤ true F; P[accept | r = r_max] ≤ δ; honest_fidelity = "
                              f"the density-matrix GHZ fidelity (N ∈ {list(ctx.params.fidelity_ns)}) within "
                              f"{ctx.tol.dense:g}; certified_fidelity = 1 − r_max·(2 − 2^(1−N)) (N ∈ {{2, 3, 4}} "
                              "and the cases above)"),
                    tolerance=CHECK_FALSE_ALARM, instances=len(rows) * runs,
                    data={"false_alarm": CHECK_FALSE_ALARM, "power": 0.9,
                          "caught_drop_max": max(r["caught_drop"] or 1.0 for r in rows), "fidelity_reference": fid,
                          "certified_fidelity_known": known},
                    detail=(f"δ = {delta}; stim runs of m tested copies; r_max = k/m + √(ln(1/δ)/(2m)) and its "
                            "pass probability from the exact binomial. Stim acceptance judged by the exact one-sided "
                            f"binomial tail P[≤ observed | exact] ≥ {alpha:.3g} per case (false alarm "
                            f"{CHECK_FALSE_ALARM:g} for the check). Alternative caught with power ≥ 0.9 (exact "
                            "binomial): a true stim acceptance below the exact one by more than caught_drop."))


CERTIFIED_KNOWN = ((3, 0, 200, 0.05, 0.848553), (2, 0, 200, 0.05, None), (3, 5, 200, 0.05, None),
                   (4, 0, 200, 0.05, None), (4, 7, 400, 0.01, None))
"""(N, k, m, δ, rounded known value or None) where :func:`certified_fidelity_known_answers` holds the certificate
(N = 3, 4: the audited threshold cases are N ≥ 10, where (2^N − 1)/2^{N−1} has no small-N twin to catch)."""


def certified_fidelity_known_answers(cases: list[tuple[int, int, int, float]], tol: float) -> list[dict[str, Any]]:
    """:func:`noise_threshold.certified_fidelity` against 1 − r_max·(2 − 2^{1−N}), computed here (deterministic).

    The Section 4.3 stabiliser-test identity F = 1 − r·(2^N − 1)/2^{N−1}, rewritten with the exact rational
    (2^N − 1)/2^{N−1} = 2 − 2^{1−N} (:class:`fractions.Fraction`) and r_max = k/m + √(ln(1/δ)/(2m)) (Hoeffding);
    on :data:`CERTIFIED_KNOWN` and ``cases``. N = 3 at (k, m, δ) = (0, 200, 0.05) is also held to its rounded value
    0.848553 (to 10⁻⁶). A miss is an evaluator defect (inconclusive).
    """
    rows = []
    for n, k, m, delta, *rounded in [*CERTIFIED_KNOWN, *((*c, None) for c in cases)]:
        factor = 2 - Fraction(1, 2 ** (n - 1))
        want = 1 - (k / m + math.sqrt(math.log(1 / delta) / (2 * m))) * float(factor)
        got = noise_threshold.certified_fidelity(n, k, m, delta)
        ok = abs(got - want) <= tol and (rounded[0] is None or abs(got - rounded[0]) <= 1e-6)
        rows.append({"N": n, "k": k, "m": m, "delta": delta, "value": got, "known": want, "ok": ok})
    return rows


def depolarised_ghz_fidelity(n: int, p: float) -> float:
    """⟨GHZ|ρ_p|GHZ⟩ from the density matrix: every qubit of |GHZ_N⟩⟨GHZ_N| depolarised, ρ ↦ (1 − p)ρ + p I/2.

    Independent of :func:`noise_threshold.honest_fidelity` (closed form through the stabiliser rejection):
    Kraus operators of :func:`qproofs.quantum.channels.depolarizing_kraus` applied qubit by qubit. Small N only.
    """
    from qproofs.quantum.channels import apply_kraus, depolarizing_kraus
    from qproofs.quantum.states import ghz

    g = ghz(n)
    rho = np.outer(g, g.conj())
    for q in range(n):
        rho = apply_kraus(rho, [attacks.embed(K, n, (q,)) for K in depolarizing_kraus(p)])
    return float(np.real(g.conj() @ rho @ g))


@CLAIM.check("fuzz")
def fuzz_threshold_rule(ctx: Any) -> Evidence:
    """Hypothesis over (N, p, m, δ): the threshold rule accepts honest copies and its certificate is sound."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "vga-noise-threshold-rule", CLAIM.id, strategy="qproofs.fuzz.vga:noise_instances", slack="qproofs.fuzz.vga:noise_slack", tol=TOL.dense,
    statement="Threshold rule: honest acceptance ≥ 1 − δ, P[accept | r = r_max] ≤ δ, certified F ≤ true F (N ≤ 1000, p ≤ 0.05, m ≤ 2000).")


MASK_NS = (3, 4)
"""Register sizes of :func:`stabiliser_masks_uniform`."""
MASK_SHOTS = 20000
"""Draws of :func:`stabilizer.sample_stabilizer_masks` per register size (same at every profile: < 10 ms)."""
MASK_FALSE_ALARM = 1e-6
"""False alarm of :func:`stabiliser_masks_uniform` (union bound over its cells)."""


def mask_cells(n: int, a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Counts of the drawn stabilisers X^a Z^z by cell a·2^N + z (z read as an N-bit word, node 0 first)."""
    idx = a.astype(np.int64) * 2**n + z.astype(np.int64) @ (1 << np.arange(n - 1, -1, -1, dtype=np.int64))
    return np.bincount(idx, minlength=2 ** (n + 1))


@CLAIM.check("simulation")
def stabiliser_masks_uniform(ctx: Any) -> Evidence:
    """The stim sampler's test stabilisers are uniform over the 2^N − 1 non-identity GHZ stabilisers (exact law).

    Section 4.3: the test measures a uniformly random non-identity stabiliser X^a Z^z (|z| even). Cells outside
    that set (the identity, odd |z|) must never be drawn (exact); each allowed cell's count is Bin(shots,
    1/(2^N − 1)) and must lie in its exact two-sided binomial window (false alarm ≤ MASK_FALSE_ALARM in all).
    """
    rng = ctx.rng("masks")
    cells = sum(2**n - 1 for n in MASK_NS)
    alpha = MASK_FALSE_ALARM / cells
    rows, ok = [], True
    for n in MASK_NS:
        a, z = stabilizer.sample_stabilizer_masks(n, MASK_SHOTS, rng)
        counts = mask_cells(n, a, z)
        even = np.array([bin(k % 2**n).count("1") % 2 == 0 for k in range(2 ** (n + 1))])
        allowed = even.copy()
        allowed[0] = False  # the identity (a = 0, z = 0) is redrawn
        p = 1 / (2**n - 1)
        lo, hi = int(stats.binom.ppf(alpha / 2, MASK_SHOTS, p)), int(stats.binom.isf(alpha / 2, MASK_SHOTS, p))
        outside = int(counts[~allowed].sum())
        inside = counts[allowed]
        row_ok = outside == 0 and bool(np.all((inside >= lo) & (inside <= hi)))
        ok = ok and row_ok
        rows.append({"N": n, "shots": MASK_SHOTS, "identity_draws": int(counts[0]), "outside_draws": outside,
                     "min_count": int(inside.min()), "max_count": int(inside.max()), "window": [lo, hi],
                     "expected": MASK_SHOTS * p, "ok": row_ok})
    # a miss is a fault of the simulator, not of the paper: inconclusive, never a refutation
    return Evidence(passed=True if ok else None, observed={r["N"]: [r["min_count"], r["max_count"]] for r in rows},
                    expected="no identity/odd-|z| draw; each non-identity stabiliser's count in its exact binomial "
                             "window", tolerance=EXACT, instances=len(rows) * MASK_SHOTS,
                    data={"false_alarm": MASK_FALSE_ALARM, "rows": rows},
                    counterexample=next((r for r in rows if not r["ok"]), None),
                    detail=(f"sample_stabilizer_masks, N ∈ {list(MASK_NS)}, {MASK_SHOTS} draws each: the identity "
                            "and odd-|z| cells are never drawn (exact) and each of the 2^N − 1 allowed cells' count "
                            "lies in its exact two-sided Bin(shots, 1/(2^N − 1)) window; false alarm ≤ "
                            f"{MASK_FALSE_ALARM:g} (union bound over {cells} cells). A sampler that keeps the "
                            "identity (or drops any stabiliser) is caught with certainty: a forbidden cell is drawn "
                            "or an allowed one never is."))


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The protocol refuses every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.NOISE_THRESHOLD_EDGES, "qproofs.protocols.noise_threshold (Section 4.3, refinement 3)")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[threshold_accepts_honest, fuzz_threshold_rule])
def certificate_without_sampling_term() -> Iterator[None]:
    """The certified rejection is taken as the observed k/m (Hoeffding term dropped; ``SAMPLING_SLACK``)."""
    with mock.patch.object(noise_threshold, "SAMPLING_SLACK", lambda m, delta: 0.0):
        yield


_THRESHOLD = noise_threshold.threshold
"""The threshold rule as shipped (wrapped by the mutant ``threshold_set_too_low``)."""


def _threshold_three_low(n: int, p: float, m: int, delta: float) -> int:
    return _THRESHOLD(n, p, m, delta) - 3


@CLAIM.mutant(kills=[threshold_accepts_honest, fuzz_threshold_rule])
def threshold_set_too_low() -> Iterator[None]:
    """The acceptance threshold is set 3 failures below the (1−δ)-quantile."""
    with mock.patch.object(noise_threshold, "threshold", _threshold_three_low):
        yield


@CLAIM.mutant(kills=[stim_matches_exact, perfect_pass_vanishes])
def stim_noise_misparameterised() -> Iterator[None]:
    """Stim's DEPOLARIZE1 given 2p instead of 3p/4 (parameter convention mix-up; ``stabilizer.STIM_DEPOLARIZE``)."""
    with mock.patch.object(stabilizer, "STIM_DEPOLARIZE", lambda p: min(0.75, 2 * p)):
        yield


@CLAIM.mutant(kills=[threshold_accepts_honest])
def certificate_factor_half_exponent() -> Iterator[None]:
    """Certified F with 2^(N >> 1) for 2^(N − 1) (round-5 survivor; sound but weaker, caught by the known answers)."""
    def wrong(n: int, k: int, m: int, delta: float) -> float:
        return 1.0 - noise_threshold.certified_rejection(k, m, delta) * (2**n - 1) / 2 ** (n >> 1)

    with mock.patch.object(noise_threshold, "certified_fidelity", wrong):
        yield


@CLAIM.mutant(kills=[input_domain])
def protocol_forgets_its_guards() -> Iterator[None]:
    """The protocol modules validate nothing (their ``require`` a no-op)."""
    with forget_guards(noise_threshold):
        yield


def _masks_keeping_identity(n: int, shots: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform (a, z) with |z| even, the identity NOT redrawn (the round-3 survivor's law)."""
    a = rng.integers(0, 2, size=shots).astype(bool)
    z = rng.integers(0, 2, size=(shots, n)).astype(bool)
    z[:, -1] = np.logical_xor.reduce(z[:, :-1], axis=1)
    return a, z


@CLAIM.mutant(kills=[stabiliser_masks_uniform])
def stabiliser_sampler_keeps_identity() -> Iterator[None]:
    """The test's stabiliser sampler draws the identity (which never rejects) among its 2^N choices."""
    with mock.patch.object(stabilizer, "sample_stabilizer_masks", _masks_keeping_identity):
        yield
