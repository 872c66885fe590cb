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
from scipy import stats

from qproofs.claims import Claim, Evidence, Figure, Series, mutant
from qproofs.fit import fit_power_law
from qproofs.protocols import gapip, tieaudit
from qproofs.tolerance import EXACT

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
