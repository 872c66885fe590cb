"""Discovery of ``checks/``, profiles, seeds and execution of claims.

Discovery works like pytest's: every ``*.py`` file in the checks directory not
starting with ``_`` is imported, and every module-level :class:`Claim` and
:class:`Mutant` is collected. Registration is explicit (no decorator side
effects on a global), and duplicate ids are an error.

A claim is run by :func:`run_claim`: each check gets a fresh :class:`Context`
whose randomness derives from (seed, claim id, check name), so the numbers of
a claim do not depend on the selection, the order or the process. A check that
raises is recorded as ``error`` and the run goes on.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.util
import json
import platform
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from qproofs import __version__
from qproofs.claims import (
    SCOPES,
    CheckResult,
    Claim,
    ClaimResult,
    Context,
    Evidence,
    Figure,
    Mutant,
    Verdict,
    decide,
)
from qproofs.errors import (
    ChecksModuleError,
    ClusterError,
    ConfigError,
    InvalidParameter,
    QproofsError,
    UnknownClaim,
    require,
)
from qproofs.executors import Executor, executor_for
from qproofs.fixtures import call_with_fixtures, private_run_cache
from qproofs.fixtures import resolve as resolve_fixtures
from qproofs.index import claim_files, default_checks_path
from qproofs.judge import Undecided
from qproofs.options import RunOptions
from qproofs.property import Property
from qproofs.tolerance import EXACT

SCHEMA = "qproofs.audit/1"
REPORTED_PACKAGES = ("numpy", "scipy", "sympy", "cvxpy", "clarabel", "qutip", "hypothesis", "matplotlib",
                     "python-flint", "stim", "dask", "distributed")

__all__ = ["claim_files", "default_checks_path"]  # re-exported: they live in qproofs.index (no numpy)

CheckCallback = Callable[[str, str, str], None]
"""``(claim id, check name, status)`` after each check: drives progress bars."""


# --------------------------------------------------------------- discovery ---


@dataclass(frozen=True)
class Registry:
    """All claims and mutants found in one checks directory."""

    path: Path
    claims: Mapping[str, Claim]
    mutants: tuple[Mutant, ...] = ()
    properties: tuple[Property, ...] = ()

    def select(self, patterns: Sequence[str] | None = None) -> list[Claim]:
        """Claims matching any id or glob in ``patterns`` (all when empty), in registry order."""
        if not patterns:
            return list(self.claims.values())
        chosen: dict[str, Claim] = {}
        for pattern in patterns:
            hits = [c for cid, c in self.claims.items() if fnmatch.fnmatchcase(cid, pattern)]
            if not hits:
                raise UnknownClaim(f"--only {pattern!r} matches no claim id (see 'qproofs list')")
            chosen.update((c.id, c) for c in hits)
        return [c for cid, c in self.claims.items() if cid in chosen]

    def get(self, claim_id: str) -> Claim:
        """The claim with this exact id."""
        if claim_id not in self.claims:
            raise UnknownClaim(f"unknown claim id {claim_id!r} (see 'qproofs list')")
        return self.claims[claim_id]


_MODULE_CACHE: dict[Path, ModuleType] = {}



def _package(directory: Path, name: str) -> None:
    """Register ``directory`` as the package ``name`` so claim modules can import their section's shared code."""
    if name in sys.modules:
        return
    init = directory / "__init__.py"
    if init.is_file():
        spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(directory)])
        if spec is None or spec.loader is None:  # pragma: no cover - only for unreadable paths
            raise ConfigError(f"cannot import checks package {directory}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    else:
        module = ModuleType(name)
        module.__path__ = [str(directory)]
        sys.modules[name] = module


def _import_file(path: Path, root: Path | None = None) -> ModuleType:
    """Import one claim module as part of a package rooted at ``root`` (relative imports work)."""
    path = path.resolve()
    if path in _MODULE_CACHE:
        return _MODULE_CACHE[path]
    root = (root or path.parent).resolve()
    top = _package_name(root, ".")
    _package(root, top)
    parts = path.relative_to(root).with_suffix("").parts
    for i in range(1, len(parts)):
        _package(root.joinpath(*parts[:i]), ".".join((top, *parts[:i])))
    name = ".".join((top, *parts))
    try:
        module = importlib.import_module(name)
    except QproofsError as exc:
        sys.modules.pop(name, None)
        raise ConfigError(f"{_shown(path)}: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a broken claim module is a usage error naming the file
        sys.modules.pop(name, None)
        where = f" (line {exc.lineno})" if isinstance(exc, SyntaxError) and exc.lineno else ""
        raise ChecksModuleError(f"{_shown(path)}{where}: cannot import checks module: {type(exc).__name__}: {exc}") from exc
    _MODULE_CACHE[path] = module
    return module


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def shared_files(base: Path, claim_modules: list[Path]) -> list[Path]:
    """The shared modules (``_*.py``) of every folder holding claim modules: a section's fixtures and sweeps."""
    folders = sorted({f.parent for f in claim_modules})
    return [p for d in folders for p in sorted(d.glob("_*.py")) if not p.name.startswith("__")
            and d.resolve().is_relative_to(base.resolve())]


def discover(path: str | Path | None = None) -> Registry:
    """Import every claim module under ``path`` and collect its claim, mutants and properties.

    Problems are reported here, naming the file (exit 64): a module that cannot
    be imported, a claim module without a claim (or with two), one claim id in
    two modules, parameters missing for a profile, a mutant naming a check that
    does not exist, a check requesting an unknown fixture.
    """
    root = Path(path) if path is not None else default_checks_path()
    if not root.exists():
        raise ConfigError(f"--checks {root}: no such file or directory")
    files = claim_files(root)
    if not files:
        raise ConfigError(f"--checks {root}: no checks modules (*.py) found")
    base = root.parent if root.is_file() else root
    claims: dict[str, Claim] = {}
    mutants: list[Mutant] = []
    properties: list[Property] = []
    for shared in shared_files(base, files):
        _import_file(shared, base)
    for file in files:
        module = _import_file(file, base)
        shown = file.resolve().relative_to(base.resolve()).as_posix()
        own = [obj for obj in vars(module).values() if isinstance(obj, Claim) and obj.module in ("", shown)]
        if not own:
            raise ConfigError(f"{shown}: declares no Claim (a claim module declares one; shared code of a "
                              "section goes in a module whose name starts with '_')")
        if len(own) > 1:
            raise ConfigError(f"{shown}: declares {len(own)} claims ({', '.join(c.id for c in own)}); "
                              "a claim module declares exactly one")
        for obj in own:
            obj.module = shown
            obj.module_path = file.resolve()
            if obj.id in claims and claims[obj.id] is not obj:
                raise ConfigError(f"claim id {obj.id!r} is registered twice ({claims[obj.id].module} and {shown})")
            claims[obj.id] = obj
        for obj in vars(module).values():
            if isinstance(obj, Mutant) and obj not in mutants:
                mutants.append(obj)
            elif isinstance(obj, Property) and obj not in properties:
                properties.append(obj)
    for c in claims.values():
        try:
            validate_claim(c)
        except QproofsError as exc:
            raise ConfigError(f"{c.module}: {exc}") from exc
        for used in c.uses:
            if used not in claims:
                raise ConfigError(f"{c.module}: claim {c.id} uses {used!r}, which is not registered")
        if c.repair_of is not None and (c.repair_of not in claims or c.repair_of == c.id):
            raise ConfigError(f"{c.module}: claim {c.id} is a repair of {c.repair_of!r}, which is not a "
                              "registered claim (repair_of names the claim it corrects)")
    for kind, name, claim_id in [("mutant", m.name, m.claim) for m in mutants] + [
            ("property", p.name, p.claim) for p in properties]:
        if claim_id not in claims:
            raise ConfigError(f"{kind} {name!r} names unknown claim {claim_id!r}")
    for m in mutants:
        known = {s.name for s in claims[m.claim].checks}
        missing = [k for k in m.kills if k not in known]
        if missing:
            raise ConfigError(f"{claims[m.claim].module}: mutant {m.name!r} names checks that {m.claim} does not "
                              f"have: {', '.join(missing)}")
    return Registry(root, paper_order(claims, base), tuple(mutants), tuple(properties))


def import_claim(checks_root: Path, claim_id: str, module: str) -> Claim | None:
    """Import only the module ``module`` (relative to the checks base) and return its claim ``claim_id``.

    What :func:`discover` does for one module: the section's shared modules (``_*.py``) first, then the
    module; the claim gets its ``module``/``module_path`` and passes :func:`validate_claim`. Used when the
    claim index (:mod:`qproofs.index`, valid only while every source it hashed is unchanged) names the
    module, so a run of a few claims does not import all 39 (issue 14: 7.5 s of a one-claim run).
    ``None`` when the module no longer declares that claim (the caller then discovers everything).
    """
    root = checks_root.resolve()
    base = root.parent if root.is_file() else root
    file = (base / module).resolve()
    if not file.is_file() or not file.is_relative_to(base):
        return None
    for shared in shared_files(base, [file]):
        _import_file(shared, base)
    loaded = _import_file(file, base)
    own = [obj for obj in vars(loaded).values() if isinstance(obj, Claim) and obj.module in ("", module)]
    if len(own) != 1 or own[0].id != claim_id:
        return None
    claim = own[0]
    claim.module, claim.module_path = module, file
    try:
        validate_claim(claim)
    except QproofsError as exc:
        raise ConfigError(f"{module}: {exc}") from exc
    return claim


def paper_order(claims: Mapping[str, Claim], base: Path) -> dict[str, Claim]:
    """Claims by section folder, then in the order the folder's ``__init__.py`` lists them in ``ORDER``.

    A section folder may name its claims in the paper's order (``ORDER = ("sdc.decode", ...)`` in its
    ``__init__.py``); claims it does not list follow, in file order. Without it, file order is kept.
    """
    def key(item: tuple[int, Claim]) -> tuple[str, int, int]:
        index, claim = item
        folder = str(Path(claim.module).parent)
        init = base / folder / "__init__.py"
        order: tuple[str, ...] = ()
        if init.is_file():
            pkg = sys.modules.get(_package_name(base, folder))
            order = tuple(getattr(pkg, "ORDER", ()))
        return folder, order.index(claim.id) if claim.id in order else len(order), index

    return dict((c.id, c) for _, c in sorted(enumerate(claims.values()), key=key))


def _package_name(base: Path, folder: str) -> str:
    top = f"qproofs_checks_{hashlib.sha1(str(base.resolve()).encode()).hexdigest()[:8]}"
    return top if folder in ("", ".") else ".".join((top, *Path(folder).parts))


def validate_claim(claim: Claim) -> None:
    """Declaration rules checked at discovery: a scope, checks, fixtures that exist."""
    require(claim.scope is not None, f"claim {claim.id} scope",
            f"must be declared ({', '.join(SCOPES)}): what the checks decide against the paper's statement")
    require(bool(claim.checks), f"claim {claim.id}", "must declare at least one check")
    for spec in claim.checks:
        resolve_fixtures(spec.fn, f"check {claim.id}::{spec.name}")


# --------------------------------------------------------------- execution ---


def run_check(claim: Claim, spec_index: int, ctx: Context) -> tuple[CheckResult, Evidence | None]:
    """Run one check (with the fixtures it requests), turning exceptions into an ``error`` result.

    :class:`~qproofs.judge.Undecided` is not a crash: it records ``inconclusive`` with its message.
    """
    spec = claim.checks[spec_index]
    t0 = time.perf_counter()
    try:
        ev = call_with_fixtures(spec.fn, ctx, f"check {claim.id}::{spec.name}")
        if not isinstance(ev, Evidence):
            raise TypeError(f"check {claim.id}::{spec.name} returned {type(ev).__name__}, not Evidence")
    except Undecided as why:
        ev = Evidence(passed=None, detail=f"undecided: {why}")
    except Exception as exc:  # noqa: BLE001 - a crashing check is the claim's 'error' verdict
        tb = "".join(traceback.format_exception(exc, limit=-4)).strip()
        return CheckResult(spec.name, spec.method, None, duration_s=time.perf_counter() - t0,
                           error=f"{type(exc).__name__}: {exc}", detail=tb), None
    trust, rejected = trust_of(ev)
    passed, detail = ev.passed, ev.detail
    if rejected is not None:  # the producer and the independent checker disagree: the audit cannot decide
        passed, detail = None, f"{detail} Certificate rejected by the independent checker: {rejected}".strip()
    return CheckResult(
        name=spec.name, method=spec.method, passed=passed, observed=ev.observed, expected=ev.expected,
        tolerance=ev.tolerance, instances=ev.instances, detail=detail, on_fail=ev.on_fail,
        counterexample=ev.counterexample, duration_s=time.perf_counter() - t0, data=dict(ev.data) or None,
        trust=trust, certificate_doc=ev.certificate,
    ), ev


def trust_of(ev: Evidence) -> tuple[str, str | None]:
    """What a passing check's result rests on, and the checker's reason if it rejected the certificate.

    ``rechecked`` when the evidence is exact and every attached certificate is accepted by
    :mod:`qproofs.certcheck` (which re-derives it from the problem data alone), ``exact`` for exact
    evidence without one, else ``float`` — a check that also compares floats within a tolerance rests
    on that tolerance even when part of it is certified (its certificate is still checked). A failed or
    undecided check keeps its method's class: its certificate, if any, is not a proof of the claim.
    """
    trust = "exact" if ev.tolerance == EXACT else "float"
    if ev.certificate is None or ev.passed is not True:
        return trust, None
    from qproofs.certcheck import check_document

    docs = [ev.certificate] if isinstance(ev.certificate, Mapping) else list(ev.certificate)
    for doc in docs:
        try:  # as the file will hold it: plain JSON
            check_document(json.loads(json.dumps(doc)))
        except Exception as exc:  # noqa: BLE001 - any failure to accept is a rejection, never a pass
            return trust, f"{type(exc).__name__}: {exc}"
    return ("rechecked" if trust == "exact" else trust), None


def run_claim(
    claim: Claim,
    *,
    seed: int = 0,
    profile: str = "standard",
    on_check: CheckCallback | None = None,
    on_message: Callable[[str], None] | None = None,
    mutant: Mutant | None = None,
    only_checks: Sequence[str] = (),
) -> ClaimResult:
    """Run every check of ``claim`` (under ``mutant``'s patch and overrides, if given) and decide its verdict.

    With ``only_checks`` (``verify --only ID::CHECK``) the other checks are not run: each is recorded as
    ``inconclusive`` ("not run"), so a partial run can never make the claim ``verified``; a failing or
    crashing selected check still decides ``gap``/``refuted``/``error``.
    """
    if mutant is not None:
        with mutant.patch(), private_run_cache():  # run-scoped values computed under a patch stay with it
            return _run_claim(claim, seed, profile, on_check, on_message, mutant, tuple(only_checks))
    return _run_claim(claim, seed, profile, on_check, on_message, None, tuple(only_checks))


NOT_RUN = "not run: partial claim run (verify --only {id}::{checks}); run the whole claim for its verdict"


def _run_claim(claim: Claim, seed: int, profile: str, on_check: CheckCallback | None,
               on_message: Callable[[str], None] | None, mutant: Mutant | None,
               only_checks: tuple[str, ...] = ()) -> ClaimResult:
    t0 = time.perf_counter()
    ctx_params = claim.context(seed=seed, profile=profile, mutant=mutant).params
    shared: dict[str, Any] = {}
    results: list[CheckResult] = []
    caveats: list[str] = list(claim.caveats)
    figures: list[Figure] = []
    for i, spec in enumerate(claim.checks):
        if only_checks and spec.name not in only_checks:
            results.append(CheckResult(spec.name, spec.method, None, detail=NOT_RUN.format(
                id=claim.id, checks=",".join(only_checks))))
            if on_check is not None:
                on_check(claim.id, spec.name, "inconclusive")
            continue
        ctx = claim.context(seed=seed, profile=profile, check_name=spec.name, shared=shared,
                            progress=on_message, mutant=mutant)
        result, ev = run_check(claim, i, ctx)
        results.append(result)
        if ev is not None:
            caveats.extend(c for c in ev.caveats if c not in caveats)
            figures.extend(ev.figures)
        if on_check is not None:
            on_check(claim.id, spec.name, result.status)
    names = [f.name for f in figures]
    if len(set(names)) != len(names):
        raise InvalidParameter("Figure.name", f"must be unique within claim {claim.id}", names)
    return ClaimResult(
        id=claim.id, ref=claim.ref, section=claim.section, title=claim.title, statement=claim.statement,
        verdict=decide(results, cited=claim.cited is not None), checks=tuple(results), caveats=tuple(caveats),
        uses=claim.uses, cited=claim.cited, duration_s=time.perf_counter() - t0, figure_specs=tuple(figures),
        scope=claim.scope, form=claim.form, params=ctx_params.to_json(), paper=claim.paper,
        key=claim_key(claim, profile, seed), repair_of=claim.repair_of, no_repair=claim.no_repair,
    )


def run_claim_by_id(checks_path: str, claim_id: str, seed: int, profile: str,
                    blas_threads: int | None = None, only_checks: tuple[str, ...] = ()) -> ClaimResult:
    """Top-level, picklable entry point for distributed executors.

    ``blas_threads`` sets the BLAS thread count for the run: OpenBLAS splits
    some products differently with a different thread count, which changes
    the last bits of their results (issue 13, finding 10), and Dask's nanny
    starts workers with one BLAS thread. The client passes its own count, so a
    worker computes as the serial run would.
    """
    claim = load_registry(checks_path).get(claim_id)
    if blas_threads is None:
        return run_claim(claim, seed=seed, profile=profile, only_checks=only_checks)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=blas_threads, user_api="blas"):
        return run_claim(claim, seed=seed, profile=profile, only_checks=only_checks)


def blas_threads() -> int | None:
    """The BLAS thread count of this process (``None`` when no BLAS is loaded)."""
    from threadpoolctl import threadpool_info

    counts = [int(i["num_threads"]) for i in threadpool_info() if i.get("user_api") == "blas"]
    return max(counts) if counts else None


def load_registry(checks: str | Path | None = None) -> Registry:
    """:func:`discover`, with a checks module that fails to import reported as a usage error.

    An exception raised while importing a module of the checks directory
    (a syntax error, a missing import, failing top-level code) is the user's
    input being malformed, not a bug in qproofs: it becomes
    :class:`~qproofs.errors.ChecksModuleError` (exit 64) naming the file.
    """
    root = Path(checks).resolve() if checks is not None else default_checks_path()
    try:
        return discover(root)
    except QproofsError:
        raise
    except Exception as exc:  # noqa: BLE001 - filtered below: only errors raised inside the checks files
        culprit = _checks_file_in_traceback(exc, root)
        if culprit is None:
            raise
        where = f"{culprit}:{exc.lineno}" if isinstance(exc, SyntaxError) and exc.lineno else str(culprit)
        raise ChecksModuleError(f"checks module {where} cannot be imported: {type(exc).__name__}: "
                                f"{exc.msg if isinstance(exc, SyntaxError) else exc}") from exc


def _checks_file_in_traceback(exc: BaseException, root: Path) -> Path | None:
    """The innermost file under ``root`` in ``exc``'s traceback (or the file a SyntaxError names)."""
    def inside(name: str | None) -> Path | None:
        if not name:
            return None
        path = Path(name).resolve()
        return path if path == root or root in path.parents else None

    if isinstance(exc, SyntaxError) and inside(exc.filename):
        return inside(exc.filename)
    found = None
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        found = inside(frame.f_code.co_filename) or found
    return found


def dependency_notes(results: Mapping[str, ClaimResult], claim: ClaimResult) -> tuple[str, ...]:
    """Notes for a claim whose used claims are not ``verified``/``cited`` (or were not run)."""
    notes = []
    for used in claim.uses:
        if used not in results:
            notes.append(f"uses {used}, not run in this selection")
        elif not results[used].verdict.is_pass:
            notes.append(f"uses {used}, which is {results[used].verdict.value}")
    return tuple(notes)


# ------------------------------------------------------------------- audit ---


@dataclass(frozen=True)
class RunInfo:
    """How an audit was run: everything needed to reproduce it."""

    seed: int
    profile: str
    started: str
    duration_s: float
    qproofs_version: str = __version__
    python: str = field(default_factory=platform.python_version)
    packages: Mapping[str, str] = field(default_factory=dict)
    selection: tuple[str, ...] = ()
    executor: str = "serial"
    checker: Mapping[str, Any] | None = None
    """The certificate checker's self-test of this run (:class:`qproofs.certcheck.forged.SelfTest` as JSON)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the ``run`` object of ``qproofs.audit/1``; ``certcheck_self_test`` is additive)."""
        d = {"seed": self.seed, "profile": self.profile, "started": self.started,
             "duration_s": round(self.duration_s, 3), "qproofs_version": self.qproofs_version,
             "python": self.python, "packages": dict(sorted(self.packages.items())),
             "selection": list(self.selection), "executor": self.executor}
        if self.checker is not None:
            d["certcheck_self_test"] = dict(self.checker)
        return d

    def checker_line(self) -> str | None:
        """``certificate checker: N/N forged certificates rejected, ...`` (``None`` for a run without one)."""
        if self.checker is None:
            return None
        from qproofs.certcheck.forged import SelfTest

        return SelfTest.from_dict(self.checker).line()

    @property
    def provenance(self) -> ClaimRun:
        """What each claim of this run records about the run that produced it."""
        return ClaimRun(seed=self.seed, profile=self.profile, qproofs_version=self.qproofs_version,
                        started=self.started, executor=self.executor)


@dataclass(frozen=True)
class ClaimRun:
    """The run that produced one claim's result (``claims[].run`` of ``qproofs.audit/1``).

    A report merged from several ``verify --only`` runs holds claims from
    different runs; each says which, so none is mistaken for another's.
    """

    seed: int
    profile: str
    qproofs_version: str
    started: str
    executor: str = "serial"
    reused: bool = False
    """Taken from the result store (``verify --reuse``); ``started`` is then the run that computed it."""
    only_checks: tuple[str, ...] = ()
    """A partial claim run (``verify --only ID::CHECK``): only these checks ran."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``reused`` and ``only_checks`` only when set: additive to ``qproofs.audit/1``)."""
        d: dict[str, Any] = {"seed": self.seed, "profile": self.profile, "qproofs_version": self.qproofs_version,
                             "started": self.started, "executor": self.executor}
        if self.reused:
            d["reused"] = True
        if self.only_checks:
            d["only_checks"] = list(self.only_checks)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClaimRun:
        """Inverse of :meth:`to_dict` (types checked: a malformed document is a :class:`ConfigError`)."""
        run = cls(seed=d["seed"], profile=d["profile"], qproofs_version=d["qproofs_version"],
                  started=d["started"], executor=d.get("executor", "serial"), reused=d.get("reused", False) is True,
                  only_checks=tuple(d.get("only_checks", ())))
        if not (isinstance(run.seed, int) and isinstance(run.profile, str) and isinstance(run.started, str)):
            raise ConfigError(f"malformed claim run record: {dict(d)!r:.120}")
        return run

    def describe(self) -> str:
        """``profile standard, seed 0, started ...``."""
        return (f"profile {self.profile}, seed {self.seed}, qproofs {self.qproofs_version}, started {self.started}"
                + (" (reused from the result store)" if self.reused else "")
                + (f" (partial: only {', '.join(self.only_checks)})" if self.only_checks else ""))


@dataclass(frozen=True)
class Audit:
    """The result of ``qproofs verify``: run info and one :class:`ClaimResult` per claim.

    ``claim_runs`` maps a claim id to the :class:`ClaimRun` that produced it
    when that is not ``run`` (a report merged from several runs).
    """

    run: RunInfo
    claims: tuple[ClaimResult, ...]
    claim_runs: Mapping[str, ClaimRun] = field(default_factory=dict)
    not_merged: tuple[str, ...] = field(default=(), compare=False)
    """Partial claim runs (``--only ID::CHECK``) this run computed but did not write: the report holds a full
    result of those claims (set by :func:`verify`, not serialised)."""

    @property
    def summary(self) -> dict[str, int]:
        """Count per verdict (every verdict listed, zeros included)."""
        counts = {v.value: 0 for v in Verdict}
        for c in self.claims:
            counts[c.verdict.value] += 1
        return counts

    def claim(self, claim_id: str) -> ClaimResult:
        """The result for ``claim_id``."""
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise UnknownClaim(f"claim {claim_id!r} is not in this audit")

    def run_of(self, claim_id: str) -> ClaimRun:
        """The run that produced ``claim_id``."""
        return self.claim_runs.get(claim_id) or self.run.provenance

    @property
    def runs(self) -> list[ClaimRun]:
        """The distinct runs the claims come from, in order of first appearance."""
        return list(dict.fromkeys(self.run_of(c.id) for c in self.claims))

    @property
    def false_alarm(self) -> tuple[float, int]:
        """(union bound on the probability that a sampled check fails on a true claim, number of such checks).

        Each sampled check states its own false-alarm probability in ``data["false_alarm"]`` (from an
        exact tail); the run's total is their sum (issue 11's error budget).
        """
        alphas = [float(k.data["false_alarm"]) for c in self.claims for k in c.checks
                  if isinstance(k.data, Mapping) and isinstance(k.data.get("false_alarm"), int | float)]
        return sum(alphas), len(alphas)

    def error_budget_line(self) -> str:
        """The run's total false-alarm probability, in one sentence."""
        total, n = self.false_alarm
        return (f"False-alarm probability of the run (union bound over the {n} sampled checks that state one): "
                f"≤ {total:.2g}.")

    def provenance_note(self) -> str | None:
        """One sentence when the claims come from more than one run, else ``None``."""
        runs = self.runs
        if len(runs) <= 1:
            return None
        counts = {r: sum(self.run_of(c.id) == r for c in self.claims) for r in runs}
        return (f"claims come from {len(runs)} runs: "
                + "; ".join(f"{n} from {r.describe()}" for r, n in counts.items()))

    def restricted(self, ids: Iterable[str]) -> Audit:
        """The same audit with only the claims ``ids`` (in this audit's order)."""
        keep = set(ids)
        return replace(self, claims=tuple(c for c in self.claims if c.id in keep),
                       claim_runs={k: v for k, v in self.claim_runs.items() if k in keep})

    @property
    def exit_code(self) -> int:
        """0 all verified/cited; 1 any refuted/gap; 2 any inconclusive/error (2 wins)."""
        verdicts = {c.verdict for c in self.claims}
        if verdicts & {Verdict.INCONCLUSIVE, Verdict.ERROR}:
            return 2
        if verdicts & {Verdict.REFUTED, Verdict.GAP}:
            return 1
        return 0

    def to_dict(self) -> dict[str, Any]:
        """The ``qproofs.audit/1`` document (``claims[].run`` and ``runs`` are additive fields)."""
        claims = []
        for c in self.claims:
            d = c.to_dict()
            d["run"] = self.run_of(c.id).to_dict()
            claims.append(d)
        return {"schema": SCHEMA, "run": self.run.to_dict(), "summary": self.summary, "claims": claims,
                "runs": [r.to_dict() for r in self.runs]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Audit:
        """Load an audit document (validates the schema id and the types of the run records)."""
        if not isinstance(d, Mapping) or d.get("schema") != SCHEMA:
            raise ConfigError(f"not a {SCHEMA} document (schema = {d.get('schema') if isinstance(d, Mapping) else None!r})")
        try:
            r = d["run"]
            run = RunInfo(seed=r["seed"], profile=r["profile"], started=r["started"],
                          duration_s=r["duration_s"], qproofs_version=r["qproofs_version"], python=r["python"],
                          packages=r.get("packages", {}), selection=tuple(r.get("selection", ())),
                          executor=r.get("executor", "serial"), checker=r.get("certcheck_self_test"))
            if not (isinstance(run.seed, int) and isinstance(run.profile, str) and isinstance(run.started, str)
                    and isinstance(run.duration_s, int | float) and isinstance(run.packages, Mapping)):
                raise TypeError("run: seed, profile, started, duration_s or packages has the wrong type")
            if not isinstance(d["claims"], list):
                raise TypeError("claims is not a list")
            claims = tuple(ClaimResult.from_dict(c) for c in d["claims"])
            claim_runs = {c["id"]: ClaimRun.from_dict(c["run"]) for c in d["claims"] if "run" in c}
            claim_runs = {k: v for k, v in claim_runs.items() if v != run.provenance}
            return cls(run, claims, claim_runs)
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise ConfigError(f"malformed audit document: {type(exc).__name__}: {exc}"[:300]) from exc


def merge_audits(old: Audit, new: Audit) -> Audit:
    """``old`` with the claims of ``new`` replacing their namesakes (new ones appended); run info of ``new``.

    A partial claim run (``--only ID::CHECK``) does not replace a full result of that claim: the full
    one is kept (:func:`verify` lists those in ``Audit.not_merged``; the CLI says so).

    Every claim keeps the :class:`ClaimRun` that produced it, and the
    dependency notes are recomputed over the merged claims (a claim run
    earlier may now have its dependencies in the report).
    """
    old_ids = {c.id for c in old.claims}
    fresh = {c.id: c for c in new.claims
             if not (new.run_of(c.id).only_checks and c.id in old_ids and not old.run_of(c.id).only_checks)}
    order = [c.id for c in old.claims] + [c.id for c in new.claims if c.id not in {o.id for o in old.claims}]
    claims = {c.id: c for c in old.claims} | fresh
    runs = {cid: old.run_of(cid) for cid in order if cid not in fresh}
    runs |= {cid: new.run_of(cid) for cid in fresh}
    merged = tuple(claims[cid] for cid in order)
    by_id = {c.id: c for c in merged}
    merged = tuple(_with_notes(c, by_id) for c in merged)
    return Audit(new.run, merged, {k: v for k, v in runs.items() if v != new.run.provenance})


def claim_key(claim: Claim, profile: str, seed: int) -> str:
    """Stable id of one claim run (style: sinter's ``strong_id``): compare audits row by row.

    Hashes, as sorted JSON, the claim id, profile, seed, qproofs version, the
    claim's parameters for the profile and the source of its module.
    """
    params = claim.params[profile].to_json() if profile in claim.params else {}
    blob = json.dumps({"claim": claim.id, "profile": profile, "seed": seed, "version": __version__,
                       "params": params, "source": _source_digest(claim.module_path)}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _source_digest(path: Path | None) -> str:
    if path is None or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_versions(names: Iterable[str] = REPORTED_PACKAGES) -> dict[str, str]:
    """Installed versions of the packages an audit depends on."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


class ClusterFailure(ClusterError):
    """A distributed run lost its cluster; ``audit`` holds the claims that finished (already written if ``out``)."""

    def __init__(self, message: str, audit: Audit) -> None:
        super().__init__(message, finished=audit.claims)
        self.audit = audit


def verify(
    only: Sequence[str] | None = None,
    profile: str = "standard",
    seed: int = 0,
    checks: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    on_check: CheckCallback | None = None,
    on_message: Callable[[str], None] | None = None,
    *,
    out: str | Path | None = None,
    fresh: bool = False,
    options: RunOptions | None = None,
    executor: Executor | None = None,
    plan: RunPlan | None = None,
) -> Audit:
    """Discover, select and run claims; return the :class:`Audit` of the selected claims.

    The run is described by one :class:`~qproofs.options.RunOptions` (built
    from the keyword arguments unless ``options`` is given). With ``out``, the
    output directory is checked *before* anything is computed and the report
    is written at the end (merged into an existing one unless ``fresh``; see
    :func:`qproofs.report.write.write_report`). ``workers``/``scheduler`` run
    the claims on Dask (:class:`~qproofs.executors.DaskExecutor`); the
    verdicts equal a serial run's (see the README on floating-point digits).
    A cluster lost mid-run raises :class:`ClusterFailure` after the claims that
    finished have been written.
    """
    opts = options or RunOptions.make(only=only, profile=profile, seed=seed, checks=checks, workers=workers,
                                      scheduler=scheduler, out=out, fresh=fresh)
    if opts.out is not None:
        from qproofs.report.write import check_output_dir

        check_output_dir(opts.out, fresh=opts.fresh)
    plan = plan or plan_run(opts)
    runner = executor or executor_for(opts)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    results, failure = _execute(runner, plan, opts, on_check, on_message, started)
    if failure is not None and not results:
        raise failure  # nothing finished: the existing report stays exactly as it was
    checker = checker_self_test()
    if not checker.trusted:
        results = [distrust_checker(r, checker.line()) for r in results]
    by_id = {r.id: r for r in results}
    final = tuple(_with_notes(r, by_id) for r in results)
    run = RunInfo(seed=opts.seed, profile=opts.profile, started=started, duration_s=time.perf_counter() - t0,
                  packages=package_versions(), selection=opts.only, executor=runner.description,
                  checker=checker.to_dict())
    claim_runs = {cid: replace(run.provenance, only_checks=checks) for cid, checks in plan.partial.items()
                  if cid in by_id}
    claim_runs |= {cid: replace(run.provenance, started=plan.reused[cid].started, reused=True)
                   for cid in by_id if cid in plan.reused}
    audit = Audit(run, final, claim_runs)
    if opts.out is not None:
        from qproofs.report.write import write_report

        written = write_report(audit, opts.out, fresh=opts.fresh, lock_wait_s=opts.lock_wait_s)
        shown = written.restricted(by_id)
        kept = [cid for cid in plan.partial if cid in by_id and not shown.run_of(cid).only_checks]
        if kept:  # the report kept its full result: show what this run computed
            shown = replace(audit, claims=tuple(by_id[c.id] if c.id in kept else c for c in shown.claims))
        audit = replace(shown, not_merged=tuple(kept))
    if failure is not None:
        kept_note = f"; the {len(final)} finished claim(s) were written to {opts.out}" if opts.out and final else ""
        raise ClusterFailure(f"{failure}{kept_note}", audit) from failure
    return audit


def checker_self_test() -> Any:
    """Run the certificate checker on its built-in forged and genuine certificates (issue 11).

    Every audit does it, so a broken kernel shows in the audit itself, not only in the unit tests:
    :class:`qproofs.certcheck.forged.SelfTest`, recorded in ``run.certcheck_self_test``.
    """
    from qproofs.certcheck.forged import self_test

    return self_test()


def distrust_checker(result: ClaimResult, why: str) -> ClaimResult:
    """``result`` with every ``rechecked`` check made ``inconclusive``: the checker failed its self-test.

    A check's trust ``rechecked`` rests on the certificate checker having accepted its certificate;
    a checker that accepts a forged certificate proves nothing, so those checks neither pass nor fail
    (their trust falls back to ``exact``, the class of their method) and the verdict is decided again.
    """
    if not any(k.trust == "rechecked" for k in result.checks):
        return result
    checks = tuple(replace(k, passed=None, trust="exact", detail=f"{k.detail} Not decided: the {why}".strip())
                   if k.trust == "rechecked" else k for k in result.checks)
    return replace(result, checks=checks, verdict=decide(list(checks), cited=result.cited is not None))


STOP_VERDICTS = (Verdict.REFUTED, Verdict.GAP, Verdict.ERROR)
"""``--exitfirst`` stops after the first claim with one of these verdicts."""


@dataclass
class RunPlan:
    """What a run does: the selected claim ids in order, which are partial, which come from the store."""

    ids: list[str]
    registry: Registry | None
    checks_path: Path
    partial: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    reused: dict[str, Any] = field(default_factory=dict)  # id -> qproofs.store.Stored
    store: Any = None  # qproofs.store.ResultStore when --reuse
    modules: dict[str, str] = field(default_factory=dict)
    """Claim id -> module (relative to the checks base), from a valid claim index: import only those run."""
    loaded: dict[str, Claim] = field(default_factory=dict)

    def remember(self, result: ClaimResult, started: str) -> None:
        """Store a result just computed (``--reuse``), as soon as it finishes; an ``error`` is never stored."""
        if self.store is not None and result.id in self.keys and result.id not in self.reused \
                and result.verdict is not Verdict.ERROR:  # a crash is run again
            self.store.put(self.keys[result.id], result, started)

    def claim(self, claim_id: str) -> Claim:
        """The claim to run, imported on first use: a run that reuses everything imports nothing.

        With a valid claim index only the claim's own module (and its section's shared code) is
        imported; otherwise, or when the module no longer declares the claim, everything is discovered.
        """
        if self.registry is None and claim_id in self.modules:
            if claim_id not in self.loaded:
                found = import_claim(self.checks_path, claim_id, self.modules[claim_id])
                if found is None:
                    self.modules.clear()
                    return self.claim(claim_id)
                self.loaded[claim_id] = found
            return self.loaded[claim_id]
        if self.registry is None:
            self.registry = load_registry(self.checks_path)
        return self.registry.get(claim_id)


def plan_run(opts: RunOptions) -> RunPlan:
    """Select the claims of a run: ``--only`` ids/globs and ``ID::CHECK``, ``--lf``; with ``--reuse``, the store.

    The claim index (:mod:`qproofs.index`) stands in for discovery while it is valid (every file it
    hashed unchanged, the same claim modules): only the modules of the claims that run are imported
    (:meth:`RunPlan.claim`), and with ``--reuse`` an unchanged audit is assembled from the store without
    importing any. Otherwise everything is discovered (a broken module is reported, exit 64) and the
    index rewritten, best effort.
    """
    from qproofs import index as qindex

    root = opts.checks or default_checks_path()
    cache = qindex.cache_dir(opts.cache_dir)
    store = None
    if opts.reuse:
        from qproofs.store import ResultStore

        store = ResultStore.open(cache)
    entries = qindex.load_index(root, cache)
    registry = None
    if entries is None:
        registry = load_registry(opts.checks)
        entries = qindex.write_index(registry.claims.values(), root, cache)
    checks_of = {cid: e.checks for cid, e in entries.items()}
    ids = select_ids(list(checks_of), opts.claim_patterns) if opts.claim_patterns or not opts.check_selection else []
    partial: dict[str, tuple[str, ...]] = {}
    for cid, names in opts.check_selection.items():
        if cid not in checks_of:
            raise UnknownClaim(f"--only {cid}::{names[0]}: no claim {cid!r} (see 'qproofs list')")
        unknown = [n for n in names if n not in checks_of[cid]]
        if unknown:
            raise InvalidParameter("--only", f"claim {cid} has no check {unknown[0]!r} (its checks: "
                                   f"{', '.join(checks_of[cid])})", f"{cid}::{unknown[0]}")
        if cid not in ids:
            partial[cid] = names
    ids = [cid for cid in checks_of if cid in ids or cid in partial]
    if opts.last_failed:
        ids = [cid for cid in ids if cid in last_failed_ids(opts.out)]
    plan = RunPlan(ids=ids, registry=registry, checks_path=root, partial=partial, store=store,
                   modules={cid: e.module for cid, e in entries.items()})
    if store is not None:
        from qproofs.store import environment, result_key

        env = environment()
        for cid in ids:
            if cid not in partial:
                e = entries[cid]
                plan.keys[cid] = result_key(cid, e.source_digest, e.params.get(opts.profile, {}), opts.profile,
                                            opts.seed, env)
                hit = store.get(plan.keys[cid])
                if hit is not None:
                    plan.reused[cid] = hit
    return plan


def select_ids(ids: Sequence[str], patterns: Sequence[str]) -> list[str]:
    """The ids matching any id or glob in ``patterns`` (all when empty), in the given order."""
    if not patterns:
        return list(ids)
    chosen: set[str] = set()
    for pattern in patterns:
        hits = [cid for cid in ids if fnmatch.fnmatchcase(cid, pattern)]
        if not hits:
            raise UnknownClaim(f"--only {pattern!r} matches no claim id (see 'qproofs list')")
        chosen.update(hits)
    return [cid for cid in ids if cid in chosen]


def last_failed_ids(out: Path | None) -> set[str]:
    """Ids whose verdict in ``<out>/audit.json`` is not verified/cited (``--lf``); exit 64 without one."""
    path = Path(out or ".") / "audit.json"
    if not path.is_file():
        raise ConfigError(f"--lf: no {path} to take the last verdicts from (run 'qproofs verify' first)")
    from qproofs.jsonfile import read_json_object

    doc = Audit.from_dict(read_json_object(path, missing=f"--lf: no {path}"))
    return {c.id for c in doc.claims if not c.verdict.is_pass}


def _execute(runner: Executor, plan: RunPlan, opts: RunOptions,
             on_check: CheckCallback | None, on_message: Callable[[str], None] | None, started: str = "",
             ) -> tuple[list[ClaimResult], ClusterError | None]:
    """Run the planned claims on ``runner`` (reused ones come from the store), in selection order.

    On a cluster failure: the results that finished and the error. With ``--exitfirst``, the claims
    after the first refuted/gap/error one are not run.
    """
    def reused(cid: str) -> ClaimResult:
        result: ClaimResult = plan.reused[cid].result
        if on_check is not None:
            for k in result.checks:
                on_check(cid, k.name, k.status)
        return result

    def here(claim: Claim, only_checks: tuple[str, ...]) -> ClaimResult:
        return run_claim(claim, seed=opts.seed, profile=opts.profile, on_check=on_check, on_message=on_message,
                         only_checks=only_checks)

    if runner.in_process:
        results: list[ClaimResult] = []
        for cid in plan.ids:
            if cid in plan.reused:
                results.append(reused(cid))
            else:
                results += runner.map(here, [(plan.claim(cid), plan.partial.get(cid, ()))])
                plan.remember(results[-1], started)
            if opts.exitfirst and results[-1].verdict in STOP_VERDICTS:
                break
        return results, None

    def done(_: int, result: ClaimResult) -> None:
        plan.remember(result, started)
        if on_check is not None:
            for k in result.checks:
                on_check(result.id, k.name, k.status)

    threads = blas_threads()
    todo = [cid for cid in plan.ids if cid not in plan.reused]
    args = [(str(plan.checks_path), cid, opts.seed, opts.profile, threads, plan.partial.get(cid, ())) for cid in todo]
    failure: ClusterError | None = None
    try:
        ran = runner.map(run_claim_by_id, args, on_done=done) if args else []
    except ClusterError as exc:
        ran, failure = [r for _, r in exc.finished if isinstance(r, ClaimResult)], exc
    by_id = {r.id: r for r in ran}
    return [reused(cid) if cid in plan.reused else by_id[cid] for cid in plan.ids
            if cid in plan.reused or cid in by_id], failure


def _with_notes(result: ClaimResult, by_id: Mapping[str, ClaimResult]) -> ClaimResult:
    return replace(result, dependency_notes=dependency_notes(by_id, result))
