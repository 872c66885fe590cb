"""``vga.eve-attacks`` (Sections 4.1, 4.3, beyond the paper): no attack gains information without being rejected.

Anatomy: the claim; its parameters per profile; its checks; its mutants. The
physics is in :mod:`qproofs.protocols.attacks` (Kraus maps of Eve's attacks),
:mod:`qproofs.protocols.vga` (Eve's Holevo information beyond the sum, the
information–disturbance bound) and :mod:`qproofs.protocols.stabilizer` (exact rejection).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import attacks, stabilizer, vga
from qproofs.quantum.states import ghz
from qproofs.tolerance import TOL

from . import _domain
from ._brute import collective_point

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "vga.eve-attacks", ref="Sections 4.1, 4.3 (beyond the paper)", section="4", scope="exact",
    title="No attack on the GHZ distribution gains information without being rejected",
    statement=("For intercept-resend, CNOT copy and partial entangling probes of strength t on the qubits in "
               "transit, on one or two nodes' qubits, and for a probe entangled across two copies (collective): Eve's information about a single node's input beyond the sum (Holevo quantity of her "
               "system and the broadcasts) against the test's rejection probability; every attack is rejected with "
               "probability ≥ (1−F)/2, and its leakage is bounded by a function of the rejection probability that "
               "vanishes with it."),
    uses=("vga.stabilizer-detection", "prop1.monotone"),
    caveats=("The trade-off bound used: 1 − F = r·(2^N−1)/2^{N−1}, ε = √(1−F), leakage ≤ ε·log|𝒳| + "
             "(1+ε)·h(ε/(1+ε)) (Alicki–Fannes–Winter); it vanishes as r → 0 but is informative (below H(X_i|S)) "
             "only for weak attacks, and loose there (leak/bound per family in the evidence).",
             "Collective attacks: one probe across two copies only (exact for N ≤ 3); general coherent attacks "
             "across many copies are not enumerated."),
    paper={"detection_constant": 0.5},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"fuzz_examples": 20, "ns": (2, 3), "strengths": (0.05, 0.2, 0.5, 1.0), "collective_ns": (2,),
                      "collective_strengths": (0.01, 0.1, 0.3)},
            "standard": {"fuzz_examples": 40, "ns": (2, 3, 4), "strengths": (0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0),
                         "collective_ns": (2, 3), "collective_strengths": (0.01, 0.03, 0.1, 0.3, 1.0)},
            "deep": {"fuzz_examples": 500, "ns": (2, 3, 4), "strengths": (0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0),
                     "collective_ns": (2, 3), "collective_strengths": (0.01, 0.03, 0.1, 0.3, 1.0)}},
    seams={"leakage_bound": vga.leakage_bound_from_rejection,
           "two_qubit": lambda n, t: attacks.compose(attacks.partial_swap(n, 0, t), attacks.partial_swap(n, 1, t)),
           "collective": lambda n, t: attacks.collective_probe(n, t)},
)

PROBING_FAMILIES = ("partial-swap", "two-qubit swap (nodes 0, 1)", "collective probe (2 copies)",
                    "intercept-resend-X")
"""Families that read the qubits in the basis where the inputs' phases show: each must leak somewhere (the
Z-basis probes, CNOT copies and Y/Z intercepts learn nothing beyond the sum by construction)."""

FIGURE_N = 3
"""N of the trade-off bound curve drawn in the figure."""
FIGURE_REJECTIONS = np.linspace(0, 0.6, 31)
"""Rejection probabilities at which the figure draws the trade-off bound."""

# ----------------------------------------------------------------- checks ---


def _attack_grid(ctx: Any, n: int) -> Iterator[tuple[str, float, list[np.ndarray]]]:
    for t in ctx.params.strengths:
        yield "partial-probe", t, attacks.partial_probe(n, 0, t)
        yield "partial-swap", t, attacks.partial_swap(n, 0, t)
        yield "two-qubit swap (nodes 0, 1)", t, ctx.seam("two_qubit")(n, t)
    for basis in ("X", "Y", "Z"):
        yield f"intercept-resend-{basis}", 1.0, attacks.intercept_resend(n, 0, basis)
    yield "cnot-copy", 1.0, attacks.cnot_copy(n, (0,))


def _single_copy_rows(ctx: Any, leakage_bound: Any) -> list[dict[str, Any]]:
    rows = []
    for n in ctx.params.ns:
        for name, t, ks in _attack_grid(ctx, n):
            psi = vga.distribute(n, ks)
            F = vga.ghz_fidelity(psi, n)
            r = stabilizer.rejection_probability(vga.register_state(psi), n)
            rows.append({"N": n, "attack": name, "t": t, "copies": 1, "c_times_infidelity": [1 - F],
                         "p_reject": [r], "leak_bits": vga.eve_leakage(psi, n, 0), "bound": leakage_bound(r, n),
                         "h_cond": 1.0})
    return rows


def _collective_rows(ctx: Any, leakage_bound: Any) -> list[dict[str, Any]]:
    """One probe entangled across two copies: rejection per copy (marginal), bound from the summed rejection."""
    rows = []
    for n in ctx.params.collective_ns:
        g2 = np.kron(ghz(n), ghz(n))
        for t in ctx.params.collective_strengths:
            ks = ctx.seam("collective")(n, t)
            psi = np.stack([K @ g2 for K in ks], axis=1)
            marg = [vga.copy_marginal(psi, n, 2, k) for k in range(2)]
            rs = [stabilizer.rejection_probability(m, n) for m in marg]
            infid = [1 - float(np.real(ghz(n).conj() @ m @ ghz(n))) for m in marg]
            # joint infidelity ≤ Σ per-copy infidelities (union bound): the bound takes Σ r and |𝒳| = 2² inputs
            rows.append({"N": n, "attack": "collective probe (2 copies)", "t": t, "copies": 2,
                         "c_times_infidelity": infid, "p_reject": rs, "leak_bits": vga.eve_leakage_copies(psi, n, 2, 0),
                         "bound": leakage_bound(sum(rs), n, 4), "h_cond": 2.0,
                         "reference": collective_point(n, ks, 2)})
    return rows


def _reference_gap(rows: list[dict[str, Any]]) -> float:
    """Largest gap between the evaluators' (leak, 1 − F per copy) and the independent cq brute force (_brute)."""
    gaps = [max(abs(r["leak_bits"] - r["reference"]["leak_bits"]),
                *(abs(a - b) for a, b in zip(r["c_times_infidelity"], r["reference"]["infidelity"], strict=True)))
            for r in rows if "reference" in r]
    return max(gaps, default=0.0)


