"""``holevo.ea-capacity`` (Section 3.2, Appendix A.2, ref [4]): at most 2 bits per qubit, entanglement-assisted.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property; its mutants.
The physics is in :mod:`qproofs.protocols.ea_coding` (encoded ensembles, χ and the terms of the bound
chain, random and optimised searches) and :mod:`qproofs.symbolic.holevo` (the chain in sympy, the exact
Bell ensemble); the fuzz strategy in :mod:`qproofs.fuzz.ring`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np
import sympy as sp

from qproofs.certificates import identity_certificates
from qproofs.claims import Claim, Evidence
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import ea_coding
from qproofs.quantum import capacity as _capacity
from qproofs.quantum import channels as _channels
from qproofs.quantum import measures
from qproofs.quantum import states as _states
from qproofs.quantum.channels import apply_kraus
from qproofs.symbolic import holevo as sym_holevo
from qproofs.tolerance import TOL

from . import _domain
from ._certs import box_vertices_table

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "holevo.ea-capacity", ref="Section 3.2, Appendix A.2, ref [4]", section="3", scope="exact",
    title="Entanglement-assisted Holevo bound: at most 2 bits per qubit",
    statement=("For any state ρ_AB with A a qubit and any ensemble of encodings {p_x, E_x} acting on A alone, the "
               "Holevo quantity of {p_x, (E_x⊗id)(ρ_AB)} is at most 2 bits; superdense coding attains exactly 2."),
    # ea_capacity_bits: the claimed bound (bits per qubit sent); unassisted_bits: Holevo's log₂ d_A = 1,
    # which the searches must respect when B is trivial (d_B = 1, no entanglement).
    paper={"ea_capacity_bits": 2, "unassisted_bits": 1},
    # ------------------------------------------------------- parameters ---
    # search_instances: random (ρ_AB, encodings) of the search; optimise_d_B: one L-BFGS-B maximisation
    # of χ per entry (the dimension of B).
    params={
        "quick": {"qutip_instances": 6, "search_instances": 60, "optimise_d_B": (1, 2), "fuzz_examples": 30},
        "standard": {"qutip_instances": 24, "search_instances": 600, "optimise_d_B": (1, 2, 3, 4, 2, 3), "fuzz_examples": 200},
        "deep": {"qutip_instances": 24, "search_instances": 600, "optimise_d_B": (1, 2, 3, 4, 2, 3), "fuzz_examples": 2000},
    },
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("symbolic")
def symbolic_bound_chain(ctx: Any) -> Evidence:
    """χ ≤ S(A)+S(B)−S(AB) ≤ S(A)+Σp S(A_x) ≤ 2 (subadditivity, Araki–Lieb; S_B cancels), sympy.

    ``bound_chain``'s own exact comparison with ``ea_coding.EA_CAPACITY_BITS`` (the module constant it reads) gets
    negative controls: with the constant patched to 1 and to 4 its ``equal`` must be False (else inconclusive).
    """
    c = sym_holevo.bound_chain()
    claimed = sp.nsimplify(ctx.paper["ea_capacity_bits"])
    ok = bool(c["S_B_cancels"]) and bool(sp.simplify(c["maximum"] - claimed) == 0)
    # negative controls of bound_chain's own comparison (round-5 survivor holevo.py:77, maximum − C → maximum % C):
    # it must accept C = 2 and reject a halved (1) and a doubled (4) capacity; a miss is an evaluator defect
    controls = {"2": c["equal"] is True}
    for wrong in (1, 4):
        with mock.patch.object(ea_coding, "EA_CAPACITY_BITS", wrong):  # how bound_chain is parametrised
            controls[str(wrong)] = sym_holevo.bound_chain()["equal"] is False
    passed = (True if all(controls.values()) else None) if ok else False
    # issue 12: the chain's end at the box's vertices, as an exact table the independent checker re-evaluates
    sA, tA = sp.symbols("S_A S_Ax", nonnegative=True)
    rows = [(a, t, sp.Rational(c["after_araki_lieb"].subs({sA: a, tA: t}))) for a in (0, 1) for t in (0, 1)]
    return Evidence(passed=passed, observed={"after_araki_lieb": str(c["after_araki_lieb"]),
                                             "maximum": str(c["maximum"]), "equal_controls": controls},
                    expected={"claimed": str(claimed), "equal_controls": "C = 2 accepted, C = 1 and 4 rejected"},
                    tolerance="exact", instances=1,
                    certificate=box_vertices_table(rows, sp.Rational(claimed), claim=CLAIM.id,
                                                   check="symbolic_bound_chain"),
                    detail=f"subadditive bound {c['subadditive']}; S(AB_x) ≥ S(B) − S(A_x); max over S_A, S_Ax ∈ [0, 1]")


def bell_ensemble_pairs() -> list[tuple[Any, Any]]:
    """Identities that fix the Bell ensemble's exact entropies (issue 12), each entry an unevaluated sum.

    (Σ_x σ_x)/4 = I/4 (the average is maximally mixed: S = 2), and for each x: σ_x² = σ_x and tr σ_x = 1
    (a rank-one projector: S(σ_x) = 0); hence χ = 2 − 0. σ_x = ψ_x ψ_x† from the exact encoded states.
    """
    from qproofs.symbolic.superdense import encoded_states

    sig = [psi * psi.H for psi in encoded_states().values()]
    rng4 = range(4)
    avg = sp.ImmutableMatrix(4, 4, lambda i, j: sp.Mul(sp.Rational(1, 4),
                                                        sp.Add(*[s[i, j] for s in sig], evaluate=False),
                                                        evaluate=False))
    pairs: list[tuple[Any, Any]] = [(avg, sp.eye(4) / 4)]
    for s in sig:
        sq = sp.ImmutableMatrix(4, 4, lambda i, j, s=s: sp.Add(*[sp.Mul(s[i, k], s[k, j], evaluate=False)
                                                                 for k in rng4], evaluate=False))
        pairs += [(sq, sp.ImmutableMatrix(s)), (sp.Add(*[s[k, k] for k in rng4], evaluate=False), sp.Integer(1))]
    return pairs


@CLAIM.check("symbolic")
def bell_ensemble_exact(ctx: Any) -> Evidence:
    """Superdense ensemble: S(average) = 2, S(σ_x) = 0, χ = 2 exactly; the numeric χ agrees."""
    e = sym_holevo.bell_ensemble_chi()
    p, rho, d_b, chans = ea_coding.superdense_ensemble()
    num = ea_coding.ensemble_report(p, rho, d_b, chans).chi
    claimed = sp.nsimplify(ctx.paper["ea_capacity_bits"])
    ok = sp.simplify(e["chi"] - claimed) == 0 and abs(num - float(claimed)) <= ctx.tol.dense
    return Evidence(passed=ok, observed={k: str(v) for k, v in e.items()} | {"numeric_chi": num},
                    expected={"chi": str(claimed)}, tolerance=f"exact (sympy); {ctx.tol.dense:g} (numeric χ)",
                    certificate=identity_certificates(bell_ensemble_pairs(), claim=CLAIM.id,
                                                      check="bell_ensemble_exact"),
                    instances=1, detail="exact eigenvalues of the average state (I/4) and of the four pure encoded states")


@CLAIM.check("simulation")
def random_search(ctx: Any) -> Evidence:
    """Random ρ_AB (d_B ≤ 4, pure and mixed), unitary / CPTP / Pauli encodings, plus L-BFGS maximisation: max χ ≤ 2."""
    tol = ctx.tol.dense
    cap = ctx.paper["ea_capacity_bits"]
    reports = ea_coding.random_search(ctx.rng("search"), ctx.params.search_instances)
    coverage = search_coverage(reports, ctx.params.search_instances)
    opt_rng = ctx.rng("optimise")
    optimised = [ea_coding.optimise_chi(opt_rng, d_b) for d_b in ctx.params.optimise_d_B]
    reports += optimised
    best = max(reports, key=lambda r: r.chi)
    by_kind: dict[str, Any] = {k: max(r.chi for r in reports if r.kind == k) for k in (*ea_coding.KINDS, "optimised")}
    by_kind["optimised_by_d_B"] = {str(r.d_b): max(o.chi for o in optimised if o.d_b == r.d_b) for r in optimised}
    chain_bad = [r for r in reports if not r.chain_holds(tol)]
    # without entanglement (d_B = 1) the plain Holevo bound log₂ 2 = 1 applies: the detail below says so, so check it
    unassisted = max((r.chi for r in reports if r.d_b == 1), default=math.nan)
    # tightness (issue 11): the claim says superdense coding attains the bound, so the best ensemble known —
    # the search's maximum or the superdense ensemble, evaluated by the same χ — must reach it (a bound
    # claimed looser fails); the optimiser's ratio χ/cap per d_B is reported as how closely a search approaches it
    bell_report = ea_coding.ensemble_report(*ea_coding.superdense_ensemble())
    bell = bell_report.chi
    attained = max(best.chi, bell)
    # the chain's last link is tight: the Bell ensemble's Araki–Lieb bound is EA_CAPACITY_BITS (= 2·log₂ d_A)
    # exactly, so a chain ending at a looser constant fails here (issue 11)
    chain_end_tight = abs(bell_report.araki_lieb_bound - ea_coding.EA_CAPACITY_BITS) <= tol
    opt_ratio = {k: v / cap for k, v in by_kind["optimised_by_d_B"].items()}
    ok = (best.chi <= cap + tol and attained >= cap - tol and not chain_bad
          and unassisted <= ctx.paper["unassisted_bits"] + tol)
    # a chain ending off its attained value, or a search missing a cell of its stated range (issue 11), is a
    # defect of the tool, not a refutation of the paper: inconclusive
    passed = False if not ok else (True if chain_end_tight and coverage["ok"] else None)
    return Evidence(passed=passed, observed={"max_chi": best.chi, "by_kind": by_kind, "chain_failures": len(chain_bad),
                                             "max_chi_d_B=1": unassisted, "attained": attained,
                                             "bell_araki_lieb": bell_report.araki_lieb_bound,
                                             "chain_end_tight": chain_end_tight, "coverage": coverage},
                    data={"ratio": best.chi / cap, "margin": cap - best.chi, "attained_ratio": attained / cap,
                          "optimised_ratio_by_d_B": opt_ratio,
                          "unassisted_ratio": unassisted / ctx.paper["unassisted_bits"]},
                    expected=f"χ ≤ {cap}, attained", tolerance=tol, instances=len(reports),
                    counterexample=None if ok else {"kind": best.kind, "d_b": best.d_b, "chi": best.chi},
                    detail=("each instance also checks χ ≤ subadditive bound ≤ Araki–Lieb bound ≤ 2; the optimiser "
                            "maximises χ over pure ρ_AB, 4 unitary encodings and p (d_B = 1, i.e. no entanglement, "
                            "tops out at 1 bit)"))


SEARCH_MAX_D_B = 4
"""The d_B range 1..4 of ``ea_coding.random_search`` as the claim calls it (its default; Pauli kind: 2..4)."""


class _RangeRecorder(np.random.Generator):
    """A Generator recording the (low, high) of every ``integers`` call (its draws are a plain Generator's)."""

    def __init__(self, seed: int) -> None:
        super().__init__(np.random.PCG64(seed))
        self.calls: list[tuple[Any, Any]] = []

    def integers(self, low: Any, high: Any = None, *a: Any, **k: Any) -> Any:  # type: ignore[override]
        self.calls.append((low, high))
        return super().integers(low, high, *a, **k)


def search_coverage(reports: list[Any], instances: int, max_d_b: int = SEARCH_MAX_D_B) -> dict[str, Any]:
    """Every (kind, d_B) cell of the search's stated range drawn, with the counts (issue 11: coverage asserted).

    The cells: d_B ∈ 1..max_d_b (Pauli 2..max_d_b), kinds in turn. Asserted only when the chance that a correct
    search misses a cell, Σ_kinds cells·(1 − 1/cells)^n_kind, is ≤ 1e-6 (standard: 600 instances, ~1e-24; quick's 60
    instances report the counts unasserted). The search's d_B draw range is also read off directly, on a recorded
    3-instance search with an odd range (max_d_b = 3; a stream of its own): each kind asks for exactly its range.
    """
    counts: dict[str, int] = {}
    for r in reports:
        counts[f"{r.kind}:{r.d_b}"] = counts.get(f"{r.kind}:{r.d_b}", 0) + 1
    lows = {k: (2 if k == "pauli" else 1) for k in ea_coding.KINDS}
    cells = [f"{k}:{d}" for k in ea_coding.KINDS for d in range(lows[k], max_d_b + 1)]
    per_kind = instances // len(ea_coding.KINDS)
    miss_bound = sum((max_d_b + 1 - lo) * (1 - 1 / (max_d_b + 1 - lo)) ** per_kind for lo in lows.values())
    missing = [c for c in cells if c not in counts]
    rec = _RangeRecorder(0)
    ea_coding.random_search(rec, 3, max_d_b=3)
    asked = [rec.calls[i] for i in range(0, len(rec.calls), 3)][:3] if rec.calls else []
    want = [(lows[k], 4) for k in ea_coding.KINDS]
    range_ok = [tuple(int(v) for v in c) for c in asked] == want
    asserted = miss_bound <= 1e-6
    return {"ok": range_ok and (not missing or not asserted), "counts": counts, "missing": missing,
            "asserted": asserted, "miss_probability_bound": miss_bound, "d_b_range_asked": asked,
            "d_b_range_expected": want}


def qutip_report(probs: Any, rho_ab: np.ndarray, d_b: int, channels: Any) -> tuple[float, float, float]:
    """(χ, subadditive bound, Araki–Lieb bound) recomputed with qutip: Kraus maps, partial traces, entropies."""
    import qutip

    dims = [[2, d_b], [2, d_b]]
    rho = qutip.Qobj(rho_ab, dims=dims)
    eye_b = qutip.qeye(d_b)
    sig = [sum((qutip.tensor(qutip.Qobj(K), eye_b) * rho * qutip.tensor(qutip.Qobj(K), eye_b).dag() for K in kraus),
               0 * rho) for kraus in channels]
    avg = sum((float(p) * x for p, x in zip(probs, sig, strict=True)), 0 * rho)

    def S(x: Any) -> float:
        return float(qutip.entropy_vn(x, base=2))
    mean_s = sum(float(p) * S(x) for p, x in zip(probs, sig, strict=True))
    s_a, s_b = S(avg.ptrace(0)), S(avg.ptrace(1))
    al = s_a + s_b - sum(float(p) * (S(x.ptrace(1)) - S(x.ptrace(0))) for p, x in zip(probs, sig, strict=True))
    return S(avg) - mean_s, s_a + s_b - mean_s, al


@CLAIM.check("simulation")
def evaluator_matches_qutip(ctx: Any) -> Evidence:
    """χ and the chain's terms (``ea_coding.ensemble_report``) against qutip on every kind and d_B (issue 11)."""
    rng = ctx.rng("qutip")
    worst, rows = 0.0, []
    cases = [("superdense", 2)] + [(ea_coding.KINDS[t % 3], 1 + t % 4) for t in range(ctx.params.qutip_instances)]
    for kind, d_b in cases:
        if kind == "superdense":
            probs, rho, d_b, chans = ea_coding.superdense_ensemble()
        else:
            d_b = max(d_b, 2) if kind == "pauli" else d_b
            rho, probs, chans = ea_coding.random_instance(rng, kind, d_b, int(rng.integers(1, 6)),
                                                          pure=bool(rng.integers(0, 2)))
        r = ea_coding.ensemble_report(probs, rho, d_b, chans, kind)
        q = qutip_report(probs, rho, d_b, chans)
        gap = max(abs(a - b) for a, b in zip((r.chi, r.subadditive_bound, r.araki_lieb_bound), q, strict=True))
        worst = max(worst, gap)
        rows.append({"kind": kind, "d_b": d_b, "chi": r.chi, "chi_qutip": q[0], "gap": gap})
    bad = next((r for r in rows if r["gap"] > ctx.tol.dense), None)
    return Evidence(passed=bad is None, observed={"max_gap": worst}, expected=0.0, tolerance=ctx.tol.dense,
                    instances=len(rows), counterexample=bad, data={"rows": rows[:12]},
                    detail="independent path: qutip Kraus application, ptrace and entropy_vn (base 2); the superdense "
                           "ensemble and random unitary / CPTP / Pauli instances, d_B = 1..4, pure and mixed")


REFERENCE_CASES = (("superdense", 2, 4, True), ("unitary", 3, 3, False), ("cptp", 3, 2, True), ("pauli", 3, 4, False))
"""(kind, d_B, encodings, pure) of the ensembles :func:`batched_matches_reference` evaluates both ways (small: ms)."""


@CLAIM.check("simulation")
def batched_matches_reference(ctx: Any) -> Evidence:
    """The batched chain (``ea_coding.ensemble_report``) equals its one-matrix-at-a-time reference.

    :func:`ea_coding.ensemble_report_reference` applies qproofs' ``partial_trace`` / ``von_neumann_entropy`` to
    each σ_x in turn; the batched path computes the same entropies in three stacked eigen-decompositions (issue 14).
    Same quantities by two code paths, so they agree to ``TOL.dense``; a disagreement is a tool defect
    (``inconclusive``), not a refutation of the bound. Every kind at d_B = 2 or 3 (the subsystems differ, so a
    swapped partial trace shows), once per run.
    """
    rng = ctx.rng("reference")
    worst, rows = 0.0, []
    for kind, d_b, m, pure in REFERENCE_CASES:
        if kind == "superdense":
            probs, rho, d_b, chans = ea_coding.superdense_ensemble()
        else:
            rho, probs, chans = ea_coding.random_instance(rng, kind, d_b, m, pure=pure)
        fast = ea_coding.ensemble_report(probs, rho, d_b, chans, kind)
        ref = ea_coding.ensemble_report_reference(probs, rho, d_b, chans, kind)
        pairs = [(fast.chi, ref.chi), (fast.subadditive_bound, ref.subadditive_bound),
                 (fast.araki_lieb_bound, ref.araki_lieb_bound)]
        gap = max(abs(a - b) for a, b in pairs)
        worst = max(worst, gap)
        rows.append({"kind": kind, "d_b": d_b, "chi": fast.chi, "araki_lieb": fast.araki_lieb_bound,
                     "araki_lieb_reference": ref.araki_lieb_bound, "gap": gap})
    tol = ctx.tol.dense
    bad = next((r for r in rows if not r["gap"] <= tol), None)
    return Evidence(passed=None if bad else True, observed={"max_gap": worst}, expected=0.0, tolerance=tol,
                    instances=len(rows), counterexample=bad, data={"rows": rows},
                    detail=("χ, subadditive and Araki–Lieb bounds by the batched and the per-matrix paths; a gap above "
                            "the tolerance makes the check inconclusive (tool defect), never refuted"))


# ---------------------------------------------------------- fuzz property ---

PROPERTY = Property(
    "ea-holevo-at-most-2", CLAIM.id, strategy="qproofs.fuzz.ring:holevo_instances",
    slack="qproofs.fuzz.ring:holevo_slack", tol=TOL.dense,
    statement="χ of any qubit encoding of a shared state ρ_AB is at most 2 bits",
)


@CLAIM.check("fuzz")
def fuzz_holevo(ctx: Any) -> Evidence:
    """Hypothesis over (seed, kind, d_B, #encodings, purity): claimed capacity − χ ≥ −tol."""
    from qproofs.fuzz import fuzz_evidence
    from qproofs.fuzz import ring as fuzz_ring

    slack = functools.partial(fuzz_ring.holevo_slack, capacity=ctx.paper["ea_capacity_bits"])
    return fuzz_evidence(ctx, dataclasses.replace(PROPERTY, slack=slack))


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[symbolic_bound_chain, bell_ensemble_exact, random_search, fuzz_holevo],
              paper={"ea_capacity_bits": 1.9})
