"""The input domain of the executed protocols, checked by the audit itself (issue 11: input guards).

Every protocol refuses an instance outside the paper's model (τ ∉ (0, 1), an unnormalised probe, one phase
too many) with :class:`~qproofs.errors.InvalidParameter` naming the parameter and the rule. No audited
instance is outside the model, so without this module a loosened guard (``<`` → ``<=``, a rule accepting
everything, a wrong bound in its message) would pass every check: the mutation campaign measured such guards
as about a quarter of its survivors. An :class:`Edge` is one rule at its boundary: the value just outside must be
refused, naming ``param`` (and, when given, with ``rule`` in the message), and the boundary value itself must
be accepted, so a loosened and a tightened comparison both fail. At an *exclusive* bound (``0 < eps``) the value
probed outside is the bound itself and the one inside a nudge past it: a comparison loosened to ``!=``
(``0 != eps``) still refuses the bound and accepts the nudge, while it lets through everything further out
(eps = −0.1). Such an edge carries ``beyond``, a value strictly further outside, which must be refused too (the
round-4 mutation campaign's survivors ``0 != float(eps) <= 0.5`` in ``tieaudit.require_eps`` and
``0 != delta < 1`` in ``gapip.dither_levels``). A claim's ``input_domain`` check runs the edges of the
functions its protocol calls; a failure is a defect of the tool (``inconclusive``), never a refutation of the
paper.
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

    An exclusive rule probed at its bound alone cannot tell ``0 < eps`` from the loosened ``0 != eps``;
    ``beyond`` can (the round-4 survivor of ``tieaudit.require_eps``, written out):

    >>> from qproofs.errors import require
    >>> def loosened(eps): require(0 != eps <= 0.5, "eps", "must lie in (0, 1/2]", eps)  # `0 <` → `0 !=`
    >>> at_bound = Edge("ε > 0", "eps", lambda: loosened(0.0), lambda: loosened(2.0**-40))
    >>> probe(at_bound)["ok"]
    True
    >>> row = probe(Edge("ε > 0", "eps", lambda: loosened(0.0), lambda: loosened(2.0**-40),
    ...                  beyond=lambda: loosened(-0.25)))
    >>> row["refused"], row["accepted"], row["beyond_refused"], row["ok"]
    (True, True, False, False)
    """

    name: str
    param: str
    outside: Callable[[], Any]
    inside: Callable[[], Any]
    rule: str | None = None
    """A substring the refusal message must contain (e.g. the bound it states: ``"0..2"``)."""
    beyond: Callable[[], Any] | None = None
    """A value strictly further outside than ``outside`` (e.g. −0.25 for ``eps > 0``, 1.5 for ``tau < 1``, −1 for
    an integer ``n ≥ 1``), refused like ``outside``: naming ``param`` (and ``rule`` when given). Needed wherever
    ``outside`` is the bound itself (an exclusive rule, or an integer one whose code may compare strictly), where
    it is the only probe that catches a comparison loosened to ``!=``. ``None``: no such probe."""


def refusal(call: Callable[[], Any], param: str, rule: str | None) -> tuple[bool, str | None]:
    """(refused, message) of one call outside a rule; acceptance, or any other exception, is a miss.

    Refused iff the call raises InvalidParameter naming ``param`` (with ``rule`` in its message when given).

    >>> from qproofs.protocols.tieaudit import require_eps
    >>> refusal(lambda: require_eps(-0.25), "eps", None)[0], refusal(lambda: require_eps(0.25), "eps", None)
    (True, (False, None))
    """
    try:
        call()
    except InvalidParameter as exc:
        message = str(exc)
        return exc.param == param and (rule is None or rule in message), message
    except Exception as exc:  # noqa: BLE001 - a crash outside the domain is a miss, reported, not raised
        return False, f"{type(exc).__name__}: {exc}"
    return False, None


def probe(edge: Edge) -> dict[str, Any]:
    """Run one edge: {name, param, refused, message, accepted, inside_error, beyond_refused, beyond_message, ok}.

    ``beyond_refused`` is None when the edge has no ``beyond``, or when ``outside`` was not refused (the edge
    is a miss already and ``beyond`` is not run); an unexpected exception counts as a miss.

    >>> from qproofs.protocols.tieaudit import require_eps
    >>> row = probe(Edge("ε > 0", "eps", lambda: require_eps(0.0), lambda: require_eps(2.0**-40),
    ...                  beyond=lambda: require_eps(-0.25)))
    >>> row["refused"], row["accepted"], row["beyond_refused"], row["ok"]
    (True, True, True, True)
    """
    refused, message = refusal(edge.outside, edge.param, edge.rule)
    try:
        edge.inside()
        accepted, why = True, None
    except Exception as exc:  # noqa: BLE001 - the boundary value must be accepted
        accepted, why = False, f"{type(exc).__name__}: {exc}"
    beyond_refused: bool | None = None
    beyond_message: str | None = None
    if edge.beyond is not None and refused:
        beyond_refused, beyond_message = refusal(edge.beyond, edge.param, edge.rule)
    elif edge.beyond is not None:
        # the edge is a miss already; a guard that lets the bound through would let the value beyond it run
        # unguarded too (forget_guards: a large instance computed for nothing)
        beyond_message = "not run: the value outside was not refused"
    return {"name": edge.name, "param": edge.param, "refused": refused, "message": message,
            "accepted": accepted, "inside_error": why, "beyond_refused": beyond_refused,
            "beyond_message": beyond_message, "ok": refused and accepted and beyond_refused is not False}


def domain_evidence(edges: Sequence[Edge], what: str) -> Evidence:
    """Evidence of an ``input_domain`` check: every edge refused outside (and beyond) and accepted at its boundary.

    A miss is ``inconclusive`` (the tool's guard is wrong; the paper's claim is not at stake).

    >>> from qproofs.quantum.channels import depolarizing_kraus
    >>> e = Edge("depolarising p ≥ 0", "p", lambda: depolarizing_kraus(-1e-9), lambda: depolarizing_kraus(0.0))
    >>> domain_evidence([e], "a channel").passed
    True
    """
    rows = [probe(e) for e in edges]
    bad = [r for r in rows if not r["ok"]]
    return Evidence(passed=True if not bad else None,
                    observed={"edges": len(rows), "misses": len(bad),
                              "beyond_probes": sum(e.beyond is not None for e in edges)},
                    expected="every value just outside a rule refused (InvalidParameter naming the parameter and "
                             "the rule), every boundary value accepted, and every value beyond an exclusive bound "
                             "refused", tolerance=EXACT, instances=len(rows),
                    counterexample=bad[0] if bad else None, data={"edges": rows},
                    detail=f"input guards of {what}, each at its boundary: a loosened or tightened guard (a "
                           "comparison turned into != included, by the value beyond an exclusive bound), or a "
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
