"""``sdc.decode`` (Appendix A): superdense decoding is exact.

Anatomy of a claim module (the same in every one): the claim; its parameters
per profile; its checks; its fuzz property, if any; its mutants. The physics
is in :mod:`qproofs.protocols.superdense` and :mod:`qproofs.symbolic.superdense`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any
from unittest import mock

import numpy as np
import sympy as sp

from qproofs import judge
from qproofs.certificates import identity_certificate
from qproofs.claims import Claim, Evidence
from qproofs.domain import domain_evidence, forget_guards
from qproofs.property import Property
from qproofs.protocols import superdense
from qproofs.symbolic import superdense as sym_sdc
from qproofs.tolerance import EXACT

from . import _domain
from ._certs import decode_table_certificate

# ------------------------------------------------------------------ claim ---

CLAIM = Claim(
    "sdc.decode", ref="Appendix A", section="3", scope="exact",
    title="Superdense decoding is exact",
    statement=("Applying I, X, Z, XZ (iY up to phase) to Alice's half of |Φ+⟩ = (|00⟩+|11⟩)/√2 gives the "
               "four Bell states, which are mutually orthogonal; Bob's Bell measurement returns the two bits "
               "with probability exactly 1."),
    paper={"gram": sp.eye(4), "decode_probability": 1},
    # ------------------------------------------------------- parameters ---
    # bits: an odd count, so the padded last pair is exercised at every profile (issue 11)
        # reference_bits: message sent through both the batched path and the per-pair reference loop
    params={"quick": {"bits": 401, "reference_bits": 201, "fuzz_examples": 25},
            "standard": {"bits": 4001, "reference_bits": 401, "fuzz_examples": 150},
            "deep": {"bits": 4001, "reference_bits": 401, "fuzz_examples": 1000}},
)

# ----------------------------------------------------------------- checks ---


@CLAIM.check("symbolic")
def gram_matrix_is_identity(ctx: Any) -> Evidence:
    """Exact Gram matrix of the four encoded states (sympy) equals I₄."""
    G = sym_sdc.bell_gram_matrix()
    iy = sym_sdc.is_iy_up_to_phase(superdense.ENCODE_WORDS["11"])
    return Evidence(passed=G == ctx.paper["gram"] and iy,
                    observed={"G": [[str(v) for v in G.row(i)] for i in range(4)], "P_11 = phase·iY": iy},
                    expected={"G": "I₄", "P_11 = phase·iY": True}, tolerance="exact", instances=16,
                    certificate=identity_certificate(*sym_sdc.bell_gram_pair(), claim=CLAIM.id,
                                                     check="gram_matrix_is_identity"),
                    detail="G[i,j] = ⟨ψ_i|ψ_j⟩ with ψ_w = (P_w ⊗ I)|Φ+⟩, exact; XZ = −iY checked exactly")


@CLAIM.check("symbolic")
def decode_table_exact(ctx: Any) -> Evidence:
    """For each word, the exact Bell probabilities are a point mass on the outcome that decodes to it."""
    table: dict[str, Any] = sym_sdc.decode_table()
    rows = [{"sent": w, "outcome": t["outcome"], "decoded": t["decoded"], "certain": t["certain"],
             "p": str(t["probabilities"][t["outcome"]])} for w, t in table.items()]
    ev = judge.every_row(rows, lambda r: r["certain"] and r["decoded"] == r["sent"],
                         expected="decoded = sent with probability 1", tolerance="exact",
                         detail="exact |⟨β|ψ_w⟩|² for the four Bell outcomes β")
    observed = {r["sent"]: {"outcome": r["outcome"], "decoded": r["decoded"], "p": r["p"]} for r in rows}
    bad = ev.counterexample
    # issue 12: every (word, outcome) probability as an exact rational, re-checked by qproofs.certcheck
    labels = list(superdense.BELL_LABELS)
    cert_rows = [(int(w, 2), labels.index(lab), int(superdense.DECODE_TABLE[lab], 2), sp.Rational(p))
                 for w, t in table.items() for lab, p in t["probabilities"].items()]
    return Evidence(passed=ev.passed, observed=observed, expected=ev.expected, tolerance=ev.tolerance,
                    instances=ev.instances, detail=ev.detail,
                    certificate=decode_table_certificate(cert_rows, claim=CLAIM.id, check="decode_table_exact"),
                    counterexample=None if bad is None else {k: bad[k] for k in ("sent", "outcome", "decoded", "p")})


@CLAIM.check("simulation")
def statevector_decode(ctx: Any) -> Evidence:
    """Random bit strings sent pair by pair as state vectors, Bell-measured with seeded sampling; fast path too."""
    n = ctx.params.bits
    rng = ctx.rng("bits")
    bits = rng.integers(0, 2, n).astype(np.uint8)
    slow = superdense.send_bits(bits, ctx.rng("measure"))
    fast = superdense.send_bits_fast(bits, ctx.rng("measure"))
    pmax = min(float(superdense.bell_probabilities(superdense.encode(w, superdense.pair_state())).max())
               for w in superdense.ENCODE_WORDS)
    errors = int((slow.bits != bits).sum())
    counted = (slow.pairs_measured == (n + 1) // 2 and slow.padding_bits == n % 2
               and fast.bits.size == n and fast.padding_bits == n % 2)
    ok = (errors == 0 and counted and bool((fast.bits == bits).all())
          and pmax >= ctx.paper["decode_probability"] - ctx.tol.dense)
    first = int(np.argmax(slow.bits != bits)) if errors else None
    return Evidence(passed=ok, observed={"bit_errors": errors, "fast_path_errors": int((fast.bits != bits).sum()),
                                         "min_max_probability": pmax, "pairs": slow.pairs_measured,
                                         "padding_bits": slow.padding_bits},
                    expected={"bit_errors": 0, "max_probability": 1, "pairs": (n + 1) // 2, "padding_bits": n % 2}, tolerance=ctx.tol.dense, instances=n,
                    detail=f"{n} bits = {slow.pairs_measured} Bell measurements on real |Φ+⟩ 4-vectors",
                    counterexample=None if first is None else {"pair_index": first // 2,
                                                               "sent": bits[first // 2 * 2: first // 2 * 2 + 2].tolist()})


@CLAIM.check("simulation")
def batched_path_matches_reference(ctx: Any) -> Evidence:
    """The batched ``send_bits`` against the per-pair reference loop ``send_bits_reference``, draw for draw (issue 11).

    ``send_bits`` states that it is exactly the per-pair loop (same uniform draws, same decoded bits, same pair
    counts); here both run on one message with one seed, on perfect pairs and on Werner pairs (F = 0.7, where
    the draws decide the outcome), and must agree bit for bit — so the reference path is run by every audit.
    """
    n = ctx.params.reference_bits
    bits = ctx.rng("reference-bits").integers(0, 2, n).astype(np.uint8)
    rows, ok = [], True
    for F, phase in ((1.0, False), (0.7, False), (1.0, True)):
        # issue 11 (coverage): the pair e^{iπ/4}|Φ+⟩ (a global phase: same physics) takes send_bits' complex
        # path (no real shortcut); on a new rng stream, and decoded exactly like |Φ+⟩
        stream = ("reference-phase", F) if phase else ("reference", F)
        with mock.patch.object(superdense, "pair_state", _phased_pair) if phase else nullcontext():
            fast = superdense.send_bits(bits, ctx.rng(*stream), F)
            ref = superdense.send_bits_reference(bits, ctx.rng(*stream), F)
        same = (bool(np.array_equal(fast.bits, ref.bits)) and fast.pairs_measured == ref.pairs_measured
                and fast.padding_bits == ref.padding_bits and fast.pairs_prepared == ref.pairs_prepared
                and fast.qubits_sent == ref.qubits_sent == (n + 1) // 2)
        errors = int((ref.bits != bits).sum())
        same = same and (errors == 0 if phase else True)
        ok = ok and same
        rows.append({"F": F, "global_phase": phase, "bits_differing": int((fast.bits != ref.bits).sum()),
                     "counters_equal": same, "bit_errors_reference": errors})
    return Evidence(passed=ok, observed=rows, expected="identical bits and counters (no bit error on the phased "
                    "perfect pair)", tolerance=EXACT,
                    instances=3 * n, detail=f"{n} bits (odd: padding exercised), F = 1 and 0.7, and F = 1 with the "
                                            "pair e^{iπ/4}|Φ+⟩ (complex amplitudes), one seed per case for both "
                                            "paths")


_PAIR_STATE = superdense.pair_state


def _phased_pair(fidelity: float = 1.0) -> np.ndarray:
    """e^{iπ/4} times the pair (a global phase on |Φ+⟩: its Bell statistics are those of |Φ+⟩)."""
    return np.exp(1j * np.pi / 4) * _PAIR_STATE(fidelity)


# ---------------------------------------------------------- fuzz property ---

PROPERTY = Property(
    "superdense-decode-exact", CLAIM.id, strategy="qproofs.fuzz.ring:bit_messages",
    slack="qproofs.fuzz.ring:decode_slack", tol=0.0,
    statement="any bit string (odd lengths padded) is decoded exactly by both paths, ⌈n/2⌉ pairs",
)


@CLAIM.check("fuzz")
def fuzz_decode(ctx: Any) -> Evidence:
    """Hypothesis over bit strings of length 1..65 and measurement seeds: decoded = sent."""
    from qproofs.fuzz import fuzz_evidence

    return fuzz_evidence(ctx, PROPERTY)


# ---------------------------------------------------------------- mutants ---


@CLAIM.mutant(kills=[decode_table_exact, statevector_decode, fuzz_decode])
def swapped_bell_outcome() -> Iterator[None]:
    """Decoder with the Φ− and Ψ− outcomes swapped (public table ``superdense.DECODE_TABLE``)."""
    table = {**superdense.DECODE_TABLE, "Phi-": "11", "Psi-": "10"}
    with mock.patch.object(superdense, "DECODE_TABLE", table):
        yield


@CLAIM.mutant(kills=[gram_matrix_is_identity, decode_table_exact, statevector_decode])
def wrong_encoding_pauli() -> Iterator[None]:
    """Encoder applies X instead of XZ for the word 11 (two words collide; public ``superdense.ENCODE_WORDS``)."""
    with mock.patch.dict(superdense.ENCODE_WORDS, {"11": "X"}):
        yield


@CLAIM.mutant(kills=[statevector_decode, fuzz_decode])
def odd_message_last_bit_lost() -> Iterator[None]:
    """An odd message's last bit decoded as the padding 0 (public ``superdense.send_bits``); even lengths unaffected."""
    real = superdense.send_bits

    def lossy(bits: np.ndarray, rng: np.random.Generator, fidelity: float = 1.0) -> superdense.Delivery:
        dl = real(bits, rng, fidelity)
        if dl.bits.size % 2:
            dl.bits[-1] ^= 1
        return dl
    with mock.patch.object(superdense, "send_bits", lossy):
        yield



@CLAIM.mutant(kills=[batched_path_matches_reference])
def batched_path_skips_a_draw() -> Iterator[None]:
    """The batched path consumes one extra uniform draw first (public ``superdense.send_bits``).

    Perfect pairs decode the same; Werner pairs no longer follow the reference loop draw for draw.
    """
    real = superdense.send_bits

    def shifted(bits: np.ndarray, rng: np.random.Generator, fidelity: float = 1.0) -> superdense.Delivery:
        rng.random()
        return real(bits, rng, fidelity)

    with mock.patch.object(superdense, "send_bits", shifted):
        yield


# ----------------------------------------------------------- input domain ---


@CLAIM.check("simulation")
def input_domain(ctx: Any) -> Evidence:
    """The modules refuse every instance outside the paper's model, each rule at its boundary (issue 11)."""
    return domain_evidence(_domain.SUPERDENSE_EDGES, "qproofs.protocols.superdense (Section 3.1's superdense coding)")


@CLAIM.mutant(kills=[input_domain])
def superdense_forgets_its_guards() -> Iterator[None]:
    """The modules validate nothing (``superdense.require`` a no-op)."""
    with forget_guards(superdense):
        yield
