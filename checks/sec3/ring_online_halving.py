"""``ring.online-halving`` (Section 3.2, Remark 1): superdense coding halves the online channel uses of every link.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property; its mutants.
The physics is in :mod:`qproofs.protocols.ring` (the executed ring and its per-link counters) and
:mod:`qproofs.protocols.superdense` (what one superdense message uses); the runs are the section's
shared :data:`~._ring_runs.halving_runs` fixture.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from fractions import Fraction
from typing import Any
from unittest import mock

from qproofs.claims import Claim, Evidence, Figure, Series
from qproofs.property import Property
from qproofs.protocols import ring

from . import _ring_runs
from ._ring_runs import (
    HALVING_SHAPES_QUICK,
    HALVING_SHAPES_STANDARD,
    link_label,
    rebooked_superdense,
)

halving_runs = _ring_runs.halving_runs
"""The section's shared fixture, requested by name by the checks below."""

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "ring.online-halving", ref="Section 3.2, Remark 1", section="3", scope="exact",
    title="Superdense coding halves the online channel uses of every link",
    statement=("Counted from the executed protocol: per link and sub-phase, classical bits = (N−1)·(bits of one "
               "chunk message) ≈ (N−1)·d·B/N; online qubits = ⌈bits/2⌉ per message (exactly half when every "
               "message has an even bit count); EPR pairs consumed online = online qubits; setup channel uses = "
               "EPR pairs; setup + online carriers = classical bits (total channel use unchanged)."),
    # ------------------------------------------------------- parameters ---
    # halving_shapes: (N, d, b, variant) of the (classical, superdense) run pairs: even and odd
    # message sizes, d < N, N ∤ d.
    params={
        "quick": {"halving_shapes": HALVING_SHAPES_QUICK, "fuzz_examples": 15},
        "standard": {"halving_shapes": HALVING_SHAPES_STANDARD, "fuzz_examples": 100},
        "deep": {"halving_shapes": HALVING_SHAPES_STANDARD, "fuzz_examples": 800},
    },
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("accounting")
def per_link_counts_match_messages(ctx: Any, halving_runs: list[tuple[ring.RingRun, ring.RingRun]]) -> Evidence:
    """Per link and sub-phase: counted bits = Σ logged messages = schedule, N−1 messages, vs (N−1)·d·B/N."""
    bad: dict[str, Any] | None = None
    rows: list[dict[str, Any]] = []
    for classical, sd in halving_runs:
        for run in (classical, sd):
            q, r = divmod(run.d, run.N)
            approx = Fraction((run.N - 1) * run.d * run.B, run.N)  # claims.md: ≈ (N−1)·d·B/N
            lo, hi = (run.N - 1) * q * run.B, (run.N - 1) * (q + (r > 0)) * run.B  # chunks of ⌊d/N⌋ or ⌈d/N⌉
            for (src, dst, phase), c in run.counters.items():
                logged = sum(m.bits for m in run.messages if m.src == src and m.phase == phase)
                sched = ring.message_bits_formula(run, src, phase)
                in_range = lo <= c.payload_bits <= hi and (r > 0 or c.payload_bits == approx)
                rows.append({"transport": run.transport, "N": run.N, "d": run.d, "B": run.B,
                             "link": link_label(src, dst), "phase": phase, "counted": c.payload_bits,
                             "schedule": sched, "approx_(N-1)dB/N": str(approx),
                             "counted/approx": str(c.payload_bits / approx)})
                if not (c.payload_bits == logged == sched and c.messages == run.N - 1 and in_range):
                    bad = bad or {**run.instance(), "link": [src, dst], "phase": phase, "counted": c.payload_bits,
                                  "logged": logged, "schedule": sched, "messages": c.messages,
                                  "range": [lo, hi]}
    ratios = [Fraction(r_["counted/approx"]) for r_ in rows]
    return Evidence(passed=bad is None,
                    observed={"links_x_phases": len(rows), "mismatches": int(bad is not None),
                              "counted/approx range": [str(min(ratios)), str(max(ratios))]},
                    expected=("counted = logged = Σ_r |chunk_r|·B, N−1 messages per link and sub-phase; "
                              "(N−1)⌊d/N⌋B ≤ counted ≤ (N−1)⌈d/N⌉B, = (N−1)·d·B/N when N | d"),
                    tolerance="exact", instances=len(rows), counterexample=bad, data={"per_link_phase": rows},
                    detail="classical and superdense runs, even and odd message sizes, d < N, N ∤ d")


