"""Every audit re-checks the checker on built-in forged certificates (issue 11); a broken checker drops trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import CERT_PACK

from qproofs.certcheck.forged import CONTROLS, KERNEL_MUTANTS, kernel_mutant, self_test
from qproofs.claims import CheckResult, ClaimResult, Verdict
from qproofs.cli import main
from qproofs.runner import distrust_checker

SKIP_LAST_MINOR = next(m for m in KERNEL_MUTANTS if m.name == "skip-last-leading-minor")


def test_the_kernel_rejects_every_forged_control_and_accepts_every_genuine_one() -> None:
    result = self_test()
    assert result.trusted and not result.wrong
    assert (result.forged, result.rejected) == (5, 5) and result.genuine == result.accepted == 4
    assert {c.build()["kind"] for c in CONTROLS if c.forged} == {"sdp-dual", "sdp-dual-float", "identity", "table"}
    assert result.line() == "certificate checker: 5/5 forged certificates rejected, 4/4 genuine accepted"


@pytest.mark.parametrize("mutant", KERNEL_MUTANTS, ids=lambda m: m.name)
def test_every_kernel_mutant_is_caught_by_the_self_test(mutant) -> None:  # type: ignore[no-untyped-def]
    with kernel_mutant(mutant):
        result = self_test()
    assert not result.trusted and result.rejected == result.forged - 1, result.wrong
    assert self_test().trusted  # the original is restored


def test_skipping_the_last_leading_minor_accepts_the_indefinite_slack() -> None:
    with kernel_mutant(SKIP_LAST_MINOR):
        result = self_test()
    assert result.wrong == ("sdp-dual: indefinite dual slack, only the last leading minor negative: got ok, "
                            "expected d-negative",)
    assert result.line().startswith("certificate checker: 4/5 forged certificates rejected")


def test_a_control_rejected_for_another_reason_does_not_count() -> None:
    def rejects_everything(doc: dict) -> str:
        from qproofs.certcheck.errors import Rejected

        raise Rejected("bad-witness", "no")

    result = self_test(rejects_everything)
    assert result.rejected == 0 and result.accepted == 0 and len(result.wrong) == len(CONTROLS)


def test_distrust_makes_rechecked_checks_inconclusive_and_keeps_the_others() -> None:
    checks = (CheckResult("cert", "sdp", True, trust="rechecked"), CheckResult("num", "simulation", True))
    claim = ClaimResult(id="a.b", ref="r", section="1", title="t", statement="s", verdict=Verdict.VERIFIED,
                        checks=checks)
    got = distrust_checker(claim, "certificate checker: 4/5 forged certificates rejected")
    assert got.verdict is Verdict.INCONCLUSIVE
    assert got.checks[0].status == "inconclusive" and "4/5 forged" in got.checks[0].detail
    assert got.checks[0].trust == "exact" and got.checks[1] == checks[1]
    plain = ClaimResult(id="a.c", ref="r", section="1", title="t", statement="s", verdict=Verdict.VERIFIED,
                        checks=(checks[1],))
    assert distrust_checker(plain, "x") is plain


def _verify(tmp_path: Path) -> tuple[int, Path]:
    (tmp_path / "pack").mkdir(exist_ok=True)
    (tmp_path / "pack" / "demo_cert.py").write_text(CERT_PACK)
    out = tmp_path / "out"
    code = main(["verify", "--checks", str(tmp_path / "pack"), "--profile", "quick", "--out", str(out),
                 "--no-progress", "--fresh"])
    return code, out


def test_every_audit_records_the_self_test(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = _verify(tmp_path)
    assert code == 0
    assert "certificate checker: 5/5 forged certificates rejected" in capsys.readouterr().out
    doc = json.loads((out / "audit.json").read_text())
    assert doc["run"]["certcheck_self_test"] == {"forged": 5, "rejected": 5, "genuine": 4, "accepted": 4,
                                                 "wrong": [], "trusted": True}
    assert doc["claims"][0]["checks"][0]["trust"] == "rechecked"
    assert "certificate checker: 5/5 forged certificates rejected" in (out / "audit.md").read_text()


def test_a_checker_that_skips_the_last_minor_makes_the_audit_inconclusive(  # type: ignore[no-untyped-def]
        tmp_path: Path, capsys) -> None:
    with kernel_mutant(SKIP_LAST_MINOR):
        code, out = _verify(tmp_path)
    assert code == 2
    text = capsys.readouterr().out
    assert "certificate checker: 4/5 forged certificates rejected" in text and "NOT TRUSTED" in text
    doc = json.loads((out / "audit.json").read_text())
    assert doc["run"]["certcheck_self_test"]["trusted"] is False
    claim = doc["claims"][0]
    assert claim["verdict"] == "inconclusive" and claim["checks"][0]["passed"] is None
    assert "forged certificates rejected" in claim["checks"][0]["detail"]