def holevo_bound_claimed_1_9() -> None:
    """The EA capacity claimed as 1.9 bits per qubit."""


@CLAIM.mutant(kills=[random_search, fuzz_holevo, evaluator_matches_qutip])
def holevo_without_conditional_term() -> Iterator[None]:
    """χ computed as S(Σ p_x σ_x), forgetting − Σ p_x S(σ_x) (the name ``ea_coding.holevo_quantity``)."""
    with mock.patch.object(ea_coding, "holevo_quantity",
                           lambda p, states: measures.von_neumann_entropy(sum(px * s for px, s in zip(p, states,
                                                                                                      strict=True)))):
        yield


@CLAIM.mutant(kills=[symbolic_bound_chain, bell_ensemble_exact, random_search], paper={"ea_capacity_bits": 3})
def holevo_bound_claimed_3() -> None:
    """EA capacity claimed as 3 bits (a loose bound that forgets Araki–Lieb); the derivation gives 2."""


@CLAIM.mutant(kills=[batched_matches_reference])
def reference_traces_wrong_half() -> Iterator[None]:
    """The reference path keeps the other subsystem in each partial trace (``ea_coding.partial_trace``)."""
    orig = ea_coding.partial_trace
    with mock.patch.object(ea_coding, "partial_trace", lambda rho, dims, keep: orig(rho, dims, [1 - keep[0]])):
        yield


