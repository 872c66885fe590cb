"""GHZ encoding and aggregation (qproofs.protocols.ghz), its sympy proofs and fuzz strategies."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings

from qproofs.errors import InvalidParameter
from qproofs.fuzz import ghz as ghz_fuzz
from qproofs.protocols import ghz
from qproofs.quantum.fisher import qfi_pure_diagonal
from qproofs.sdp import variance as var_sdp
from qproofs.symbolic import ghz as sym


def test_two_amplitude_equals_full_simulation() -> None:
    rng = np.random.default_rng(0)
    for n in range(1, 7):
        w, th = rng.normal(size=n), rng.normal(size=n)
        full = ghz.encode_full(ghz.ghz_type_state(w, 0.4), th)
        two = ghz.encode_two(ghz.ghz_two_amplitude(w, 0.4), th)
        assert np.allclose(full, two.full(), atol=1e-12)
        for bases in ("X" * n, "Y" * n, "Y" + "X" * (n - 1)):
            assert np.allclose(ghz.outcome_distribution_full(full, bases), ghz.outcome_distribution_two(two, bases),
                               atol=1e-12)


def test_sampled_bits_follow_the_parity_law() -> None:
    rng = np.random.default_rng(1)
    st_ = ghz.encode_two(ghz.ghz_two_amplitude(np.ones(70)), np.full(70, 0.01))
    ledger = ghz.Ledger()
    packed = ghz.measure_and_broadcast(st_, "X" * 70, 20000, rng, ledger)
    assert ledger.bits_broadcast == 70 * 20000 and ledger.copies == 20000
    assert packed.shape == (20000, 2) and not np.any(packed[:, 1] >> np.uint64(6))  # only 70 bits used
    pe = ghz.parity_even_probability(st_, "X" * 70)
    assert math.isclose(pe, (1 + math.cos(0.7)) / 2, rel_tol=1e-12)
    frac_odd = ghz.decode_parities(packed).mean()
    assert abs(frac_odd - (1 - pe)) < 4 * math.sqrt(pe * (1 - pe) / 20000)
    # node 0's bit alone is uniform: the parity is spread over all nodes
    assert abs(float((packed[:, 0] & np.uint64(1)).mean()) - 0.5) < 0.02


def test_definition1_recovers_the_sum_exactly_with_enough_copies() -> None:
    rng = np.random.default_rng(2)
    k = np.array([3, -4, 1, 2])
    run = ghz.run_aggregate(k, bits=3, copies=40000, rng=rng)
    assert run.recovered == 2 and run.bits_broadcast == 4 * 40000


def test_ghz_attains_w2_and_w_state_does_not() -> None:
    w = np.array([1.0, -2.0, 0.5])
    lam = ghz.generator_spectrum(w)
    assert math.isclose(qfi_pure_diagonal(ghz.ghz_type_state(w, 1.0), lam), 3.5**2, rel_tol=1e-12)
    wst = np.zeros(8, dtype=complex)
    wst[[1, 2, 4]] = 1 / math.sqrt(3)
    assert qfi_pure_diagonal(wst, lam) < 3.5**2 - 1


def test_symbolic_proofs() -> None:
    assert sym.encoded_ghz_identity(2)[0]
    assert sym.parity_expectations(2)[0]
    assert sym.ghz_qfi_symbolic(2)[0]
    assert sym.variance_identity(3) and sym.penalty_identity(2)
    assert sym.two_level_qfi()[0]
    assert sym.extreme_eigenspace_dimension((1, -1)) == 1
    assert sym.extreme_eigenspace_dimension((1, 0, 0)) == 4
    assert sym.parity_fisher_information(1)[0]


def test_zero_weight_breaks_uniqueness() -> None:
    w = np.array([1.0, 0.0])
    psi = np.array([0.5, 0.5, 0.5, 0.5], dtype=complex)  # |+⟩|+⟩: both GHZ-type supports, half each
    assert math.isclose(qfi_pure_diagonal(psi, ghz.generator_spectrum(w)), 1.0, rel_tol=1e-12)
    assert ghz.best_ghz_type_fidelity(psi, w) <= 0.5 + 1e-12


def test_variance_program_certified_exactly() -> None:
    from fractions import Fraction

    vc = var_sdp.certify_max_variance([Fraction(1), Fraction(-2)])
    assert vc.passed is True and vc.certificate.bound == Fraction(9, 4)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(ghz_fuzz.probe_instances(max_n=4))
def test_probe_instances_are_json_and_normalised(inst: dict) -> None:
    """Property: instances are JSON-able and states are normalised of dimension 2^N."""
    import json

    json.dumps(inst)
    v = ghz_fuzz.state_from_pairs(inst["state"])
    assert v.size == 2 ** len(inst["weights"]) and math.isclose(np.linalg.norm(v), 1.0, rel_tol=1e-9)
    assert qfi_pure_diagonal(v, ghz.generator_spectrum(inst["weights"])) <= ghz.qfi_bound(inst["weights"]) * (
        1 + 1e-9) + 1e-300


@settings(max_examples=30, deadline=None, derandomize=True)
@given(ghz_fuzz.invalid_instances())
def test_invalid_instances_raise(inst: dict) -> None:
    """Property: empty / non-finite weights, unnormalised states and dimension mismatch are rejected."""
    with pytest.raises(InvalidParameter):
        qfi_pure_diagonal(ghz_fuzz.state_from_pairs(inst["state"]), ghz.generator_spectrum(inst["weights"]))


@pytest.mark.parametrize("call", [
    lambda: ghz.total_weight([]),
    lambda: ghz.ghz_type_state([1.0, math.nan]),
    lambda: ghz.encode_two(ghz.ghz_two_amplitude([1.0, 1.0]), [0.1]),
    lambda: ghz.encode_full(np.ones(4), [0.1, 0.2]),
    lambda: ghz.parity_even_probability(ghz.ghz_two_amplitude([1.0]), "Z"),
    lambda: ghz.fixed_point([0.5], 0),
    lambda: ghz.required_copies(0.0, 0.1),
    lambda: ghz.penalty_bound(np.ones(2) / math.sqrt(2), [1.0, 1.0]),
    lambda: ghz.uniqueness_stability_slack(ghz.ghz_type_state([1.0, 0.0]), [1.0, 0.0]),
])
def test_bad_input_raises_invalid_parameter(call) -> None:  # noqa: ANN001
    with pytest.raises(InvalidParameter):
        call()


def test_weight_strategy_covers_zeros_signs_and_scales() -> None:
    from hypothesis import find

    find(ghz_fuzz.weight_vectors(), lambda w: 0.0 in w and any(x < 0 for x in w))
    find(ghz_fuzz.weight_vectors(), lambda w: any(0 < abs(x) < 1e-3 for x in w) and any(abs(x) > 50 for x in w))


def test_off_centre_relaxation_neither_refutes_nor_blocks_the_variance_bound() -> None:
    """The linear relaxation at a wrong centre c overshoots W²/4; that must not count as a refutation.

    With the solver's mean forced to 1/100 the first centre gives a valid bound (W/2 + 1/100)² > W²/4;
    the spectral midpoint then certifies W²/4 exactly.
    """
    from fractions import Fraction
    from unittest import mock

    real = var_sdp.max_variance_numeric

    def off_centre(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        r = real(*args, **kwargs)
        return var_sdp.VarianceOptimum(r.status, r.value, 0.01, r.diagonal)

    with mock.patch.object(var_sdp, "max_variance_numeric", off_centre):
        vc = var_sdp.certify_max_variance([Fraction(1), Fraction(-2)])
        assert vc.passed is True and vc.certificate.bound == Fraction(9, 4) and vc.centre == 0
    # the off-centre candidate alone: a valid but loose bound, inconclusive (None), never refuted (False)
    from qproofs.sdp.certificate import Constraint, SDPProgram, certify

    lam = var_sdp.exact_spectrum([1, -2])
    c = Fraction(1, 100)
    C = [[(lam[i] - c) ** 2 if i == j else Fraction(0) for j in range(4)] for i in range(4)]
    eye = [[Fraction(int(i == j)) for j in range(4)] for i in range(4)]
    loose = certify(SDPProgram(C, (Constraint(eye, "==", 1),)), claimed=Fraction(9, 4))
    assert loose.certificate_valid and loose.bound > Fraction(9, 4) and loose.refuted  # relaxation's own flag
    num = var_sdp.max_variance_numeric([float(v) for v in lam])
    vc_loose = var_sdp.VarianceCertificate(num, loose, c, Fraction(9, 4))
    assert vc_loose.passed is None  # judged on the variance optimum 9/4: inconclusive, not refuted


def test_variance_bound_below_the_optimum_is_refuted() -> None:
    from fractions import Fraction

    vc = var_sdp.certify_max_variance([Fraction(1), Fraction(-2)], claimed=Fraction(9, 4) - Fraction(1, 100))
    assert vc.refuted and vc.passed is False


def test_product_probe_reaches_the_shot_noise_value() -> None:
    w = np.array([1.0, -2.0, 0.5])
    lam = ghz.generator_spectrum(w)
    plus = ghz.product_probe(np.full(3, math.pi / 2))
    assert np.allclose(plus, np.full(8, 1 / math.sqrt(8)))
    assert math.isclose(qfi_pure_diagonal(plus, lam), ghz.best_product_qfi(w), rel_tol=1e-12)
    with pytest.raises(InvalidParameter, match="azimuth"):
        ghz.product_probe([1.0, 2.0], [0.0])


def test_in_law_aggregate_matches_shot_path_in_law() -> None:
    """issue 14: run_aggregate(in_law=True) draws the same law of Φ̂ as the shot-by-shot broadcast (KS, fixed seeds)."""
    from scipy.stats import ks_2samp

    k = np.array([3, -4, 1, 2, 0, 1, -1])
    shots = [ghz.run_aggregate(k, 3, 400, np.random.default_rng(100 + r)) for r in range(300)]
    law = [ghz.run_aggregate(k, 3, 400, np.random.default_rng(900 + r), in_law=True) for r in range(300)]
    assert {r.bits_broadcast for r in law} == {r.bits_broadcast for r in shots} == {7 * 400}
    assert ks_2samp([r.phi_hat for r in shots], [r.phi_hat for r in law]).pvalue > 1e-3
    off = [ghz.run_aggregate(k + np.array([1, 0, 0, 0, 0, 0, 0]), 3, 400, np.random.default_rng(900 + r),
                             in_law=True) for r in range(300)]
    assert ks_2samp([r.phi_hat for r in shots], [r.phi_hat for r in off]).pvalue < 1e-3  # power: Σk off by 1


@pytest.mark.parametrize("n", [2, 3])
def test_max_variance_diagonal_matches_the_full_program(n):
    """Issue 14: the diagonal program (thm1.ghz-unique's fast path) is the full ρ program on small instances."""
    from fractions import Fraction

    rng = np.random.default_rng(n)
    w = [Fraction(int(k), 7) for k in rng.choice([-5, -3, -2, 1, 2, 4, 6], size=n)]
    lam = [float(v) for v in var_sdp.exact_spectrum(w)]
    for projs, caps in (((), ()), ((var_sdp.pair_projector(n, [0] * n),), (0.5,))):
        full = var_sdp.max_variance_numeric(lam, projs, caps)
        fast = var_sdp.max_variance_diagonal(lam, projs, caps)
        assert full.status == fast.status == "optimal"
        assert abs(full.value - fast.value) <= 1e-6
        assert np.allclose(full.diagonal, fast.diagonal, atol=1e-4)


@pytest.mark.parametrize("n", [1, 2])
def test_parity_fisher_fast_route_matches_simplify(n):
    """Issue 14: the cancel + sin² = 1 − cos² route gives the F_C that simplify(trigsimp(·)) gave (small n)."""
    import sympy as sp

    u = sp.symbols(f"u1:{n + 1}", positive=True)
    theta = sp.Symbol("theta", real=True)
    psi = sym._kron(*[sym._gate(uj * theta) for uj in u]) * sym._ghz_vector(n)
    amp = sym._kron(*([sp.Matrix([[1, 1], [1, -1]]) / sp.sqrt(2)] * n)) * psi
    pe = sp.simplify(sp.trigsimp(sum(sp.expand_complex(amp[i] * sp.conjugate(amp[i]))
                                     for i in range(2**n) if bin(i).count("1") % 2 == 0)))
    dp = sp.diff(pe, theta)
    slow = sp.simplify(sp.trigsimp(dp**2 / pe + dp**2 / (1 - pe)))
    ok, fast = sym.parity_fisher_information(n)
    assert ok and sp.expand(fast - slow) == 0


def test_symbolic_fast_routes_still_refute_a_wrong_encoding(monkeypatch):
    """Negative control for the issue-14 routes: exp(−iθZ) (factor 1) breaks every GHZ identity they decide."""
    monkeypatch.setattr(ghz, "ENCODING_FACTOR", 1.0)
    assert not sym.parity_fisher_information(2)[0]
    assert not sym.parity_expectations(2)[0]
    assert not sym.encoded_ghz_identity(2)[0]
    assert not sym.ghz_qfi_symbolic(2, factor=2.0)[0]