@CLAIM.check("simulation")
def information_disturbance_tradeoff(ctx: Any) -> Evidence:
    """Eve's information beyond the sum vs exact rejection: r ≥ (1−F)/2, leak ≤ bound(r); leak/bound reported.

    Single-qubit, two-qubit (nodes 0 and 1) and collective (one probe across two copies) attacks. The bound
    is informative only where it is below H(X|S) (1 bit per copy: inputs uniform, X_0 independent of the
    sum for N ≥ 2); rows at or above it are vacuous, counted apart, not evidence. Every family must leak
    something somewhere (else the attack set is hollow).
    """
    leakage_bound = ctx.seam("leakage_bound")
    c, tol = ctx.paper["detection_constant"], ctx.tol.dense
    rows = _single_copy_rows(ctx, leakage_bound) + _collective_rows(ctx, leakage_bound)
    for r in rows:
        r["vacuous"] = r["bound"] >= r["h_cond"]
        r["ratio"] = r["leak_bits"] / r["bound"] if r["bound"] > 0 else None
        r["ok"] = (all(p >= c * f - tol for p, f in zip(r["p_reject"], r["c_times_infidelity"], strict=True))
                   and r["leak_bits"] <= min(r["bound"], r["h_cond"]) + tol)
    fams = sorted({r["attack"].split(" t=")[0] for r in rows})
    hollow = [f for f in PROBING_FAMILIES if f in fams and max(r["leak_bits"] for r in rows if r["attack"] == f) <= tol]
    live = [r for r in rows if not r["vacuous"] and r["leak_bits"] > tol]
    by_fam = {f: {"rows": sum(1 for r in live if r["attack"] == f),
                  "leak_over_bound": [round(min(r["ratio"] for r in live if r["attack"] == f), 4),
                                      round(max(r["ratio"] for r in live if r["attack"] == f), 4)]}
              for f in fams if any(r["attack"] == f for r in live)}
    bad = next((r for r in rows if not r["ok"]), None)
    ref_gap = _reference_gap(rows)  # the collective probe's executed point pinned to an independent computation
    z_leak = _z_probe_leak()  # issue 11 (coverage): a known answer of the probe's Z-basis readout, 0 bits
    bound_gap = _bound_known_answer_gap(leakage_bound)  # round-6 survivor vga.py:632: the bound's exact values
    ref_gap = max(ref_gap, abs(z_leak), bound_gap)
    series = tuple(Series(f, tuple(sum(r["p_reject"]) for r in rows if r["attack"] == f),
                          tuple(r["leak_bits"] for r in rows if r["attack"] == f), kind="scatter") for f in fams)
    series += (Series(f"trade-off bound (N={FIGURE_N})", tuple(FIGURE_REJECTIONS),
                      tuple(min(1.0, leakage_bound(float(x), FIGURE_N)) for x in FIGURE_REJECTIONS)),)
    fig = Figure("info-vs-rejection", "Eve's information beyond the sum vs stabiliser-test rejection",
                 "P_reject (summed over copies)", "I(X_0 ; B E | S) (bits)", series)
    keep = ("N", "attack", "t", "p_reject", "leak_bits", "bound", "ratio", "vacuous")
    return Evidence(
        passed=(bad is None and not hollow) if ref_gap <= tol else None,
        observed={"attacks": len(rows), "informative_rows": len(live),
                  "vacuous_rows": sum(r["vacuous"] for r in rows),
                  "leak_over_bound_by_family": by_fam, "hollow_families": hollow,
                  "max_leak": max(r["leak_bits"] for r in rows), "collective_reference_gap": ref_gap,
                  "z_basis_probe_leak": z_leak, "bound_known_answer_gap": bound_gap},
        expected="r ≥ (1−F)/2 per copy and leak ≤ min(bound(r), H(X|S)) for every attack; every probing family leaks",
        tolerance=tol, instances=len(rows), figures=(fig,),
        counterexample=None if bad is None else {k: bad[k] for k in keep},
        data={"rows": [{k: r[k] for k in keep} for r in rows][:120]},
        caveats=(f"{sum(r['vacuous'] for r in rows)} of {len(rows)} rows have bound ≥ H(X|S) and pass trivially; "
                 "on the informative rows the bound is loose by the factors leak/bound above.",),
        detail=("Inputs uniform bits; Eve holds the Stinespring environment of her attack and all broadcasts; "
                "leakage = I(X_0 ; B E | Σ x mod 2) per copy (collective: about both copies' X_0 given both sums), "
                "exact. Hollowness test on PROBING_FAMILIES. The collective probe's point (leakage, per-copy "
                "infidelity) equals an independent cq brute force (checks/sec4/_brute.py) within "
                f"{tol:g}: max gap {ref_gap:.1e}; a disagreement is a tool defect (inconclusive). Known answers: the "
                "collective probe reading Z (N = 2, t = 1) leaks 0 bits (the inputs are Z phases); the trade-off "
                "bound at four (r, N, |X|) points, ε = 1/2 and ε = 1 among them, equals the formula written out."))


