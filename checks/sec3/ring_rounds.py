"""``ring.rounds`` (Section 3.2): 2(N−1) rounds; no ring protocol beats ⌊N/2⌋.

Anatomy: the claim; its parameters per profile; its checks; its mutants.
The physics is in :mod:`qproofs.protocols.ring` (the executed rounds, the dependency sets a run
propagates, and the flooding enumeration of the most permissive ring protocol).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from typing import Any
from unittest import mock

from qproofs.claims import Claim, Evidence
from qproofs.property import Property
from qproofs.protocols import ring

from ._certs import flooding_table
from ._ring_runs import run

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "ring.rounds", ref="Section 3.2", section="3", scope="exact",
    title="2(N−1) rounds; no ring protocol beats ⌊N/2⌋",
    statement=("Both versions take exactly 2(N−1) rounds. No protocol confined to the ring can finish in fewer "
               "than ⌊N/2⌋ rounds (the ring's diameter): after r rounds a node's state depends only on nodes "
               "within distance r."),
    paper={"rounds": lambda N: 2 * (N - 1), "lower_bound": lambda N: N // 2},
    # neighbours: the links the flooding enumeration may use (the ring's, unless a mutant adds chords)
    seams={"neighbours": ring.ring_neighbours},
    # ------------------------------------------------------- parameters ---
    # rounds_max_N: largest ring whose executed rounds are counted; flood_max_N: largest ring of the
    # flooding enumeration (cone_rows_shown of its rows are reported); cone_run_max_N: largest executed
    # run whose dependency sets are checked against the cone.
    params={
        "quick": {"rounds_max_N": 7, "flood_max_N": 12, "cone_run_max_N": 7, "cone_rows_shown": 8,
                  "fuzz_examples": 20},
        "standard": {"rounds_max_N": 12, "flood_max_N": 32, "cone_run_max_N": 11, "cone_rows_shown": 12,
                     "fuzz_examples": 60},
        "deep": {"rounds_max_N": 12, "flood_max_N": 32, "cone_run_max_N": 11, "cone_rows_shown": 12,
                 "fuzz_examples": 1000},
    },
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def rounds_counted(ctx: Any) -> Evidence:
    """Rounds executed: 2(N−1) in total, N−1 per link per sub-phase, classical and superdense."""
    rng = ctx.rng("rounds")
    claimed = ctx.paper["rounds"]
    bad, rows = None, []
    for N in range(2, ctx.params.rounds_max_N + 1):
        inst = {"N": N, "d": N + 1, "b": 3, "variant": "exact", "gradients": rng.integers(0, 8, (N, N + 1)).tolist()}
        for transport in ("classical", "superdense"):
            executed = run(inst, transport, rng)
            per_link = {c.rounds for c in executed.counters.values()}
            depth = max((m.time for m in executed.messages), default=0)
            rows.append({"N": N, "transport": transport, "rounds": executed.total_rounds, "causal_depth": depth})
            if executed.total_rounds != claimed(N) or per_link != {claimed(N) // 2} or depth != claimed(N):
                bad = bad or {**executed.instance(), "rounds": executed.rounds, "per_link": sorted(per_link)}
    return Evidence(passed=bad is None, observed=rows, expected="2(N−1)", tolerance="exact", instances=len(rows),
                    counterexample=bad,
                    detail=("rounds = distinct Lamport timestamps of the executed messages (per link and sub-phase "
                            "too), and the longest causal chain of messages (largest timestamp) = 2(N−1); counted "
                            "from the message log, not by the loop that schedules the rounds"))


@CLAIM.check("enumeration")
def dependency_cone(ctx: Any) -> Evidence:
    """Flooding enumeration: full dependency first reached after ⌊N/2⌋ rounds; the executed run stays in its cone."""
    rng = ctx.rng("cone")
    bound = ctx.paper["lower_bound"]
    bad: dict[str, Any] | None = None
    rows: list[dict[str, Any]] = []
    for N in range(2, ctx.params.flood_max_N + 1):
        r_min = ring.rounds_to_full_dependency(N, ctx.seam("neighbours"))
        rows.append({"N": N, "min_rounds": r_min, "diameter": bound(N), "protocol": ctx.paper["rounds"](N)})
        if r_min != bound(N):
            bad = bad or {"N": N, "min_rounds": r_min, "diameter": bound(N)}
    for N in range(2, ctx.params.cone_run_max_N + 1):
        inst = {"N": N, "d": 2 * N - 1, "b": 2, "variant": "modulo",
                "gradients": rng.integers(0, 4, (N, 2 * N - 1)).tolist()}
        executed = run(inst, "classical", rng)
        viol = ring.cone_violations(executed)
        full = (1 << N) - 1
        replay = executed.instance()  # issue 11 (coverage): the counterexample's replayable inputs, asserted
        replay_ok = replay == {**inst, "transport": "classical"}
        if viol or any(m != full for m in executed.deps[-1]) or not replay_ok:
            bad = bad or {**replay, "violations": viol[:3], "replay_matches_inputs": replay_ok}
    tool_defect = _cone_evaluator_defect(executed)
    return Evidence(passed=None if tool_defect else bad is None, observed=rows[: ctx.params.cone_rows_shown],
                    expected="min rounds = ⌊N/2⌋ ≤ 2(N−1)", tolerance="exact", instances=len(rows),
                    certificate=flooding_table(rows, claim=CLAIM.id, check="dependency_cone"),
                    counterexample=bad or tool_defect,
                    detail="dependency sets propagated by the most permissive ring protocol (both neighbours every "
                           "round); the executed all-reduce's sets never exceed the radius-r ball and end full; the "
                           "cone evaluator flags a forged round-0 dependency on the farthest node (else inconclusive)")


def _cone_evaluator_defect(executed: ring.RingRun) -> dict[str, Any] | None:
    """Negative probe of :func:`ring.cone_violations`: None if it flags a forged far dependency, else the defect.

    The executed run's round-0 dependency of node 0 is replaced by {0, ⌊N/2⌋} (⌊N/2⌋ hops away, N ≥ 3):
    exactly one violation, {"round": 0, "node": 0, "depends_on": ⌊N/2⌋}, must be reported.
    """
    far = executed.N // 2
    deps = [list(m) for m in executed.deps]
    deps[0][0] = 1 | 1 << far
    forged = dataclasses.replace(executed, deps=deps)
    want = [{"round": 0, "node": 0, "depends_on": far}]
    got = ring.cone_violations(forged)
    return None if got == want else {"forged_far_dependency": far, "reported": got, "expected": want}


# ---------------------------------------------------------- fuzz property ---


def rounds_slack(inst: dict[str, Any], rounds: Any = None) -> float:
    """0 if the executed run of ``inst`` takes 2(N−1) rounds and stays in its light cone; −(failures) otherwise.

    Rounds: 2(N−1) in total, N−1 per link and sub-phase, causal depth 2(N−1); the dependency sets never
    exceed the radius-r ball after r rounds and end full.
    """
    from qproofs.fuzz import ring as fuzz_ring

    claimed = rounds or CLAIM.paper["rounds"]
    executed = fuzz_ring.run_instance(inst)
    N = executed.N
    depth = max((m.time for m in executed.messages), default=0)
    bad = (executed.total_rounds != claimed(N)) + ({c.rounds for c in executed.counters.values()} != {claimed(N) // 2})
    bad += depth != claimed(N)
    bad += len(ring.cone_violations(executed)) + sum(m != (1 << N) - 1 for m in executed.deps[-1])
    return -float(bad)


PROPERTY = Property(
    "ring-rounds-and-cone", CLAIM.id, strategy="qproofs.fuzz.ring:ring_instances", slack=rounds_slack, tol=0.0,
    statement="every executed all-reduce (any N, d, b, variant, transport) takes 2(N−1) rounds and stays in its cone",
)


@CLAIM.check("fuzz")
def fuzz_rounds(ctx: Any) -> Evidence:
    """Hypothesis over (N, d, b, gradients, variant, transport): 2(N−1) rounds, light cone respected."""
    from qproofs.fuzz import fuzz_evidence

    slack = functools.partial(rounds_slack, rounds=ctx.paper["rounds"])
    return fuzz_evidence(ctx, dataclasses.replace(PROPERTY, slack=slack))


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[rounds_counted, fuzz_rounds])
def rounds_gather_skips_round() -> Iterator[None]:
    """An all-gather that runs N−2 rounds (counted rounds no longer 2(N−1); public ``ring.gather_rounds``)."""
    with mock.patch.object(ring, "gather_rounds", lambda N: N - 2):
        yield


@CLAIM.mutant(kills=[fuzz_rounds], paper={"rounds": lambda N: 2 * N - 1})
def rounds_claimed_2n_minus_1() -> None:
    """Round count claimed as 2N − 1 (one too many): the executed runs of every size must expose it."""


@CLAIM.mutant(kills=[dependency_cone],
              seams={"neighbours": lambda i, N: tuple(sorted({(i + s) % N for s in (-2, -1, 1, 2)} - {i}))})
def ring_with_chords() -> None:
    """A 'ring' whose nodes also talk to the node two hops away (not confined to the ring)."""


@CLAIM.mutant(kills=[dependency_cone])
def cone_evaluator_blind() -> Iterator[None]:
    """The light-cone evaluator reports nothing (public ``ring.cone_violations``): its forged-dependency probe sees it."""
    with mock.patch.object(ring, "cone_violations", lambda run: []):
        yield
