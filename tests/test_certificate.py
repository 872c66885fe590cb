"""The exact SDP certificate layer (qproofs.sdp.certificate)."""

from __future__ import annotations

from fractions import Fraction
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qproofs.certcheck import check_document, check_file
from qproofs.certcheck.errors import Rejected
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


# ------------------------------------------------ certificate documents (issue 12) ---


def _rejects(doc: dict, code: str) -> None:
    with pytest.raises(Rejected) as exc:
        check_document(doc)
    assert exc.value.code == code, str(exc.value)


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_theorem1_variance_certificate_is_accepted_by_the_independent_checker(n: int) -> None:
    """Claim thm1.qfi-bound: max Var ≤ W²/4 for unit weights, N = 2..5, rechecked from the document alone."""
    from qproofs.sdp.variance import certify_max_variance

    cb = certify_max_variance([1] * n).certificate
    assert cb is not None and cb.status == "certified"
    doc = cb.certificate_document("thm1.qfi-bound", f"variance_n{n}")
    assert doc["statement"] == {"relation": "max<=", "bound": str(Fraction(n * n, 4))}
    assert check_document(doc).startswith("ok: max")
    doc["statement"]["bound"] = str(Fraction(n * n, 4) - Fraction(1, 1000))  # negative control
    _rejects(doc, "bound-not-proved")


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_stabiliser_certificate_is_accepted_by_the_independent_checker(n: int) -> None:
    """Claim vga.stabilizer-detection: min tr(Rρ) ≥ (1 − F)·2^{N−1}/(2^N − 1), F = 9/10."""
    from qproofs.sdp.stabilizer import claimed_minimum, minimum_rejection

    cb = minimum_rejection(n, Fraction(9, 10))
    assert cb.status == "certified"
    doc = cb.certificate_document("vga.stabilizer-detection", f"sdp_n{n}")
    assert doc["statement"] == {"relation": "min>=", "bound": str(claimed_minimum(n, Fraction(9, 10)))}
    assert check_document(doc).startswith("ok: min")
    doc["statement"]["bound"] = str(claimed_minimum(n, Fraction(9, 10)) + Fraction(1, 1000))
    _rejects(doc, "bound-not-proved")


def test_complex_program_certificate_uses_the_unhalved_embedding() -> None:
    import sympy

    C = [[0, -sympy.I], [sympy.I, 0]]  # Pauli Y: λ_max = 1
    res = certify(SDPProgram(C, (Constraint(np.eye(2), "==", 1),), name="pauli-y"), claimed=1)
    assert res.status == "certified"
    doc = res.certificate_document("demo.complex", "pauli_y")
    assert doc["problem"]["field"] == "complex" and len(doc["witness"]["ldl"]["D"]) == 4
    assert check_document(doc).startswith("ok")


def test_certificate_document_refuses_without_a_valid_certificate() -> None:
    bad = CertifiedBound("not_certified", "max", None, 1.0, None, None, None, "X", "optimal", False)
    with pytest.raises(InvalidParameter):
        bad.certificate_document("a.b", "c")


def test_sdp_certificate_refuses_a_dual_that_is_not_psd() -> None:
    from qproofs.certificates import sdp_certificate

    prog = _max_eig_program([[Fraction(9, 4), 0], [0, Fraction(-1, 4)]])
    with pytest.raises(InvalidParameter, match="PSD"):
        sdp_certificate(prog, [Fraction(1)], 1, claim="a.b", check="c")


def test_large_programs_are_written_sparse() -> None:
    from qproofs.certificates import DENSE_MAX, sdp_certificate

    n = DENSE_MAX + 1
    C = [[Fraction(int(i == j == 0)) for j in range(n)] for i in range(n)]
    prog = SDPProgram(C, (Constraint([[int(i == j) for j in range(n)] for i in range(n)], "==", 1),))
    doc = sdp_certificate(prog, [1], 1, claim="a.b", check="c")
    assert set(doc["problem"]["C"]) == {"m", "entries"} and set(doc["witness"]["ldl"]["L"]) == {"m", "entries"}
    assert check_document(doc).startswith("ok")


@given(st.lists(st.lists(st.integers(-5, 5), min_size=3, max_size=3), min_size=3, max_size=3),
       st.integers(0, 3))
def test_ldl_witness_of_diagonally_dominant_slack_is_accepted(rows: list[list[int]], extra: int) -> None:
    """Property: for symmetric integer C and y ≥ Gershgorin bound, the producer's witness is accepted,
    and the same witness claiming y − 1 is rejected as bound-not-proved (never silently accepted)."""
    from qproofs.certificates import sdp_certificate

    C = [[rows[min(i, j)][max(i, j)] for j in range(3)] for i in range(3)]
    y = max(sum(abs(v) for v in r) for r in C) + extra
    prog = _max_eig_program(C)
    doc = sdp_certificate(prog, [y], y, claim="a.b", check="c")
    assert check_document(doc).startswith("ok")
    doc["statement"]["bound"] = str(y - 1)
    _rejects(doc, "bound-not-proved")


