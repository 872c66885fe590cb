"""The worked example pack (examples/chsh) and `qproofs new`: the authoring guide works as written."""

from __future__ import annotations

from pathlib import Path

import pytest

import qproofs
from qproofs.cli import main
from qproofs.runner import discover, run_claim

PACK = Path(__file__).resolve().parent.parent / "examples" / "chsh"


@pytest.mark.slow
def test_chsh_pack_decides_true_and_false_claims() -> None:
    audit = qproofs.verify(checks=PACK, profile="quick", seed=0)
    verdicts = {c.id: c.verdict.value for c in audit.claims}
    assert verdicts == {"chsh.classical": "verified", "chsh.tsirelson": "verified", "chsh.no-advantage": "refuted"}
    false = audit.claim("chsh.no-advantage").checks[0]
    assert false.counterexample is not None and float(false.counterexample["S"]) > 2.8


@pytest.mark.slow
def test_chsh_pack_mutants_are_killed() -> None:
    from qproofs.selftest import judge

    reg = discover(PACK)
    for m in reg.mutants:
        base = run_claim(reg.get(m.claim), profile="quick")
        assert judge(m, base, run_claim(reg.get(m.claim), profile="quick", mutant=m)).killed, m.name


def test_new_writes_a_module_that_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "demo.first", "--checks", str(tmp_path), "--section", "3.3", "--ref", "Theorem 9"]) == 0
    path = tmp_path / "sec3_3" / "demo_first.py"
    assert path.is_file() and "wrote" in capsys.readouterr().out
    audit = qproofs.verify(checks=tmp_path, profile="quick")
    assert [c.verdict.value for c in audit.claims] == ["inconclusive"]
    assert main(["new", "demo.first", "--checks", str(tmp_path), "--section", "3.3"]) == 64
    assert main(["new", "Not An Id", "--checks", str(tmp_path)]) == 64
