"""Executors: where the tasks of a run execute (issue 9, "Engine seams").

An :class:`Executor` maps a picklable top-level function over argument tuples
and calls ``on_done(index, result)`` as each finishes. :class:`SerialExecutor`
runs them in this process (and may pass live callbacks through, for progress
bars); :class:`DaskExecutor` runs them on a local Dask cluster or an existing
scheduler (:mod:`qproofs.distributed`, imported only when used). The runner
depends on this protocol, not on Dask, which removes the old
``runner`` ↔ ``distributed`` import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from qproofs.options import RunOptions

T = TypeVar("T")
OnDone = Callable[[int, Any], None]


class Executor(Protocol):
    """Runs independent tasks; results come back in input order."""

    @property
    def description(self) -> str:
        """How the run executed, as recorded in the report (``run.executor``)."""
        ...

    @property
    def in_process(self) -> bool:
        """True when tasks run in this process (callbacks and closures may be passed to them)."""
        ...

    def map(self, fn: Callable[..., T], arg_lists: Sequence[tuple[Any, ...]],
            on_done: OnDone | None = None) -> list[T]:
        """``[fn(*args) for args in arg_lists]``, calling ``on_done(i, result)`` as each finishes.

        May raise :class:`~qproofs.errors.ClusterError` whose ``finished``
        holds the ``(index, result)`` pairs completed before the failure.
        """
        ...


@dataclass(frozen=True)
class SerialExecutor:
    """Every task in this process, in order."""

    @property
    def description(self) -> str:
        """``serial``."""
        return "serial"

    @property
    def in_process(self) -> bool:
        """Always true."""
        return True

    def map(self, fn: Callable[..., T], arg_lists: Sequence[tuple[Any, ...]],
            on_done: OnDone | None = None) -> list[T]:
        """Run each task in turn."""
        out = []
        for i, args in enumerate(arg_lists):
            out.append(fn(*args))
            if on_done is not None:
                on_done(i, out[-1])
        return out


@dataclass(frozen=True)
class DaskExecutor:
    """Tasks on Dask: a local cluster of ``workers`` processes, or the cluster at ``scheduler``."""

    workers: int | None = None
    scheduler: str | None = None

    @property
    def description(self) -> str:
        """``dask(<address>)`` or ``dask(local, N workers)``."""
        return f"dask({self.scheduler or f'local, {self.workers} workers'})"

    @property
    def in_process(self) -> bool:
        """Never: tasks are pickled to worker processes."""
        return False

    def map(self, fn: Callable[..., T], arg_lists: Sequence[tuple[Any, ...]],
            on_done: OnDone | None = None) -> list[T]:
        """One Dask task per argument tuple (see :func:`qproofs.distributed.map_tasks`)."""
        from qproofs.distributed import map_tasks

        return map_tasks(fn, arg_lists, workers=self.workers, scheduler=self.scheduler, on_done=on_done)


def executor_for(options: RunOptions) -> Executor:
    """The executor the options ask for."""
    if options.distributed:
        return DaskExecutor(workers=options.workers, scheduler=options.scheduler)
    return SerialExecutor()