def test_ldl_exact_factors_exactly_and_detects_indefinite() -> None:
    M = [[Fraction(4), Fraction(2), 0], [Fraction(2), Fraction(1), 0], [0, 0, Fraction(1, 3)]]  # rank 2
    f = ct.ldl_exact(M)
    assert f is not None and f.D == (4, 0, Fraction(1, 3)) and f.lower == {(1, 0): Fraction(1, 2)}
    assert ct.ldl_exact([[1, 2], [2, 1]]) is None
    assert ct.ldl_exact([[0, 1], [1, 0]]) is None  # zero pivot with a non-zero row
    assert ct.ldl_exact([[1, 1], [0, 1]]) is None  # not symmetric


def test_identity_certificate_round_trip() -> None:
    import sympy as sp

    from qproofs.certificates import identity_certificate

    th = sp.Symbol("theta", real=True)
    u = sp.symbols("u1:3", positive=True)
    ok = identity_certificate(sp.sin(th) ** 2 + sp.cos(th) ** 2, 1, claim="a.b", check="c")
    assert check_document(ok).startswith("ok")
    mat = identity_certificate(sp.Matrix([[u[0] * u[1], th]]), sp.Matrix([[u[1] * u[0], th]]), claim="a.b",
                               check="m")
    assert check_document(mat).startswith("ok: lhs == rhs (1x2 matrix)")
    _rejects(identity_certificate((u[0] + u[1]) ** 2, u[0] ** 2 + u[1] ** 2, claim="a.b", check="c"),
             "identity-not-zero")
    with pytest.raises(InvalidParameter):  # floats are not exact: the producer refuses them
        identity_certificate(sp.Float(0.5) * th, th / 2, claim="a.b", check="c")


def test_table_certificate_round_trip() -> None:
    from qproofs.certificates import table_certificate

    rows = [[n, Fraction(1, 2**n), Fraction(1, 2)] for n in range(1, 6)]
    pred = ["<=", ["col", "p"], ["col", "cap"]]
    doc = table_certificate(["n", "p", "cap"], rows, pred, claim="a.b", check="c", definition="toy",
                            sums=[["<", ["col", "p"], 1]])
    assert check_document(doc).startswith("ok: all 5 rows")
    bad = table_certificate(["n", "p", "cap"], rows, ["<", ["col", "p"], ["const", Fraction(1, 2)]],
                            claim="a.b", check="c", definition="toy")
    _rejects(bad, "row-fails")
    with pytest.raises(InvalidParameter):
        table_certificate(["x"], [[0.5]], pred, claim="a.b", check="c", definition="float cell")


def test_write_certificate_is_atomic_and_stays_inside_the_directory(tmp_path) -> None:
    from qproofs.certificates import identity_certificate, write_certificate

    doc = identity_certificate(1, 1, claim="../../etc", check="pass/wd", )
    p = write_certificate(doc, tmp_path / "certs")
    assert p.parent == tmp_path / "certs" and p.name == "etc__pass_wd.json"
    assert [q.name for q in (tmp_path / "certs").iterdir()] == [p.name]  # no temp file left behind
    assert check_file(p).accepted
    p2 = write_certificate(doc, tmp_path / "certs", name="../x.json")
    assert p2.parent == tmp_path / "certs"


def test_write_audit_certificates_links_and_rechecks(tmp_path) -> None:
    import dataclasses

    from qproofs.certificates import (
        attach_certificates,
        identity_certificate,
        write_audit_certificates,
    )
    from qproofs.claims import CheckResult, ClaimResult, Verdict

    one = identity_certificate(1, 1, claim="x.y", check="one")
    two = [identity_certificate(2, 2, claim="x.y", check="many"), identity_certificate(3, 3, claim="x.y",
                                                                                      check="many")]
    checks = (CheckResult("one", "symbolic", True, trust="exact", certificate_doc=one),
              CheckResult("many", "symbolic", True, trust="exact", certificate_doc=two),
              CheckResult("plain", "simulation", True))
    claim = ClaimResult("x.y", "Thm", "1", "t", "s", Verdict.VERIFIED, checks)

    @dataclasses.dataclass(frozen=True)
    class FakeAudit:
        run: object
        claims: tuple

    audit = FakeAudit(None, (claim,))
    links = write_audit_certificates(audit, tmp_path)  # type: ignore[arg-type]
    assert links == {("x.y", "one"): "certificates/x.y__one.json", ("x.y", "many"): "certificates/x.y__many"}
    assert len(list((tmp_path / "certificates" / "x.y__many").glob("*.json"))) == 2
    new = attach_certificates(audit, tmp_path)  # type: ignore[arg-type]
    got = {c.name: (c.certificate, c.trust) for c in new.claims[0].checks}
    assert got == {"one": ("certificates/x.y__one.json", "rechecked"),
                   "many": ("certificates/x.y__many", "rechecked"), "plain": (None, "float")}


