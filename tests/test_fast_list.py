"""list/show from the claim index, without importing the physics (issue 14, "Speed")."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _cli import run

import qproofs.runner
from qproofs.index import load_index

TOY = Path(__file__).resolve().parent / "engine_fixtures" / "toy_checks"
ROOT = Path(__file__).resolve().parent.parent




def no_discovery(*_: object, **__: object) -> None:
    raise AssertionError("discovery was run although the index is valid")


def test_list_uses_the_index_while_the_sources_match(capsys: pytest.CaptureFixture[str], pack: Path,
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    code, first, _ = run(capsys, "list", "--checks", str(pack), *cache)
    assert code == 0 and load_index(pack, tmp_path / "cache") is not None
    monkeypatch.setattr(qproofs.runner, "load_registry", no_discovery)
    assert run(capsys, "list", "--checks", str(pack), *cache)[1] == first
    code, out, _ = run(capsys, "show", "toy.gap", "--checks", str(pack), "--out", str(tmp_path / "none"), *cache)
    assert code == 0 and "a premise fails" in out and "premise" in out and "scope: exact" in out
    assert run(capsys, "show", "toy.nope", "--checks", str(pack), *cache)[0] == 64


@pytest.mark.parametrize("edit", ["gap.py", "_shared.py", "__init__.py", "new_claim"])
def test_an_edit_invalidates_the_index(capsys: pytest.CaptureFixture[str], pack: Path, tmp_path: Path,
                                       edit: str) -> None:
    cache = tmp_path / "cache"
    run(capsys, "list", "--checks", str(pack), "--cache-dir", str(cache))
    if edit == "new_claim":
        shutil.copy(pack / "gap.py", pack / "gap2.py")
    else:
        (pack / edit).write_text((pack / edit).read_text() + "\n# edited\n")
    assert load_index(pack, cache) is None


def test_a_retitled_claim_is_listed_with_its_new_title(capsys: pytest.CaptureFixture[str], pack: Path,
                                                       tmp_path: Path) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    run(capsys, "list", "--checks", str(pack), *cache)
    gap = pack / "gap.py"
    gap.write_text(gap.read_text().replace('title="a premise fails"', 'title="a premise is missing"'))
    out = subprocess.run([sys.executable, "-m", "qproofs", "list", "--checks", str(pack), *cache],
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                         check=True).stdout  # a new process: this one has imported gap.py already
    assert "a premise is missing" in out and "a premise fails" not in out


def test_list_from_the_index_imports_no_numerics(tmp_path: Path) -> None:
    env = {"PYTHONPATH": str(ROOT), "QPROOFS_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    code = (f"import sys; from qproofs.cli import main; main(['list', '--checks', {str(TOY)!r}]); "
            "print('NUMPY' if 'numpy' in sys.modules else 'LIGHT')")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "toy.ok" in first.stdout
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert second.stdout.strip().endswith("LIGHT") and "toy.ok" in second.stdout
