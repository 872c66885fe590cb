"""``thm2.classical-leakage`` (Theorem 2): no classical information-theoretic privacy under wiretapped setup.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property;
its mutants. The physics is in :mod:`qproofs.protocols.classical` (protocol
families, exact rectangle property, Fano bound); the fuzz strategy in
:mod:`qproofs.fuzz.security`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from itertools import product
from typing import Any
from unittest import mock

from qproofs.claims import Claim, Evidence
from qproofs.property import Property
from qproofs.protocols import classical
from qproofs.tolerance import EXACT, TOL

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "thm2.classical-leakage", ref="Theorem 2", section="4", scope="exact",
    title="No classical information-theoretic privacy under wiretapped setup",
    statement=("In the wiretapped-setup model (every message seen, no shared secrets, independent private "
               "randomness) any classical protocol computing the sum with error p_e leaks, for X_i uniform and the "
               "other inputs 0, I(X_i; T) ≥ H(X_i) − h(p_e) − p_e·log(|𝒳|−1). Key lemma (rectangle property): "
               "I(X_i R_i ; R_j | T) = 0 for independent private inputs and randomness."),
    caveats=("The premise 'no pre-shared secrets' is essential: with correlated coins (a one-time pad) the "
             "rectangle property fails and zero leakage at zero error is possible — such protocols are outside "
             "the model, and the toolkit reports them so.",),
    paper={"rectangle": 0, "min_fano_slack": 0.0},
    # ------------------------------------------------------- parameters ---
    params={"quick": {"families": ("two-party-short",), "pad_alphabets": (2, 3, 4), "fuzz_examples": 15},
            "standard": {"families": ("two-party", "three-party", "four-input"), "pad_alphabets": (2, 3, 4),
                         "fuzz_examples": 150},
            "deep": {"families": ("two-party", "three-party", "four-input", "three-message-chain"),
                     "pad_alphabets": (2, 3, 4), "fuzz_examples": 1000}},
)

FAMILIES: dict[str, tuple[str, list[tuple[int, ...]], dict[str, int]]] = {
    "two-party-short": ("2 parties, 1-bit input, 1-bit coins, one-bit messages, sender patterns A, B, AB, BA",
                        [(0,), (1,), (0, 1), (1, 0)], {"parties": 2}),
    "two-party": ("2 parties, 1-bit input, 1-bit coins, ≤ 2 one-bit messages (all patterns)",
                  classical.patterns_up_to(2, 2), {"parties": 2}),
    "three-party": ("3 parties, 1-bit input, 1-bit coins, ≤ 2 one-bit messages (all patterns)",
                    classical.patterns_up_to(2, 3), {"parties": 3}),
    "four-input": ("2 parties, 2-bit input (|𝒳| = 4), 1-bit coins, one ternary message from the leaker",
                   [(0,)], {"parties": 2, "input_size": 4, "msg_size": 3}),
    "three-message-chain": ("3 parties, 1-bit input, 1-bit coins, three one-bit messages A→B→C (each sees the "
                            "transcript)", [(0, 1, 2)], {"parties": 3}),
}
"""The enumerated protocol families, by the names the profiles select."""

SPEC_FAMILIES: dict[str, tuple[list[tuple[int, ...]], dict[str, int]]] = {
    "2 parties, 1-bit input, ≤ 3 two-bit messages": (classical.patterns_up_to(3, 2), {"parties": 2, "msg_size": 4}),
    "2 parties, 1-bit input, ≤ 3 one-bit messages": (classical.patterns_up_to(3, 2), {"parties": 2}),
    "3 parties, 1-bit input, ≤ 3 one-bit messages": (classical.patterns_up_to(3, 3), {"parties": 3}),
}
"""Parts of claims.md's family (≤ 3 messages of ≤ 2 bits), sized (not enumerated) to state the shortfall."""

# ----------------------------------------------------------------- checks ---


