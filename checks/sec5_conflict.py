"""Section 5 — conflict detection: GapIP (Theorem 4, Remark 3) and TieAudit (Theorem 5, Remark 5).

Declares the ten Section 5 claims of ``claims.md``; the protocols live in
``qproofs.protocols.gapip`` / ``qproofs.protocols.tieaudit``, the identities in
``qproofs.symbolic.conflict`` and the scaling fits in ``qproofs.fit``.
All costs compared here are counted by executed protocol runs.
"""

from __future__ import annotations

import math
from typing import Any
from unittest import mock

import numpy as np
import qutip
from scipy import stats

from qproofs.claims import Claim, Evidence, Figure, Series, mutant
from qproofs.fit import fit_power_law
from qproofs.fuzz import Property, fuzz_evidence
from qproofs.fuzz import conflict as fz
from qproofs.protocols import gapip, tieaudit
from qproofs.symbolic import conflict as sym
from qproofs.tolerance import EXACT

from .sec5._costs import quantum_cost as _quantum_cost

DELTA = 0.05
"""Error target δ of every GapIP protocol audited here."""
EPS = 0.1
"""Additive accuracy ε of TieAudit."""
FIT_NUMERIC = 1e-6
"""Numerical tolerance on a fitted exponent (optimiser / rounding precision only). At the standard and
deep profiles a fit passes on its 95% bootstrap CI alone; known constant overheads are part of the model
(``offset=True``), never absorbed by widening the interval."""
QUICK_FIT_BAND = 0.15
"""Quick profile only (a 10-s smoke run): its sweeps are too short to resolve an exponent against
finite-size curvature (e.g. the swap-test threshold asymmetry τ²/8, the ladder's −2·log T term), so the
CI is widened by this much there. Reported as the check's tolerance."""


def fit_band(ctx) -> float:
    """Tolerance added to a statistical fit's CI: QUICK_FIT_BAND at quick, FIT_NUMERIC otherwise."""
    return ctx.pick(QUICK_FIT_BAND, FIT_NUMERIC)
ALPHA = 1e-3
"""Significance of the one-sided binomial test 'error rate ≤ δ' (fail only when clearly above)."""


def rate_at_most(failures: int, trials: int, rate: float) -> bool:
    """The observed failures are consistent with a true rate ≤ ``rate`` (one-sided binomial test)."""
    return bool(failures == 0 or stats.binom.sf(failures - 1, trials, rate) >= ALPHA)


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


# ======================================================================
# rem3.one-round
# ======================================================================

ONE_ROUND = Claim(
    "rem3.one-round", ref="Remark 3", section="5",
    title="One-round swap tests need Θ(1/τ²) copies",
    statement=("A one-round quantum protocol (A sends copies of |ã⟩, B swap-tests them against |b̃⟩ and thresholds "
               "the estimated overlap) needs Θ(1/τ²) copies of ⌈log(n+1)⌉ qubits; the interactive protocol needs (1/τ)^1."),
    uses=("thm4.quantum-upper",),
)


