"""``lemma1.simulatable`` (Lemma 1): a coalition's view is simulatable from its inputs and the honest sum.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property;
its mutants. The physics is in :mod:`qproofs.protocols.simulator` (real and
simulated views of the GHZ readout) over :mod:`qproofs.protocols.vga`; the fuzz
strategy in :mod:`qproofs.fuzz.security`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import simulator, vga
from qproofs.quantum.measures import total_variation
from qproofs.quantum.states import random_unitary
from qproofs.tolerance import TOL

from . import _domain
from ._probes import product_probe

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "lemma1.simulatable", ref="Lemma 1", section="4", scope="exact",
    title="A coalition's view is simulatable from its inputs and the honest sum",
    statement=("On exact GHZ copies the joint view of a coalition C (its qubits' outcomes, every node's broadcast "
               "X-basis bit) is a function of C's own inputs and the honest sum Σ_{j∉C} θ_j only: a simulator "
               "given (x_C, Σ_{j∉C} x_j) reproduces the view distribution exactly."),
    caveats=("Inputs are phases θ_j = 2πx_j/d with x_j ∈ Z_d; the honest sum is taken mod d.",),
    paper={"view_gap": 0.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"ns": (2, 3), "ds": (2, 3), "pair_n": 4, "pair_d": 3, "pair_coalition": (0,),
                      "deviation_ns": (3,), "deviation_ds": (2, 3), "deviations_per_coalition": 1,
                      "fuzz_examples": 10, "sampler_draws": 600,
                         "sampler_instances": ((3, (0,), (1,), 0, 2), (4, (0, 2), (1, 1), 2, 3))},
            "standard": {"ns": (2, 3, 4, 5), "ds": (2, 3, 4), "pair_n": 4, "pair_d": 3, "pair_coalition": (0,),
                         "deviation_ns": (3, 4, 5), "deviation_ds": (2, 3), "deviations_per_coalition": 3,
                         "fuzz_examples": 80, "sampler_draws": 600,
                         "sampler_instances": ((3, (0,), (1,), 0, 2), (4, (0, 2), (1, 1), 2, 3))},
            "deep": {"ns": (2, 3, 4, 5), "ds": (2, 3, 4), "pair_n": 4, "pair_d": 3, "pair_coalition": (0,),
                     "deviation_ns": (3, 4, 5), "deviation_ds": (2, 3), "deviations_per_coalition": 3,
                     "fuzz_examples": 500, "sampler_draws": 600,
                         "sampler_instances": ((3, (0,), (1,), 0, 2), (4, (0, 2), (1, 1), 2, 3))}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def simulator_matches_real_view(ctx: Any) -> Evidence:
    """Simulator(x_C, honest sum) vs the real GHZ readout: TV over all coalitions and inputs.

    Batched per (N, d): the d^N real views from one GHZ preparation (:func:`simulator.real_views`), the
    simulator's views per coalition (:func:`simulator.view_gaps`); the same instances as one
    :func:`simulator.view_gap` per (coalition, input), which the tests compare them with.
    """
    ns, ds = ctx.params.ns, ctx.params.ds
    worst, worst_case, count = 0.0, None, 0
    for n in ns:
        for d in ds:
            xs = simulator.all_inputs(n, d)
            real = simulator.real_views(n, xs, d)
            for C in simulator.all_coalitions(n):
                gaps = simulator.view_gaps(n, C, xs, d, real=real)
                count += len(gaps)
                k = int(np.argmax(gaps))
                if gaps[k] > worst:
                    worst = float(gaps[k])
                    worst_case = {"n": n, "d": d, "coalition": list(C), "inputs": [int(v) for v in xs[k]]}
    tol = ctx.tol.dense
    ok = worst <= ctx.paper["view_gap"] + tol
    return Evidence(passed=ok, observed={"max_tv": worst}, expected="TV = 0",
                    tolerance=tol, instances=count, counterexample=None if ok else worst_case,
                    detail=f"N ∈ {list(ns)}, d ∈ {list(ds)}, every non-empty proper coalition, every input vector.")


@CLAIM.check("simulation")
def equal_sums_identical_views(ctx: Any) -> Evidence:
    """Two honest input vectors with equal sums give identical real views (exhibited)."""
    n, d, C = ctx.params.pair_n, ctx.params.pair_d, ctx.params.pair_coalition
    best = None
    worst = 0.0
    pairs = 0
    xs = simulator.all_inputs(n, d)
    views = dict(zip(map(tuple, xs.tolist()), simulator.real_views(n, xs, d), strict=True))  # one per vector
    for xc in range(d):
        hs = list(product(range(d), repeat=n - 1))
        for a in hs:
            for b in hs:
                if a < b and sum(a) % d == sum(b) % d:
                    va = views[(xc,) + a]
                    vb = views[(xc,) + b]
                    tv = total_variation(va, vb)
                    pairs += 1
                    worst = max(worst, tv)
                    if best is None:
                        best = {"coalition_input": xc, "honest_a": list(a), "honest_b": list(b), "tv": tv}
    tol = ctx.tol.dense
    return Evidence(passed=worst <= ctx.paper["view_gap"] + tol,
                    observed={"example": best, "max_tv": worst, "pairs": pairs},
                    expected="identical views (TV = 0)", tolerance=tol, instances=pairs,
                    detail=f"N = {n}, d = {d}, coalition {list(C)}: every pair of honest vectors with equal sum.")


@CLAIM.check("simulation")
def deviating_coalition_simulated(ctx: Any) -> Evidence:
    """Coalition nodes measure in Haar-random bases (deviations): simulator from (x_C, s_H) still exact."""
    rng = ctx.rng("deviations")
    worst, count = 0.0, 0
    for n in ctx.params.deviation_ns:
        for d in ctx.params.deviation_ds:
            for C in simulator.all_coalitions(n):
                for _ in range(ctx.params.deviations_per_coalition):
                    dev = {j: random_unitary(2, rng) for j in C}
                    x = [int(v) for v in rng.integers(0, d, size=n)]
                    real = simulator.real_view_with_deviation(n, x, dev, d)
                    sim = simulator.simulated_view_with_deviation(n, C, [x[j] for j in C],
                                                                  simulator.honest_sum(x, C, d), dev, d)
                    worst = max(worst, total_variation(real, sim))
                    count += 1
    tol = ctx.tol.dense
    return Evidence(passed=worst <= ctx.paper["view_gap"] + tol, observed={"max_tv": worst}, expected="TV = 0",
                    tolerance=tol, instances=count,
                    data={"false_alarm": 0.0,
                          "false_alarm_basis": "random instances, exact distributions: a true claim gives TV = 0 on "
                                               "every draw (only rounding, far below the tolerance)"},
                    detail="Every coalition of N ≤ 5 (quick: N = 3), d ∈ {2, 3}, random inputs.")


SAMPLER_FALSE_ALARM = 1e-6
"""False-alarm probability of :func:`sampled_simulator_matches_exact` (issue 11's error budget), split evenly
over its exact binomial tests (union bound)."""


def _parity_rates(n: int, coalition: tuple[int, ...], view: np.ndarray) -> tuple[float, float, float]:
    """(P(coalition parity odd), P(honest parity even | c even), P(honest parity even | c odd)) of a view law."""
    bits = vga.bit_table(n)
    c_odd = bits[:, list(coalition)].sum(axis=1) % 2 == 1
    h_even = bits[:, [j for j in range(n) if j not in coalition]].sum(axis=1) % 2 == 0
    p_odd = float(view[c_odd].sum())
    return (p_odd, float(view[~c_odd & h_even].sum()) / (1 - p_odd), float(view[c_odd & h_even].sum()) / p_odd)


@CLAIM.check("simulation")
def sampled_simulator_matches_exact(ctx: Any) -> Evidence:
    """The sampling simulator (:func:`simulator.sample_simulated_view`) draws from the exact simulated law.

    Per instance, three exact binomial tests (Clopper–Pearson, :func:`qproofs.judge.clopper_pearson`) against
    :func:`simulator.simulated_view`: the coalition parity, and P(honest parity even | coalition parity) for
    each coalition parity. A rejection is a defect of the sampler, not of Lemma 1: inconclusive.
    """
    from qproofs import judge

    from ._sampling import rate_power

    rng = ctx.rng("sampler")
    draws = ctx.params.sampler_draws
    instances = ctx.params.sampler_instances
    alpha = SAMPLER_FALSE_ALARM / (3 * len(instances))
    rows, ok = [], True
    for n, C, xc, s_h, d in instances:
        exact = _parity_rates(n, C, simulator.simulated_view(n, C, xc, s_h, d))
        views = np.array([simulator.sample_simulated_view(n, C, xc, s_h, rng, d) for _ in range(draws)])
        c_odd = views[:, list(C)].sum(axis=1) % 2 == 1
        h_even = views[:, [j for j in range(n) if j not in C]].sum(axis=1) % 2 == 0
        counts = [(int(c_odd.sum()), draws), (int((~c_odd & h_even).sum()), int((~c_odd).sum())),
                  (int((c_odd & h_even).sum()), int(c_odd.sum()))]
        for label, p0, (k, t) in zip(("P(c odd)", "P(h even | c even)", "P(h even | c odd)"), exact, counts,
                                     strict=True):
            lo, hi = judge.clopper_pearson(k, t, alpha) if t else (0.0, 1.0)
            good = t > 0 and lo <= p0 <= hi
            ok &= good
            pw = rate_power(p0, t, alpha) if t else {}
            rows.append({"N": n, "coalition": list(C), "x_C": list(xc), "s_H": s_h, "d": d, "rate": label,
                         "exact": p0, "low": lo, "best": k / t if t else None, "high": hi, "trials": t,
                         "caught_shift_below": pw.get("shift_below"), "caught_shift_above": pw.get("shift_above"),
                         "ok": good})
    caught = max(max(r["caught_shift_below"] or 0.0, r["caught_shift_above"] or 0.0) for r in rows)
    return Evidence(passed=True if ok else None, observed=[{k: r[k] for k in ("N", "d", "rate", "exact", "low", "best",
                                                                               "high")} for r in rows],
                    expected=f"every exact rate inside its Clopper–Pearson interval at level 1 − {alpha:.3g}",
                    tolerance=SAMPLER_FALSE_ALARM, instances=draws * len(instances),
                    counterexample=next((r for r in rows if not r["ok"]), None),
                    data={"false_alarm": SAMPLER_FALSE_ALARM, "power": 0.9, "caught_shift_max": caught, "rows": rows},
                    detail=(f"{draws} draws per instance; false alarm {SAMPLER_FALSE_ALARM:g} for the check (union "
                            f"bound over {len(rows)} exact binomial tests); a rate off the exact one by more than "
                            f"{caught:.3f} is caught with probability ≥ 0.9 (exact binomial)."))


@CLAIM.check("fuzz")
def fuzz_simulator(ctx: Any) -> Evidence:
    """Hypothesis over N ≤ 6, d ≤ 6, coalitions and inputs."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "lemma1-simulator", CLAIM.id, strategy="qproofs.fuzz.security:lemma1_instances",
    slack="qproofs.fuzz.security:lemma1_slack", tol=TOL.dense,
    statement="Simulator(x_C, honest sum) reproduces the real view: N ≤ 6, d ≤ 6, random coalition and inputs.")


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The protocol refuses every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.SIMULATOR_EDGES + _domain.VGA_EDGES, "qproofs.protocols.simulator and vga (Lemma 1's protocol and simulator)")


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[simulator_matches_real_view, equal_sums_identical_views, fuzz_simulator,
                     deviating_coalition_simulated])
