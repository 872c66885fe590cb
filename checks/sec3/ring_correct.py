"""``ring.correct`` (Section 3.2): classical and superdense ring all-reduce leave every node with the aggregate.

Anatomy: the claim; its parameters per profile; its checks; its fuzz property; its mutants.
The physics is in :mod:`qproofs.protocols.ring` (the ring, its word size B and chunking) and
:mod:`qproofs.protocols.superdense` (statevector and fast superdense transports); the fuzz
strategy in :mod:`qproofs.fuzz.ring`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np

from qproofs.claims import Claim, Evidence
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import ring, superdense

from . import _domain
from ._certs import word_bits_table
from ._ring_runs import run

# ------------------------------------------------------------------ claim ---

_SWEEP_QUICK = [(2, 1, 1), (2, 5, 3), (3, 7, 4), (4, 3, 2), (5, 12, 5), (6, 13, 1), (3, 2, 7)]
_SWEEP_STANDARD = _SWEEP_QUICK + [(7, 30, 6), (8, 5, 3), (9, 40, 8), (4, 64, 12), (5, 23, 9)]

CLAIM = Claim(
    "ring.correct", ref="Section 3.2", section="3", scope="exact",
    title="Classical and superdense ring all-reduce leave every node with the exact aggregate",
    statement=("The classical ring all-reduce (scatter-reduce N−1 rounds clockwise, then all-gather N−1 rounds) "
               "and the superdense version (every message carried as qubits over fresh pre-shared EPR pairs, "
               "decoded by Bell measurement) both leave every node with the exact aggregate. Integer fixed-point "
               "gradients; the sum of N b-bit words needs B = b + ⌈log₂ N⌉ bits per coordinate to be exact (or the "
               "protocol works modulo 2^b). Chunks: d split into N chunks as evenly as possible."),
    caveats=("Both variants are implemented and checked: 'exact' (B = b + ⌈log₂ N⌉ bits per coordinate on the "
             "wire) and 'modulo' (B = b, every addition mod 2^b).",),
    # ------------------------------------------------------- parameters ---
    # sweep_shapes: (N, d, b) with d mod N ≠ 0, d < N, odd b; noisy_fidelity: the Werner pairs of the
    # fast-path comparison; word_bits_max_N / _max_b: the (N, b) grid of the word-size enumeration.
    params={
        "quick": {"sweep_shapes": _SWEEP_QUICK, "noisy_fidelity": 0.8, "word_bits_max_N": 16,
                  "word_bits_max_b": 16, "fuzz_examples": 20},
        "standard": {"sweep_shapes": _SWEEP_STANDARD, "noisy_fidelity": 0.8, "word_bits_max_N": 64,
                     "word_bits_max_b": 32, "fuzz_examples": 120},
        "deep": {"sweep_shapes": _SWEEP_STANDARD, "noisy_fidelity": 0.8, "word_bits_max_N": 64,
                 "word_bits_max_b": 32, "fuzz_examples": 1000},
    },
)


def sweep(ctx: Any, salt: str) -> list[dict[str, Any]]:
    """Ring instances: uneven chunks, d < N, odd word sizes, worst-case (all-max) inputs, both variants.

    Not a fixture: each check draws its own instances (its generator is keyed by the check's name).
    """
    rng = ctx.rng(salt)
    out = []
    for N, d, b in ctx.params.sweep_shapes:
        for variant in ring.VARIANTS:
            grads = rng.integers(0, 2**b, size=(N, d)).tolist()
            out.append({"N": N, "d": d, "b": b, "variant": variant, "gradients": grads})
        out.append({"N": N, "d": d, "b": b, "variant": "exact", "gradients": [[2**b - 1] * d] * N})
    return out


def correctness(ctx: Any, transport: str) -> Evidence:
    """Run the sweep over ``transport``; every node must hold Σ x_i (exact) or Σ x_i mod 2^b."""
    insts = sweep(ctx, "sweep")
    rng = ctx.rng(transport)
    bad = None
    wrong = 0
    carried = 0
    for inst in insts:
        executed = run(inst, transport, rng)
        carried += sum(c.online_qubits for c in executed.counters.values())
        if not executed.correct():
            wrong += 1
            bad = bad or {**executed.instance(), "outputs": executed.outputs.tolist(),
                          "expected": executed.expected().tolist()}
    detail = (f"{len(insts)} runs over (N, d, b) with d mod N ≠ 0, d < N and all-max inputs, variants exact "
              f"(B = b + ⌈log₂ N⌉) and modulo 2^b")
    if transport == "superdense":
        detail += f"; {carried} qubit pairs carried as real state vectors and Bell-measured"
    return Evidence(passed=bad is None, observed={"wrong_runs": wrong, "runs": len(insts)},
                    expected="every node holds Σ x_i (exact) or Σ x_i mod 2^b", tolerance="exact",
                    instances=len(insts), detail=detail, counterexample=bad)


# ----------------------------------------------------------------- checks ---


@CLAIM.check("simulation")
def classical_ring_exact(ctx: Any) -> Evidence:
    """The classical ring all-reduce on the sweep: every node ends with the aggregate."""
    return correctness(ctx, "classical")


@CLAIM.check("simulation")
def superdense_ring_statevector(ctx: Any) -> Evidence:
    """The superdense ring all-reduce (statevector path, every pair a real 4-vector): every node exact."""
    return correctness(ctx, "superdense")


@CLAIM.check("simulation")
def fast_path_matches_statevector(ctx: Any) -> Evidence:
    """Fast path = statevector path, bit for bit: outputs and counters, noiseless and over Werner pairs.

    Both paths draw one uniform per carried pair from the same generator, so with
    equal seeds even the noisy runs (decoding errors included) must coincide.
    """
    insts = sweep(ctx, "sweep")
    noisy_F = ctx.params.noisy_fidelity
    mismatches: list[dict[str, Any]] = []
    noisy_errors = 0
    log10_clean = 0.0  # log₁₀ of an upper bound on P(no noisy run has a wrong coordinate)
    for k, inst in enumerate(insts):
        for F in (1.0, noisy_F):
            slow = run(inst, "superdense", ctx.rng("same", k, F), F)
            fast = run(inst, "superdense-fast", ctx.rng("same", k, F), F)
            noisy_errors += int((slow.outputs != slow.expected()[None, :]).sum()) if F < 1 else 0
            if F < 1:
                # the last all-gather round overwrites each receiver's chunk with what it decodes; each pair's
                # outcome equals any given symbol with probability ≤ max(F, (1−F)/3), whatever was sent, so
                # all of that round's chunks arrive correct with probability ≤ that power of its pairs
                last = max(m.round for m in slow.messages if m.phase == "gather")
                pairs = sum(len(m.pair_ids) for m in slow.messages if m.phase == "gather" and m.round == last)
                log10_clean += pairs * math.log10(max(F, (1 - F) / 3))
            if not (np.array_equal(slow.outputs, fast.outputs)
                    and {key: c.as_dict() for key, c in slow.counters.items()}
                    == {key: c.as_dict() for key, c in fast.counters.items()}):
                mismatches.append({**inst, "F": F, "seed_salt": ["same", k, F]})
    # the noisy comparison is only informative if noise actually corrupted some outputs
    ok = not mismatches and noisy_errors > 0
    return Evidence(passed=ok, observed={"mismatched_runs": len(mismatches),
                                         "noisy_wrong_coordinates": noisy_errors},
                    expected={"mismatched_runs": 0, "noisy_wrong_coordinates": "> 0"}, tolerance="exact",
                    instances=2 * len(insts),
                    # issue 11: the only way a true claim fails is that no noisy run shows a decoding error
                    data={"false_alarm": 10.0 ** log10_clean, "log10_false_alarm": log10_clean,
                          "alternative": "a fast path that ignores the noise (or any table other than the "
                                         "statevector one) is caught with probability ≥ 1 − false_alarm"},
                    detail=f"same inputs and seeds through 'superdense' and 'superdense-fast', at F = 1 and over "
                           f"Werner pairs of fidelity F = {noisy_F} (where both must make the same decoding errors)",
                    counterexample=mismatches[0] if mismatches else None)


@CLAIM.check("enumeration")
def word_bits_suffice(ctx: Any) -> Evidence:
    """B = b + ⌈log₂ N⌉ holds the worst-case sum N(2^b − 1); report where fewer bits would do."""
    Ns = range(2, ctx.params.word_bits_max_N + 1)
    bs = range(1, ctx.params.word_bits_max_b + 1)
    short, loose, too_loose = [], [], []
    grid: list[tuple[int, int, int]] = []
    for N in Ns:
        for b in bs:
            B = ring.word_bits(b, N, "exact")
            grid.append((N, b, B))
            need = (N * (2**b - 1)).bit_length()
            if B < need:
                short.append({"N": N, "b": b, "B": B, "needed": need})
            elif B > need:
                loose.append((N, b))
            # tightness (issue 11): B is never more than one bit above the minimum, and exactly the minimum
            # whenever N is a power of two (N(2^b − 1) = 2^(b+k) − 2^k has b + k bits)
            if B - need > 1 or (B != need and N & (N - 1) == 0):
                too_loose.append({"N": N, "b": b, "B": B, "needed": need})
    loose_examples = loose[:3]
    caveat = (f"B = b + ⌈log₂ N⌉ is sufficient but not always necessary: the minimum is the bit length of "
              f"N(2^b − 1), one bit less for {len(loose)} of {len(Ns) * len(bs)} (N, b) pairs checked "
              f"(e.g. (N, b) = {loose_examples[0] if loose_examples else 'none'}).")
    return Evidence(passed=not short and not too_loose,
                    observed={"insufficient": len(short), "loose_by_one": len(loose), "looser": len(too_loose)},
                    caveats=(caveat,) if loose else (),
                    expected="bit length of N(2^b − 1) ≤ B ≤ it + 1, equality when N is a power of two",
                    tolerance="exact", data={"max_B_minus_needed": 1 if loose else 0},
                    instances=len(Ns) * len(bs), counterexample=next(iter(short or too_loose), None),
                    certificate=word_bits_table(grid, claim=CLAIM.id, check="word_bits_suffice"),
                    detail=(f"B is sufficient; it exceeds the minimum by one bit for {len(loose)} (N, b) pairs, "
                            f"e.g. {loose_examples} (N(2^b−1) < 2^(B−1) when N is not a power of two and b small)"))


# ---------------------------------------------------------- fuzz property ---

PROPERTY = Property(
    "ring-allreduce-exact", CLAIM.id, strategy="qproofs.fuzz.ring:ring_instances",
    slack="qproofs.fuzz.ring:ring_correct_slack", tol=0.0,
    statement="every node ends with Σ x_i (exact) or Σ x_i mod 2^b, classical and superdense",
)


@CLAIM.check("fuzz")
def fuzz_ring_correct(ctx: Any) -> Evidence:
    """Hypothesis over (N, d, b, gradients, variant, transport): the aggregate is exact."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[classical_ring_exact, superdense_ring_statevector, fuzz_ring_correct])
def ring_drops_chunk() -> Iterator[None]:
    """A ring that drops the last chunk (its coordinates are never sent; public ``ring.chunk_bounds``)."""
    real = ring.chunk_bounds

    def dropped(d: int, N: int) -> list[tuple[int, int]]:
        bounds = real(d, N)
        lo, _ = bounds[-1]
        return bounds[:-1] + [(lo, lo)]
    with mock.patch.object(ring, "chunk_bounds", dropped):
        yield


@CLAIM.mutant(kills=[classical_ring_exact, superdense_ring_statevector, fuzz_ring_correct])
def gather_skips_round() -> Iterator[None]:
    """An all-gather that runs N−2 rounds (public ``ring.gather_rounds``)."""
    with mock.patch.object(ring, "gather_rounds", lambda N: N - 2):
        yield


@CLAIM.mutant(kills=[classical_ring_exact, superdense_ring_statevector, word_bits_suffice])
def exact_sum_too_few_bits() -> Iterator[None]:
    """Exact-sum variant with B = b + ⌈log₂ N⌉ − 1 bits: the worst-case sum overflows (public ``ring.word_bits``)."""
    real = ring.word_bits
    with mock.patch.object(ring, "word_bits", lambda b, N, v: real(b, N, v) - (1 if v == "exact" else 0)):
        yield


@CLAIM.mutant(kills=[word_bits_suffice])
def exact_sum_one_bit_spare() -> Iterator[None]:
    """Exact-sum variant with B = b + ⌈log₂ N⌉ + 1: correct but looser than claimed (public ``ring.word_bits``)."""
    real = ring.word_bits
    with mock.patch.object(ring, "word_bits", lambda b, N, v: real(b, N, v) + (1 if v == "exact" else 0)):
        yield


@CLAIM.mutant(kills=[fast_path_matches_statevector])
def fast_table_rolled() -> Iterator[None]:
    """Fast path whose lookup table is off by one symbol (public ``superdense.decode_symbols_fast``)."""
    real = superdense.decode_symbols_fast
    with mock.patch.object(superdense, "decode_symbols_fast",
                           lambda s, ch, rng: (real(s, ch, rng) + 1) % 4):
        yield


@CLAIM.mutant(kills=[fast_path_matches_statevector])
def fast_path_ignores_noise() -> Iterator[None]:
    """Fast path that builds its outcome table for perfect pairs whatever F is (public ``superdense.send_bits_fast``)."""
    real = superdense.send_bits_fast

    def noiseless(bits: np.ndarray, rng: np.random.Generator, fidelity: float = 1.0,
                  channel: np.ndarray | None = None) -> superdense.Delivery:
        return real(bits, rng, 1.0, channel)
    with mock.patch.object(superdense, "send_bits_fast", noiseless):
        yield


# ----------------------------------------------------------- input domain ---


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The modules refuse every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.RING_EDGES, "qproofs.protocols.ring (Section 3.2's all-reduce)")


@CLAIM.mutant(kills=[input_domain])
def ring_forgets_its_guards() -> Iterator[None]:
    """The modules validate nothing (``ring.require`` a no-op)."""
    with forget_guards(ring):
        yield
