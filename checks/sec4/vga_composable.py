"""``vga.composable`` (Abstract; Sections 2.3, 4.3): the composed security claim of Verified GHZ Aggregation.

The physics is in ``qproofs.protocols.composable`` (which reuses ``vga``,
``stabilizer`` and ``attacks``); shared computations in ``_composable``.

Decision rule. The finding checks (single-copy attack, i.i.d. attacks, Eve's
information) may refute only on validated evidence: the executed protocol must
agree with the exact evaluator (``executed_runs_match_exact``), have the
paper's resource profile (``copies_accounted``), and the evaluators must hold
their known answers (``evaluator_known_answers``, with the size-limit and
public-bits checks); otherwise they report inconclusive. A false refutation is the worst outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.property import Property
from qproofs.protocols import attacks, composable
from qproofs.tolerance import EXACT, TOL

from ._composable import (
    COMPOSITION_TEXT,
    EPSILON_TEXT,
    RECORD_RESIDUE,
    single_attack,
    smallest_m_below,
    sweep_ms,
    validated,
)
from ._vga_certs import advantage_table, composed_epsilon_table

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "vga.composable", scope="exact", ref="Abstract; Sections 2.3, 4.3; Definition 4, Proposition 1, Lemma 3", section="4",
    title="Verified GHZ aggregation is composably ε-secure over d coordinates and T rounds for any ε",
    statement=(
        "Paper: for any ε > 0, VGA with sufficiently many verified GHZ copies is composably ε-secure "
        "(Definition 4) over all d coordinates and T rounds in the wiretapped-setup model, at a 2× overhead in "
        "GHZ copies. Checked: the composed protocol is executed (per round 2m copies distributed under Eve's "
        "attack with her environment kept, a uniformly random half tested with random stabilisers, every "
        "surviving copy encoded — ν per coordinate, m = ν·d — X readout broadcast) and the exact real-vs-ideal "
        "advantage, minimised over ALL simulators (½·max over equal-sum input pairs of the trace distance between "
        "real executions — a lower bound for every simulator, attained here), is compared with the paper's "
        "composition ε_comp = d·T·(ε(m, δ) + δ), ε(m, δ) = √(2 ln(2/δ)/m) + 2 ln(2/δ)/m (claim vga.sampling), "
        "and with its Fuchs–van de Graaf reading d·T·(√ε(m, δ) + δ); also Eve's information on one honest input "
        "beyond the sums."),
    uses=("vga.sampling", "prop1.monotone", "thm3.multiround", "lemma3.chaining"),
    no_repair=(
        "No repair found and checked; the conclusion itself is in doubt for the protocol as the paper lays it out. "
        "Why: one intercept-resend copy is untested with probability exactly ½ for every m and then reveals its "
        "coordinate's honest input (½ bit, advantage ½, independent of m), and weak i.i.d. attacks with t ∝ 1/√m "
        "keep a constant advantage while ε_comp → 0. What acceptance certifies is the mean per-copy infidelity "
        "(vga.sampling-mean-deficit, verified), which bounds the fraction of leaky coordinates, not each one. "
        "Candidate repairs not checked here: (a) a weaker composed statement allowing a fraction ≈ ε(m, δ) of "
        "leaked coordinates; (b) a privacy-amplification step spreading each coordinate over many copies "
        "(not in the paper)."),
    caveats=(
        "Modelled as the paper describes it: the tested half is chosen after distribution, uniformly; every "
        "untested copy is encoded (the paper's 'twice as many GHZ copies as the unverified protocol'; Lemma 2: "
        "'composing over the surviving copies'); readout bits are broadcast on authenticated public channels "
        "Eve reads (Definitions 1, 3).",
        "Advantage is taken for the worst input pair (Definition 4 holds for every input); with inputs averaged "
        "and hidden from the distinguisher a simulator could match, but that definition would not capture privacy.",
        "If untested copies beyond the d·T needed were discarded (an overhead of 2m/(dT), not 2), one attacked copy "
        "is used with probability dT/m and this audit does not decide the claim for that variant.",
    ),
    # ------------------------------------------------------- parameters ---
    # (d, T, ν) layouts for `executed` and `accounting`; i.i.d. strengths t = min(1, scale/√m).
    params={
    "quick": {"fuzz_examples": 20, "n": 3, "delta": 0.01, "exact_ms": tuple(range(2, 11)), "sweep_max_m": 10**7,
              "strength_scales": tuple(np.geomspace(0.1, 3.0, 7)), "iid_max_m": 10**6, "iid_points": 10,
              "iid_exact_ms": (1, 2),
              "executed": ((1, 1, 2), (2, 2, 1)), "runs": 190, "accounting": ((2, 1, 1), (3, 2, 2))},
    "standard": {"fuzz_examples": 40, "n": 3, "delta": 0.01, "exact_ms": tuple(range(2, 11)), "sweep_max_m": 10**7,
                 "strength_scales": tuple(np.geomspace(0.05, 5.0, 17)), "iid_max_m": 10**6, "iid_points": 25,
                 "iid_exact_ms": (1, 2),
                 "executed": ((1, 1, 2), (2, 2, 1), (1, 1, 5)), "runs": 1000,
                 "accounting": ((2, 1, 1), (3, 2, 2), (4, 3, 2))},
    "deep": {"fuzz_examples": 500, "n": 3, "delta": 0.01, "exact_ms": tuple(range(2, 11)), "sweep_max_m": 10**8,
             "strength_scales": tuple(np.geomspace(0.02, 10.0, 33)), "iid_max_m": 10**6, "iid_points": 49,
             "iid_exact_ms": (1, 2, 3),
             "executed": ((1, 1, 2), (2, 2, 1), (1, 1, 5), (2, 1, 3)), "runs": 4000,
             "accounting": ((2, 1, 1), (3, 2, 2), (4, 3, 2), (5, 4, 3))},
},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def single_copy_attack_vs_composed_epsilon(ctx: Any, executed: dict, accounting: dict, iid_worst: list,
                                           known_answers: dict | None = None) -> Evidence:
    """Intercept-resend (X basis) on one qubit of one copy: exact advantage for every m vs the composed ε.

    Exact evaluator (hypergeometric over the attacked copy, cq-state trace distances) for m = 2..10, checked
    against the closed form D_use/4 and against the full state vector of all 2m copies (N = 2, m = 1); the
    lower bound is over every simulator and attained. Refutes when the advantage exceeds even the
    Fuchs–van de Graaf composed ε at some m.
    """
    p = ctx.params
    n, delta = p["n"], p["delta"]
    ks = single_attack(n)
    closed = composable.single_copy_closed_form(n, ks)
    exact = {m: composable.pair_distance(n, m, {0: ks}) for m in p["exact_ms"]}
    adv = {m: r["distance"] / 2 for m, r in exact.items()}
    brute = composable.brute_force_pair_distance(2, 1, [single_attack(2), attacks.identity(2)]) / 2
    table2 = composable.pair_distance(2, 1, {0: single_attack(2)})["distance"] / 2
    attained = composable.depends_only_on_sum_and_x0(n, ks)
    internal_ok = (max(abs(a - closed) for a in adv.values()) <= ctx.tol.dense and abs(brute - table2) <= ctx.tol.dense
                   and attained <= ctx.tol.dense)
    ms = sweep_ms(p["sweep_max_m"])
    big = {m: composable.pair_distance(n, m, {0: ks})["distance"] / 2 for m in ms}
    rows = [{"m": m, "advantage": big[m], "eps_comp": composable.composed_epsilon(m, delta),
             "eps_comp_fvdg": composable.composed_epsilon(m, delta, fvdg=True)} for m in ms]
    m_lin = smallest_m_below(closed - ctx.tol.dense, delta, False, p["sweep_max_m"])
    m_fvdg = smallest_m_below(closed - ctx.tol.dense, delta, True, p["sweep_max_m"])
    cex = None
    if m_fvdg is not None:
        cex = {"N": n, "d": 1, "T": 1, "m": m_fvdg, "delta": delta,
               "attack": "intercept-resend in the X basis on node 0's qubit of copy 0 (round 0); other copies untouched",
               "inputs": {"x": composable.worst_pair(n)[0].tolist(), "x_prime": composable.worst_pair(n)[1].tolist()},
               "advantage": composable.pair_distance(n, m_fvdg, {0: ks})["distance"] / 2,
               "composed_epsilon_fvdg": composable.composed_epsilon(m_fvdg, delta, fvdg=True),
               "composed_epsilon": composable.composed_epsilon(m_fvdg, delta),
               "epsilon": EPSILON_TEXT, "composition": COMPOSITION_TEXT + ", per use √ε (Fuchs–van de Graaf)"}
    valid, why = validated(executed, accounting, known_answers)
    iid = iid_worst
    refuted = cex is not None and cex["advantage"] > cex["composed_epsilon_fvdg"] + ctx.tol.dense
    passed: bool | None = not refuted
    if refuted and not (valid and internal_ok):
        passed = None
    fig = Figure("advantage-vs-m", f"Real-vs-ideal advantage vs copies (N = {n}, d = T = 1, δ = {delta})",
                 "m (tested = encoded copies)", "advantage / ε",
                 (Series("single-copy intercept-resend: exact advantage", tuple(ms), tuple(big[m] for m in ms),
                         kind="scatter"),
                  Series("composed ε = ε(m,δ) + δ", tuple(ms), tuple(r["eps_comp"] for r in rows)),
                  Series("composed ε, FvdG: √ε(m,δ) + δ", tuple(ms), tuple(r["eps_comp_fvdg"] for r in rows)),
                  Series("i.i.d. partial swap, worst strength: lower bound", tuple(w["m"] for w in iid),
                         tuple(w["lower"] for w in iid), kind="scatter")),
                 xscale="log", yscale="log")
    x, x2 = composable.worst_pair(n)
    memo = composable._Memo(n)  # the attacked copy's (b, k) distributions under x and x', for the certificate
    certs = [advantage_table(n, list(p["exact_ms"]), adv, memo.joint(ks, x), memo.joint(ks, x2), claim=CLAIM.id,
                             check="single_copy_attack_vs_composed_epsilon"),
             composed_epsilon_table(rows, delta, Fraction(1, 4), claim=CLAIM.id,
                                    check="single_copy_attack_vs_composed_epsilon")]
    detail = (f"{EPSILON_TEXT}; {COMPOSITION_TEXT}. Advantage = ½·D(real_x, real_x') with x = {x.tolist()}, "
              f"x' = {x2.tolist()} on every use — a lower bound for every simulator (equal sums give one ideal "
              "state); attained by the simulator that "
              "draws x_0 uniformly, since the real state depends on the inputs only through (sums, x_0) "
              f"(max deviation {attained:.1e}). Closed form D_use/4 = {closed:.6f} for every m; exact evaluator m = "
              f"{p['exact_ms'][0]}..{p['exact_ms'][-1]}; full state vector (N = 2, m = 1) {brute:.6f} vs table {table2:.6f}. "
              "The value does not depend on how the m encoded copies are spread over coordinates and rounds (every "
              "use carries the worst pair): with one copy per coordinate (ν = 1, d = m) it is 1/4 too, where "
              "d·T·(ε + δ) ≥ 1 certifies nothing; with d = T = 1 (ν = m) the composition claims ε_comp → 0.")
    if passed is None:
        detail += " Not refuted on unvalidated evidence: " + "; ".join(why or ["internal cross-checks disagree"]) + "."
    return Evidence(
        passed=passed, observed={"advantage_every_m": closed, "smallest_m_above_comp": m_lin,
                                 "smallest_m_above_comp_fvdg": m_fvdg,
                                 "exact_m2_to_10": [adv[m] for m in p["exact_ms"]], "full_state_N2_m1": brute},
        expected="advantage ≤ ε_comp(m, δ) for every m (the paper: ε-secure for any ε at sufficiently many copies)",
        tolerance=ctx.tol.dense, instances=len(ms) + len(exact) + 1, counterexample=cex if passed is False else None,
        figures=(fig,), detail=detail, data={"rows": rows}, certificate=certs)


@CLAIM.check("simulation")
def iid_attacks_vs_composed_epsilon(ctx: Any, executed: dict, accounting: dict, iid_worst: list,
                                    known_answers: dict | None = None) -> Evidence:
    """Hypothesis (b): i.i.d. attacks (partial swap of node 0's qubit, same strength on every copy).

    Fixed strength: advantage ≤ P[accept] = (1 − r)^m, exponentially small in m. Worst strength at each m
    (Eve knows m): exact lower bound ½(1 − r)^m(1 − F^m) (F the root fidelity of one encoded copy's output
    under x and x', multiplicative) against the composed ε, with every surviving copy encoding the one
    coordinate (d = T = 1, ν = m: the reading in which 'sufficiently many copies' shrinks ε_comp).
    """
    p = ctx.params
    n, delta = p["n"], p["delta"]
    # the Fuchs–van de Graaf bounds bracket the exact tensor-product value at small m
    bracket_err, fixed_ok = 0.0, True
    for t in (0.1, 0.3, 0.6, 1.0):
        u = composable.iid_use(n, attacks.partial_swap(n, 0, t))
        for m in p["iid_exact_ms"]:
            ex = composable.iid_exact_advantage(n, m, attacks.partial_swap(n, 0, t))
            lo, hi = u.advantage_bounds(m)
            bracket_err = max(bracket_err, lo - ex, ex - hi)
            fixed_ok &= ex <= (1 - u.r) ** m + ctx.tol.dense
    worst = iid_worst
    above = [w for w in worst if w["lower"] > w["eps_comp_fvdg"]]
    internal_ok = bracket_err <= ctx.tol.dense and fixed_ok
    valid, why = validated(executed, accounting, known_answers)
    passed: bool | None = not above
    if above and not (valid and internal_ok):
        passed = None
    w0 = above[0] if above else None
    cex = None if w0 is None else {
        "N": n, "d": 1, "T": 1, "m": w0["m"], "delta": delta,
        "attack": f"partial swap (t = {w0['t']:.4g}) of node 0's qubit with half of Eve's Bell pair, on every copy",
        "advantage_lower_bound": w0["lower"], "composed_epsilon_fvdg": w0["eps_comp_fvdg"],
        "composed_epsilon": w0["eps_comp"], "p_accept": w0["p_accept"]}
    detail = ("Fixed strength: advantage ≤ P[accept] = (1−r)^m (checked exactly at m = "
              f"{list(p['iid_exact_ms'])}); decays like e^(−rm). Worst strength per m: t ∝ 1/√m keeps P[accept] and "
              "the accumulated distinguishability constant, so the advantage does not vanish, while ε_comp → 0: the "
              "composition does not bound i.i.d. attacks either once every surviving copy encodes the coordinate "
              "(Proposition 1 needs the whole register ε-close; the sampling bound certifies the mean per-copy "
              "infidelity only, cf. vga.sampling's register_level_certification). "
              f"{EPSILON_TEXT}; {COMPOSITION_TEXT}.")
    if passed is None:
        detail += " Not refuted on unvalidated evidence: " + "; ".join(why or ["bounds do not bracket the exact value"])
    return Evidence(
        passed=passed, observed={"worst_lower_bound_at_largest_m": worst[-1]["lower"],
                                 "first_m_above_comp_fvdg": w0["m"] if w0 else None,
                                 "bracket_error": bracket_err, "fixed_strength_below_p_accept": fixed_ok},
        expected="worst i.i.d. advantage ≤ ε_comp(m, δ) for every m (hypothesis (b))", tolerance=ctx.tol.dense,
        instances=len(worst) * len(p["strength_scales"]), counterexample=cex if passed is False else None, detail=detail,
        data={"worst_by_m": worst})


@CLAIM.check("simulation")
def executed_runs_match_exact(ctx: Any, executed: dict) -> Evidence:
    """Executed composed runs (several d, T, ν): Eve's guessing rate within the exact binomial interval of ½(1 + D).

    Also exact: Eve's executed guess attains the optimum ½(1 + TV) on every record (``strategy_exactness``).

    An independent path: sampling the executed protocol (random half, stabiliser tests, encoding, readout,
    Eve's record) against the exact evaluator. A disagreement makes the audit unable to decide (inconclusive),
    and withholds every refutation of this claim.
    """
    res = executed
    rows = res["rows"]
    caught = max(max(r["caught_shift_below"] or 1.0, r["caught_shift_above"] or 1.0) for r in rows)
    return Evidence(
        passed=True if res["ok"] else None, observed=rows, tolerance=res["false_alarm"],
        expected=f"exact value inside the Clopper–Pearson interval at level 1 − {res['alpha_per_layout']:.3g} per layout",
        instances=sum(r["runs"] for r in rows),
        data={"false_alarm": res["false_alarm"], "power": 0.9, "caught_shift_max": caught,
              "strategy_exactness": res["strategy"], "strategy_tolerance": ctx.tol.dense},
        detail=("Single-copy intercept-resend (X) on copy 0 of round 0; the nodes hold x or x' (equal sums in every "
                "coordinate and round) with probability ½; Eve guesses by maximum likelihood from her record of "
                "the encoded copies. For this attack Eve's environment is classical, so ½(1 + D) is the exact "
                f"success probability. Rates as (low, best, high), exact Clopper–Pearson; false alarm "
                f"{res['false_alarm']:g} for the check (union bound over the layouts; a false alarm makes the claim "
                f"inconclusive, never refuted). A success rate off the exact one by more than {caught:.3f} is caught "
                "with probability ≥ 0.9 (exact binomial). Eve's executed guessing rule, on every record of one "
                "attacked copy (intercept-resend, partial swap, collective probe), attains the maximum-likelihood "
                "optimum ½(1 + TV) from independent state-vector laws: max gap "
                f"{max(r['gap'] for r in res['strategy']):.1e} (tolerance {ctx.tol.dense:g}; exact, no sampling)."))


@CLAIM.check("simulation")
def eve_information_beyond_sums(ctx: Any, executed: dict, accounting: dict, known_answers: dict | None = None) -> Evidence:
    """I(X_0 ; Eve's whole view | all sums) under the single-copy attack, for every m, vs what ε_comp allows.

    Exact cq-state entropies. An ε-secure protocol leaks at most ε + (1 + ε)·h(ε/(1 + ε)) bits beyond the sums
    (Alicki–Fannes–Winter; the ideal leaks 0, Lemma 2); refutes when the leakage exceeds that at some m.
    """
    p = ctx.params
    n, delta = p["n"], p["delta"]
    ks = single_attack(n)
    ms = sweep_ms(p["sweep_max_m"])
    info = {m: composable.single_copy_information(n, m, ks) for m in ms}
    rows = [{"m": m, "leak_bits": info[m],
             "allowed_at_eps_comp_fvdg": composable.afw_leakage_bound(composable.composed_epsilon(m, delta, fvdg=True))}
            for m in ms]
    above = [r for r in rows if r["leak_bits"] > r["allowed_at_eps_comp_fvdg"] + ctx.tol.dense]
    valid, why = validated(executed, accounting, known_answers)
    # the evaluator against an independent density-matrix brute force, on the audited attack (exactly 1 bit when
    # untested) and on a probe leaking a fraction of a bit (where P(untested)·I and P(untested)^I differ)
    probes = [("intercept-resend X, node 0", ks),
              ("collective probe t = 1/2, one copy, X", attacks.collective_probe(n, 0.5, copies=1, basis="X"))]
    brute: list[dict[str, Any]] = [{"attack": name, "m": m, "evaluator": composable.single_copy_information(n, m, k),
              "brute_force": brute_force_single_copy_information(n, m, k)}
             for name, k in probes for m in (min(ms), 5)]
    for b in brute:
        b["gap"] = abs(b["evaluator"] - b["brute_force"])
    agrees = all(b["gap"] <= ctx.tol.dense for b in brute)
    if not agrees:
        valid, why = False, [*why, "single_copy_information disagrees with the density-matrix brute force "
                             f"(max gap {max(b['gap'] for b in brute):.3g} > {ctx.tol.dense:g})"]
    passed_brute = agrees
    passed: bool | None = not above and passed_brute
    if (above and not valid) or not passed_brute:
        passed = None
    r0 = above[0] if above else None
    return Evidence(
        passed=passed, observed={"leak_bits_every_m": sorted({round(v, 12) for v in info.values()}),
                                 "first_m_above": r0["m"] if r0 else None},
        expected="I(X_0 ; view | sums) ≤ AFW(ε_comp(m, δ)) for every m", tolerance=ctx.tol.dense, instances=len(rows),
        counterexample=None if passed is not False or r0 is None else {"N": n, "d": 1, "T": 1, "delta": delta, **r0,
                                                                       "attack": "intercept-resend X, node 0, copy 0"},
        detail=("Inputs uniform bits; Eve's view = tested set, test bits, readout bits, her environment. The "
                "attacked copy is untested with probability exactly ½ and then reveals x_0: ½ bit for every m. "
                "single_copy_information is compared with an independent density-matrix brute force (full cq state "
                "of X_0, the sum, the readout and Eve's environment; P(untested) by binomial coefficients) on the "
                "audited attack and on a probe leaking a fraction of a bit, within the tolerance. "
                + ("" if passed is not None else "Not refuted on unvalidated evidence: " + "; ".join(why))),
        data={"rows": rows, "brute_force": brute})


def brute_force_single_copy_information(n: int, m: int, kraus: list[np.ndarray]) -> float:
    """P(untested)·I(X_0 ; B E | S) for one attacked copy among 2m, from the full density matrix (independent path).

    Independent of :func:`composable.single_copy_information` (which uses ``vga.distribute`` / ``use_blocks`` and
    block entropies): the Stinespring state Σ_k K_k|GHZ⟩|k⟩ built here, each input x encoded by ⊗_j Z^{x_j}, the
    register read out by H^{⊗N} and a computational-basis measurement (dephasing), the cq state
    Σ_x 2^{−N}|x_0⟩⟨x_0| ⊗ |s⟩⟨s| ⊗ ρ_{BE}(x) assembled and I(X_0 ; BE | S) = H(X_0S) + H(SBE) − H(S) − H(X_0SBE)
    taken by von Neumann entropies; P(untested) = C(2m − 1, m)/C(2m, m). Small N only (dimension 4·2^N·K).
    """
    from functools import reduce
    from itertools import product
    from math import comb

    from qproofs.quantum.measures import partial_trace, von_neumann_entropy
    from qproofs.quantum.states import ghz

    K, d = len(kraus), 2**n
    g = ghz(n)
    stine = sum(np.kron(Kk @ g, np.eye(K)[k]) for k, Kk in enumerate(kraus))
    had = reduce(np.kron, [np.array([[1, 1], [1, -1]]) / np.sqrt(2)] * n)
    proj = [np.kron(np.diag(np.eye(d)[b]), np.eye(K)) for b in range(d)]
    full = np.zeros((4 * d * K, 4 * d * K), dtype=complex)
    for x in product((0, 1), repeat=n):
        zx = reduce(np.kron, [np.diag([1.0, (-1.0) ** xi]) for xi in x])
        v = np.kron(had @ zx, np.eye(K)) @ stine
        rho = sum(P @ np.outer(v, v.conj()) @ P for P in proj)
        tag = np.zeros((4, 4))
        tag[2 * x[0] + sum(x) % 2, 2 * x[0] + sum(x) % 2] = 1.0
        full += np.kron(tag, rho) / 2**n
    dims = [2, 2, d, K]
    h = lambda keep: von_neumann_entropy(partial_trace(full, dims, keep))  # noqa: E731
    info = h([0, 1]) + h([1, 2, 3]) - h([1]) - von_neumann_entropy(full)
    return comb(2 * m - 1, m) / comb(2 * m, m) * info


@CLAIM.check("accounting")
def copies_accounted(ctx: Any, accounting: dict) -> Evidence:
    """From executed runs: 2 copies distributed per encoded copy, ν per coordinate per round, N bits per test.

    Confirms that the modelled protocol is the paper's (factor-2 overhead, every surviving copy encoded,
    exact parity aggregate). A mismatch means the model is not the paper's protocol: inconclusive, and no
    refutation of this claim is issued.
    """
    res = accounting
    return Evidence(passed=True if res["ok"] else None, observed=res["rows"],
                    expected={"distributed_per_encoded": 2, "tested_per_encoded": 1, "bits_per_test": "N",
                              "copies_per_coordinate_per_round": "ν", "outputs": "exact parities"},
                    tolerance=EXACT, instances=len(res["rows"]),
                    detail="Counters incremented as copies are sent, tested, encoded and bits broadcast (no attack).")


@CLAIM.check("simulation")
def pair_distance_at_size_limit(ctx: Any, executed: dict) -> Evidence:
    """The exact evaluator at its size limit: 4 attacked copies (every copy of m = 2) = the i.i.d. tensor path.

    Computed by :func:`_composable.size_limit_evaluation` inside the ``executed`` validation (a failure there also
    withholds every refutation of this claim). With all 2m copies attacked by one channel, the tested half is
    accepted w.p. (1 − r)^m and the untested m copies give D(ω_x^{⊗m}, ω_x'^{⊗m}): :func:`composable.pair_distance`
    (sum over tested subsets, impossible sizes skipped) must equal 2·:func:`composable.iid_exact_advantage` (one
    tensor product, no subsets). Five attacked copies (m = 3) must be rejected (``InvalidParameter``). A
    disagreement is an evaluator defect: inconclusive.
    """
    ev = executed["size_limit"]
    return Evidence(passed=True if ev["ok"] else None, observed=ev,
                    expected="pair_distance = 2·iid_exact_advantage (and half the attacked copies untested) at 4 "
                             "attacked copies; 5 rejected",
                    tolerance=TOL.dense, instances=len(ev["rows"]) + 1,
                    detail="Evaluator cross-check at the size limit (a tool check, not a verdict on the paper): a "
                           "mismatch or an accepted fifth copy is an evaluator defect, reported inconclusive, and "
                           "withholds the refutation.")


@CLAIM.check("simulation")
def public_bits_reveal_only_the_sum(ctx: Any, executed: dict) -> Evidence:
    """Eve's advantage lives in her environment: without it (public broadcast bits only) the worst pair is at 0.

    Paper Lemma 2 / Section 4.3: the broadcast readout of an encoded copy depends on the inputs only through their
    sum, so for the equal-sum worst pair x, x′ the laws P(b | x) = P(b | x′) exactly (blocks 1 × 1, real, summing to
    1, the traces of the kept blocks), while with Eve's environment kept the single-copy attack separates them
    (D > 0). Evaluated by :func:`_composable.public_bits_evaluation` (:func:`composable.use_blocks` with
    ``keep_environment`` False and True) inside the ``executed`` validation. A mismatch is an evaluator defect:
    inconclusive, and it withholds the refutation.
    """
    ev = executed["public_bits"]
    return Evidence(passed=True if ev["ok"] else None, observed=ev,
                    expected="D(public-only) = 0 (equal-sum pair), blocks = P(b) (sum 1); D(with environment) > 0",
                    tolerance=TOL.dense, instances=2,
                    detail="Evaluator check on the single-copy attack of this claim (N from the profile); Eve's "
                           "leverage is her environment, as the finding checks assume.")


@CLAIM.check("simulation")
def evaluator_known_answers(ctx: Any, known_answers: dict) -> Evidence:
    """The evaluators where the audited instances never take them, held to known answers (deterministic).

    (a) :func:`composable.brute_force_pair_distance` on public records present in one world only (Eve measures node
    0 in Z and resends |+⟩: the two worlds' broadcasts are disjoint), known D = ½ (``_composable.one_world_records``);
    (b) :func:`composable.depends_only_on_sum_and_x0` — the deviation that makes ½·pair distance the exact minimum
    over simulators — on the empty grouping (N = 2: 0), on synthetic blocks that reveal Σx beyond its parity (1)
    and only (Σx mod 2, x_0) (0), and, as Lemma 1 predicts, inputs sharing (Σx mod 2, x_0) but not Σx give equal
    blocks under an attack on node 0 and different ones under an attack on node 1 (``grouping_known_answers``);
    (c) the infidelity 1 − F that :func:`composable.iid_use` reports, against 1 − Σ_k|⟨GHZ|K_k|GHZ⟩|² and against
    the stabiliser-test identity r = (1 − F)·2^{N−1}/(2^N − 1) of Section 4.3 (``iid_infidelity_known_answers``);
    (d) :func:`composable.afw_leakage_bound` at ε = 0, at its cap (ε ≥ 1, never reached by an audited ε_comp) and
    at interior ε against the Alicki–Fannes–Winter formula computed independently (``afw_known_answers``).
    A miss is an evaluator defect: inconclusive, and it withholds every refutation of this claim.
    """
    ev = known_answers
    grouping, iid = ev["grouping"]["rows"], ev["iid_infidelity"]["rows"]
    one = ev["one_world_records"]
    afw = ev["afw"]["rows"]
    misses = ([r["case"] for r in grouping if not r["ok"]] + [r["attack"] for r in iid if not r["ok"]]
              + [f"afw_leakage_bound({r['eps']:g})" for r in afw if not r["ok"]])
    if not one["ok"]:
        misses.insert(0, "one-world records")
    return Evidence(
        passed=True if ev["ok"] else None,
        observed={"one_world_records": {k: one[k] for k in ("brute_force_exact_support", "brute_force",
                                                           "pair_distance", "supports_disjoint")},
                  "grouping": {r["case"]: r["value"] for r in grouping},
                  "iid_infidelity": {r["attack"]: r["deficit"] for r in iid},
                  "afw_leakage_bound": {f"{r['eps']:g}": r["value"] for r in afw}, "misses": misses},
        expected=("one-world records: D = ½ (brute force with and without float residues, exact evaluator); "
                  "grouping: 0 (N = 2, empty), 1 (blocks revealing Σx), 0 (revealing only (Σx mod 2, x_0)), "
                  "D = 0 / 1 under intercept-resend on node 0 / node 1; iid_use: 1 − F = 1 − Σ|⟨GHZ|K|GHZ⟩|² = "
                  "r·(2^N − 1)/2^(N−1), and 0, 0.2, ½, ½, ¾ where known; afw_leakage_bound: 0 at ε = 0, 1 at "
                  "ε ∈ {0.5, 1, 2}, min(1, ε + (1 + ε)·h(ε/(1 + ε))) at ε ∈ {0.01, 0.1}"),
        tolerance=ctx.tol.dense, instances=1 + len(grouping) + len(iid) + len(afw), data=ev,
        detail=("Evaluator checks (tool checks, not verdicts on the paper) for branches the finding checks never "
                "reach: a record present in one world only (the brute force's zero block), an empty grouping, a "
                "grouping by Σx instead of its parity (on real attacks the two give the same value: ω(x) is ω(0) "
                "with its blocks permuted by x, so only synthetic blocks through the composable.use_blocks seam "
                "separate them), and the infidelity of an i.i.d. attack. Exact cancellations leave float residues "
                f"(record weights ~1e-34) that the brute force keeps as records; records of weight ≤ "
                f"{RECORD_RESIDUE:g} are dropped for (a), and the plain brute force must agree."
                + ("" if ev["ok"] else f" Missed: {'; '.join(misses)}.")))


@CLAIM.check("fuzz")
def fuzz_single_copy_advantage(ctx: Any) -> Evidence:
    """Hypothesis over (N, m ≤ 10^7): the exact single-copy advantage is 1/4 at every m.

    The refutation rests on this holding at every m, not only at the swept ones: a counterexample withholds it
    (inconclusive, like the other validations of this claim), it does not refute anything by itself.
    """
    from dataclasses import replace

    from qproofs.fuzz import fuzz_evidence

    ev = fuzz_evidence(ctx, PROPERTY)
    if ev.passed is False:
        return replace(ev, passed=None, detail=ev.detail + " A counterexample: the finding is not universal in m, "
                                                           "so no refutation rests on it.")
    return ev


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "vga-composable-advantage", CLAIM.id, strategy="qproofs.fuzz.vga:composable_instances", slack="qproofs.fuzz.vga:composable_slack", tol=TOL.dense,
    statement="The single-copy intercept-resend advantage is exactly 1/4 at every m ≤ 10^7 (N ∈ {2, 3}): the finding does not fade with m.")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[single_copy_attack_vs_composed_epsilon, iid_attacks_vs_composed_epsilon,
                     eve_information_beyond_sums])
def vacuous_per_use_epsilon() -> Iterator[None]:
    """The sampling certificate claimed as ε(m, δ) = 1: a composed bound that certifies nothing."""
    with mock.patch.object(composable, "PER_USE_EPSILON", lambda m, delta: 1.0):
        yield


@CLAIM.mutant(kills=[single_copy_attack_vs_composed_epsilon, iid_attacks_vs_composed_epsilon,
                     eve_information_beyond_sums, fuzz_single_copy_advantage])
def eve_forgets_environment() -> Iterator[None]:
    """Eve's view omits her environment (only public bits): no attack can then tell equal-sum inputs apart."""
    with mock.patch.object(composable, "EVE_KEEPS_ENVIRONMENT", False):
        yield


def first_half(total: int, tested: int, rng: np.random.Generator) -> tuple[int, ...]:
    return tuple(range(tested))


@CLAIM.mutant(kills=[executed_runs_match_exact])
def tested_half_not_random() -> Iterator[None]:
    """The executed protocol always tests the first half of the copies (Eve's copy 0 never escapes)."""
    with mock.patch.object(composable, "CHOOSE_TESTED", first_half):
        yield


@CLAIM.mutant(kills=[copies_accounted])
def two_tested_per_encoded() -> Iterator[None]:
    """Three copies distributed per encoded copy (2m tested): not the paper's factor-2 overhead."""
    with mock.patch.object(composable, "TESTED_PER_ENCODED", 2):
        yield



@CLAIM.mutant(kills=[pair_distance_at_size_limit])
def attacked_copies_limit_three() -> Iterator[None]:
    """The exact evaluator refuses 4 attacked copies (its limit read as < 4; public ``composable.pair_distance``)."""
    orig = composable.pair_distance

    def limited(n: int, m: int, attacked: Any) -> dict[str, float]:
        from qproofs.errors import InvalidParameter

        if len(attacked) >= 4:
            raise InvalidParameter("attacked", "at most 3 attacked copies", len(attacked))
        return orig(n, m, attacked)

    with mock.patch.object(composable, "pair_distance", limited):
        yield


@CLAIM.mutant(kills=[public_bits_reveal_only_the_sum])
def public_view_keeps_environment() -> Iterator[None]:
    """Eve's environment is never traced out (public ``composable.use_blocks`` ignores ``keep_environment``)."""
    orig = composable.use_blocks
    with mock.patch.object(composable, "use_blocks",
                           lambda psi, n, inputs, keep_environment=None: orig(psi, n, inputs, True)):
        yield


# Round-4 mutation survivors (benchmarks/mutation.md): each class, replayed through a public or private seam.
FINDINGS = [single_copy_attack_vs_composed_epsilon, iid_attacks_vs_composed_epsilon, eve_information_beyond_sums]


class _MisshapedZero(dict):
    """Records of one world whose missing records read as a K × K × K zero block (not K × K)."""

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return np.zeros(default.shape[:1] * 3, dtype=complex)


@CLAIM.mutant(kills=[evaluator_known_answers, *FINDINGS])
def one_world_record_zero_misshaped() -> Iterator[None]:
    """The brute force's zero block for a record present in one world only is K × K × K (private ``_branch_blocks``)."""
    orig = composable._branch_blocks
    with mock.patch.object(composable, "_branch_blocks", lambda *a: _MisshapedZero(orig(*a))):
        yield


def _grouping(key: Any, empty: float) -> Any:
    """``depends_only_on_sum_and_x0`` with another grouping key and value for an empty grouping."""
    from itertools import product

    from qproofs.protocols import vga

    def deviation(n: int, kraus: list[np.ndarray]) -> float:
        psi = vga.distribute(n, kraus)
        by_key: dict[Any, list[np.ndarray]] = {}
        for xs in product((0, 1), repeat=n):
            by_key.setdefault(key(xs), []).append(composable.use_blocks(psi, n, np.array(xs)))
        return max((vga.blocks_distance(bs[0], b) for bs in by_key.values() for b in bs[1:]), default=empty)

    return deviation


@CLAIM.mutant(kills=[evaluator_known_answers, *FINDINGS])
def empty_grouping_reads_one() -> Iterator[None]:
    """An empty grouping (N = 2: no two inputs share (Σx mod 2, x_0)) reported as deviation 1, not 0."""
    with mock.patch.object(composable, "depends_only_on_sum_and_x0",
                           _grouping(lambda xs: (sum(xs) % 2, xs[0]), 1.0)):
        yield


@CLAIM.mutant(kills=[evaluator_known_answers, *FINDINGS])
def grouping_by_sum_not_parity() -> Iterator[None]:
    """Inputs grouped by (Σx, x_0) instead of (Σx mod 2, x_0): a dependence on Σx beyond its parity goes unseen."""
    with mock.patch.object(composable, "depends_only_on_sum_and_x0", _grouping(lambda xs: (sum(xs) * 2, xs[0]), 0.0)):
        yield


@CLAIM.mutant(kills=[evaluator_known_answers, *FINDINGS])
def afw_cap_reads_zero() -> Iterator[None]:
    """``afw_leakage_bound`` returns 0 (not 1) for ε ≥ 1 (round-5 survivor; public ``composable.afw_leakage_bound``)."""
    orig = composable.afw_leakage_bound
    with mock.patch.object(composable, "afw_leakage_bound", lambda eps: 0.0 if eps >= 1 else orig(eps)):
        yield


@CLAIM.mutant(kills=[evaluator_known_answers, *FINDINGS])
def iid_infidelity_reads_one() -> Iterator[None]:
    """``iid_use`` reports the infidelity as 1 ** F = 1 whatever the attack (public ``composable.iid_use``)."""
    from dataclasses import replace

    orig = composable.iid_use
    with mock.patch.object(composable, "iid_use", lambda n, kraus: replace(orig(n, kraus), deficit=1.0)):
        yield
