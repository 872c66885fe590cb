"""Issue 11: the independent reference paths the Section 4 checks now run every audit, and their negative controls."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace
from typing import Any
from unittest import mock

import numpy as np
import pytest

from checks.sec4 import (
    lemma1_simulatable,
    lemma2_ideal_leakage_zero,
    thm2_classical_leakage,
    vga_composable,
    vga_noise_threshold,
    vga_stabilizer_detection,
)
from checks.sec4.vga_composable import brute_force_single_copy_information
from qproofs.protocols import attacks, classical, composable, noise_threshold
from qproofs.tolerance import TOL


def _ctx(module: Any, seed: int = 0) -> SimpleNamespace:
    claim = module.CLAIM
    return SimpleNamespace(params=SimpleNamespace(**claim.params["standard"]), paper=claim.paper, tol=TOL,
                           rng=lambda name: np.random.default_rng(seed))


@pytest.mark.parametrize("q", [2, 3, 4])
def test_pad_rectangle_closed_form_matches_both_evaluators(q: int) -> None:
    pad = classical.one_time_pad(q)
    want = thm2_classical_leakage.pad_rectangle_closed_form(q)
    assert classical.audit_reference(pad).rectangle_max == classical.audit(pad).rectangle_max == want
    assert classical.audit_reference(pad).bound == pytest.approx(np.log2(q), abs=TOL.rounding)


def test_single_copy_information_matches_brute_force_on_fractional_leak() -> None:
    k = attacks.collective_probe(3, 0.5, copies=1, basis="X")
    value = composable.single_copy_information(3, 4, k)
    assert 0.05 < value < 0.45  # a fraction of a bit, halved: P(untested)·I ≠ P(untested)^I
    assert brute_force_single_copy_information(3, 4, k) == pytest.approx(value, abs=TOL.dense)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_honest_fidelity_matches_density_matrix(n: int) -> None:
    for p in (0.0, 0.05, 0.3):
        assert vga_noise_threshold.depolarised_ghz_fidelity(n, p) == pytest.approx(
            noise_threshold.honest_fidelity(n, p), abs=TOL.dense)


def test_stabilizer_float_and_reduced_check_passes_and_kills_floor_division() -> None:
    ctx = _ctx(vga_stabilizer_detection)
    assert vga_stabilizer_detection.float_fidelity_and_reduced_program(ctx).passed is True
    with mock.patch("qproofs.sdp.reduced.coefficients", vga_stabilizer_detection._coefficients_floor_division):
        assert vga_stabilizer_detection.float_fidelity_and_reduced_program(ctx).passed is None
    assert vga_stabilizer_detection._reduced_coefficients(2, Fraction(1, 3))["ok"]


def test_lemma2_reference_check_passes_and_kills_unnormalised_reference() -> None:
    ctx = _ctx(lemma2_ideal_leakage_zero)
    assert lemma2_ideal_leakage_zero.leakage_evaluators_agree_and_see_leaks(ctx).passed is True
    with mock.patch("qproofs.protocols.simulator.ideal_leakage", lemma2_ideal_leakage_zero._ideal_leakage_unnormalised):
        assert lemma2_ideal_leakage_zero.leakage_evaluators_agree_and_see_leaks(ctx).passed is None


def test_lemma1_sampler_check_passes_and_catches_parity_blind_sampler() -> None:
    ctx = _ctx(lemma1_simulatable)
    ev = lemma1_simulatable.sampled_simulator_matches_exact(ctx)
    assert ev.passed is True and ev.data["false_alarm"] <= 1e-6
    with lemma1_simulatable.sampler_ignores_coalition_parity.patch():
        assert lemma1_simulatable.sampled_simulator_matches_exact(ctx).passed is None


def _information_to_the_power(n: int, m: int, kraus: list[np.ndarray]) -> float:
    """The Cosmic Ray survivor composable.py:395 (P(untested)^I): equal to P(untested)·I at I = 1 bit only."""
    return float(composable.subset_weight(m, 1, 0)) ** composable.conditional_leakage(
        composable.vga.distribute(n, kraus), n)


def test_eve_information_check_catches_power_for_product() -> None:
    """Negative control of the brute-force comparison in eve_information_beyond_sums (not a selftest mutant: the
    claim stays refuted by its other findings, so only this check's status changes, False -> None)."""
    claim = vga_composable.CLAIM
    ctx = SimpleNamespace(params=claim.params["standard"], paper=claim.paper, tol=TOL)
    ok = {"ok": True, "rows": []}
    base = vga_composable.eve_information_beyond_sums(ctx, ok, ok)
    assert base.passed is False and all(b["gap"] <= TOL.dense for b in base.data["brute_force"])
    with mock.patch.object(composable, "single_copy_information", _information_to_the_power):
        assert vga_composable.eve_information_beyond_sums(ctx, ok, ok).passed is None
