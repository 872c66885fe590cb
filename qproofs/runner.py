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
)
from qproofs.executors import Executor, executor_for
from qproofs.fuzz import Property
from qproofs.options import RunOptions

SCHEMA = "qproofs.audit/1"
REPORTED_PACKAGES = ("numpy", "scipy", "sympy", "cvxpy", "clarabel", "qutip", "hypothesis", "matplotlib",
                     "python-flint", "stim", "dask", "distributed")

CheckCallback = Callable[[str, str, str], None]
"""``(claim id, check name, status)`` after each check: drives progress bars."""


# --------------------------------------------------------------- discovery ---


def default_checks_path() -> Path:
    """``checks/`` beside the package (editable install / source tree), else ``./checks``."""
    beside = Path(__file__).resolve().parent.parent / "checks"
    return beside if beside.is_dir() else Path.cwd() / "checks"


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


def _import_file(path: Path) -> ModuleType:
    path = path.resolve()
    if path in _MODULE_CACHE:
        return _MODULE_CACHE[path]
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
    name = f"qproofs_checks_{path.stem}_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - only for non-.py paths
        raise ConfigError(f"cannot import checks module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception:
        del sys.modules[name]
        raise
    _MODULE_CACHE[path] = module
    return module


def discover(path: str | Path | None = None) -> Registry:
    """Import every checks module under ``path`` and collect its claims and mutants."""
    root = Path(path) if path is not None else default_checks_path()
    if not root.exists():
        raise ConfigError(f"--checks {root}: no such file or directory")
    files = [root] if root.is_file() else sorted(p for p in root.glob("*.py") if not p.name.startswith("_"))
    if not files:
        raise ConfigError(f"--checks {root}: no checks modules (*.py) found")
    claims: dict[str, Claim] = {}
    mutants: list[Mutant] = []
    properties: list[Property] = []
    for file in files:
        module = _import_file(file)
        for obj in vars(module).values():
            if isinstance(obj, Claim):
                if obj.id in claims and claims[obj.id] is not obj:
                    raise ConfigError(f"claim id {obj.id!r} is registered twice ({claims[obj.id].module} and {file.name})")
                obj.module = obj.module or file.name
                claims[obj.id] = obj
            elif isinstance(obj, Mutant):
                mutants.append(obj)
            elif isinstance(obj, Property):
                properties.append(obj)
    for c in claims.values():
        for used in c.uses:
            if used not in claims:
                raise ConfigError(f"claim {c.id} uses {used!r}, which is not registered")
    for kind, name, claim_id in [("mutant", m.name, m.claim) for m in mutants] + [
            ("property", p.name, p.claim) for p in properties]:
        if claim_id not in claims:
            raise ConfigError(f"{kind} {name!r} names unknown claim {claim_id!r}")
    return Registry(root, claims, tuple(mutants), tuple(properties))


# --------------------------------------------------------------- execution ---


def run_check(claim: Claim, spec_index: int, ctx: Context) -> tuple[CheckResult, Evidence | None]:
    """Run one check, turning exceptions into an ``error`` result."""
    spec = claim.checks[spec_index]
    t0 = time.perf_counter()
    try:
        ev = spec.fn(ctx)
        if not isinstance(ev, Evidence):
            raise TypeError(f"check {claim.id}::{spec.name} returned {type(ev).__name__}, not Evidence")
    except Exception as exc:  # noqa: BLE001 - a crashing check is the claim's 'error' verdict
        tb = "".join(traceback.format_exception(exc, limit=-4)).strip()
        return CheckResult(spec.name, spec.method, None, duration_s=time.perf_counter() - t0,
                           error=f"{type(exc).__name__}: {exc}", detail=tb), None
    return CheckResult(
        name=spec.name, method=spec.method, passed=ev.passed, observed=ev.observed, expected=ev.expected,
        tolerance=ev.tolerance, instances=ev.instances, detail=ev.detail, on_fail=ev.on_fail,
        counterexample=ev.counterexample, duration_s=time.perf_counter() - t0, data=dict(ev.data) or None,
    ), ev


def run_claim(
    claim: Claim,
    *,
    seed: int = 0,
    profile: str = "standard",
    on_check: CheckCallback | None = None,
    on_message: Callable[[str], None] | None = None,
) -> ClaimResult:
    """Run every check of ``claim`` and decide its verdict."""
    t0 = time.perf_counter()
    shared: dict[str, Any] = {}
    results: list[CheckResult] = []
    caveats: list[str] = list(claim.caveats)
    figures: list[Figure] = []
    for i, spec in enumerate(claim.checks):
        ctx = Context(seed=seed, profile=profile, claim_id=claim.id, check_name=spec.name,
                      shared=shared, progress=on_message)
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
    )


