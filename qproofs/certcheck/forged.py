"""The checker's own negative controls, run by every audit.

Issue 11, "The certificate kernel is checked only by the unit tests".

A small built-in set of certificates, one forged per kind with a genuine twin beside it: the audit
passes each through :func:`~qproofs.certcheck.core.check_document`, the very function that decides
``trust = rechecked`` (:func:`qproofs.runner.trust_of`), and records how many forged ones were
rejected (with the expected reason) and genuine ones accepted. A checker that accepts a forged
certificate cannot be trusted with the audit's: every ``rechecked`` check then drops to
``inconclusive`` (:func:`qproofs.runner.verify`).

The forged set aims at the mistakes a kernel can make silently:

* ``sdp-dual`` whose dual slack S = [[1, 2], [2, 1]] is indefinite with only its **last** leading
  minor negative (det = −3; LDLᵀ pivots D = (1, −3)): a checker that skips the last pivot/minor
  "proves" max ⟨C, X⟩ ≤ 1 where the true maximum is λ_max(C) = 2;
* the same slack as ``sdp-dual-float`` (Cholesky must fail at the last pivot);
* ``identity`` with a non-identical pair, θ² + 2θ + 1 vs θ² + 2θ + 2;
* ``table`` whose last row breaks the row predicate (the sum still holds);
* a genuine ``sdp-dual`` whose problem was changed after hashing (``hash-mismatch``).

Only plain dicts and this package's hash are used (no producer code): a change in a producer cannot
change a control. The documents are built fresh on every call, so a checker that mutates its input
cannot spoil a later run.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from qproofs.certcheck.core import SCHEMA, problem_sha256
from qproofs.certcheck.errors import Rejected

_PRODUCER = {"qproofs": "certcheck-self-test", "packages": {}}
_TH = "Symbol('theta', real=True)"


def _doc(kind: str, check: str, problem: dict[str, Any], statement: dict[str, Any],
         witness: dict[str, Any]) -> dict[str, Any]:
    return {"schema": SCHEMA, "kind": kind, "claim": "certcheck.self-test", "check": check, "problem": problem,
            "statement": statement, "witness": witness, "problem_sha256": problem_sha256(problem),
            "producer": dict(_PRODUCER)}


def _sdp_2x2(off: str, kind: str = "sdp-dual", ldl: tuple[str, str] | None = None) -> dict[str, Any]:
    """The program max ⟨C, X⟩ s.t. tr X = 1 with C = [[0, off], [off, 0]], y = 1: S = I − C, claimed bound 1.

    With ``ldl = (l, d)``: L = [[1, 0], [l, 1]], D = (1, d), which factors S when l = −off, d = 1 − off².
    """
    problem = {"field": "real", "sense": "max", "n": 2, "C": [["0", off], [off, "0"]],
               "constraints": [{"A": [["1", "0"], ["0", "1"]], "op": "==", "b": "1"}]}
    if kind == "sdp-dual-float":
        witness: dict[str, Any] = {"y": ["1"], "shift": "1/1099511627776"}
    else:
        low, d = ldl or ("0", "1")
        witness = {"y": ["1"], "ldl": {"perm": [0, 1], "L": [["1", "0"], [low, "1"]], "D": ["1", d]}}
    return _doc(kind, "last-minor" if off == "-2" else "genuine", problem, {"relation": "max<=", "bound": "1"},
                witness)


def _identity(rhs: str) -> dict[str, Any]:
    """θ² + 2θ + 1 == ``rhs``, written expanded.

    The false pair differs by a constant, which every step of the checker leaves non-zero at once: a
    symbolic difference would cost each run ~1.5 s of sympy ``simplify`` warm-up.
    """
    problem = {"variables": [{"name": "theta", "assumptions": {"real": True}}],
               "lhs": f"Add(Pow({_TH}, Integer(2)), Mul(Integer(2), {_TH}), Integer(1))", "rhs": rhs}
    return _doc("identity", "square", problem, {"relation": "lhs-rhs==0"}, {"method": "simplify"})


def _table(last_row: list[str]) -> dict[str, Any]:
    problem = {"columns": ["x", "p", "bound"], "rows": [["0", "1/4", "1/2"], ["1", "1/4", "1/2"], last_row],
               "labels": ["x=0", "x=1", "x=2"], "definition": "a probability table with a cap per row"}
    statement = {"forall_rows": ["and", ["<=", ["col", "p"], ["col", "bound"]], [">=", ["col", "p"], ["const", "0"]]],
                 "sums": [["==", ["col", "p"], "1"]]}
    return _doc("table", "caps", problem, statement, {"rows_checked": 3})


def _hash_mismatch() -> dict[str, Any]:
    doc = _sdp_2x2("-1/2", ldl=("1/2", "3/4"))
    doc["problem"]["C"][1][1] = "3"  # changed after hashing: the bound 1 no longer holds
    return doc


@dataclass(frozen=True)
class Control:
    """One built-in certificate and what the checker must answer: a reason code (forged) or ``ok``."""

    name: str
    build: Callable[[], dict[str, Any]]
    expect: str

    @property
    def forged(self) -> bool:
        """Whether the checker must reject it."""
        return self.expect != "ok"


CONTROLS: tuple[Control, ...] = (
    Control("sdp-dual: indefinite dual slack, only the last leading minor negative",
            lambda: _sdp_2x2("-2", ldl=("2", "-3")), "d-negative"),
    Control("sdp-dual-float: the same indefinite slack", lambda: _sdp_2x2("-2", "sdp-dual-float"),
            "cholesky-failed"),
    Control("identity: θ²+2θ+1 vs θ²+2θ+2", lambda: _identity(
        f"Add(Pow({_TH}, Integer(2)), Mul(Integer(2), {_TH}), Integer(2))"), "identity-not-zero"),
    Control("table: the last row breaks its cap", lambda: _table(["2", "1/2", "2/5"]), "row-fails"),
    Control("sdp-dual: problem changed after hashing", _hash_mismatch, "hash-mismatch"),
    Control("sdp-dual: genuine", lambda: _sdp_2x2("-1/2", ldl=("1/2", "3/4")), "ok"),
    Control("sdp-dual-float: genuine", lambda: _sdp_2x2("-1/2", "sdp-dual-float"), "ok"),
    Control("identity: genuine", lambda: _identity(f"Pow(Add({_TH}, Integer(1)), Integer(2))"), "ok"),
    Control("table: genuine", lambda: _table(["2", "1/2", "1/2"]), "ok"),
)
"""Forged certificates (one per kind, and a hash mismatch) and their genuine twins."""


@dataclass(frozen=True)
class SelfTest:
    """The outcome of :func:`self_test`: counts and the controls the checker got wrong."""

    forged: int
    rejected: int
    genuine: int
    accepted: int
    wrong: tuple[str, ...] = ()
    """``name: got <answer>, expected <code>`` for every control answered wrongly."""

    @property
    def trusted(self) -> bool:
        """Every forged certificate rejected with its reason and every genuine one accepted."""
        return not self.wrong

    def line(self) -> str:
        """The audit's summary line."""
        head = f"certificate checker: {self.rejected}/{self.forged} forged certificates rejected"
        tail = f", {self.accepted}/{self.genuine} genuine accepted"
        if self.trusted:
            return head + tail
        return (head + tail + "; NOT TRUSTED, rechecked checks are inconclusive: " + "; ".join(self.wrong))[:1000]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``certcheck_self_test`` of ``qproofs.audit/1``, additive)."""
        return {"forged": self.forged, "rejected": self.rejected, "genuine": self.genuine,
                "accepted": self.accepted, "wrong": list(self.wrong), "trusted": self.trusted}

    @classmethod
    def from_dict(cls, d: Any) -> SelfTest:
        """Inverse of :meth:`to_dict`."""
        return cls(int(d["forged"]), int(d["rejected"]), int(d["genuine"]), int(d["accepted"]),
                   tuple(str(w) for w in d.get("wrong", ())))


def _answer(doc: dict[str, Any], check: Callable[[dict[str, Any]], str]) -> str:
    """The checker's reason code for ``doc``: ``ok`` or the code it rejected with (a crash is a rejection)."""
    try:
        check(doc)
    except Rejected as exc:
        return exc.code
    except Exception as exc:  # noqa: BLE001 - any failure to accept is a rejection, never a pass
        return f"internal-error ({type(exc).__name__})"
    return "ok"


