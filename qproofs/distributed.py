"""Running claims and fuzz shards on Dask (``--workers N`` or ``--scheduler ADDRESS``).

Each claim (or fuzz property) is one task: the worker re-discovers the checks
directory by path and runs the claim with the same seed and profile, so the
verdicts and numbers equal a serial run's (only timings differ). A remote
cluster needs qproofs installed on its workers and the checks directory at the
same path (a shared file system).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from qproofs.claims import Claim, ClaimResult
from qproofs.errors import QproofsError, require
from qproofs.runner import CheckCallback, Registry, run_claim_by_id

CONNECT_TIMEOUT_S = 5


class SchedulerUnreachable(QproofsError):
    """No Dask scheduler answered at the given address (CLI exit 2)."""


@contextlib.contextmanager
def dask_client(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """A Dask client: on ``scheduler`` if given, else on a local cluster of ``workers`` processes."""
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SchedulerUnreachable(
                f"--scheduler {scheduler}: no Dask scheduler answered within {CONNECT_TIMEOUT_S} s ({type(exc).__name__})"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    require(workers is not None and workers >= 1, "--workers", "must be an integer >= 1", workers)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        yield client


def map_tasks(fn: Callable[..., Any], arg_lists: Sequence[tuple[Any, ...]], *, workers: int | None,
              scheduler: str | None, on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
    """Run ``fn(*args)`` for every tuple on Dask; results in input order."""
    from dask.distributed import as_completed

    with dask_client(workers, scheduler) as client:
        futures = [client.submit(fn, *args, pure=False) for args in arg_lists]
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        for fut in as_completed(futures):
            i = index[fut.key]
            results[i] = fut.result()
            if on_done is not None:
                on_done(i, results[i])
        return results


def run_distributed(registry: Registry, selected: Sequence[Claim], *, seed: int, profile: str,
                    workers: int | None, scheduler: str | None,
                    on_check: CheckCallback | None = None) -> list[ClaimResult]:
    """Run ``selected`` claims, one Dask task each."""

    def done(_: int, result: ClaimResult) -> None:
        if on_check is not None:
            for k in result.checks:
                on_check(result.id, k.name, k.status)

    args = [(str(registry.path), c.id, seed, profile) for c in selected]
    return map_tasks(run_claim_by_id, args, workers=workers, scheduler=scheduler, on_done=done)
