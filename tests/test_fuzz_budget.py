"""`qproofs fuzz --budget S` holds its budget (issue 13, finding 9)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import strategies as st

from qproofs.cli import main
from qproofs.fuzz import Property
from qproofs.fuzz.campaign import run_within_budget


def _slow(x: int) -> float:
    time.sleep(0.03)
    return 0.0


SLOW = Property("slow", "toy.ok", lambda: st.integers(0, 10**6), _slow)


@pytest.mark.parametrize("budget", [2.0, 4.0])
def test_budget_is_held_within_ten_percent_on_a_slow_property(budget: float) -> None:
    """The old chunking (200 examples between budget checks) took 6 s here whatever the budget."""
    t0 = time.perf_counter()
    out = run_within_budget(SLOW, seed=1, max_examples=10**6, budget_s=budget, database=None)
    wall = time.perf_counter() - t0
    assert out.passed and out.examples >= 3
    assert wall < budget * 1.1 + 0.1, wall  # + one example of slack


def test_counterexample_still_found_and_shrunk_under_a_budget() -> None:
    prop = Property("big", "toy.small", lambda: st.integers(0, 1000), lambda x: 100 - x)
    out = run_within_budget(prop, seed=2, max_examples=10**6, budget_s=5.0, database=None)
    assert not out.passed and out.counterexample == 101


def test_cli_budget_counts_discovery(capsys: pytest.CaptureFixture[str], toy_checks: str, tmp_path: Path) -> None:
    t0 = time.perf_counter()
    main(["fuzz", "--checks", toy_checks, "--budget", "3", "--out", str(tmp_path), "--database",
          str(tmp_path / "db"), "--only", "toy.ok"])
    wall = time.perf_counter() - t0
    capsys.readouterr()
    assert wall < 3 * 1.1 + 0.2, wall
