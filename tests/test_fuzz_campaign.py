"""Fuzz core and campaigns: shrinking, seeds, budgets, replay files, merging into the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import strategies as st

from qproofs.cli import main
from qproofs.errors import ConfigError, InvalidParameter
from qproofs.fuzz import Property, run_property
from qproofs.fuzz.campaign import load_replay

PLANTED = Property("planted", "toy.small", lambda: st.lists(st.integers(0, 50), max_size=8),
                   lambda xs: 100 - sum(xs), statement="sum of a short list stays <= 100 (false: a planted bug)")


def test_planted_bug_is_found_and_shrunk() -> None:
    """A planted bug (sum may exceed 100) is found and shrunk to a minimal instance."""
    out = run_property(PLANTED, seed=1, max_examples=300)
    assert not out.passed
    assert sum(out.counterexample) == 101 and out.counterexample_slack == -1.0


def test_same_seed_same_examples() -> None:
    seen: list[list[int]] = []
    prop = Property("record", "toy.ok", lambda: st.integers(0, 10**9), lambda x: (seen.append(x), 0.0)[1])
    run_property(prop, seed=3, max_examples=20)
    first, seen[:] = list(seen), []
    run_property(prop, seed=3, max_examples=20)
    assert seen == first


def test_budget_bounds_the_run() -> None:
    prop = Property("cheap", "toy.ok", lambda: st.integers(), lambda x: 0.0)
    out = run_property(prop, seed=0, max_examples=10**9, budget_s=0.5)
    assert out.passed and out.seconds < 5 and out.examples > 0
    with pytest.raises(InvalidParameter, match="budget"):
        run_property(prop, seed=0, budget_s=0)


def test_campaign_saves_replayable_counterexample_and_marks_refuted(
        capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    code = main(["fuzz", "--checks", toy_checks, "--examples", "60", "--out", str(tmp_path), "--seed", "2",
                 "--database", str(tmp_path / "db")])
    out = capsys.readouterr().out
    assert code == 1
    assert "examples" in out and "distinct" in out and "failures" in out
    files = sorted((tmp_path / "counterexamples").glob("toy.small--small--*.json"))
    assert len(files) == 1
    doc = load_replay(files[0])
    assert doc["instance"] == 101 and doc["seed"] == 2 and "qproofs_version" in doc
    assert main(["replay", str(files[0]), "--checks", toy_checks]) == 1
    assert "COUNTEREXAMPLE reproduces" in capsys.readouterr().out
    audit = json.loads((tmp_path / "audit.json").read_text())
    small = next(c for c in audit["claims"] if c["id"] == "toy.small")
    assert small["verdict"] == "refuted"
    assert small["checks"][-1]["counterexample"]["instance"] == 101
    assert any((tmp_path / "db").iterdir())  # the example database persists


def test_malformed_replay_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    for text, message in [("{", "not valid JSON"), ('{"schema": "x"}', "not a qproofs.counterexample/1"),
                          ('{"schema": "qproofs.counterexample/1"}', "lacks claim, property, instance")]:
        bad.write_text(text)
        with pytest.raises(ConfigError, match=message):
            load_replay(bad)
        assert main(["replay", str(bad)]) == 64
    capsys.readouterr()
