"""Shared fixtures and hypothesis profiles (``ci`` fast, ``campaign`` long)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("campaign", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("QPROOFS_HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
TOY = Path(__file__).resolve().parent / "engine_fixtures" / "toy_checks"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One claim index / figure cache for the session, outside the working tree (unless one is set)."""
    if os.environ.get("QPROOFS_CACHE_DIR"):
        yield
        return
    os.environ["QPROOFS_CACHE_DIR"] = str(tmp_path_factory.mktemp("qproofs-cache"))
    try:
        yield
    finally:
        os.environ.pop("QPROOFS_CACHE_DIR", None)


@pytest.fixture
def toy_checks() -> str:
    """Path of the toy checks module used by the engine tests."""
    return str(TOY)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A private copy of the toy pack (the tests edit it)."""
    dest = tmp_path / "toy_checks"
    shutil.copytree(TOY, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


# pyproject's --doctest-modules would import every .py under tests/ as a doctest module; these are
# helpers, not tests (the toy claim pack is discovered by path by the engine tests; the scripts are run by
# tests or by hand), and hold no doctests.
collect_ignore = ["certcheck/make_fixtures.py", "_cli.py"]
collect_ignore_glob = ["engine_fixtures/*"]


SLOW_MODULES = ("certcheck/test_coq.py",)
"""Whole modules that run end to end: the Coq kernel tests take 6 of the suite's 12 minutes on a loaded
2-core machine (issue 14). Marked ``slow``: run by ``python -m pytest -m slow`` (CI runs both steps)."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.path.as_posix().endswith(m) for m in SLOW_MODULES):
            item.add_marker(pytest.mark.slow)
