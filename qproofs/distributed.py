"""Running claims and fuzz shards on Dask (``--workers N`` or ``--scheduler ADDRESS``).

Each claim (or fuzz property) is one task: the worker re-discovers the checks
directory by its absolute path and runs the claim with the same seed and
profile. A remote cluster needs qproofs installed on its workers and the
checks directory at the same absolute path (a shared file system).

Every way a cluster can fail ends in bounded time with one line and
:class:`~qproofs.errors.ClusterError` (CLI exit 2), carrying the results that
did finish so the caller can still write them to the report:

* nothing answers at the address, or what answers is not a Dask scheduler
  (an HTTP server, a silent TCP service, garbage): within
  :data:`CONNECT_TIMEOUT_S` (a raw-socket probe of the scheduler's greeting
  runs before Dask's client, which can otherwise wait forever or try to
  allocate a frame length read from non-Dask bytes);
* a scheduler with no workers: within :data:`WORKER_WAIT_S`;
* every worker lost mid-run (or the scheduler itself): within
  :data:`LOST_GRACE_S` of the loss, checked every :data:`POLL_S`.

This module imports nothing from :mod:`qproofs.runner` (the executor in
:mod:`qproofs.executors` hands it the task function), so there is no import
cycle between the two.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from qproofs.errors import ClusterError, SchedulerUnreachable, require
from qproofs.options import parse_scheduler_address

CONNECT_TIMEOUT_S = 5.0
"""Connecting to ``--scheduler`` and reading its greeting."""
WORKER_WAIT_S = 20.0
"""How long a scheduler may have no worker before the run is abandoned."""
LOST_GRACE_S = 10.0
"""How long the cluster may have no worker mid-run (a worker may restart) before the run is abandoned."""
POLL_S = 1.0
"""How often the worker count is checked while tasks are pending."""
_MAX_GREETING = 1 << 20  # a Dask handshake frame is ~100 bytes; anything above 1 MiB is not Dask


def probe_scheduler(address: str, timeout: float | None = None) -> None:
    """Raise :class:`SchedulerUnreachable` unless a Dask scheduler greets us at ``address`` within ``timeout``.

    A Dask TCP server speaks first: on accepting a connection it sends its
    handshake as a frame prefixed by an 8-byte little-endian length
    (``distributed.comm.tcp``). A service that sends nothing (an HTTP server
    waits for a request), or a length no handshake has, is not a scheduler.
    Only the greeting's framing is checked, not its content, so the probe
    stays valid across Dask versions. ``tls://`` addresses are not probed
    (the TLS layer speaks first from the client side).
    """
    timeout = CONNECT_TIMEOUT_S if timeout is None else timeout
    address = parse_scheduler_address(address)
    scheme, _, hostport = address.partition("://")
    if scheme != "tcp":
        return
    host, _, port = hostport.rpartition(":")
    host = host.strip("[]")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as sock:
            sock.settimeout(timeout)
            head = b""
            deadline = time.monotonic() + timeout
            while len(head) < 8 and time.monotonic() < deadline:
                chunk = sock.recv(8 - len(head))
                if not chunk:
                    break
                head += chunk
    except TimeoutError:
        raise SchedulerUnreachable(
            f"--scheduler {address}: not a Dask scheduler (connected, but it sent no greeting within "
            f"{timeout:g} s)") from None
    except OSError as exc:
        raise SchedulerUnreachable(
            f"--scheduler {address}: no Dask scheduler answered within {timeout:g} s "
            f"({type(exc).__name__}: {exc.strerror or exc})") from None
    if len(head) < 8:
        raise SchedulerUnreachable(f"--scheduler {address}: not a Dask scheduler (closed the connection)")
    (length,) = struct.unpack("<Q", head)
    if not 0 < length <= _MAX_GREETING:
        raise SchedulerUnreachable(
            f"--scheduler {address}: not a Dask scheduler (its greeting starts {head!r})")


@contextlib.contextmanager
def dask_client(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """A Dask client with at least one worker: on ``scheduler`` if given, else on a local cluster."""
    if scheduler is not None:
        probe_scheduler(scheduler)  # before importing Dask: a wrong address fails fast
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError, MemoryError) as exc:
            raise SchedulerUnreachable(
                f"--scheduler {scheduler}: no Dask scheduler answered within {CONNECT_TIMEOUT_S:g} s "
                f"({type(exc).__name__})") from None
        try:
            try:
                client.wait_for_workers(1, timeout=WORKER_WAIT_S)
            except (TimeoutError, OSError) as exc:
                raise ClusterError(f"--scheduler {scheduler}: the scheduler has no workers "
                                   f"(waited {WORKER_WAIT_S:g} s; start one with 'dask worker {scheduler}')") \
                    from exc
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.close(timeout=CONNECT_TIMEOUT_S)
        return
    require(workers is not None and workers >= 1, "--workers", "must be an integer >= 1", workers)
    try:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
    except (RuntimeError, OSError, TimeoutError) as exc:
        raise ClusterError(f"--workers {workers}: the local Dask cluster did not start "
                           f"({type(exc).__name__}: {exc})") from exc
    with cluster, Client(cluster) as client:
        yield client


def _worker_count(client: Any) -> int | None:
    try:
        return len(client.scheduler_info(n_workers=-1)["workers"])
    except TypeError:  # older distributed: no n_workers argument
        return len(client.scheduler_info()["workers"])
    except Exception:  # noqa: BLE001 - the scheduler itself is gone
        return None


def map_tasks(fn: Callable[..., Any], arg_lists: Sequence[tuple[Any, ...]], *, workers: int | None,
              scheduler: str | None, on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
    """Run ``fn(*args)`` for every tuple on Dask; results in input order.

    Raises :class:`ClusterError` (with ``finished`` = the completed results
    as ``(index, result)`` pairs) when the cluster stops being able to run
    the remaining tasks; see the module docstring for the time bounds.
    """
    from dask.distributed import wait

    results: dict[int, Any] = {}
    where = scheduler or f"local cluster of {workers} workers"

    def fail(message: str) -> ClusterError:
        return ClusterError(f"{where}: {message}; {len(results)} of {len(arg_lists)} tasks finished",
                            finished=tuple(sorted(results.items())))

    with dask_client(workers, scheduler) as client:
        futures = [client.submit(fn, *args, pure=False) for args in arg_lists]
        index = {f.key: i for i, f in enumerate(futures)}
        pending = set(futures)
        no_worker_since: float | None = None
        while pending:
            try:
                done, _ = wait(list(pending), timeout=POLL_S, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            except Exception as exc:  # noqa: BLE001 - scheduler connection lost
                raise fail(f"lost the scheduler ({type(exc).__name__})") from None
            for fut in done:
                pending.discard(fut)
                try:
                    value = fut.result()
                except Exception as exc:  # noqa: BLE001 - KilledWorker, CancelledError, CommClosedError
                    raise fail(f"task {fut.key} failed on the cluster ({type(exc).__name__}: {exc})") from None
                i = index[fut.key]
                results[i] = value
                if on_done is not None:
                    on_done(i, value)
            if not pending:
                break
            count = _worker_count(client)
            if count is None:
                raise fail("lost the scheduler")
            if count == 0:
                no_worker_since = no_worker_since or time.monotonic()
                if time.monotonic() - no_worker_since > LOST_GRACE_S:
                    raise fail(f"no worker left for {LOST_GRACE_S:g} s")
            else:
                no_worker_since = None
        return [results[i] for i in range(len(arg_lists))]