@CLAIM.mutant(kills=[bell_ensemble_exact, random_search])
def encoding_touches_bob() -> Iterator[None]:
    """Encodings that also shift Bob's half (E_x ⊗ S^x): the Araki–Lieb step no longer closes (public ``ea_coding.encoded_ensemble``)."""
    def leaky(rho_ab: np.ndarray, d_b: int, channels: Any) -> list[np.ndarray]:
        shift = np.roll(np.eye(d_b), 1, axis=0)
        return [apply_kraus(rho_ab, [np.kron(K, np.linalg.matrix_power(shift, x)) for K in kraus])
                for x, kraus in enumerate(channels)]
    with mock.patch.object(ea_coding, "encoded_ensemble", leaky):
        yield


@CLAIM.mutant(kills=[random_search])
def chain_ends_loose() -> Iterator[None]:
    """The chain's last link at 3 bits (``ea_coding.EA_CAPACITY_BITS``; no ensemble ever fails ≤ 3): tightness kills it."""
    with mock.patch.object(ea_coding, "EA_CAPACITY_BITS", 3):
        yield


@CLAIM.mutant(kills=[random_search])
def search_skips_largest_d_b() -> Iterator[None]:
    """The search never draws d_B = max_d_b (``rng.integers(1, max_d_b)``): the coverage assertion kills it."""
    orig = ea_coding.random_search

    def narrow(rng: Any, instances: int, max_d_b: int = 4) -> Any:
        return orig(rng, instances, max_d_b - 1)
    with mock.patch.object(ea_coding, "random_search", narrow):
        yield


