"""Expectations file: known gaps pass, new failures fail, resolved gaps are reported, bad files exit 64."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qproofs.cli import main
from qproofs.errors import ConfigError
from qproofs.report.expect import expectations_toml, hold, load_expectations, parse_expectations

ROOT = Path(__file__).resolve().parent.parent


def _audit(**verdicts: str) -> dict:
    return {"run": {"profile": "quick", "seed": 0}, "claims": [{"id": k.replace("_", "."), "verdict": v}
                                                               for k, v in verdicts.items()]}


def test_known_gap_passes_new_gap_fails_resolved_is_reported() -> None:
    expected = parse_expectations('[verdicts]\n"a.x" = "gap"\n"b.y" = { verdict = "gap", reason = "r" }\n'
                                  '"d.w" = "verified"\n')
    o = hold(expected, _audit(a_x="gap", b_y="verified", c_z="gap", d_w="cited"))
    assert o.unexpected == (("c.z", "verified", "gap"),)
    assert o.resolved == (("b.y", "gap", "verified"),)
    assert ("a.x", "gap") in o.matched and ("d.w", "cited") in o.matched
    assert o.exit_code == 1
    assert hold(expected, _audit(a_x="gap", b_y="gap", d_w="verified")).exit_code == 0
    assert hold(expected, _audit(a_x="refuted")).unexpected == (("a.x", "gap", "refuted"),)
    assert hold(expected, _audit(a_x="gap")).not_run == ("b.y", "d.w")


def test_committed_expectations_match_the_committed_audit() -> None:
    doc = json.loads((ROOT / "reports" / "audit.json").read_text())
    o = hold(load_expectations(ROOT / "reports" / "expected.toml"), doc)
    assert not o.unexpected and not o.resolved and not o.not_run
    assert len(o.matched) == len(doc["claims"])


def test_generated_file_round_trips() -> None:
    audit = _audit(a_x="gap", b_y="verified")
    assert hold(parse_expectations(expectations_toml(audit)), audit).matched == (("a.x", "gap"), ("b.y", "verified"))


@pytest.mark.parametrize(("text", "message"), [
    ("[verdicts\n", "not valid TOML"),
    ('"a.x" = "gap"\n', "exactly one table [verdicts]"),
    ('[verdicts]\n"a.x" = "broken"\n', "verdict must be one of"),
    ("[verdicts]\na.x = \"gap\"\n", "dotted key"),
])
def test_malformed_expectations(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        parse_expectations(text)


def test_cli_expect_and_verify_expect(capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    exp = tmp_path / "expected.toml"
    exp.write_text('[verdicts]\n"toy.gap" = "gap"\n"toy.small" = "refuted"\n')
    common = ["--checks", toy_checks, "--profile", "quick", "--out", str(tmp_path), "--no-progress", "--expect", str(exp)]
    assert main(["verify", "--only", "toy.ok", "toy.small", "toy.gap", *common]) == 0  # plain verify would exit 1
    assert "expectations: 3 as expected, 0 unexpected" in capsys.readouterr().out
    assert main(["verify", "--only", "toy.unsure", *common]) == 1
    assert "UNEXPECTED toy.unsure: expected verified, got inconclusive" in capsys.readouterr().out
    assert main(["expect", str(exp), "--audit", str(tmp_path)]) == 1
    capsys.readouterr()
    assert main(["expect", str(tmp_path / "new.toml"), "--audit", str(tmp_path), "--write"]) == 0
    assert main(["expect", str(tmp_path / "new.toml"), "--audit", str(tmp_path)]) == 0
    capsys.readouterr()
    exp.write_text("[verdicts]\n\"toy.gap\" = 3\n")
    assert main(["expect", str(exp), "--audit", str(tmp_path)]) == 64
    err = capsys.readouterr().err
    assert "verdict must be one of" in err and len(err.strip().splitlines()) == 1
    assert main(["expect", str(tmp_path / "absent.toml"), "--audit", str(tmp_path)]) == 64
