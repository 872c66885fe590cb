"""Claims, checks, evidence, verdicts and mutants: the vocabulary of an audit.

A module in ``checks/`` declares :class:`Claim` objects at module level and
attaches checks to them with :meth:`Claim.check`; the runner discovers them the
way pytest discovers tests. A check is a small function ``(ctx) -> Evidence``
that calls into ``qproofs.protocols`` / ``symbolic`` / ``sdp`` and compares an
observed quantity with the paper's; it never decides a verdict itself.

Verdicts (``../shared/claims.md``) are computed from the checks by
:func:`decide`:

* a check that raised            -> ``error``
* a failed check (``on_fail``)   -> ``refuted`` (default) or ``gap``
* a check with ``passed=None``   -> ``inconclusive`` (e.g. solver not optimal)
* all passed                     -> ``cited`` if the claim rests on an external
                                    theorem, else ``verified``

A :class:`Mutant` is a deliberately broken protocol or bound (a context manager
that patches one thing); the tests and ``qproofs selftest`` run the claim under
it and require the named checks to fail: every check's negative control.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum, StrEnum
from typing import Any, Literal

import numpy as np

from qproofs.errors import InvalidParameter, require
from qproofs.tolerance import TOL, Tolerances

Method = Literal["symbolic", "sdp", "simulation", "enumeration", "fuzz", "accounting", "fit"]
METHODS: tuple[str, ...] = ("symbolic", "sdp", "simulation", "enumeration", "fuzz", "accounting", "fit")
PROFILES: tuple[str, ...] = ("quick", "standard", "deep")


class Verdict(StrEnum):
    """The six verdicts of ``claims.md``."""

    VERIFIED = "verified"
    REFUTED = "refuted"
    GAP = "gap"
    CITED = "cited"
    INCONCLUSIVE = "inconclusive"
    ERROR = "error"

    @property
    def is_pass(self) -> bool:
        """Verified and cited count as passing (CLI exit 0)."""
        return self in (Verdict.VERIFIED, Verdict.CITED)


# ---------------------------------------------------------------- figures ---

FIGURE_SCALES: tuple[str, ...] = ("linear", "log")
SERIES_KINDS: tuple[str, ...] = ("line", "scatter", "bar", "step")


@dataclass(frozen=True)
class Series:
    """One data series of a :class:`Figure`; ``x`` may be category labels for bars."""

    label: str
    x: tuple[Any, ...]
    y: tuple[float, ...]
    kind: Literal["line", "scatter", "bar", "step"] = "line"
    yerr: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", tuple(_plain(v) for v in self.x))
        object.__setattr__(self, "y", tuple(float(v) for v in self.y))
        if self.yerr is not None:
            object.__setattr__(self, "yerr", tuple(float(v) for v in self.yerr))
        if len(self.x) != len(self.y):
            raise InvalidParameter("Series.y", f"must have len(x) = {len(self.x)} points", len(self.y))
        require(self.kind in SERIES_KINDS, "Series.kind", f"must be one of {', '.join(SERIES_KINDS)}", self.kind)
        require(self.yerr is None or len(self.yerr) == len(self.y), "Series.yerr",
                f"must have len(y) = {len(self.y)} entries", self.yerr)


@dataclass(frozen=True)
class Figure:
    """A declarative plot: checks describe it, ``qproofs.report`` draws it.

    Keeping matplotlib out of the checks keeps them pure (and picklable for
    distributed runs); the report renders every figure to PNG.
    """

    name: str
    title: str
    xlabel: str
    ylabel: str
    series: tuple[Series, ...]
    xscale: Literal["linear", "log"] = "linear"
    yscale: Literal["linear", "log"] = "linear"
    hlines: tuple[tuple[float, str], ...] = ()
    vlines: tuple[tuple[float, str], ...] = ()

    def __post_init__(self) -> None:
        require(isinstance(self.name, str) and bool(self.name) and all(c.isalnum() or c in "-_" for c in self.name),
                "Figure.name", "must be a non-empty slug of letters, digits, '-' and '_'", self.name)
        for axis in ("xscale", "yscale"):  # validated here, not when matplotlib draws it after the computing
            require(getattr(self, axis) in FIGURE_SCALES, f"Figure.{axis}",
                    f"must be one of {', '.join(FIGURE_SCALES)}", getattr(self, axis))
        require(all(isinstance(s, Series) for s in self.series), "Figure.series", "must be Series objects",
                self.series)
        object.__setattr__(self, "series", tuple(self.series))
        for lines in ("hlines", "vlines"):  # floats, so a re-render from JSON writes the same numbers
            try:
                value = tuple((float(v), str(label)) for v, label in getattr(self, lines))
            except (TypeError, ValueError):
                raise InvalidParameter(f"Figure.{lines}", "must be (number, label) pairs",
                                       getattr(self, lines)) from None
            require(all(math.isfinite(v) for v, _ in value), f"Figure.{lines}", "must be finite", value)
            object.__setattr__(self, lines, value)


# --------------------------------------------------------------- evidence ---


@dataclass(frozen=True)
class Evidence:
    """What one check returns: an observation set against an expectation.

    ``passed`` is ``True``/``False``, or ``None`` when the check could not
    decide (solver status not optimal, certificate not exact, sampling budget
    too small): that is ``inconclusive``, never a pass. ``on_fail`` says what a
    failure means for the claim: ``refuted`` (the statement is false on
    ``counterexample``) or ``gap`` (a premise of the proof fails). ``tolerance``
    is ``"exact"`` for sympy / rational checks, else the float used.
    """

    passed: bool | None
    observed: Any = None
    expected: Any = None
    tolerance: float | str | None = None
    instances: int = 1
    detail: str = ""
    on_fail: Literal["refuted", "gap"] = "refuted"
    counterexample: Mapping[str, Any] | None = None
    figures: tuple[Figure, ...] = ()
    caveats: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.passed is not None and not isinstance(self.passed, bool):
            object.__setattr__(self, "passed", bool(self.passed))
        require(self.on_fail in ("refuted", "gap"), "Evidence.on_fail", "must be 'refuted' or 'gap'", self.on_fail)
        require(self.instances >= 0, "Evidence.instances", "must be >= 0", self.instances)
        object.__setattr__(self, "figures", tuple(self.figures))
        object.__setattr__(self, "caveats", tuple(self.caveats))


@dataclass(frozen=True)
class CheckResult:
    """A check's evidence as recorded in the audit (JSON round-trips)."""

    name: str
    method: str
    passed: bool | None
    observed: Any = None
    expected: Any = None
    tolerance: float | str | None = None
    instances: int = 1
    detail: str = ""
    on_fail: str = "refuted"
    counterexample: Any = None
    duration_s: float = 0.0
    error: str | None = None
    data: Any = None

    def __post_init__(self) -> None:
        require(self.method in METHODS, "method", f"must be one of {', '.join(METHODS)}", self.method)
        if self.error is not None and self.passed is not None:
            raise InvalidParameter("CheckResult.passed", "must be None when the check raised", self.passed)
        for name in ("observed", "expected", "counterexample", "data"):
            object.__setattr__(self, name, jsonable(getattr(self, name)))

    @property
    def status(self) -> str:
        """``pass``, ``fail``, ``inconclusive`` or ``error``."""
        if self.error is not None:
            return "error"
        return {True: "pass", False: "fail", None: "inconclusive"}[self.passed]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CheckResult:
        """Inverse of :meth:`to_dict`."""
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


