"""Property-based fuzzing shared by checks, tests and ``qproofs fuzz``.

A :class:`Property` pairs a hypothesis strategy of **JSON-able** protocol
instances (dicts of plain numbers, strings and lists) with a function that
returns the *slack* of the claim on one instance: ``>= -tol`` holds, anything
lower is a counterexample. JSON-able instances make every counterexample
replayable from a file (``qproofs replay``). Properties are declared at module
level in ``checks/`` (discovered like claims); strategies live in the modules
of this package, one per paper section.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from qproofs.claims import Context, Evidence, jsonable
from qproofs.errors import require
from qproofs.params import PROFILES
from qproofs.property import Property

__all__ = ["CHUNK", "FuzzOutcome", "Property", "fuzz_evidence", "run_property"]


@dataclass(frozen=True)
class FuzzOutcome:
    """What a fuzz campaign on one property found."""

    examples: int
    distinct: int
    min_slack: float
    counterexample: Any | None
    counterexample_slack: float | None
    seconds: float

    @property
    def passed(self) -> bool:
        """No counterexample found."""
        return self.counterexample is None


CHUNK = 200
"""Examples per hypothesis run when fuzzing against a time budget."""


def run_property(
    prop: Property,
    *,
    seed: int,
    max_examples: int = 100,
    budget_s: float | None = None,
    database: Any = None,
    on_example: Callable[[], None] | None = None,
) -> FuzzOutcome:
    """Run hypothesis on ``prop``; shrink and return a minimal counterexample if any.

    Seeded with ``seed`` (``hypothesis.seed``), so the same seed and example
    count give the same examples. With ``budget_s``, hypothesis runs in chunks
    of :data:`CHUNK` examples (chunk ``k`` seeded by ``(seed, k)``) until the
    budget or ``max_examples`` is spent or a counterexample is found.
    """
    require(max_examples >= 1, "max_examples", "must be >= 1", max_examples)
    require(budget_s is None or budget_s > 0, "budget", "must be > 0 seconds", budget_s)
    seen: set[str] = set()
    state: dict[str, Any] = {"n": 0, "min": math.inf, "bad": None, "bad_slack": None}
    t0 = time.perf_counter()

    def test(instance: Any) -> None:
        state["n"] += 1
        seen.add(repr(jsonable(instance)))
        if on_example is not None:
            on_example()
        ok, s = prop.holds(instance)
        state["min"] = min(state["min"], -math.inf if math.isnan(s) else s)  # NaN is a failure, shown as -inf
        if not ok:
            state["bad"], state["bad_slack"] = jsonable(instance), s  # the last failure is the shrunk one
            raise AssertionError(f"{prop.name}: slack {s:.3g} < -{prop.tol:g}")

    chunk = 0
    while state["bad"] is None and state["n"] < max_examples:
        n = max_examples - state["n"] if budget_s is None else min(CHUNK, max_examples - state["n"])
        _hypothesis_run(prop, test, (seed + chunk * 0x9E3779B97F4A7C15) % 2**63, n, database)
        chunk += 1
        if budget_s is None or time.perf_counter() - t0 > budget_s:
            break
    return FuzzOutcome(state["n"], len(seen), state["min"], state["bad"], state["bad_slack"],
                       time.perf_counter() - t0)


def _seed_only_generation() -> contextlib.AbstractContextManager[Any]:
    """Make Hypothesis's examples depend on the seed alone, not on the modules this process has imported.

    Hypothesis (≥ 6.131) mixes constants harvested from every *local* module loaded in the process into about
    5% of its draws, with a time limit on the harvest; the examples of one seed then differ between a serial run
    and a Dask worker, or a one-claim and a full run (a fuzz check's ``min_slack`` moved with the process). No
    setting turns it off, so for our runs the provider sees an empty local pool (and a fresh constants cache);
    Hypothesis's own global constants still apply. A version without local constants needs nothing.
    """
    try:
        from hypothesis.internal.conjecture import providers
        empty = providers.Constants(integers=providers.SortedSet(),
                                    floats=providers.SortedSet(key=providers.float_to_int),
                                    bytes=providers.SortedSet(), strings=providers.SortedSet())
        cache = type(providers.CONSTANTS_CACHE)(1024)
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - older or newer Hypothesis
        return contextlib.nullcontext()
    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch.object(providers, "_get_local_constants", lambda: empty))
    stack.enter_context(mock.patch.object(providers, "CONSTANTS_CACHE", cache))
    return stack


def _hypothesis_run(prop: Property, test: Callable[[Any], None], seed: int, n: int, database: Any) -> None:
    runner = settings(
        max_examples=n, deadline=None, database=database, derandomize=False,
        suppress_health_check=list(HealthCheck), print_blob=False,
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    )(hypothesis_seed(seed)(given(prop.search_strategy())(test)))
    try:
        with _seed_only_generation():
            runner()
    except AssertionError:
        pass


def fuzz_evidence(ctx: Context, prop: Property, *, examples: tuple[int, int, int] = (25, 150, 1000)) -> Evidence:
    """Run ``prop`` inside a ``fuzz`` check.

    The number of examples is the claim's ``fuzz_examples`` parameter when it
    declares one, else ``examples`` per profile (quick, standard, deep).
    """
    n = ctx.params["fuzz_examples"] if "fuzz_examples" in ctx.params else dict(zip(PROFILES, examples, strict=True))[ctx.profile]
    out = run_property(prop, seed=ctx.derived_seed("fuzz", prop.name), max_examples=n)
    return Evidence(
        passed=out.passed,
        observed={"min_slack": out.min_slack, "examples": out.examples},
        expected=f"slack >= -{prop.tol:g} on every instance",
        tolerance=prop.tol,
        instances=out.examples,
        detail=prop.statement or prop.name,
        counterexample=None if out.passed else {"property": prop.name, "instance": out.counterexample,
                                                "slack": out.counterexample_slack},
    )
