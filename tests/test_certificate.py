"""The exact SDP certificate layer (qproofs.sdp.certificate)."""

from __future__ import annotations

from fractions import Fraction
from unittest import mock

import numpy as np
import pytest

from qproofs.errors import InvalidParameter
from qproofs.sdp import certificate as ct
from qproofs.sdp.certificate import (
    CertifiedBound,
    Constraint,
    SDPProgram,
    certify,
    is_psd_exact,
    verify_certificate,
)


def _max_eig_program(C: np.ndarray) -> SDPProgram:
    return SDPProgram(C, (Constraint(np.eye(len(C)), "==", 1),), name="max-eig")


def test_max_eigenvalue_is_certified_with_rigorous_bound() -> None:
    C = np.array([[1.0, 0.5, 0.0], [0.5, 2.0, 0.0], [0.0, 0.0, -3.0]])
    lam = float(np.linalg.eigvalsh(C).max())
    res = certify(_max_eig_program(C), claimed=lam + 1e-7)
    assert res.status == "certified" and res.passed is True
    assert res.bound is not None and float(res.bound) >= lam - 1e-15
    assert res.margin is not None and res.margin >= 0
    assert abs(res.numeric_optimum - lam) < 1e-6


def test_exact_optimum_is_hit_by_small_denominator_rounding() -> None:
    C = [[Fraction(9, 4), 0], [0, Fraction(-1, 4)]]
    res = certify(_max_eig_program(C), claimed=Fraction(9, 4))
    assert res.status == "certified" and res.bound == Fraction(9, 4) and res.margin == 0


def test_complex_hermitian_program() -> None:
    rng = np.random.default_rng(1)
    G = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    H = (G + G.conj().T) / 2
    lam = float(np.linalg.eigvalsh(H).max())
    res = certify(_max_eig_program(H), claimed=lam + 1e-6)
    assert res.status == "certified"
    assert float(res.bound) >= lam - 1e-12


def test_min_program_with_inequality_gives_lower_bound() -> None:
    # Section-4 shape: min tr(ρR) s.t. tr ρ = 1, tr(ρP) <= F; here R = I − P so the minimum is 1 − F.
    P = np.zeros((4, 4))
    P[0, 0] = P[3, 3] = P[0, 3] = P[3, 0] = 0.5
    prog = SDPProgram(np.eye(4) - P, (Constraint(np.eye(4), "==", 1), Constraint(P, "<=", Fraction(9, 10))),
                      sense="min")
    res = certify(prog, claimed=Fraction(1, 10))
    assert res.status == "certified" and res.bound <= Fraction(1, 10) + Fraction(1, 10**9)
    assert res.bound >= Fraction(1, 10) - Fraction(1, 10**6)
    too_strong = certify(prog, claimed=Fraction(2, 10))
    assert too_strong.status == "not_certified" and too_strong.passed is False
    assert too_strong.certificate_valid and too_strong.margin < 0


def test_ge_constraints_are_negated() -> None:
    # max tr(ρ diag(1,0)) s.t. tr ρ = 1, tr(ρ diag(0,1)) >= 1/4: optimum 3/4.
    prog = SDPProgram(np.diag([1.0, 0.0]), (Constraint(np.eye(2), "==", 1),
                                            Constraint(np.diag([0.0, 1.0]), ">=", Fraction(1, 4))))
    res = certify(prog, claimed=Fraction(3, 4), claim_tol=Fraction(1, 10**6))
    assert res.status == "certified"


def test_deliberately_wrong_certificate_is_rejected() -> None:
    C = [[2, 1], [1, 2]]  # λ_max = 3
    prog = _max_eig_program(C)
    bad = verify_certificate(prog, [Fraction(5, 2)])  # claims max <= 5/2: false
    assert not bad.valid and bad.bound is None and "not PSD" in bad.reason
    good = verify_certificate(prog, [Fraction(3)])
    assert good.valid and good.bound == 3