@dataclass(frozen=True)
class ClaimResult:
    """A claim's verdict with all its evidence."""

    id: str
    ref: str
    section: str
    title: str
    statement: str
    verdict: Verdict
    checks: tuple[CheckResult, ...]
    caveats: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    cited: str | None = None
    dependency_notes: tuple[str, ...] = ()
    duration_s: float = 0.0
    figures: tuple[str, ...] = ()
    figure_specs: tuple[Figure, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        expected = decide(self.checks, cited=self.cited is not None)
        if expected is not self.verdict:
            raise InvalidParameter("ClaimResult.verdict", f"must be {expected.value}, as its checks decide",
                                   self.verdict.value)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (the ``claims[]`` entries of ``qproofs.audit/1``)."""
        return {
            "id": self.id, "ref": self.ref, "section": self.section, "title": self.title,
            "statement": self.statement, "verdict": self.verdict.value, "caveats": list(self.caveats),
            "uses": list(self.uses), "cited": self.cited, "dependency_notes": list(self.dependency_notes),
            "duration_s": self.duration_s, "checks": [c.to_dict() for c in self.checks],
            "figures": list(self.figures), "figure_specs": [figure_to_dict(f) for f in self.figure_specs],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClaimResult:
        """Inverse of :meth:`to_dict`."""
        return cls(
            id=d["id"], ref=d["ref"], section=d["section"], title=d["title"], statement=d["statement"],
            verdict=Verdict(d["verdict"]), checks=tuple(CheckResult.from_dict(c) for c in d["checks"]),
            caveats=tuple(d.get("caveats", ())), uses=tuple(d.get("uses", ())), cited=d.get("cited"),
            dependency_notes=tuple(d.get("dependency_notes", ())), duration_s=d.get("duration_s", 0.0),
            figures=tuple(d.get("figures", ())),
            figure_specs=tuple(figure_from_dict(f) for f in d.get("figure_specs", ())),
        )


def decide(checks: Sequence[CheckResult], *, cited: bool = False) -> Verdict:
    """The claim's verdict from its checks (precedence documented in the module)."""
    if not checks:
        return Verdict.INCONCLUSIVE
    statuses = [c.status for c in checks]
    if "error" in statuses:
        return Verdict.ERROR
    failed = [c for c in checks if c.status == "fail"]
    if any(c.on_fail == "refuted" for c in failed):
        return Verdict.REFUTED
    if failed:
        return Verdict.GAP
    if "inconclusive" in statuses:
        return Verdict.INCONCLUSIVE
    return Verdict.CITED if cited else Verdict.VERIFIED


# ---------------------------------------------------------------- context ---


@dataclass
class Context:
    """What a check receives: profile, seed-derived randomness, tolerances.

    Every random choice flows from ``seed``: :meth:`rng` derives a generator
    from (seed, claim id, check name, salt) by SHA-256, so a check's numbers do
    not depend on which other checks ran, or in which process.
    """

    seed: int = 0
    profile: str = "standard"
    claim_id: str = ""
    check_name: str = ""
    tol: Tolerances = TOL
    shared: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        require(self.profile in PROFILES, "profile", f"must be one of {', '.join(PROFILES)}", self.profile)
        require(isinstance(self.seed, int) and self.seed >= 0, "seed", "must be an integer >= 0", self.seed)

    def derived_seed(self, *salt: object) -> int:
        """A 63-bit integer seed derived from the run seed, claim, check and ``salt``."""
        key = json.dumps([self.seed, self.claim_id, self.check_name, *map(str, salt)])
        return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") >> 1

    def rng(self, *salt: object) -> np.random.Generator:
        """A numpy generator seeded from :meth:`derived_seed`."""
        return np.random.default_rng(self.derived_seed(*salt))

    def pick(self, quick: Any, standard: Any, deep: Any = None) -> Any:
        """The value for the current profile (``deep`` defaults to ``standard``)."""
        return {"quick": quick, "standard": standard, "deep": standard if deep is None else deep}[self.profile]

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        """Compute ``factory()`` once per claim run and share it between its checks.

        While the factory runs, :meth:`rng` and :meth:`derived_seed` are keyed by
        ``memo:<key>`` instead of the calling check's name, so the shared numbers
        do not depend on which check happened to ask first.
        """
        if key not in self.shared:
            caller, self.check_name = self.check_name, f"memo:{key}"
            try:
                self.shared[key] = factory()
            finally:
                self.check_name = caller
        return self.shared[key]

    def say(self, message: str) -> None:
        """Report progress of a long check (shown by the CLI's progress bar)."""
        if self.progress is not None:
            self.progress(message)


# ------------------------------------------------------------------ claims ---

CheckFn = Callable[[Context], Evidence]


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its name, method and function."""

    name: str
    method: str
    fn: CheckFn
    doc: str = ""


class Claim:
    """A claim of the paper, declared at module level in ``checks/``.

    >>> c = Claim("demo.one", ref="Theorem 0", section="0", title="t", statement="s")
    >>> @c.check("symbolic")
    ... def identity(ctx):
    ...     return Evidence(passed=True)
    >>> [s.name for s in c.checks]
    ['identity']
    """

    def __init__(
        self,
        id: str,
        *,
        ref: str,
        section: str,
        title: str,
        statement: str,
        uses: Sequence[str] = (),
        caveats: Sequence[str] = (),
        cited: str | None = None,
    ) -> None:
        require(is_claim_id(id), "claim id", "must look like '<where>.<what>' (lower case, digits, '-')", id)
        self.id = id
        self.ref = ref
        self.section = section
        self.title = title
        self.statement = statement
        self.uses = tuple(uses)
        self.caveats = tuple(caveats)
        self.cited = cited
        self._checks: list[CheckSpec] = []
        self.module: str = ""

    @property
    def checks(self) -> tuple[CheckSpec, ...]:
        """The checks in declaration order."""
        return tuple(self._checks)

    def check(self, method: Method, name: str | None = None) -> Callable[[CheckFn], CheckFn]:
        """Decorator attaching a check ``(ctx) -> Evidence`` to this claim."""
        require(method in METHODS, "method", f"must be one of {', '.join(METHODS)}", method)

        def register(fn: CheckFn) -> CheckFn:
            check_name = name or fn.__name__
            if any(s.name == check_name for s in self._checks):
                raise InvalidParameter("check name", f"must be unique within claim {self.id}", check_name)
            self._checks.append(CheckSpec(check_name, method, fn, (fn.__doc__ or "").strip()))
            return fn

        return register

    def __repr__(self) -> str:
        return f"Claim({self.id!r}, {len(self._checks)} checks)"


def is_claim_id(text: str) -> bool:
    """Ids look like ``thm1.qfi-bound``: a dotted pair of lower-case slugs."""
    parts = text.split(".")
    return len(parts) == 2 and all(p and all(ch.isdigit() or ch.islower() or ch == "-" for ch in p) for p in parts)


# ----------------------------------------------------------------- mutants ---


@dataclass(frozen=True)
class Mutant:
    """A deliberately broken protocol or bound: the negative control of checks.

    ``patch`` is a zero-argument context-manager factory (usually
    ``unittest.mock.patch.object`` on the module a protocol looks its parts up
    in). Under it, every check named in ``kills`` of claim ``claim`` must fail
    (``passed`` is not ``True``) and the claim must not be ``verified``.
    """

    name: str
    claim: str
    kills: tuple[str, ...]
    patch: Callable[[], contextlib.AbstractContextManager[Any]]
    description: str = ""


def mutant(claim: str, kills: Sequence[str], name: str | None = None) -> Callable[[Callable[[], Iterator[None]]], Mutant]:
    """Decorator: turn a generator function (``yield`` inside the patch) into a :class:`Mutant`."""

    def wrap(gen: Callable[[], Iterator[None]]) -> Mutant:
        return Mutant(name or gen.__name__, claim, tuple(kills), contextlib.contextmanager(gen),
                      (gen.__doc__ or "").strip())

    return wrap


# -------------------------------------------------------------- serialising ---


def _plain(v: Any) -> Any:
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    return v


def jsonable(obj: Any) -> Any:
    """Convert numpy / sympy / fractions / tuples into plain JSON values.

    Non-finite floats become the strings ``"inf"``, ``"-inf"``, ``"nan"`` so
    the JSON stays strict; exact rationals become ``"p/q"`` strings.
    """
    from fractions import Fraction

    if obj is None or isinstance(obj, (bool, str, int)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else str(obj)
    if isinstance(obj, (np.bool_,)):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return jsonable(float(obj))
    if isinstance(obj, complex | np.complexfloating):
        return {"re": jsonable(float(obj.real)), "im": jsonable(float(obj.imag))}
    if isinstance(obj, Fraction):
        return str(obj)
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=repr) if isinstance(obj, (set, frozenset)) else obj
        return [jsonable(v) for v in items]
    try:  # sympy numbers and expressions
        import sympy

        if isinstance(obj, sympy.Basic):
            return str(obj)
    except ImportError:  # pragma: no cover
        pass
    return str(obj)


def figure_to_dict(fig: Figure) -> dict[str, Any]:
    """JSON form of a figure spec (so ``qproofs report`` can redraw it)."""
    return jsonable({
        "name": fig.name, "title": fig.title, "xlabel": fig.xlabel, "ylabel": fig.ylabel,
        "xscale": fig.xscale, "yscale": fig.yscale, "hlines": fig.hlines, "vlines": fig.vlines,
        "series": [{"label": s.label, "x": s.x, "y": s.y, "kind": s.kind, "yerr": s.yerr} for s in fig.series],
    })


def figure_from_dict(d: Mapping[str, Any]) -> Figure:
    """Inverse of :func:`figure_to_dict`."""
    series = tuple(
        Series(s["label"], tuple(s["x"]), tuple(float(v) for v in s["y"]), s.get("kind", "line"),
               None if s.get("yerr") is None else tuple(s["yerr"]))
        for s in d["series"]
    )
    return Figure(d["name"], d["title"], d["xlabel"], d["ylabel"], series, d.get("xscale", "linear"),
                  d.get("yscale", "linear"), tuple((float(h[0]), str(h[1])) for h in d.get("hlines", ())),
                  tuple((float(v[0]), str(v[1])) for v in d.get("vlines", ())))

