"""Report writes are atomic and all-or-nothing (issue 13, findings 1 and 4).

A child process writes a new report over an old one and is SIGKILLed at every
write step (``QPROOFS_FAULT_KILL_AT``) and at random moments; afterwards the
directory holds the old report byte for byte, or (once the commit record is
written) the new one after :func:`recover`, never a mix.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import qproofs
from qproofs.report.write import (
    COMMIT,
    LOCK_FILE,
    STAGING_PREFIX,
    atomic_write,
    recover,
    verify_manifest,
    write_report,
)

CHILD = Path(__file__).resolve().parent / "engine_fixtures" / "write_child.py"
ROOT = Path(__file__).resolve().parent.parent
TOY = Path(__file__).resolve().parent / "engine_fixtures" / "toy_checks"


def snapshot(out: Path) -> dict[str, bytes]:
    """Every report file (not the lock, staging or temp files) and its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != LOCK_FILE and not any(part.startswith(STAGING_PREFIX) for part in p.parts)
            and ".tmp-" not in p.name}


def pending_commit(out: Path) -> bool:
    return any((s / COMMIT).is_file() for s in out.glob(f"{STAGING_PREFIX}*"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(old report dir, new audit JSON, new report dir): the old one has 6 claims, the new one 2 at another seed."""
    base = tmp_path_factory.mktemp("reports")
    write_report(qproofs.verify(checks=str(TOY), profile="quick", seed=1), base / "old")
    new = qproofs.verify(checks=str(TOY), profile="quick", seed=2, only=["toy.ok", "toy.gap"])
    new_json = base / "new.json"
    new_json.write_text(json.dumps(new.to_dict()))
    shutil.copytree(base / "old", base / "new")
    _child(new_json, base / "new")
    return base / "old", new_json, base / "new"


def _env(kill_at: int | None = None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("QPROOFS_FAULT_KILL_AT", None)
    if kill_at is not None:
        env["QPROOFS_FAULT_KILL_AT"] = str(kill_at)
    return env


def _child(new_json: Path, out: Path, kill_at: int | None = None) -> int:
    proc = subprocess.run([sys.executable, str(CHILD), str(new_json), str(out), "fresh"], env=_env(kill_at),
                          capture_output=True, text=True, timeout=120)
    return proc.returncode


def _check_old_or_new(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """Assert the report in ``out`` is the old or the new one; return which."""
    before = snapshot(out)
    if not pending_commit(out):  # killed before the commit point, or while deleting the finished staging dir
        assert before in (old, new), "no commit pending, but the report is a mix"
    recover(out)
    after = snapshot(out)
    assert after in (old, new), "the report is a mix of two runs"
    assert verify_manifest(out) == []
    assert not list(out.glob(f"{STAGING_PREFIX}*"))
    return "old" if after == old else "new"


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.txt"
    atomic_write(target, "one")
    atomic_write(target, b"two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]  # no temp file left behind


def test_new_report_differs_from_old(reports: tuple[Path, Path, Path]) -> None:
    old, _, new = reports
    assert snapshot(old) != snapshot(new)
    assert json.loads((new / "audit.json").read_text())["run"]["seed"] == 2
    assert verify_manifest(new) == [] and verify_manifest(old) == []


def test_kill_at_the_commit_point_keeps_old_or_completes_new(reports: tuple[Path, Path, Path],
                                                            tmp_path: Path) -> None:
    old, new_json, new = reports
    out = tmp_path / "r"
    shutil.copytree(old, out)
    # Step 5 of the toy write is the last one before the commit record: the old report must survive whole.
    assert _child(new_json, out, kill_at=5) == -signal.SIGKILL
    assert _check_old_or_new(out, snapshot(old), snapshot(new)) == "old"


@pytest.mark.slow
def test_sigkill_at_every_write_step(reports: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Property: killed at any step of the write, the directory holds the old report or the new one."""
    old, new_json, new = reports
    seen = []
    for k in range(1, 40):
        out = tmp_path / f"k{k}"
        shutil.copytree(old, out)
        code = _child(new_json, out, kill_at=k)
        if code == 0:  # k is past the last step: the write completed
            assert snapshot(out) == snapshot(new)
            break
        assert code == -signal.SIGKILL
        seen.append(_check_old_or_new(out, snapshot(old), snapshot(new)))
    assert "old" in seen and "new" in seen and len(seen) >= 8


@pytest.mark.slow
def test_sigkill_at_random_moments(reports: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Kill the writer after a random delay (seeded), over the whole duration of its write."""
    old, new_json, new = reports
    rng = random.Random(13)
    durations = []
    for i in range(10):
        out = tmp_path / f"r{i}"
        shutil.copytree(old, out)
        proc = subprocess.Popen([sys.executable, str(CHILD), str(new_json), str(out), "fresh"], env=_env(),
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        t0 = time.monotonic()
        if i < 2:  # calibrate: how long does a write take?
            proc.wait(timeout=120)
            proc.stdout.close()
            durations.append(time.monotonic() - t0)
            continue
        time.sleep(rng.uniform(0, max(durations)))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stdout.close()
        _check_old_or_new(out, snapshot(old), snapshot(new))


@pytest.mark.slow
def test_interrupted_write_is_rolled_forward_by_the_next_write(reports: tuple[Path, Path, Path],
                                                             tmp_path: Path) -> None:
    """A run killed after its commit point leaves a record the next qproofs write completes first."""
    old, new_json, new = reports
    out = tmp_path / "r"
    shutil.copytree(old, out)
    assert _child(new_json, out, kill_at=8) == -signal.SIGKILL
    assert pending_commit(out)
    from qproofs.report.write import rerender

    rerender(out)
    assert snapshot(out) == snapshot(new)
