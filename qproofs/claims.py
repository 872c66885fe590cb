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

import ast
import contextlib
import functools
import hashlib
import inspect
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any, Literal

import numpy as np

from qproofs.errors import InvalidParameter, require
from qproofs.params import PROFILES, Params, profile_params
from qproofs.tolerance import TOL, Tolerances

Method = Literal["symbolic", "sdp", "simulation", "enumeration", "fuzz", "accounting", "fit"]
METHODS: tuple[str, ...] = ("symbolic", "sdp", "simulation", "enumeration", "fuzz", "accounting", "fit")
TRUST_CLASSES: tuple[str, ...] = ("float", "exact", "rechecked", "kernel")
"""What a check's result rests on (issue 12): float tolerance, exact producer arithmetic, a certificate
accepted by the independent checker ``qproofs.certcheck``, or by the Coq kernel backend."""


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
    certificate: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None
    """A ``qproofs.cert/1`` document (or several) proving this evidence (docs/certificates.md)."""

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
    certificate: str | None = None
    """Path (relative to the report directory) of this check's certificate file, or of a directory of them."""
    trust: str = "float"
    """One of TRUST_CLASSES."""
    certificate_doc: Any = field(default=None, compare=False, repr=False)
    """The in-memory certificate document(s) from Evidence.certificate; not serialised (see to_dict)."""

    def __post_init__(self) -> None:
        require(self.method in METHODS, "method", f"must be one of {', '.join(METHODS)}", self.method)
        require(self.trust in TRUST_CLASSES, "trust", f"must be one of {', '.join(TRUST_CLASSES)}", self.trust)
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
        """Plain JSON-ready dict (``certificate_doc`` stays in memory: the file holds it)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "certificate_doc"}

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
    scope: str | None = None
    form: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    paper: Mapping[str, Any] = field(default_factory=dict)
    key: str = ""
    repair_of: str | None = None
    no_repair: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        object.__setattr__(self, "params", jsonable(dict(self.params)))
        object.__setattr__(self, "paper", jsonable(dict(self.paper)))
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
            "scope": self.scope, "form": self.form, "params": dict(self.params), "paper": dict(self.paper),
            "key": self.key, "repair_of": self.repair_of, "no_repair": self.no_repair,
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
            scope=d.get("scope"), form=d.get("form", ""), params=d.get("params") or {},
            paper=d.get("paper") or {}, key=d.get("key", ""), repair_of=d.get("repair_of"),
            no_repair=d.get("no_repair", ""),
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
    params: Params = field(default_factory=lambda: Params({}))
    """The claim's parameters for this profile (declared on the :class:`Claim`)."""
    paper: Mapping[str, Any] = field(default_factory=dict)
    """What the paper claims (constants, exponents, formulas), declared on the claim."""
    seams: Mapping[str, Any] = field(default_factory=dict)
    """The claim's public seams (protocol functions a mutant may replace), by name."""

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

    def seam(self, name: str) -> Any:
        """The claim's public seam ``name`` (a mutant may have replaced it)."""
        if name not in self.seams:
            raise InvalidParameter("seam", f"must be one declared on claim {self.claim_id} "
                                   f"({', '.join(sorted(self.seams)) or 'none'})", name)
        return self.seams[name]

    def say(self, message: str) -> None:
        """Report progress of a long check (shown by the CLI's progress bar)."""
        if self.progress is not None:
            self.progress(message)


# ------------------------------------------------------------------ claims ---

CheckFn = Callable[..., Evidence]
"""``(ctx, *fixtures) -> Evidence``."""


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its name, method and function."""

    name: str
    method: str
    fn: CheckFn
    doc: str = ""


SCOPES: tuple[str, ...] = ("exact", "narrowed", "stronger")
"""How what was checked relates to the paper's statement as written (see :class:`Claim`)."""


