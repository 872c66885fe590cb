"""``qproofs diff``: verdict transitions, moved numbers, regressions exit 1, bad input exit 64."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import qproofs
from qproofs.cli import main
from qproofs.errors import InvalidParameter
from qproofs.report.diff import (
    VERDICT_RANK,
    diff_audits,
    render_markdown,
    render_text,
    tolerance_value,
)

TOY = Path(__file__).resolve().parent / "engine_fixtures" / "toy_checks"


@pytest.fixture(scope="module")
def toy_audits(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    a = qproofs.verify(checks=str(TOY), profile="quick", seed=0).to_dict()
    b = qproofs.verify(checks=str(TOY), profile="quick", seed=1).to_dict()
    return a, b


def _claim(doc: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in doc["claims"] if c["id"] == cid)


def test_identical_audits_do_not_differ(toy_audits: tuple[dict[str, Any], dict[str, Any]]) -> None:
    a, _ = toy_audits
    d = diff_audits(a, copy.deepcopy(a))
    assert d.unchanged and d.exit_code == 0 and d.common == 6
    assert "no change" in render_text(d)


def test_seed_change_moves_an_exact_number(toy_audits: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """The toy 'seeded' check records a random draw with tolerance 0: another seed moves it."""
    a, b = toy_audits
    d = diff_audits(a, b)
    assert ("toy.ok", "seeded", "observed") in [(m.claim, m.check, m.path) for m in d.moved]
    assert not d.verdicts
    assert d.exit_code == 0  # a moved number is not a worse verdict


def test_regression_and_improvement(toy_audits: tuple[dict[str, Any], dict[str, Any]]) -> None:
    a, _ = toy_audits
    b = copy.deepcopy(a)
    ok = _claim(b, "toy.ok")
    ok["verdict"], ok["checks"][1]["passed"] = "gap", False
    ok["caveats"] = ["a new caveat"]
    gap = _claim(b, "toy.gap")
    gap["verdict"], gap["checks"][0]["passed"], gap["caveats"] = "verified", True, []
    d = diff_audits(a, b)
    assert {(v.claim, v.old, v.new, v.worse) for v in d.verdicts} == {
        ("toy.ok", "verified", "gap", True), ("toy.gap", "gap", "verified", False)}
    assert d.exit_code == 1 and [v.claim for v in d.regressions] == ["toy.ok"]
    assert {(s.claim, s.check, s.old, s.new) for s in d.statuses} == {
        ("toy.ok", "seeded", "pass", "fail"), ("toy.gap", "premise", "fail", "pass")}
    assert {(c.claim, c.added, c.removed) for c in d.caveats} == {
        ("toy.ok", ("a new caveat",), ()), ("toy.gap", (), ("premise needs n ≥ 4",))}
    md = render_markdown(d)
    assert md.startswith("### ❌ qproofs: 1 verdict(s) got worse")
    assert "| `toy.ok` | verified | gap | **worse** |" in md


def test_added_and_removed_claims_are_listed_not_regressions(toy_audits: tuple[dict[str, Any], dict[str, Any]]) -> None:
    a, _ = toy_audits
    b = copy.deepcopy(a)
    b["claims"] = [c for c in b["claims"] if c["id"] != "toy.crash"]
    d = diff_audits(a, b)
    assert [(v.claim, v.old, v.new) for v in d.verdicts] == [("toy.crash", "error", None)]
    assert d.exit_code == 0


def test_verdict_order() -> None:
    order = ["verified", "inconclusive", "gap", "refuted", "error"]
    assert [VERDICT_RANK[v] for v in order] == sorted(VERDICT_RANK[v] for v in order)
    assert VERDICT_RANK["cited"] == VERDICT_RANK["verified"]


def test_tolerance_value() -> None:
    assert tolerance_value("exact") == 0.0 and tolerance_value("exact (sympy)") == 0.0
    assert tolerance_value(1e-6) == 1e-6 and tolerance_value("1e-09 (exact enumeration)") == 1e-9
    assert tolerance_value(None) > 0


def test_unrelated_or_foreign_documents_are_refused(toy_audits: tuple[dict[str, Any], dict[str, Any]]) -> None:
    a, _ = toy_audits
    other = copy.deepcopy(a)
    for c in other["claims"]:
        c["id"] = "other." + c["id"]
    with pytest.raises(InvalidParameter, match="unrelated claim sets"):
        diff_audits(a, other)
    with pytest.raises(InvalidParameter, match="qproofs.audit/1"):
        diff_audits(a, {**a, "schema": "qproofs.audit/2"})


def test_cli_diff(capsys: pytest.CaptureFixture[str], toy_audits: tuple[dict[str, Any], dict[str, Any]],
                  tmp_path: Path) -> None:
    a, _ = toy_audits
    b = copy.deepcopy(a)
    c = _claim(b, "toy.cited")
    c["verdict"], c["checks"][0]["passed"] = "inconclusive", None
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "audit.json").write_text(json.dumps(a))
    (tmp_path / "new.json").write_text(json.dumps(b))
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new.json")]) == 1
    assert "toy.cited: cited -> inconclusive  WORSE" in capsys.readouterr().out
    assert main(["diff", str(tmp_path / "new.json"), str(tmp_path / "old"), "--format", "md"]) == 0
    assert "### ✅ qproofs: no verdict got worse" in capsys.readouterr().out
    (tmp_path / "v2.json").write_text(json.dumps({**a, "schema": "qproofs.audit/2"}))
    for argv in (["diff", str(tmp_path / "old"), str(tmp_path / "v2.json")],
                 ["diff", str(tmp_path / "old"), str(tmp_path / "missing.json")]):
        assert main(argv) == 64
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
