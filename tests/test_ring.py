"""Ring all-reduce (qproofs.protocols.ring, ring_entropy; claims ring.*)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from qproofs.errors import InvalidParameter
from qproofs.fuzz import Property, run_property
from qproofs.fuzz import ring as fuzz_ring
from qproofs.protocols import ring, ring_entropy


@pytest.mark.parametrize(("d", "N"), [(10, 3), (2, 5), (7, 7), (1, 2), (100, 8)])
def test_chunks_even_and_covering(d: int, N: int) -> None:
    bounds = ring.chunk_bounds(d, N)
    sizes = [hi - lo for lo, hi in bounds]
    assert len(bounds) == N and sum(sizes) == d and max(sizes) - min(sizes) <= 1
    assert all(bounds[i][1] == bounds[i + 1][0] for i in range(N - 1))


@pytest.mark.parametrize("transport", ["classical", "superdense", "superdense-fast"])
@pytest.mark.parametrize("variant", ["exact", "modulo"])
@pytest.mark.parametrize(("N", "d", "b"), [(2, 1, 1), (4, 3, 3), (5, 12, 5), (3, 7, 8)])
def test_all_reduce_correct(transport: str, variant: str, N: int, d: int, b: int) -> None:
    rng = np.random.default_rng(N * 100 + d)
    g = rng.integers(0, 2**b, (N, d))
    run = ring.all_reduce(g, b, variant=variant, transport=transport, rng=rng)
    expected = g.sum(0) if variant == "exact" else g.sum(0) % 2**b
    assert (run.outputs == expected).all()
    assert run.total_rounds == 2 * (N - 1)


def test_exact_worst_case_needs_the_extra_bits() -> None:
    N, b = 4, 3
    g = np.full((N, 5), 2**b - 1)
    run = ring.all_reduce(g, b, variant="exact")
    assert run.B == b + 2 and (run.outputs == N * (2**b - 1)).all()
    wrapped = ring.all_reduce(g, b, variant="modulo")
    assert (wrapped.outputs == (N * (2**b - 1)) % 2**b).all()


def test_wire_roundtrip() -> None:
    v = np.array([0, 1, 5, 31])
    assert np.array_equal(ring.from_bits(ring.to_bits(v, 5), 5), v)
    assert ring.to_bits(np.array([2]), 3).tolist() == [0, 1, 0]


def test_counters_even_messages_halve_exactly() -> None:
    rng = np.random.default_rng(0)
    run = ring.all_reduce(rng.integers(0, 64, (4, 8)), 6, variant="exact", transport="superdense", rng=rng)
    assert ring.halving_ratio(run) == Fraction(1, 2)
    for (src, _, phase), c in run.counters.items():
        assert c.payload_bits == ring.message_bits_formula(run, src, phase) == 3 * 2 * 8
        assert c.online_qubits == c.epr_pairs == c.setup_uses == c.payload_bits // 2
        assert c.classical_bits == 0 and c.rounds == 3


def test_counters_odd_messages_report_padding() -> None:
    rng = np.random.default_rng(1)
    run = ring.all_reduce(rng.integers(0, 8, (5, 7)), 3, variant="modulo", transport="superdense", rng=rng)
    ratio = ring.halving_ratio(run)
    assert ratio > Fraction(1, 2)
    total_pad = sum(c.padding_bits for c in run.counters.values())
    total_bits = sum(c.payload_bits for c in run.counters.values())
    assert ratio == Fraction(total_bits + total_pad, 2 * total_bits)


def test_cut_traffic_two_nodes() -> None:
    run = ring.all_reduce(np.zeros((2, 6), int), 4, variant="modulo")
    assert ring.cut_traffic(run, (0,)) == {"out": 6 * 4, "in": 6 * 4}


def test_dependency_cone_and_diameter() -> None:
    assert [ring.rounds_to_full_dependency(N) for N in range(2, 12)] == [N // 2 for N in range(2, 12)]
    run = ring.all_reduce(np.ones((6, 6), int), 2, variant="modulo")
    assert ring.cone_violations(run) == []
    assert all(m == 2**6 - 1 for m in run.deps[-1])


def test_sum_entropy_exact_counts_and_bounds() -> None:
    assert ring_entropy.sum_counts(1, 3) == (1, 3, 3, 1)
    assert ring_entropy.sum_entropy(1, 2) == pytest.approx(1.5)
    assert ring_entropy.sum_entropy(3, 4, "modulo") == pytest.approx(3.0)
    for b in range(1, 5):
        for k in range(1, 6):
            H = ring_entropy.sum_entropy(b, k)
            assert b - 1e-12 <= H <= b + math.log2(k) + 1e-12


@settings(max_examples=40, deadline=None)
@given(fuzz_ring.invalid_ring_instances())
def test_bad_input_names_the_parameter(inst: dict) -> None:
    with pytest.raises(InvalidParameter) as err:
        ring.all_reduce(inst["gradients"], inst["b"], variant=inst["variant"], transport=inst["transport"],
                        rng=np.random.default_rng(0), fidelity=inst["F"])
    assert err.value.param == inst["param"]


@pytest.mark.parametrize(("kwargs", "param"), [
    ({"gradients": [[0, 0]], "b": 2}, "N"),
    ({"gradients": [[0], [0]], "b": 0}, "b"),
    ({"gradients": [[], []], "b": 2}, "d"),
    ({"gradients": [0, 0, 0], "b": 2}, "gradients"),
    ({"gradients": [[0, 4], [0, 0]], "b": 2}, "gradients"),
    ({"gradients": [[0, -1], [0, 0]], "b": 2}, "gradients"),
    ({"gradients": [[0.5, 1], [0, 0]], "b": 2}, "gradients"),
    ({"gradients": [[0], [0]], "b": 2, "fidelity": 1.2}, "F"),
    ({"gradients": [[0], [0]], "b": 2, "variant": "sloppy"}, "variant"),
])
def test_bad_input_examples(kwargs: dict, param: str) -> None:
    with pytest.raises(InvalidParameter) as err:
        ring.all_reduce(rng=np.random.default_rng(0), transport="superdense", **kwargs)
    assert err.value.param == param


@pytest.mark.parametrize("shape", [(3, 2, 1), (2, 1, 1, 1), (4,)])
def test_validate_rejects_non_matrix_gradients(shape: tuple[int, ...]) -> None:
    """issue 11 (Cosmic Ray survivor ``g.ndim == 2`` → ``>= 2``): an (N, d, 1) array is bad input, not a crash."""
    with pytest.raises(InvalidParameter) as err:
        ring.validate(np.zeros(shape, dtype=np.int64), 2)
    assert err.value.param == "gradients"


def test_quantum_transport_requires_rng() -> None:
    with pytest.raises(InvalidParameter, match="rng"):
        ring.all_reduce([[0], [1]], 1, transport="superdense")


def test_fuzz_properties_hold() -> None:
    for fn in (fuzz_ring.ring_correct_slack, fuzz_ring.halving_slack):
        out = run_property(Property("p", "ring.correct", fuzz_ring.ring_instances, fn, tol=0.0), seed=7,
                           max_examples=15)
        assert out.passed


def test_instances_replay_from_json() -> None:
    import json

    rng = np.random.default_rng(2)
    run = ring.all_reduce(rng.integers(0, 4, (3, 4)), 2, variant="exact", transport="superdense", rng=rng)
    inst = json.loads(json.dumps({**run.instance(), "seed": 0}))
    assert fuzz_ring.ring_correct_slack(inst) == 0.0


@pytest.mark.slow
def test_section3_claims_verified() -> None:
    """Mutants are run by tests/test_negative_controls.py; coverage by tests/test_registry.py."""
    from qproofs.runner import discover, run_claim

    reg = discover()
    ids = [c for c in reg.claims if c.startswith(("sdc.", "ring.", "holevo."))]
    assert len(ids) == 8
    for cid in ids:
        assert run_claim(reg.get(cid), profile="quick", seed=0).verdict.value == "verified", cid


def _sum_counts_reference(b: int, k: int) -> tuple[int, ...]:
    """Direct k-fold convolution (numpy object arrays of Python ints): the reference for the memoised iteration."""
    box = np.ones(1 << b, dtype=object)
    out = box
    for _ in range(k - 1):
        out = np.convolve(out, box)
    return tuple(int(v) for v in out)


@pytest.mark.parametrize("b,k", [(1, 1), (1, 5), (2, 7), (3, 4), (5, 9), (8, 3)])
def test_memoised_sum_counts_matches_direct_convolution(b: int, k: int) -> None:
    from qproofs.protocols import ring_entropy

    ring_entropy._COUNTS.pop(b, None)
    assert ring_entropy.sum_counts(b, k) == _sum_counts_reference(b, k)


def test_channel_entry_intervals_match_per_entry_clopper_pearson() -> None:
    """issue 14: the vectorised Clopper–Pearson matrix equals judge.clopper_pearson entry by entry."""
    from checks.sec3._channel_tests import entry_intervals, entry_intervals_reference
    from qproofs.protocols import superdense

    for F, n in ((1.0, 50), (0.9, 10**4), (0.5, 10**9), (0.25, 7)):
        c = superdense.sampled_channel_in_law(F, n, np.random.default_rng(3))
        for a, b in zip(entry_intervals(c, 1e-7), entry_intervals_reference(c, 1e-7), strict=True):
            assert np.array_equal(a, b)


def test_ragged_gradients_are_one_line_error() -> None:
    """A ragged gradient list (rows of different lengths) is bad input, not a numpy traceback (ring.py guard)."""
    with pytest.raises(InvalidParameter, match="gradients"):
        ring.all_reduce([[1, 2], [3]], 2)