class Claim:
    """A claim of the paper, declared at module level in ``checks/``: one claim per module.

    ``scope`` says how what the checks decide relates to the paper's statement:
    ``exact`` (as written), ``narrowed`` (a weaker or special-case form, spelled
    out in ``form``, which the statement must contain) or ``stronger``.
    ``paper`` holds what the paper claims (constants, exponents, formulas) — the
    checks compare against these, never against values buried in protocols.
    ``params`` declares the per-profile parameters (see :mod:`qproofs.params`);
    ``seams`` names the protocol functions the checks call through
    ``ctx.seam(name)``, so a mutant can replace one without patching a private name.
    ``repair_of`` marks a claim as the corrected statement (or repaired proof
    step) of a ``gap``/``refuted`` claim of the paper, checked with the same
    machinery; an original claim for which no repair was found says so, and
    whether its conclusion is in doubt, in ``no_repair``.

    >>> c = Claim("demo.one", ref="Theorem 0", section="0", title="t", statement="s", scope="exact",
    ...           params={"quick": {"n": 2}, "standard": {"n": 3}, "deep": {"n": 4}})
    >>> @c.check("symbolic")
    ... def identity(ctx):
    ...     return Evidence(passed=ctx.params.n >= 2)
    >>> [s.name for s in c.checks], c.params["standard"].n
    (['identity'], 3)
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
        scope: str | None = None,
        form: str = "",
        paper: Mapping[str, Any] | None = None,
        params: Mapping[str, Mapping[str, Any]] | None = None,
        seams: Mapping[str, Any] | None = None,
        repair_of: str | None = None,
        no_repair: str = "",
    ) -> None:
        require(is_claim_id(id), "claim id", "must look like '<where>.<what>' (lower case, digits, '-')", id)
        require(scope is None or scope in SCOPES, f"claim {id} scope", f"must be one of {', '.join(SCOPES)}", scope)
        require(scope != "narrowed" or (bool(form.strip()) and form in statement), f"claim {id} form",
                "a narrowed claim must spell out the form checked, and its statement must contain it", form)
        self.id = id
        self.ref = ref
        self.section = section
        self.title = title
        self.statement = statement
        self.uses = tuple(uses)
        self.caveats = tuple(caveats)
        self.cited = cited
        self.scope = scope
        self.form = form
        self.repair_of = repair_of
        self.no_repair = no_repair
        self.paper: Mapping[str, Any] = dict(paper or {})
        self.params: dict[str, Params] = profile_params(params, f"claim {id}")
        self.seams: Mapping[str, Any] = dict(seams or {})
        self._checks: list[CheckSpec] = []
        self.module: str = ""
        self.module_path: Path | None = None

    @property
    def checks(self) -> tuple[CheckSpec, ...]:
        """The checks in declaration order."""
        return tuple(self._checks)

    def check(self, method: Method, name: str | None = None) -> Callable[[CheckFn], CheckFn]:
        """Decorator attaching a check ``(ctx, *fixtures) -> Evidence`` to this claim."""
        require(method in METHODS, "method", f"must be one of {', '.join(METHODS)}", method)

        def register(fn: CheckFn) -> CheckFn:
            check_name = name or fn.__name__
            if any(s.name == check_name for s in self._checks):
                raise InvalidParameter("check name", f"must be unique within claim {self.id}", check_name)
            self._checks.append(CheckSpec(check_name, method, fn, (fn.__doc__ or "").strip()))
            return fn

        return register

    def check_name(self, fn: Any) -> str:
        """The registered name of check function ``fn`` (mutants name checks by reference)."""
        for spec in self._checks:
            if spec.fn is fn:
                return spec.name
        shown = getattr(fn, "__name__", repr(fn))
        raise InvalidParameter("mutant kills", f"must be check functions of claim {self.id}; {shown} is not one")

    def mutant(self, kills: Sequence[CheckFn], *, name: str | None = None,
               params: Mapping[str, Any] | None = None, paper: Mapping[str, Any] | None = None,
               seams: Mapping[str, Any] | None = None) -> Callable[[Callable[[], Any]], Mutant]:
        """Decorator declaring a :class:`Mutant` of this claim that the checks ``kills`` must fail under.

        The decorated function is a generator (``yield`` inside a patch of a
        public seam) or a plain function whose docstring says what is broken;
        ``params``/``paper``/``seams`` override the claim's declarations for the
        mutated run: the documented seams a mutant goes through.
        """
        names = tuple(self.check_name(k) for k in kills)
        require(bool(names), "mutant kills", "must name at least one check")
        for label, given, declared in (("params", params, set(self.params["quick"])),
                                       ("paper", paper, set(self.paper)), ("seams", seams, set(self.seams))):
            unknown = sorted(set(given or {}) - declared)
            require(not unknown, f"mutant {label}", f"must override names declared on claim {self.id}", unknown)

        def wrap(fn: Callable[[], Any]) -> Mutant:
            patch = (contextlib.contextmanager(fn) if inspect.isgeneratorfunction(fn)
                     else contextlib.nullcontext)
            return Mutant(name or fn.__name__, self.id, names, patch, (fn.__doc__ or "").strip(),
                          params=dict(params or {}), paper=dict(paper or {}), seams=dict(seams or {}))

        return wrap

    def context(self, *, seed: int, profile: str, check_name: str = "", shared: dict[str, Any] | None = None,
                progress: Callable[[str], None] | None = None, mutant: Mutant | None = None) -> Context:
        """The :class:`Context` a check of this claim runs in (with ``mutant``'s overrides applied)."""
        params = self.params[profile] if profile in self.params else Params({})
        paper, seams = dict(self.paper), dict(self.seams)
        if mutant is not None:
            params = params.with_overrides(mutant.params)
            paper.update(mutant.paper)
            seams.update(mutant.seams)
        return Context(seed=seed, profile=profile, claim_id=self.id, check_name=check_name,
                       shared={} if shared is None else shared, progress=progress, params=params,
                       paper=paper, seams=seams)

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
    params: Mapping[str, Any] = field(default_factory=dict)
    paper: Mapping[str, Any] = field(default_factory=dict)
    seams: Mapping[str, Any] = field(default_factory=dict)


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
    if callable(obj) and hasattr(obj, "__code__"):
        return callable_text(obj)
    return str(obj)


def callable_text(fn: Any) -> str:
    """A function as a reader (and a reproducible report) wants it; never a memory address.

    A lambda shows its own source text (e.g. ``lambda N: 2 * (N - 1)``, a paper formula), any other function
    ``<function qualified.name>``. The lambda is found among the Lambda nodes of its module's syntax tree by
    the line and column where its body's code starts (Python ≥ 3.11 code positions), so two lambdas on one line
    are told apart.
    """
    name = f"<function {getattr(fn, '__qualname__', type(fn).__name__)}>"
    if getattr(fn, "__name__", "") != "<lambda>":
        return name
    try:
        path = inspect.getsourcefile(fn)
        if path is None:
            return name
        code = fn.__code__
        starts = {(ln, c) for ln, _, c, _ in code.co_positions() if ln is not None and c is not None}
        source, tree = _module_tree(path)
    except (OSError, TypeError, SyntaxError, ValueError):
        return name
    for node in ast.walk(tree):
        if isinstance(node, ast.Lambda) and node.lineno == code.co_firstlineno and \
                (node.body.lineno, node.body.col_offset) in starts:
            return ast.get_source_segment(source, node) or name
    return name


@functools.lru_cache(maxsize=64)
def _module_tree(path: str) -> tuple[str, Any]:
    """A source file's text and syntax tree (parsed once per file)."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return text, ast.parse(text)


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

