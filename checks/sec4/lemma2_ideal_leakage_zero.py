"""``lemma2.ideal-leakage-zero`` (Lemma 2): ideal-GHZ VGA leaks nothing beyond the sum to a passive outside Eve.

Anatomy: the claim; its parameters per profile; its checks (two with ``table``
certificates); its fuzz property; its mutants. The physics is in
:mod:`qproofs.protocols.simulator` (leakage tables, float and exact) and
:mod:`qproofs.protocols.vga` (executed runs); the fuzz strategy in
:mod:`qproofs.fuzz.security_rounds`.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any
from unittest import mock

import numpy as np

from qproofs.certificates import table_certificate
from qproofs.claims import Claim, Evidence
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import attacks, simulator, vga
from qproofs.tolerance import EXACT, TOL

from . import _domain
from ._probes import product_probe

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "lemma2.ideal-leakage-zero", ref="Lemma 2", section="4", scope="exact",
    title="Ideal-GHZ VGA leaks nothing beyond the sum to a passive outside Eve",
    statement="For a passive outside Eve and exact GHZ copies, I(X_i ; E's view | Σ_j X_j) = 0 exactly.",
    uses=("lemma1.simulatable",),
    paper={"leakage_bits": 0.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"ns": (2, 3), "ds": (2, 3), "run_n": 3, "coordinates": 4, "runs": 5, "fuzz_examples": 8,
                      "reference_n": 3, "reference_ds": (2, 3),
                      "niven_ns": (2, 3), "niven_ds": (5, 6)},
            "standard": {"ns": (2, 3, 4, 5), "ds": (2, 3, 4), "run_n": 3, "coordinates": 8, "runs": 20,
                         "fuzz_examples": 20, "reference_n": 3, "reference_ds": (2, 3),
                         "niven_ns": (2, 3), "niven_ds": (5, 6)},
            "deep": {"ns": (2, 3, 4, 5), "ds": (2, 3, 4), "run_n": 3, "coordinates": 8, "runs": 20,
                     "fuzz_examples": 300, "reference_n": 3, "reference_ds": (2, 3),
                     "niven_ns": (2, 3), "niven_ds": (5, 6)}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def passive_eve_learns_nothing_beyond_sum(ctx: Any) -> Evidence:
    """Exact I(X_i ; broadcast bits | Σ X) for every node, N and d.

    Two paths: the joint tables p(x_i, s, b) from the state vector (one batch of the d^N real views per
    (N, d), :func:`simulator.leakage_joints`), whose conditional mutual information is reported; and, for
    d with a rational cos(2π/d) (d ∈ {2, 3, 4, 6}), the same tables in exact rationals from the closed form
    (:func:`simulator.exact_leakage_weights`, integers over one denominator), which must agree with the state-vector tables within the
    tolerance and whose every block p(x_i, b | s) must be a product table: I(X_i ; B | S) = 0 exactly
    (one ``table`` certificate per (N, d), :func:`product_blocks_table`).
    """
    rows, worst, gap, blocks_bad = [], 0.0, 0.0, 0
    certs: list[dict[str, Any]] = []
    blocks = 0
    niven_bad: list[tuple[int, int]] = []
    instances = [(n, d) for n in ctx.params.ns for d in ctx.params.ds]
    # issue 11 (coverage): d = 5 (cos 2π/5 irrational: no exact table) and d = 6 (the 1/6, 5/6 entries)
    instances += [(n, d) for n in ctx.params.niven_ns for d in ctx.params.niven_ds]
    for n, d in instances:
        joint = simulator.leakage_joints(n, d)
        v = max(simulator.conditional_mutual_information(joint[i]) for i in range(n))
        exact = simulator.exact_leakage_weights(n, d)
        row: dict[str, Any] = {"N": n, "d": d, "max_leak_bits": v, "exact": exact is not None}
        if (exact is not None) != (d in NIVEN_RATIONAL_D):  # Niven: cos(2π/d) rational iff d ∈ {1, 2, 3, 4, 6}
            niven_bad.append((n, d))
        if exact is not None:
            w, denom = exact
            gap = max(gap, float(np.abs(joint - w / denom).max()))
            blocks_bad += int(np.count_nonzero(~simulator.product_blocks(w)))
            cert_rows = [_block_row(i, sm, w[i, :, sm, :]) for i in range(n) for sm in range(d)]
            blocks += len(cert_rows)
            certs.append(product_blocks_table(n, d, denom, cert_rows, claim=CLAIM.id,
                                              check="passive_eve_learns_nothing_beyond_sum"))
        rows.append(row)
        worst = max(worst, abs(v))
    tol = ctx.tol.dense
    ok = worst <= ctx.paper["leakage_bits"] + tol and gap <= tol and blocks_bad == 0 and not niven_bad
    return Evidence(passed=ok, observed={"max_leak_bits": worst, "exact_vs_state_vector": gap,
                                         "exact_blocks_not_product": blocks_bad, "exact_blocks": blocks,
                                         "exact_table_availability_wrong": niven_bad},
                    expected={"max_leak_bits": ctx.paper["leakage_bits"], "exact_blocks_not_product": 0,
                              "exact_table_availability_wrong": []},
                    tolerance=tol, instances=len(rows), data={"rows": rows}, certificate=certs or None,
                    detail=("Inputs i.i.d. uniform on Z_d; Eve's view = all N broadcast bits; joint tables from the "
                            "state vector, and in exact rationals from P(b | x) = (1 + (−1)^{|b|} cos(2πΣx/d))/2^N "
                            "(every block a product table ⇔ I(X_i ; B | S) = 0 exactly)."))


NIVEN_RATIONAL_D = frozenset({1, 2, 3, 4, 6})
"""The d with cos(2π/d) rational (Niven's theorem): exactly where :func:`simulator.exact_leakage_weights` applies."""


def _block_row(i: int, s: int, block: np.ndarray) -> tuple[int, ...]:
    """(i, s, cells row-major, row sums, column sums, total) of one integer block w(x, b | s)."""
    return (i, s, *(int(v) for v in block.reshape(-1)), *(int(v) for v in block.sum(axis=1)),
            *(int(v) for v in block.sum(axis=0)), int(block.sum()))


def product_blocks_table(n: int, d: int, denom: int, rows: list[tuple[int, ...]], *, claim: str,
                         check: str) -> dict[str, Any]:
    """``table`` certificate at one (N, d): every block p(x_i, b | S = s) of Lemma 2's exact table is a product.

    Row = (node i, sum s, cells m_x_b = D·p(X_i = x, S = s, B = b) for x ∈ Z_d, b ∈ {0..2^N − 1} (integers,
    D = 2·d^N·2^N), row sums r_x, column sums c_b, total). The checker re-derives r_x, c_b and the total from the cells and asserts
    m_x_b·total = r_x·c_b for every cell: I(X_i ; B | S = s) = 0, hence I(X_i ; B | S) = 0. The column sum of
    the totals is N·D: each node's table is a probability table summing to 1.
    """
    m = lambda x, b: ["col", f"m{x}_{b}"]  # noqa: E731
    r = lambda x: ["col", f"r{x}"]  # noqa: E731
    c = lambda b: ["col", f"c{b}"]  # noqa: E731
    tot = ["col", "total"]
    xs, bs = range(d), range(2**n)
    pred = ["and", [">=", ["col", "s"], ["const", 0]], ["<", ["col", "s"], ["const", d]],
            *[[">=", m(x, b), ["const", 0]] for x in xs for b in bs],
            *[["==", r(x), ["+", *[m(x, b) for b in bs]]] for x in xs],
            *[["==", c(b), ["+", *[m(x, b) for x in xs]]] for b in bs],
            ["==", tot, ["+", *[r(x) for x in xs]]],
            *[["==", ["*", m(x, b), tot], ["*", r(x), c(b)]] for x in xs for b in bs]]
    cols = ["i", "s", *[f"m{x}_{b}" for x in xs for b in bs], *[f"r{x}" for x in xs], *[f"c{b}" for b in bs],
            "total"]
    return table_certificate(cols, rows, pred, claim=claim, check=check, sums=[["==", tot, n * denom]],
                             definition=(f"Lemma 2 (passive outside Eve, exact GHZ) at N = {n}, d = {d}: for each "
                                         f"node i and sum s, the exact joint probabilities m_x_b / {denom} = p(X_i = x, S = s, "
                                         "B = b) with inputs i.i.d. uniform on Z_d, S = sum mod d, B the N broadcast "
                                         "X-basis bits (b read as N bits, node 0 most significant), P(b | x) = "
                                         "(1 + (-1)^|b| cos(2 pi S/d)) / 2^N. A product block for every s is "
                                         "I(X_i ; B | S) = 0."))


@CLAIM.check("simulation")
def executed_run_on_exact_ghz(ctx: Any) -> Evidence:
    """Executed VGA with no attack: tests never abort, the parity recovers Σ x mod 2 on every coordinate.

    The record of every run (inputs, accepted, published aggregate per coordinate) is a ``table`` certificate
    (:func:`run_record_table`) in which the checker re-derives Σ x mod 2 from each row's inputs.
    """
    rng = ctx.rng("runs")
    n, m, runs = ctx.params.run_n, ctx.params.coordinates, ctx.params.runs
    accepted = correct = 0
    record: list[tuple[int, ...]] = []
    for k in range(runs):
        x = rng.integers(0, 2, size=(m, n))
        r = vga.run_vga(n, m, lambda c: attacks.identity(n), x, rng)
        accepted += r.accepted
        correct += r.accepted and r.aggregates == r.true_aggregates
        aggs = r.aggregates if r.accepted else (-1,) * m
        record += [(k, c, *(int(v) for v in x[c]), int(r.accepted), int(aggs[c])) for c in range(m)]
    ok = accepted == runs and correct == runs
    # The sampled events are certain on exact GHZ: the float mass the readout puts on a wrong parity bounds the
    # probability that a draw publishes a wrong aggregate (union bound over the m·runs draws).
    xs = simulator.all_inputs(n, 2)
    views = simulator.real_views(n, xs, 2)
    wrong = vga.bit_table(n).sum(axis=1)[None, :] % 2 != xs.sum(axis=1)[:, None] % 2
    false_alarm = min(1.0, runs * m * float((views * wrong).sum(axis=1).max()))
    return Evidence(passed=ok, observed={"accepted": accepted, "correct": correct},
                    expected={"accepted": runs, "correct": runs}, tolerance=EXACT, instances=runs,
                    data={"false_alarm": false_alarm,
                          "false_alarm_basis": ("exact GHZ: a wrong parity and a failed stabiliser test have "
                                                "probability 0; the bound is the readout's float rounding mass on "
                                                "a wrong parity × draws (test outcomes likewise certain)")},
                    certificate=run_record_table(n, record, claim=CLAIM.id, check="executed_run_on_exact_ghz"),
                    detail=f"N = {n}, m = {m} coordinates per run (2m copies distributed).")


def run_record_table(n: int, record: list[tuple[int, ...]], *, claim: str, check: str) -> dict[str, Any]:
    """``table`` certificate: every executed run was accepted and published Σ_j x_j mod 2 on every coordinate.

    Row = (run, coordinate, x_0 … x_{N−1}, accepted, aggregate). The checker re-derives the parity: the
    aggregate is 0 or 1 and Σ x_j − aggregate ∈ {0, 2, 4, …} (no modulo in the predicate language).
    """
    xs = [f"x{j}" for j in range(n)]
    total = ["+", *[["col", c] for c in xs]]
    diff = ["-", total, ["col", "aggregate"]]
    pred = ["and", ["==", ["col", "accepted"], ["const", 1]],
            *[["or", ["==", ["col", c], ["const", 0]], ["==", ["col", c], ["const", 1]]] for c in xs],
            ["or", ["==", ["col", "aggregate"], ["const", 0]], ["==", ["col", "aggregate"], ["const", 1]]],
            ["or", *[["==", diff, ["const", 2 * q]] for q in range(n // 2 + 1)]]]
    return table_certificate(["run", "coordinate", *xs, "accepted", "aggregate"], record, pred, claim=claim,
                             check=check,
                             definition=(f"Lemma 2's executed runs: VGA on exact GHZ copies (N = {n}, no attack), one "
                                         "row per run and consumed coordinate: the nodes' input bits, whether the run "
                                         "was accepted (1) by its stabiliser tests, and the aggregate it published "
                                         "(the parity of the broadcast X-basis bits; -1 if aborted). The predicate: "
                                         "accepted and aggregate = sum of the inputs mod 2."))


@CLAIM.check("simulation")
def leakage_evaluators_agree_and_see_leaks(ctx: Any) -> Evidence:
    """The leakage evaluators, checked where the claim's value 0 cannot show a wrong scale.

    (a) The per-input reference :func:`simulator.ideal_leakage` against the batched :func:`simulator.leakage_joints`
    (used by :func:`passive_eve_learns_nothing_beyond_sum`) at small N, every node; (b) every batched joint table
    p(x_i, s, b) sums to 1; (c) a leaky probe with a known value: with the product source |+⟩^{⊗N} (no GHZ, d = 2)
    each readout bit equals its node's input, so I(X_i ; B | S) = H(X_i | S) = 1 bit exactly for N ≥ 2 — both
    evaluators must return it (a wrong normalisation scales it). A disagreement is a defect of the evaluator, not
    of Lemma 2: inconclusive.
    """
    tol = ctx.tol.dense
    n, ds = ctx.params.reference_n, ctx.params.reference_ds
    rows: list[dict[str, Any]] = []

    def compare(label: str, d: int, known: float | None) -> None:
        batched = simulator.leakage_joints(n, d)
        per_node = simulator.ideal_leakages(n, d)  # the batched per-node wrapper, same tables
        for i in range(n):
            ref = simulator.ideal_leakage(n, i, d)
            fast = simulator.conditional_mutual_information(batched[i])
            fast = fast if abs(per_node[i] - fast) <= tol else float("nan")  # NaN fails every comparison below
            mass = float(batched[i].sum())
            ok = abs(ref - fast) <= tol and abs(mass - 1.0) <= tol and (known is None or abs(ref - known) <= tol)
            rows.append({"source": label, "N": n, "d": d, "node": i, "reference_bits": ref, "batched_bits": fast,
                         "known_bits": known, "joint_mass": mass, "ok": ok})

    for d in ds:
        compare("GHZ", d, ctx.paper["leakage_bits"])
    # issue 11 (coverage): a known table with an impossible sum (an empty C = c slice, skipped): A = B a fair bit
    # given C = 0, C = 1 never occurs → I(A ; B | C) = 1 bit exactly
    known = np.zeros((2, 2, 2))
    known[0, 0, 0] = known[1, 0, 1] = 0.5
    empty_slice = simulator.conditional_mutual_information(known)
    rows.append({"source": "known table, empty slice", "N": 0, "d": 2, "node": 0, "reference_bits": empty_slice,
                 "batched_bits": 1.0, "known_bits": 1.0, "joint_mass": float(known.sum()),
                 "ok": abs(empty_slice - 1.0) <= tol})
    with mock.patch.object(vga, "PROBE", product_probe):
        compare("product |+>^N (leaky probe)", 2, 1.0)
    bad = next((r for r in rows if not r["ok"]), None)
    worst = max(max(abs(r["reference_bits"] - r["batched_bits"]), abs(r["joint_mass"] - 1.0)) for r in rows)
    return Evidence(passed=True if bad is None else None,
                    observed={"max_reference_vs_batched_or_mass_gap": worst,
                              "leaky_probe_bits": [r["reference_bits"] for r in rows if r["known_bits"] == 1.0]},
                    expected="reference = batched; joint mass 1; GHZ 0 bits; leaky probe 1 bit (every node)",
                    tolerance=tol, instances=len(rows), counterexample=bad, data={"rows": rows},
                    detail=(f"N = {n}, d ∈ {list(ds)} (GHZ) and d = 2 (product probe through the source seam "
                            "vga.PROBE, restored after)."))


@CLAIM.check("fuzz")
def fuzz_ideal_leakage(ctx: Any) -> Evidence:
    """Hypothesis over N ≤ 5, d ≤ 4 and the attacked node: I(X_i ; B | Σ X) = 0."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "lemma2-ideal-leakage", CLAIM.id, strategy="qproofs.fuzz.security_rounds:lemma2_instances",
    slack="qproofs.fuzz.security_rounds:lemma2_slack", tol=TOL.dense,
    statement="Passive outside Eve on exact GHZ: I(X_i ; broadcast bits | Σ X) = 0 for N ≤ 5, d ≤ 4, every node.")


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The protocol refuses every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.SIMULATOR_EDGES + _domain.VGA_EDGES + _domain.ATTACKS_EDGES, "qproofs.protocols.simulator, vga and attacks (Lemma 2's protocol and attacks)")


# ---------------------------------------------------------------- mutants ---


def _ideal_leakage_unnormalised(n: int, node: int, d: int = 2) -> float:
    joint = np.zeros((d, d, 2**n))
    for x in np.ndindex(*(d,) * n):
        joint[x[node], sum(x) % d] += simulator.real_view(n, x, d) / (d + n)
    return simulator.conditional_mutual_information(joint)


_EXACT_COS = simulator.exact_cos_2pi


def _cos_wrong_at_five_sixths(k: int, d: int) -> Fraction | None:
    return Fraction(-1, 2) if Fraction(k % d, d) == Fraction(5, 6) else _EXACT_COS(k, d)


@CLAIM.mutant(kills=[passive_eve_learns_nothing_beyond_sum])
def exact_cos_wrong_at_five_sixths() -> Iterator[None]:
    """cos(2π·5/6) tabled as −1/2 (public ``simulator.exact_cos_2pi``): the exact d = 6 tables leave the state vector."""
    with mock.patch.object(simulator, "exact_cos_2pi", _cos_wrong_at_five_sixths):
        yield


@CLAIM.mutant(kills=[leakage_evaluators_agree_and_see_leaks])
def reference_leakage_unnormalised() -> Iterator[None]:
    """The reference evaluator's joint table divided by d + N instead of d^N (``simulator.ideal_leakage``)."""
    with mock.patch.object(simulator, "ideal_leakage", _ideal_leakage_unnormalised):
        yield


@CLAIM.mutant(kills=[passive_eve_learns_nothing_beyond_sum, executed_run_on_exact_ghz, fuzz_ideal_leakage])
def product_probe_leaks() -> Iterator[None]:
    """Source distributes |+⟩^{⊗N} instead of GHZ (``vga.PROBE``): readout bits reveal inputs, tests abort."""
    with mock.patch.object(vga, "PROBE", product_probe):
        yield


@CLAIM.mutant(kills=[input_domain])
def protocol_forgets_its_guards() -> Iterator[None]:
    """The protocol modules validate nothing (their ``require`` a no-op)."""
    with forget_guards(simulator, vga, attacks):
        yield
