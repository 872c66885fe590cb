"""verify --reuse: the content-addressed result store (issue 14, "Reuse and selection")."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from _cli import run

from qproofs.claims import CheckResult, ClaimResult, Verdict
from qproofs.options import RunOptions
from qproofs.report import figures
from qproofs.runner import plan_run
from qproofs.store import ResultStore, StoreWarning, result_key


def args(pack: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["verify", "--checks", str(pack), "--profile", "quick", "--out", str(tmp_path / "r"), "--no-progress",
            "--cache-dir", str(tmp_path / "cache"), *extra]


def runs(tmp_path: Path) -> dict[str, dict]:
    doc = json.loads((tmp_path / "r" / "audit.json").read_text())
    return {c["id"]: c for c in doc["claims"]}


def test_unchanged_claims_are_reused_and_marked(capsys: pytest.CaptureFixture[str], pack: Path,
                                                tmp_path: Path) -> None:
    code, out, _ = run(capsys, *args(pack, tmp_path, "--reuse"))
    assert code == 2 and "reused" not in out
    first = runs(tmp_path)
    assert not any(c["run"].get("reused") for c in first.values())
    code, out, _ = run(capsys, *args(pack, tmp_path, "--reuse"))
    assert code == 2
    second = runs(tmp_path)
    reused = {cid for cid, c in second.items() if c["run"].get("reused")}
    assert reused == set(first) - {"toy.crash"}  # an error is never stored: a crash is run again
    assert "5 reused from the result store" in out
    for cid in reused:  # the same result, and the run that computed it
        assert second[cid]["verdict"] == first[cid]["verdict"]
        assert second[cid]["checks"] == first[cid]["checks"]
        assert second[cid]["run"]["started"] == first[cid]["run"]["started"]
    md = (tmp_path / "r" / "audit.md").read_text()
    assert "reused" in md
    png = tmp_path / "r" / "figures" / "toy.ok--curve.png"  # drawn once, then copied from the figure cache
    assert png.is_file() and png.read_bytes() in {p.read_bytes() for p in (tmp_path / "cache" / "figures").glob("*.png")}
    assert not figures.FIGURE_CACHE  # set for one run only


def test_a_changed_source_or_seed_is_run_again(capsys: pytest.CaptureFixture[str], pack: Path,
                                               tmp_path: Path) -> None:
    run(capsys, *args(pack, tmp_path, "--reuse"))
    gap = pack / "gap.py"
    gap.write_text(gap.read_text() + "\n# an edit\n")
    shared = pack / "_shared.py"  # imported by toy.ok and toy.small, not by the others
    shared.write_text(shared.read_text() + "\n# an edit\n")
    run(capsys, *args(pack, tmp_path, "--reuse"))
    reused = {cid for cid, c in runs(tmp_path).items() if c["run"].get("reused")}
    assert reused == {"toy.cited", "toy.unsure"}
    run(capsys, *args(pack, tmp_path, "--reuse", "--seed", "1"))
    assert not any(c["run"].get("reused") for c in runs(tmp_path).values())


def test_a_fully_reused_run_needs_no_discovery(capsys: pytest.CaptureFixture[str], pack: Path,
                                               tmp_path: Path) -> None:
    run(capsys, *args(pack, tmp_path, "--reuse", "--only", "toy.ok", "toy.gap"))
    opts = RunOptions(profile="quick", checks=pack, only=("toy.ok", "toy.gap"), reuse=True,
                      cache_dir=tmp_path / "cache")
    plan = plan_run(opts)
    assert plan.registry is None and set(plan.reused) == {"toy.ok", "toy.gap"}


def test_a_corrupt_entry_is_ignored_with_a_warning(capsys: pytest.CaptureFixture[str], pack: Path,
                                                   tmp_path: Path) -> None:
    run(capsys, *args(pack, tmp_path, "--reuse", "--only", "toy.ok"))
    (entry,) = (tmp_path / "cache" / "results").glob("*.json")
    entry.write_text("{not json")
    with pytest.warns(StoreWarning, match="ignored"):
        code, _, _ = run(capsys, *args(pack, tmp_path, "--reuse", "--only", "toy.ok"))
    assert code == 0 and not runs(tmp_path)["toy.ok"]["run"].get("reused")
    json.loads(entry.read_text())  # rewritten by the run


def test_an_unusable_store_is_one_line_exit_64(capsys: pytest.CaptureFixture[str], pack: Path,
                                               tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file, not a directory")
    code, out, err = run(capsys, *args(pack, tmp_path, "--reuse"))
    assert code == 64 and "--cache-dir" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def _result(doc: object, trust: str = "rechecked") -> ClaimResult:
    check = CheckResult("bound", "sdp", True, observed=1.0, tolerance=1e-9, trust=trust, certificate_doc=doc)
    return ClaimResult(id="x.y", ref="Theorem 1", section="1", title="t", statement="s",
                       verdict=Verdict.VERIFIED, checks=(check,), scope="exact")


def test_certificate_documents_are_stored_beside_the_result(tmp_path: Path) -> None:
    store = ResultStore.open(tmp_path)
    doc = {"schema": "qproofs.certificate/1", "numbers": [1, 2]}
    store.put("k1", _result(doc), "2026-01-01T00:00:00+00:00")
    entry = json.loads((tmp_path / "results" / "k1.json").read_text())
    assert "numbers" not in json.dumps(entry)  # the documents are not in the result JSON
    got = store.get("k1")
    assert got is not None and got.result.checks[0].certificate_doc == doc
    assert got.started == "2026-01-01T00:00:00+00:00"
    (tmp_path / "results" / "k1.certificates.json").unlink()  # a rechecked check without its certificate
    with pytest.warns(StoreWarning, match="certificate documents missing"):
        assert store.get("k1") is None


def test_an_entry_under_another_key_is_not_trusted(tmp_path: Path) -> None:
    store = ResultStore.open(tmp_path)
    store.put("k1", replace(_result(None, trust="float")), "t")
    (tmp_path / "results" / "k1.json").rename(tmp_path / "results" / "k2.json")
    with pytest.warns(StoreWarning):
        assert store.get("k2") is None


def test_the_key_covers_every_input() -> None:
    env = {"qproofs": "0.1.0", "python": "3.11.2", "packages": {"numpy": "2.0"}}
    base = result_key("a.b", "src", {"n": 3}, "quick", 0, env)
    assert base == result_key("a.b", "src", {"n": 3}, "quick", 0, dict(env))
    others = [result_key("a.c", "src", {"n": 3}, "quick", 0, env), result_key("a.b", "src2", {"n": 3}, "quick", 0, env),
              result_key("a.b", "src", {"n": 4}, "quick", 0, env), result_key("a.b", "src", {"n": 3}, "standard", 0, env),
              result_key("a.b", "src", {"n": 3}, "quick", 1, env),
              result_key("a.b", "src", {"n": 3}, "quick", 0, env | {"packages": {"numpy": "2.1"}}),
              result_key("a.b", "src", {"n": 3}, "quick", 0, env | {"qproofs": "0.2.0"})]
    assert len({base, *others}) == 8
