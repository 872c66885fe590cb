"""Distributed runs fail in bounded time with one line and exit 2, keeping finished claims (findings 5, 6).

Loopback only: every service here listens on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import qproofs.distributed as distributed
from qproofs.cli import main
from qproofs.errors import SchedulerUnreachable
from qproofs.options import RunOptions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fast_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT_S", 1.0)
    monkeypatch.setattr(distributed, "WORKER_WAIT_S", 2.0)
    monkeypatch.setattr(distributed, "LOST_GRACE_S", 2.0)
    monkeypatch.setattr(distributed, "POLL_S", 0.2)


def _listen() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


@pytest.fixture
def silent_service() -> Iterator[str]:
    """A TCP service that accepts connections and never says anything."""
    sock = _listen()
    conns: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                conns.append(sock.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    t.join()
    for c in conns:
        c.close()
    sock.close()


@pytest.fixture
def garbage_service() -> Iterator[str]:
    """A TCP service that greets with bytes no Dask handshake starts with."""
    sock = _listen()
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                conn = sock.accept()[0]
            except OSError:
                continue
            with conn:
                conn.sendall(b"\xff" * 64)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    t.join()
    sock.close()


@pytest.fixture
def http_service() -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"tcp://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    t.join()


@pytest.mark.parametrize("service", ["silent_service", "garbage_service", "http_service"])
def test_non_dask_service_ends_in_one_line_exit_2(request: pytest.FixtureRequest, service: str, toy_checks: str,
                                                  tmp_path: Path, fast_timeouts: None,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    address = request.getfixturevalue(service)
    t0 = time.monotonic()
    code = main(["verify", "--checks", toy_checks, "--scheduler", address, "--out", str(tmp_path / "r"),
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "not a Dask scheduler" in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert time.monotonic() - t0 < 10
    assert not (tmp_path / "r" / "audit.json").exists()  # nothing ran: nothing written


def test_probe_accepts_a_real_scheduler_greeting() -> None:
    """The probe reads only the 8-byte frame length Dask sends first; a small length passes."""
    sock = _listen()

    def greet() -> None:
        conn = sock.accept()[0]
        with conn:
            conn.sendall((42).to_bytes(8, "little") + b"x" * 42)

    t = threading.Thread(target=greet, daemon=True)
    t.start()
    distributed.probe_scheduler(f"tcp://127.0.0.1:{sock.getsockname()[1]}", timeout=2)
    t.join()
    sock.close()


def test_nothing_listening_is_unreachable(fast_timeouts: None) -> None:
    sock = _listen()
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(SchedulerUnreachable, match="no Dask scheduler answered"):
        distributed.probe_scheduler(f"tcp://127.0.0.1:{port}")


def test_relative_checks_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 6: remote workers get the checks path absolute (their working directory differs)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    opts = RunOptions.make(checks="mine", scheduler="127.0.0.1:8786")
    assert opts.checks == tmp_path / "mine" and opts.checks.is_absolute()
    assert opts.scheduler == "tcp://127.0.0.1:8786"


def _free_port() -> int:
    sock = _listen()
    port = sock.getsockname()[1]
    sock.close()
    return port


def _spawn(*argv: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", *argv], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _wait_listening(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@pytest.fixture
def scheduler() -> Iterator[str]:
    """A real `dask scheduler` on loopback, with no workers."""
    port = _free_port()
    proc = _spawn("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
                  "--no-dashboard")
    try:
        _wait_listening(port)
        yield f"tcp://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_scheduler_without_workers(scheduler: str, toy_checks: str, tmp_path: Path, fast_timeouts: None,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    t0 = time.monotonic()
    code = main(["verify", "--checks", toy_checks, "--scheduler", scheduler, "--out", str(tmp_path),
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "has no workers" in err and len(err.strip().splitlines()) == 1, err
    assert time.monotonic() - t0 < 30


FAST_CHECK = '''
from qproofs.claims import Claim, Evidence

FAST = Claim("slow.fast", ref="r", section="1", title="fast", statement="s", scope="exact")

@FAST.check("simulation")
def quick(ctx):
    return Evidence(passed=True, observed=1)
'''

SLOW_CHECK = '''
import os, time
from pathlib import Path
from qproofs.claims import Claim, Evidence

MARK = Path(os.environ["QPROOFS_TEST_MARKS"])
SLOW = Claim("slow.slow", ref="r", section="1", title="slow", statement="s", scope="exact")

@SLOW.check("simulation")
def sleepy(ctx):
    (MARK / "slow-started").write_text("1")
    time.sleep(120)
    return Evidence(passed=True)
'''


@pytest.mark.slow
def test_losing_the_last_worker_keeps_finished_claims(scheduler: str, tmp_path: Path, fast_timeouts: None,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-run (no nanny to restart it): exit 2 in bounded time, the finished claim written."""
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "a_fast.py").write_text(FAST_CHECK)
    (checks / "b_slow.py").write_text(SLOW_CHECK)
    monkeypatch.setenv("QPROOFS_TEST_MARKS", str(tmp_path))
    monkeypatch.setattr(distributed, "WORKER_WAIT_S", 90.0)  # the worker process takes a while to start
    worker = _spawn("distributed.cli.dask_worker", scheduler, "--no-nanny", "--nthreads", "2",
                    "--no-dashboard")
    killed: list[float] = []
    try:
        def kill_when_slow_runs() -> None:
            deadline = time.monotonic() + 120
            while not (tmp_path / "slow-started").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(2.0)  # let the fast claim's result reach the client
            os.killpg(worker.pid, signal.SIGKILL)
            killed.append(time.monotonic())

        killer = threading.Thread(target=kill_when_slow_runs, daemon=True)
        killer.start()
        code = main(["verify", "--checks", str(checks), "--scheduler", scheduler, "--out", str(tmp_path / "r"),
                     "--no-progress"])
        returned = time.monotonic()
        killer.join()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    err = capsys.readouterr().err
    assert code == 2 and "no worker left" in err and "finished claim(s) were written" in err, err
    assert killed and returned - killed[0] < 30
    doc = json.loads((tmp_path / "r" / "audit.json").read_text())
    assert [c["id"] for c in doc["claims"]] == ["slow.fast"]


