"""Hypothesis strategies for Section 3 (claims ``ring.correct``, ``ring.online-halving``, ``holevo.ea-capacity``).

Every strategy yields JSON-able dicts, so a counterexample can be saved and
replayed; the slack functions rebuild the run from the dict (its ``seed`` drives
the Bell measurements).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from qproofs.protocols import ea_coding, ring


@st.composite
def ring_instances(draw: Any, max_N: int = 7, max_d: int = 12, max_b: int = 8,
                   transports: tuple[str, ...] = ("classical", "superdense")) -> dict[str, Any]:
    """A valid all-reduce instance: (N, d, b, gradients, variant, transport, seed)."""
    N = draw(st.integers(2, max_N))
    d = draw(st.integers(1, max_d))
    b = draw(st.integers(1, max_b))
    word = st.integers(0, 2**b - 1)
    grads = draw(st.lists(st.lists(word, min_size=d, max_size=d), min_size=N, max_size=N))
    return {"N": N, "d": d, "b": b, "gradients": grads, "variant": draw(st.sampled_from(ring.VARIANTS)),
            "transport": draw(st.sampled_from(transports)), "seed": draw(st.integers(0, 2**31 - 1))}


def run_instance(inst: dict[str, Any]) -> ring.RingRun:
    """Execute the all-reduce described by a JSON instance."""
    return ring.all_reduce(inst["gradients"], inst["b"], variant=inst["variant"], transport=inst["transport"],
                           rng=np.random.default_rng(inst.get("seed", 0)), fidelity=inst.get("F", 1.0))


def ring_correct_slack(inst: dict[str, Any]) -> float:
    """0 if every node ends with the aggregate, −(number of wrong coordinates) otherwise."""
    run = run_instance(inst)
    return -float((run.outputs != run.expected()[None, :]).sum())


def halving_slack(inst: dict[str, Any]) -> float:
    """0 if the counters match the messages (qubits = Σ⌈bits/2⌉, pairs = setup = qubits, payload = schedule)."""
    run = run_instance({**inst, "transport": "superdense"})
    bad = 0
    for (src, _dst, phase), c in run.counters.items():
        sent = [m.bits for m in run.messages if m.src == src and m.phase == phase]
        bad += c.payload_bits != sum(sent) or c.payload_bits != ring.message_bits_formula(run, src, phase)
        bad += c.online_qubits != sum((x + 1) // 2 for x in sent)
        bad += c.epr_pairs != c.online_qubits or c.setup_uses != c.epr_pairs
        bad += c.setup_uses + c.online_qubits != c.payload_bits + c.padding_bits
    if all(m.bits % 2 == 0 for m in run.messages):
        bad += ring.halving_ratio(run) != Fraction(1, 2)
    return -float(bad)


INVALID_KINDS = ("N", "b", "d", "shape", "range", "F")


@st.composite
def invalid_ring_instances(draw: Any) -> dict[str, Any]:
    """An instance that breaks exactly one rule; ``param`` names the parameter that must be reported."""
    kind = draw(st.sampled_from(INVALID_KINDS))
    N, d, b = draw(st.integers(2, 5)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    grads: Any = [[0] * d for _ in range(N)]
    F = 1.0
    if kind == "N":
        grads = [[0] * d]
    elif kind == "b":
        b = draw(st.integers(-3, 0))
    elif kind == "d":
        grads = [[] for _ in range(N)]
    elif kind == "shape":
        grads = [[0] * d for _ in range(N - 1)] + [[0] * (d + 1)]
    elif kind == "range":
        i, j = draw(st.integers(0, N - 1)), draw(st.integers(0, d - 1))
        grads[i][j] = draw(st.sampled_from((-1, 2**b, 2**b + 5)))
    else:
        F = draw(st.sampled_from((-0.1, 1.5, float("nan"))))
    param = {"shape": "gradients", "range": "gradients"}.get(kind, kind)
    return {"gradients": grads, "b": b, "F": F, "variant": "exact", "transport": "superdense", "seed": 0,
            "param": param}


def holevo_instances() -> st.SearchStrategy[dict[str, Any]]:
    """Random EA-encoding instances: seed, kind (unitary / cptp / pauli), d_B, number of encodings, purity.

    A ``pauli`` instance with d_B = 1 is a product state (χ ≤ 1): valid, and replayed as drawn.
    """
    return st.fixed_dictionaries({
        "seed": st.integers(0, 2**31 - 1), "kind": st.sampled_from(ea_coding.KINDS),
        "d_b": st.integers(1, 4), "n": st.integers(1, 6), "pure": st.booleans(),
    })


def holevo_slack(inst: dict[str, Any], capacity: float | None = None) -> float:
    """The claimed capacity − χ (>= −tol when the entanglement-assisted bound holds); the instance is replayed as given.

    ``capacity`` is the claimed bits per qubit: the claim ``holevo.ea-capacity`` passes its paper value
    (so a mutant claiming a false capacity reaches the fuzz check); default ``ea_coding.EA_CAPACITY_BITS``.

    >>> holevo_slack({"seed": 0, "kind": "pauli", "d_b": 2, "n": 4, "pure": True}) >= -1e-9
    True
    """
    claimed = ea_coding.EA_CAPACITY_BITS if capacity is None else capacity
    return float(claimed) - ea_coding.instance_chi(inst)


def entropy_instances() -> st.SearchStrategy[dict[str, Any]]:
    """Cut-entropy instances (claim ``ring.cut-entropy``): word size b, cut size k = |S|, variant."""
    return st.fixed_dictionaries({"b": st.integers(1, 12), "k": st.integers(1, 16),
                                  "variant": st.sampled_from(ring.VARIANTS)})


def cut_entropy_slack(inst: dict[str, Any], bounds: Any = None) -> float:
    """Distance of H(Σ_S) inside the claimed bounds (exact sum) or from b (sum mod 2^b, uniform): ≥ 0 when they hold.

    ``bounds(b, k)`` is the claimed (lower, upper) pair; default :func:`ring_entropy.entropy_bounds`.

    >>> cut_entropy_slack({"b": 3, "k": 4, "variant": "exact"}) > 0
    True
    """
    from qproofs.protocols import ring_entropy

    b, k = int(inst["b"]), int(inst["k"])
    lo, hi = (bounds or ring_entropy.entropy_bounds)(b, k)
    H = ring_entropy.sum_entropy(b, k, inst["variant"])
    if inst["variant"] == "modulo":
        return -abs(H - lo)
    return min(H - lo, hi - H)


def fidelity_instances() -> st.SearchStrategy[dict[str, Any]]:
    """``ring.noise-breakeven``: a Werner fidelity F ∈ [0.3, 1] (Blahut–Arimoto converges slowly near 1/4)."""
    return st.fixed_dictionaries({"F": st.one_of(st.floats(0.3, 1.0), st.sampled_from([0.3, 1.0]))})


def capacity_slack(inst: dict[str, Any], capacity: Any = None) -> float:
    """−(distance of the claimed capacity from the Blahut–Arimoto bracket of the simulated Bell-outcome channel)."""
    from qproofs.protocols import superdense
    from qproofs.quantum.capacity import blahut_arimoto

    lo, hi, _ = blahut_arimoto(superdense.symbol_channel(float(inst["F"])))
    claimed = (capacity or superdense.werner_capacity)(float(inst["F"]))  # default: the paper's formula
    return -max(0.0, lo - claimed, claimed - hi)


def bit_messages() -> st.SearchStrategy[dict[str, Any]]:
    """``sdc.decode``: a bit string of any length (odd ones padded) and the seed of the Bell measurements."""
    return st.fixed_dictionaries({"bits": st.lists(st.integers(0, 1), min_size=1, max_size=65),
                                  "seed": st.integers(0, 2**31 - 1)})


def decode_slack(inst: dict[str, Any]) -> float:
    """−(wrong bits of the statevector and fast paths + counting errors: pairs ≠ ⌈n/2⌉, padding ≠ n mod 2).

    >>> decode_slack({"bits": [1, 0, 1], "seed": 0})
    -0.0
    """
    from qproofs.protocols import superdense

    bits = np.array(inst["bits"], dtype=np.uint8)
    n = bits.size
    bad = 0
    for send in (superdense.send_bits, superdense.send_bits_fast):
        dl = send(bits, np.random.default_rng(int(inst["seed"])))
        bad += int((dl.bits != bits).sum()) if dl.bits.size == n else n
        bad += (dl.pairs_measured != (n + 1) // 2) + (dl.padding_bits != n % 2)
    return -float(bad)
