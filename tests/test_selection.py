"""--lf, -x and --only ID::CHECK (issue 14, "Reuse and selection")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import run

from qproofs.runner import Audit, merge_audits, verify


def common(toy: str, out: Path) -> list[str]:
    return ["--checks", toy, "--profile", "quick", "--out", str(out), "--no-progress"]


def claims(out: Path) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads((out / "audit.json").read_text())["claims"]}


def test_lf_runs_only_the_claims_that_did_not_pass(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                                   tmp_path: Path) -> None:
    assert run(capsys, "verify", *common(toy_checks, tmp_path))[0] == 2
    code, out, _ = run(capsys, "verify", "--lf", *common(toy_checks, tmp_path))
    assert code == 2
    table = out.split("report:")[0]
    assert "toy.ok " not in table and "toy.cited" not in table
    for cid in ("toy.small", "toy.gap", "toy.unsure", "toy.crash"):
        assert cid in table
    assert "4 claims:" in out


def test_lf_with_nothing_failed_runs_nothing(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                             tmp_path: Path) -> None:
    run(capsys, "verify", "--only", "toy.ok", *common(toy_checks, tmp_path))
    code, out, _ = run(capsys, "verify", "--lf", *common(toy_checks, tmp_path))
    assert code == 0 and "nothing to run" in out


def test_lf_without_a_report_is_a_usage_error(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                              tmp_path: Path) -> None:
    code, _, err = run(capsys, "verify", "--lf", *common(toy_checks, tmp_path / "empty"))
    assert code == 64 and "--lf" in err and len(err.strip().splitlines()) == 1


def test_exitfirst_stops_at_the_first_refuted_gap_or_error(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                                           tmp_path: Path) -> None:
    code, out, _ = run(capsys, "verify", "-x", *common(toy_checks, tmp_path))
    assert code == 1  # toy.ok verified, toy.small refuted: stop
    assert list(claims(tmp_path)) == ["toy.ok", "toy.small"]
    assert "2 claims:" in out


def test_exitfirst_needs_a_serial_run(capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "verify", "-x", "--workers", "2", *common(toy_checks, tmp_path))
    assert code == 64 and "--exitfirst" in err


def test_only_one_check_is_a_partial_claim_run(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                               tmp_path: Path) -> None:
    code, out, _ = run(capsys, "verify", "--only", "toy.ok::seeded", *common(toy_checks, tmp_path))
    assert code == 0  # the selected check passed; the one not run does not count
    c = claims(tmp_path)["toy.ok"]
    assert c["run"]["only_checks"] == ["seeded"]
    by_name = {k["name"]: k for k in c["checks"]}
    assert by_name["seeded"]["passed"] is True
    assert by_name["squares"]["passed"] is None and by_name["squares"]["detail"].startswith("not run: partial")
    assert c["verdict"] == "inconclusive"  # a partial run never makes a claim verified
    assert "partial: only seeded" in out


def test_a_failing_selected_check_decides(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                          tmp_path: Path) -> None:
    code, _, _ = run(capsys, "verify", "--only", "toy.small::small", *common(toy_checks, tmp_path))
    assert code == 1 and claims(tmp_path)["toy.small"]["verdict"] == "refuted"


def test_a_partial_run_does_not_replace_a_full_result(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                                      tmp_path: Path) -> None:
    run(capsys, "verify", "--only", "toy.ok", *common(toy_checks, tmp_path))
    full = claims(tmp_path)["toy.ok"]
    code, out, _ = run(capsys, "verify", "--only", "toy.ok::seeded", *common(toy_checks, tmp_path))
    assert code == 0
    assert claims(tmp_path)["toy.ok"] == full
    assert "partial claim run" in out and "keeps its full result" in out


def test_merge_keeps_the_full_result(toy_checks: str) -> None:
    full = verify(only=["toy.ok"], profile="quick", checks=toy_checks)
    part = verify(only=["toy.ok::seeded"], profile="quick", checks=toy_checks)
    assert part.run_of("toy.ok").only_checks == ("seeded",)
    merged = merge_audits(full, part)
    assert merged.claim("toy.ok") == full.claim("toy.ok") and not merged.run_of("toy.ok").only_checks
    assert merge_audits(part, full).claim("toy.ok") == full.claim("toy.ok")  # a full run replaces a partial one
    doc = Audit.from_dict(part.to_dict())
    assert doc.run_of("toy.ok").only_checks == ("seeded",)


@pytest.mark.parametrize("only", ["toy.ok::nope", "toy.ok::", "toy.*::seeded"])
def test_a_check_that_does_not_exist_is_one_line_exit_64(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                                         tmp_path: Path, only: str) -> None:
    code, _, err = run(capsys, "verify", "--only", only, *common(toy_checks, tmp_path))
    assert code == 64 and "--only" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def _loaded(pack: Path) -> set[str]:
    from qproofs.runner import _MODULE_CACHE

    return {p.name for p in _MODULE_CACHE if pack.resolve() in p.parents}


def _forget(pack: Path) -> None:
    """Drop the pack's modules from this process (the next run imports them again)."""
    import sys

    from qproofs.runner import _MODULE_CACHE, _package_name

    for p in [p for p in _MODULE_CACHE if pack.resolve() in p.parents]:
        del _MODULE_CACHE[p]
    top = _package_name(pack, ".")
    for name in [n for n in sys.modules if n == top or n.startswith(top + ".")]:
        del sys.modules[name]


def test_a_valid_index_imports_only_the_selected_claim_modules(capsys: pytest.CaptureFixture[str], pack: Path,
                                                                tmp_path: Path) -> None:
    """Issue 14: a one-claim run imported all 39 claim modules (7.5 s); with the claim index it imports one."""
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert run(capsys, "list", "--checks", str(pack), *cache)[0] == 0  # discovery writes the index
    _forget(pack)
    assert run(capsys, "verify", "--only", "toy.ok", *common(str(pack), tmp_path / "r"), *cache)[0] == 0
    assert _loaded(pack) == {"ok.py", "_shared.py"}
    assert claims(tmp_path / "r")["toy.ok"]["verdict"] == "verified"


def test_a_broken_module_outside_the_selection_is_still_reported(capsys: pytest.CaptureFixture[str], pack: Path,
                                                                  tmp_path: Path) -> None:
    """The index is valid only while every module is unchanged: a broken one forces discovery (exit 64)."""
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert run(capsys, "list", "--checks", str(pack), *cache)[0] == 0
    _forget(pack)
    (pack / "gap.py").write_text("def broken(:\n")
    code, _, err = run(capsys, "verify", "--only", "toy.ok", *common(str(pack), tmp_path / "r"), *cache)
    assert code == 64 and "gap.py" in err and "Traceback" not in err