_BOUND_CHAIN = sym_holevo.bound_chain


def _bound_chain_modulo() -> dict[str, object]:
    """``bound_chain`` comparing by ``maximum % C == 0`` (round-5 survivor holevo.py:77): a halved C passes."""
    c = _BOUND_CHAIN()
    return {**c, "equal": sp.simplify(c["maximum"] % sp.nsimplify(ea_coding.EA_CAPACITY_BITS)) == 0}


@CLAIM.mutant(kills=[symbolic_bound_chain])
def bound_chain_compares_modulo() -> Iterator[None]:
    """``sym_holevo.bound_chain`` declares the maximum equal to any C dividing it (the negative controls kill it)."""
    with mock.patch.object(sym_holevo, "bound_chain", _bound_chain_modulo):
        yield


# ----------------------------------------------------------- input domain ---


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The modules refuse every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.EA_CODING_EDGES + _domain.QUANTUM_EDGES, "qproofs.protocols.ea_coding and qproofs.quantum (states, measures, channels, capacity)")


@CLAIM.mutant(kills=[input_domain])
def ea_coding_and_quantum_forget_their_guards() -> Iterator[None]:
    """The modules validate nothing (``require`` a no-op in ea_coding and quantum.states / measures / channels / capacity)."""
    with forget_guards(ea_coding, _states, measures, _channels, _capacity):
        yield