@CLAIM.check("enumeration")
def enumerated_family(ctx: Any) -> Evidence:
    """Every protocol of the family: rectangle property exact, Fano bound slack ≥ 0."""
    total, min_slack, rect_bad, outside, worst = 0, math.inf, 0, 0, None
    families: list[dict[str, Any]] = []
    for label, patterns, kw in (FAMILIES[name] for name in ctx.params.families):
        size = classical.family_size(patterns, **kw)
        families.append({"family": label, "patterns": len(patterns), "size": size})
        for p in classical.family(patterns, **kw):
            a = classical.audit(p)
            total += 1
            outside += not a.in_model
            if a.rectangle_max != ctx.paper["rectangle"]:
                rect_bad += 1
            if a.slack < min_slack:
                min_slack, worst = a.slack, p
    spec = {name: classical.family_size(p, **kw) for name, (p, kw) in SPEC_FAMILIES.items()}
    tol = ctx.tol.rounding
    ok = rect_bad == 0 and min_slack >= ctx.paper["min_fano_slack"] - tol and total == sum(f["size"] for f in families)
    cex = None
    if not ok and worst is not None:
        cex = {"inputs": list(worst.inputs), "coins": list(worst.coins), "shared_coin": worst.shared_coin,
               "messages": [{"sender": m.sender, "size": m.size, "table": list(m.table)} for m in worst.messages]}
    return Evidence(
        passed=ok, observed={"protocols": total, "min_slack": min_slack, "rectangle_failures": rect_bad,
                             "outside_model": outside,
                             "families": [f"{f['family']}: {f['size']}" for f in families]},
        expected="rectangle = 0 exactly and slack ≥ 0 for every protocol", tolerance=tol, instances=total,
        detail=("Families: party 0 holds X uniform (the leaker) and a private coin, the other parties input 0 and a "
                "private coin; every message an arbitrary function of the sender's input, coin and the transcript "
                "so far (all tables enumerated); outputs by MAP decoding. Rectangle property "
                "checked in exact rational arithmetic (integer weights); slack = I(X;T) − Fano bound."),
        counterexample=cex, data={"families": families, "spec_family_sizes": spec},
        caveats=(f"Shortfall against the spec (2–3 parties, 1–2 bit inputs, ≤ 3 messages of ≤ 2 bits): this profile "
                 f"enumerates {total} protocols ({'; '.join(f['family'] for f in families)}). "
                 "Not enumerated: 3-message protocols (the A→B→C chain, 65,536 protocols, ≈ 140 s, runs at `deep`) "
                 "and 2-bit messages beyond one ternary message — the spec's family has "
                 + ", ".join(f"{k}: {v:.3g}" for k, v in spec.items())
                 + " protocols, beyond enumeration; the fuzz property samples random protocols of up to 3 messages "
                 "of alphabet 2–4 instead.",),
    )


@CLAIM.check("enumeration")
def pre_shared_key_outside_model(ctx: Any) -> Evidence:
    """A one-time pad on a pre-shared key: flagged outside the model (rectangle fails), and it beats the bound."""
    rows = []
    for q in ctx.params.pad_alphabets:
        a = classical.audit(classical.one_time_pad(q))
        rows.append({"alphabet": q, "in_model": a.in_model, "rectangle": str(a.rectangle_max),
                     "leakage": a.leakage, "bound": a.bound, "p_e": str(a.p_e)})
    flagged = all((not r["in_model"]) and Fraction(r["rectangle"]) > ctx.paper["rectangle"] for r in rows)
    beats = all(r["leakage"] < r["bound"] - ctx.tol.dense for r in rows)
    return Evidence(
        passed=flagged and beats, observed=rows,
        expected="coins correlated → outside the model; rectangle ≠ 0; leakage 0 < bound",
        tolerance=EXACT, instances=len(rows),
        detail="Negative control of the premise: correlated randomness makes private aggregation possible.")


@CLAIM.check("fuzz")
def fuzz_larger_protocols(ctx: Any) -> Evidence:
    """Hypothesis over a family larger than the enumerated one."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ------------------------------------------------------------ fuzz property ---

PROPERTY = Property(
    "thm2-random-protocols", CLAIM.id, strategy="qproofs.fuzz.security:classical_protocols",
    slack="qproofs.fuzz.security:classical_slack", tol=TOL.rounding,
    statement="Random protocols (2–3 parties, inputs 2–4, coins 1–3, ≤ 3 messages of alphabet 2–4): "
              "rectangle = 0 and Fano slack ≥ 0.")

# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[enumerated_family, fuzz_larger_protocols])
def pre_shared_key_family() -> Iterator[None]:
    """Generated protocols share a key between parties 0 and 1 (outside the model; public ``classical.SHARED_KEY``)."""
    with mock.patch.object(classical, "SHARED_KEY", (0, 1)):
        yield


@CLAIM.mutant(kills=[enumerated_family])
def fano_without_entropy_term() -> Iterator[None]:
    """Fano bound with the h(p_e) term dropped (public ``classical.FANO_ENTROPY``)."""
    with mock.patch.object(classical, "FANO_ENTROPY", lambda p: 0.0):
        yield


def _independent_coins(protocol: classical.Protocol) -> Iterator[tuple[int, ...]]:
    yield from product(*(range(c) for c in protocol.coins))


@CLAIM.mutant(kills=[pre_shared_key_outside_model])
def key_drawn_independently() -> Iterator[None]:
    """The evaluator draws each party's copy of the 'shared' key independently (public ``classical.COIN_ASSIGNMENTS``)."""
    with mock.patch.object(classical, "COIN_ASSIGNMENTS", _independent_coins):
        yield