def test_check_result_certificate_fields_round_trip_and_stay_backward_compatible() -> None:
    from qproofs.claims import CheckResult, Evidence

    r = CheckResult("c", "sdp", True, certificate="certificates/a.json", trust="rechecked", certificate_doc={"x": 1})
    d = r.to_dict()
    assert "certificate_doc" not in d and d["trust"] == "rechecked"
    assert CheckResult.from_dict(d) == r
    old = {k: v for k, v in d.items() if k not in ("certificate", "trust")}
    assert CheckResult.from_dict(old).trust == "float" and CheckResult.from_dict(old).certificate is None
    with pytest.raises(InvalidParameter):
        CheckResult("c", "sdp", True, trust="vibes")
    assert Evidence(passed=True).certificate is None


# ------------------------------------------- symmetry-reduced certificates (issue 12) ---


@pytest.mark.parametrize("n", [3, 8, 12])
def test_reduced_theorem1_certificate_on_the_full_program(n: int) -> None:
    """thm1.qfi-bound at N = 8 and 12 (4096 × 4096): reduced LP proposes y, the full program is certified and
    rechecked by the independent checker."""
    from qproofs.sdp.reduced import certify_theorem1

    cb = certify_theorem1([1] * n)
    assert cb.status == "certified" and cb.bound == Fraction(n * n, 4)
    doc = cb.certificate_document("thm1.qfi-bound", f"reduced_n{n}")
    assert doc["problem"]["n"] == 2**n
    assert check_document(doc).startswith("ok")
    wrong = certify_theorem1([1] * n, claimed=Fraction(n * n, 4) - Fraction(1, 100))  # negative control
    assert wrong.status == "not_certified" and wrong.passed is not True


@pytest.mark.parametrize("n", [3, 8, 12])
def test_reduced_stabiliser_certificate_on_the_full_program(n: int) -> None:
    from qproofs.sdp.reduced import certify_stabiliser
    from qproofs.sdp.stabilizer import claimed_minimum

    cb = certify_stabiliser(n, Fraction(9, 10))
    assert cb.status == "certified" and cb.bound == claimed_minimum(n, Fraction(9, 10))
    assert check_document(cb.certificate_document("vga.stabilizer-detection", f"reduced_n{n}")).startswith("ok")


def test_reduced_programs_match_the_existing_builders() -> None:
    """The exact sparse R equals the stim-unitary construction of qproofs.sdp.stabilizer (N = 3)."""
    from qproofs.sdp.reduced import rejection_operator_exact
    from qproofs.sdp.stabilizer import rejection_operator

    for n in (2, 3, 4):
        R_dense, _ = rejection_operator(n)
        R = rejection_operator_exact(n)
        d = 2**n
        assert all(Fraction(str(R_dense[i][j])) == R.get((i, j), 0) for i in range(d) for j in range(d))


def test_reduced_path_accepts_a_dense_program_and_matches_the_solver_path() -> None:
    from qproofs.sdp.reduced import certify_reduced

    prog = _max_eig_program([[Fraction(9, 4), 0], [0, Fraction(-1, 4)]])
    res = certify_reduced(prog, claimed=Fraction(9, 4))
    assert res.status == "certified" and res.bound == Fraction(9, 4)
    assert check_document(res.certificate_document("a.b", "c")).startswith("ok")


def test_reduction_refuses_projectors_that_do_not_span_the_data() -> None:
    from qproofs.sdp.reduced import certify_reduced, variance_program

    prog = variance_program([1, 1])
    with pytest.raises(InvalidParameter, match="span"):
        certify_reduced(prog, [{(i, i): Fraction(1) for i in range(4)}])


def test_sdp_certificates_keeps_only_valid_exact_bounds() -> None:
    from qproofs.certificates import sdp_certificates
    from qproofs.sdp.reduced import certify_stabiliser

    good = certify_stabiliser(3, Fraction(1, 2))
    bad = CertifiedBound("not_certified", "max", None, 1.0, None, None, None, "X", "optimal", False)
    docs = sdp_certificates([good, None, bad], claim="vga.stabilizer-detection", check="certified_sdp_minimum")
    assert docs is not None and len(docs) == 1 and check_document(docs[0]).startswith("ok")
    assert sdp_certificates([bad, None], claim="a.b", check="c") is None
