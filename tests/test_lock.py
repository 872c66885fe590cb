"""One writer per output directory (issue 13, finding 2): wait with a message, stale locks cleared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import qproofs
from qproofs.cli import main
from qproofs.errors import LockTimeout
from qproofs.report.write import LOCK_FILE, OutputLock, verify_manifest, write_report

ROOT = Path(__file__).resolve().parent.parent
HOLD = """
import sys, time
from qproofs.report.write import OutputLock
with OutputLock(__import__('pathlib').Path(sys.argv[1])):
    print('locked', flush=True)
    if sys.argv[2] == 'die':
        import os, signal
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(float(sys.argv[2]))
"""


def _hold(out: Path, how: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out), how], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_second_writer_waits_with_a_message(toy_checks: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    audit = qproofs.verify(checks=toy_checks, profile="quick", seed=0, only=["toy.cited"])
    holder = _hold(tmp_path, "2.5")
    t0 = time.monotonic()
    write_report(audit, tmp_path, lock_wait_s=60)
    waited = time.monotonic() - t0
    holder.wait(timeout=30)
    holder.stdout.close()  # type: ignore[union-attr]
    err = capsys.readouterr().err
    assert waited > 1.0
    assert "waiting for" in err and f"pid {holder.pid}" in err and len(err.strip().splitlines()) == 1
    assert verify_manifest(tmp_path) == []


def test_lock_timeout_is_one_line(tmp_path: Path) -> None:
    holder = _hold(tmp_path, "5")
    try:
        with pytest.raises(LockTimeout, match="still locked by another qproofs run"), OutputLock(
                tmp_path, wait_s=0.5, say=lambda m: None):
            pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]


def test_stale_lock_of_a_killed_process_is_cleared(tmp_path: Path) -> None:
    holder = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path), "die"], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert holder.returncode < 0  # SIGKILLed while holding the lock
    record = json.loads((tmp_path / LOCK_FILE).read_text())
    assert {"pid", "process_start", "host", "since"} <= set(record)
    said: list[str] = []
    t0 = time.monotonic()
    with OutputLock(tmp_path, wait_s=5, say=said.append):
        assert json.loads((tmp_path / LOCK_FILE).read_text())["pid"] == os.getpid()
    assert time.monotonic() - t0 < 2
    assert len(said) == 1 and "stale lock" in said[0] and str(record["pid"]) in said[0]
    assert (tmp_path / LOCK_FILE).read_text() == ""  # a clean release leaves no holder record


def test_threads_of_one_process_are_serialised(toy_checks: str, tmp_path: Path) -> None:
    """Two writers in one process (two flock handles) also exclude each other and merge."""
    a = qproofs.verify(checks=toy_checks, profile="quick", seed=4, only=["toy.cited"])
    b = qproofs.verify(checks=toy_checks, profile="quick", seed=5, only=["toy.gap"])
    errors: list[BaseException] = []

    def write(audit: qproofs.runner.Audit) -> None:
        try:
            write_report(audit, tmp_path)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(x,)) for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    doc = json.loads((tmp_path / "audit.json").read_text())
    assert {c["id"]: c["run"]["seed"] for c in doc["claims"]} == {"toy.cited": 4, "toy.gap": 5}
    assert verify_manifest(tmp_path) == []


@pytest.mark.slow
def test_two_concurrent_cli_runs_into_one_directory(toy_checks: str, tmp_path: Path) -> None:
    """Two `qproofs verify --only` runs at once: both finish, the report holds both selections, whole."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "qproofs", "verify", "--checks", toy_checks, "--profile", "quick",
           "--out", str(tmp_path), "--no-progress"]
    procs = [subprocess.Popen([*cmd, "--only", only, "--seed", seed], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
             for only, seed in (("toy.ok", "4"), ("toy.gap", "5"))]
    codes = [p.wait(timeout=300) for p in procs]
    for p in procs:
        p.stderr.close()  # type: ignore[union-attr]
    assert codes == [0, 1]
    doc = json.loads((tmp_path / "audit.json").read_text())
    assert {c["id"]: c["run"]["seed"] for c in doc["claims"]} == {"toy.ok": 4, "toy.gap": 5}
    assert len(doc["runs"]) == 2
    assert verify_manifest(tmp_path) == []
    assert main(["report", "--out", str(tmp_path)]) == 0
