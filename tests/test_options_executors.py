"""Engine seams (issue 9): one frozen RunOptions, an Executor protocol, no runner <-> distributed cycle."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import qproofs
from qproofs.errors import ClusterError, InvalidParameter
from qproofs.executors import DaskExecutor, SerialExecutor, executor_for
from qproofs.options import RunOptions
from qproofs.runner import ClusterFailure, verify

ROOT = Path(__file__).resolve().parent.parent


def test_options_are_frozen_and_validated(tmp_path: Path) -> None:
    opts = RunOptions.make(only="toy.*", seed=3, profile="quick", checks=".", out=tmp_path)
    assert opts.only == ("toy.*",) and opts.checks is not None and opts.checks.is_absolute()
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.seed = 4  # type: ignore[misc]
    for bad in ({"profile": "fast"}, {"seed": -1}, {"seed": True}, {"workers": 0},
                {"workers": 2, "scheduler": "tcp://h:1"}, {"scheduler": "h"}):
        with pytest.raises(InvalidParameter):
            RunOptions(**bad)  # type: ignore[arg-type]


def test_executor_for_options() -> None:
    assert isinstance(executor_for(RunOptions()), SerialExecutor)
    dask = executor_for(RunOptions(workers=2))
    assert isinstance(dask, DaskExecutor) and dask.description == "dask(local, 2 workers)"
    assert executor_for(RunOptions(scheduler="tcp://10.0.0.1:8786")).description == "dask(tcp://10.0.0.1:8786)"


def test_runner_does_not_import_distributed() -> None:
    """The old cycle: runner imported qproofs.distributed inside verify, which imported runner."""
    code = ("import sys, qproofs.runner as r; r.verify(checks=sys.argv[1], profile='quick', only=['toy.cited']); "
            "print('qproofs.distributed' in sys.modules, 'dask' in sys.modules)")
    toy = ROOT / "tests" / "engine_fixtures" / "toy_checks"
    out = subprocess.run([sys.executable, "-c", code, str(toy)], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.stdout.split() == ["False", "False"]


def test_readme_api_still_works(toy_checks: str) -> None:
    audit = qproofs.verify(only=["toy.ok"], profile="quick", seed=0, checks=toy_checks)
    assert [c.id for c in audit.claims] == ["toy.ok"] and audit.run.executor == "serial"
    same = verify(options=RunOptions.make(only=["toy.ok"], profile="quick", checks=toy_checks))
    assert [k.observed for k in same.claims[0].checks] == [k.observed for k in audit.claims[0].checks]


class Losing:
    """An out-of-process executor that finishes the first task and then loses its cluster."""

    description = "fake cluster"
    in_process = False

    def map(self, fn: Callable[..., Any], arg_lists: Sequence[tuple[Any, ...]],
            on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
        first = fn(*arg_lists[0])
        if on_done is not None:
            on_done(0, first)
        raise ClusterError("fake cluster: no worker left for 10 s", finished=((0, first),))


def test_a_lost_cluster_keeps_the_finished_claims(toy_checks: str, tmp_path: Path) -> None:
    with pytest.raises(ClusterFailure, match="no worker left.*1 finished claim") as info:
        verify(options=RunOptions.make(only=["toy.ok", "toy.cited"], profile="quick", checks=toy_checks,
                                       out=tmp_path), executor=Losing())
    assert info.value.exit_code == 2 and [c.id for c in info.value.audit.claims] == ["toy.ok"]
    doc = json.loads((tmp_path / "audit.json").read_text())
    assert [c["id"] for c in doc["claims"]] == ["toy.ok"] and doc["run"]["executor"] == "fake cluster"


def test_a_cluster_lost_before_any_claim_writes_nothing(toy_checks: str, tmp_path: Path) -> None:
    class Dead(Losing):
        def map(self, fn: Callable[..., Any], arg_lists: Sequence[tuple[Any, ...]],
                on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
            raise ClusterError("fake cluster: has no workers")

    with pytest.raises(ClusterError, match="has no workers"):
        verify(options=RunOptions.make(only=["toy.ok"], profile="quick", checks=toy_checks, out=tmp_path),
               executor=Dead())
    assert not (tmp_path / "audit.json").exists()