BOUND_KNOWN_POINTS = ((0.25, 1, 2), (0.01, 3, 2), (0.1, 2, 4), (0.9, 2, 2))
"""(r, N, |X|) at which :func:`_bound_known_answer_gap` evaluates the trade-off bound: ε = 1/2 (N = 1, r = 1/4),
the docstring's point, a four-letter alphabet, and a rejection past the cap (1 − F = 1, ε = 1: log₂|X| + 2)."""


def _bound_known_answer_gap(leakage_bound: Any) -> float:
    """Largest |bound(r, N, |X|) − formula| over :data:`BOUND_KNOWN_POINTS`, the formula written out here.

    ε² = min(1, r·(2^N − 1)/2^{N−1}), bound = ε·log₂|X| + (1 + ε)·h(ε/(1 + ε)) with h the binary entropy
    (Alicki–Fannes–Winter, Winter 2016 Lemma 2). The audited rows test the bound only as an upper bound on the
    leakage, so a bound lowered inside its formula (round-6 survivor: (1 + ε) → ε) went unseen.
    """
    def h(p: float) -> float:
        return 0.0 if p in (0.0, 1.0) else -p * math.log2(p) - (1 - p) * math.log2(1 - p)

    gap = 0.0
    for r, n, letters in BOUND_KNOWN_POINTS:
        eps = math.sqrt(min(1.0, r * (2**n - 1) / 2 ** (n - 1)))
        want = eps * math.log2(letters) + (1 + eps) * h(eps / (1 + eps))
        gap = max(gap, abs(float(leakage_bound(r, n, letters)) - want))
    return gap