def self_test(check: Callable[[dict[str, Any]], str] | None = None) -> SelfTest:
    """Pass every control through ``check`` and count the right answers.

    ``check`` defaults to ``qproofs.certcheck.check_document``, looked up at call time as
    :func:`qproofs.runner.trust_of` looks it up. A forged control counts as rejected only with its expected reason code: a checker that rejects the
    indefinite slack for some unrelated reason has not shown that it tests the last minor.
    """
    if check is None:
        import qproofs.certcheck as kernel

        check = kernel.check_document
    wrong = []
    rejected = accepted = 0
    for c in CONTROLS:
        got = _answer(c.build(), check)
        if c.forged and got == c.expect:
            rejected += 1
        elif not c.forged and got == "ok":
            accepted += 1
        else:
            wrong.append(f"{c.name}: got {got}, expected {c.expect}")
    forged = sum(c.forged for c in CONTROLS)
    return SelfTest(forged, rejected, len(CONTROLS) - forged, accepted, tuple(wrong))


# ---------------------------------------------------------------- kernel mutants ---


@dataclass(frozen=True)
class KernelMutant:
    """A fault in the checker, written as a source edit of one kernel function (``qproofs selftest``).

    :func:`self_test` must notice each: the checker under the mutant accepts a forged control.
    """

    name: str
    module: str
    function: str
    old: str
    new: str