@CLAIM.check("accounting")
def online_qubits_half(ctx: Any, halving_runs: list[tuple[ring.RingRun, ring.RingRun]]) -> Evidence:
    """Online qubits = Σ⌈bits/2⌉ per link; ratio exactly 1/2 when all messages are even, reported exactly otherwise."""
    bad = None
    ratios: list[dict[str, Any]] = []
    for _, sd in halving_runs:
        for (src, dst, phase), c in sd.counters.items():
            sent = [m.bits for m in sd.messages if m.src == src and m.phase == phase]
            if c.online_qubits != sum((x + 1) // 2 for x in sent):
                bad = bad or {**sd.instance(), "link": [src, dst], "phase": phase, "qubits": c.online_qubits,
                              "ceil_half": sum((x + 1) // 2 for x in sent)}
        even = all(m.bits % 2 == 0 for m in sd.messages)
        r = ring.halving_ratio(sd)
        ratios.append({"N": sd.N, "d": sd.d, "B": sd.B, "even_messages": even, "ratio": str(r)})
        if even and r != Fraction(1, 2):
            bad = bad or {**sd.instance(), "ratio": str(r)}
    odd = [str(x["ratio"]) for x in ratios if not x["even_messages"]]
    return Evidence(passed=bad is None, observed=ratios, expected="1/2 exactly for even messages; ⌈bits/2⌉/bits else",
                    tolerance="exact", instances=len(ratios), counterexample=bad,
                    caveats=(f"Odd-sized messages are padded with one bit: the online ratio is then above 1/2 "
                             f"(measured {', '.join(odd)} on the odd instances).",) if odd else (),
                    detail="ratio = online qubits / payload bits over the whole executed run")


@CLAIM.check("accounting")
def setup_plus_online_equals_bits(ctx: Any, halving_runs: list[tuple[ring.RingRun, ring.RingRun]]) -> Evidence:
    """Per link and sub-phase: EPR pairs = setup uses = online qubits; setup + online = classical ring's bits (+ pad)."""
    bad, table, first = None, [], 0
    for classical, sd in halving_runs:
        for key, c in sd.counters.items():
            cl = classical.counters[key].classical_bits
            row = {"N": sd.N, "d": sd.d, "B": sd.B, "link": link_label(*key[:2]), "phase": key[2],
                   "classical_bits": cl, "online_qubits": c.online_qubits, "epr_pairs": c.epr_pairs,
                   "setup_uses": c.setup_uses, "padding": c.padding_bits,
                   "ratio": str(Fraction(c.online_qubits, cl)) if cl else "n/a"}
            table.append(row)
            if not (c.epr_pairs == c.online_qubits == c.setup_uses
                    and c.setup_uses + c.online_qubits == cl + c.padding_bits and c.classical_bits == 0):
                bad = bad or {**sd.instance(), **row}
        first = first or len(table)
    classical, sd = halving_runs[0]
    links = sorted(sd.link_totals())
    ct, st_ = classical.link_totals(), sd.link_totals()
    xs = tuple(link_label(*lk) for lk in links)
    fig = Figure("per-link-traffic", f"Per-link traffic, N={sd.N}, d={sd.d}, B={sd.B} (both sub-phases)",
                 "directed link", "channel uses",
                 (Series("classical ring: bits", xs, tuple(ct[lk].classical_bits for lk in links), "bar"),
                  Series("superdense: online qubits", xs, tuple(st_[lk].online_qubits for lk in links), "bar"),
                  Series("superdense: setup EPR pairs", xs, tuple(st_[lk].setup_uses for lk in links), "bar")))
    return Evidence(passed=bad is None, observed=table[:first],
                    expected="epr_pairs = setup_uses = online_qubits; setup + online = classical bits + padding",
                    tolerance="exact", instances=len(table), counterexample=bad, figures=(fig,),
                    data={"per_link_phase": table},
                    detail=("per link and sub-phase (observed: the first run; data: every run); pairs prepared, "
                            "qubits sent and Bell measurements are counted separately by the executed transport; "
                            "EPR pairs are the distinct pair objects the link's messages consumed (from the message "
                            "log, not a loop counter); total channel use is unchanged, half of it moves to the offline setup phase"))


# ---------------------------------------------------------- fuzz property ---

PROPERTY = Property(
    "ring-halving-accounting", CLAIM.id, strategy="qproofs.fuzz.ring:ring_instances",
    slack="qproofs.fuzz.ring:halving_slack", tol=0.0,
    statement="counters match the executed messages: qubits = Σ⌈bits/2⌉, pairs = setup = qubits, ratio 1/2 if even",
)


@CLAIM.check("fuzz")
def fuzz_halving_accounting(ctx: Any) -> Evidence:
    """Hypothesis over (N, d, b, gradients, variant): counters match the executed messages on every link."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[online_qubits_half, setup_plus_online_equals_bits, fuzz_halving_accounting])
def qubit_counter_floor() -> Iterator[None]:
    """Transport reports ⌊bits/2⌋ online qubits (forgets the padded qubit of odd messages)."""
    with rebooked_superdense(lambda bits, c: dataclasses.replace(c, online_qubits=bits.size // 2)):
        yield


@CLAIM.mutant(kills=[per_link_counts_match_messages, fuzz_halving_accounting])
def payload_counted_from_qubits() -> Iterator[None]:
    """Counter books payload as 2 × qubits (a formula) instead of the message length (public ``ring.record``)."""
    real = ring.record

    def from_formula(counter: ring.LinkCounter, payload_bits: int, carried: ring.Carried) -> None:
        real(counter, 2 * carried.online_qubits if carried.online_qubits else payload_bits, carried)
    with mock.patch.object(ring, "record", from_formula):
        yield


@CLAIM.mutant(kills=[setup_plus_online_equals_bits])
def one_pair_reused_per_message() -> Iterator[None]:
    """Every message consumes the same pair object over and over (pairs counted as distinct objects must see it)."""
    with rebooked_superdense(lambda bits, c: dataclasses.replace(c, pair_ids=c.pair_ids[:1] * len(c.pair_ids))):
        yield


@CLAIM.mutant(kills=[setup_plus_online_equals_bits, fuzz_halving_accounting])
def setup_counted_twice() -> Iterator[None]:
    """Each pre-shared pair booked as two setup uses (one per qubit of the pair)."""
    with rebooked_superdense(lambda bits, c: dataclasses.replace(c, setup_uses=2 * c.setup_uses)):
        yield