def _z_probe_leak() -> float:
    """Leakage of ``attacks.collective_probe(2, 1.0, basis="Z")``: 0 bits exactly.

    The inputs enter as phases Z^x, which commute with the Z-controlled probe: Eve's ancilla records which
    GHZ branch (|0…0⟩ or |1…1⟩) it met, the same for every x, so I(X_0 ; B E | S) = 0 (the X-basis probe at
    t = 1 learns 1 bit). A nonzero value is an evaluator or probe defect.
    """
    n = 2
    g2 = np.kron(ghz(n), ghz(n))
    psi = np.stack([K @ g2 for K in attacks.collective_probe(n, 1.0, basis="Z")], axis=1)
    return float(vga.eve_leakage_copies(psi, n, 2, 0))


def _cq(p0: float, p1: float) -> np.ndarray:
    """One unnormalised 1 × 2 × 2 cq block diag(p0, p1) (no public bits, a qubit for Eve)."""
    return np.diag([p0, p1]).astype(complex).reshape(1, 2, 2)


HOLEVO_KNOWN_ANSWERS: tuple[tuple[str, list[list[np.ndarray]], float], ...] = (
    ("s = 0 impossible (p = 0), s = 1: x read off perfectly", [[_cq(0, 0), _cq(0, 0)], [_cq(0.5, 0), _cq(0, 0.5)]], 1.0),
    ("s = 0: x read off (p = ½), s = 1: Eve's state independent of x (p = ½)",
     [[_cq(0.25, 0), _cq(0, 0.25)], [_cq(0.125, 0.125), _cq(0.125, 0.125)]], 0.5),
)
"""Groups of :func:`vga.conditional_holevo` with closed-form Σ_s p(s)·χ_s (bits), one with a zero-probability s."""


def collective_probe_reference(n: int, t: float, copies: int, node: int, basis: str) -> list[np.ndarray]:
    """Kraus operators of the collective probe built from its closed form (independent of ``attacks.embed``).

    The controlled-R_y(tπ) gates share their target (Eve's qubit, from |0⟩) and commute, so in the Z basis
    K_e = diag_x ⟨e|R_y(w(x)·tπ)|0⟩ = diag(cos(w·tπ/2), sin(w·tπ/2)) with w(x) the number of probed qubits set;
    the register is the tensor product of the copies (copy 0 first), so w = Σ_k 1 ⊗ … ⊗ b ⊗ … ⊗ 1 with b the
    value of qubit ``node`` of one copy (qubit 0 most significant). The X-basis probe conjugates by H on the probed
    qubits: K_e = H_P K_e^Z H_P, H_P = ⊗_k (I ⊗ … ⊗ H ⊗ … ⊗ I).
    """
    one = np.ones(2**n)
    b = (np.arange(2**n) >> (n - 1 - node)) & 1
    w = sum(_kron_all([b if j == k else one for j in range(copies)]) for k in range(copies))
    zs = [np.diag(np.cos(w * t * np.pi / 2)).astype(complex), np.diag(np.sin(w * t * np.pi / 2)).astype(complex)]
    if basis == "Z":
        return zs
    h = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
    per_copy = _kron_all([h if q == node else np.eye(2) for q in range(n)])
    hp = _kron_all([per_copy] * copies)
    return [hp @ K @ hp for K in zs]


