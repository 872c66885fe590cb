"""qproofs.domain: an Edge's three probes (outside refused, inside accepted, beyond refused) and their row.

The ``beyond`` probe exists for the round-4 mutation survivors ``0 != float(eps) <= 0.5``
(``tieaudit.require_eps``) and ``0 != delta < 1`` (``gapip.dither_levels``): an exclusive rule probed at its
bound alone cannot tell ``<`` from ``!=``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import pytest

from qproofs.domain import Edge, domain_evidence, probe
from qproofs.errors import require

_NUDGE = 2.0**-40


def _guard(lower: Callable[[float, float], bool], upper: Callable[[float, float], bool]) -> Callable[[float], None]:
    """A guard of ``0 <lower> x <upper> 1`` with the comparisons given (a mutant replaces one by ``!=``)."""
    def check(x: float) -> None:
        require(lower(0.0, x) and upper(x, 1.0), "x", "must lie in (0, 1)", x)
    return check


def _edges(guard: Callable[[float], None]) -> list[Edge]:
    """The two exclusive edges of (0, 1), with their beyond values."""
    return [Edge("x > 0", "x", lambda: guard(0.0), lambda: guard(_NUDGE), beyond=lambda: guard(-0.25)),
            Edge("x < 1", "x", lambda: guard(1.0), lambda: guard(1 - _NUDGE), beyond=lambda: guard(1.5))]


def test_true_guard_passes_every_probe() -> None:
    rows = [probe(e) for e in _edges(_guard(operator.lt, operator.lt))]
    assert all(r["ok"] and r["refused"] and r["accepted"] and r["beyond_refused"] is True for r in rows), rows
    assert all("x = " in r["beyond_message"] for r in rows)


@pytest.mark.parametrize(("lower", "upper", "edge"), [(operator.ne, operator.lt, 0), (operator.lt, operator.ne, 1)],
                         ids=["0 != x", "x != 1"])
def test_comparison_loosened_to_ne_is_caught_only_by_beyond(lower, upper, edge) -> None:
    edges = _edges(_guard(lower, upper))
    row = probe(edges[edge])
    assert row["refused"] and row["accepted"], "the bound alone cannot see the mutant"
    assert row["beyond_refused"] is False and row["beyond_message"] is None and not row["ok"]
    bound_only = Edge(edges[edge].name, "x", edges[edge].outside, edges[edge].inside)
    assert probe(bound_only)["ok"], "without beyond this loosened guard passes (the round-4 survivor)"
    ev = domain_evidence(edges, "a loosened guard")
    assert ev.passed is None and ev.observed["misses"] == 1 and ev.observed["beyond_probes"] == 2
    assert ev.counterexample is not None and ev.counterexample["name"] == edges[edge].name


def test_the_round4_survivors_written_out() -> None:
    """``0 != float(eps) <= 0.5`` and ``0 != delta < 1`` (as in the mutation campaign) pass at the bound only."""
    def eps_mutant(eps: float) -> None:
        require(isinstance(eps, float) and 0 != float(eps) <= 0.5, "eps", "must lie in (0, 1/2]", eps)

    def delta_mutant(delta: float) -> None:
        require(0 != delta < 1, "delta", "must lie in (0, 1)", delta)

    for f, param in ((eps_mutant, "eps"), (delta_mutant, "delta")):
        e = Edge(f"{param} > 0", param, lambda f=f: f(0.0), lambda f=f: f(_NUDGE), beyond=lambda f=f: f(-0.1))
        assert probe(Edge(e.name, param, e.outside, e.inside))["ok"]
        assert not probe(e)["ok"]


def test_beyond_must_name_the_parameter_and_state_the_rule() -> None:
    def wrong_param(x: float) -> None:
        require(x > 0, "y", "must be > 0", x)

    def two_guards(x: float) -> None:  # beyond refused by another rule of the same parameter, without "> 0"
        require(x >= -1, "x", "must be >= -1", x)
        require(x > 0, "x", "must be > 0", x)

    ok = Edge("x > 0", "x", lambda: two_guards(0.0), lambda: two_guards(1.0), beyond=lambda: two_guards(-0.25))
    assert probe(ok)["ok"]
    assert not probe(Edge("x > 0", "x", lambda: two_guards(0.0), lambda: two_guards(1.0),
                          beyond=lambda: two_guards(-5.0), rule="> 0"))["ok"]
    row = probe(Edge("x > 0", "x", lambda: require(False, "x", "r"), lambda: None, beyond=lambda: wrong_param(-1.0)))
    assert row["beyond_refused"] is False and "y = " in row["beyond_message"]


def test_beyond_crash_is_a_miss_not_raised() -> None:
    def crash() -> None:
        raise ZeroDivisionError("boom")

    row = probe(Edge("x > 0", "x", lambda: require(False, "x", "r"), lambda: None, beyond=crash))
    assert row["beyond_refused"] is False and row["beyond_message"] == "ZeroDivisionError: boom" and not row["ok"]


def test_beyond_not_run_when_outside_already_missed() -> None:
    """A guard that lets the bound through is a miss already: beyond (maybe a large instance) is not run."""
    ran: list[bool] = []
    row = probe(Edge("x > 0", "x", lambda: None, lambda: None, beyond=lambda: ran.append(True)))
    assert not row["ok"] and row["beyond_refused"] is None and not ran


def test_edge_without_beyond_keeps_its_row() -> None:
    row = probe(Edge("x ≤ 1", "x", lambda: require(False, "x", "r"), lambda: None))
    assert row["ok"] and row["beyond_refused"] is None and row["beyond_message"] is None
    assert {"name", "param", "refused", "message", "accepted", "inside_error", "ok"} <= set(row)

