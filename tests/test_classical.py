"""Tests for qproofs.protocols.classical (Theorem 2, claim thm2.classical-leakage)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from qproofs.errors import InvalidParameter
from qproofs.protocols import classical


def test_one_time_pad_is_outside_the_model():
    a = classical.audit(classical.one_time_pad(2))
    assert not a.in_model
    assert a.rectangle_max == Fraction(1, 16)
    assert a.leakage == pytest.approx(0.0, abs=1e-12)
    assert a.p_e == 0
    assert a.slack == pytest.approx(-1.0)  # beats the bound: only possible with a shared key


@pytest.mark.parametrize("q", [2, 3, 4])
def test_send_in_clear_is_tight(q):
    a = classical.audit(classical.send_in_clear(q))
    assert a.in_model and a.rectangle_max == 0 and a.p_e == 0
    assert a.slack == pytest.approx(0.0, abs=1e-12)


def test_silent_protocol_has_full_error_and_zero_leak():
    p = classical.Protocol((2, 1), (2, 2), (classical.Message(1, 2, (0, 1)),))  # party 1 broadcasts its coin
    a = classical.audit(p)
    assert a.leakage == pytest.approx(0.0, abs=1e-12)
    assert a.p_e == Fraction(1, 2)
    assert a.rectangle_max == 0
    assert a.slack >= -1e-12


def test_family_size_matches_enumeration():
    pats = [(0,), (1,), (0, 1), (1, 0)]
    assert classical.family_size(pats) == sum(1 for _ in classical.family(pats)) == 20 + 256 + 1024


def test_every_protocol_of_small_family_satisfies_theorem_2():
    for p in classical.family([(0,), (1, 0)]):
        a = classical.audit(p)
        assert a.rectangle_max == 0
        assert a.slack >= -1e-12


def test_coins_independent_detects_shared_key():
    assert classical.coins_independent(classical.send_in_clear())
    assert not classical.coins_independent(classical.one_time_pad())


def test_run_transcript():
    p = classical.send_in_clear(4)
    assert classical.run(p, [3, 0], [0, 0]) == (3,)


@pytest.mark.parametrize("bad", [
    dict(inputs=(2,), coins=(1,), messages=()),
    dict(inputs=(2, 1), coins=(1,), messages=()),
    dict(inputs=(2, 1), coins=(1, 1), messages=(classical.Message(5, 2, (0, 1)),)),
    dict(inputs=(2, 1), coins=(1, 1), messages=(classical.Message(0, 2, (0,)),)),
    dict(inputs=(2, 1), coins=(1, 1), messages=(classical.Message(0, 2, (0, 3)),)),
])
def test_invalid_protocols_rejected(bad):
    with pytest.raises(InvalidParameter):
        classical.Protocol(**bad)


def test_from_spec_replays():
    spec = {"inputs": [3, 1, 1], "coins": [2, 1, 3], "senders": [0, 2, 1], "sizes": [2, 3, 2], "seed": 7}
    assert classical.from_spec(spec) == classical.from_spec(spec)
    a = classical.audit(classical.from_spec(spec))
    assert a.rectangle_max == 0 and a.slack >= -1e-12