def _kron_all(factors: list[np.ndarray]) -> np.ndarray:
    out = factors[0]
    for f in factors[1:]:
        out = np.kron(out, f)
    return out


COLLECTIVE_KNOWN = ((2, 0.5, 2, 0, "X"), (2, 0.5, 2, 1, "X"))
"""(N, t, copies, node, basis) of :func:`collective_probe_known_answers`: copy k = 1 of nodes 0 and 1 (qubits 2 and
3), where the copy position k·N + node differs from its twins k^N + node and k·N^node (the audited trade-off
is an inequality that a misplaced probe still satisfies). Small registers (16 dimensions) keep it ≪ 0.1 s."""


def collective_probe_known_answers(tol: float) -> list[dict[str, Any]]:
    """``attacks.collective_probe`` against :func:`collective_probe_reference` on :data:`COLLECTIVE_KNOWN` (≤ 64 × 64)."""
    rows = []
    for n, t, copies, node, basis in COLLECTIVE_KNOWN:
        want = collective_probe_reference(n, t, copies, node, basis)
        try:
            got = attacks.collective_probe(n, t, copies=copies, node=node, basis=basis)
            gap = max(float(np.max(np.abs(g - w))) for g, w in zip(got, want, strict=True))
        except (ValueError, IndexError) as exc:   # a misplaced qubit index: the constructor is defective
            gap, got = math.inf, str(exc)
        rows.append({"instance": f"N = {n}, t = {t}, {copies} copies, node {node}, {basis}", "max_gap": gap,
                     "ok": gap <= tol})
    return rows


@CLAIM.check("simulation")
def leakage_evaluator_known_answers(ctx: Any) -> Evidence:
    """The leakage evaluator on closed-form instances (its input guards: ``input_domain``).

    :func:`vga.conditional_holevo` (Eve's information beyond the sum, the quantity this claim bounds) on
    orthogonal/identical cq blocks whose Σ_s p(s)·χ_s is 1 or ½ bit by hand, one with an impossible sum value
    (p(s) = 0, which must contribute nothing, not 0/0); and the collective attack's constructor
    (:func:`attacks.collective_probe`, X basis: both its controls and its H's) at nodes 0 and 1 of N = 2 with
    two copies against its closed form (:func:`collective_probe_reference`). A mismatch is an evaluator defect: inconclusive.
    """
    tol = ctx.tol.dense
    rows = [{"instance": label, "holevo": vga.conditional_holevo(groups), "closed_form": want}
            for label, groups, want in HOLEVO_KNOWN_ANSWERS]
    probes = collective_probe_known_answers(tol)
    ok = all(abs(r["holevo"] - r["closed_form"]) <= tol for r in rows) and all(p["ok"] for p in probes)
    return Evidence(passed=True if ok else None, observed={"rows": rows, "collective_probe": probes},
                    expected="conditional Holevo = closed form; collective_probe = its closed-form Kraus operators",
                    tolerance=tol, instances=len(rows) + len(probes),
                    detail="Evaluator known answers (a tool check, not a verdict on the paper): a mismatch or an "
                           "accepted node is an evaluator defect, reported inconclusive.")