KERNEL_MUTANTS: tuple[KernelMutant, ...] = (
    KernelMutant("skip-last-leading-minor", "qproofs.certcheck.sdp", "_check_ldl", "enumerate(D)",
                 "enumerate(D[:-1])"),
    KernelMutant("no-hash-binding", "qproofs.certcheck.core", "check_document",
                 'problem_sha256(doc["problem"]) != doc["problem_sha256"]', "False"),
    KernelMutant("identity-skip-last-entry", "qproofs.certcheck.identity", "check_identity",
                 "enumerate(diffs)", "enumerate(diffs[:-1])"),
    KernelMutant("table-skip-last-row", "qproofs.certcheck.table", "check_table", "enumerate(rows)",
                 "enumerate(rows[:-1])"),
)
"""Faults a kernel can carry silently: each passes every genuine certificate of the audit."""


@contextlib.contextmanager
def kernel_mutant(m: KernelMutant) -> Iterator[None]:
    """Replace ``m.module.m.function`` (and every re-export of it in ``qproofs.certcheck``) by the mutant."""
    module = importlib.import_module(m.module)
    original = getattr(module, m.function)
    source = inspect.getsource(original)
    if m.old not in source:
        raise ValueError(f"kernel mutant {m.name}: {m.old!r} not found in {m.module}.{m.function}")
    namespace = dict(vars(module))
    exec(compile(source.replace(m.old, m.new, 1), f"<mutant {m.name}>", "exec"), namespace)  # noqa: S102
    mutated = namespace[m.function]
    package = importlib.import_module("qproofs.certcheck")
    homes = [module] + ([package] if getattr(package, m.function, None) is original else [])
    for home in homes:
        setattr(home, m.function, mutated)
    try:
        yield
    finally:
        for home in homes:
            setattr(home, m.function, original)