def run_claim_by_id(checks_path: str, claim_id: str, seed: int, profile: str,
                    blas_threads: int | None = None) -> ClaimResult:
    """Top-level, picklable entry point for distributed executors.

    ``blas_threads`` sets the BLAS thread count for the run: OpenBLAS splits
    some products differently with a different thread count, which changes
    the last bits of their results (issue 13, finding 10), and Dask's nanny
    starts workers with one BLAS thread. The client passes its own count, so a
    worker computes as the serial run would.
    """
    claim = load_registry(checks_path).get(claim_id)
    if blas_threads is None:
        return run_claim(claim, seed=seed, profile=profile)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=blas_threads, user_api="blas"):
        return run_claim(claim, seed=seed, profile=profile)


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

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the ``run`` object of ``qproofs.audit/1``)."""
        return {"seed": self.seed, "profile": self.profile, "started": self.started,
                "duration_s": round(self.duration_s, 3), "qproofs_version": self.qproofs_version,
                "python": self.python, "packages": dict(sorted(self.packages.items())),
                "selection": list(self.selection), "executor": self.executor}

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

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"seed": self.seed, "profile": self.profile, "qproofs_version": self.qproofs_version,
                "started": self.started, "executor": self.executor}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClaimRun:
        """Inverse of :meth:`to_dict` (types checked: a malformed document is a :class:`ConfigError`)."""
        run = cls(seed=d["seed"], profile=d["profile"], qproofs_version=d["qproofs_version"],
                  started=d["started"], executor=d.get("executor", "serial"))
        if not (isinstance(run.seed, int) and isinstance(run.profile, str) and isinstance(run.started, str)):
            raise ConfigError(f"malformed claim run record: {dict(d)!r:.120}")
        return run

    def describe(self) -> str:
        """``profile standard, seed 0, started ...``."""
        return f"profile {self.profile}, seed {self.seed}, qproofs {self.qproofs_version}, started {self.started}"


@dataclass(frozen=True)
class Audit:
    """The result of ``qproofs verify``: run info and one :class:`ClaimResult` per claim.

    ``claim_runs`` maps a claim id to the :class:`ClaimRun` that produced it
    when that is not ``run`` (a report merged from several runs).
    """

    run: RunInfo
    claims: tuple[ClaimResult, ...]
    claim_runs: Mapping[str, ClaimRun] = field(default_factory=dict)

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
            run = self.run_of(c.id)
            d["key"] = claim_key(c.id, run.profile, run.seed)
            d["run"] = run.to_dict()
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
                          executor=r.get("executor", "serial"))
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

    Every claim keeps the :class:`ClaimRun` that produced it, and the
    dependency notes are recomputed over the merged claims (a claim run
    earlier may now have its dependencies in the report).
    """
    fresh = {c.id: c for c in new.claims}
    order = [c.id for c in old.claims] + [c.id for c in new.claims if c.id not in {o.id for o in old.claims}]
    claims = {c.id: c for c in old.claims} | fresh
    runs = {cid: old.run_of(cid) for cid in order if cid not in fresh}
    runs |= {cid: new.run_of(cid) for cid in fresh}
    merged = tuple(claims[cid] for cid in order)
    by_id = {c.id: c for c in merged}
    merged = tuple(_with_notes(c, by_id) for c in merged)
    return Audit(new.run, merged, {k: v for k, v in runs.items() if v != new.run.provenance})


def claim_key(claim_id: str, profile: str, seed: int) -> str:
    """Stable id of one claim run (style: sinter's ``strong_id``): compare audits row by row."""
    blob = json.dumps({"claim": claim_id, "profile": profile, "seed": seed, "version": __version__}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


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
    registry = load_registry(opts.checks)
    selected = registry.select(list(opts.only) or None)
    runner = executor or executor_for(opts)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    results, failure = _execute(runner, registry, selected, opts, on_check, on_message)
    if failure is not None and not results:
        raise failure  # nothing finished: the existing report stays exactly as it was
    by_id = {r.id: r for r in results}
    final = tuple(_with_notes(r, by_id) for r in results)
    run = RunInfo(seed=opts.seed, profile=opts.profile, started=started, duration_s=time.perf_counter() - t0,
                  packages=package_versions(), selection=opts.only, executor=runner.description)
    audit = Audit(run, final)
    if opts.out is not None:
        from qproofs.report.write import write_report

        written = write_report(audit, opts.out, fresh=opts.fresh, lock_wait_s=opts.lock_wait_s)
        audit = written.restricted(by_id)
    if failure is not None:
        kept = f"; the {len(final)} finished claim(s) were written to {opts.out}" if opts.out and final else ""
        raise ClusterFailure(f"{failure}{kept}", audit) from failure
    return audit


def _execute(runner: Executor, registry: Registry, selected: Sequence[Claim], opts: RunOptions,
             on_check: CheckCallback | None, on_message: Callable[[str], None] | None,
             ) -> tuple[list[ClaimResult], ClusterError | None]:
    """Run the selected claims on ``runner``; on a cluster failure, the results that finished and the error."""
    if runner.in_process:
        def run_here(claim: Claim) -> ClaimResult:
            return run_claim(claim, seed=opts.seed, profile=opts.profile, on_check=on_check, on_message=on_message)

        return runner.map(run_here, [(c,) for c in selected]), None

    def done(_: int, result: ClaimResult) -> None:
        if on_check is not None:
            for k in result.checks:
                on_check(result.id, k.name, k.status)

    threads = blas_threads()
    args = [(str(registry.path), c.id, opts.seed, opts.profile, threads) for c in selected]
    try:
        return runner.map(run_claim_by_id, args, on_done=done), None
    except ClusterError as exc:
        finished = [r for _, r in exc.finished if isinstance(r, ClaimResult)]
        return finished, exc


def _with_notes(result: ClaimResult, by_id: Mapping[str, ClaimResult]) -> ClaimResult:
    return replace(result, dependency_notes=dependency_notes(by_id, result))
