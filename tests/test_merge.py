"""Partial runs merge into a fuller report; --fresh replaces it; re-rendering is byte-stable (findings 3, 7, 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import run

import qproofs
from qproofs.claims import Evidence, Figure, Series
from qproofs.cli import main
from qproofs.report.write import figure_path, safe_name, verify_manifest, write_report
from qproofs.runner import Audit, merge_audits


def files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
            and p.name != ".qproofs.lock"}


def test_only_run_merges_into_a_fuller_report(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                              tmp_path: Path) -> None:
    common = ["--checks", toy_checks, "--profile", "quick", "--out", str(tmp_path), "--no-progress"]
    assert run(capsys, "verify", *common)[0] == 2
    full = json.loads((tmp_path / "audit.json").read_text())
    code, out, _ = run(capsys, "verify", "--only", "toy.gap", "--seed", "3", *common)
    assert code == 1  # the exit status is the selected claims' (toy.gap: gap), not the whole report's
    doc = json.loads((tmp_path / "audit.json").read_text())
    assert [c["id"] for c in doc["claims"]] == [c["id"] for c in full["claims"]]
    seeds = {c["id"]: c["run"]["seed"] for c in doc["claims"]}
    assert seeds["toy.gap"] == 3 and all(s == 0 for cid, s in seeds.items() if cid != "toy.gap")
    assert doc["run"]["seed"] == 3 and len(doc["runs"]) == 2
    assert sum(doc["summary"].values()) == 6
    kept = next(c for c in doc["claims"] if c["id"] == "toy.ok")
    assert kept == next(c for c in full["claims"] if c["id"] == "toy.ok")  # untouched, key and run included
    assert "5 kept from earlier runs" in out and "claims come from 2 runs" in out
    assert (tmp_path / "figures" / "toy.ok--curve.png").is_file()  # figures of kept claims are kept
    # the dependency note of toy.gap sees toy.small from the earlier run
    gap = next(c for c in doc["claims"] if c["id"] == "toy.gap")
    assert gap["dependency_notes"] == ["uses toy.small, which is refuted"]


def test_fresh_replaces_the_whole_report(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                         tmp_path: Path) -> None:
    common = ["--checks", toy_checks, "--profile", "quick", "--out", str(tmp_path), "--no-progress"]
    run(capsys, "verify", *common)
    assert (tmp_path / "figures" / "toy.ok--curve.png").is_file()
    code, out, _ = run(capsys, "verify", "--only", "toy.cited", "--fresh", *common)
    doc = json.loads((tmp_path / "audit.json").read_text())
    assert code == 0 and [c["id"] for c in doc["claims"]] == ["toy.cited"] and len(doc["runs"]) == 1
    assert not (tmp_path / "figures" / "toy.ok--curve.png").exists()  # the old report's figures went with it
    assert "kept" not in out and "note:" not in out
    assert verify_manifest(tmp_path) == []


def test_merge_audits_keeps_each_claims_run(toy_checks: str) -> None:
    old = qproofs.verify(checks=toy_checks, profile="quick", seed=0)
    new = qproofs.verify(checks=toy_checks, profile="quick", seed=9, only=["toy.ok"])
    merged = merge_audits(old, new)
    assert merged.run_of("toy.ok").seed == 9 and merged.run_of("toy.gap").seed == 0
    again = Audit.from_dict(json.loads(json.dumps(merged.to_dict())))
    assert again.to_dict() == merged.to_dict()
    assert merged.provenance_note() is not None and new.provenance_note() is None


def test_report_rerenders_byte_identically(capsys: pytest.CaptureFixture[str], toy_checks: str,
                                           tmp_path: Path) -> None:
    """`qproofs report` from the audit.json that `verify` wrote gives the same bytes, every file."""
    run(capsys, "verify", "--checks", toy_checks, "--profile", "quick", "--out", str(tmp_path), "--no-progress")
    before = files(tmp_path)
    assert run(capsys, "report", "--out", str(tmp_path))[0] == 0
    assert files(tmp_path) == before
    assert run(capsys, "report", "--out", str(tmp_path))[0] == 0
    assert files(tmp_path) == before


def test_ints_stay_ints_and_dict_order_is_stable(toy_checks: str, tmp_path: Path) -> None:
    """An int reference line (10240) and an evidence dict in non-sorted order re-render identically."""
    fig = Figure("bits", "bits", "n", "bits", (Series("b", (1, 2), (3, 4)),), hlines=((10240, "n·b"),))
    assert fig.hlines == ((10240.0, "n·b"),)
    audit = qproofs.verify(checks=toy_checks, profile="quick", seed=0, only=["toy.cited"])
    c = audit.claims[0]
    check = c.checks[0].__class__(**{**c.checks[0].to_dict(), "observed": {"z": 1, "a": 10240}})
    from dataclasses import replace

    audit = replace(audit, claims=(replace(c, checks=(check,), figure_specs=(fig,)),))
    write_report(audit, tmp_path)
    before = files(tmp_path)
    assert main(["report", "--out", str(tmp_path)]) == 0
    assert files(tmp_path) == before
    assert "10240.0" not in (tmp_path / "audit.md").read_text()
    assert Evidence(passed=True).passed is True


def test_traversal_ids_stay_inside_out(tmp_path: Path, toy_checks: str) -> None:
    """A claim id like ../../../escaped in an audit.json never makes `qproofs report` write outside --out."""
    out = tmp_path / "a" / "b" / "out"
    write_report(qproofs.verify(checks=toy_checks, profile="quick", seed=0, only=["toy.ok"]), out)
    doc = json.loads((out / "audit.json").read_text())
    doc["claims"][0]["id"] = "../../../escaped"
    doc["claims"][0]["figures"] = ["../../../escaped-too.png"]
    doc["claims"][0]["figure_specs"][0]["name"] = "x"
    (out / "audit.json").write_text(json.dumps(doc))
    assert main(["report", "--out", str(out)]) == 0
    outside = [p for p in tmp_path.rglob("*") if out not in p.parents and p != out and p.is_file()]
    assert outside == []
    assert (out / figure_path("../../../escaped", "x")).is_file()
    assert json.loads((out / "audit.json").read_text())["claims"][0]["figures"] == [
        "figures/_.._.._.._escaped--x.png"]


@pytest.mark.parametrize("text", ["../x", "/etc/passwd", "..", ".", "a/../../b", "\x00", "é" * 300, ""])
def test_safe_name_is_one_component(text: str) -> None:
    name = safe_name(text)
    assert "/" not in name and name not in ("", ".", "..") and not name.startswith(".") and len(name) <= 120