@pytest.mark.slow
def test_serial_and_local_cluster_agree_bit_for_bit() -> None:
    """Finding 10: vga.noise-threshold's exact rejection rates differed in the last digits.

    Dask's nanny starts workers with one BLAS thread; OpenBLAS rounds some products
    differently with another thread count. Workers now compute with the client's count.
    """
    import qproofs

    only = ["vga.noise-threshold"]
    serial = qproofs.verify(only=only, profile="quick", seed=0)
    dask = qproofs.verify(only=only, profile="quick", seed=0, workers=2)

    def numbers(audit: qproofs.runner.Audit) -> str:
        return json.dumps([[k.to_dict() | {"duration_s": 0} for k in c.checks] for c in audit.claims])

    assert numbers(serial) == numbers(dask)


@pytest.mark.slow
def test_losing_the_scheduler_mid_run(tmp_path: Path, fast_timeouts: None, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The scheduler itself killed mid-run: one line, exit 2, in bounded time."""
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "a_fast.py").write_text(FAST_CHECK)
    (checks / "b_slow.py").write_text(SLOW_CHECK)
    monkeypatch.setenv("QPROOFS_TEST_MARKS", str(tmp_path))
    monkeypatch.setattr(distributed, "WORKER_WAIT_S", 90.0)
    port = _free_port()
    sched = _spawn("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
    _wait_listening(port)
    address = f"tcp://127.0.0.1:{port}"
    worker = _spawn("distributed.cli.dask_worker", address, "--no-nanny", "--nthreads", "2", "--no-dashboard")
    killed: list[float] = []
    try:
        def kill_scheduler() -> None:
            deadline = time.monotonic() + 120
            while not (tmp_path / "slow-started").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(2.0)
            os.killpg(sched.pid, signal.SIGKILL)
            killed.append(time.monotonic())

        killer = threading.Thread(target=kill_scheduler, daemon=True)
        killer.start()
        code = main(["verify", "--checks", str(checks), "--scheduler", address, "--out", str(tmp_path / "r"),
                     "--no-progress"])
        returned = time.monotonic()
        killer.join()
    finally:
        for proc in (worker, sched):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = capsys.readouterr().err
    assert code == 2 and "lost the scheduler" in err and len(err.strip().splitlines()) == 1, err
    assert killed and returned - killed[0] < 30
