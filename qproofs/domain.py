"""The input domain of the executed protocols, checked by the audit itself (issue 11: input guards).

Every protocol refuses an instance outside the paper's model (τ ∉ (0, 1), an unnormalised probe, one phase
too many) with :class:`~qproofs.errors.InvalidParameter` naming the parameter and the rule. No audited
instance is outside the model, so without this module a loosened guard (``<`` → ``<=``, a rule accepting
everything, a wrong bound in its message) would pass every check: the mutation campaign measured such guards
as about a quarter of its survivors. An :class:`Edge` is one rule at its boundary: the value just outside must be
refused, naming ``param`` (and, when given, with ``rule`` in the message), and the boundary value itself must
be accepted, so a loosened and a tightened comparison both fail. A claim's ``input_domain`` check runs the
edges of the functions its protocol calls; a failure is a defect of the tool (``inconclusive``), never a
refutation of the paper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from unittest import mock

from qproofs.claims import Evidence
from qproofs.errors import InvalidParameter
from qproofs.tolerance import EXACT


@dataclass(frozen=True)
class Edge:
    """One input rule at its boundary: ``outside()`` is refused naming ``param``; ``inside()`` is accepted.

    >>> from qproofs.quantum.channels import depolarizing_kraus
    >>> e = Edge("depolarising p ≤ 1", "p", lambda: depolarizing_kraus(1 + 1e-9), lambda: depolarizing_kraus(1.0))
    >>> probe(e)["ok"]
    True
    """

    name: str
    param: str
    outside: Callable[[], Any]
    inside: Callable[[], Any]
    rule: str | None = None
    """A substring the refusal message must contain (e.g. the bound it states: ``"0..2"``)."""


def probe(edge: Edge) -> dict[str, Any]:
    """Run one edge: {name, refused, message, accepted, ok}; an unexpected exception counts as a miss."""
    refused, message = False, None
    try:
        edge.outside()
    except InvalidParameter as exc:
        message = str(exc)
        refused = exc.param == edge.param and (edge.rule is None or edge.rule in message)
    except Exception as exc:  # noqa: BLE001 - a crash outside the domain is a miss, reported, not raised
        message = f"{type(exc).__name__}: {exc}"
    try:
        edge.inside()
        accepted, why = True, None
    except Exception as exc:  # noqa: BLE001 - the boundary value must be accepted
        accepted, why = False, f"{type(exc).__name__}: {exc}"
    return {"name": edge.name, "param": edge.param, "refused": refused, "message": message,
            "accepted": accepted, "inside_error": why, "ok": refused and accepted}


def domain_evidence(edges: Sequence[Edge], what: str) -> Evidence:
    """Evidence of an ``input_domain`` check: every edge refused outside and accepted at its boundary.

    A miss is ``inconclusive`` (the tool's guard is wrong; the paper's claim is not at stake).

    >>> from qproofs.quantum.channels import depolarizing_kraus
    >>> e = Edge("depolarising p ≥ 0", "p", lambda: depolarizing_kraus(-1e-9), lambda: depolarizing_kraus(0.0))
    >>> domain_evidence([e], "a channel").passed
    True
    """
    rows = [probe(e) for e in edges]
    bad = [r for r in rows if not r["ok"]]
    return Evidence(passed=True if not bad else None, observed={"edges": len(rows), "misses": len(bad)},
                    expected="every value just outside a rule refused (InvalidParameter naming the parameter and "
                             "the rule), every boundary value accepted", tolerance=EXACT, instances=len(rows),
                    counterexample=bad[0] if bad else None, data={"edges": rows},
                    detail=f"input guards of {what}, each at its boundary: a loosened or tightened guard, or a "
                           "message stating the wrong rule, is a miss (inconclusive: a defect of the tool)")


@contextmanager
def forget_guards(*modules: ModuleType) -> Iterator[None]:
    """Negative control of an ``input_domain`` check: the modules validate nothing (their ``require`` a no-op).

    On exit the modules' ``functools`` caches are cleared, so a value computed for an argument outside the
    rule while the guards were off is never served afterwards (the mutants run in the audit's process).

    >>> from qproofs.quantum import channels
    >>> e = Edge("depolarising p ≤ 1", "p", lambda: channels.depolarizing_kraus(2.0),
    ...          lambda: channels.depolarizing_kraus(1.0))
    >>> with forget_guards(channels):
    ...     domain_evidence([e], "a channel").passed is None
    True
    """
    try:
        with ExitStack() as stack:
            for mod in modules:
                stack.enter_context(mock.patch.object(mod, "require", lambda *a, **k: None))
            yield
    finally:
        for mod in modules:
            for value in list(vars(mod).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
