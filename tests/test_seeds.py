"""``verify --seeds``: ranges and lists, seed-dependent claims exit 2, bad ranges exit 64."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from qproofs.claims import Verdict
from qproofs.cli import main
from qproofs.errors import InvalidParameter
from qproofs.seeds import parse_seeds, render_seed_runs, run_seeds


def test_parse_seeds() -> None:
    assert parse_seeds("0-9") == tuple(range(10))
    assert parse_seeds("0,3,7") == (0, 3, 7)
    assert parse_seeds(" 0-2, 5 ") == (0, 1, 2, 5)
    assert parse_seeds("4") == (4,)


@pytest.mark.parametrize(("text", "rule"), [("", "must be a range"), ("9-0", "reversed"), ("a-b", "must be a range"),
                                            ("1,,2", "must be a range"), ("-3", "must be a range"),
                                            ("0-2,1", "once"), ("0-5000", "at most")])
def test_bad_seeds(text: str, rule: str) -> None:
    with pytest.raises(InvalidParameter, match=rule):
        parse_seeds(text)


def _fake_verify(table: dict[str, dict[int, str]]) -> Any:
    def verify(seed: int, **_: Any) -> Any:
        claims = [SimpleNamespace(id=cid, verdict=Verdict(v[seed])) for cid, v in table.items()]
        bad = {c.verdict for c in claims} - {Verdict.VERIFIED, Verdict.CITED}
        return SimpleNamespace(claims=claims, exit_code=2 if bad & {Verdict.ERROR, Verdict.INCONCLUSIVE} else int(bool(bad)))
    return verify


def test_seed_dependent_claim_is_flagged() -> None:
    table = {"a.x": {0: "verified", 1: "verified", 2: "verified"}, "b.y": {0: "verified", 1: "gap", 2: "verified"}}
    runs = run_seeds((0, 1, 2), verify=_fake_verify(table))
    assert runs.seed_dependent == ("b.y",) and runs.exit_code == 2
    text = render_seed_runs(runs)
    assert "b.y  verified ×2, gap ×1 (seeds 1)  SEED-DEPENDENT" in text
    assert "a.x  verified ×3" in text and "over seeds 0-2" in text
    stable = run_seeds((0, 1), verify=_fake_verify({"a.x": {0: "gap", 1: "gap"}}))
    assert stable.seed_dependent == () and stable.exit_code == 1


def test_cli_seeds(capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    common = ["verify", "--checks", toy_checks, "--profile", "quick", "--out", str(tmp_path), "--no-progress"]
    assert main([*common, "--only", "toy.ok", "toy.gap", "--seeds", "0-2"]) == 1  # stable gap: the usual status
    out = capsys.readouterr().out
    assert "toy.gap  gap ×3" in out and "0 seed-dependent claim(s) over 3 seeds" in out
    assert not (tmp_path / "audit.json").exists()  # no report for a multi-seed run
    for bad in ("3-1", "x", ""):
        assert main([*common, "--seeds", bad]) == 64
        err = capsys.readouterr().err
        assert "--seeds" in err and len(err.strip().splitlines()) == 1
    assert main([*common, "--seed", "2", "--seeds", "0-1"]) == 64
    assert main([*common, "--seeds", "0-1", "--junit", str(tmp_path / "j.xml")]) == 64