def product_probe_no_test() -> Iterator[None]:
    """A non-GHZ probe (|+⟩^{⊗N}) distributed with no test: each bit reveals its node's input (``vga.PROBE``)."""
    with mock.patch.object(vga, "PROBE", product_probe):
        yield


def _phase_without_coalition(sum_coalition: int, s_honest: int, d: int) -> float:
    return 2 * np.pi * s_honest / d


@CLAIM.mutant(kills=[simulator_matches_real_view, fuzz_simulator, deviating_coalition_simulated])
def simulator_drops_coalition_phase() -> Iterator[None]:
    """The simulator forgets the coalition's own phase (uses the honest sum only; ``simulator.SIMULATOR_PHASE``)."""
    with mock.patch.object(simulator, "SIMULATOR_PHASE", _phase_without_coalition):
        yield


@CLAIM.mutant(kills=[sampled_simulator_matches_exact])
def sampler_ignores_coalition_parity() -> Iterator[None]:
    """The sampling simulator draws the honest parity ignoring the coalition's (``simulator.honest_even_probability``)."""
    with mock.patch.object(simulator, "honest_even_probability", lambda parity, phi: float((1 + np.cos(phi)) / 2)):
        yield


@CLAIM.mutant(kills=[input_domain])
def protocol_forgets_its_guards() -> Iterator[None]:
    """The protocol modules validate nothing (their ``require`` a no-op)."""
    with forget_guards(simulator, vga):
        yield
