"""Superdense coding (qproofs.protocols.superdense, qproofs.symbolic.superdense; claim sdc.decode)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from qproofs.errors import InvalidParameter
from qproofs.protocols import superdense
from qproofs.symbolic import superdense as sym


@pytest.mark.parametrize("word", ["00", "01", "10", "11"])
def test_each_word_decodes_with_certainty(word: str) -> None:
    p = superdense.bell_probabilities(superdense.encode(word, superdense.pair_state()))
    assert p.max() == pytest.approx(1.0, abs=1e-14)
    assert superdense.bell_measure(superdense.encode(word, superdense.pair_state()), np.random.default_rng(0)) == word


def test_noiseless_channel_is_identity_and_werner_channel_is_symmetric() -> None:
    assert np.array_equal(superdense.symbol_channel(1.0), np.eye(4))
    F = 0.7
    expected = F * np.eye(4) + (1 - F) / 3 * (1 - np.eye(4))
    assert np.allclose(superdense.symbol_channel(F), expected, atol=1e-12)


def test_odd_message_is_padded_and_fast_path_agrees() -> None:
    rng = np.random.default_rng(3)
    bits = rng.integers(0, 2, 13).astype(np.uint8)
    slow = superdense.send_bits(bits, np.random.default_rng(1))
    fast = superdense.send_bits_fast(bits, np.random.default_rng(1))
    assert np.array_equal(slow.bits, bits) and np.array_equal(fast.bits, bits)
    assert slow.pairs_measured == fast.pairs_measured == 7
    assert slow.pairs_prepared == slow.qubits_sent == fast.pairs_prepared == fast.qubits_sent == 7
    assert slow.padding_bits == fast.padding_bits == 1


def test_noisy_fast_path_reproduces_statevector_errors() -> None:
    """Property: with one seed, both paths draw the same uniforms, so they make the same decoding errors."""
    bits = np.random.default_rng(4).integers(0, 2, 400).astype(np.uint8)
    slow = superdense.send_bits(bits, np.random.default_rng(9), 0.7)
    fast = superdense.send_bits_fast(bits, np.random.default_rng(9), 0.7)
    assert np.array_equal(slow.bits, fast.bits) and not np.array_equal(slow.bits, bits)


def test_empty_message_uses_no_pairs() -> None:
    dl = superdense.send_bits(np.zeros(0, np.uint8), np.random.default_rng(0))
    assert dl.pairs_measured == 0 and dl.bits.size == 0


def test_noisy_sampling_matches_channel_statistics() -> None:
    counts = superdense.sampled_channel(0.6, 4000, np.random.default_rng(5))
    err = 1 - np.trace(counts) / counts.sum()
    assert abs(err - 0.4) < 4 * np.sqrt(0.24 / 4000)


@pytest.mark.parametrize("F", [-0.1, 1.01, 2.0])
def test_fidelity_outside_unit_interval_rejected(F: float) -> None:
    with pytest.raises(InvalidParameter, match="F"):
        superdense.pair_state(F)
    with pytest.raises(InvalidParameter, match="F"):
        superdense.werner_capacity(F)


@pytest.mark.parametrize("send", [superdense.send_bits, superdense.send_bits_fast])
def test_non_binary_bits_rejected(send) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidParameter, match="bits"):
        send(np.array([0, 2]), np.random.default_rng(0))


def test_symbolic_gram_and_decode_table() -> None:
    assert sym.bell_gram_matrix() == sp.eye(4)
    table = sym.decode_table()
    assert all(t["certain"] and t["decoded"] == w for w, t in table.items())


def test_symbolic_detects_colliding_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(superdense.ENCODE_WORDS, "11", "X")
    assert sym.bell_gram_matrix() != sp.eye(4)


def test_capacity_formula_endpoints_and_breakeven() -> None:
    assert superdense.werner_capacity(1.0) == pytest.approx(2.0)
    assert superdense.werner_capacity(0.25) == pytest.approx(0.0, abs=1e-12)
    F = superdense.breakeven_fidelity(superdense.werner_capacity)
    assert superdense.werner_capacity(F) == pytest.approx(1.0, abs=1e-12)
    assert 0.8 < F < 0.82


@pytest.mark.parametrize("F", [1.0, 0.7, 0.3])
@pytest.mark.parametrize("n_bits", [0, 1, 2, 13, 400])
def test_batched_statevector_path_equals_per_pair_loop(F: float, n_bits: int) -> None:
    """issue 14: the batched statevector path is draw for draw the old per-pair loop (same uniforms, same errors)."""
    bits = np.random.default_rng(n_bits).integers(0, 2, n_bits).astype(np.uint8)
    new = superdense.send_bits(bits, np.random.default_rng(11), F)
    old = superdense.send_bits_reference(bits, np.random.default_rng(11), F)
    assert np.array_equal(new.bits, old.bits)
    assert (new.pairs_measured, new.pairs_prepared, new.qubits_sent, new.padding_bits) == \
        (old.pairs_measured, old.pairs_prepared, old.qubits_sent, old.padding_bits)
    assert len(set(new.pair_ids)) == len(new.pair_ids) == len(old.pair_ids)


def test_batched_statevector_path_follows_patched_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The batched path reads ENCODE_WORDS / DECODE_TABLE / pair_state at call time, like the loop."""
    bits = np.random.default_rng(2).integers(0, 2, 200).astype(np.uint8)
    monkeypatch.setitem(superdense.ENCODE_WORDS, "11", "X")
    new = superdense.send_bits(bits, np.random.default_rng(3))
    old = superdense.send_bits_reference(bits, np.random.default_rng(3))
    assert np.array_equal(new.bits, old.bits) and not np.array_equal(new.bits, bits)


def test_batched_statevector_path_refuses_unnormalised_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(superdense, "pair_state", lambda fidelity=1.0: 2 * superdense.bell_state("Phi+"))
    with pytest.raises(InvalidParameter, match="normalised"):
        superdense.send_bits(np.array([0, 1], np.uint8), np.random.default_rng(0))


@pytest.mark.parametrize("F", [1.0, 0.8, 0.4])
def test_in_law_sampler_matches_shot_by_shot_counts(F: float) -> None:
    """issue 14: the multinomial sampler and the shot-by-shot fast path give counts of one law (chi-square)."""
    from scipy.stats import chi2_contingency

    n = 20_000
    law = superdense.sampled_channel_in_law(F, n, np.random.default_rng(21))
    shots = superdense.sampled_channel(F, n, np.random.default_rng(22), fast=True)
    assert int(law.sum()) == int(shots.sum()) == n
    if F == 1.0:
        assert np.count_nonzero(law - np.diag(np.diag(law))) == 0 == np.count_nonzero(shots - np.diag(np.diag(shots)))
        return
    table = np.stack([law.ravel(), shots.ravel()])
    table = table[:, table.sum(axis=0) > 0]
    assert chi2_contingency(table)[1] > 1e-4  # fixed seeds: deterministic; a wrong law fails by far
    wrong = superdense.sampled_channel_in_law(min(1.0, F + 0.05), n, np.random.default_rng(21))
    table_wrong = np.stack([wrong.ravel(), shots.ravel()])
    assert chi2_contingency(table_wrong[:, table_wrong.sum(axis=0) > 0])[1] < 1e-4  # power: F off by 0.05
