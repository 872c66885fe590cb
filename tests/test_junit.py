"""``--junit FILE``: one test case per check, failures/errors/skips as CI systems expect."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import qproofs
from qproofs.cli import main
from qproofs.report.junit import junit_xml


def _props(case: ET.Element) -> dict[str, str]:
    return {p.get("name", ""): p.get("value", "") for p in case.iter("property")}


def test_one_testcase_per_check_with_outcomes(toy_checks: str) -> None:
    audit = qproofs.verify(checks=toy_checks, profile="quick", seed=0).to_dict()
    root = ET.fromstring(junit_xml(audit))
    suite = root.find("testsuite")
    assert suite is not None
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert len(cases) == sum(len(c["checks"]) for c in audit["claims"]) == int(suite.get("tests", "-1"))
    assert (suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("2", "1", "1")
    gap = cases[("toy.gap", "premise")]
    failure = gap.find("failure")
    assert failure is not None and failure.get("type") == "gap" and "observed 0.1" in failure.get("message", "")
    assert _props(gap)["verdict"] == "gap" and _props(gap)["claim"].startswith("toy.gap: Remark 3")
    small = cases[("toy.small", "small")].find("failure")
    assert small is not None and small.get("type") == "refuted" and "counterexample" in (small.text or "")
    err = cases[("toy.crash", "boom")].find("error")
    assert err is not None and "ZeroDivisionError" in err.get("message", "")
    skipped = cases[("toy.unsure", "solver")].find("skipped")
    assert skipped is not None and "infeasible_inaccurate" in skipped.get("message", "")
    ok = cases[("toy.ok", "seeded")]
    assert list(ok) == [ok.find("properties")]  # a pass has properties only
    assert {"verdict", "status", "method", "observed", "expected", "tolerance", "instances", "claim"} <= set(_props(ok))
    assert _props(cases[("toy.small", "small")]).get("margin") is not None  # fuzz evidence records min_slack


def test_cli_junit(capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    out = tmp_path / "ci" / "junit.xml"
    code = main(["verify", "--checks", toy_checks, "--profile", "quick", "--out", str(tmp_path), "--no-progress",
                 "--only", "toy.ok", "--junit", str(out)])
    assert code == 0 and ET.parse(out).getroot().tag == "testsuites"
    assert f"junit: {out}" in capsys.readouterr().out
