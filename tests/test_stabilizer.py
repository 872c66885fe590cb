"""Tests for the GHZ stabiliser test (claim vga.stabilizer-detection)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from qproofs.protocols import stabilizer
from qproofs.quantum.states import dm, ghz
from qproofs.sdp import stabilizer as sdp_stab
from qproofs.symbolic import stabilizer as sym_stab


def test_n2_group_has_minus_yy():
    assert sorted(str(p) for p in stabilizer.ghz_stabilizer_group(2)) == ["+XX", "+ZZ", "+__", "-YY"]


@pytest.mark.parametrize("n", [2, 3, 4])
def test_projector_identity_symbolic(n):
    assert sym_stab.projector_identity_residual(n).is_zero_matrix


def test_symbolic_formula():
    from checks.sec4.vga_stabilizer_detection import rejection

    f = sym_stab.rejection_formula(rejection)
    assert f["difference"] == 0
    assert all(sympy.simplify(a - b) == 0 for a, b in sym_stab.rejection_formula_pairs(rejection))


def test_symbolic_formula_sees_a_wrong_claim():
    """Negative control: the claim (1 − F)/2 differs from the derived P_reject (no default form hides it)."""
    wrong = lambda F, N: (1 - F) / 2  # noqa: E731
    assert sym_stab.rejection_formula(wrong)["difference"] != 0
    assert any(sympy.simplify(a - b) != 0 for a, b in sym_stab.rejection_formula_pairs(wrong))


@pytest.mark.parametrize("n", [2, 3, 5, 7])
def test_rejection_formula_on_random_states(n):
    rng = np.random.default_rng(n)
    v = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
    v = 0.7 * ghz(n) + 0.3 * v / np.linalg.norm(v)
    v /= np.linalg.norm(v)
    F = abs(np.vdot(ghz(n), v)) ** 2
    assert stabilizer.rejection_probability(v, n) == pytest.approx(stabilizer.claimed_rejection(F, n), abs=1e-12)
    assert stabilizer.rejection_probability(dm(v), n) == pytest.approx(stabilizer.claimed_rejection(F, n), abs=1e-12)


def test_ghz_never_rejected():
    for n in range(2, 8):
        assert stabilizer.rejection_probability(ghz(n), n) == pytest.approx(0.0, abs=1e-12)


def test_outcome_sign():
    minus_yy = next(p for p in stabilizer.ghz_stabilizer_group(2) if str(p) == "-YY")
    assert stabilizer.outcome_passes(minus_yy, (0, 1))
    assert not stabilizer.outcome_passes(minus_yy, (0, 0))


def test_sampled_masks_uniform_non_identity_even():
    rng = np.random.default_rng(0)
    a, z = stabilizer.sample_stabilizer_masks(3, 20000, rng)
    assert not np.any(~a & ~z.any(axis=1))
    assert np.all(z.sum(axis=1) % 2 == 0)
    codes = a.astype(int) * 8 + z @ np.array([4, 2, 1])
    counts = np.bincount(codes, minlength=16)[[c for c in range(16) if bin(c & 7).count("1") % 2 == 0]][1:]
    assert len(counts) == 7 and counts.min() > 20000 / 7 * 0.9


@pytest.mark.parametrize("n,p", [(3, 0.1), (6, 0.05)])
def test_stim_matches_closed_form(n, p):
    rng = np.random.default_rng(1)
    f = stabilizer.stim_test_failures(n, p, 40000, rng).mean()
    r = stabilizer.depolarized_rejection(n, p)
    assert abs(f - r) < 5 * np.sqrt(r * (1 - r) / 40000)


def test_sdp_certified_n2():
    res = sdp_stab.minimum_rejection(2, Fraction(1, 2))
    assert res.passed is True
    assert res.bound == Fraction(1, 3)


def test_packed_anticommutation_equals_bitwise():
    """The bit-packed parity (stim_test_failures' fast path) equals the per-bit formula on the same data."""
    rng = np.random.default_rng(3)
    for n, shots in ((2, 8), (3, 64), (5, 40), (17, 200)):
        xs, zs, z = (rng.integers(0, 2, size=(shots, n)).astype(bool) for _ in range(3))
        a = rng.integers(0, 2, size=shots).astype(bool)
        packed = stabilizer.anticommutes_packed(*(np.packbits(v.T, axis=1, bitorder="little") for v in (xs, zs)),
                                                np.packbits(a, bitorder="little"),
                                                np.packbits(z.T, axis=1, bitorder="little"))
        assert np.array_equal(np.unpackbits(packed, count=shots, bitorder="little").astype(bool),
                              stabilizer.anticommutes(xs, zs, a, z))


def test_fast_stim_sampler_has_the_reference_law():
    """Fast sampler vs the per-bit reference (stim frames + sample_stabilizer_masks): same exact rate."""
    from scipy import stats

    def reference(n, p, shots, rng):
        import stim

        sim = stim.FlipSimulator(batch_size=shots, num_qubits=n, seed=int(rng.integers(2**62)))
        sim.do(stabilizer.ghz_noise_circuit(n, p))
        xs, zs, *_ = sim.to_numpy(output_xs=True, output_zs=True, transpose=True)
        a, z = stabilizer.sample_stabilizer_masks(n, shots, rng)
        return stabilizer.anticommutes(xs, zs, a, z)

    for n, p in ((2, 0.3), (3, 0.1), (4, 0.2)):
        exact = stabilizer.depolarized_rejection(n, p)
        for f in (stabilizer.stim_test_failures, reference):
            k = int(f(n, p, 40000, np.random.default_rng(n)).sum())
            assert stats.binomtest(k, 40000, exact).pvalue > 1e-4


def test_closed_form_rejection_equals_term_by_term_sum():
    """depolarized_rejection's binomial-theorem form equals the old sum over stabiliser weights."""
    from math import comb

    def reference(n, p):
        q = 1.0 - p
        total = sum(comb(n, w) * (1 - q**w) / 2 for w in range(2, n + 1, 2)) + 2 ** (n - 1) * (1 - q**n) / 2
        return total / (2**n - 1)

    for n in (2, 3, 4, 5, 10, 100, 1000):
        for p in (0.0, 1e-4, 0.001, 0.05, 0.3, 0.9, 1.0):
            assert stabilizer.depolarized_rejection(n, p) == pytest.approx(reference(n, p), rel=1e-11, abs=1e-300)
