"""The independent certificate checker qproofs.certcheck (issue 12; format: docs/certificates.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from make_fixtures import EXPECTED, GENUINE, UNREADABLE, build_all

from qproofs.certcheck import (
    MAX_DIGITS,
    UnreadableCertificate,
    check_document,
    check_file,
    check_paths,
)
from qproofs.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def test_fixtures_are_reproducible_from_the_script() -> None:
    """Property: every committed fixture is byte-for-byte what make_fixtures.py writes (and nothing else is there)."""
    files = build_all()
    on_disk = {p.relative_to(HERE).as_posix() for d in ("genuine", "forged") for p in (HERE / d).glob("*.json")}
    assert on_disk == set(files)
    for rel, text in files.items():
        assert (HERE / rel).read_text(encoding="utf-8") == text, rel


def test_at_least_twelve_forged_fixtures_each_with_its_expected_reason() -> None:
    assert len(EXPECTED) >= 12
    assert set(EXPECTED) == {p.name for p in (HERE / "forged").glob("*.json")}


@pytest.mark.parametrize("name", sorted(GENUINE))
def test_genuine_fixture_is_accepted(name: str) -> None:
    out = check_file(HERE / "genuine" / name)
    assert out.accepted, out.reason
    assert out.code == "ok" and out.kind in ("sdp-dual", "identity", "table")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_forged_fixture_is_rejected_with_its_reason(name: str) -> None:
    path = HERE / "forged" / name
    if name in UNREADABLE:
        with pytest.raises(UnreadableCertificate) as exc:
            check_file(path)
        assert exc.value.code == EXPECTED[name]
    else:
        out = check_file(path)
        assert not out.accepted
        assert out.code == EXPECTED[name], out.reason


def test_flint_and_fraction_arithmetic_give_identical_outcomes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Property: the optional python-flint accelerator changes no verdict and no reason.

    In process: the kernel reads ``QPROOFS_CERTCHECK_NO_FLINT`` at every product (``sdp._use_flint``).
    """
    pytest.importorskip("flint")
    from qproofs.certcheck import UnreadableCertificate, check_file
    from qproofs.certcheck.sdp import _use_flint

    files = sorted(p for d in ("genuine", "forged") for p in (HERE / d).glob("*.json"))
    runs = []
    for flag in ("", "1"):
        monkeypatch.setenv("QPROOFS_CERTCHECK_NO_FLINT", flag)
        assert _use_flint() is (flag == "")
        out: list[list[object]] = []
        for p in files:
            try:
                o = check_file(p)
                out.append([o.accepted, o.reason])
            except UnreadableCertificate as e:
                out.append([None, e.code])
        runs.append(out)
    assert runs[0] == runs[1]


def test_checker_imports_no_numpy_scipy_cvxpy_and_no_other_qproofs_module() -> None:
    """The kernel's trusted base: only qproofs.certcheck (+ stdlib, flint, sympy for identities)."""
    script = ("import sys, json; from qproofs.certcheck import check_paths\n"
              f"outs = check_paths([{str(HERE / 'genuine')!r}])\n"
              "assert all(o.accepted for o in outs), [o.reason for o in outs]\n"
              "print(json.dumps(sorted(m for m in sys.modules)))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True,
                         cwd=ROOT)
    mods = set(json.loads(res.stdout))
    assert "sympy" in mods  # the identity fixture was really checked
    for banned in ("numpy", "scipy", "cvxpy"):
        assert not any(m == banned or m.startswith(banned + ".") for m in mods), banned
    own = {m for m in mods if m == "qproofs" or m.startswith("qproofs.")}
    assert own <= {"qproofs"} | {m for m in own if m.startswith("qproofs.certcheck")}, own


def test_number_limit_is_the_documented_one() -> None:
    assert MAX_DIGITS == 4000
    assert "MAX_DIGITS = 4000" in (ROOT / "docs" / "certificates.md").read_text(encoding="utf-8")


def test_every_rejection_code_used_is_documented() -> None:
    doc = (ROOT / "docs" / "certificates.md").read_text(encoding="utf-8")
    for code in set(EXPECTED.values()):
        assert f"`{code}`" in doc, code


# --------------------------------------------------------------------- CLI ---


def test_cli_check_accepts_genuine_directory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(HERE / "genuine")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["file", "claim", "check", "kind", "result", "seconds"]
    assert f"{len(GENUINE)} accepted, 0 rejected" in out


def test_cli_check_exit_1_on_a_rejected_certificate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(HERE / "genuine"), str(HERE / "forged" / "inflated_bound.json")]) == 1
    out = capsys.readouterr().out
    assert "REJECTED" in out and "bound-not-proved" in out


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_cli_check_exit_64_on_unreadable_input(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(HERE / "forged" / name)]) == 64
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and EXPECTED[name] in err


def test_cli_check_exit_64_when_nothing_to_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 64
    assert "no-certificates" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "missing")]) == 64


def test_cli_check_coq_kernel_absent_is_one_line_exit_64(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    if importlib.util.find_spec("qproofs.certcheck.coq") is not None:
        pytest.skip("the Coq backend is installed")
    assert main(["check", "--kernel", "coq", str(HERE / "genuine")]) == 64
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_check_paths_recurses_and_skips_hidden_temp_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.json").write_text((HERE / "genuine" / "thm1_n2.json").read_text())
    (tmp_path / ".tmp-half.json").write_text("{")
    assert [o.accepted for o in check_paths([tmp_path])] == [True]


def test_one_edit_makes_each_genuine_sdp_fixture_fail() -> None:
    """Negative control: lowering a genuine bound by 1/10^6 is always rejected (the bounds are tight)."""
    for name in ("thm1_n2.json", "thm1_excluded.json", "stabiliser_n2.json", "pauli_y_complex.json"):
        doc = json.loads((HERE / "genuine" / name).read_text())
        assert check_document(doc).startswith("ok")
        from fractions import Fraction

        b = Fraction(doc["statement"]["bound"])
        doc["statement"]["bound"] = str(b - Fraction(1, 10**6) if doc["statement"]["relation"] == "max<="
                                        else b + Fraction(1, 10**6))
        from qproofs.certcheck import Rejected

        with pytest.raises(Rejected) as exc:
            check_document(doc)
        assert exc.value.code == "bound-not-proved"