def _one_round_rows(ctx) -> list[dict[str, Any]]:
    rng = ctx.rng("copies")
    trials = ctx.pick(300, 600)
    n = 2**10
    rows = []
    for tau in ctx.pick(taus(0.06, 0.3, 5), taus(0.02, 0.3, 9)):
        pp = gapip.swap_test_plus_probability(*gapip.promise_pair(n, tau, rng))
        pm = gapip.swap_test_plus_probability(*gapip.promise_pair(n, -tau, rng))

        def err(m: int, pp: float = pp, pm: float = pm) -> float:
            d1, _ = gapip.run_one_round_batch(pp, n, m, trials // 2, rng)
            d2, _ = gapip.run_one_round_batch(pm, n, m, trials // 2, rng)
            return float((np.sum(d1 != 1) + np.sum(d2 != -1)) / (2 * (trials // 2)))

        m, _ = gapip.search_smallest(err, 1, int(60 / tau**2), DELTA)
        qubits = None if m is None else gapip.run_one_round_batch(pp, n, m, 1, rng)[1]
        rows.append({"tau": tau, "n": n, "copies": m, "qubits": qubits,
                     "interactive_qubits": _quantum_cost(tau, n, rng)})
    return rows


@ONE_ROUND.check("simulation")
def copies_search(ctx):
    """For every τ a copy count reaching error ≤ δ exists (search over m at ⟨a,b⟩ = ±τ)."""
    rows = ctx.memo("rows", lambda: _one_round_rows(ctx))
    missing = [r for r in rows if r["copies"] is None]
    return Evidence(passed=not missing, observed=[{"tau": r["tau"], "copies": r["copies"]} for r in rows],
                    expected=f"some m ≤ 60/τ² reaches error ≤ δ = {DELTA}", tolerance=DELTA, instances=len(rows),
                    counterexample=None if not missing else {"tau": missing[0]["tau"], "delta": DELTA})


@ONE_ROUND.check("accounting")
def copy_accounting(ctx):
    """Qubits counted by the executed run = copies × ⌈log₂(n+1)⌉."""
    rng = ctx.rng("acc")
    bad = []
    for n in (3, 8, 1000, 1024, 2**16):
        a, b = gapip.promise_pair(n, 0.5, rng)
        for m in (1, 7, 100):
            run = gapip.run_one_round(a, b, 0.5, m, rng)
            if run.qubits != m * math.ceil(math.log2(n + 1)):
                bad.append({"n": n, "copies": m, "counted": run.qubits})
    return Evidence(passed=not bad, observed={"mismatches": len(bad)}, expected="copies·⌈log₂(n+1)⌉",
                    tolerance=EXACT, instances=15, counterexample=bad[0] if bad else None)


@ONE_ROUND.check("fit")
def fit_copies_tau(ctx):
    """Smallest copy count vs 1/τ: exponent ≈ 2 (shot noise), not 1."""
    rows = [r for r in ctx.memo("rows", lambda: _one_round_rows(ctx)) if r["copies"] is not None]
    if len(rows) < 3:
        return Evidence(passed=False, observed=rows, expected="copy counts for at least 3 margins")
    x = [1 / r["tau"] for r in rows]
    fit = fit_power_law(x, [r["copies"] for r in rows], ctx.rng("boot"))
    return fit_evidence(fit, gapip.CLAIMED_ONE_ROUND_EXPONENT, (1.0,), "one-round copies vs 1/τ", fit_band(ctx),
                        data={"rows": rows})


@ONE_ROUND.check("fit")
def interactive_vs_one_round(ctx):
    """Qubits of the one-round protocol vs the interactive one: exponents differ by ≈ 1 (2 vs 1)."""
    rows = [r for r in ctx.memo("rows", lambda: _one_round_rows(ctx)) if r["copies"] is not None]
    if len(rows) < 3:
        return Evidence(passed=False, observed=rows, expected="copy counts for at least 3 margins")
    x = [1 / r["tau"] for r in rows]
    f1 = fit_power_law(x, [r["qubits"] for r in rows], ctx.rng("b1"))
    rng = ctx.rng("interactive")
    xi = [1 / t for t in taus(min(r["tau"] for r in rows), max(r["tau"] for r in rows), 3 * len(rows))]
    yi = [_quantum_cost(1 / v, 2**10, rng) for v in xi]
    fi = fit_power_law(xi, yi, ctx.rng("bi"))
    diff_lo, diff_hi = f1.ci_low - fi.ci_high, f1.ci_high - fi.ci_low
    claimed = gapip.CLAIMED_ONE_ROUND_EXPONENT - gapip.CLAIMED_TAU_EXPONENT
    band = fit_band(ctx)
    ok = diff_lo - band <= claimed <= diff_hi + band and not (diff_lo - band <= 0 <= diff_hi + band)
    fig = Figure("rem3-one-round", "Remark 3: one-round vs interactive qubits (n = 2^10)", "1/τ", "qubits",
                 (Series("one round (swap tests)", tuple(x), tuple(r["qubits"] for r in rows), "scatter"),
                  Series(f"fit (1/τ)^{f1.exponent:.2f}", tuple(x), tuple(f1.predict(x))),
                  Series("interactive (phase estimation)", tuple(xi), tuple(yi), "scatter"),
                  Series(f"fit (1/τ)^{fi.exponent:.2f}", tuple(xi), tuple(fi.predict(xi)))),
                 xscale="log", yscale="log")
    return Evidence(passed=ok, observed={"one_round": f1.summary(), "interactive": fi.summary(),
                                         "difference_ci": [diff_lo, diff_hi]},
                    expected={"difference": claimed, "excludes": 0, "band": band}, tolerance=band,
                    instances=len(rows), figures=(fig,))


@mutant("rem3.one-round", kills=["copies_search"])
def swap_threshold_at_half():
    """B thresholds the swap-test frequency at 1/2 instead of 5/8 (forgets the augmentation)."""
    with mock.patch.object(gapip, "ONE_ROUND_THRESHOLD", 0.5):
        yield


@mutant("rem3.one-round", kills=["copy_accounting"])
def copies_counted_without_register():
    """Miscounted qubits: one qubit per copy counted instead of the register."""
    with mock.patch.object(gapip, "register_qubits", lambda n: 1):
        yield


@mutant("rem3.one-round", kills=["fit_copies_tau", "interactive_vs_one_round"])
def one_round_claimed_heisenberg():
    """Fit claimed with the wrong exponent (one round at the Heisenberg rate 1)."""
    with mock.patch.object(gapip, "CLAIMED_ONE_ROUND_EXPONENT", 1.0):
        yield


# ======================================================================
# thm5.zero-amplitude
# ======================================================================

ZERO_AMPLITUDE = Claim(
    "thm5.zero-amplitude", ref="Theorem 5.1, Appendix C.3", section="5",
    title="The matching-basis measurement returns a uniform pair with its exact parity",
    statement=("For |ψ_s⟩ = n^{−1/2} Σ_i s_i|i⟩ and a matched pair (i,j), the amplitude on (|i⟩+|j⟩)/√2 is "
               "(s_i+s_j)/√(2n) and on (|i⟩−|j⟩)/√2 is (s_i−s_j)/√(2n): the wrong-parity amplitude is exactly 0; "
               "the measurement returns a uniformly random pair with its exact parity."),
)


@ZERO_AMPLITUDE.check("symbolic")
def amplitudes_symbolic(ctx):
    """Sympy over the four sign pairs: wrong-parity amplitude 0, pair probability exactly 2/n."""
    table = sym.zero_amplitude_table()
    ok = all(r["wrong_amplitude"] == 0 and r["pair_probability"] == 0 for r in table)
    return Evidence(passed=bool(ok), observed=[{k: str(v) for k, v in r.items()} for r in table],
                    expected="wrong_amplitude = 0 and pair_probability − 2/n = 0 for every (s_i, s_j)",
                    tolerance=EXACT, instances=4)


def _qutip_matching_probs(psi: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Reference: projectors onto (|i⟩ ± |j⟩)/√2 as qutip Qobj, probabilities by qutip.expect."""
    n = psi.size
    state = qutip.Qobj(psi.reshape(-1, 1))
    out = np.empty((M.shape[0], 2))
    for p, (i, j) in enumerate(M):
        for col, sign in enumerate((1, -1)):
            v = (qutip.basis(n, int(i)) + sign * qutip.basis(n, int(j))).unit()
            out[p, col] = qutip.expect(v.proj(), state)
    return out


@ZERO_AMPLITUDE.check("simulation")
def born_vs_qutip(ctx):
    """The O(n) Born distribution equals qutip's projective measurement; the wrong parity has mass 0."""
    rng = ctx.rng("qutip")
    worst = wrong_mass = 0.0
    count = 0
    for n in ctx.pick([4, 16], [4, 16, 64]):
        for _ in range(3):
            s = rng.choice([-1, 1], size=n)
            M = tieaudit.random_matching(n, rng)
            psi = tieaudit.phase_state(s)
            mine = tieaudit.matching_outcome_probabilities(psi, M)
            ref = _qutip_matching_probs(psi, M)
            worst = max(worst, float(np.max(np.abs(mine - ref))))
            conflicted = s[M[:, 0]] != s[M[:, 1]]
            wrong = np.where(conflicted, ref[:, 0], ref[:, 1])
            wrong_mass = max(wrong_mass, float(np.sum(wrong)))
            count += 1
    tol = 1e-12
    return Evidence(passed=worst <= tol and wrong_mass <= tol,
                    observed={"max_difference": worst, "wrong_parity_mass": wrong_mass},
                    expected={"max_difference": 0, "wrong_parity_mass": 0}, tolerance=tol, instances=count)


@ZERO_AMPLITUDE.check("simulation")
def sampled_parities_exact(ctx):
    """Every sampled parity equals [s_i ≠ s_j]; sampled pairs are uniform (χ² test)."""
    rng = ctx.rng("samples")
    mismatches = 0
    total = 0
    for n in ctx.pick([64, 2**12], [64, 2**12, 2**16, 2**20]):
        s = rng.choice([-1, 1], size=n)
        M = tieaudit.random_matching(n, rng)
        pairs, parity = tieaudit.sample_matching_measurement(tieaudit.phase_state(s), M, 20000, rng)
        mismatches += int(np.sum(parity != (s[M[pairs, 0]] != s[M[pairs, 1]])))
        total += pairs.size
    n = 64
    s = rng.choice([-1, 1], size=n)
    M = tieaudit.random_matching(n, rng)
    pairs, _ = tieaudit.sample_matching_measurement(tieaudit.phase_state(s), M, 64000, rng)
    p_chi = float(stats.chisquare(np.bincount(pairs, minlength=n // 2)).pvalue)
    ok = mismatches == 0 and p_chi >= ALPHA
    return Evidence(passed=ok, observed={"parity_mismatches": mismatches, "uniformity_p_value": p_chi},
                    expected={"parity_mismatches": 0, "uniformity_p_value": f"≥ {ALPHA}"}, tolerance=ALPHA,
                    instances=total + pairs.size)


def _zero_amp_slack(inst: dict[str, Any]) -> float:
    s = np.asarray(inst["s"])
    M = np.asarray(inst["matching"], dtype=np.int64)
    probs = tieaudit.matching_outcome_probabilities(tieaudit.phase_state(s), M)
    conflicted = s[M[:, 0]] != s[M[:, 1]]
    wrong = np.where(conflicted, probs[:, 0], probs[:, 1])
    pair_dev = np.abs(probs.sum(axis=1) - 2 / s.size)
    return -float(wrong.sum() + pair_dev.max())


ZERO_AMPLITUDE_PROPERTY = Property(
    "zero-wrong-parity", "thm5.zero-amplitude", lambda: fz.tie_instances(), _zero_amp_slack, tol=1e-12,
    statement="Property: for any signs and perfect matching, wrong-parity mass is 0 and each pair has probability 2/n.")


@ZERO_AMPLITUDE.check("fuzz")
def fuzz_zero_amplitude(ctx):
    """Hypothesis over signs and matchings: no wrong-parity mass, uniform pairs."""
    return fuzz_evidence(ctx, ZERO_AMPLITUDE_PROPERTY, examples=(25, 200, 1000))


@mutant("thm5.zero-amplitude", kills=["amplitudes_symbolic", "born_vs_qutip", "sampled_parities_exact",
                                      "fuzz_zero_amplitude"])
def wrong_parity_sign():
    """The "+" basis vector built as (|i⟩ − |j⟩)/√2: parities swapped."""
    with mock.patch.object(tieaudit, "PARITY_SIGN", -1), mock.patch.object(sym, "PARITY_SIGN", -1):
        yield


# ======================================================================
# thm5.quantum-upper
# ======================================================================

TIE_QUANTUM = Claim(
    "thm5.quantum-upper", ref="Theorem 5.1", section="5",
    title="m = ⌈ln(2/δ)/(2ε²)⌉ phase-state copies estimate the conflict fraction to ±ε",
    statement=("m = ⌈ln(2/δ)/(2ε²)⌉ copies of a ⌈log n⌉-qubit state estimate f = |{(i,j) ∈ M : s_i ≠ s_j}|/(n/2) "
               "within ε with probability ≥ 1−δ; qubits = m·⌈log n⌉ ∝ (log n)^1."),
    uses=("thm5.zero-amplitude",),
)


def _tie_rows(ctx) -> list[dict[str, Any]]:
    rng = ctx.rng("tie")
    rows = []
    per_n = ctx.pick(40, 160)
    for k in ctx.pick([4, 8, 12, 16], [4, 6, 8, 10, 12, 14, 16, 18, 20]):
        n = 2**k
        fails = 0
        fs = (0.5, 0.25, 0.75, 0.5, 0.1) if n >= 16 else (0.5, 0.25, 0.75)
        qubits = None
        for i in range(per_n if n <= 2**16 else per_n // 4):
            s, M = tieaudit.instance_with_fraction(n, fs[i % len(fs)], rng)
            f = tieaudit.conflict_fraction(s, M)
            out = tieaudit.run_quantum(s, M, EPS, DELTA, rng)
            fails += abs(out.runs[0].estimate - f) > EPS
            qubits = out.total_qubits
        rows.append({"n": n, "instances": per_n if n <= 2**16 else per_n // 4, "failures": fails, "qubits": qubits,
                     "copies": tieaudit.hoeffding_copies(EPS, DELTA)})
    return rows


@TIE_QUANTUM.check("simulation")
def failure_rates(ctx):
    """Failure rate P(|f̂ − f| > ε) ≤ δ over many instances, n up to 2^20 (standard)."""
    rows = ctx.memo("rows", lambda: _tie_rows(ctx))
    bad = [r for r in rows if not rate_at_most(r["failures"], r["instances"], DELTA)]
    fails = sum(r["failures"] for r in rows)
    inst = sum(r["instances"] for r in rows)
    return Evidence(passed=not bad, observed={"failures": fails, "instances": inst, "rate": fails / inst},
                    expected=f"rate ≤ δ = {DELTA} per n (one-sided binomial test, α = {ALPHA})", tolerance=ALPHA,
                    instances=inst, data={"rows": rows},
                    counterexample=None if not bad else {"n": bad[0]["n"], "eps": EPS, "delta": DELTA})


@TIE_QUANTUM.check("accounting")
def copy_and_qubit_accounting(ctx):
    """M = ⌈ln(2/δ)/(2ε²)⌉ and counted qubits = m·⌈log₂ n⌉."""
    rng = ctx.rng("acc")
    bad, count = [], 0
    for eps, delta in ((0.1, 0.05), (0.05, 0.01), (0.3, 0.2), (0.5, 0.5)):
        m = math.ceil(math.log(2 / delta) / (2 * eps**2))
        for n in (2, 6, 64, 1000, 4096):
            s, M = tieaudit.instance_with_fraction(n, 0.5, rng)
            out = tieaudit.run_quantum(s, M, eps, delta, rng)
            q = math.ceil(math.log2(n)) if n > 1 else 0
            count += 1
            if out.runs[0].copies != m or out.total_qubits != m * q:
                bad.append({"eps": eps, "delta": delta, "n": n, "copies": out.runs[0].copies, "m": m,
                            "counted": out.total_qubits, "expected": m * q})
    return Evidence(passed=not bad, observed={"mismatches": len(bad)}, expected="m·⌈log₂ n⌉ with Hoeffding m",
                    tolerance=EXACT, instances=count, counterexample=bad[0] if bad else None)


@TIE_QUANTUM.check("fit")
def fit_tie_qubits_logn(ctx):
    """Qubits vs log₂ n (executed runs, n = 2^4 … 2^20): exponent ≈ 1."""
    rows = ctx.memo("rows", lambda: _tie_rows(ctx))
    x = [math.log2(r["n"]) for r in rows]
    fit = fit_power_law(x, [r["qubits"] for r in rows], ctx.rng("boot"))
    return fit_evidence(fit, tieaudit.CLAIMED_LOGN_EXPONENT, (0.0, 2.0), "TieAudit qubits vs log₂ n", FIT_NUMERIC,
                        data={"rows": rows})


@mutant("thm5.quantum-upper", kills=["failure_rates", "copy_and_qubit_accounting"])
def wrong_hoeffding_constant():
    """M = ⌈ln(2/δ)/(8ε²)⌉: four times too few copies."""
    with mock.patch.object(tieaudit, "HOEFFDING_C", 8.0):
        yield


@mutant("thm5.quantum-upper", kills=["failure_rates"])
def parity_sign_flipped_in_measurement():
    """Wrong parity sign in the TieAudit measurement: f̂ estimates 1 − f."""
    with mock.patch.object(tieaudit, "PARITY_SIGN", -1):
        yield


@mutant("thm5.quantum-upper", kills=["copy_and_qubit_accounting"])
def state_qubits_miscounted():
    """Miscounted qubits: ⌊log₂ n⌋ instead of ⌈log₂ n⌉ for the phase state register."""
    with mock.patch.object(tieaudit, "state_qubits", lambda n: max(1, int(n).bit_length() - 1)):
        yield


@mutant("thm5.quantum-upper", kills=["fit_tie_qubits_logn"])
def tie_claimed_quadratic_log():
    """Fit claimed with the wrong exponent (log² n)."""
    with mock.patch.object(tieaudit, "CLAIMED_LOGN_EXPONENT", 2.0):
        yield


# ======================================================================
# thm5.classical-lower
# ======================================================================

TIE_CLASSICAL = Claim(
    "thm5.classical-lower", ref="Theorem 5.2, Appendix C", section="5",
    title="Classical one-way TieAudit needs Ω(√n) bits",
    statement=("The Ω(√n) bound is cited [Gavinsky et al.]. Checked around it: (a) natural classical protocols "
               "(shared random subset in the clear; a linear sketch) need bits growing like √n to estimate f within ε; "
               "(b) the reduction premise: an ε-estimate of f decides BHM because f and 1−f differ by at least 2ε — "
               "measured on the hard BHM distribution (x uniform, M uniform, w = Mx ⊕ b) across n."),
    cited="Gavinsky, Kempe, Kerenidis, Raz, de Wolf 2007 (BHM one-way lower bound Ω(√n))",
    uses=("thm5.quantum-upper",),
)

CLASSICAL_EPS = EPS
FRACTIONS = (0.25, 0.5, 0.75)


def _subset_rows(ctx, exponents: list[int] | None = None) -> list[dict[str, Any]]:
    rng = ctx.rng("subset")
    trials = ctx.pick(60, 120)
    rows = []
    for k in exponents or ctx.pick([8, 10, 12, 14], [8, 10, 12, 14, 16, 18, 20, 22]):
        n = 2**k
        insts = []
        for f in FRACTIONS:
            s, M = tieaudit.instance_with_fraction(n, f, rng)
            insts.append((s, tieaudit.matching_partner(M, n), tieaudit.conflict_fraction(s, M)))
        quantum = tieaudit.run_quantum(s, M, EPS, DELTA, rng).total_qubits   # executed, same (ε, δ)
        top = min(n, int(60 * math.sqrt(n)))   # the search window: r* ≈ 14√n at ε = 0.1
        grid = gapip.geometric_grid(8, top, 1.08)
        if grid[-1] > top:
            grid[-1] = top
        fails = np.zeros(len(grid))
        for t in range(trials):
            s, partner, f = insts[t % len(insts)]
            est = tieaudit.subset_curve(s, partner, grid, int(rng.integers(2**62)))
            fails += np.abs(est - f) > CLASSICAL_EPS
        r = gapip.smallest_passing(grid, fails / trials, DELTA)
        rows.append({"n": n, "bits": r, "trials": trials, "quantum_qubits": quantum})
    return rows


def _countsketch_rows(ctx) -> list[dict[str, Any]]:
    rng = ctx.rng("countsketch")
    trials = ctx.pick(60, 60)
    rows = []
    for k in ctx.pick([10, 11, 12, 14], [12, 14, 16, 18]):   # ≥ 4 sizes: a 3-point pairs bootstrap is no CI
        n = 2**k
        insts = []
        for f in FRACTIONS:
            s, M = tieaudit.instance_with_fraction(n, f, rng)
            insts.append((s, M, tieaudit.conflict_fraction(s, M)))

        def err(B: int, insts=insts) -> float:
            bad = 0
            for t in range(trials):
                s, M, f = insts[t % len(insts)]
                bad += abs(tieaudit.run_countsketch(s, M, B, int(rng.integers(2**62))).estimate - f) > CLASSICAL_EPS
            return bad / trials

        B, _ = gapip.search_smallest(err, 1, min(8 * n, int(256 * math.sqrt(n))), DELTA, ratio=1.15)
        bits = None if B is None else B * tieaudit.countsketch_word_bits(n)
        rows.append({"n": n, "buckets": B, "bits": bits})
    return rows


@TIE_CLASSICAL.check("fit")
def subset_needs_sqrt_n(ctx):
    """Shared random subset in the clear: smallest r (bits) with error ≤ δ grows like n^{1/2}."""
    rows = ctx.memo("subset", lambda: _subset_rows(ctx))
    ok_rows = [r for r in rows if r["bits"] is not None]
    x = [r["n"] for r in ok_rows]
    fit = fit_power_law(x, [r["bits"] for r in ok_rows], ctx.rng("boot"))
    fig = Figure("tieaudit-communication-vs-n", f"TieAudit: communication vs n (ε = {EPS}, δ = {DELTA})", "n",
                 "qubits / bits",
                 (Series("classical: shared random subset (executed search)", tuple(x),
                         tuple(r["bits"] for r in ok_rows), "scatter"),
                  Series(f"fit n^{fit.exponent:.2f}", tuple(x), tuple(fit.predict(x))),
                  Series("quantum: m·⌈log₂ n⌉ (executed)", tuple(x), tuple(r["quantum_qubits"] for r in ok_rows)),
                  Series("whole vector: n bits", tuple(x), tuple(x))),
                 xscale="log", yscale="log")
    return fit_evidence(fit, tieaudit.CLAIMED_CLASSICAL_EXPONENT, (0.0, 1.0), "subset bits vs n", fit_band(ctx), figures=(fig,),
                        data={"rows": rows})


@TIE_CLASSICAL.check("fit")
def countsketch_needs_sqrt_n(ctx):
    """CountSketch (a linear sketch): smallest bucket count with error ≤ δ grows like n^{1/2}."""
    rows = [r for r in ctx.memo("countsketch", lambda: _countsketch_rows(ctx)) if r["buckets"] is not None]
    if len(rows) < 3:
        return Evidence(passed=False, observed=rows, expected="bucket counts for at least 3 sizes")
    x = [r["n"] for r in rows]
    fit = fit_power_law(x, [r["buckets"] for r in rows], ctx.rng("boot"))
    return fit_evidence(fit, tieaudit.CLAIMED_CLASSICAL_EXPONENT, (0.0, 1.0), "CountSketch buckets vs n", fit_band(ctx),
                        data={"rows": rows},
                        caveats=("CountSketch words carry ⌈log₂(2n+1)⌉ bits, so its bits grow like √n·log n.",))


def _premise_rows(ctx) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    rng = ctx.rng("bhm")
    per_n = ctx.pick(200, 400)
    rows = []
    smallest_failure = None
    for k in ctx.pick([2, 3, 4, 6, 8, 12, 16], [2, 3, 4, 6, 8, 10, 12, 14, 16, 18, 20]):
        n = 2**k
        gaps = []
        reps = per_n if n <= 2**14 else per_n // 8
        for _ in range(reps):
            inst = tieaudit.bhm_instance(n, rng)
            g = tieaudit.bhm_premise_gap(inst["w"])      # from Bob's (M, w): the two branches' fractions
            gaps.append(g)
            if g < 2 * EPS and (smallest_failure is None or n < smallest_failure["n"]):
                f0, f1 = tieaudit.bhm_branch_fractions(inst["w"])
                smallest_failure = {"n": n, "x": inst["x"].tolist(), "M": inst["M"].tolist(), "b": inst["b"],
                                    "w": inst["w"].tolist(), "f_if_Mx_eq_w": f0, "f_if_Mx_eq_not_w": f1,
                                    "f": tieaudit.conflict_fraction(np.where(inst["x"] == 1, -1, 1), inst["M"]),
                                    "gap": g, "eps": EPS,
                                    "replay": "w = Mx ⊕ b; gap = |2·|w|/(n/2) − 1| < 2ε"}
        gaps_a = np.asarray(gaps)
        rows.append({"n": n, "instances": reps, "median_gap": float(np.median(gaps_a)),
                     "holds_fraction": float(np.mean(gaps_a >= 2 * EPS))})
    return rows, smallest_failure


@TIE_CLASSICAL.check("simulation")
def bhm_premise(ctx):
    """Premise |f − (1−f)| ≥ 2ε on the hard BHM distribution, for constant ε, across n."""
    rows, fail = ctx.memo("premise", lambda: _premise_rows(ctx))
    x = [r["n"] for r in rows if r["median_gap"] > 0]
    y = [r["median_gap"] for r in rows if r["median_gap"] > 0]
    fit = fit_power_law(x, y, ctx.rng("boot")) if len(x) >= 3 else None
    pos = [r for r in rows if r["median_gap"] > 0]
    fig = Figure("bhm-premise-vs-n", f"BHM hard distribution: |f − (1−f)| vs n (premise needs ≥ 2ε = {2 * EPS})",
                 "n", "median |2f − 1|",
                 (Series("median over instances", tuple(r["n"] for r in pos), tuple(r["median_gap"] for r in pos),
                         "scatter"),) + (() if fit is None else (
                     Series(f"fit n^{fit.exponent:.2f}", tuple(x), tuple(fit.predict(x))),)),
                 xscale="log", yscale="log", hlines=((2 * EPS, "2ε"),))
    fig_holds = Figure("bhm-premise-holds", "BHM hard distribution: fraction of instances where |f − (1−f)| ≥ 2ε",
                       "n", "fraction", (Series(f"ε = {EPS}", tuple(r["n"] for r in rows),
                                                tuple(r["holds_fraction"] for r in rows), "line"),),
                       xscale="log")
    holds = all(r["holds_fraction"] == 1.0 for r in rows)
    top = rows[-1]
    measured = (f"on the hard BHM distribution (x uniform, M uniform, b uniform, w = Mx ⊕ b) the two branches' "
                f"fractions |w|/(n/2) and 1 − |w|/(n/2) differ by ≥ 2ε = {2 * EPS} on a fraction "
                f"{top['holds_fraction']:.3g} of {top['instances']} instances at n = {top['n']} (median |2f − 1| = "
                f"{top['median_gap']:.3g}" + ("" if fit is None else
                                            f"; median ∝ n^{fit.exponent:.2f}, CI [{fit.ci_low:.2f}, {fit.ci_high:.2f}]")
                + ")")
    return Evidence(
        passed=holds, on_fail="gap",
        observed={"holds_fraction_by_n": {str(r["n"]): r["holds_fraction"] for r in rows},
                  "median_gap_exponent": None if fit is None else fit.summary()},
        expected=f"|f − (1−f)| ≥ 2ε = {2 * EPS} on every instance (the proof's premise)", tolerance=EXACT,
        instances=sum(r["instances"] for r in rows), figures=(fig, fig_holds),
        counterexample=fail if not holds else None,
        detail=measured[0].upper() + measured[1:] + ".",
        data={"rows": rows},
        caveats=() if holds else (
            "Theorem 5.2's reduction assumes the branch fractions f and 1−f differ by ≥ 2ε; measured: " + measured
            + ". Under that distribution an additive-ε estimate of f does not decide BHM (answering 1/2 is already "
              "ε-accurate), so the cited Ω(√n) bound does not transfer to ε-estimation as argued.",),
    )


@mutant("thm5.classical-lower", kills=["bhm_premise"])
def premise_gap_sign_error():
    """Premise measured as |f₀ + f₁| (sign error): the two branches always look 1 apart."""
    def gap(w):
        f0, f1 = tieaudit.bhm_branch_fractions(w)
        return abs(f0 + f1)

    with mock.patch.object(tieaudit, "bhm_premise_gap", gap):
        yield


@mutant("thm5.classical-lower", kills=["subset_needs_sqrt_n", "countsketch_needs_sqrt_n"])
def classical_claimed_linear():
    """Fit claimed with the wrong exponent (n^1 instead of n^{1/2})."""
    with mock.patch.object(tieaudit, "CLAIMED_CLASSICAL_EXPONENT", 1.0):
        yield


# ======================================================================
# rem5.broadcast
# ======================================================================

BROADCAST = Claim(
    "rem5.broadcast", ref="Remark 5, Section 6", section="5",
    title="No broadcast: k clients cost k·m·⌈log n⌉ qubits against one classical broadcast",
    statement=("Quantum states cannot be broadcast: k clients cost k·m·⌈log n⌉ qubits against one classical "
               "broadcast; the crossover k at which the quantum advantage disappears, from executed costs."),
    uses=("thm5.quantum-upper", "thm5.classical-lower"),
)


@BROADCAST.check("accounting")
def per_client_accounting(ctx):
    """Executed k-client runs: counted qubits = k·m·⌈log₂ n⌉, and every client's estimate is within ε."""
    rng = ctx.rng("k")
    bad, count, misses, runs = [], 0, 0, 0
    m = math.ceil(math.log(2 / DELTA) / (2 * EPS**2))
    for n in (64, 4096):
        s, M = tieaudit.instance_with_fraction(n, 0.3, rng)
        f = tieaudit.conflict_fraction(s, M)
        for k in (1, 2, 5, 9):
            out = tieaudit.run_quantum(s, M, EPS, DELTA, rng, clients=k)
            count += 1
            runs += len(out.runs)
            misses += sum(abs(r.estimate - f) > EPS for r in out.runs)
            expected = k * m * math.ceil(math.log2(n))
            if out.total_qubits != expected:
                bad.append({"n": n, "clients": k, "counted": out.total_qubits, "expected": expected})
    ok = not bad and len(out.runs) == 9 and rate_at_most(misses, runs, DELTA)
    return Evidence(passed=ok, observed={"mismatches": len(bad), "client_misses": f"{misses}/{runs}"},
                    expected="k·m·⌈log₂ n⌉ qubits; each client within ε w.p. ≥ 1−δ",
                    tolerance=EXACT, instances=count, counterexample=bad[0] if bad else None)


def _broadcast_rows(ctx) -> list[dict[str, Any]]:
    rows = _subset_rows(ctx, ctx.pick([10, 14, 18], [8, 10, 12, 14, 16, 18, 20, 22]))
    out = []
    for r in rows:
        n = r["n"]
        per_client = r["quantum_qubits"]
        classical = n if r["bits"] is None else min(n, r["bits"])
        out.append({"n": n, "quantum_per_client": per_client, "classical_broadcast": classical,
                    "k_star": classical / per_client})
    return out


@BROADCAST.check("accounting")
def broadcast_crossover(ctx):
    """k* = classical broadcast bits / quantum qubits per client, from executed costs; k* grows with n."""
    rows = ctx.memo("rows", lambda: _broadcast_rows(ctx))
    rng = ctx.rng("verify")
    # verify with executed multi-client runs at the largest n ≤ 2^18: ⌈k*⌉ clients cost ≥ the classical broadcast
    last = [r for r in rows if r["n"] <= 2**18][-1]
    k_up = max(1, math.ceil(last["k_star"]))
    s, M = tieaudit.instance_with_fraction(last["n"], 0.5, rng)
    total_up = tieaudit.run_quantum(s, M, EPS, DELTA, rng, clients=k_up).total_qubits
    consistent = total_up >= last["classical_broadcast"]
    grows = rows[-1]["k_star"] > rows[0]["k_star"]
    x = [r["n"] for r in rows]
    ks = [1, 2, 4, 8, 16, 32, 64]
    series = [Series("k* (quantum wins below)", tuple(x), tuple(r["k_star"] for r in rows), "scatter")]
    fig1 = Figure("rem5-crossover-vs-n", f"Remark 5: client crossover k* vs n (ε = {EPS}, δ = {DELTA})", "n", "k*",
                  tuple(series), xscale="log", yscale="log", hlines=((1.0, "k = 1"),))
    sel = rows[-1]
    fig2 = Figure("rem5-cost-vs-clients", f"Remark 5: cost for k clients (n = {sel['n']})", "clients k",
                  "qubits / bits",
                  (Series("quantum k·m·⌈log₂ n⌉", tuple(ks), tuple(k * sel["quantum_per_client"] for k in ks)),
                   Series("classical broadcast", tuple(ks), tuple(sel["classical_broadcast"] for _ in ks))),
                  xscale="log", yscale="log", vlines=((sel["k_star"], "k*"),))
    return Evidence(passed=bool(consistent and grows and all(math.isfinite(r["k_star"]) for r in rows)),
                    observed={"k_star_by_n": {str(r["n"]): round(r["k_star"], 3) for r in rows}},
                    expected="finite k*, growing with n; ⌈k*⌉ executed clients cost ≥ the classical broadcast",
                    tolerance=EXACT, instances=len(rows), figures=(fig1, fig2), data={"rows": rows})


@mutant("rem5.broadcast", kills=["per_client_accounting", "broadcast_crossover"])
def cloned_copies():
    """The server 'broadcasts' the quantum copies: only the first client's copies are counted."""
    with mock.patch.object(tieaudit, "copies_sent_to", lambda c, m: m if c == 0 else 0):
        yield


LEGACY_LAYOUT = True  # several claims per module until migrated to the claim kit
