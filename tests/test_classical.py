"""Tests for qproofs.protocols.classical (Theorem 2, claim thm2.classical-leakage)."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest

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


def _family(patterns, input_size=2, coin_size=2, msg_size=2, parties=2):
    """Every protocol of the sender patterns, one at a time (itertools.product over each table: the reference)."""
    inputs = (input_size,) + (1,) * (parties - 1)
    coins = (coin_size,) * parties
    for pattern in patterns:
        lengths, prefixes = [], 1
        for s in pattern:
            lengths.append(inputs[s] * coins[s] * prefixes)
            prefixes *= msg_size
        for tables in product(*(product(range(msg_size), repeat=L) for L in lengths)):
            yield classical.Protocol(inputs, coins, tuple(classical.Message(s, msg_size, t)
                                                          for s, t in zip(pattern, tables, strict=True)))


def test_family_size_matches_enumeration():
    pats = [(0,), (1,), (0, 1), (1, 0)]
    assert classical.family_size(pats) == sum(1 for _ in _family(pats)) == 20 + 256 + 1024


def test_every_protocol_of_small_family_satisfies_theorem_2():
    for p in _family([(0,), (1, 0)]):
        a = classical.audit(p)
        assert a.rectangle_max == 0
        assert a.slack >= -1e-12


def test_coins_independent_detects_shared_key():
    assert classical.coins_independent(classical.send_in_clear())
    assert not classical.coins_independent(classical.one_time_pad())


def test_run_transcript():
    p = classical.send_in_clear(4)
    assert classical.run(p, [3, 0], [0, 0]) == (3,)


def test_from_spec_replays():
    spec = {"inputs": [3, 1, 1], "coins": [2, 1, 3], "senders": [0, 2, 1], "sizes": [2, 3, 2], "seed": 7}
    assert classical.from_spec(spec) == classical.from_spec(spec)
    a = classical.audit(classical.from_spec(spec))
    assert a.rectangle_max == 0 and a.slack >= -1e-12


# ------------------------------------------------- batched fast path (issue 14) ---


def _same(a: classical.Audit, b: classical.Audit) -> None:
    assert (a.in_model, a.rectangle_max, a.p_e) == (b.in_model, b.rectangle_max, b.p_e)
    assert a.leakage == pytest.approx(b.leakage, abs=1e-12)
    assert a.bound == pytest.approx(b.bound, abs=1e-12)


@pytest.mark.parametrize("patterns,kw", [
    ([(0,), (1,), (0, 1), (1, 0)], {}),                               # two-party-short, every protocol
    ([(0,), (2,), (1, 2)], {"parties": 3}),
    ([(0,)], {"input_size": 4, "msg_size": 3}),                       # four-input (6561 protocols, every 7th)
])
def test_batch_equals_reference_on_whole_families(patterns, kw):
    """The batched evaluator of the enumerated families equals the per-atom reference, protocol by protocol."""
    ref = list(_family(patterns, **kw))
    fast = [b.audit(k) for shape, tables in classical.family_batches(patterns, **kw)
            for b in [classical.audit_batch(shape, tables)] for k in range(len(b.leakage))]
    assert len(fast) == len(ref) == classical.family_size(patterns, **kw)
    step = 7 if len(ref) > 5000 else 1
    for k in range(0, len(ref), step):
        _same(fast[k], classical.audit_reference(ref[k]))


def test_family_batches_rows_are_the_family_in_order():
    pats = [(1, 0), (0, 0)]
    protos = list(_family(pats))
    rows = [shape.protocol([t[k] for t in tables]) for shape, tables in classical.family_batches(pats)
            for k in range(tables[0].shape[0])]
    assert rows == protos


@pytest.mark.parametrize("seed", range(25))
def test_single_audit_equals_reference_on_random_protocols(seed):
    rng = __import__("random").Random(seed)
    parties = rng.randint(2, 3)
    k = rng.randint(1, 3)
    spec = {"seed": seed, "inputs": [rng.randint(2, 4)] + [1] * (parties - 1),
            "coins": [rng.randint(1, 3) for _ in range(parties)], "senders": [rng.randrange(parties) for _ in range(k)],
            "sizes": [rng.randint(2, 4) for _ in range(k)]}
    p = classical.from_spec(spec)
    _same(classical.audit(p), classical.audit_reference(p))


def test_batch_on_negative_controls_equals_reference():
    for q in (2, 3, 4):
        _same(classical.audit(classical.one_time_pad(q)), classical.audit_reference(classical.one_time_pad(q)))


def test_rectangle_certificate_accepted_and_shared_key_blocks_rejected(monkeypatch):
    from checks.sec4.thm2_classical_leakage import rectangle_blocks_table
    from qproofs.certcheck import check_document
    from qproofs.certcheck.errors import Rejected

    blocks = {}
    for shape, tables in classical.family_batches([(0,), (1, 0)]):
        classical.audit_batch(shape, tables, blocks=blocks)
    assert check_document(rectangle_blocks_table(blocks, claim="c", check="k")).startswith("ok")
    monkeypatch.setattr(classical, "SHARED_KEY", (0, 1))  # the negative control: correlated coins
    bad = {}
    for shape, tables in classical.family_batches([(0,)]):
        classical.audit_batch(shape, tables, blocks=bad)
    with pytest.raises(Rejected, match="row-fails"):
        check_document(rectangle_blocks_table(bad, claim="c", check="k"))


def test_batch_edge_cases_equal_reference():
    silent = classical.Protocol((2, 1), (2, 2), ())  # no message at all: p_e = 1/2, nothing leaks
    mixed = classical.Protocol((3, 1, 1), (2, 1, 3), (classical.Message(2, 2, (0, 1, 1)),
                                                      classical.Message(0, 3, (0, 1, 2, 2, 1, 0) * 2)))
    for p in (silent, mixed):
        _same(classical.audit(p), classical.audit_reference(p))


def test_enumeration_check_compares_the_reference_path(monkeypatch):
    """thm2.classical-leakage::enumerated_family re-audits sampled protocols by the per-atom reference.

    Negative control: a transcript-prefix index that drops the earlier messages (``idx & s + v`` for
    ``idx * s + v``) leaves every one-message protocol intact, and only the multi-message comparison sees it;
    the check then says inconclusive (an evaluator defect), never refuted.
    """
    from qproofs.runner import discover, run_claim

    claim = discover("checks").get("thm2.classical-leakage")
    good = {c.name: c.status for c in run_claim(claim, profile="quick").checks}
    assert good["enumerated_family"] == "pass"

    def broken(msgs, sizes):
        idx = 0
        for v, s in zip(msgs, sizes, strict=False):
            idx = idx & s + v
        return idx

    monkeypatch.setattr(classical, "_transcript_index", broken)
    result = run_claim(claim, profile="quick")
    assert {c.name: c.status for c in result.checks}["enumerated_family"] == "inconclusive"
    assert result.verdict.value == "inconclusive"


def test_enumeration_complete_rejects_repeated_tables():
    """thm2's completeness assertion: distinct rows, not only their count (a digit slice that repeats tables)."""
    from checks.sec4.thm2_classical_leakage import enumeration_complete

    for shape, tables in classical.family_batches([(0,), (1, 0)]):
        assert enumeration_complete(shape, tables)
        bad = [t.copy() for t in tables]
        bad[0][1] = bad[0][0]
        bad[-1][1] = bad[-1][0]
        assert not enumeration_complete(shape, bad)


def test_shared_key_specs_known_answers(monkeypatch):
    from checks.sec4.thm2_classical_leakage import shared_key_spec_rows

    assert all(r["agrees"] for r in shared_key_spec_rows())
    real = classical.coin_assignments
    monkeypatch.setattr(classical, "coin_assignments", lambda p: (r for r in real(p) if r[-1] == 0))
    assert not all(r["agrees"] for r in shared_key_spec_rows())