def test_negative_multiplier_on_inequality_row_is_rejected() -> None:
    prog = SDPProgram([[1, 0], [0, 0]], (Constraint([[1, 0], [0, 1]], "<=", 1),))
    assert not verify_certificate(prog, [Fraction(-1)]).valid
    assert verify_certificate(prog, [Fraction(1)]).valid


def test_certificate_with_flipped_sign_is_rejected() -> None:
    C = np.diag([1.0, 3.0, -2.0])
    with mock.patch.object(ct, "CERTIFICATE_SIGN", -1):
        res = certify(SDPProgram(C, (Constraint(np.diag([1.0, 1.0, 2.0]), "==", 1),)), claimed=3.0)
    assert res.status != "certified" and res.passed is not True


def test_unsound_verifier_would_accept_the_wrong_certificate() -> None:
    # Negative control of the wrong-certificate test: with the dual slack's sign flipped the
    # verifier accepts y = 5/2 for λ_max = 3, so the rejection above is doing real work.
    prog = _max_eig_program([[2, 1], [1, 2]])
    with mock.patch.object(ct, "DUAL_SIGN", +1):
        assert verify_certificate(prog, [Fraction(5, 2)]).valid


def test_solver_failure_is_inconclusive() -> None:
    fake = ct.Solution("infeasible_inaccurate", "FAKE", None, None, None, None)
    with mock.patch.object(ct, "solve", return_value=fake):
        res = certify(_max_eig_program(np.eye(2)), claimed=1)
    assert res.status == "solver_failed" and res.passed is None and res.bound is None


def test_exact_psd_check_semidefinite_and_negative() -> None:
    assert is_psd_exact([[1, 1], [1, 1]]).psd  # singular PSD: LDLᵀ fallback
    assert is_psd_exact([[0, 0], [0, 0]]).psd
    assert not is_psd_exact([[0, 1], [1, 0]]).psd  # zero pivot with non-zero row
    assert not is_psd_exact([[1, 2], [2, 1]]).psd
    assert not is_psd_exact([[1, 0], [0, Fraction(-1, 10**30)]]).psd  # far below float resolution
    assert not is_psd_exact([[1, 1], [0, 1]]).psd  # non-symmetric: refused, never symmetrised


def test_certified_bound_invariants() -> None:
    with pytest.raises(InvalidParameter):
        CertifiedBound("certified", "max", None, 1.0, None, None, None, "X", "optimal", False)
    with pytest.raises(InvalidParameter):
        CertifiedBound("solver_failed", "max", None, 1.0, None, None, None, "X", "optimal", False)


def test_bad_programs_raise_invalid_parameter() -> None:
    with pytest.raises(InvalidParameter):
        SDPProgram([[1, 2], [0, 1]], (Constraint(np.eye(2), "==", 1),))  # not Hermitian
    with pytest.raises(InvalidParameter):
        SDPProgram(np.eye(2), (Constraint(np.eye(3), "==", 1),))  # dimension mismatch
    with pytest.raises(InvalidParameter):
        SDPProgram(np.eye(2), (Constraint(np.eye(2), "<>", 1),))
    with pytest.raises(InvalidParameter):
        SDPProgram(np.array([[np.nan, 0], [0, 1]]), (Constraint(np.eye(2), "==", 1),))
    with pytest.raises(InvalidParameter):
        SDPProgram(np.eye(2), ())


def test_sympy_complex_entries_are_taken_exactly_never_rationalised() -> None:
    import sympy

    exact = SDPProgram([[1, sympy.Rational(1, 3) * sympy.I], [-sympy.Rational(1, 3) * sympy.I, 1]],
                       (Constraint(np.eye(2), "==", 1),))
    assert exact.is_complex and exact.exact["C"][1][0][1] == Fraction(1, 3)
    with pytest.raises(InvalidParameter, match="rational"):  # a sympy Float is not silently nsimplify-ed to 1/3
        SDPProgram([[1, sympy.Float(1 / 3) * sympy.I], [-sympy.Float(1 / 3) * sympy.I, 1]],
                   (Constraint(np.eye(2), "==", 1),))
