"""Every usage error exits 64 with one line; output problems surface before any computing (findings 4, 8)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

import qproofs
from qproofs import errors
from qproofs.claims import Figure, Series
from qproofs.cli import main
from qproofs.errors import EXIT_USAGE, InvalidParameter, QproofsError
from qproofs.report.write import write_report


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    _, err = capsys.readouterr()
    return code, err


def one_line(err: str) -> bool:
    return "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_every_qproofs_error_carries_its_exit_code() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, QproofsError)]
    assert len(classes) >= 9
    for cls in classes:
        assert cls.exit_code in (2, 64), cls
    assert errors.ClusterError.exit_code == 2 and errors.ConfigError.exit_code == EXIT_USAGE
    assert errors.ChecksModuleError.exit_code == 64 and errors.OutputError.exit_code == 64


@pytest.mark.parametrize(("source", "message"), [
    ("def broken(:\n", "SyntaxError"),
    ("import qproofs_no_such_module\n", "ModuleNotFoundError"),
    ("from qproofs.claims import Claim\nC = Claim('x.y', ref='r', section='1', title='t', statement='s')\n1/0\n",
     "ZeroDivisionError"),
])
def test_broken_checks_module_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              source: str, message: str) -> None:
    (tmp_path / "broken.py").write_text(source)
    for argv in (["verify", "--out", str(tmp_path / "out")], ["fuzz", "--examples", "1"]):
        code, err = run(capsys, *argv, "--checks", str(tmp_path))
        assert code == 64 and message in err and "broken.py" in err and one_line(err), err


@pytest.mark.parametrize(("doc", "message"), [
    ({"schema": "qproofs.counterexample/1", "claim": 5, "property": "small", "instance": 1}, "must be a string"),
    ({"schema": "qproofs.counterexample/1", "claim": "toy.small", "property": "small"}, "lacks instance"),
    ({"schema": "qproofs.counterexample/1", "claim": "toy.small", "property": "small", "instance": "big"},
     "does not fit property"),
    ({"schema": "qproofs.counterexample/1", "claim": "toy.small", "property": "small", "instance": [[1]]},
     "does not fit property"),
    ({"schema": "qproofs.counterexample/1", "claim": "toy.small", "property": "nope", "instance": 1},
     "no fuzzable property"),
    ([1, 2], "not a JSON object"),
])
def test_malformed_replay_files_exit_64(capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path,
                                        doc: object, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    code, err = run(capsys, "replay", str(bad), "--checks", toy_checks)
    assert code == 64 and message in err and one_line(err), err


def test_deeply_nested_replay_file_exits_64(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "deep.json"
    bad.write_text("[" * 200_000 + "]" * 200_000)
    code, err = run(capsys, "replay", str(bad))
    assert code == 64 and "nested too deeply" in err and one_line(err)


@pytest.mark.parametrize("address", ["tcp://host:http", "tcp://:8786", "http://127.0.0.1:8786",
                                     "tcp://127.0.0.1:0", "tcp://127.0.0.1:99999", "tcp://h:1/path", ":::"])
def test_malformed_scheduler_address_exits_64(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                              tmp_path: Path, address: str) -> None:
    for cmd in (["verify", "--out", str(tmp_path)], ["fuzz", "--examples", "1", "--out", str(tmp_path)]):
        t0 = time.monotonic()
        code, err = run(capsys, *cmd, "--checks", toy_checks, "--scheduler", address)
        assert code == 64 and "--scheduler" in err and one_line(err), err
        assert time.monotonic() - t0 < 10


def test_bad_figure_settings_rejected_when_made_and_in_an_audit_json(
        capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    series = (Series("s", (1, 2), (1, 2)),)
    with pytest.raises(InvalidParameter, match="Figure.xscale"):
        Figure("f", "t", "x", "y", series, xscale="Log")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameter, match="Series.kind"):
        Series("s", (1,), (1,), kind="pie")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameter, match="Figure.hlines"):
        Figure("f", "t", "x", "y", series, hlines=(("high", "h"),))  # type: ignore[arg-type]
    write_report(qproofs.verify(checks=toy_checks, profile="quick", seed=0, only=["toy.ok"]), tmp_path)
    before = (tmp_path / "audit.json").read_bytes()
    doc = json.loads(before)
    doc["claims"][0]["figure_specs"][0]["yscale"] = "Log"
    (tmp_path / "audit.json").write_text(json.dumps(doc))
    code, err = run(capsys, "report", "--out", str(tmp_path))
    assert code == 64 and "Figure.yscale" in err and one_line(err), err


def test_a_figure_that_fails_to_draw_does_not_cost_the_audit(
        capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import qproofs.report.figures as figures

    def explode(*_: object) -> None:
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(figures, "draw_figure", explode)
    audit = write_report(qproofs.verify(checks=toy_checks, profile="quick", seed=0, only=["toy.ok"]), tmp_path)
    assert "renderer broke" in capsys.readouterr().err
    doc = json.loads((tmp_path / "audit.json").read_text())
    assert doc["claims"][0]["id"] == "toy.ok" and doc["claims"][0]["figures"] == []
    assert audit.claims[0].figure_specs  # the spec is kept, so a later 'qproofs report' can try again


def test_out_is_a_file_fails_before_computing(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                              tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    for out, message in ((file, "is a file"), (file / "sub", "cannot create")):
        t0 = time.monotonic()
        code, err = run(capsys, "verify", "--checks", toy_checks, "--out", str(out), "--no-progress")
        assert code == 64 and message in err and one_line(err), err
        assert time.monotonic() - t0 < 5  # no claim was run (the whole toy audit fuzzes for longer)
    with pytest.raises(errors.OutputError):
        qproofs.verify(checks=toy_checks, out=file, only=["toy.crash"])


def test_read_only_out_fails_before_computing(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                              tmp_path: Path) -> None:
    """A read-only directory (immutable, so root cannot write it either) is refused up front."""
    ro = tmp_path / "ro"
    ro.mkdir()
    if subprocess.run(["chattr", "+i", str(ro)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported here")
    try:
        code, err = run(capsys, "verify", "--checks", toy_checks, "--out", str(ro), "--no-progress")
        assert code == 64 and "not writable" in err and one_line(err), err
    finally:
        subprocess.run(["chattr", "-i", str(ro)], check=True)


def test_malformed_existing_audit_is_refused_before_computing(capsys: pytest.CaptureFixture[str],
                                                              toy_checks: str, tmp_path: Path) -> None:
    (tmp_path / "audit.json").write_text('{"schema": "qproofs.audit/1", "run": 3}')
    code, err = run(capsys, "verify", "--checks", toy_checks, "--out", str(tmp_path), "--only", "toy.ok",
                    "--no-progress")
    assert code == 64 and "--fresh" in err and one_line(err), err
    code, _ = run(capsys, "verify", "--checks", toy_checks, "--out", str(tmp_path), "--only", "toy.cited",
                  "--fresh", "--no-progress")
    assert code == 0
