"""Mutation testing machinery on the toy checks."""

from __future__ import annotations

import pytest

from qproofs.cli import main
from qproofs.runner import discover
from qproofs.selftest import iter_mutants, uncovered_checks


def test_mutants_are_judged(toy_checks: str) -> None:
    reg = discover(toy_checks)
    fates = {o.mutant.name: o for o in iter_mutants(reg, reg.mutants)}
    assert fates["negated_square"].killed
    assert fates["broken_reduction"].killed and fates["broken_reduction"].mutated == "refuted"
    assert not fates["unpatchable"].killed and "failed to apply" in fates["unpatchable"].mutated


def test_uncovered_checks_are_listed(toy_checks: str) -> None:
    assert "toy.gap::premise" in uncovered_checks(discover(toy_checks))
    assert "toy.ok::squares" not in uncovered_checks(discover(toy_checks))


def test_selftest_cli_prints_tally(capsys: pytest.CaptureFixture[str], toy_checks: str) -> None:
    assert main(["selftest", "--checks", toy_checks, "--only", "toy.cited"]) == 0
    out = capsys.readouterr().out
    assert "killed   broken_reduction" in out and out.strip().endswith("mutants killed: 1/1")
    assert main(["selftest", "--checks", toy_checks]) == 1
    assert "mutants killed: 2/3" in capsys.readouterr().out


def test_a_crash_is_not_a_kill() -> None:
    from qproofs.claims import CheckResult, ClaimResult, Mutant, Verdict

    def claim(status: str) -> ClaimResult:
        k = CheckResult("c", "simulation", True if status == "pass" else None,
                        error="boom" if status == "error" else None)
        return ClaimResult("a.b", "r", "1", "t", "s", Verdict.VERIFIED if status == "pass" else Verdict.ERROR, (k,))

    from contextlib import nullcontext

    from qproofs.selftest import judge

    fate = judge(Mutant("m", "a.b", ("c",), nullcontext), claim("pass"), claim("error"))
    assert not fate.killed and "crashed" in fate.line()
