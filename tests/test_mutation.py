"""The mutation campaign (issue 11): sampling, the import-graph oracle selection, kill/survive, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qproofs import mutation as mu
from qproofs.cli import main

TOY_MODULE = '''"""A toy library module: one function a check uses, one nobody checks."""

from __future__ import annotations


def double(x: int) -> int:
    return x * 2


def unchecked(x: int | None) -> bool:
    return True
'''

TOY_CLAIM = '''"""``toy.double``: doubling doubles (a toy claim for the mutation tests)."""

from qproofs.claims import Claim, Evidence
from qproofs.toy_mut import double

CLAIM = Claim("toy.double", ref="Theorem 1", section="1", scope="exact", title="doubling doubles",
              statement="double(x) = 2x")


@CLAIM.check("simulation")
def doubles(ctx):
    got = [double(x) for x in (3, 5)]
    return Evidence(passed=got == [6, 10], observed=got, expected=[6, 10], tolerance="exact")
'''


@pytest.fixture(scope="module")
def toy_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project: a copy of the qproofs package plus ``qproofs/toy_mut.py``, and a checks/ with one toy claim."""
    root = tmp_path_factory.mktemp("proj")
    shutil.copytree(mu.project_root() / "qproofs", root / "qproofs",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (root / "qproofs" / "toy_mut.py").write_text(TOY_MODULE, encoding="utf-8")
    (root / "checks" / "sec1").mkdir(parents=True)
    (root / "checks" / "sec1" / "toy_double.py").write_text(TOY_CLAIM, encoding="utf-8")
    return root


def _spec(root: Path, operator: str, definition: str) -> mu.MutantSpec:
    specs = mu.mutation_points(root, "qproofs/toy_mut.py")
    return next(s for s in specs if s.operator == operator and s.definition == definition)


def test_usage_follows_imports(toy_root: Path) -> None:
    usage = mu.claim_usage(toy_root, toy_root / "checks")
    assert usage["qproofs/toy_mut.py"] == ["toy.double"]
    assert "qproofs/protocols/ring.py" not in usage  # the toy claim imports no protocol


@pytest.mark.slow
def test_one_mutant_killed_one_survives(toy_root: Path) -> None:
    killed = _spec(toy_root, "core/ReplaceBinaryOperator_Mul_Add", "double")  # x + 2: double(3) = 5
    survivor = _spec(toy_root, "core/ReplaceTrueWithFalse", "unchecked")      # no check calls unchecked()
    campaign = mu.Campaign("quick", 0, 2, ["qproofs/toy_mut.py"], 2, 0)
    usage = mu.claim_usage(toy_root, toy_root / "checks")
    mu.run_mutants(toy_root, toy_root / "checks", [killed, survivor], usage, "quick", 120, campaign,
                   log=lambda _: None, jobs=2)
    assert [m["operator"] for m in campaign.mutants] == [killed.operator, survivor.operator]  # sample order kept
    outcomes = {m["operator"]: (m["outcome"], m["why"]) for m in campaign.mutants}
    assert outcomes["core/ReplaceBinaryOperator_Mul_Add"][0] == "killed"
    assert "toy.double verified->refuted" in outcomes["core/ReplaceBinaryOperator_Mul_Add"][1]
    # function-level coverage: the traced control saw no claim execute unchecked(), so nothing is run for it
    assert outcomes["core/ReplaceTrueWithFalse"] == ("uncovered", "no claim executes unchecked (lines 10-11) at quick")
    assert campaign.mutants[1]["claims"] == [] and campaign.mutants[0]["claims"] == ["toy.double"]
    assert campaign.mutants[0]["selected_by"] == "function lines 6-7" and campaign.selection == "function"
    assert "return x + 2" in campaign.mutants[0]["diff"]
    assert (toy_root / "qproofs" / "toy_mut.py").read_text(encoding="utf-8") == TOY_MODULE  # never in place
    s = campaign.to_dict()["score"]
    assert (s["killed"], s["n"]) == (1, 2)
    assert s["ci95"][0] < 0.5 < s["ci95"][1]
    doc = campaign.to_dict()
    text = mu.markdown_report(doc, {campaign.mutants[1]["id"]: {"class": "equivalent", "note": "never called"}})
    assert "Kill score: 1/2" in text and "Among the 1 non-equivalent mutants" in text and "never called" in text


SPAN_SOURCE = '''import functools

K = 2 * 3


@functools.cache
def cached(x, y=K + 1):
    def inner(z):
        return z - 1
    return inner(x) * y


class Box:
    size = K * 2

    def area(self):
        return self.size ** 2


square = lambda x: x * x
'''


@pytest.mark.parametrize(("line", "col", "span"), [
    (3, 6, None),          # module level
    (7, 21, None),         # a default value: evaluated at import
    (8, 4, (6, 10)),       # a nested def in the body: the outermost function, decorator line first
    (9, 17, (6, 10)),      # inside the nested function
    (10, 20, (6, 10)),
    (14, 15, None),        # a class attribute
    (17, 25, (16, 17)),    # a method
    (20, 20, None),        # a module-level lambda
])
def test_enclosing_function(line: int, col: int, span: tuple[int, int] | None) -> None:
    assert mu.enclosing_function(SPAN_SOURCE, line, col) == span


def test_claims_executing_matches_code_objects_in_the_span() -> None:
    covered = {"a": ["qproofs/x.py:6", "qproofs/y.py:40"], "b": ["qproofs/x.py:8"], "c": ["qproofs/x.py:11"],
               "d": ["qproofs/y.py:7"]}
    assert mu.claims_executing(covered, "qproofs/x.py", (6, 10)) == ["a", "b"]
    assert mu.claims_executing(covered, "qproofs/y.py", (6, 10)) == ["d"]
    assert mu.claims_executing(covered, "qproofs/z.py", (1, 99)) == []


def test_sampling_is_deterministic_and_skips_annotation_only(toy_root: Path) -> None:
    points = mu.mutation_points(toy_root, "qproofs/toy_mut.py")
    source = (toy_root / "qproofs" / "toy_mut.py").read_text(encoding="utf-8")
    a, skipped = mu.sample_mutants(points, len(points), 3, lambda _: source)
    b, _ = mu.sample_mutants(points, len(points), 3, lambda _: source)
    assert a == b and len(a) + len(skipped) == len(points)
    # ``int | None`` in an annotation of a PEP 563 module is never evaluated: equivalent by construction.
    assert any(s.definition == "unchecked" and "BitOr" in s.operator for s in skipped)
    assert not any(s.definition == "double" for s in skipped)
    c, _ = mu.sample_mutants(points, 3, 4, lambda _: source)
    assert len(c) == 3


def test_classify_kinds() -> None:
    base = {"c": {"verdict": "verified", "k": "pass"}}
    assert mu.classify(base, mu.OracleRun(base, 1.0))[0] == "survived"
    assert mu.classify(base, mu.OracleRun({"c": {"verdict": "refuted", "k": "fail"}}, 1.0))[0] == "killed"
    assert mu.classify(base, mu.OracleRun({"c": {"verdict": "error", "k": "error"}}, 1.0))[0] == "killed-error"
    assert mu.classify(base, mu.OracleRun({}, 1.0, crashed="boom"))[0] == "crashed"
    assert mu.classify(base, mu.OracleRun({}, 1.0, timed_out=True))[0] == "timeout"


def test_wilson_interval() -> None:
    low, high = mu.wilson(54, 60)
    assert low == pytest.approx(0.7985, abs=1e-3) and high == pytest.approx(0.9533, abs=1e-3)
    assert mu.wilson(0, 0) == (0.0, 1.0)
    assert mu.wilson(10, 10)[1] == pytest.approx(1.0)


@pytest.mark.parametrize("argv", [
    ["mutate", "--sample", "0"],
    ["mutate", "--sample", "-3"],
    ["mutate", "--sample", "many"],
    ["mutate", "--modules", "/etc/passwd"],
    ["mutate", "--modules", "../outside/*.py"],
    ["mutate", "--modules", "checks/*.py"],
    ["mutate", "--modules", "qproofs/no_such_module_*.py"],
    ["mutate", "--timeout", "0"],
    ["mutate", "--profile", "huge"],
    ["mutate", "--jobs", "0"],
])
def test_bad_input_exits_64_with_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 64
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("qproofs")


@pytest.mark.slow
def test_campaign_end_to_end(toy_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mutation.json"
    rc = mu.run_campaign(["qproofs/toy_mut.py"], sample=2, seed=5, profile="quick", timeout=120, out=out,
                         root=toy_root)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == mu.SCHEMA and doc["score"]["n"] == 2 and len(doc["mutants"]) == 2
    assert rc == (0 if doc["score"]["killed"] == 2 else 1)
    assert "overall (95% Wilson interval)" in capsys.readouterr().out
    again, _ = mu.sample_mutants(mu.mutation_points(toy_root, "qproofs/toy_mut.py"), 2, 5,
                                 lambda m: (toy_root / m).read_text(encoding="utf-8"))
    assert [m["id"] for m in doc["mutants"]] == [s.id for s in again]  # deterministic in --seed


def test_unstable_claims_are_not_judged() -> None:
    base = {"c": {"verdict": "verified", "k": "pass"}}  # "u" was unstable: dropped from the baseline
    run = mu.OracleRun({"u": {"verdict": "refuted", "k": "fail"}, "c": base["c"]}, 1.0)
    assert mu.classify(base, run)[0] == "survived"
