"""Negative controls of the exact (unsampled) checks added to vga.composable and vga.noise-threshold (issue 11)."""

from __future__ import annotations

from unittest import mock

import numpy as np

from checks.sec4 import _composable
from checks.sec4.vga_noise_threshold import frame_extraction_mismatches
from qproofs.protocols import composable, stabilizer
from qproofs.tolerance import TOL


def test_executed_guess_attains_the_ml_optimum():
    rows = _composable.strategy_exactness(3)
    assert all(r["gap"] <= TOL.dense for r in rows)
    assert max(r["ml_optimum"] for r in rows) > 0.7  # some attack leaks: the check is not vacuous


def test_a_guess_that_ignores_the_likelihood_ratio_is_seen():
    """Cosmic Ray's `0 if llr > 0 else 1` → `llr == 0`: the likelihood-ratio branch always guesses world 1."""
    real = composable.guess_world

    def flipped(run, attack_for, rng, memo=None):
        g = real(run, attack_for, rng, memo)
        return 1 - g

    with mock.patch.object(composable, "guess_world", flipped):
        rows = _composable.strategy_exactness(3)
    assert max(r["gap"] for r in rows) > 0.1


def test_record_law_is_normalised_and_matches_the_protocol_tables():
    ks = _composable.STRATEGY_ATTACKS["collective probe t = 1/2, one copy"](3)
    x, _ = composable.worst_pair(3)
    law = _composable.record_law(3, ks, x)
    assert abs(law.sum() - 1) <= TOL.dense
    assert np.abs(law - composable._Memo(3).joint(ks, x)).max() <= TOL.dense


def test_frame_reader_matches_unpackbits_and_a_wrong_reader_is_seen():
    assert frame_extraction_mismatches((3, 4), 0.2, seed=1)["mismatched_bits"] == 0
    wrong = lambda packed, idx: ((packed[:, idx >> 3] >> (idx & 7)) & 2).T.astype(bool)  # noqa: E731
    with mock.patch.object(stabilizer, "shot_bits", wrong):
        assert frame_extraction_mismatches((3, 4), 0.2, seed=1)["mismatched_bits"] > 0


def test_collective_reference_agrees_and_a_wrong_evaluator_is_seen():
    from checks.sec4._brute import collective_point
    from checks.sec4.vga_eve_attacks import _reference_gap
    from qproofs.protocols import attacks, vga
    from qproofs.quantum.states import ghz

    n, ks = 2, attacks.collective_probe(2, 0.3)
    psi = np.stack([K @ np.kron(ghz(n), ghz(n)) for K in ks], axis=1)
    ref = collective_point(n, ks, 2)
    infid = [1 - float(np.real(ghz(n).conj() @ vga.copy_marginal(psi, n, 2, k) @ ghz(n))) for k in range(2)]
    row = {"leak_bits": vga.eve_leakage_copies(psi, n, 2, 0), "c_times_infidelity": infid, "reference": ref}
    assert _reference_gap([row]) <= TOL.dense
    assert ref["leak_bits"] > 0.1  # the probe leaks: the comparison is not between zeros
    assert _reference_gap([row | {"leak_bits": row["leak_bits"] * 0.9}]) > TOL.dense
    assert _reference_gap([row | {"c_times_infidelity": [infid[0], infid[1] / 2]}]) > TOL.dense
