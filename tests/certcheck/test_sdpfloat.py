"""Kind ``sdp-dual-float``: a rigorous floating-point PSD proof (issue 12; qproofs/certcheck/sdpfloat.py).

Genuine fixtures are accepted, every forged one is rejected with its own reason, the indefinite fixture really
passes a *naive* float Cholesky (so the error analysis is what rejects it), and the producer
(:func:`qproofs.certificates.sdp_float_certificate`) writes accepted certificates of the Theorem 1 and stabiliser
programs.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from make_float_fixtures import EXPECTED, HERE, build_all, indefinite

from qproofs.certcheck import Rejected, check_document, check_file, problem_sha256, sdpfloat

ROOT = Path(__file__).resolve().parents[2]


def test_float_fixtures_are_reproducible_from_the_script() -> None:
    built = build_all()
    assert {p.name for p in HERE.glob("*.json")} == set(built)
    for name, doc in built.items():
        assert json.loads((HERE / name).read_text(encoding="utf-8")) == doc, name


@pytest.mark.parametrize("name", sorted(n for n in build_all() if n.startswith("genuine_")))
def test_genuine_float_fixture_is_accepted(name: str) -> None:
    out = check_file(HERE / name)
    assert out.accepted, out.reason
    assert out.kind == "sdp-dual-float"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_forged_float_fixture_is_rejected_with_its_reason(name: str) -> None:
    out = check_file(HERE / name)
    assert not out.accepted
    assert out.code == EXPECTED[name], out.reason


def test_each_forged_float_fixture_has_its_own_reason_and_at_least_three_kinds_of_forgery() -> None:
    assert {"forged_indefinite_tiny_shift.json", "forged_wrong_c_too_small.json",
            "forged_tampered_entry.json"} <= set(EXPECTED)
    assert len(set(EXPECTED.values())) >= 7


def test_the_indefinite_fixture_passes_a_naive_float_cholesky() -> None:
    """Negative control of the theorem: without the shift and the error bound, fl(S) 'is' positive definite."""
    S = {(i, j): v for i, row in enumerate(indefinite()) for j, v in enumerate(row)}
    assert S[0, 0] * S[1, 1] - S[0, 1] ** 2 < 0          # exactly indefinite
    L = sdpfloat.cholesky(sdpfloat.float_matrix(S, 2, Fraction(0)), 2)   # but the plain float Cholesky succeeds
    assert L[1][1] > 0
    with pytest.raises(Rejected):
        sdpfloat.rigorous_psd(S, 2, Fraction(1, 2**100))
    with pytest.raises(Rejected):
        sdpfloat.rigorous_psd(S, 2, sdpfloat.gamma(3) * 8)


def test_gamma_and_platform() -> None:
    assert sdpfloat.gamma(3) == Fraction(3, 2**53 - 3)
    assert sdpfloat.platform_ok()


def test_work_limit_is_enforced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sdpfloat, "MAX_FLOPS", 10)
    with pytest.raises(Rejected) as exc:
        check_document(json.loads((HERE / "genuine_dense8.json").read_text()))
    assert exc.value.code == "too-large"


def test_float_kernel_imports_no_numpy_scipy_cvxpy() -> None:
    script = ("import sys, json; from qproofs.certcheck import check_paths\n"
              f"outs = check_paths([{str(HERE / 'genuine_dense8.json')!r}])\n"
              "assert all(o.accepted for o in outs), [o.reason for o in outs]\n"
              "print(json.dumps(sorted(m for m in sys.modules)))\n")
    res = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, check=True, cwd=ROOT)
    mods = set(json.loads(res.stdout))
    for banned in ("numpy", "scipy", "cvxpy"):
        assert not any(m == banned or m.startswith(banned + ".") for m in mods), banned


def test_float_rejection_codes_are_documented() -> None:
    doc = (ROOT / "docs" / "certificates.md").read_text(encoding="utf-8")
    for code in set(EXPECTED.values()) | {"float-platform", "too-large"}:
        assert f"`{code}`" in doc, code
    assert "sdp-dual-float" in doc


# ---------------------------------------------------------------- producer ---


def _producer_cases() -> list[tuple[str, object]]:
    from qproofs.sdp import reduced, variance

    return [("thm1 N=3 (1,2,3)", reduced.certify_theorem1([1, 2, 3])),
            ("thm1 N=6", reduced.certify_theorem1([1] * 6)),
            ("stabiliser N=4", reduced.certify_stabiliser(4, Fraction(9, 10))),
            ("variance SDPProgram N=2", variance.certify_max_variance([1, 1]).certificate)]


def test_producer_writes_accepted_float_certificates_within_a_tiny_lift() -> None:
    from qproofs.certificates import sdp_float_certificate

    for label, cb in _producer_cases():
        assert cb is not None and cb.certificate_valid, label
        doc = json.loads(json.dumps(sdp_float_certificate(cb.program, cb.y, claim="thm1.qfi-bound", check=label)))
        assert check_document(doc).startswith("ok:"), label
        stated = Fraction(doc["statement"]["bound"])
        assert abs(stated - cb.bound) <= Fraction(1, 10**5), label       # within the lift δ = 2c of the exact bound
        assert (stated >= cb.bound) if cb.sense == "max" else (stated <= cb.bound), label
        bad = copy.deepcopy(doc)                                          # the exact bound itself is out of reach
        bad["statement"]["bound"] = str(cb.bound)
        with pytest.raises(Rejected) as exc:
            check_document(bad)
        assert exc.value.code == "bound-not-proved", label
        bad = copy.deepcopy(doc)                                          # a tampered multiplier breaks the proof
        bad["witness"]["y"][0] = "0"
        with pytest.raises(Rejected):
            check_document(bad)
        bad = copy.deepcopy(doc)                                          # a tampered entry (rehashed) too
        big = "1000" if cb.sense == "max" else "-1000"                    # makes the slack indefinite: Z ∋ ∓C
        C = bad["problem"]["C"]
        if isinstance(C, dict):
            C["entries"] = [e for e in C["entries"] if e[:2] != [0, 0]] + [[0, 0, big]]
        elif isinstance(C[0][0], list):
            C[0][0] = [big, "0"]
        else:
            C[0][0] = big
        bad["problem_sha256"] = problem_sha256(bad["problem"])
        with pytest.raises(Rejected) as exc:
            check_document(bad)
        assert exc.value.code == "cholesky-failed", (label, str(exc.value))