@CLAIM.check("fuzz")
def fuzz_attacks(ctx: Any) -> Evidence:
    """Hypothesis over (N, family, node, t): rejection and leakage obey the trade-off."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "vga-eve-tradeoff", CLAIM.id, strategy="qproofs.fuzz.vga:eve_instances", slack="qproofs.fuzz.vga:eve_slack", tol=TOL.dense,
    statement="Random attack family, node and strength (N ≤ 4): r ≥ (1 − F)/2 and leakage ≤ the trade-off bound.")


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The protocol refuses every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.ATTACKS_EDGES + _domain.VGA_EDGES, "qproofs.protocols.attacks and vga (Section 4.3's attacks)")


# ---------------------------------------------------------------- mutants ---


def _x_generator_only(n: int) -> list[Any]:
    return stabilizer.ghz_generators(n)[:1]


@CLAIM.mutant(kills=[information_disturbance_tradeoff, fuzz_attacks])
def test_only_x_string() -> Iterator[None]:
    """The test only ever measures X^{⊗N} (Z generators skipped; ``stabilizer.GENERATORS``): X intercepts pass."""
    with mock.patch.object(stabilizer, "GENERATORS", _x_generator_only):
        yield


def _infidelity_as_leakage(r: float, n: int, alphabet: int = 2) -> float:
    return min(1.0, max(0.0, r) * (2**n - 1) / 2 ** (n - 1)) * math.log2(alphabet)


@CLAIM.mutant(kills=[information_disturbance_tradeoff], seams={"leakage_bound": _infidelity_as_leakage})
def leakage_bounded_by_infidelity() -> None:
    """Trade-off bound 'leak ≤ (1 − F)·log|𝒳|' (trace distance taken as the infidelity, continuity term dropped)."""


@CLAIM.mutant(kills=[information_disturbance_tradeoff],
              seams={"collective": lambda n, t: attacks.collective_probe(n, t, basis="Z")})
def collective_probe_reads_z() -> None:
    """The collective attack reads its qubits in the Z basis (learns nothing): a hollow attack set is caught."""


@CLAIM.mutant(kills=[information_disturbance_tradeoff],
              seams={"leakage_bound": lambda r, n, alphabet=2: vga.leakage_bound_from_rejection(r / 100, n, alphabet)})
def bound_from_hundredth_rejection() -> None:
    """The trade-off bound evaluated at r/100 (a wrong constant): the informative rows expose it.

    A constant off by less than the bound's looseness (leak/bound ≥ 0.007) would not be seen.
    """


def _bound_without_one(r: float, n: int, alphabet: int = 2) -> float:
    """Round-6 survivor ``vga.py:632``: the continuity term's factor (1 + ε) lowered to ε."""
    from qproofs.quantum.measures import binary_entropy

    eps = math.sqrt(min(1.0, max(0.0, r) * (2**n - 1) / 2 ** (n - 1)))
    return 0.0 if eps == 0 else eps * math.log2(alphabet) + eps * binary_entropy(eps / (1 + eps))


@CLAIM.mutant(kills=[information_disturbance_tradeoff], seams={"leakage_bound": _bound_without_one})
def bound_continuity_factor_lowered() -> None:
    """The trade-off bound's (1 + ε)·h(ε/(1 + ε)) with ε in place of 1 + ε: still above every audited leakage."""


@CLAIM.mutant(kills=[leakage_evaluator_known_answers])
def holevo_first_sum_only() -> Iterator[None]:
    """The conditional Holevo quantity reads only the first sum value's group (public ``vga.conditional_holevo``)."""
    orig = vga.conditional_holevo
    with mock.patch.object(vga, "conditional_holevo", lambda groups: orig(groups[:1])):
        yield


_COLLECTIVE_PROBE = attacks.collective_probe
"""The collective probe as shipped (its Z-basis Kraus operators feed the mutant ``collective_copy_position_power``)."""


def _probe_copy_position_power(n: int, t: float, copies: int = 2, node: int = 0, basis: str = "X") -> list[np.ndarray]:
    """``collective_probe`` whose X-basis read of copy k sits at qubit k^N + node (round-5 survivor)."""
    from functools import reduce

    zs = _COLLECTIVE_PROBE(n, t, copies=copies, node=node, basis="Z")
    if basis == "Z":
        return zs
    total = n * copies
    hs = reduce(lambda a, b: a @ b, (attacks.embed(attacks._BASES["X"], total, (k**n + node,)) for k in range(copies)))
    return [hs @ K @ hs for K in zs]


@CLAIM.mutant(kills=[leakage_evaluator_known_answers])
def collective_copy_position_power() -> Iterator[None]:
    """The collective probe reads copy k ≥ 1 at qubit k^N + node, not k·N + node (public ``attacks.collective_probe``)."""
    with mock.patch.object(attacks, "collective_probe", _probe_copy_position_power):
        yield


@CLAIM.mutant(kills=[input_domain])
def protocol_forgets_its_guards() -> Iterator[None]:
    """The protocol modules validate nothing (their ``require`` a no-op)."""
    with forget_guards(attacks, vga):
        yield
