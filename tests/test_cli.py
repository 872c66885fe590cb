"""The CLI in-process: exit codes, one-line errors, list/show/report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import run


def test_verify_exit_codes(capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    common = ["--checks", toy_checks, "--profile", "quick", "--out", str(tmp_path), "--no-progress"]
    assert run(capsys, "verify", "--only", "toy.ok", "toy.cited", *common)[0] == 0
    assert run(capsys, "verify", "--only", "toy.gap", *common)[0] == 1
    assert run(capsys, "verify", "--only", "toy.small", *common)[0] == 1
    assert run(capsys, "verify", "--only", "toy.unsure", *common)[0] == 2
    code, out, _ = run(capsys, "verify", *common)
    assert code == 2
    assert "6 claims: 1 verified, 1 refuted, 1 gap, 1 cited, 1 inconclusive, 1 error" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "--only", "nope.*"], "matches no claim id"),
        (["verify", "--seed", "-1"], "--seed must be an integer >= 0"),
        (["verify", "--profile", "fast"], "invalid choice"),
        (["verify", "--workers", "0"], "--workers must be > 0"),
        (["fuzz", "--budget", "0"], "--budget must be > 0"),
        (["fuzz", "--budget", "-5"], "--budget must be > 0"),
        (["show", "toy.nope"], "unknown claim id"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_64_with_one_line(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                            argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv, "--checks", toy_checks) if argv[0] in {"verify", "show", "fuzz"} \
        else run(capsys, *argv)
    assert code == 64
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_list_show_and_report(capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "list", "--checks", toy_checks)
    assert code == 0 and "toy.gap" in out and "Remark 3" in out
    code, out, _ = run(capsys, "show", "toy.gap", "--checks", toy_checks, "--out", str(tmp_path))
    assert code == 0 and "not yet audited" in out
    run(capsys, "verify", "--checks", toy_checks, "--profile", "quick", "--out", str(tmp_path), "--no-progress")
    code, out, _ = run(capsys, "show", "toy.gap", "--checks", toy_checks, "--out", str(tmp_path))
    assert code == 0 and "Verdict: **gap**" in out and "premise" in out
    (tmp_path / "audit.md").unlink()
    code, out, _ = run(capsys, "report", "--out", str(tmp_path))
    assert code == 0 and (tmp_path / "audit.md").is_file()


def test_report_on_malformed_json_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "audit.json").write_text("{not json")
    code, _, err = run(capsys, "report", "--out", str(tmp_path))
    assert code == 64 and "not valid JSON" in err
    code, _, err = run(capsys, "report", "--out", str(tmp_path / "none"))
    assert code == 64 and "run 'qproofs verify' first" in err


def test_help_is_cheap() -> None:
    """`qproofs --help` must not import the heavy stack (numpy is fine; cvxpy/qutip/matplotlib are not)."""
    import subprocess
    import sys

    code = ("import sys; from qproofs.cli import build_parser; build_parser().format_help(); "
            "print(json.dumps(sorted(m for m in ('cvxpy','qutip','matplotlib','dask') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", "import json; " + code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
